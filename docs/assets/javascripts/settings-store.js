// What the reader typed into the settings generator, shared with the guides.
//
// Kept in memory for this visit (module state survives Material's instant navigation),
// and in localStorage only while the reader ticks "Remember on this device". Anything
// read back from storage is treated as untrusted input and parsed again by its users.

const KEY = "pec-settings";
const FIELDS = ["address", "protocol", "provider", "userId", "incomingHost", "outgoingHost"];

let current = null;

function clean(value) {
  if (typeof value !== "object" || value === null) return null;
  const state = {};
  for (const field of FIELDS) state[field] = typeof value[field] === "string" ? value[field] : "";
  const mine = value.mine;
  state.mine =
    mine && typeof mine.provider === "string" && typeof mine.username === "string"
      ? { provider: mine.provider, username: mine.username }
      : null;
  state.remember = value.remember === true;
  return state;
}

function stored() {
  try {
    return clean(JSON.parse(localStorage.getItem(KEY)));
  } catch {
    return null; // unreadable or disabled storage: as if nothing was remembered
  }
}

/** The reader's last state: this visit's, else the remembered one, else null. */
export function readState() {
  return current ?? stored();
}

/** Keep `state` for this visit, and on this device only when state.remember is true. */
export function keepState(state) {
  current = clean(state);
  try {
    if (current.remember) localStorage.setItem(KEY, JSON.stringify(current));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or disabled: the state still lasts for this visit.
  }
}

/** Forget everything, in memory and on the device. */
export function forgetState() {
  current = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
