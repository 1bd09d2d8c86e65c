// @ts-check
// Entry point of the site's own behaviour. Material re-renders the page content on every
// instant navigation and announces it on `document$`; each feature mounts on the new
// content and returns a teardown that runs before the next page arrives. Then comes the
// landing (lib/steps.js): a link's ?provider= selects that provider's tabs, and a page
// opened on a step link (#step-id) shows that step.
// The features every page may use come with this module; those only some pages use
// (the settings generator, guided mode, the reader's own user name in the settings
// tables) are loaded by those pages alone and mounted here in their place (below).
import { prepareAnnouncements } from "./lib/announce.js";
import { provided } from "./lib/on-demand.js";
import { drawWholePage, land } from "./lib/steps.js";
import { mountContentTabs } from "./features/content-tabs.js";
import { mountCopyValues } from "./features/copy-values.js";
import { mountLanguageSwitch } from "./features/language-switch.js";
import { mountPrint } from "./features/print.js";
import { mountStepDrawing } from "./features/step-drawing.js";
import { mountStepLinks } from "./features/step-links.js";

// A feature only some pages use: a page whose markup names it (data-pec-component) gets
// the script of features/<name>.js at the end of its content (hooks/modules.py), which
// registers its mount (lib/on-demand.js). On the first page those scripts run before this
// one (module scripts run in the order of the page), so a page opened on a step link is
// still settled in one task. Material's instant navigation runs the new content's
// scripts, but announces the page once the last of them has loaded: the mounts wait for
// any other still loading (`stillLoading`).
function onDemand(name) {
  const mount = (root) => {
    const run = root.querySelector(`[data-pec-component="${name}"]`) ? provided(name) : undefined;
    return run ? run(root) : () => {};
  };
  Object.defineProperty(mount, "name", { value: name }); // for the performance measures
  return mount;
}

const FEATURE = /\/features\/([a-z-]+)\.js$/;
/** The page's feature modules that have not run yet, as one promise, or null. */
function stillLoading(root) {
  const loading = [];
  for (const script of root.querySelectorAll('script[type="module"][src]')) {
    const name = FEATURE.exec(new URL(script.src).pathname)?.[1];
    if (name && !provided(name)) loading.push(import(script.src));
  }
  return loading.length ? Promise.all(loading) : null;
}

// Order matters: the language offer first (below), the copy buttons next to values the
// other features have laid out, and the landing once everything above the step has its
// final height.
const features = [mountLanguageSwitch, mountContentTabs, onDemand("personal-settings"), onDemand("settings-generator"),
  onDemand("support-links"), mountCopyValues, onDemand("copy-request"), mountStepLinks, onDemand("guided-mode"), mountPrint, mountStepDrawing];

// Material announces a page from inside its own start-up work. Mounting there makes one
// long task of Material's work and ours (the reader's taps wait for all of it), so each
// feature mounts in a task of its own, after Material's. Except when the reader arrives
// on a step link: the step must be in place before Material starts watching the scroll,
// because any later correction (a provider's tab opened above the step, buttons added)
// reads to Material as the reader scrolling up, and its "Back to top" button then covers
// the step they were sent to.
// The same goes for a page come back to with Back or Forward: Material puts it at the
// reader's old offset as soon as it arrives, before our features have given the blocks
// above their final height, so mounting later would move the text under the reader.
const nextTask = () => globalThis.scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve));
// main.html's first script asks the same question before the first paint: change both.
const arrivesOnAStep = () => window.location.hash.length > 1;
// The language offer sits above everything, in the bar Material renders anew with each
// page. On a page that instant navigation brings, a later mount would draw the page once
// without it and then push it down; on the first page, main.html opened it already.
const opensWithThePage = (mount, current) => mount === mountLanguageSwitch && current > 1;

prepareAnnouncements();
// A fragment changed within the page (a link to another step of it): land there too.
window.addEventListener("hashchange", () => land(document, { fromSearch: followedSearch() }));

// A search result followed (tapped, clicked, or Enter in the search box, which clicks the
// result): its landing waits for the search to get out of the way (lib/steps.js). Another
// page's result lands when that page arrives; this page's result changes only the address,
// which no event announces, so it lands from here, once Material has taken the click.
let searchResult = null;
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest(".md-search-result a[href]") : null;
  if (!link) return;
  searchResult = link.href;
  // Material changes the address only after this click: the landing reads it once the
  // search has let the page go. (Where the result's address differs in more than the
  // fragment, Material renders the page again too, and that landing takes over.)
  if (new URL(link.href).pathname === window.location.pathname) land(document, { fromSearch: true });
}, { capture: true });
/** Whether the address shown is the search result just followed (asked once per landing). */
function followedSearch() {
  const followed = searchResult !== null && searchResult === window.location.href;
  searchResult = null;
  return followed;
}

// Back or Forward to another page: the offset the reader left it at. Taken from the event,
// because Material keeps writing the offset of the page still shown into the history
// entry until the one come back to arrives.
let returnTo = null;
let shownPath = window.location.pathname;
window.addEventListener("popstate", (event) => {
  // The offset means something only with every block drawn at its real height (lib/steps.js).
  drawWholePage();
  const offset = event.state?.y;
  if (window.location.pathname !== shownPath && typeof offset === "number") returnTo = offset;
});

let teardowns = [];
let page = 0;
window.document$.subscribe(async () => {
  const current = ++page;
  shownPath = window.location.pathname;
  const landing = arrivesOnAStep();
  const offset = returnTo;
  returnTo = null;
  for (const teardown of teardowns) teardown();
  teardowns = [];
  const loading = stillLoading(document);
  for (const mount of features) {
    if (!landing && offset === null && !opensWithThePage(mount, current)) await nextTask();
    // A page that instant navigation brings may arrive while one of its modules still loads.
    if (loading && !opensWithThePage(mount, current)) await loading;
    if (current !== page) return; // a newer page arrived: it mounts its own features
    const start = performance.now();
    teardowns.push(mount(document));
    // Each mount's time, for bench/trace.py and the browser's performance panel.
    performance.measure(`pec-mount:${mount.name}`, { start });
  }
  // Where the reader was, now that the blocks above have their final height; in the same
  // task as Material's own restoring, so the page is never drawn in between.
  if (offset !== null && !landing) window.scrollTo(0, offset);
  // Material renders the page again on the browser's Back and Forward within it: that
  // landing is a move between steps, announced like any other; the first is not.
  land(document, { quiet: current === 1, fromSearch: followedSearch() });
});
