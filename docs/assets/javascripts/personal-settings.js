// In the guides' settings tables, show the reader's own user name once they have used
// the settings generator: next to the user-name rule of the provider they chose, the
// template (snippets/settings/username.md) leaves a hidden `.pec-mine` slot to fill.

import { parseAddress, parseUserId } from "./settings-model.js";
import { readState } from "./settings-store.js";

export function mountPersonalSettings(root) {
  const mine = readState()?.mine;
  // The state may come from storage: accept only a user name the generator could produce.
  const valid = mine && (!parseAddress(mine.username).error || !parseUserId(mine.username).error);
  const slots = valid ? root.querySelectorAll(".pec-mine") : [];
  const filled = [];
  for (const slot of slots) {
    if (slot.dataset.pecProvider !== mine.provider) continue;
    slot.querySelector("code").textContent = mine.username;
    slot.hidden = false;
    filled.push(slot);
  }
  return () => filled.forEach((slot) => (slot.hidden = true));
}
