"""Lighthouse budgets (issue "quality gates"), in Lighthouse's mobile mode, for every page:

- performance, accessibility, best practices and SEO: 100 each;
- a guide page transfers at most 100 KB.

The site is built fresh and served on loopback by a server that gzips its responses, as
a real host would. Lighthouse (npm, pinned in package-lock.json) drives the machine's
Chromium. Prints one row per page and exits non-zero when a budget is missed.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tools.site import (CHROMIUM_ARGS, ROOT, build_site, serve_directory, sitemap_urls,
                        system_chromium)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GUIDE_BUDGET = 100 * 1024
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files gzipped when the browser accepts it, like any production host."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in COMPRESSIBLE and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=31536000" if "/assets/" in self.path else "no-cache")
            self.end_headers()
            self._body = body
            return None
        self._body = None
        return super().send_head()

    def do_GET(self):
        source = self.send_head()
        if self._body is not None:
            self.wfile.write(self._body)
        elif source:
            try:
                self.copyfile(source, self.wfile)
            finally:
                source.close()


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


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci` (make bench does).")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=folder))
        url = f"http://127.0.0.1:{server.server_port}/"
        result = build_site(ROOT, site, site_url=url)
        if result.returncode != 0:
            print(result.stderr)
            return 1
        paths = [page.removeprefix(url) for page in sitemap_urls(site)]
        print(f"{'page':<20} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'transferred':>12}")
        with serve_directory(site, server) as base:
            for path in paths:
                report = audit(base + path)
                scores = [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]
                weight = report["audits"]["total-byte-weight"]["numericValue"]
                over = [c for c, s in zip(CATEGORIES, scores) if s < 100]
                if path.startswith("outlook/") and weight > GUIDE_BUDGET:
                    over.append("weight")
                failures += bool(over)
                print(f"/{path:<19} {scores[0]:>5} {scores[1]:>5} {scores[2]:>5} {scores[3]:>5} "
                      f"{weight / 1024:>9.1f} KB  {'ok' if not over else 'MISSED: ' + ', '.join(over)}")
                for category in over:
                    if category == "weight":
                        continue
                    for ref in report["categories"][category]["auditRefs"]:
                        item = report["audits"][ref["id"]]
                        if ref["weight"] and item["score"] is not None and item["score"] < 1:
                            print(f"    {category}: {item['id']} — {item['title']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
