"""Shared fixtures: one strict build of the site, served on loopback for the whole run,
and a guard on every page that fails the test on console errors, failed requests or any
request to another origin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tools.site import ROOT, SERVED, chromium_launch_options, served_site, sitemap_urls

PDF_DOCUMENTS = yaml.safe_load((ROOT / "data" / "pdf.yml").read_text())["documents"]


@pytest.fixture(scope="session")
def providers() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "providers.yml").read_text())["providers"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    """One strict build of the site, served on loopback for the whole run: (folder, URL)."""
    site_dir = tmp_path_factory.mktemp("site")
    with served_site(site_dir) as url:
        yield site_dir, url


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site[0]


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    """Overrides pytest-base-url, so `page.goto("/outlook/imap/")` reaches our server."""
    return built_site[1].rstrip("/")


@pytest.fixture(scope="session")
def pdfs(site_dir: Path, base_url: str) -> dict[str, Path]:
    """Run the export exactly as `make pdf` does, on the site the tests serve."""
    result = subprocess.run([sys.executable, "-m", "tools.pdf", str(site_dir)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # One progress line per PDF: its pages, size and time.
    for document in PDF_DOCUMENTS:
        assert re.search(rf"{re.escape(document['file'])}\s+\d+ pages\s+\d+ KB\s+[\d.]+ s", result.stdout)
    return {document["file"]: site_dir / "pdf" / document["file"] for document in PDF_DOCUMENTS}


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> list[str]:
    """Every page of the built site, read from its sitemap so new pages are covered."""
    return [urlsplit(url).path for url in sitemap_urls(site_dir)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, **chromium_launch_options()}


@pytest.fixture(autouse=True)
def page_problems(request: pytest.FixtureRequest):
    """Collect what goes wrong on the page during a test, and fail the test on any of it.

    Requests to other origins are also aborted, so a test can never reach the network.
    """
    if "page" not in request.fixturenames:
        yield []
        return
    page = request.getfixturevalue("page")
    problems: list[str] = []

    def outside(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc not in SERVED

    def on_request(req) -> None:
        if outside(req.url):
            problems.append(f"request to another origin: {req.url}")

    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", on_request)
    # A request cut short because the test navigated on is no failure of the site.
    page.on("requestfailed", lambda r: outside(r.url) or "ERR_ABORTED" in (r.failure or "")
            or problems.append(f"failed request: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(
        f"HTTP {r.status}: {r.url}"))
    page.context.route(lambda url: outside(url), lambda route: route.abort())
    yield problems
    assert not problems, "\n".join(problems)
