"""Integrity: a crawler walks the built site from the home page and every internal link,
anchor, asset and PDF resolves; offline, every page works and search finds the guides."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import Page, expect


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel") == "canonical"):
                self.urls.append(attributes[name])


def parse(file: Path) -> _Links:
    parser = _Links()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def file_for(site_dir: Path, path: str) -> Path:
    target = site_dir / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_crawl_from_the_home_page(site_dir: Path, base_url: str, pdfs):
    root = base_url
    todo, seen, broken = [root], set(), []
    pages: dict[str, _Links] = {}
    anchors: list[tuple[str, str, str]] = []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        # The site folder holds the edition, which may sit below the server's root (/it/).
        target = file_for(site_dir, urlsplit(url).path.removeprefix(urlsplit(root).path.rstrip("/")))
        if not target.is_file():
            broken.append(url)
            continue
        if target.suffix != ".html":
            continue
        pages[url] = parse(target)
        for link in pages[url].urls:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if not absolute.startswith(root) or parts.scheme not in ("http", "https"):
                continue  # another site, mailto: or data:
            bare = absolute.split("#")[0].split("?")[0]
            todo.append(bare)
            if parts.fragment:
                anchors.append((url, bare, unquote(parts.fragment)))
    assert not broken, f"broken: {broken}"
    for source, page_url, fragment in anchors:
        if page_url in pages:
            assert fragment in pages[page_url].ids, f"{source} → {page_url}#{fragment}"
    # The crawl reached every page of the sitemap and every PDF.
    assert all(any(url.endswith(f"pdf/{name}") for url in seen) for name in pdfs)
    assert len([url for url in seen if url.endswith("/")]) >= 7


# A search for each edition's words for the incoming server, found in both guides.
INCOMING_SERVER = {"en": "incoming server", "it": "server in arrivo"}


def test_offline_every_page_works_and_search_finds_the_guides(page: Page, edition, page_paths):
    # The page guard in conftest.py already aborts every request that is not loopback.
    page.context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    for path in page_paths:
        response = page.goto(path)
        assert response.ok
    page.goto("")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(INCOMING_SERVER[edition.lang])
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    hrefs = results.evaluate_all("as => as.map(a => a.href)")
    assert any("/outlook/imap/" in href for href in hrefs)
    assert any("/outlook/pop/" in href for href in hrefs)
