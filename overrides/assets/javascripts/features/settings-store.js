// @ts-check
// What the reader typed into the settings generator, shared with the guides: kept for
// the visit, and on this device only while the reader ticks "Remember on this device"
// (lib/store.js). The key is the same in every edition on purpose: an address and its
// provider read the same in any language, so a reader who switches language keeps them.

import { createStore } from "../lib/store.js";

export const FIELDS = ["address", "userId", "incomingHost", "outgoingHost", "provider"];

// Beside the user name, what "Other provider" readers typed: their protocol and servers.
const MINE_EXTRA = ["protocol", "incomingHost", "outgoingHost"];

function clean(value) {
  if (typeof value !== "object" || value === null) return null;
  const state = {};
  for (const field of [...FIELDS, "protocol"]) state[field] = typeof value[field] === "string" ? value[field] : "";
  const mine = value.mine;
  state.mine =
    mine && typeof mine.provider === "string" && typeof mine.username === "string"
      ? { provider: mine.provider, username: mine.username, ...Object.fromEntries(MINE_EXTRA.map(
          (key) => [key, typeof mine[key] === "string" ? mine[key] : ""])) }
      : null;
  state.remember = value.remember === true;
  return state;
}

const store = createStore("pec-settings", clean);

/** The reader's last state: this visit's, else the remembered one, else null. */
export const readState = () => store.read();

/** Keep `state` for this visit, and on this device only when state.remember is true. */
export const keepState = (state) => store.keep(state, state?.remember === true);

/** Forget everything, in memory and on the device. */
export const forgetState = () => store.forget();
