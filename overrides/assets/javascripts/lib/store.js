// @ts-check
// What a feature keeps for the reader: in memory for the visit (module state survives
// Material's instant navigation), and in localStorage only when the reader asks. Whatever
// comes back from storage is untrusted: `clean` turns it into a valid state or null, and
// storage that is full, blocked or garbled behaves as if it were empty.

/**
 * @param {string} key the localStorage key
 * @param {(value: unknown) => object | null} clean
 */
export function createStore(key, clean) {
  let current = null;

  function stored() {
    try {
      return clean(JSON.parse(localStorage.getItem(key) ?? "null"));
    } catch {
      return null;
    }
  }

  return {
    /** This visit's state, else the one kept on the device, else null. */
    read: () => current ?? stored(),
    /** The device's copy only, e.g. after another tab changed it. */
    stored,
    /** Keep `state` for the visit, and on the device when `persist` is true. */
    keep(state, persist) {
      current = clean(state);
      try {
        if (persist && current) localStorage.setItem(key, JSON.stringify(current));
        else localStorage.removeItem(key);
      } catch {
        // Storage full or blocked: the state still lasts for this visit.
      }
      return current;
    },
    /** Forget everything, in memory and on the device. */
    forget() {
      current = null;
      try {
        localStorage.removeItem(key);
      } catch {
        // Nothing was stored.
      }
    },
    key,
  };
}
