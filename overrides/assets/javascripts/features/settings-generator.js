// @ts-check
// The settings generator page: reads the form on every input, asks settings-model.js for
// the values, and writes them into the card that templates/generator.html.j2 lays out.
// Its words are the edition's (the page's, and generator.messages for the messages);
// this module only fills `textContent` and toggles `hidden`, so nothing the reader types
// can become markup, and no element is created while they type.

import { assemble, couldBeStart, OTHER, providerById } from "./settings-model.js";
import { FIELDS, forgetState, keepState, readState } from "./settings-store.js";
import { provide } from "../lib/on-demand.js";
import { preferTab } from "../lib/tabs.js";
import { readJson, t } from "../lib/page-data.js";

const message = (code) => t(`generator.messages.${code}`) || code;
// How long the reader may stop typing before an unfinished value is told wrong.
const PAUSE_MS = 1000;

function addProviderOptions(select, data) {
  const other = select.querySelector(`option[value="${OTHER}"]`);
  for (const provider of data.providers) {
    const option = document.createElement("option");
    option.value = provider.id;
    option.textContent = provider.name;
    select.insertBefore(option, other);
  }
}

/** Fill the form from a saved state, then from a support link's ?provider=&protocol=. */
function restore(form, data, state, search) {
  const { elements } = form;
  if (state) {
    for (const field of FIELDS) {
      if (field !== "provider") elements[field].value = state[field];
    }
    if (providerById(data, state.provider) || state.provider === OTHER) {
      elements.provider.value = state.provider;
    }
    if (data.protocols.includes(state.protocol)) elements.protocol.value = state.protocol;
    elements.remember.checked = state.remember;
  }
  // A support link may preset the provider and protocol, never the address; unknown
  // values are ignored without a word.
  const params = new URLSearchParams(search);
  const provider = params.get("provider");
  const protocol = params.get("protocol");
  if (provider && (providerById(data, provider) || provider === OTHER)) {
    elements.provider.value = provider;
  }
  if (protocol && data.protocols.includes(protocol)) elements.protocol.value = protocol;
}

function readForm(form) {
  const { elements } = form;
  const values = { protocol: elements.protocol.value, remember: elements.remember.checked };
  for (const field of FIELDS) values[field] = elements[field].value;
  return values;
}

/** What the guides show as the reader's own: the user name, and for "Other provider" the
    server names typed (an incoming one for the protocol chosen only); null until known. */
function mine({ settings, protocol, providerId }, provider) {
  if (!settings?.username || !(provider || providerId === OTHER)) return null;
  const other = providerId === OTHER;
  return { provider: other ? OTHER : provider.id, username: settings.username,
    protocol: other ? protocol : "", incomingHost: other ? settings.incoming.host ?? "" : "",
    outgoingHost: other ? settings.outgoing.host ?? "" : "" };
}

export function mountSettingsGenerator(root) {
  const form = root.querySelector('[data-pec-component="settings-generator"]');
  const card = root.querySelector('[data-pec-component="settings-card"]');
  const data = readJson("pec-settings-data");
  if (!form || !card || !data) return () => {};

  const slots = new Map([...card.querySelectorAll("[data-pec-slot]")].map((el) => [el.dataset.pecSlot, el]));
  const errors = new Map([...form.querySelectorAll("[data-pec-error-for]")].map((el) => [el.dataset.pecErrorFor, el]));
  const pendingHints = new Map([...card.querySelectorAll("[data-pec-pending]")].map((el) => [el.dataset.pecPending, el]));
  // The providers whose password row has a sentence of its own (from the data, by the template).
  const passwords = new Set([...card.querySelectorAll("[data-pec-password]")].map((el) => el.dataset.pecPassword));
  const touched = new Set();
  // The fields whose mistake may show: left, paused on, or filled in from memory. One
  // still being typed shows its mistake only when no more typing could mend it.
  const settled = new Set();
  let pause = 0;
  const controller = new AbortController();
  const { signal } = controller;
  let lastTab = null;

  addProviderOptions(form.elements.provider, data);
  const otherLabel = form.elements.provider.querySelector(`option[value="${OTHER}"]`).textContent.trim();
  const saved = readState();
  restore(form, data, saved, window.location.search);
  for (const field of FIELDS) {
    if (form.elements[field].value) {
      touched.add(field);
      settled.add(field);
    }
  }

  function showWhen(container, conditions) {
    for (const element of container.querySelectorAll("[data-pec-when]")) {
      element.hidden = !conditions[element.dataset.pecWhen];
    }
  }

  function showError(field, code) {
    const element = errors.get(field);
    const input = form.elements[field];
    const visible = Boolean(code) && touched.has(field)
      && (settled.has(field) || !couldBeStart(data, field, input.value));
    element.hidden = !visible;
    element.textContent = visible ? message(code) : "";
    if (visible) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  /** The reader paused on or left `field`: its mistake, if any, shows. */
  function settle(field) {
    clearTimeout(pause);
    if (settled.has(field) || !touched.has(field)) return;
    settled.add(field);
    update();
  }

  function update({ keep = true } = {}) {
    const values = readForm(form);
    const result = assemble(data, values);
    const { settings, needs } = result;

    showWhen(form, needs);
    // The provider field is described by the hint shown: a provider without settings here,
    // a public body's, or the usual one.
    for (const hint of form.querySelectorAll("[data-pec-elsewhere]")) hint.hidden = hint.dataset.pecElsewhere !== needs.elsewhere;
    const hint = needs.elsewhere ? `pec-provider-elsewhere-${needs.elsewhere}`
      : needs.organisation ? "pec-provider-organisation" : "pec-provider-hint";
    form.elements.provider.setAttribute("aria-describedby", `${hint} pec-provider-error`);
    for (const field of FIELDS) showError(field, result.errors[field] ?? result.pending[field]);

    const provider = providerById(data, result.providerId);
    const other = result.providerId === OTHER;
    // The guides' tab of the provider chosen; "Other provider" is labelled as the form's
    // own option, the same word as the guides' tab.
    const tab = other ? otherLabel : provider?.name;
    if (tab && tab !== lastTab) {
      preferTab(tab);
      lastTab = tab;
    }

    card.hidden = !settings;
    if (settings) {
      for (const element of card.querySelectorAll("[data-pec-password]")) {
        element.hidden = element.dataset.pecPassword !== (passwords.has(result.providerId) ? result.providerId : "");
      }
      slots.get("provider").textContent = provider
        ? `${result.detected ? message("detected") : ""} ${provider.name}`.trim()
        : "";
      for (const [name, element] of slots) {
        const [group, key] = name.split(".");
        const value = key ? settings[group][key] : name === "username" ? settings.username : undefined;
        if (value === undefined) continue;
        // A value still to be typed: the row says what goes there instead.
        element.textContent = value ?? "";
        element.hidden = value === null;
        const hint = pendingHints.get(name);
        if (hint) hint.hidden = value !== null;
      }
      showWhen(card, {
        leaveCopy: settings.leaveCopy,
        imap: result.protocol === "imap",
        pop: result.protocol === "pop",
        userIdNote: needs.userId,
        agreement: result.agreement,
        organisation: needs.organisation,
        // An organisation's or a professional body's mailbox is often added to an Outlook
        // that an IT office manages: the card points to what to do when it refuses it.
        atWork: needs.organisation || result.agreement,
      });
    }

    if (keep) keepState({ ...values, mine: mine(result, provider) });
  }

  form.addEventListener(
    "input",
    (event) => {
      const { name } = event.target;
      if (name) {
        touched.add(name);
        settled.delete(name);
        clearTimeout(pause);
        pause = setTimeout(() => settle(name), PAUSE_MS);
      }
      update();
      // Keystroke to updated card, for bench/generator.py.
      performance.measure("pec-settings-update", { start: event.timeStamp, end: performance.now() });
    },
    { signal },
  );
  form.addEventListener("focusout", (event) => event.target.name && settle(event.target.name), { signal });
  form.addEventListener("submit", (event) => event.preventDefault(), { signal });
  form.querySelector('[data-pec-action="forget"]').addEventListener(
    "click",
    () => {
      form.reset();
      touched.clear();
      settled.clear();
      forgetState();
      update({ keep: false });
      form.elements.address.focus();
    },
    { signal },
  );
  card.querySelector('[data-pec-action="print"]').addEventListener("click", () => window.print(), { signal });

  update();
  return () => {
    controller.abort();
    clearTimeout(pause);
  };
}

provide("settings-generator", mountSettingsGenerator);
