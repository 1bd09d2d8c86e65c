// Select a tab label everywhere on the site, through Material's own linked-tabs memory
// (`content.tabs.link`): the same list Material updates when the reader clicks a tab.

export function preferTab(label) {
  if (typeof window.__md_get !== "function" || typeof window.__md_set !== "function") return;
  const previous = window.__md_get("__tabs") || [];
  if (previous[0] === label) return;
  window.__md_set("__tabs", [label, ...previous.filter((item) => item !== label)]);
}
