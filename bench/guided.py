"""Guided mode's weight, against its budget (issue "guided mode"): the JavaScript it adds
to a guide, gzipped, at most 5 KB. The modules it imports from lib/ are loaded by the
other features of every page already, so what it adds is its own module and the markup
of templates/guided.html.j2, measured in a built guide.

Prints the figures and exits non-zero when the budget is exceeded. Run with `make bench`.
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

from bench import Budgets
from tools.site import ROOT, build_site

SIZE_BUDGET = 5 * 1024
MODULE = "features/guided-mode.js"
# Opens every collapsed block for the browser's Print, on every page: listed, not guided.
PRINT = "features/print.js"


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def main() -> int:
    budgets = Budgets()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        built = build_site(ROOT, site, site_url="http://127.0.0.1/")
        if built.returncode != 0:
            print(built.stderr)
            return 1
        scripts = site / "assets" / "javascripts"
        total = gzipped((scripts / MODULE).read_bytes())
        print(f"  {MODULE:<42} {total:>8} B gzipped")
        print(f"  {PRINT + ' (every page, not budgeted)':<42} {gzipped((scripts / PRINT).read_bytes()):>8} B gzipped")
        budgets.check("guided mode JavaScript, gzipped", f"{total / 1024:.2f} KB", total <= SIZE_BUDGET)
        guide = (site / "outlook" / "imap" / "index.html").read_text(encoding="utf-8")
        markup = re.search(r'<div class="pec-guided".*?</div>\s*</div>', guide, re.S)
        print(f"  {'its markup in a guide (not budgeted)':<42} {gzipped(markup[0].encode()) if markup else 0:>8} B gzipped")
    return budgets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
