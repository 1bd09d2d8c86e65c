"""Benchmark of the PDF export, against its budget (issue "offline PDF export"):

- the whole export — browser start included — at most 5 s on this 2-core machine,
  with the time of each PDF printed.

Runs `python -m tools.pdf` exactly as `make pdf` does, on a freshly built site, and
prints its figures, then the wall time of the command. Exits non-zero over budget.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.site import ROOT, build_site

BUDGET_S = 5.0


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        result = build_site(ROOT, Path(folder))
        if result.returncode != 0:
            print(result.stderr)
            return 1
        start = time.perf_counter()
        export = subprocess.run([sys.executable, "-m", "tools.pdf", folder], cwd=ROOT,
                                capture_output=True, text=True)
        wall = time.perf_counter() - start
    if export.returncode != 0:
        print(export.stderr)
        return 1
    print(export.stdout, end="")
    total = float(re.search(r"PDFs in ([\d.]+) s", export.stdout).group(1))
    ok = total <= BUDGET_S
    print(f"{'PDF export, browser start included':<44} {total:>9.2f} s   {'ok' if ok else 'OVER BUDGET'}")
    print(f"  the command, Python start included: {wall:.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
