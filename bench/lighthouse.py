"""Lighthouse on every page of every edition, against the theme alone, in one run.

Budgets (bench/NOTES.md tells how they were reached):
- mobile: every page's performance score at most 3 points below the reference's (the
  median of the rounds);
- desktop: performance 100 on every page;
- both: CLS 0.00 in every round (nothing moves while a page loads); accessibility, best
  practices and SEO 100.
For information, beside them: work× (the long tasks after the first paint, whole, over the
reference's: the work a page adds to Material's start-up), the timings, and each page's
transferred bytes and how many more than the reference's.

The reference row is a page of the site with its article cut to one heading and one
sentence: Material, our header, navigation and scripts, none of our content. A shared,
noisy machine moves absolute figures from one day to the next, and within a run from one
minute to the next, so a page is only ever compared with the reference audited right
around it: each round audits the reference, then two pages, then the reference again, and
so on; each audit of a page is set against the mean of the two reference audits on either
side of it, and a page reports the median of its rounds.

The site is built fresh and served on loopback by nginx with production's configuration
(tools/nginx.py). Lighthouse (npm, pinned in package-lock.json) drives the machine's
Chromium. It prints which pages miss a budget; with --strict, it also exits non-zero then.

    python -m bench.lighthouse                      # every page, mobile and desktop
    python -m bench.lighthouse --only outlook/      # pages whose address contains this
                                                    # (repeat it for several)
    LIGHTHOUSE_RUNS=5 python -m bench.lighthouse    # rounds (default 3)
    python -m bench.lighthouse --against e2f5e0a    # before/after: that revision's pages too,
                                                    # built and audited in the same rounds
    python -m bench.lighthouse --strict             # exit 1 when a page misses a budget
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tools import nginx
from tools.site import CHROMIUM_ARGS, ROOT, editions, served_site, sitemap_urls, system_chromium

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = ["mobile", "desktop"]
SCORE_MARGIN = 3      # points a page may score below the reference (mobile)
CLS_BUDGET = 0.005    # layout shift in any round, below which it prints as 0.00
REFERENCE = "bench-reference/"
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "speed-index", "cumulative-layout-shift"]
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
GROUP = 2             # pages audited between two audits of the reference


def audit(url: str, form_factor: str) -> dict:
    chrome = system_chromium()
    env = {**os.environ, **({"CHROME_PATH": chrome} if chrome else {})}
    flags = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", *CHROMIUM_ARGS])
    preset = ["--preset=desktop"] if form_factor == "desktop" else []
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", *preset,
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def write_reference(site: Path) -> str:
    """The theme-alone page: a page of the site (at a guide's depth) with its article cut
    to one heading and one sentence."""
    page = site / REFERENCE / "index.html"
    page.parent.mkdir()
    html = (site / "imap-vs-pop" / "index.html").read_text(encoding="utf-8")
    html, count = re.subn(r"(<article[^>]*>).*?(</article>)",
                          r"\1<h1>Reference</h1><p>One sentence of text.</p>\2", html, flags=re.S)
    assert count == 1, "the page template has no single <article>"
    page.write_text(html, encoding="utf-8")
    nginx.precompress(page.parent)
    return REFERENCE


def pages(site: Path, url: str) -> list[str]:
    """Every page of every edition, as addresses below the site's root."""
    paths = []
    for edition in editions():
        paths += [page.removeprefix(url) for page in sitemap_urls(site / edition.folder)]
    return paths


def checkout(revision: str, folder: Path) -> Path:
    """The project as it was at `revision` (a commit, a tag), to build beside today's."""
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision],
                             capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


class Sites:
    """Today's site with the reference page, built and served for a bench; with `against`,
    the site as it was at that revision too, served beside it. Every bench that compares
    a revision with today's (this one, bench/trace.py) measures the same pair alike."""

    def __init__(self, stack: contextlib.ExitStack, against: str | None = None) -> None:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        self.site = folder / "site"
        self.url = stack.enter_context(served_site(self.site))
        write_reference(self.site)
        self.revision = against or ""
        if against:
            self.before_site = folder / "before-site"
            self.before_url = stack.enter_context(
                served_site(self.before_site, checkout(against, folder / "before")))

    def pages(self, paths: list[str]) -> list[tuple[str, str, str]]:
        """(path, address, revision) of each page; with a revision to compare, each page
        right after its older self where that existed, so both see the machine alike."""
        pages = []
        for path in paths:
            if self.revision and (self.before_site / path / "index.html").exists():
                pages.append((path, self.before_url + path, self.revision))
            pages.append((path, self.url + path, ""))
        return pages


class Row:
    """One page in one form factor: its reports of every round. A row of another
    revision (`--against`) is printed for comparison and holds no budget."""

    def __init__(self, path: str, url: str, revision: str = "") -> None:
        self.path = path
        self.url = url
        self.revision = revision
        self.label = f"{revision} /{path}" if revision else f"/{path}"
        self.reports: list[dict] = []
        # For each report, the reference's audits just before and just after it.
        self.neighbours: list[tuple[dict, dict]] = []

    def scores(self, report: dict) -> list[int]:
        return [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]

    @property
    def median(self) -> dict:
        """The round with the median performance score: the figures printed beside it."""
        ranked = sorted(self.reports, key=lambda report: self.scores(report)[0])
        return ranked[len(ranked) // 2]

    @property
    def performance(self) -> float:
        return statistics.median(self.scores(report)[0] for report in self.reports)

    # Against the reference: each audit against the reference audited on either side of
    # it (the machine's load drifts within minutes), then the median of the rounds.
    def against(self, figure: Callable[[dict], float]) -> list[tuple[float, float]]:
        """Each round's figure of this page, and the reference's around it (their mean)."""
        return [(figure(mine), (figure(before) + figure(after)) / 2)
                for mine, (before, after) in zip(self.reports, self.neighbours)]

    def behind(self) -> float:
        """Performance points below the reference (negative: above it)."""
        return statistics.median(mine - theirs for mine, theirs
                                 in self.against(lambda report: self.scores(report)[0]))

    def ratio(self, figure: Callable[[dict], float]) -> float:
        """A figure of this page over the reference's."""
        return statistics.median(mine / max(theirs, 1) for mine, theirs in self.against(figure))

    def work_ratio(self) -> float:
        """The long tasks after the first paint, whole, over the reference's: what TBT adds
        up without its 50 ms allowance per task, which on a fast machine leaves the
        reference so little that its ratio swells far beyond the work's."""
        def work(report: dict) -> float:
            painted = report["audits"]["first-contentful-paint"]["numericValue"]
            return sum(task["duration"] for task in report["audits"]["long-tasks"]["details"]["items"]
                       if task["startTime"] >= painted)
        return self.ratio(work)

    @property
    def weight(self) -> float:
        """Bytes transferred, as the median round saw them."""
        return self.median["audits"]["total-byte-weight"]["numericValue"]

    @property
    def layout_shift(self) -> float:
        """The largest CLS of the rounds: a page that moved once did move."""
        return max(report["audits"]["cumulative-layout-shift"]["numericValue"] for report in self.reports)


def metric(report: dict, audit_id: str) -> str:
    value = report["audits"][audit_id]["numericValue"]
    return f"{value:.2f}" if audit_id == "cumulative-layout-shift" else f"{value / 1000:.2f} s"


def misses(row: Row, form_factor: str) -> list[str]:
    """The budgets a page misses, against the reference row of the same run."""
    found = [category for category, score in zip(CATEGORIES[1:], row.scores(row.median)[1:])
             if score < 100]
    if form_factor == "mobile" and row.behind() < -SCORE_MARGIN:
        found.append(f"performance more than {SCORE_MARGIN} points below the reference")
    if form_factor == "desktop" and row.performance < 100:
        found.append("performance under 100")
    if row.layout_shift >= CLS_BUDGET:
        found.append(f"CLS {row.layout_shift:.2f}")
    return found


def print_table(form_factor: str, rows: list[Row], reference: Row) -> int:
    """The figures of one form factor; the number of pages that miss a budget."""
    first = reference.median
    throttling = first["configSettings"]["throttling"]
    print(f"\nLighthouse {first['lighthouseVersion']}, {form_factor}: simulated "
          f"{throttling['cpuSlowdownMultiplier']:g}x CPU slowdown, {throttling['rttMs']:g} ms, "
          f"{throttling['throughputKbps'] / 1024:.1f} Mbps; benchmarkIndex "
          f"{first['environment']['benchmarkIndex']:.0f}; median of {RUNS} round(s). Δperf: "
          "points against the reference; work×: the long tasks after the first paint, whole, "
          "over the reference's (each against the reference audited just before and after the "
          "page, then the median of the rounds); CLS: the largest of the rounds; Δweight: bytes "
          "transferred beyond the reference's.")
    width = max(len(row.label) for row in [reference, *rows])
    print(f"{'page':<{width}} {'perf':>4} {'Δperf':>5} {'work×':>5} {'a11y':>4} {'bp':>4} {'seo':>4} "
          f"{'FCP':>7} {'LCP':>7} {'TBT':>7} {'SI':>7} {'CLS':>5} {'weight':>9} {'Δweight':>9}")
    missed = 0
    for row in [reference, *rows]:
        report = row.median
        scores = row.scores(report)
        if row is reference:
            status = "reference: the theme alone"
        elif row.revision:
            status = f"as of {row.revision}"
        else:
            found = misses(row, form_factor)
            missed += bool(found)
            status = "MISSED: " + "; ".join(found) if found else "ok"
        behind, work = (0.0, 1.0) if row is reference else (row.behind(), row.work_ratio())
        # On desktop the long tasks are few and short, often none: their ratio means nothing.
        work = f"{work:>5.2f}" if form_factor == "mobile" else f"{'–':>5}"
        timings = " ".join(f"{metric(report, m):>7}" for m in METRICS[:4])
        print(f"{row.label:<{width}} {row.performance:>4.0f} {round(behind):>+5d} {work} "
              f"{scores[1]:>4} {scores[2]:>4} {scores[3]:>4} {timings} "
              f"{row.layout_shift:>5.2f} {row.weight / 1024:>6.1f} KB "
              f"{(row.weight - reference.weight) / 1024:>+6.1f} KB  {status}")
        if row is not reference and status.startswith("MISSED"):
            for category in CATEGORIES:
                for ref in report["categories"][category]["auditRefs"]:
                    item = report["audits"][ref["id"]]
                    if ref["weight"] and item["score"] is not None and item["score"] < 0.9:
                        print(f"    {category}: {item['id']} — {item['title']}")
    return missed


def groups(rows: list[Row]) -> list[list[Row]]:
    """The rows to audit between two audits of the reference: GROUP pages, or with
    `--against` a page and its older self, so both are set against the same two."""
    if not any(row.revision for row in rows):
        return [rows[start:start + GROUP] for start in range(0, len(rows), GROUP)]
    found: dict[str, list[Row]] = {}
    for row in rows:
        found.setdefault(row.path, []).append(row)
    return list(found.values())


def run(pages: list[tuple[str, str, str]], url: str, form_factors: list[str]) -> int:
    """Audit the reference (at `url`) and `pages` (path, address, revision) in rounds, the
    reference between every group of pages; the number of pages over a budget."""
    missed = 0
    for form_factor in form_factors:
        reference = Row(REFERENCE, url + REFERENCE)
        rows = [Row(*page) for page in pages]
        for _ in range(RUNS):
            before = audit(reference.url, form_factor)
            reference.reports.append(before)
            for group in groups(rows):
                for row in group:
                    row.reports.append(audit(row.url, form_factor))
                after = audit(reference.url, form_factor)
                reference.reports.append(after)
                for row in group:
                    row.neighbours.append((before, after))
                before = after
        missed += print_table(form_factor, rows, reference)
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append",
                        help="audit pages whose address contains this (repeat for several)")
    parser.add_argument("--form-factor", choices=FORM_FACTORS, action="append",
                        help="mobile or desktop (default: both)")
    parser.add_argument("--against", metavar="REVISION",
                        help="also audit the pages as they were at this git revision")
    parser.add_argument("--strict", action="store_true",
                        help="exit non-zero when a page misses a budget")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci` (make bench does).")
        return 1
    with contextlib.ExitStack() as stack:
        sites = Sites(stack, options.against)
        paths = [path for path in pages(sites.site, sites.url)
                 if any(only in f"/{path}" for only in options.only or [""])]
        missed = run(sites.pages(paths), sites.url, options.form_factor or FORM_FACTORS)
    print(f"\n{missed} page(s) miss a budget." if missed else "\nEvery page within budget.")
    return 1 if missed and options.strict else 0


if __name__ == "__main__":
    sys.exit(main())
