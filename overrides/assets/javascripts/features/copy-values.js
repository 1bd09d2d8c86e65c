// @ts-check
// Copy buttons next to the server values a reader types into Outlook (`code.pec-value`,
// in the guides' tables, the settings card and the support page). A button copies what
// its value shows at the moment of the click, so values filled in later by a script copy
// correctly. Its words are the edition's (ui.copy, ui.copied).

import { copyText } from "../lib/clipboard.js";
import { t } from "../lib/page-data.js";

export function mountCopyValues(root) {
  const label = t("ui.copy");
  const copied = t("ui.copied");
  const controller = new AbortController();
  const buttons = [];

  root.querySelectorAll("code.pec-value").forEach((value, index) => {
    value.id ||= `pec-value-${index}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pec-copy";
    button.title = label;
    button.setAttribute("aria-label", label);
    button.setAttribute("aria-describedby", value.id);
    value.after(button);
    buttons.push(button);
    button.addEventListener("click", () => copyText(button, value.textContent, copied), {
      signal: controller.signal,
    });
  });

  return () => {
    controller.abort();
    buttons.forEach((button) => button.remove());
  };
}
