"""The one way the site is built: every edition, strictly, with the project as MkDocs'
working directory, then what production serves it with (tools/nginx.py: precompressed
files, headers, the nginx configuration). The Makefile, the test suite, the benchmarks
and the PDF export all build through here, so all of them see exactly what `make build`
produces.

    python -m tools.site build [--site-dir site]     every edition: English into site/,
                                                     each other one into site/<lang>/
    python -m tools.site serve [--edition it]        every edition, the one edited rebuilt

Also serves a built site on loopback, for the tests, the benchmarks and the PDF export.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

from mkdocs.utils.yaml import yaml_load

from tools import nginx

ROOT = Path(__file__).resolve().parent.parent
# Material and mkdocs-redirects print banners about MkDocs 2 on every build; the project
# stays on MkDocs 1.6.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
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
PROJECT_PARTS = ["docs", "snippets", "strings", "templates", "overrides", "hooks", "data"]


@dataclass(frozen=True)
class Edition:
    lang: str
    config: str  # the config file, relative to the project
    folder: str  # below the site's root: "" for the first edition, "it/"


def editions(project: Path = ROOT) -> list[Edition]:
    """The editions mkdocs.yml lists (extra.alternate), the first at the site's root; each
    other one is built from mkdocs.<lang>.yml."""
    with (project / "mkdocs.yml").open(encoding="utf-8") as file:
        alternate = yaml_load(file)["extra"]["alternate"]
    return [Edition(e["lang"], "mkdocs.yml" if i == 0 else f"mkdocs.{e['lang']}.yml",
                    "" if i == 0 else e["link"].strip("/") + "/")
            for i, e in enumerate(alternate)]


def copy_project(destination: Path) -> Path:
    """A copy of everything the build reads, for tests that change it."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, destination / part)
    for config in ROOT.glob("mkdocs*.yml"):
        shutil.copy(config, destination / config.name)
    return destination


def _mkdocs(project: Path, *arguments: str, site_url: str | None = None, **options):
    env = {**os.environ, **QUIET, **({"PEC_SITE_URL": site_url} if site_url else {})}
    # The project is the working directory, whatever the caller's: the build reads its
    # own snippets, strings and templates, never those of the folder it was started in.
    return subprocess.run([sys.executable, "-m", "mkdocs", *arguments], cwd=project, env=env,
                          **options)


def build_site(project: Path, site_dir: Path, site_url: str | None = None,
               only: str | None = None) -> subprocess.CompletedProcess:
    """Build every edition of `project` strictly into `site_dir` (or only the edition of
    language `only`, into its folder), as `make build` does. Stops at the first edition
    that fails; the result carries the output of every edition built."""
    output = []
    for edition in editions(project):
        if only and edition.lang != only:
            continue
        # The first edition is built first: MkDocs empties its site folder, the others'
        # folders included.
        result = _mkdocs(project, "build", "--strict", "--config-file", edition.config,
                         "--site-dir", str(Path(site_dir).resolve() / edition.folder),
                         site_url=site_url, capture_output=True, text=True)
        output.append(result.stderr)
        if result.returncode != 0:
            break
    else:
        if not only:
            nginx.publish(Path(site_dir), [e.folder for e in editions(project)[1:]])
    return subprocess.CompletedProcess(result.args, result.returncode, "", "".join(output))


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
def serve_directory(site_dir: Path) -> Iterator[str]:
    """Serve a built site's files on a free loopback port, as they are (no headers, no
    compression): for the PDF export, which only reads them. Yields the address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SERVED.add(f"127.0.0.1:{server.server_port}")
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def served_site(site_dir: Path, project: Path = ROOT) -> Iterator[str]:
    """Build `project` into `site_dir` and serve it as production does, with nginx on a
    free loopback port (tools/nginx.py); yields its address, ending in "/".

    The address is chosen first because Material's instant navigation follows only links
    that match the sitemap, which is written with `site_url`.
    """
    port = nginx.free_port()
    result = build_site(project, site_dir, site_url=f"http://127.0.0.1:{port}/")
    if result.returncode != 0:
        raise RuntimeError(f"strict build failed:\n{result.stderr}")
    with nginx.serve(site_dir, port) as url:
        SERVED.add(f"127.0.0.1:{port}")
        yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build every edition strictly")
    build.add_argument("--site-dir", type=Path, default=ROOT / "site")
    build.add_argument("--site-url", help="the address the site is served at, when not "
                       "production's (mkdocs.yml): instant navigation and the language "
                       "selector follow only links under it")
    serve = commands.add_parser("serve", help="serve every edition, rebuilding the edited one on every change")
    serve.add_argument("--edition", default=editions()[0].lang,
                       choices=[edition.lang for edition in editions()])
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args()
    if args.command == "build":
        result = build_site(ROOT, args.site_dir, site_url=args.site_url)
        sys.stderr.write(result.stderr)
        return result.returncode
    edition = next(e for e in editions() if e.lang == args.edition)
    # MkDocs takes this process's place, so Ctrl+C (or a signal) stops the server itself.
    os.chdir(ROOT)
    os.execve(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "--config-file",
                               edition.config, "--dev-addr", args.dev_addr],
              {**os.environ, **QUIET})


if __name__ == "__main__":
    sys.exit(main())
