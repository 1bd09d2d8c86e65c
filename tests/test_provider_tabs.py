"""Provider tabs: each tab shows exactly the data file's values, tabs are linked across the
whole site and remembered, and every value has a copy button."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import GUIDES, checked_tabs, label_text, step

# What the "Other provider" tabs tell a reader to look in, in each language.
WELCOME_MAIL = {"en": "welcome e-mail", "it": "e-mail di benvenuto"}


def tab_set(page: Page, step_id: str):
    """The provider tabs of the step `step_id`, scrolled into view as a reader reaches
    them (while the page starts, the browser draws only the steps near the screen:
    extra.css, features/step-drawing.js)."""
    tabs = step(page, step_id).locator(".tabbed-set").first
    tabs.scroll_into_view_if_needed()
    return tabs


def select(tabs, label: str):
    tabs.locator(".tabbed-labels > label", has_text=label).click()
    return tabs.locator(".tabbed-block:visible")


def visible_values(block) -> list[str]:
    return block.locator("code.pec-value:visible").all_inner_texts()


@pytest.mark.parametrize("protocol", GUIDES)
def test_each_tab_shows_the_data_files_values(page: Page, edition, providers, protocol):
    page.goto(GUIDES[protocol])
    other = edition.t("settings.other.name")
    incoming = tab_set(page, f"{protocol}-incoming-server")
    outgoing = tab_set(page, "outgoing-server")
    for tabs in (incoming, outgoing):
        labels = tabs.locator(".tabbed-labels > label").all_inner_texts()
        assert labels == [p["name"] for p in providers] + [other]
    for p in providers:
        block = select(incoming, p["name"])
        assert visible_values(block) == [p[protocol]["host"], str(p[protocol]["port"])]
        expect(block).to_contain_text(p[protocol]["encryption"])
        source_line = block.locator(".pec-source")
        expect(source_line).to_contain_text(str(p["checked"]))
        # Each value's source, linked, with what kind of source it is.
        for name, source in p["sources"].items():
            expect(source_line.locator(f'a[href="{source["url"]}"]').first).to_be_attached()
            expect(source_line).to_contain_text(edition.t(f"sources.kind.{source['kind']}"))
        block = select(outgoing, p["name"])
        assert visible_values(block) == [p["smtp"]["host"], str(p["smtp"]["port"])]
        expect(block).to_contain_text(p["smtp"]["encryption"])
        # Only the fields the reader meets on the form: the classic Outlook's SPA box is in
        # the step's own text, not in the table (the new Outlook's form has none).
        fields = block.locator("tbody tr td:first-child").all_inner_texts()
        assert fields == [label_text(edition.words, key) for key in
                          ("smtp_username", "smtp_password", "smtp_server", "port", "encryption")]


def test_legalmail_asks_for_the_user_id(page: Page, edition, providers):
    page.goto(GUIDES["imap"])
    for p in providers:
        block = select(tab_set(page, "imap-incoming-server"), p["name"])
        row = block.locator("tr", has_text=label_text(edition.words, "imap_username"))
        wording = " ".join(edition.t(f"providers.{p['id']}.username").replace("**", "").replace("`", "").split())
        expect(row).to_contain_text(wording)
        if p["username"] == "user-id":
            expect(row).to_contain_text("User ID")
        else:
            expect(row).not_to_contain_text("User ID")


@pytest.mark.parametrize("protocol", GUIDES)
def test_other_provider_tab_says_where_to_find_the_host_names(page: Page, edition, protocol):
    page.goto(GUIDES[protocol])
    other = edition.t("settings.other.name")
    block = select(tab_set(page, f"{protocol}-incoming-server"), other)
    expect(block).to_contain_text(WELCOME_MAIL[edition.lang])
    block = select(tab_set(page, "outgoing-server"), other)
    expect(block).to_contain_text(WELCOME_MAIL[edition.lang])


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
    page.locator(f'nav.md-nav--primary a[href$="{GUIDES["pop"]}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(GUIDES["pop"]) + "$"))
    assert_everywhere()
    # … and a later visit in a new page load.
    page.goto(GUIDES["imap"])
    assert_everywhere()


def test_choosing_a_tab_keeps_it_under_the_readers_finger(page: Page, edition, providers):
    """The sets above change with it (a longer or shorter block): the one the reader used
    stays where it was on the screen."""
    page.goto(GUIDES["imap"])
    other = edition.t("settings.other.name")
    above = tab_set(page, "imap-incoming-server")
    tabs = tab_set(page, "outgoing-server")
    label = tabs.locator(".tabbed-labels > label", has_text=other)
    # Mid-window, where a reader's finger is: fully in view, so the click scrolls nothing.
    label.evaluate("el => el.scrollIntoView({ block: 'center' })")
    expect(label).to_be_in_viewport(ratio=1)
    before = label.bounding_box()["y"]
    height_above = above.bounding_box()["height"]
    label.click()
    expect(above.locator(".tabbed-block:visible")).to_contain_text(WELCOME_MAIL[edition.lang])
    assert above.bounding_box()["height"] != height_above
    assert abs(label.bounding_box()["y"] - before) <= 1


def test_the_chosen_tab_is_marked_and_the_keyboard_chooses(page: Page, providers):
    page.goto(GUIDES["pop"])
    tabs = tab_set(page, "pop-incoming-server")
    labels = tabs.locator(".tabbed-labels > label")
    underline = "el => getComputedStyle(el).borderBottomColor"
    chosen = checked_tabs(page, [p["name"] for p in providers])[0]
    for label in labels.all():
        colour = label.evaluate(underline)
        assert (colour != "rgba(0, 0, 0, 0)") == (label.inner_text().strip() == chosen)
    # A set's tabs are one group of radio buttons: the arrow keys move the choice, and
    # the other sets follow.
    tabs.locator("input:checked").focus()
    page.keyboard.press("ArrowRight")
    following = providers[[p["name"] for p in providers].index(chosen) + 1]["name"]
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {following}
    expect(labels.filter(has_text=following)).not_to_have_css("border-bottom-color", "rgba(0, 0, 0, 0)")


@pytest.mark.parametrize("width", [360, 390])
def test_a_phone_shows_every_providers_tab(page: Page, providers, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(GUIDES["imap"])
    for label in tab_set(page, "imap-incoming-server").locator(".tabbed-labels > label").all():
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, label.inner_text()


def test_every_value_has_a_copy_button_named_after_it(page: Page, edition):
    page.goto(GUIDES["imap"])
    values = page.locator("code.pec-value:visible")
    assert values.count() > 0
    for i in range(values.count()):
        value = values.nth(i)
        button = value.locator("xpath=following-sibling::button[1]")
        expect(button).to_have_accessible_name(edition.t("ui.copy"))
        expect(button).to_have_accessible_description(value.text_content())


def test_copy_button_puts_the_value_on_the_clipboard(page: Page, edition, providers):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(GUIDES["imap"])
    block = select(tab_set(page, "outgoing-server"), providers[0]["name"])
    button = block.locator("code.pec-value:visible + button").first
    button.click()
    # Seen beside the button, and heard through the live region.
    expect(button).to_have_attribute("data-pec-copied", edition.t("ui.copied"))
    expect(page.get_by_role("status")).to_have_text(edition.t("ui.copied"))
    assert page.evaluate("navigator.clipboard.readText()") == providers[0]["smtp"]["host"]


def test_copy_buttons_are_not_duplicated_by_instant_navigation(page: Page):
    page.goto(GUIDES["imap"])
    count = page.locator("button.pec-copy").count()
    for _ in range(3):
        page.locator(f'nav.md-nav--primary a[href$="{GUIDES["pop"]}"]').first.click()
        expect(page).to_have_url(re.compile(re.escape(GUIDES["pop"]) + "$"))
        page.locator(f'nav.md-nav--primary a[href$="{GUIDES["imap"]}"]').first.click()
        expect(page).to_have_url(re.compile(re.escape(GUIDES["imap"]) + "$"))
    expect(page.locator("button.pec-copy")).to_have_count(count)
    assert count == page.locator("code.pec-value").count()
