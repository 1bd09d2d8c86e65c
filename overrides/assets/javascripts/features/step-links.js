// @ts-check
// "Copy link to this step" beside every step heading, as support staff send them: the
// step's absolute address (from site_url), with ?provider= when the reader has chosen a
// provider's tab. Landing on such a link is lib/steps.js's, run by main.js.

import { copyText } from "../lib/clipboard.js";
import { readJson, t } from "../lib/page-data.js";
import { headingOf, stepAddress, steps } from "../lib/steps.js";
import { chosenProvider } from "../lib/tabs.js";

export function mountStepLinks(root) {
  const data = readJson("pec-step-links-data");
  const providers = readJson("pec-settings-data")?.providers ?? [];
  if (!data) return () => {};
  const label = t("ui.copy_step_link");
  const copied = t("ui.step_link_copied");

  const controller = new AbortController();
  const buttons = [];
  for (const step of steps(root)) {
    const heading = headingOf(step);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pec-step-link";
    button.title = label;
    button.setAttribute("aria-label", label);
    heading.append(button);
    buttons.push(button);
    button.addEventListener(
      "click",
      () => copyText(button, stepAddress(step, chosenProvider(root, providers)?.id), copied),
      { signal: controller.signal },
    );
  }
  return () => {
    controller.abort();
    buttons.forEach((button) => button.remove());
  };
}
