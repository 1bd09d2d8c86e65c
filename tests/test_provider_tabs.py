"""Provider tabs: each tab shows exactly the data file's values, tabs are linked across the
whole site and remembered, and every value has a copy button."""

import re

import pytest
from playwright.sync_api import Page, expect

from tabs import checked_tabs

GUIDES = {"imap": "/outlook/imap/", "pop": "/outlook/pop/"}
OTHER = "Other provider"


def tab_set(page: Page, step_id: str):
    """The provider tabs of the step whose heading has `step_id`."""
    return page.locator(f"h2#{step_id} ~ .tabbed-set").first


def select(tabs, label: str):
    tabs.locator(".tabbed-labels > label", has_text=label).click()
    return tabs.locator(".tabbed-block:visible")


def visible_values(block) -> list[str]:
    return block.locator("code.pec-value:visible").all_inner_texts()


@pytest.mark.parametrize("protocol", GUIDES)
def test_each_tab_shows_the_data_files_values(page: Page, providers, protocol):
    page.goto(GUIDES[protocol])
    incoming = tab_set(page, f"{protocol}-incoming-server")
    outgoing = tab_set(page, "outgoing-server")
    for tabs in (incoming, outgoing):
        labels = tabs.locator(".tabbed-labels > label").all_inner_texts()
        assert labels == [p["name"] for p in providers] + [OTHER]
    for p in providers:
        block = select(incoming, p["name"])
        assert visible_values(block) == [p[protocol]["host"], str(p[protocol]["port"])]
        expect(block).to_contain_text(p[protocol]["encryption"])
        expect(block.locator(".pec-source")).to_contain_text(str(p["checked"]))
        expect(block.locator(f'.pec-source a[href="{p["sources"]["hosts"]}"]')).to_have_count(1)
        block = select(outgoing, p["name"])
        assert visible_values(block) == [p["smtp"]["host"], str(p["smtp"]["port"])]
        for text in (p["smtp"]["encryption"], "requires authentication", "(SPA)", "Off"):
            expect(block).to_contain_text(text)


def test_legalmail_asks_for_the_user_id(page: Page, providers):
    page.goto(GUIDES["imap"])
    rules = {p["name"]: p["username"]["rule"] for p in providers}
    for name, rule in rules.items():
        block = select(tab_set(page, "imap-incoming-server"), name)
        row = block.locator("tr", has_text="IMAP username")
        if rule == "user-id":
            expect(row).to_contain_text("User ID")
            expect(row).to_contain_text("not your PEC address")
        else:
            expect(row).not_to_contain_text("User ID")


@pytest.mark.parametrize("protocol", GUIDES)
def test_other_provider_tab_says_where_to_find_the_host_names(page: Page, protocol):
    page.goto(GUIDES[protocol])
    block = select(tab_set(page, f"{protocol}-incoming-server"), OTHER)
    expect(block).to_contain_text("welcome e-mail")
    block = select(tab_set(page, "outgoing-server"), OTHER)
    expect(block).to_contain_text("welcome e-mail")


def test_choosing_a_provider_switches_every_tab_set_and_is_remembered(page: Page, providers):
    chosen = providers[1]["name"]
    page.goto(GUIDES["imap"])
    select(tab_set(page, "imap-incoming-server"), chosen)

    def assert_everywhere():
        # Every provider tab set (the New/Classic Outlook sets keep their own choice).
        checked = checked_tabs(page, [p["name"] for p in providers])
        assert len(checked) >= 2 and set(checked) == {chosen}

    assert_everywhere()
    # Instant navigation to the other guide …
    page.locator("nav.md-nav--primary a", has_text="With POP").first.click()
    expect(page).to_have_url(re.compile(re.escape(GUIDES["pop"]) + "$"))
    assert_everywhere()
    # … and a later visit in a new page load.
    page.goto(GUIDES["imap"])
    assert_everywhere()


def test_every_value_has_a_copy_button_named_after_it(page: Page):
    page.goto(GUIDES["imap"])
    values = page.locator("code.pec-value:visible")
    assert values.count() > 0
    for i in range(values.count()):
        value = values.nth(i)
        button = value.locator("xpath=following-sibling::button[1]")
        expect(button).to_have_accessible_name("Copy to clipboard")
        expect(button).to_have_accessible_description(value.text_content())


def test_copy_button_puts_the_value_on_the_clipboard(page: Page, providers):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(GUIDES["imap"])
    block = select(tab_set(page, "outgoing-server"), providers[0]["name"])
    button = block.locator("code.pec-value:visible + button").first
    button.click()
    # Seen beside the button, and heard through the live region.
    expect(button).to_have_attribute("data-pec-copied", "Copied to clipboard")
    expect(page.get_by_role("status")).to_have_text("Copied to clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == providers[0]["smtp"]["host"]


def test_copy_buttons_are_not_duplicated_by_instant_navigation(page: Page):
    page.goto(GUIDES["imap"])
    count = page.locator("button.pec-copy").count()
    for _ in range(3):
        page.locator("nav.md-nav--primary a", has_text="With POP").first.click()
        expect(page).to_have_url(re.compile(re.escape(GUIDES["pop"]) + "$"))
        page.locator("nav.md-nav--primary a", has_text="With IMAP").first.click()
        expect(page).to_have_url(re.compile(re.escape(GUIDES["imap"]) + "$"))
    expect(page.locator("button.pec-copy")).to_have_count(count)
    assert count == page.locator("code.pec-value").count()
