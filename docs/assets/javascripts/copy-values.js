// Copy buttons next to the server values a reader types into Outlook (`code.pec-value`,
// written by hooks/provider_settings.py). Material's own clipboard handler acts on any
// `[data-clipboard-text]` element and shows its "Copied to clipboard" notice, so the
// button only carries the value; its label is Material's, in the site's language.

function translation(key) {
  const config = document.getElementById("__config");
  return config ? JSON.parse(config.textContent).translations?.[key] ?? "" : "";
}

export function mountCopyValues(root) {
  const label = translation("clipboard.copy");
  const buttons = [];
  for (const value of root.querySelectorAll("code.pec-value")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pec-copy md-icon";
    button.title = label;
    button.setAttribute("aria-label", `${label}: ${value.textContent}`);
    button.dataset.clipboardText = value.textContent;
    value.after(button);
    buttons.push(button);
  }
  return () => buttons.forEach((button) => button.remove());
}
