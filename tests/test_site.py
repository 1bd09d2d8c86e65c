"""The site as a whole: every page loads cleanly, and the navigation reaches every page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import GUIDES, built_page, instant_ready, mounted, settled
from tools.site import ROOT


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


def test_every_page_has_a_description(site_dir, page_paths):
    for path in page_paths:
        description = built_page(site_dir, path).find("meta", name="description").attrs.get("content")
        assert description and len(description) > 50, path


def test_every_page_title_names_the_site_once(site_dir, page_paths):
    """The title is what a tab, a bookmark and a search result show: the home page's says
    what the site is for ("Set up PEC in Outlook 365 — IMAP and POP guides"), never the
    site's name twice ("PEC in Outlook 365 - PEC in Outlook 365"). Read from the built
    pages: no script of ours touches the title on arrival (guided mode does, once on)."""
    site_name = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(), re.M)[1]
    for path in page_paths:
        title = built_page(site_dir, path).find("title").text()
        assert title.count(site_name) == 1, f"{path}: {title!r}"
        if path == "":
            assert len(title) > len(site_name) + 10, title


def test_instant_navigation_reaches_every_page(page: Page, base_url, page_paths):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("")
    instant_ready(page)
    # A full page load would wipe this marker; Material's instant navigation keeps it.
    page.evaluate("window.pecMarker = true")
    for shown, path in enumerate(page_paths[1:] + [""], start=1):
        # Each page's features mounted before its links are read and one clicked: a mount
        # adds buttons and bars that move the links (a click landed on the old spot under
        # load, and the page stayed).
        mounted(page, views=shown)
        target = base_url + path
        links = page.locator("a[href]:visible")
        hrefs = links.evaluate_all("links => links.map(a => a.href.split('#')[0])")
        assert target in hrefs, f"no visible link from {page.url} to {path}"
        links.nth(hrefs.index(target)).click()
        expect(page).to_have_url(target)
        expect(page.locator("h1")).to_have_count(1)
        assert page.evaluate("window.pecMarker === true"), f"{path} was a full page load"


def test_scripts_never_block_the_first_paint(site_dir, page_paths):
    """Material's bundle is deferred (overrides/main.html) and our module runs after it:
    nothing the browser must run holds up the first paint of a page. (The modules of the
    features a page uses on its own, hooks/modules.py, are in its content, before both:
    they only register their mounts.)"""
    for path in page_paths:
        # As the build writes them: no script of ours adds a script element.
        scripts = [{"src": s.attrs["src"], "defer": "defer" in s.attrs, "module": s.attrs.get("type") == "module"}
                   for s in built_page(site_dir, path).find_all("script", src=True)]
        assert scripts, path
        assert all(s["defer"] or s["module"] for s in scripts), f"{path}: {scripts}"
        sources = [s["src"] for s in scripts]
        bundle = next(i for i, src in enumerate(sources) if "/bundle." in src)
        assert sources[-1].endswith("/main.js") and bundle < len(sources) - 1, path
        assert all("/features/" in src for src in sources[:bundle]), f"{path}: {sources}"


def test_transitions_come_back_once_the_page_has_started(page: Page, page_paths):
    """overrides/main.html puts on <body> the mark Material's palette sets while it
    switches (every transition off) before the page is parsed, so that Material setting
    it at start costs nothing; Material must still take it off as it starts, on every
    page, and after each switch of palette, or nothing on the site would ever animate."""
    started = "() => !document.body.hasAttribute('data-md-color-switching')"
    header_transition = "() => getComputedStyle(document.querySelector('.md-header__button')).transitionDuration"
    for path in page_paths:
        page.goto(path)
        page.wait_for_function(started)
        assert page.evaluate(header_transition) != "0s", path
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    page.wait_for_function(started)
    assert page.evaluate(header_transition) != "0s"


# Every layout shift the browser records while a page loads: when, what moved, and from
# where to where (x, y, width, height in the window), so that a failure says what to fix.
LAYOUT_SHIFTS = """
window.pecShifts = [];
{
const box = (rect) => [rect.x, rect.y, rect.width, rect.height].map(Math.round).join(",");
const record = (entries) => {
  for (const shift of entries) {
    if (!shift.hadRecentInput) window.pecShifts.push({
      value: shift.value,
      at: Math.round(shift.startTime),
      window: `${innerWidth}x${innerHeight}`,
      moved: shift.sources.map((source) => ({
        node: source.node?.nodeType === 1 ? `${source.node.tagName}.${source.node.className}` : "text",
        from: box(source.previousRect),
        to: box(source.currentRect),
      })),
    });
  }
};
const observer = new PerformanceObserver((list) => record(list.getEntries()));
observer.observe({type: "layout-shift", buffered: true});
// Every shift so far, those the observer has not been handed yet included.
window.pecTakeShifts = () => (record(observer.takeRecords()), window.pecShifts);
}
"""


@pytest.mark.parametrize("locale", ["en-GB", "it-IT"])
def test_nothing_moves_while_a_page_loads(new_context, page_paths, locale):
    """Whatever our scripts add (the guided-mode switch, the copy and step-link buttons,
    the offer of the reader's language) is in place from the first paint or takes no
    room: nothing the reader has started reading moves (Cumulative Layout Shift)."""
    page = new_context(locale=locale, viewport={"width": 1350, "height": 940}).new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    for path in page_paths:
        page.goto(path)
        # Every feature mounted and every step drawn, then drawn on screen: any shift
        # they caused is recorded.
        settled(page)
        shifts = page.evaluate("window.pecTakeShifts()")
        assert sum(shift["value"] for shift in shifts) < 0.01, f"{path}: {shifts}"
