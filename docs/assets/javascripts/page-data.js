// Data the templates hand to the scripts as JSON blocks outside the page content:
// Material's configuration (#__config) and ours (overrides/main.html).

/** The parsed JSON block with this id, or null when the page has none. */
export function readJson(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent) : null;
}
