import { readJson } from "./page-data.js";

// Copy text for a button and confirm it twice: beside the button for a moment (CSS shows
// its `data-pec-copied` text) and to screen readers through one polite live region.

const FEEDBACK_MS = 2000;
let region = null;

// The region sits outside the page content, so it survives instant navigation.
function liveRegion() {
  if (!region?.isConnected) {
    region = document.createElement("div");
    region.className = "pec-visually-hidden";
    region.setAttribute("role", "status");
    document.body.append(region);
  }
  return region;
}

/** Copy `text`; on success mark `button` with `message` and announce it. */
export async function copyText(button, text, message) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return false; // no clipboard access: the text stays selectable by hand
  }
  const status = liveRegion();
  button.dataset.pecCopied = message;
  status.textContent = message;
  clearTimeout(button.pecCopiedTimer);
  button.pecCopiedTimer = setTimeout(() => {
    delete button.dataset.pecCopied;
    if (status.textContent === message) status.textContent = "";
  }, FEEDBACK_MS);
  return true;
}

/** A translation from Material's configuration, in the site's language. */
export function translation(key) {
  return readJson("__config")?.translations?.[key] ?? "";
}
