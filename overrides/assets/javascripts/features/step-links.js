// @ts-check
// "Copy link to this step" beside every step heading, as support staff send them: the
// step's absolute address (from site_url), with ?provider= when the reader has chosen a
// provider's tab. Landing on such a link is lib/steps.js's, run by main.js.

import { copyText } from "../lib/clipboard.js";
import { pagePath, readJson, t } from "../lib/page-data.js";
import { headingOf, steps } from "../lib/steps.js";
import { labelsBeside, recentChoice } from "../lib/tabs.js";

/** The provider the reader last chose in a provider tab of this page, if any. */
function chosenProvider(root, providers) {
  const names = new Map(providers.map((provider) => [provider.name, provider]));
  // Every label of a tab set holding a provider tab, "Other provider" included: choosing
  // that one means no provider to carry.
  return names.get(recentChoice(labelsBeside(root, new Set(names.keys()))));
}

export function mountStepLinks(root) {
  const data = readJson("pec-step-links-data");
  const providers = readJson("pec-settings-data")?.providers ?? [];
  if (!data) return () => {};
  const label = t("ui.copy_step_link");
  const copied = t("ui.step_link_copied");

  const controller = new AbortController();
  const buttons = [];
  for (const heading of steps(root).map(headingOf)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pec-step-link";
    button.title = label;
    button.setAttribute("aria-label", label);
    heading.append(button);
    buttons.push(button);
    button.addEventListener(
      "click",
      () => {
        const url = new URL(pagePath(), data.site_url);
        const provider = chosenProvider(root, providers);
        if (provider) url.searchParams.set("provider", provider.id);
        url.hash = heading.id;
        copyText(button, url.href, copied);
      },
      { signal: controller.signal },
    );
  }
  return () => {
    controller.abort();
    buttons.forEach((button) => button.remove());
  };
}
