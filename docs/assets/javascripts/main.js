// Entry point of the site's own behaviour. Material re-renders the page content on every
// instant navigation and announces it on `document$`; each feature mounts on the new
// content and returns a teardown that runs before the next page arrives.
import { mountCopyValues } from "./copy-values.js";
import { mountPersonalSettings } from "./personal-settings.js";
import { mountSettingsGenerator } from "./settings-generator.js";
import { mountStepLinks } from "./step-links.js";

// Order matters: the copy buttons go next to values the other features have laid out,
// and a step link lands once everything above the step has its final height.
const features = [mountPersonalSettings, mountSettingsGenerator, mountCopyValues, mountStepLinks];

let teardowns = [];
window.document$.subscribe(() => {
  for (const teardown of teardowns) teardown();
  teardowns = features.map((mount) => mount(document));
});
