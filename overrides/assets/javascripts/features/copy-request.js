// @ts-check
// The request a reader sends to their IT office (templates/settings/request.md.j2): its
// button copies the text of the tab shown, that is of the provider the reader chose, as
// the page shows it. The words are the page's; the confirmation is the edition's
// (ui.request_copied). Loaded by the page that has the request (lib/on-demand.js).

import { copyText } from "../lib/clipboard.js";
import { provide } from "../lib/on-demand.js";
import { t } from "../lib/page-data.js";

const flat = (node) => node.textContent.split(/\s+/).join(" ").trim();

/** The text of the tab shown in `set`, as a letter: a paragraph per line with a blank line
    between, and each item of a list on its own line after a dash. */
function shownText(set) {
  const inputs = [...set.querySelectorAll(":scope > input")];
  const index = inputs.findIndex((input) => input.checked);
  const block = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")[Math.max(index, 0)];
  if (!block) return "";
  return [...block.children]
    .map((child) => (child.matches("ul, ol") ? [...child.children].map((item) => `- ${flat(item)}`).join("\n") : flat(child)))
    .filter(Boolean)
    .join("\n\n");
}

export function mountCopyRequest(root) {
  const controller = new AbortController();
  const copied = t("ui.request_copied");
  for (const request of root.querySelectorAll('[data-pec-component="copy-request"]')) {
    const set = request.querySelector(".tabbed-set");
    const button = request.querySelector(".pec-request__copy");
    if (!set || !button) continue;
    button.addEventListener("click", () => copyText(button, shownText(set), copied), { signal: controller.signal });
  }
  return () => controller.abort();
}

provide("copy-request", mountCopyRequest);
