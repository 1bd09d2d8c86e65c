// @ts-check
// In the guides' settings tables, show the reader's own values once they have used the
// settings generator: next to the user-name rule of the provider they chose, and for
// "Other provider" next to each server row, the templates (templates/settings/
// username.md.j2) leave a hidden `.pec-mine` slot to fill. A slot names what it shows
// (`data-pec-mine`: username, incoming, outgoing) and, for an incoming server, its
// protocol: an IMAP server name typed in the generator never shows in a POP table.
// Loaded by the pages that have such slots (lib/on-demand.js).

import { provide } from "../lib/on-demand.js";
import { readJson } from "../lib/page-data.js";
import { OTHER, parseAddress, parseHost, parseUserId } from "./settings-model.js";
import { readState } from "./settings-store.js";

/** The reader's values by slot kind, each accepted only as the generator could produce
    it (the state may come from storage); null when there is nothing to show. */
function values(data, mine) {
  if (!mine || !data) return null;
  const username = !parseAddress(data, mine.username).error || !parseUserId(mine.username).error
    ? mine.username : "";
  if (!username) return null;
  const host = (value) => (parseHost(data, value).error ? "" : value);
  const other = mine.provider === OTHER && data.protocols.includes(mine.protocol);
  return {
    username,
    incoming: other ? host(mine.incomingHost) : "",
    outgoing: other ? host(mine.outgoingHost) : "",
    protocol: other ? mine.protocol : "",
  };
}

export function mountPersonalSettings(root) {
  const mine = readState()?.mine;
  const known = values(readJson("pec-settings-data"), mine);
  const slots = known ? root.querySelectorAll('[data-pec-component="personal-settings"]') : [];
  const filled = [];
  for (const slot of slots) {
    if (slot.dataset.pecProvider !== mine.provider) continue;
    const kind = slot.dataset.pecMine ?? "username";
    if (kind === "incoming" && slot.dataset.pecProtocol !== known.protocol) continue;
    const value = known[kind];
    if (!value) continue;
    slot.querySelector("code").textContent = value;
    slot.hidden = false;
    filled.push(slot);
  }
  return () => filled.forEach((slot) => (slot.hidden = true));
}

provide("personal-settings", mountPersonalSettings);
