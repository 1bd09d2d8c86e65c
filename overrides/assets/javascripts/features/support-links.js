// @ts-check
// The support page's choice of the reader's provider and language, made once: every step
// link of its list then shows, copies (features/copy-values.js copies what a value shows)
// and opens the address to send that reader: ?provider= and the reader's edition. The
// links are the build's (hooks/step_links.py), the choice is [[pec-step-links]]'s
// (hooks/directives.py); loaded by the support page alone (lib/on-demand.js).

import { provide } from "../lib/on-demand.js";

/** A link to send: `link` ("outlook/imap/#step") below `root`, with ?provider=. */
export function sentLink(link, root, provider) {
  const url = new URL(link, root);
  if (provider) url.searchParams.set("provider", provider);
  return url;
}

export function mountSupportLinks(root) {
  const form = root.querySelector('[data-pec-component="support-links"]');
  const provider = form?.querySelector('[data-pec-choice="provider"]');
  const edition = form?.querySelector('[data-pec-choice="edition"]');
  if (!(provider instanceof HTMLSelectElement && edition instanceof HTMLSelectElement)) return () => {};
  const controller = new AbortController();

  const apply = () => {
    for (const element of root.querySelectorAll("[data-pec-step-link]")) {
      const url = sentLink(element.dataset.pecStepLink, edition.value, provider.value);
      if (element instanceof HTMLAnchorElement) {
        // Opened from here, on this host (the built address may be another: a preview).
        element.href = url.pathname + url.search + url.hash;
        element.hreflang = edition.selectedOptions[0]?.lang ?? "";
      } else {
        element.textContent = url.href;
      }
    }
  };
  form.addEventListener("submit", (event) => event.preventDefault(), { signal: controller.signal });
  form.addEventListener("change", apply, { signal: controller.signal });
  // A choice the browser restored (reload, Back) holds from the start.
  if (provider.value || !edition.selectedOptions[0]?.defaultSelected) apply();
  return () => controller.abort();
}

provide("support-links", mountSupportLinks);
