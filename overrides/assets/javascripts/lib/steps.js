// @ts-check
// What a step is, for every feature that needs one. The build marks each step of a page
// (hooks/directives.py): a `section.pec-step-section` holding its heading (`.pec-step`,
// with the step's permanent ID and, when numbered, `data-pec-number`) and everything up
// to the next step. This module finds steps, tells their number, reveals one hidden in a
// tab or a collapsed block, and lands on one: the page opened at `#step-id`.
//
// The fragment and the query are untrusted: they are only ever looked up, never written
// into the page.

import { readJson, pagePath } from "./page-data.js";
import { labelOf, selectTab } from "./tabs.js";

export const SECTION = ".pec-step-section";
const TARGET = "pec-step--target";
const WHOLE = "pec-whole";
// A view that shows one step at a time (features/guided-mode.js), told where a link lands.
let view = null;

/** Let `next` show the steps links land on; returns what undoes it. */
export function setView(next) {
  view = next;
  return () => {
    if (view === next) view = null;
  };
}

/** Every step of the page's article, in order. */
export function steps(root = document) {
  return /** @type {HTMLElement[]} */ ([...root.querySelectorAll(`article ${SECTION}`)]);
}

/** A step's heading. */
export function headingOf(step) {
  return step.querySelector(":scope > .pec-step");
}

/** A step's number as the page shows it, or null for an unnumbered step. */
export function stepNumber(step) {
  return Number(headingOf(step)?.dataset.pecNumber) || null;
}

/** The step with this ID, or null. */
export function stepById(root, id) {
  if (!id) return null;
  const heading = root.getElementById(id);
  return heading?.matches(".pec-step") ? heading.closest(SECTION) : null;
}

/** A step's absolute address, as support staff send it: from site_url, with ?provider=
    when a provider is given. */
export function stepAddress(step, provider) {
  const url = new URL(pagePath(), readJson("pec-step-links-data")?.site_url);
  if (provider) url.searchParams.set("provider", provider);
  url.hash = headingOf(step).id;
  return url.href;
}

/** Open the collapsed blocks and tabs that hide `target`. */
export function reveal(root, target) {
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node instanceof HTMLDetailsElement) node.open = true;
    if (node.matches(".tabbed-block")) {
      const label = labelOf(node);
      if (label) selectTab(root, label);
    }
  }
}

/** The fragment, decoded; "" when absent or malformed. */
export function fragment() {
  try {
    return decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return "";
  }
}

/**
 * The ID a link asks for: its fragment, or the step that replaced it when the step has
 * moved (data/step-links.yml), in which case the address is corrected in place.
 */
export function requestedId(root) {
  let id = fragment();
  const moved = readJson("pec-step-links-data")?.moved?.[pagePath()] ?? {};
  if (id && !root.getElementById(id) && Object.hasOwn(moved, id)) {
    id = moved[id];
    const url = new URL(window.location.href);
    url.hash = id;
    window.history.replaceState(window.history.state, "", url);
  }
  return id;
}

/**
 * Draw every block of the page from now on. Blocks out of sight are skipped until the
 * reader nears them (extra.css, `content-visibility`), at a stand-in height: scrolling
 * far past them would draw, and grow, the ones just above the target, pushing it out of
 * view; and a place measured among them is only a guess. Returns whether the page was
 * still skipping blocks.
 */
export function drawWholePage() {
  if (isDrawnWhole()) return false;
  document.documentElement.classList.add(WHOLE);
  return true;
}

/** Whether the page draws every block already (drawWholePage, or main.html's first script). */
export function isDrawnWhole() {
  return document.documentElement.classList.contains(WHOLE);
}

/** Scroll a step's heading below the header and give it the focus. */
export function focusStep(step, { highlight = false } = {}) {
  const heading = headingOf(step);
  drawWholePage();
  if (highlight) heading.classList.add(TARGET);
  heading.tabIndex = -1; // focusable, so keyboard and screen-reader users start here
  heading.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}

// A search result's page, or its fragment, arrives while Material's search is still
// closing, and on a phone the search gets in the way twice. It covers the page and holds
// it in place (this attribute on the body, `position: fixed`) until a moment after it
// closes, when it puts the page back at the offset it had when the search opened, and
// Material's instant navigation then records that offset as the new page's own, so the
// page brought by the result may open there too, whichever of the two comes first. And
// the search slides and shrinks away, wider than the window as it goes, which a phone's
// browser answers by widening the page's layout viewport: a step scrolled to meanwhile
// ends up far below the window once the search is gone. So a landing that follows a
// search result (main.js tells) waits until the search has let the page go and stopped
// moving, then goes where the address points, or to the page's top.
const HELD = "data-md-scrolllock";
const SEARCH = ".md-search";
let waiting = 0; // the latest landing: an earlier one still waiting gives way to it

function heldBySearch() {
  return document.body.hasAttribute(HELD);
}

/** The search's transitions still running, or none. */
function searchMoving() {
  return document.querySelector(SEARCH)?.getAnimations({ subtree: true }) ?? [];
}

const letGo = () => new Promise((resolve) => {
  const observer = new MutationObserver(() => {
    if (heldBySearch()) return;
    observer.disconnect();
    resolve();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: [HELD] });
});

async function untilSearchIsGone() {
  for (;;) {
    if (heldBySearch()) {
      await letGo();
      continue;
    }
    const moving = searchMoving();
    if (!moving.length) return;
    await Promise.allSettled(moving.map((animation) => animation.finished));
  }
}

/**
 * Land on the step the address asks for: ?provider= selects that provider's tabs, a moved
 * step is rewritten to its replacement, the step is revealed, scrolled to below the
 * header, highlighted and focused. `quiet` on the page's first landing, which a view
 * does not announce; `fromSearch` when the reader followed a search result to this
 * address: then it lands once the search is out of the way (above), and a page opened
 * without a fragment opens at its top. Returns the step, or null when the address names
 * none or the landing waits for the search.
 */
export function land(root = document, { quiet = false, fromSearch = false } = {}) {
  const ticket = ++waiting;
  if (!fromSearch) return landNow(root, { quiet, afterSearch: false });
  untilSearchIsGone().then(() => {
    if (ticket === waiting) landNow(root, { quiet, afterSearch: true });
  });
  return null;
}

/** `land`, now; `afterSearch` when the search was in the way until now, so the page is
    where the search left it, not where the address points. */
function landNow(root, { quiet, afterSearch }) {
  const providers = readJson("pec-settings-data")?.providers ?? [];
  const wanted = new URLSearchParams(window.location.search).get("provider");
  const provider = providers.find((p) => p.id === wanted);
  if (provider) selectTab(root, provider.name);

  for (const old of root.querySelectorAll(`.${TARGET}`)) old.classList.remove(TARGET);
  const id = requestedId(root);
  const step = stepById(root, id);
  if (!step) {
    // Any other target (a section's heading): the browser has scrolled to it already,
    // past blocks it had not drawn; once they are, it goes there again.
    const target = id ? root.getElementById(id) : null;
    if (target && (drawWholePage() || afterSearch)) target.scrollIntoView();
    // A page without a target opens at its top, not at the offset the search gave back.
    else if (!target && afterSearch) window.scrollTo(0, 0);
    return null;
  }
  view?.show(step, { quiet });
  reveal(root, headingOf(step));
  focusStep(step, { highlight: true });
  return step;
}
