"""Shared fixtures: one strict build of every edition, served on loopback for the whole
run; an `edition` parameter, so that every browser test runs in every language; and a
guard on every browser context a test opens (`new_context`, and through it `context` and
`page`) that fails the test on console errors, failed requests or any request to
another origin.

With pytest-xdist (`make test` runs two workers) the controlling process builds and serves
the site once, before the workers start, and hands each worker its folder and address;
the PDF export runs once, in whichever worker asks first, the other waiting for it."""

from __future__ import annotations

import contextlib
import fcntl
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext

from project import Words, load_catalogues, load_documents, load_providers, load_registry
from tools.site import ROOT, SERVED, chromium_launch_options, editions, served_site, sitemap_urls

EDITIONS = editions()
# The site the controlling process of an xdist run built and serves: (folder, address).
SHARED_SITE = pytest.StashKey[tuple[str, str]]()
# Module fixtures that build a changed site: with `--dist loadgroup` (the Makefile's),
# every test using one runs in the same worker, so each is built once.
BUILDS_ONCE = {"changed_site", "sites"}


def distributed(config: pytest.Config) -> bool:
    """Whether this is the controlling process of an xdist run, which starts the workers."""
    return not hasattr(config, "workerinput") and bool(config.getoption("numprocesses", None))


def pytest_configure(config: pytest.Config) -> None:
    if not distributed(config):
        return
    stack = contextlib.ExitStack()
    config.add_cleanup(stack.close)
    site_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pec-tests-"))) / "site"
    url = stack.enter_context(served_site(site_dir))
    config.stash[SHARED_SITE] = (str(site_dir), url)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: each worker learns where the controller's site is."""
    node.workerinput["pec_site"] = node.config.stash[SHARED_SITE]


# Before xdist's own, which reads the marks.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for name in BUILDS_ONCE.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}.{name}"))


@dataclass(frozen=True)
class Edition:
    """One language of the site as the tests see it."""

    lang: str
    folder: str  # below the site's root: "" or "it/"
    base_url: str  # the edition's home page, ending in "/": page.goto("outlook/imap/")
    site_dir: Path  # the edition's folder in the built site
    words: Words

    def t(self, key: str, **values) -> str:
        return self.words.t(key, **values)


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One strict build of every edition, served on loopback for the whole run: (folder, URL).
    An xdist worker gets the one its controller built (pytest_configure)."""
    shared = getattr(request.config, "workerinput", {}).get("pec_site")
    if shared:
        folder, url = shared
        SERVED.add(urlsplit(url).netloc)
        yield Path(folder), url
        return
    site_dir = tmp_path_factory.mktemp("site")
    with served_site(site_dir) as url:
        yield site_dir, url


@pytest.fixture(scope="session", params=[e.lang for e in EDITIONS])
def edition(request, built_site) -> Edition:
    """Each edition in turn. The tests that use a page (through base_url) run once for each."""
    site_dir, url = built_site
    folder = next(e.folder for e in EDITIONS if e.lang == request.param)
    return Edition(request.param, folder, url + folder, site_dir / folder,
                   load_catalogues()[request.param])


@pytest.fixture(scope="session")
def site_dir(edition: Edition) -> Path:
    return edition.site_dir


@pytest.fixture(scope="session")
def base_url(edition: Edition) -> str:
    """Overrides pytest-base-url, so `page.goto("outlook/imap/")` reaches the edition."""
    return edition.base_url


@pytest.fixture(scope="session")
def providers() -> list[dict]:
    return load_providers()["providers"]


@pytest.fixture(scope="session")
def organisations() -> list[dict]:
    """Public bodies' address domains, which no provider's preset serves."""
    return load_providers()["organisations"]


@pytest.fixture(scope="session")
def registry() -> dict[str, dict]:
    return load_registry()


@pytest.fixture(scope="session")
def exported(built_site) -> Path:
    """Run the export exactly as `make pdf` does, on the site the tests serve; once for
    every edition. Workers sharing the site take turns on a lock beside it: the first
    exports and keeps the export's output there, the others read it."""
    site_dir = built_site[0]
    kept = site_dir.parent / f"{site_dir.name}.export-output"
    with (site_dir.parent / f"{site_dir.name}.export-lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.exists():
            stdout = kept.read_text()
        else:
            result = subprocess.run([sys.executable, "-m", "tools.pdf", str(site_dir)], cwd=ROOT,
                                    capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            stdout = result.stdout
            kept.write_text(stdout)
    # One progress line per PDF: its pages, size and time.
    for document in load_documents():
        assert len(re.findall(rf"{re.escape(document['file'])}\s+\d+ pages\s+\d+ KB\s+[\d.]+ s",
                              stdout)) == len(EDITIONS)
    return site_dir


@pytest.fixture(scope="session")
def pdfs(exported, site_dir: Path) -> dict[str, Path]:
    """The edition's PDFs, by file name."""
    return {d["file"]: site_dir / "pdf" / d["file"] for d in load_documents()}


@pytest.fixture(scope="session")
def page_paths(edition: Edition) -> list[str]:
    """Every page of the edition, read from its sitemap so new pages are covered: addresses
    below the edition's home page ("" for the home page itself)."""
    return [url.removeprefix(edition.base_url) for url in sitemap_urls(edition.site_dir)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, **chromium_launch_options()}


def outside(url: str) -> bool:
    """Whether a request goes anywhere but the sites this run serves on loopback."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc not in SERVED


def guard(context: BrowserContext, problems: list[str]) -> BrowserContext:
    """Record in `problems` whatever goes wrong on any page of `context`: console errors
    (a Content Security Policy violation is one), uncaught errors, failed requests, HTTP
    errors and requests to other origins, which are also aborted, so a test can never
    reach the network."""

    def on_request(req) -> None:
        if outside(req.url):
            problems.append(f"request to another origin: {req.url}")

    context.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    context.on("weberror", lambda e: problems.append(f"page error: {e.error}"))
    context.on("request", on_request)
    # A request cut short because the test navigated on is no failure of the site.
    context.on("requestfailed", lambda r: outside(r.url) or "ERR_ABORTED" in (r.failure or "")
               or problems.append(f"failed request: {r.url} ({r.failure})"))
    context.on("response", lambda r: r.status >= 400 and problems.append(
        f"HTTP {r.status}: {r.url}"))
    context.route(lambda url: outside(url), lambda route: route.abort())
    return context


@pytest.fixture(autouse=True)
def page_problems() -> list[str]:
    """What went wrong on any page of any browser context the test opened (`guard`): the
    test fails on any of it. A test may read it as it goes, or clear what it caused on
    purpose."""
    problems: list[str] = []
    yield problems
    assert not problems, "\n".join(problems)


@pytest.fixture
def new_context(new_context: Callable[..., BrowserContext], page_problems: list[str]):
    """pytest-playwright's factory of browser contexts (the edition's base_url, closed at
    the end of the test, even a failed one), each context guarded (`guard`). The `context`
    and `page` fixtures come from it, so every page a test opens is watched: open more
    with `new_context(color_scheme="dark", ...)`, never with `browser.new_context`."""

    def guarded(**options) -> BrowserContext:
        return guard(new_context(**options), page_problems)

    return guarded
