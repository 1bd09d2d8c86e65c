"""`make serve`: the edit-and-reload server of the edition being edited, with every other
edition beside it and the PDFs of the last full build, so the language selector and the
guides' download links work while editing."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from project import load_documents
from tools.nginx import free_port
from tools.site import QUIET, ROOT, SERVED, editions



@contextlib.contextmanager
def running_dev_server(edition, env: dict):
    """`python -m tools.site serve` (what `make serve` runs) for the edition; yields the
    site's root address and, once stopped, leaves its output in `output[0]`."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tools.site", "serve", "--edition", edition.lang,
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, **QUIET, **env}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    root = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(root + edition.folder, timeout=2)
            break
        except OSError:
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.5)
    SERVED.add(f"127.0.0.1:{port}")
    output = []
    try:
        yield root, output
    finally:
        SERVED.discard(f"127.0.0.1:{port}")
        # As Ctrl+C does: MkDocs then removes its temporary folders.
        server.send_signal(signal.SIGINT)
        output.append(server.communicate(timeout=60)[0])


@pytest.fixture
def dev_server(exported, edition):
    """The dev server, with the test run's exported PDFs as the last build."""
    with running_dev_server(edition, {"PEC_BUILT_SITE": str(exported)}) as (root, output):
        yield root
    assert "serving those of the last `make pdf`" in output[0]


def test_the_dev_server_serves_every_edition(page: Page, edition):
    """The language selector of the edition being edited leads to the other edition's
    same page, as it does for readers, and back."""
    target = next(e for e in editions() if e.lang != edition.lang)
    with running_dev_server(edition, {}) as (root, _):
        page.goto(f"{root}{edition.folder}outlook/imap/")
        for there, back in [(target, edition), (edition, target)]:
            page.locator(".md-header__option .md-select").hover()
            page.locator(f'.md-select__link[hreflang="{there.lang}"]').click()
            expect(page).to_have_url(f"{root}{there.folder}outlook/imap/")
            expect(page.locator("html")).to_have_attribute("lang", there.lang)
            expect(page.locator("h1")).to_have_count(1)
        # Closed while the server still runs: its live-reload poll and search worker would
        # otherwise go on asking a stopped server (and one no longer this run's).
        page.close()


def test_the_dev_server_offers_the_pdfs(dev_server):
    for document in load_documents():
        with urllib.request.urlopen(f"{dev_server}pdf/{document['file']}", timeout=10) as response:
            assert response.status == 200
            assert response.read(5) == b"%PDF-"
