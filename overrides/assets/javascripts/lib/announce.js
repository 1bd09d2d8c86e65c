// @ts-check
// One polite live region for the whole site (WCAG 4.1.3): "Copied", "Link copied", the
// step a reader moved to. It sits outside the page content, so it survives instant
// navigation, and exists before anything is announced, as screen readers need.

let region = null;
let timer = 0;

function liveRegion() {
  if (!region?.isConnected) {
    region = document.createElement("div");
    region.className = "pec-visually-hidden";
    region.setAttribute("role", "status");
    document.body.append(region);
  }
  return region;
}

/** Say `message` once; clear it after `ms` so the next one is heard again. */
export function announce(message, ms = 2000) {
  const status = liveRegion();
  status.textContent = message;
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (status.textContent === message) status.textContent = "";
  }, ms);
}

/** Create the region now, empty, so a later message is heard. */
export function prepareAnnouncements() {
  liveRegion();
}
