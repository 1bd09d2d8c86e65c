// @ts-check
// Copy text for a button and confirm it twice: beside the button for a moment (CSS shows
// its `data-pec-copied` text) and to screen readers through the page's polite live region.

import { announce } from "./announce.js";

const FEEDBACK_MS = 2000;

/** Copy `text`; on success mark `button` with `message` and announce it. A button in
    another window (guided mode's step on top) copies through that window's clipboard. */
export async function copyText(button, text, message) {
  try {
    await button.ownerDocument.defaultView.navigator.clipboard.writeText(text);
  } catch {
    return false; // no clipboard access: the text stays selectable by hand
  }
  button.dataset.pecCopied = message;
  announce(message, FEEDBACK_MS);
  clearTimeout(button.pecCopiedTimer);
  button.pecCopiedTimer = setTimeout(() => delete button.dataset.pecCopied, FEEDBACK_MS);
  return true;
}
