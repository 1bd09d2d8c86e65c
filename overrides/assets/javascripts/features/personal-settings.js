// @ts-check
// In the guides' settings tables, show the reader's own user name once they have used
// the settings generator: next to the user-name rule of the provider they chose, the
// template (templates/settings/username.md.j2) leaves a hidden `.pec-mine` slot to fill.
// Loaded by the pages that have such slots (lib/on-demand.js).

import { provide } from "../lib/on-demand.js";
import { readJson } from "../lib/page-data.js";
import { parseAddress, parseUserId } from "./settings-model.js";
import { readState } from "./settings-store.js";

export function mountPersonalSettings(root) {
  const mine = readState()?.mine;
  const data = readJson("pec-settings-data");
  // The state may come from storage: accept only a user name the generator could produce.
  const valid = mine && data && (!parseAddress(data, mine.username).error || !parseUserId(mine.username).error);
  const slots = valid ? root.querySelectorAll('[data-pec-component="personal-settings"]') : [];
  const filled = [];
  for (const slot of slots) {
    if (slot.dataset.pecProvider !== mine.provider) continue;
    slot.querySelector("code").textContent = mine.username;
    slot.hidden = false;
    filled.push(slot);
  }
  return () => filled.forEach((slot) => (slot.hidden = true));
}

provide("personal-settings", mountPersonalSettings);
