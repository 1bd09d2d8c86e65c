"""Security: a strict Content Security Policy on every page, that nothing violates while
the reader uses the site; a referrer policy; no inline handlers or styles of our own."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import built_page, settled, step
from tools.site import ROOT

REQUIRED = ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]
# Collects every violation from the first moment of every document, before any script.
RECORD_VIOLATIONS = """
window.pecViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.pecViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def watched(page: Page) -> Page:
    page.add_init_script(RECORD_VIOLATIONS)
    yield page
    assert page.evaluate("window.pecViolations") == []


def test_every_page_has_a_strict_policy(site_dir, page_paths):
    for path in page_paths:
        built = built_page(site_dir, path)
        policy = built.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
        for directive in REQUIRED:
            assert directive in policy, f"{path}: {directive}"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        script_src = re.search(r"script-src ([^;]+)", policy)[1].split()
        assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:])
        assert built.find("meta", name="referrer").attrs["content"] == "strict-origin-when-cross-origin", path


def test_redirect_pages_have_the_policy_too(site_dir):
    page = (site_dir / "imap" / "index.html").read_text()
    assert 'http-equiv="Content-Security-Policy"' in page and "'sha256-" in page


def test_nothing_the_reader_never_downloads_is_published(site_dir, edition):
    assert not list(site_dir.rglob("*.map"))
    # The English edition's search never loads lunr's language packs (the offline search
    # test in test_integrity.py proves search works without them); the others' do.
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    assert lunr.exists() == (edition.lang != "en")
    for script in site_dir.rglob("*.js"):
        assert "sourceMappingURL" not in script.read_text(), script.name


def test_our_sources_hold_no_inline_handlers_or_styles():
    sources = [*ROOT.glob("overrides/**/*.html"), *ROOT.glob("docs/**/*.md"),
               *ROOT.glob("snippets/**/*.md"), *ROOT.glob("overrides/**/*.js"),
               *ROOT.glob("templates/**/*.j2"), *ROOT.glob("tools/*.js")]
    assert sources
    for source in sources:
        text = source.read_text()
        assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), f"inline event handler in {source}"
        assert not re.search(r"\sstyle\s*=", text), f"inline style in {source}"
        assert "innerHTML" not in text, f"innerHTML in {source}"


def test_no_violation_on_any_page(watched: Page, page_paths):
    for path in page_paths:
        watched.goto(path)
        settled(watched)  # every feature mounted, every step drawn
        assert watched.evaluate("window.pecViolations") == [], path


def test_no_violation_while_using_the_site(watched: Page, providers):
    page = watched
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    # The generator, its copy buttons and the linked tabs.
    page.goto("settings/")
    page.locator("#pec-address").press_sequentially("mario.rossi@pec.it")
    page.locator('[data-pec-slot="incoming.host"] + button').click()
    # Instant navigation, tabs, step-link buttons and landing on a step link.
    page.locator('nav.md-nav--primary a[href$="outlook/imap/"]').first.click()
    step(page, "imap-incoming-server").locator(".tabbed-set").first.get_by_text(providers[2]["name"], exact=True).click()
    page.locator("h2#outgoing-server .pec-step-link").click()
    page.goto("outlook/pop/?provider=aruba#pop-incoming-server")
    expect(page.locator("h2#pop-incoming-server")).to_be_focused()
    # Search, with its worker.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("smtps.pec.aruba.it")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert page.evaluate("window.pecViolations") == []
