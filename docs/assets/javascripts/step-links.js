// Links to guide steps, as support staff send them:
// - a "Copy link to this step" button beside every step heading, copying the step's
//   absolute address (from site_url), with ?provider= when the reader chose a provider;
// - landing on such a link: a step that moved is rewritten to its replacement (the moves
//   come from data/step-links.yml), ?provider= selects that provider's tabs, the step is
//   revealed if it sits in a tab or a collapsed block, scrolled into view below the
//   header, highlighted and focused.
// The fragment and the query are untrusted: they are only ever looked up, never written
// into the page.

import { copyText } from "./clipboard.js";
import { preferTab } from "./linked-tabs.js";
import { readJson } from "./page-data.js";

const STEP = ".pec-step[id]";
const TARGET = "pec-step--target";

/** This page's address below the site's root, e.g. "outlook/imap/" (Material's `base`). */
function pagePath() {
  const base = readJson("__config")?.base ?? ".";
  const root = new URL(base.endsWith("/") ? base : `${base}/`, window.location.href);
  return window.location.pathname.slice(root.pathname.length);
}

function fragment() {
  try {
    return decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return ""; // a malformed escape: no step to land on
  }
}

/** The provider the reader last chose in a provider tab, if any. */
function chosenProvider(root, providers) {
  const names = new Map(providers.map((provider) => [provider.name, provider]));
  // Every label of a tab set holding a provider tab, "Other provider" included.
  const providerLabels = new Set();
  for (const set of root.querySelectorAll(".tabbed-set")) {
    const labels = [...set.querySelectorAll(".tabbed-labels > label")].map((l) => l.textContent.trim());
    if (labels.some((label) => names.has(label))) labels.forEach((label) => providerLabels.add(label));
  }
  const recent = (window.__md_get?.("__tabs") || []).find((label) => providerLabels.has(label));
  return names.get(recent);
}

/** Check the tab labelled `label` in every tab set that has one, as a click would. */
function selectTab(root, label) {
  preferTab(label);
  for (const tab of root.querySelectorAll(".tabbed-labels > label")) {
    const input = tab.htmlFor && root.getElementById(tab.htmlFor);
    if (input && !input.checked && tab.textContent.trim() === label) {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
}

/** Open the collapsed blocks and tabs that hide `target`. */
function reveal(root, target) {
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node.matches("details")) node.open = true;
    if (node.matches(".tabbed-block")) {
      const set = node.closest(".tabbed-set");
      const index = [...node.parentElement.children].indexOf(node);
      const input = set?.querySelectorAll(":scope > input")[index];
      const label = input && set.querySelector(`label[for="${input.id}"]`);
      if (label) selectTab(root, label.textContent.trim());
    }
  }
}

function land(root, data, providers) {
  const provider = providers.find((p) => p.id === new URLSearchParams(window.location.search).get("provider"));
  if (provider) selectTab(root, provider.name);

  let id = fragment();
  const moved = data.moved[pagePath()] ?? {};
  if (id && !root.getElementById(id) && Object.hasOwn(moved, id)) {
    id = moved[id];
    const url = new URL(window.location.href);
    url.hash = id;
    window.history.replaceState(window.history.state, "", url);
  }
  const target = id ? root.getElementById(id) : null;
  for (const old of root.querySelectorAll(`.${TARGET}`)) old.classList.remove(TARGET);
  if (!target || !target.matches(STEP)) return;
  reveal(root, target);
  target.classList.add(TARGET);
  target.tabIndex = -1; // focusable, so keyboard and screen-reader users start here
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

export function mountStepLinks(root) {
  const data = readJson("pec-step-links-data");
  const providers = readJson("pec-settings-data")?.providers ?? [];
  const steps = root.querySelectorAll(`article ${STEP}`);
  if (!data) return () => {};

  const controller = new AbortController();
  const { signal } = controller;
  const buttons = [];
  for (const heading of steps) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pec-step-link";
    button.title = data.text.copy_step_link;
    button.setAttribute("aria-label", data.text.copy_step_link);
    heading.append(button);
    buttons.push(button);
    button.addEventListener(
      "click",
      () => {
        const url = new URL(pagePath(), data.site_url);
        const provider = chosenProvider(root, providers);
        if (provider) url.searchParams.set("provider", provider.id);
        url.hash = heading.id;
        copyText(button, url.href, data.text.step_link_copied);
      },
      { signal },
    );
  }

  land(root, data, providers);
  window.addEventListener("hashchange", () => land(root, data, providers), { signal });
  return () => {
    controller.abort();
    buttons.forEach((button) => button.remove());
  };
}
