"""Lighthouse budgets (issue "quality gates"), in Lighthouse's mobile mode, for every page:

- performance, accessibility, best practices and SEO: 100 each;
- a guide page transfers at most 100 KB.

The site is built fresh and served on loopback by nginx with production's configuration
(tools/nginx.py: precompressed files, caching and security headers). Lighthouse (npm,
pinned in package-lock.json) drives the machine's Chromium. Each page is audited several times and the median run reported (Lighthouse's
own advice for noisy machines), with the metrics behind the performance score. Prints one
row per page and exits non-zero when a budget is missed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tools import nginx
from tools.site import CHROMIUM_ARGS, ROOT, build_site, sitemap_urls, system_chromium

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GUIDE_BUDGET = 100 * 1024
BASELINE = "bench-reference/"
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "speed-index", "cumulative-layout-shift"]
# Runs per page (LIGHTHOUSE_RUNS overrides): the median one is reported.
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))


def audit(url: str) -> dict:
    chrome = system_chromium()
    env = {**os.environ, **({"CHROME_PATH": chrome} if chrome else {})}
    flags = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", *CHROMIUM_ARGS])
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def write_baseline(site: Path) -> str:
    """A reference page: a page of the site with its article cut to one heading and one
    sentence, so theme, header, navigation and scripts are all there and our content is
    not. Its row tells how much of a page's figures is the theme's on this machine."""
    page = site / BASELINE / "index.html"
    page.parent.mkdir()
    html = (site / "imap-vs-pop" / "index.html").read_text(encoding="utf-8")  # same depth
    html, count = re.subn(r"(<article[^>]*>).*?(</article>)",
                          r"\1<h1>Reference</h1><p>One sentence of text.</p>\2", html, flags=re.S)
    assert count == 1, "the page template has no single <article>"
    page.write_text(html, encoding="utf-8")
    return BASELINE


def scores(report: dict) -> list[int]:
    return [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]


def median_run(reports: list[dict]) -> dict:
    """The run with the median performance score: Lighthouse's figures move by several
    points between runs on a small machine, so one run proves little either way."""
    ranked = sorted(reports, key=lambda report: scores(report)[0])
    return ranked[len(ranked) // 2]


def metric(report: dict, audit_id: str) -> str:
    value = report["audits"][audit_id]["numericValue"]
    return f"{value:.2f}" if audit_id == "cumulative-layout-shift" else f"{value / 1000:.2f} s"


def print_header(report: dict) -> None:
    throttling = report["configSettings"]["throttling"]
    print(f"Lighthouse {report['lighthouseVersion']}, mobile: simulated "
          f"{throttling['cpuSlowdownMultiplier']:g}x CPU slowdown, {throttling['rttMs']:g} ms and "
          f"{throttling['throughputKbps'] / 1024:.1f} Mbps; this machine's benchmarkIndex "
          f"{report['environment']['benchmarkIndex']:.0f}; {RUNS} run(s) per page, the median reported.")
    print(f"{'page':<20} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} "
          f"{'FCP':>7} {'LCP':>7} {'TBT':>7} {'SI':>7} {'CLS':>5} {'transferred':>12}")


def print_row(path: str, report: dict) -> bool:
    """One page's figures; True when the page misses a budget."""
    weight = report["audits"]["total-byte-weight"]["numericValue"]
    row = scores(report)
    over = [category for category, score in zip(CATEGORIES, row) if score < 100]
    if path.startswith("outlook/") and weight > GUIDE_BUDGET:
        over.append("weight")
    if path == BASELINE:
        status, over = "reference: the theme alone", []
    else:
        status = "MISSED: " + ", ".join(over) if over else "ok"
    metrics = " ".join(f"{metric(report, m):>7}" for m in METRICS[:4])
    print(f"/{path:<19} {row[0]:>5} {row[1]:>5} {row[2]:>5} {row[3]:>5} {metrics} "
          f"{metric(report, METRICS[4]):>5} {weight / 1024:>9.1f} KB  {status}")
    for category in over:
        if category == "weight":
            continue
        for ref in report["categories"][category]["auditRefs"]:
            item = report["audits"][ref["id"]]
            if ref["weight"] and item["score"] is not None and item["score"] < 1:
                print(f"    {category}: {item['id']} — {item['title']}")
    return bool(over)


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci` (make bench does).")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        site, port = Path(folder), nginx.free_port()
        built = build_site(ROOT, site, site_url=f"http://127.0.0.1:{port}/")
        if built.returncode != 0:
            print(built.stderr)
            return 1
        reference = write_baseline(site)
        nginx.precompress(site / reference)
        with nginx.serve(site, port) as url:
            failures += run(url, site, reference)
    return 1 if failures else 0


def run(url: str, site: Path, reference: str) -> int:
    """Audit every page and the reference page; the number of pages over a budget."""
    failures = 0
    paths = [page.removeprefix(url) for page in sitemap_urls(site)] + [reference]
    for number, path in enumerate(paths):
        report = median_run([audit(url + path) for _ in range(RUNS)])
        if number == 0:
            print_header(report)
        failures += print_row(path, report)
    return failures


if __name__ == "__main__":
    sys.exit(main())
