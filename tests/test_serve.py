"""`make serve`: the edit-and-reload server of one edition, with the PDFs of the last full
build, so the guides' download links work while editing."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from project import load_documents
from tools.nginx import free_port
from tools.site import QUIET, ROOT


@pytest.fixture
def dev_server(exported, edition):
    """`python -m tools.site serve` (what `make serve` runs), for the edition, with the
    test run's exported PDFs as the last build."""
    port = free_port()
    env = {**os.environ, **QUIET, "PEC_BUILT_SITE": str(exported)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tools.site", "serve", "--edition", edition.lang,
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(root, timeout=2)
            break
        except OSError:
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.5)
    yield root
    server.terminate()
    output, _ = server.communicate(timeout=30)
    assert "serving those of the last `make pdf`" in output


def test_the_dev_server_offers_the_pdfs(dev_server):
    for document in load_documents():
        with urllib.request.urlopen(f"{dev_server}pdf/{document['file']}", timeout=10) as response:
            assert response.status == 200
            assert response.read(5) == b"%PDF-"
