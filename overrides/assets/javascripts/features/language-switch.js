// @ts-check
// Between editions (languages). The language selector's links go to this same page in
// the other edition; at the click, the step and the provider come along (?provider= and
// #step), so a support link opened in one language becomes its twin in the other. The
// links are rewritten from the current address on every page view, because Material's
// instant navigation keeps the header of the first page.
//
// A reader whose browser prefers another edition's language is offered it, quietly and
// never by redirect (links must stay stable), until they dismiss the offer: the offers
// sit hidden in the page, in their own language, and a script beside them opens the one
// to offer before the page is first drawn (overrides/main.html), noting it on <html>.
// Here: the same offer on the pages instant navigation brings, its link, its dismissal.

import { pagePath } from "../lib/page-data.js";
import { createStore } from "../lib/store.js";

const dismissed = createStore("pec-language-offer", (value) => (value === "dismissed" ? value : null));

/** The same page, step and provider, in the edition whose home page is `root`. */
function twin(root) {
  const url = new URL(pagePath(), root);
  url.search = window.location.search;
  url.hash = window.location.hash;
  return url.href;
}

export function mountLanguageSwitch(root) {
  const controller = new AbortController();
  const { signal } = controller;
  const links = [...document.querySelectorAll("a[data-pec-edition-root]")];
  for (const link of links) {
    link.href = twin(link.dataset.pecEditionRoot);
    // Before Material's own handler, which would take the reader to the home page.
    link.addEventListener(
      "click",
      (event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        event.stopPropagation();
        window.location.assign(twin(link.dataset.pecEditionRoot));
      },
      { signal },
    );
  }

  const html = document.documentElement;
  const offer = [...root.querySelectorAll(".pec-language-offer")].find((item) => item.dataset.pecOffer === html.dataset.pecOffered);
  if (offer) {
    // Its link is one of the edition links above, already pointing at this step.
    offer.hidden = false;
    offer.closest(".md-banner")?.classList.add("pec-banner--open");
    offer.querySelector("button")?.addEventListener(
      "click",
      () => {
        dismissed.keep("dismissed", true);
        delete html.dataset.pecOffered;
        offer.hidden = true;
        offer.closest(".md-banner")?.classList.remove("pec-banner--open");
      },
      { signal },
    );
  }
  return () => controller.abort();
}
