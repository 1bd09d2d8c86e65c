"""The site as a whole: every page loads cleanly, and the navigation reaches every page."""

from playwright.sync_api import Page, expect

from tests.helpers import GUIDES


def test_sitemap_lists_the_pages(page_paths):
    assert {"", *GUIDES.values(), "imap-vs-pop/"} <= set(page_paths)


def test_every_page_loads_cleanly(page: Page, page_paths, page_problems):
    # page_problems fails the test on console errors, failed requests and other origins.
    for path in page_paths:
        response = page.goto(path)
        assert response is not None and response.ok, path
        expect(page.locator("h1")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        assert not page_problems, f"{path}: {page_problems}"


def test_every_page_has_a_description(page: Page, page_paths):
    for path in page_paths:
        page.goto(path)
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and len(description) > 50, path


def test_instant_navigation_reaches_every_page(page: Page, base_url, page_paths):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("")
    # Instant navigation starts intercepting links once it has read the sitemap.
    page.wait_for_load_state("networkidle")
    # A full page load would wipe this marker; Material's instant navigation keeps it.
    page.evaluate("window.pecMarker = true")
    for path in page_paths[1:] + [""]:
        target = base_url + path
        links = page.locator("a[href]:visible")
        hrefs = links.evaluate_all("links => links.map(a => a.href.split('#')[0])")
        assert target in hrefs, f"no visible link from {page.url} to {path}"
        links.nth(hrefs.index(target)).click()
        expect(page).to_have_url(target)
        expect(page.locator("h1")).to_have_count(1)
        assert page.evaluate("window.pecMarker === true"), f"{path} was a full page load"


def test_scripts_never_block_the_first_paint(page: Page, page_paths):
    """Material's bundle is deferred (overrides/main.html) and our module runs after it:
    nothing the browser must run holds up the first paint of a page."""
    for path in page_paths:
        page.goto(path)
        scripts = page.locator("script[src]").evaluate_all(
            "ss => ss.map(s => ({src: s.getAttribute('src'), defer: s.defer, module: s.type === 'module'}))")
        assert scripts, path
        assert all(s["defer"] or s["module"] for s in scripts), f"{path}: {scripts}"
        assert "bundle." in scripts[0]["src"] and scripts[-1]["src"].endswith("main.js"), path
