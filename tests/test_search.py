"""Search: a result lands on its entry, on a phone as on a desktop, through Material's
instant navigation; an error code's best result is its entry, not the page's table."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import assert_landed, frames, instant_ready

TROUBLESHOOTING = "troubleshooting/"
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


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


def result_for(page: Page, query: str, entry: str):
    """The search result for `query` that links to the troubleshooting entry `entry`,
    unfolded from "… more on this page" where it is folded there. Material redraws the
    results at each key, so only a link carrying the whole query (`?h=`) is the last one's:
    an earlier list could be replaced under the tap."""
    href = f'a[href$="{TROUBLESHOOTING}?h={query.lower()}#{entry}"]'
    link = page.locator(f".md-search-result__item {href}").first
    expect(link).to_be_attached()
    more = page.locator("details.md-search-result__more", has=page.locator(href))
    if more.count() and not more.evaluate("details => details.open"):
        press(page, more.locator("summary"))
    expect(link).to_be_visible()
    return link


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
    result = page.locator(f'.md-search-result__item a[href$="{TROUBLESHOOTING}?h=0x800ccc0e"]').first
    press(page, result)
    expect(page).to_have_url(f"{edition.base_url}{TROUBLESHOOTING}?h=0x800ccc0e")
    # Once the search has let the page go (Material puts it back where it was) and gone.
    page.wait_for_function("""() => !document.body.hasAttribute('data-md-scrolllock')
        && !document.querySelector('.md-search').getAnimations({ subtree: true }).length""")
    frames(page)
    assert page.evaluate("scrollY") == 0
