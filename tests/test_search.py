"""Search: a result lands on its entry, on a phone as on a desktop, through Material's
instant navigation; an error code's best result is its entry, not the page's table."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import PHONE, assert_landed, frames, instant_ready

TROUBLESHOOTING = "troubleshooting/"
DEVICES = {
    "phone": PHONE,
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

# Resolves once the search has stopped moving (it slides in as it opens) and its results
# have not changed for a quarter of a second.
STILL = """async () => {
    const search = document.querySelector(".md-search");
    for (let moving; (moving = search.getAnimations({ subtree: true })).length;) {
        await Promise.allSettled(moving.map(animation => animation.finished));
    }
    await new Promise(resolve => {
        const done = () => { observer.disconnect(); resolve(); };
        let timer = setTimeout(done, 250);
        const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 250); });
        observer.observe(search, { childList: true, subtree: true, characterData: true });
    });
}"""


def press(page: Page, target) -> None:
    """A tap where the device has touch, a click elsewhere."""
    if page.evaluate("matchMedia('(pointer: coarse)').matches"):
        target.tap()
    else:
        target.click()


def search(page: Page, query: str) -> None:
    """Open the search (the header's button on a phone, the field on a desktop) and type."""
    field = page.locator(".md-search__input")
    button = page.locator('label.md-header__button[for="__search"]')
    press(page, button if button.is_visible() else field)
    expect(field).to_be_focused()
    field.press_sequentially(query)


def results(page: Page, query: str):
    """The result groups (one per page, best first) of the whole `query`. Material redraws
    the results at each key, so only a list whose links carry the whole query (`?h=`) is
    the last one's: an earlier list could be replaced under the tap."""
    groups = page.locator(".md-search-result__list > li")
    expect(groups.locator(f'a[href*="?h={query.lower()}"]').first).to_be_attached()
    # A tap on a result still moving or being replaced is refused by Playwright's check
    # of what it hits, which cancels the touch (Chromium logs that as a console error), so
    # tap once the search and its results are still.
    page.evaluate(STILL)
    return groups


def result_for(page: Page, query: str, entry: str):
    """The search result for `query` that links to the troubleshooting entry `entry`."""
    results(page, query)
    link = page.locator(f'.md-search-result__item a[href$="{TROUBLESHOOTING}?h={query.lower()}#{entry}"]')
    expect(link).to_be_visible()
    return link


def test_an_error_code_finds_its_entry_first(new_context, edition):
    """The error code's entry heads the first group, in view: not the page (whose index
    table names every code, and which Material ranks above its sections) nor folded into
    "… more on this page". The index table is left out of the search index for this."""
    page = new_context(**DEVICES["desktop"]).new_page()
    page.goto("")
    instant_ready(page)
    search(page, "0x800CCC0E")
    first = results(page, "0x800CCC0E").first
    links = first.locator("a")
    expect(links.first).to_have_attribute("href", re.compile(rf"/{re.escape(edition.folder)}{TROUBLESHOOTING}\?h="))
    expect(links.nth(1)).to_have_attribute("href", re.compile(r"\?h=0x800ccc0e#cannot-connect$"))
    expect(links.nth(1)).to_be_visible()


@pytest.mark.parametrize("form", DEVICES)
@pytest.mark.parametrize("start", ["", TROUBLESHOOTING])
def test_a_result_lands_on_its_entry(new_context, edition, form, start):
    """From another page (instant navigation brings the page) and from the page itself
    (only the fragment changes): the entry's heading below the header, focused."""
    page = new_context(**DEVICES[form]).new_page()
    page.goto(start)
    instant_ready(page)
    page.evaluate("window.pecSameDocument = true")
    search(page, "0x800CCC0E")
    press(page, result_for(page, "0x800CCC0E", "cannot-connect"))
    expect(page).to_have_url(f"{edition.base_url}{TROUBLESHOOTING}?h=0x800ccc0e#cannot-connect")
    assert page.evaluate("window.pecSameDocument === true"), "expected an instant navigation"
    assert_landed(page, "cannot-connect")


def test_a_page_result_opens_the_page_at_its_top_on_a_phone(new_context, edition):
    """The search holds the page it covers in place, and gives it back at the reader's
    offset as it closes: the page a result brings must not open at that offset."""
    page = new_context(**DEVICES["phone"]).new_page()
    page.goto("outlook/imap/")
    instant_ready(page)
    page.evaluate("scrollTo(0, 3000)")
    page.wait_for_function("scrollY >= 3000")
    search(page, "0x800CCC0E")
    # The page's own result heads the group of its entries.
    group = results(page, "0x800CCC0E").filter(has=page.locator(f'a[href*="{TROUBLESHOOTING}?h="]')).first
    press(page, group.locator("a").first)
    expect(page).to_have_url(re.compile(rf"{re.escape(edition.base_url + TROUBLESHOOTING)}\?h=[^#]*$"))
    # Once the search has let the page go (Material puts it back where it was) and gone.
    page.wait_for_function("""() => !document.body.hasAttribute('data-md-scrolllock')
        && !document.querySelector('.md-search').getAnimations({ subtree: true }).length""")
    frames(page)
    assert page.evaluate("scrollY") == 0
