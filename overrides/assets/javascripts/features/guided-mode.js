// @ts-check
// Guided mode: the same guide, one step at a time. The page stays the whole guide (for
// print, search, Ctrl+F and readers without JavaScript); this module adds a view on top,
// chosen with "One step at a time / Whole guide" and remembered:
// - a step link shows its step (lib/steps.js lands there and asks this view to show it);
//   when saved progress disagrees with the link, a line offers the saved step;
// - Next and Back add history entries, so the browser's Back goes to the previous step;
// - each step's result becomes a question: Yes confirms the step and moves on, No opens
//   the step's help (a collapsed block in the page);
// - progress (step, confirmed steps with each step's fingerprint, the Outlook and the
//   provider chosen) stays on this device unless the reader turns that off; it is read
//   back as untrusted data, and a step changed since it was confirmed is named.
// Words come from the page (templates/guided.html.j2); values are filled in as text.

import { announce } from "../lib/announce.js";
import { copyText } from "../lib/clipboard.js";
import { provide } from "../lib/on-demand.js";
import { pagePath, readJson, t } from "../lib/page-data.js";
import { createStore } from "../lib/store.js";
import { focusStep, fragment, headingOf, reveal, setView, stepAddress, stepNumber, steps } from "../lib/steps.js";
import { chosenProvider, recentChoice, selectTab } from "../lib/tabs.js";

const text = (value, max = 200) => (typeof value === "string" && value.length <= max ? value : "");

/** Progress read back from storage is untrusted: keep only well-formed parts. */
function clean(value) {
  if (typeof value !== "object" || value === null) return null;
  const guides = {};
  for (const [path, entry] of Object.entries(value.guides ?? {}).slice(0, 20)) {
    if (typeof entry !== "object" || entry === null) continue;
    const confirmed = {};
    for (const [id, print] of Object.entries(entry.confirmed ?? {}).slice(0, 60)) {
      if (text(id, 80) && text(print, 40)) confirmed[id] = print;
    }
    guides[text(path, 100)] = { step: text(entry.step, 80), confirmed, no: text(entry.no, 80),
      outlook: text(entry.outlook, 80), provider: text(entry.provider, 80) };
  }
  return { view: value.view === "guided" ? "guided" : "whole", keep: value.keep !== false, guides };
}

const store = createStore("pec-guided", clean);

/** A sentence of the page with its {placeholders} filled in, as plain text. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));

export function mountGuidedMode(root) {
  const ui = root.querySelector('[data-pec-component="guided-mode"]');
  const article = root.querySelector("article");
  const list = steps(root).filter((step) => stepNumber(step));
  if (!ui || !article || !list.length) return () => {};
  const words = ui.querySelector("[data-pec-words]").dataset;
  const part = (name) => ui.querySelector(`[data-pec-slot="${name}"]`);
  const lines = { link: ui.querySelector('[data-pec-line="link"]'), resume: ui.querySelector('[data-pec-line="resume"]') };
  const path = pagePath();
  const providers = readJson("pec-settings-data")?.providers ?? [];
  const versions = [t("ui.new_outlook"), t("ui.classic_outlook")];
  const title = document.title;
  const controller = new AbortController();
  const { signal } = controller;
  const on = (target, type, listener) => target.addEventListener(type, listener, { signal });

  let state = store.read() ?? { view: "whole", keep: true, guides: {} };
  const progress = () => (state.guides[path] ??= { step: "", confirmed: {}, no: "", outlook: "", provider: "" });
  let current = list[0];
  let saved = null; // the step the reader had reached, when it is not where they are
  let lock = null; // the screen wake lock, while guided mode is on
  let pip = null; // the always-on-top window, where the browser offers one

  const titleOf = (step) => [...headingOf(step).childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
  const fingerprint = (step) => step.dataset.pecFingerprint;
  const byId = (id) => list.find((step) => step.dataset.pecStep === id);
  const guided = () => state.view === "guided";

  function save() {
    const entry = progress();
    entry.step = current.dataset.pecStep;
    entry.outlook = recentChoice(new Set(versions)) ?? entry.outlook;
    entry.provider = chosenProvider(root, providers)?.id ?? entry.provider;
    state = store.keep(state, state.keep) ?? state;
  }

  // Each step's question, and its link in the drawer: made the first time guided mode is
  // on, so the whole guide (what most readers read) mounts without them.
  const template = (name) => ui.querySelector(`[data-pec-template="${name}"]`).content.firstElementChild.cloneNode(true);
  const checks = [];
  const items = [];
  function build() {
    for (const step of list) {
      const check = template("check");
      step.append(check);
      checks.push(check);
      const item = template("item");
      item.querySelector("a").href = `#${step.dataset.pecStep}`;
      item.querySelector('[data-pec-slot="title"]').textContent = `${stepNumber(step)}. ${titleOf(step)}`;
      part("steps").append(item);
      items.push(item);
    }
  }
  // "Before you start" goes with the first step.
  const intro = [];
  for (let node = root.getElementById("before-you-start"); node && !node.matches(".pec-step-section"); node = node.nextElementSibling) intro.push(node);

  // On a phone a step's values come after its text: the strip under the heading repeats
  // those of the tab chosen (the stylesheet shows it on narrow screens only).
  const strip = part("values");
  function fillStrip() {
    const values = guided() ? [...current.querySelectorAll("code.pec-value")].filter((value) => value.textContent && value.checkVisibility?.()) : [];
    strip.replaceChildren(...values.map((value, index) => {
      const row = template("value");
      const code = row.querySelector("code");
      row.querySelector('[data-pec-slot="field"]').textContent = value.closest("tr")?.cells[0].textContent ?? "";
      code.textContent = value.textContent;
      // The button says "Copy"; the value it copies is its description, as in the tables.
      code.id = `pec-guided-value-${index}`;
      row.querySelector("button").setAttribute("aria-describedby", code.id);
      return row;
    }));
    strip.hidden = !values.length;
    headingOf(current).after(strip);
  }
  const copyValue = (event) => {
    const button = event.target.closest(".pec-copy");
    if (button) copyText(button, button.previousElementSibling.textContent, t("ui.copied"));
    return button;
  };

  function render() {
    const on = guided();
    const confirmed = progress().confirmed;
    const index = list.indexOf(current);
    article.toggleAttribute("data-pec-guided", on);
    for (const button of ui.querySelectorAll("[data-pec-view]")) button.setAttribute("aria-pressed", String(button.dataset.pecView === state.view));
    for (const element of ui.querySelectorAll('[data-pec-when="guided"]')) element.hidden = !on;
    if (on && !checks.length) build();
    list.forEach((step, i) => {
      step.classList.toggle("pec-step-section--current", step === current);
      if (!checks.length) return;
      checks[i].hidden = !on;
      const done = confirmed[step.dataset.pecStep] === fingerprint(step);
      items[i].classList.toggle("pec-guided__item--done", done);
      items[i].querySelector('[data-pec-when="confirmed"]').hidden = !done;
      const link = items[i].querySelector("a");
      if (step === current) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    for (const node of intro) node.classList.toggle("pec-guided__intro", on && index === 0);
    const values = { number: stepNumber(current), total: list.length, title: titleOf(current) };
    part("status").textContent = fill(words.pecStatus, values);
    part("progress").textContent = fill(words.pecProgress, {
      confirmed: list.filter((step) => confirmed[step.dataset.pecStep] === fingerprint(step)).length, total: list.length });
    document.title = on ? `${fill(words.pecTitle, values)} – ${title}` : title;
    ui.querySelector('[data-pec-action="back"]').disabled = index === 0;
    ui.querySelector('[data-pec-action="next"]').hidden = index === list.length - 1;
    ui.querySelector('[data-pec-when="end"]').hidden = !on || index < list.length - 1;
    ui.querySelector('[data-pec-action="keep"]').checked = state.keep;
    fillStrip();
    syncToc(on);
    syncPip();
  }

  /** Show `step`: from a link or history (the landing scrolls and focuses), or from the
      reader's own move, which adds a history entry and is announced. */
  function show(step, move = false) {
    if (!step || !list.includes(step)) return;
    current = step;
    save();
    render();
    if (!move) return;
    const url = new URL(window.location.href);
    url.hash = step.dataset.pecStep;
    window.history.pushState(null, "", url);
    focusStep(step);
    announce(part("status").textContent);
  }

  // Scroll `element` between the sticky header and the bars fixed at the bottom of the
  // window (Back and Next; on a phone the question too): the browser's own scrolling on
  // focus counts what lies behind them as in view. What is taller than the space left
  // starts just below the header.
  function clearOfBars(element) {
    const top = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
    const fixed = [ui.querySelector(".pec-guided__nav"), current.querySelector(":scope > .pec-check")]
      .filter((bar) => bar && getComputedStyle(bar).position === "fixed");
    const bottom = Math.min(window.innerHeight, ...fixed.map((bar) => bar.getBoundingClientRect().top));
    const box = element.getBoundingClientRect();
    let by = 0;
    if (box.bottom > bottom) by = Math.min(box.bottom - bottom, box.top - top);
    else if (box.top < top) by = box.top - top;
    if (by) window.scrollBy({ top: by, behavior: "instant" });
  }

  // The end sits with guided mode's parts above the step, out of sight after the last
  // "Yes": it comes into view, takes the focus and is announced, as a new step would.
  function showEnd() {
    const heading = ui.querySelector('[data-pec-when="end"] h2');
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
    announce(heading.textContent.trim());
  }

  // The table of contents beside the guide lists the current step only: the others are
  // not on screen, and Material's scroll-spy, measuring hidden headings, marks several.
  // (Material makes the links absolute: they are matched by their fragment.)
  const toc = [...document.querySelectorAll(".md-sidebar--secondary li.md-nav__item")];
  function syncToc(on) {
    const link = on && toc.map((item) => item.querySelector(":scope > a.md-nav__link"))
      .find((a) => a?.hash === `#${current.dataset.pecStep}`);
    for (const item of toc) item.hidden = Boolean(on && !(link && item.contains(link)));
  }

  function setMode(view) {
    state.view = view;
    save();
    render();
    wake();
    focusStep(current);
  }

  async function wake() {
    if (guided() && !lock && navigator.wakeLock && document.visibilityState === "visible") {
      lock = await navigator.wakeLock.request("screen").catch(() => null);
      lock?.addEventListener("release", () => (lock = null));
    } else if (!guided()) {
      lock?.release();
      lock = null;
      pip?.close();
    }
  }

  // The step on top of Outlook is a copy of the current one, renewed on every change;
  // its Yes and No act here, its copy buttons copy their value.
  function syncPip() {
    if (!pip) return;
    const copy = current.cloneNode(true);
    copy.querySelectorAll("[id]").forEach((element) => element.removeAttribute("id"));
    pip.document.body.replaceChildren(copy);
  }

  async function openPip() {
    pip = await window.documentPictureInPicture.requestWindow({ width: 380, height: 520 }).catch(() => null);
    if (!pip) return;
    for (const sheet of document.querySelectorAll('link[rel="stylesheet"]')) {
      pip.document.head.append(Object.assign(sheet.cloneNode(), { href: sheet.href }));
    }
    for (const { name, value } of document.body.attributes) pip.document.body.setAttribute(name, value);
    pip.document.body.classList.add("md-typeset", "pec-pip");
    pip.addEventListener("pagehide", () => (pip = null));
    pip.document.addEventListener("click", (event) => copyValue(event) || act(event));
    syncPip();
  }

  function supportText() {
    const entry = progress();
    const numbers = list.filter((step) => entry.confirmed[step.dataset.pecStep] === fingerprint(step)).map(stepNumber);
    const stuck = byId(entry.no);
    return fill(ui.querySelector('[data-pec-template="support"]').content.textContent.trim(), {
      link: stepAddress(current, entry.provider), outlook: entry.outlook || words.pecNone,
      confirmed: numbers.join(", ") || words.pecNone, stuck: stuck ? `${stepNumber(stuck)}. ${titleOf(stuck)}` : words.pecNone });
  }

  function act(event) {
    const button = event.target.closest("[data-pec-action], [data-pec-view]");
    if (!button) return;
    const index = list.indexOf(current);
    const action = button.dataset.pecAction ?? "view";
    if (action === "view") setMode(button.dataset.pecView);
    else if (action === "next") show(list[index + 1], true);
    else if (action === "back") show(list[index - 1], true);
    else if (action === "yes") {
      progress().confirmed[current.dataset.pecStep] = fingerprint(current);
      if (progress().no === current.dataset.pecStep) progress().no = "";
      if (index < list.length - 1) show(list[index + 1], true);
      else {
        save();
        render();
        showEnd();
      }
    } else if (action === "no") {
      progress().no = current.dataset.pecStep;
      save();
      const help = current.querySelector("details.pec-help");
      if (help) {
        reveal(root, help);
        help.open = true;
        help.querySelector("summary").focus({ preventScroll: true });
        clearOfBars(help);
      }
    } else if (action === "saved") {
      lines.link.hidden = lines.resume.hidden = true;
      show(saved, true);
    } else if (action === "stay") lines.link.hidden = true;
    else if (action === "restart") {
      state.guides[path] = { step: "", confirmed: {}, no: "", outlook: "", provider: "" };
      lines.link.hidden = lines.resume.hidden = true;
      show(list[0], true);
    } else if (action === "works") ui.querySelector('[data-pec-when="works"]').hidden = false;
    else if (action === "support") copyText(button, supportText(), words.pecCopied);
    else if (action === "pip") openPip();
    else if (action === "forget") {
      store.forget();
      state = { view: state.view, keep: false, guides: {} };
      render();
    } else if (action === "keep") {
      state.keep = button.checked;
      save();
    }
  }

  // Where the reader was: a changed step is named, and no longer counts as confirmed.
  const entry = progress();
  const changed = list.filter((step) => entry.confirmed[step.dataset.pecStep] && entry.confirmed[step.dataset.pecStep] !== fingerprint(step));
  for (const step of changed) delete entry.confirmed[step.dataset.pecStep];
  saved = byId(entry.step) && entry.step !== list[0].dataset.pecStep ? byId(entry.step) : null;
  if (entry.outlook && versions.includes(entry.outlook)) selectTab(root, entry.outlook);
  const provider = providers.find((p) => p.id === entry.provider);
  if (provider && !new URLSearchParams(window.location.search).has("provider")) selectTab(root, provider.name);
  const linked = byId(fragment());
  if (saved && linked && linked !== saved) {
    lines.link.querySelector('[data-pec-slot="link"]').textContent = titleOf(linked);
    lines.link.querySelector('[data-pec-slot="saved"]').textContent = titleOf(saved);
    lines.link.hidden = false;
  } else if (saved && !linked) {
    lines.resume.querySelector('[data-pec-slot="number"]').textContent = String(stepNumber(saved));
    lines.resume.querySelector('[data-pec-slot="saved"]').textContent = titleOf(saved);
    lines.resume.hidden = false;
  }
  const note = lines.resume.querySelector('[data-pec-when="changed"]');
  note.hidden = !changed.length || lines.resume.hidden;
  note.querySelector('[data-pec-slot="numbers"]').textContent = changed.map(stepNumber).join(", ");

  if (!("documentPictureInPicture" in window)) ui.querySelector('[data-pec-action="pip"]').remove();
  else ui.querySelector('[data-pec-action="pip"]').hidden = false;
  on(ui, "click", act);
  on(ui, "change", act);
  on(article, "click", (event) => event.target.closest(".pec-check") && act(event));
  on(strip, "click", copyValue);
  // Another tab chosen in the step (a provider, an Outlook): its values go in the strip.
  on(article, "change", () => guided() && (fillStrip(), syncPip()));
  // Esc leaves the one-step view at the same step; no other key is taken, and none while
  // the reader types.
  on(document, "keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (event.key === "Escape" && guided() && !typing && !event.altKey && !event.ctrlKey && !event.metaKey) setMode("whole");
  });
  on(document, "visibilitychange", wake);
  // Another tab of this site changed the progress: show its confirmations here too.
  on(window, "storage", (event) => {
    if (event.key !== store.key) return;
    const other = store.stored();
    if (other?.guides[path]) state.guides[path] = { ...other.guides[path], step: current.dataset.pecStep };
    render();
  });
  const release = setView({
    show(step, { quiet }) {
      show(step);
      if (guided() && !quiet) announce(part("status").textContent);
    },
  });
  render();
  wake();
  return () => {
    controller.abort();
    release();
    lock?.release();
    pip?.close();
    checks.forEach((check) => check.remove());
    ui.append(strip);
    items.forEach((item) => item.remove());
    for (const node of intro) node.classList.remove("pec-guided__intro");
    syncToc(false);
    list.forEach((step) => step.classList.remove("pec-step-section--current"));
    article.removeAttribute("data-pec-guided");
    document.title = title;
  };
}

provide("guided-mode", mountGuidedMode);
