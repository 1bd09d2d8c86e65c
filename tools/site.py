"""Build the site strictly and serve it on loopback: used by the PDF export, the test
suite and the benchmarks, so all of them see exactly what `make build` produces."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
# Without these, Chromium phones home at start-up, and this machine refuses the calls.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def sitemap_urls(site_dir: Path) -> list[str]:
    """Every page address of a built site, from its sitemap; the home page comes first."""
    return [el.text for el in ElementTree.parse(site_dir / "sitemap.xml").iter()
            if el.tag.endswith("loc")]


# host:port of every site this process serves: a page may load from these and no other.
SERVED: set[str] = set()

# What a build reads: copy these to build a changed version of the site in a test.
PROJECT_PARTS = ["mkdocs.yml", "docs", "snippets", "overrides", "hooks", "data"]


def copy_project(destination: Path) -> Path:
    """A copy of everything the build reads, for tests that change it."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, destination / part)
    return destination


def build_site(project: Path, site_dir: Path, site_url: str | None = None):
    """Build `project` strictly into `site_dir`, as `make build` does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
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


def chromium_launch_options() -> dict:
    """Playwright's launch options for every browser this project starts: the quiet
    arguments, and the machine's Chromium when there is one."""
    executable = system_chromium()
    return {"args": CHROMIUM_ARGS, **({"executable_path": executable} if executable else {})}


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_directory(site_dir: Path, server: ThreadingHTTPServer | None = None) -> Iterator[str]:
    """Serve a built site on a free loopback port; yields its address, ending in "/"."""
    server = server or _server(site_dir)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SERVED.add(f"127.0.0.1:{server.server_port}")
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _server(site_dir: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler
            ) -> ThreadingHTTPServer:
    return ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))


@contextlib.contextmanager
def served_site(site_dir: Path, project: Path = ROOT,
                handler: type[SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Build `project` into `site_dir` for the loopback address it is then served at
    (by `handler`, a quiet static server unless told otherwise).

    The address is chosen first because Material's instant navigation follows only links
    that match the sitemap, which is written with `site_url`.
    """
    server = _server(site_dir, handler)
    try:
        result = build_site(project, site_dir, site_url=f"http://127.0.0.1:{server.server_port}/")
        if result.returncode != 0:
            raise RuntimeError(f"strict build failed:\n{result.stderr}")
    except BaseException:
        server.server_close()
        raise
    with serve_directory(site_dir, server) as url:
        yield url
