// @ts-check
// A page's steps out of sight, and its sources after them, are not drawn while it starts
// (extra.css, content-visibility): Material restyles the whole page several times then,
// and the steps are most of it. Once the page has started, each step is drawn for good,
// then the sources, one per idle moment of the browser, so none of this becomes a task
// long enough to delay a tap. From then on the page's height is exact: the scroll offset
// Material keeps for Back means the same place when the page comes back drawn whole
// (main.js), and the scroll bar stops changing size.

import { isDrawnWhole, steps } from "../lib/steps.js";

const DRAWN = "pec-drawn";
const whenIdle = window.requestIdleCallback ?? ((callback) => window.setTimeout(callback, 50));
const cancelIdle = window.cancelIdleCallback ?? window.clearTimeout;

export function mountStepDrawing(root) {
  if (isDrawnWhole()) return () => {}; // nothing is skipped, so nothing to draw
  const waiting = [...steps(root), ...root.querySelectorAll(".pec-sources")]
    .filter((block) => !block.classList.contains(DRAWN));
  let pending = 0;
  const drawNext = () => {
    waiting.shift()?.classList.add(DRAWN);
    // A callback asked for inside another runs in the browser's next idle moment, not this one.
    if (waiting.length) pending = whenIdle(drawNext);
  };
  if (waiting.length) pending = whenIdle(drawNext);
  return () => cancelIdle(pending);
}
