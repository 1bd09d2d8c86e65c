"""Shared fixtures: one strict build of the site, served on loopback for the whole run,
and a guard on every page that fails the test on console errors, failed requests or any
request to another origin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# Without these, Chromium phones home at start-up, and this machine refuses the calls.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build_site(project: Path, site_dir: Path, site_url: str | None = None):
    """Build `project` strictly into `site_dir`, as `make build` does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["PEC_SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=env,
    )


def system_chromium() -> str | None:
    """Debian's Chromium when installed; None lets Playwright use its own browser."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def providers() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "providers.yml").read_text())["providers"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory):
    """Build the site strictly, once, for the address it is then served at on loopback."""
    site_dir = tmp_path_factory.mktemp("site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site_dir)))
    url = f"http://127.0.0.1:{server.server_port}/"
    result = build_site(ROOT, site_dir, site_url=url)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_dir, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_dir(served_site) -> Path:
    return served_site[0]


@pytest.fixture(scope="session")
def base_url(served_site) -> str:
    """Overrides pytest-base-url, so `page.goto("/outlook/imap/")` reaches our server."""
    return served_site[1].rstrip("/")


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> list[str]:
    """Every page of the built site, read from its sitemap so new pages are covered."""
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    return [urlsplit(el.text).path for el in tree.iter() if el.tag.endswith("loc")]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if path := system_chromium():
        args["executable_path"] = path
    return args


@pytest.fixture(autouse=True)
def page_problems(request: pytest.FixtureRequest):
    """Collect what goes wrong on the page during a test, and fail the test on any of it.

    Requests to other origins are also aborted, so a test can never reach the network.
    """
    if "page" not in request.fixturenames:
        yield []
        return
    page = request.getfixturevalue("page")
    origin = urlsplit(request.getfixturevalue("base_url")).netloc
    problems: list[str] = []

    def outside(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != origin

    def on_request(req) -> None:
        if outside(req.url):
            problems.append(f"request to another origin: {req.url}")

    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", on_request)
    page.on("requestfailed", lambda r: outside(r.url) or problems.append(
        f"failed request: {r.url} ({r.failure})"))
    page.context.route(lambda url: outside(url), lambda route: route.abort())
    yield problems
    assert not problems, "\n".join(problems)
