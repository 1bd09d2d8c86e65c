// @ts-check
// What the templates hand to the scripts as JSON blocks outside the page content:
// Material's configuration (#__config) and ours (overrides/main.html): the server
// settings, the step links' data and the edition's words. The only module that reads
// them, so a change of theme or template touches one place.

/** The parsed JSON block with this id, or null when the page has none. */
export function readJson(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent ?? "null") : null;
}

/**
 * A word of the edition (strings/<lang>.yml, the keys the hooks hand over), by its
 * dotted key: t("ui.copy"), t("generator.messages.address-empty"). "" when missing, so
 * a missing word never shows its key to a reader.
 * @param {string} key
 * @returns {string}
 */
export function t(key) {
  let node = readJson("pec-strings");
  for (const part of key.split(".")) node = node?.[part];
  return typeof node === "string" ? node : "";
}

/** The address of the edition's home page (Material's `base`), ending in "/". */
export function editionRoot() {
  const base = readJson("__config")?.base ?? ".";
  return new URL(base.endsWith("/") ? base : `${base}/`, window.location.href);
}

/** This page's address below the edition's root, e.g. "outlook/imap/". */
export function pagePath() {
  return window.location.pathname.slice(editionRoot().pathname.length);
}
