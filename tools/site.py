"""The one way the site is built: every edition, strictly, with the project as MkDocs'
working directory, then what production serves it with (tools/nginx.py: precompressed
files, headers, the nginx configuration). The Makefile, the test suite, the benchmarks
and the PDF export all build through here, so all of them see exactly what `make build`
produces.

    python -m tools.site build [--site-dir site]     every edition: English into site/,
                                                     each other one into site/<lang>/
    python -m tools.site serve [--edition it]        every edition, the one edited rebuilt

Both take `--engine properdocs` to build with ProperDocs, the drop-in fork of MkDocs 1.6
that tests/test_engines.py holds to the same output (`make build-properdocs`): the way out
if MkDocs 1.6.1 stops installing or working.

Also serves a built site on loopback, for the tests, the benchmarks and the PDF export.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
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


# The engines a build can run on, by the module `python -m` runs. ProperDocs reads the same
# mkdocs.yml (passed by name), runs the same plugins and hooks, and redirects the hooks'
# `mkdocs.*` imports to its own modules.
ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = ENGINES[0]


def _mkdocs(project: Path, *arguments: str, site_url: str | None = None,
            engine: str = DEFAULT_ENGINE, **options):
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    env = {**os.environ, **QUIET, **({"PEC_SITE_URL": site_url} if site_url else {})}
    # The project is the working directory, whatever the caller's: the build reads its
    # own snippets, strings and templates, never those of the folder it was started in.
    return subprocess.Popen([sys.executable, "-m", engine, *arguments], cwd=project, env=env,
                            **options)


def build_site(project: Path, site_dir: Path, site_url: str | None = None,
               only: str | None = None,
               engine: str = DEFAULT_ENGINE) -> subprocess.CompletedProcess:
    """Build every edition of `project` strictly into `site_dir` (or only the edition of
    language `only`, into its folder), as `make build` does. The editions build at the
    same time, one MkDocs process each; the first to fail stops the others. The result
    carries the output of every edition, in order."""
    site_dir = Path(site_dir).resolve()
    chosen = [e for e in editions(project) if not only or e.lang == only]
    # MkDocs empties the folder it builds into, so an edition below the first one's folder
    # (it/ in site/) is built apart while the first builds, and moved in after.
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    apart = {e.lang: Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-{e.lang}-", dir=site_dir.parent))
             for e in chosen if e.folder and not only}
    builds = {e.lang: _mkdocs(project, "build", "--strict", "--config-file", e.config, "--site-dir",
                              str(apart.get(e.lang, site_dir / e.folder)), site_url=site_url, engine=engine,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for e in chosen}
    output: dict[str, str] = {}
    try:
        with ThreadPoolExecutor(len(builds)) as pool:
            running = {pool.submit(build.communicate): lang for lang, build in builds.items()}
            for done in as_completed(running):
                output[running[done]] = done.result()[1]
                if builds[running[done]].returncode != 0:
                    for build in builds.values():
                        if build.poll() is None:
                            build.terminate()
        codes = [builds[e.lang].returncode for e in chosen]
        failed = next((code for code in codes if code != 0), 0)
        if not failed:
            for e in chosen:
                if e.lang in apart:
                    shutil.rmtree(site_dir / e.folder, ignore_errors=True)
                    shutil.move(apart.pop(e.lang), site_dir / e.folder)
            if not only:
                nginx.publish(site_dir, [e.folder for e in editions(project)[1:]])
    finally:
        for folder in apart.values():
            shutil.rmtree(folder, ignore_errors=True)
    return subprocess.CompletedProcess(builds[chosen[0].lang].args, failed, "",
                                       "".join(output.get(e.lang, "") for e in chosen))


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
    build.add_argument("--site-url", help="the address the site is served at (make build "
                       "SITE_URL=…): instant navigation and the language selector follow "
                       "only links under it, and the PDFs print and link it; without it, "
                       "mkdocs.yml's placeholder, which no PDF prints")
    serve = commands.add_parser("serve", help="serve every edition, rebuilding the edited one on every change")
    for command in (build, serve):
        command.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                             help="what builds the site: MkDocs, or ProperDocs, its drop-in "
                             "fork (default: %(default)s)")
    serve.add_argument("--edition", default=editions()[0].lang,
                       choices=[edition.lang for edition in editions()])
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args()
    if args.command == "build":
        result = build_site(ROOT, args.site_dir, site_url=args.site_url, engine=args.engine)
        sys.stderr.write(result.stderr)
        return result.returncode
    edition = next(e for e in editions() if e.lang == args.edition)
    # MkDocs takes this process's place, so Ctrl+C (or a signal) stops the server itself.
    os.chdir(ROOT)
    os.execve(sys.executable, [sys.executable, "-m", args.engine, "serve", "--config-file",
                               edition.config, "--dev-addr", args.dev_addr],
              {**os.environ, **QUIET})


if __name__ == "__main__":
    sys.exit(main())
