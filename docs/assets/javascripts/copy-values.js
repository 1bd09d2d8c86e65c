// Copy buttons next to the server values a reader types into Outlook (`code.pec-value`,
// in the guides' tables, the settings card and the support page). A button copies what
// its value shows at the moment of the click, so values filled in later by a script copy
// correctly. The button's words are Material's translations, in the site's language.

import { copyText, translation } from "./clipboard.js";

export function mountCopyValues(root) {
  const label = translation("clipboard.copy");
  const copied = translation("clipboard.copied");
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
