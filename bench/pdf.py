"""Benchmark of the PDF export, against its budget (issues "offline PDF export" and
"Italian edition"):

- the whole export of every edition's PDFs (six: IMAP, POP and the handbook, in English
  and in Italian), browser start included, at most 10 s on this 2-core machine, with the
  time of each PDF printed.

Builds the site fresh, then times tools.pdf.export, the function `make pdf` runs.
Exits non-zero over budget.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench import Budgets
from tools.pdf import export
from tools.site import ROOT, build_site

BUDGET_S = 10.0


def main() -> int:
    budgets = Budgets()
    with tempfile.TemporaryDirectory() as folder:
        result = build_site(ROOT, Path(folder))
        if result.returncode != 0:
            print(result.stderr)
            return 1
        start = time.perf_counter()
        exported = asyncio.run(export(Path(folder)))
        total = time.perf_counter() - start
        for pdf in exported:
            below = pdf.path.relative_to(folder)
            print(f"  {str(below):<42} {pdf.pages:>3} pages {pdf.seconds:>6.2f} s")
    budgets.check(f"PDF export, {len(exported)} PDFs, browser start included", f"{total:.2f} s",
                  total <= BUDGET_S)
    return budgets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
