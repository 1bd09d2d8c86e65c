"""Where a page's main-thread time goes while it loads, beside the theme-alone page.

Lighthouse says how much a page costs; this says what for. Each page is loaded in
Chromium with the CPU slowed 4x (Lighthouse's mobile setting) and traced; it prints, for
the page and the reference page of bench/lighthouse.py:
- the browser's totals: script, style, layout, long tasks (their time over 50 ms, which
  is what Total Blocking Time adds up), and how many elements the page has;
- each style recalculation and layout that a script forced by reading a size or a
  position, grouped by where the script read it (Material's by the place in its own
  sources, from the source map its package ships), with how many elements each
  recalculation restyled: the count does not depend on how busy the machine is;
- how long each of our features takes to mount.

    python -m bench.trace                    # the IMAP guide against the reference
    python -m bench.trace outlook/pop/ it/   # any pages, by address below the root
    python -m bench.trace --against HEAD     # and each page as it was at a revision

bench/NOTES.md records what these figures led to.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import statistics

from playwright.sync_api import sync_playwright

from bench import sourcemap
from bench.lighthouse import REFERENCE, Sites
from tools.site import chromium_launch_options

CPU_SLOWDOWN = 4
RUNS = 3
# Counts the long tasks, and times each feature's mount from main.js's performance marks.
OBSERVE = """
window.pecLongTasks = [];
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.pecLongTasks.push(task.duration);
}).observe({type: "longtask", buffered: true});
"""


def load(browser, url: str) -> dict:
    """One traced load of `url`: totals, forced style and layout by initiator, mounts."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(OBSERVE)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Performance.enable")
    events: list[dict] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send("Tracing.start", {"transferMode": "ReportEvents", "categories": ",".join([
        "devtools.timeline", "disabled-by-default-devtools.timeline.stack", "blink.user_timing"])})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(2500)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)
    # By (kind of work, where a script forced it): each time's duration and, for a style
    # recalculation, how many elements it restyled (0 for a layout).
    forced: dict[tuple[str, str], list[tuple[float, int]]] = collections.defaultdict(list)
    for event in events:
        if event.get("name") in ("UpdateLayoutTree", "Layout") and event.get("ph") == "X":
            args = event.get("args", {})
            stack = (args.get("beginData") or {}).get("stackTrace") or []
            if stack:
                forced[event["name"], initiator(stack[0])].append(
                    (event.get("dur", 0) / 1000, args.get("elementCount") or 0))
    mounts = {mark["name"].removeprefix("pec-mount:"): mark["duration"] for mark in page.evaluate(
        "performance.getEntriesByType('measure').filter(m => m.name.startsWith('pec-mount:'))"
        ".map(m => ({name: m.name, duration: m.duration}))")}
    long_tasks = page.evaluate("window.pecLongTasks")
    result = {
        "script": metrics["ScriptDuration"] * 1000,
        "style": metrics["RecalcStyleDuration"] * 1000,
        "layout": metrics["LayoutDuration"] * 1000,
        "blocking": sum(max(0.0, task - 50) for task in long_tasks),
        "elements": page.evaluate("document.getElementsByTagName('*').length"),
        "forced": {key: (len(times), sum(time for time, _ in times), sum(count for _, count in times))
                   for key, times in forced.items()},
        "mounts": mounts,
    }
    context.close()
    return result


def initiator(frame: dict) -> str:
    """Where a script forced the browser's work: in Material's own sources when its bundle
    did it (its map), else the function and file."""
    file = frame["url"].rsplit("/", 1)[-1]
    bundle = sourcemap.material(file) if file.startswith("bundle.") else None
    # Trace frames count lines and columns from 1, source maps from 0.
    place = bundle and bundle.where(frame.get("lineNumber", 1) - 1, frame.get("columnNumber", 1) - 1)
    return f"{place} (Material)" if place else f"{frame.get('functionName') or '(anonymous)'} in {file}"


def report(label: str, loads: list[dict]) -> None:
    median = lambda key: statistics.median(load[key] for load in loads)  # noqa: E731
    print(f"\n{label}  (median of {len(loads)} loads, CPU {CPU_SLOWDOWN}x slower)")
    print(f"  script {median('script'):6.0f} ms   style {median('style'):6.0f} ms   "
          f"layout {median('layout'):6.0f} ms   long tasks over 50 ms {median('blocking'):6.0f} ms   "
          f"elements {median('elements'):5.0f}")
    forced = loads[len(loads) // 2]["forced"]
    for (kind, where), (count, total, elements) in sorted(forced.items(), key=lambda item: -item[1][1])[:8]:
        print(f"  forced {kind:<16} {where:<47} {count:3d}x {total:7.1f} ms"
              + (f"  {elements:5d} elements restyled" if kind == "UpdateLayoutTree" else ""))
    mounts = loads[len(loads) // 2]["mounts"]
    if mounts:
        print("  mounts " + "  ".join(f"{name} {duration:.0f} ms" for name, duration in mounts.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["outlook/imap/"])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"loads of each page (default {RUNS})")
    parser.add_argument("--against", metavar="REVISION",
                        help="also trace the pages as they were at this git revision")
    options = parser.parse_args()
    with contextlib.ExitStack() as stack:
        sites = Sites(stack, options.against)
        rows = {f"{revision} /{path}".lstrip(): address
                for path, address, revision in sites.pages([REFERENCE, *options.paths])}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(**chromium_launch_options())
        # Round by round, every page in each, so a busy spell of the machine falls on all.
        loads: dict[str, list[dict]] = {label: [] for label in rows}
        for _ in range(options.runs):
            for label, address in rows.items():
                loads[label].append(load(browser, address))
        for label, results in loads.items():
            report(label, results)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
