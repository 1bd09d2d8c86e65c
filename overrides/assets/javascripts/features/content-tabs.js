// @ts-check
// The pages' content tabs (pymdownx.tabbed's radio buttons and labels), linked: choosing
// "Classic Outlook" or a provider in one set chooses it in every set of the page that
// has it, and remembers it for the next pages (content.tabs.link, in Material's memory,
// through lib/tabs.js). Material's own tab component would do the same, but it measures
// every set while the page starts; hooks/tabs.py keeps it away, and this module measures
// only when the reader picks a tab.

import { drawWholePage } from "../lib/steps.js";
import { selectTab } from "../lib/tabs.js";

export function mountContentTabs(root) {
  const controller = new AbortController();
  root.addEventListener("change", (event) => {
    const input = event.target;
    // Only the reader's own choice: the sets this changes dispatch `change` too (for the
    // features that follow the tabs), and those are not choices to spread again.
    if (!event.isTrusted || !(input instanceof HTMLInputElement) || !input.matches("[data-pec-tabs] > input")) return;
    const label = root.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent.trim();
    if (!label) return;
    // Sets above this one may change height: keep the one the reader is using where it was
    // on the screen, so the page does not jump under their finger. Every block is drawn
    // from now on (the sets out of sight change too, and measure as they really are).
    const set = input.parentElement;
    const before = set.getBoundingClientRect().top;
    drawWholePage();
    selectTab(root, label);
    window.scrollBy({ top: set.getBoundingClientRect().top - before, behavior: "instant" });
  }, { signal: controller.signal });
  return () => controller.abort();
}
