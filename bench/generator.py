"""Benchmark of the settings generator, against its budgets (issue "settings generator"):

- its JavaScript plus its data, gzipped: at most 6 KB;
- keystroke to updated card, over 200 keystrokes: median and 95th percentile under 16 ms
  (one frame at 60 Hz), read from the `pec-settings-update` performance measures that
  settings-generator.js records for every input event.

Prints the figures and exits non-zero when a budget is exceeded. Run with `make bench`.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import Budgets
from tools.site import chromium_launch_options, served_site

SIZE_BUDGET = 6 * 1024
FRAME_BUDGET_MS = 16.0
KEYSTROKES = 200
# What a reader types: addresses of each kind, with corrections along the way.
TYPING = ["mario.rossi@pec.it", "Backspace", "ufficio@legalmail.it", "studio@example.it"]


def imported_modules(site: Path, entry: str) -> list[Path]:
    """A script of the built site and every module it imports, followed transitively."""
    todo, seen = [(site / "assets" / "javascripts" / entry).resolve()], []
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.append(module)
        # Shipped modules are minified: `from"./lib/x.js"`.
        todo += [(module.parent / name).resolve()
                 for name in re.findall(r'from\s*"(\.{1,2}/[\w/-]+\.js)"', module.read_text())]
    return seen


def data_block(site: Path) -> bytes:
    html = (site / "settings" / "index.html").read_text()
    return re.search(r'<script type="application/json" id="pec-settings-data">.*?</script>',
                     html, re.S).group(0).encode()


def keystroke_times(url: str) -> list[float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options())
        page = browser.new_page()
        page.goto(url + "settings/")
        field = page.locator("#pec-address")
        typed = 0
        while typed < KEYSTROKES:
            for item in TYPING:
                keys = [item] if item == "Backspace" else list(item)
                for key in keys[: KEYSTROKES - typed]:
                    field.press(key)
                    typed += 1
            if typed < KEYSTROKES:
                field.fill("")  # not a keystroke: fill() replaces the value at once
        times = page.evaluate("performance.getEntriesByName('pec-settings-update')"
                              ".slice(-%d).map(e => e.duration)" % KEYSTROKES)
        browser.close()
    return times


def main() -> int:
    budgets = Budgets()
    report = budgets.check

    with tempfile.TemporaryDirectory() as folder, served_site(Path(folder)) as url:
        site = Path(folder)
        total = 0
        for module in imported_modules(site, "features/settings-generator.js"):
            size = len(gzip.compress(module.read_bytes(), 9))
            total += size
            print(f"  {module.name:<42} {size:>8} B gzipped")
        size = len(gzip.compress(data_block(site), 9))
        total += size
        print(f"  {'settings data (JSON block)':<42} {size:>8} B gzipped")
        report("generator JavaScript + data, gzipped", f"{total / 1024:.2f} KB",
               total <= SIZE_BUDGET)

        times = keystroke_times(url)
        assert len(times) == KEYSTROKES, f"measured {len(times)} keystrokes"
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"  {KEYSTROKES} keystrokes, slowest {max(times):.2f} ms")
        report("keystroke to updated card, median", f"{median:.2f} ms", median < FRAME_BUDGET_MS)
        report("keystroke to updated card, 95th percentile", f"{p95:.2f} ms", p95 < FRAME_BUDGET_MS)
    return budgets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
