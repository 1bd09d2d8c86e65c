// Copy buttons next to the server values a reader types into Outlook (`code.pec-value`,
// in the guides' tables and the settings card). A button copies what its value shows at
// the moment of the click, so values filled in later by a script copy correctly. The
// button's words are Material's translations, in the site's language.

function translation(key) {
  const config = document.getElementById("__config");
  return config ? JSON.parse(config.textContent).translations?.[key] ?? "" : "";
}

const FEEDBACK_MS = 2000;

export function mountCopyValues(root) {
  const label = translation("clipboard.copy");
  const copied = translation("clipboard.copied");
  const controller = new AbortController();
  const buttons = [];
  const timers = new Set();

  // One polite live region announces "Copied" to screen readers.
  const status = document.createElement("div");
  status.className = "pec-visually-hidden";
  status.setAttribute("role", "status");
  root.body.append(status);

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
    button.addEventListener(
      "click",
      async () => {
        try {
          await navigator.clipboard.writeText(value.textContent);
        } catch {
          return; // no clipboard access: the value stays selectable by hand
        }
        button.dataset.pecCopied = copied;
        status.textContent = copied;
        const timer = setTimeout(() => {
          delete button.dataset.pecCopied;
          status.textContent = "";
          timers.delete(timer);
        }, FEEDBACK_MS);
        timers.add(timer);
      },
      { signal: controller.signal },
    );
  });

  return () => {
    controller.abort();
    timers.forEach(clearTimeout);
    buttons.forEach((button) => button.remove());
    status.remove();
  };
}
