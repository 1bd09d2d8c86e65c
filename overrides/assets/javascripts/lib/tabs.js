// @ts-check
// Material's content tabs, and its memory of the labels the reader chose
// (`content.tabs.link`): the only module that touches that memory (`__md_get`/`__md_set`,
// scoped by Material to the edition), so code elsewhere never depends on its format; the
// one other reader is the page's inline restore before its first paint
// (overrides/partials/javascripts/content.html), which keeps Material's format.
// Tabs are matched by their label as the page shows it, never by an English word.

/** Put `label` first in the memory, as Material does when the reader clicks a tab. */
export function preferTab(label) {
  if (typeof window.__md_get !== "function" || typeof window.__md_set !== "function") return;
  const previous = window.__md_get("__tabs") || [];
  if (previous[0] === label) return;
  window.__md_set("__tabs", [label, ...previous.filter((item) => item !== label)]);
}

/** The most recently chosen of `labels`, or undefined. */
export function recentChoice(labels) {
  const memory = (typeof window.__md_get === "function" && window.__md_get("__tabs")) || [];
  return memory.find((label) => labels.has(label));
}

/** The labels of the tab sets in `root` that hold one of `names`, siblings included. */
export function labelsBeside(root, names) {
  const found = new Set();
  for (const set of root.querySelectorAll(".tabbed-set")) {
    const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")].map((l) => l.textContent.trim());
    if (labels.some((label) => names.has(label))) labels.forEach((label) => found.add(label));
  }
  return found;
}

/** Check the tab labelled `label` in every tab set that has one, as a click would. */
export function selectTab(root, label) {
  preferTab(label);
  for (const tab of root.querySelectorAll(".tabbed-labels > label")) {
    const input = tab.htmlFor && root.getElementById(tab.htmlFor);
    if (input && !input.checked && tab.textContent.trim() === label) {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
}

/** The label of the tab whose block is `block` (a `.tabbed-block`). */
export function labelOf(block) {
  const set = block.closest(".tabbed-set");
  const index = [...block.parentElement.children].indexOf(block);
  const input = set?.querySelectorAll(":scope > input")[index];
  return input ? set.querySelector(`label[for="${input.id}"]`)?.textContent.trim() : undefined;
}

/** The provider the reader last chose in a provider tab of this page, if any. Every label
    of a tab set holding a provider tab counts, "Other provider" included: choosing that
    one means no provider to carry. */
export function chosenProvider(root, providers) {
  const names = new Map(providers.map((provider) => [provider.name, provider]));
  return names.get(recentChoice(labelsBeside(root, new Set(names.keys()))));
}
