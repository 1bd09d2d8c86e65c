"""The site as production serves it: the tests' server is nginx with the configuration the
build writes (tools/nginx.py), so every test sees production's headers. This module checks
those headers themselves, on every page, asset and PDF."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from playwright.sync_api import Page

from project import load_documents
from tests.helpers import mounted
from tools.nginx import COMMON_HEADERS, FINGERPRINTED, FRAME_ANCESTORS, IMMUTABLE, REVALIDATE

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def fetch(url: str, encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def assert_common(headers: dict[str, str], url: str):
    for name, value in COMMON_HEADERS.items():
        assert headers.get(name.lower()) == value, f"{url}: {name}"
    assert "nginx/" not in headers.get("server", ""), f"{url}: the server says its version"


def test_every_page_carries_its_policy_as_a_header(edition, site_dir, base_url, page_paths):
    for path in page_paths + ["imap/", "pop/"]:
        status, headers, body = fetch(base_url + path)
        assert status == 200, path
        assert_common(headers, path)
        meta = META.search(body.decode("utf-8"))[1].replace("&#39;", "'").replace("&quot;", '"')
        # The header is the page's own meta policy, plus what only a header can say.
        assert headers["content-security-policy"] == f"{meta}; {FRAME_ANCESTORS}", path
        assert headers["cache-control"] == REVALIDATE, path
        assert headers["content-type"].startswith("text/html; charset=utf-8"), path


def test_assets_are_cached_for_a_year_only_when_fingerprinted(site_dir, base_url):
    assets = [p.relative_to(site_dir).as_posix() for p in (site_dir / "assets").rglob("*")
              if p.is_file() and p.suffix in (".js", ".css", ".svg")]
    assert any(re.search(FINGERPRINTED, a) for a in assets)
    for asset in assets:
        status, headers, _ = fetch(base_url + asset)
        assert status == 200, asset
        assert_common(headers, asset)
        expected = IMMUTABLE if re.search(FINGERPRINTED, asset) else REVALIDATE
        assert headers["cache-control"] == expected, asset
        assert "content-security-policy" not in headers, asset


def test_pdfs_are_revalidated(exported, site_dir, base_url):
    for document in load_documents():
        status, headers, body = fetch(f"{base_url}pdf/{document['file']}")
        assert status == 200 and body[:5] == b"%PDF-"
        assert headers["content-type"] == "application/pdf"
        assert headers["cache-control"] == REVALIDATE
        assert_common(headers, document["file"])


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_files_are_served_precompressed(site_dir, base_url, encoding):
    for path in ["", "outlook/imap/", "assets/stylesheets/extra.css", "assets/javascripts/main.js",
                 "search/search_index.json", "sitemap.xml"]:
        status, headers, body = fetch(base_url + path, f"{encoding}, identity")
        assert status == 200
        assert headers.get("content-encoding") == encoding, path
        plain = brotli.decompress(body) if encoding == "br" else gzip.decompress(body)
        file = site_dir / (path + "index.html" if path.endswith("/") or not path else path)
        assert plain == file.read_bytes(), path


def test_a_missing_page_answers_404_in_its_language(edition, base_url):
    status, headers, body = fetch(base_url + "no/such/page/")
    assert status == 404
    assert f'<html lang="{edition.lang}"' in body.decode("utf-8")
    assert edition.t("notfound.title") in body.decode("utf-8")
    assert_common(headers, "404")
    assert headers["content-security-policy"].endswith(FRAME_ANCESTORS)


def test_no_listing_and_no_build_files(site_dir, base_url):
    assert fetch(base_url + "assets/")[0] in (403, 404)
    for name in ("_headers", "_nginx/server.conf", "_nginx/http.conf"):
        assert (site_dir.parent / name).exists() or (site_dir / name).exists()
        assert fetch(base_url + name)[0] == 404, name


def test_a_violation_is_still_reported(page: Page, page_problems):
    """The header enforces the policy: an injected inline script is blocked and reported."""
    page.goto("")
    mounted(page)  # nothing of the page's own is still to run
    page.evaluate("""() => {
        window.pecReported = [];
        document.addEventListener('securitypolicyviolation', e => window.pecReported.push(e.violatedDirective));
        const script = document.createElement('script');
        script.textContent = 'window.pecRan = true';
        document.body.append(script);
    }""")
    page.wait_for_function("() => window.pecReported.length > 0")
    assert page.evaluate("window.pecRan") is None
    assert page.evaluate("window.pecReported")[0].startswith("script-src")
    # The browser also logs the refusal: expected here, and only here.
    assert any("Content Security Policy" in problem for problem in page_problems)
    page_problems.clear()


def test_static_hosts_get_the_same_headers(site_dir):
    root = site_dir if (site_dir / "_headers").exists() else site_dir.parent
    rules = (root / "_headers").read_text(encoding="utf-8")
    for name, value in COMMON_HEADERS.items():
        assert f"  {name}: {value}" in rules
    page = (site_dir / "outlook" / "imap" / "index.html").read_text(encoding="utf-8")
    meta = META.search(page)[1].replace("&#39;", "'")
    assert f"  Content-Security-Policy: {meta}; {FRAME_ANCESTORS}" in rules


def test_preview_serves_until_ctrl_c(built_site):
    """`make preview` (python -m tools.nginx site): nginx on a fixed port, stopped cleanly
    by Ctrl+C, leaving the port free."""
    import signal
    import subprocess
    import sys
    import time

    from tools.nginx import free_port
    from tools.site import ROOT

    port = free_port()
    preview = subprocess.Popen([sys.executable, "-m", "tools.nginx", str(built_site[0]), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            status, headers, _ = fetch(url)
            break
        except OSError:
            time.sleep(0.1)
    assert status == 200 and headers["content-security-policy"]
    preview.send_signal(signal.SIGINT)
    output, _ = preview.communicate(timeout=20)
    assert preview.returncode == 0, output
    assert "stopped" in output
    with pytest.raises(OSError):
        fetch(url)
