"""Outlook on a Mac or a phone: the legacy Outlook for Mac step by step with IMAP or POP,
the apps' setup with each provider's values, and what is known of the rest; linked from
both guides and the home page, in the handbook and in its edition's search."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from project import first_upper
from tests.helpers import (GUIDES, assert_landed, checked_tabs, label_text, provider, step,
                           step_ids, steps_without_result)

PATH = "outlook/mac-and-phones/"
MAC_STEPS = ["mac-open-accounts", "mac-email-address", "mac-account-type", "mac-incoming-server",
             "mac-outgoing-server", "mac-smtp-auth", "mac-finish", "mac-pop-leave-copy", "test-message"]
# Each app's setup, one action and its result a step (h4, under the app's heading); the
# first keeps the ID the whole setup was published under.
APP_STEPS = {app: [f"{app}-{name}" for name in ("imap", "email-address", "account-type",
                   "advanced-settings", "server-settings", "finish")] for app in ("android", "ios")}
PHONE_STEPS = [*APP_STEPS["android"], *APP_STEPS["ios"], "phone-change-settings"]
# Each settings table of the page: its step, the protocol tab it sits in (if any), the
# servers whose values it shows, and the Outlook labels of its fields, in order.
TABLES = [
    ("mac-incoming-server", "IMAP", ["imap"],
     ["mac_user_name", "mac_password", "mac_incoming_server", "mac_port", "mac_use_ssl"]),
    ("mac-incoming-server", "POP", ["pop"],
     ["mac_user_name", "mac_password", "mac_incoming_server", "mac_port", "mac_use_ssl"]),
    ("mac-outgoing-server", None, ["smtp"],
     ["mac_outgoing_server", "mac_use_ssl", "mac_override_port", "mac_port"]),
    ("android-server-settings", None, ["imap", "smtp"],
     ["app_imap_host", "android_port", "android_security", "app_imap_username", "app_imap_password",
      "app_smtp_host", "android_port", "android_security", "app_smtp_username", "app_smtp_password"]),
    ("ios-server-settings", None, ["imap", "smtp"],
     ["app_imap_host", "ios_imap_port", "app_imap_username", "app_imap_password", "ios_port_security",
      "app_smtp_host", "ios_smtp_port", "app_smtp_username", "app_smtp_password", "ios_port_security"]),
]


def provider_tabs(page: Page, step_id: str, protocol: str | None, provider: str):
    """The provider tab set of a step (the set with a tab labelled `provider`), inside its
    IMAP or POP tab when it has one."""
    section = step(page, step_id)
    section.scroll_into_view_if_needed()
    if protocol:
        section.locator(".tabbed-labels > label", has_text=re.compile(rf"^{protocol}$")).first.click()
    tabs = section.locator(f"xpath=.//div[contains(@class, 'tabbed-set')][./div[contains(@class, "
                           f"'tabbed-labels')]/label[normalize-space()='{provider}']]").filter(visible=True)
    # Scrolled to as a reader reaches it: steps out of sight are drawn only once the page
    # has started (extra.css, features/step-drawing.js).
    tabs.scroll_into_view_if_needed()
    return tabs


def test_the_mac_steps_are_numbered_and_each_says_what_to_expect(page: Page):
    page.goto(PATH)
    assert step_ids(page) == MAC_STEPS
    assert step_ids(page, "h4") == PHONE_STEPS[:-1]
    assert step_ids(page, "h3") == PHONE_STEPS[-1:]
    # Each app's steps under its own heading, each step one action: no list of actions.
    for app, ids in APP_STEPS.items():
        for step_id in ids:
            assert page.evaluate("""id => {
                const headings = [...document.querySelectorAll("article :is(h3, h4)")];
                const at = headings.findIndex(h => h.id === id);
                return headings.slice(0, at).reverse().find(h => h.tagName === "H3").id;
            }""", step_id) == app
            expect(step(page, step_id).locator(".pec-step-body > ol")).to_have_count(0)
    numbers = page.locator("article h2.pec-step").evaluate_all("hs => hs.map(h => h.dataset.pecNumber)")
    assert numbers == [str(n) for n in range(1, len(MAC_STEPS) + 1)]
    # Every step holds its result, in each IMAP and POP tab where it has them.
    assert steps_without_result(page) == []
    # Every step has help for a reader who sees something else.
    for step_id in MAC_STEPS + ["android-finish", "ios-finish"]:
        expect(step(page, step_id).locator("details.pec-help")).to_have_count(1)


@pytest.mark.parametrize("table", TABLES, ids=[f"{t[0]}-{t[1] or 'all'}" for t in TABLES])
def test_each_table_shows_the_data_files_values(page: Page, edition, providers, table):
    step_id, protocol, servers, fields = table
    page.goto(PATH)
    tabs = provider_tabs(page, step_id, protocol, providers[0]["name"])
    labels = tabs.locator(":scope > .tabbed-labels > label").all_inner_texts()
    assert labels == [p["name"] for p in providers] + [edition.t("settings.other.name")]
    for p in providers:
        tabs.locator(":scope > .tabbed-labels > label", has_text=p["name"]).click()
        block = tabs.locator(":scope > .tabbed-content > .tabbed-block:visible")
        values = block.locator("code.pec-value:visible").all_inner_texts()
        assert values == [v for server in servers for v in (p[server]["host"], str(p[server]["port"]))]
        names = block.locator("tbody tr td:first-child").all_inner_texts()
        assert names == [first_upper(label_text(edition.words, key)) for key in fields]
        expect(block.locator(".pec-source")).to_contain_text(str(p["checked"]))
        # Every value has its copy button, named after it.
        for value in block.locator("code.pec-value:visible").all():
            button = value.locator("xpath=following-sibling::button[1]")
            expect(button).to_have_accessible_name(edition.t("ui.copy"))
            expect(button).to_have_accessible_description(value.text_content())


def test_choosing_pop_once_switches_every_step(page: Page, providers):
    page.goto(PATH)
    section = step(page, "mac-account-type")
    section.scroll_into_view_if_needed()
    section.locator(".tabbed-labels > label", has_text=re.compile("^POP$")).click()
    assert set(checked_tabs(page, ["IMAP", "POP"])) == {"POP"}
    aruba = provider(providers, "aruba")
    tabs = provider_tabs(page, "mac-incoming-server", None, aruba["name"])
    tabs.locator(":scope > .tabbed-labels > label", has_text=aruba["name"]).click()
    expect(tabs.locator(":scope > .tabbed-content > .tabbed-block:visible")).to_contain_text(aruba["pop"]["host"])
    expect(step(page, "mac-pop-leave-copy").locator(".tabbed-block:visible .pec-result")).to_be_visible()


def test_copy_button_copies_the_value(page: Page, edition, providers):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{PATH}?provider=namirial#mac-outgoing-server")
    assert_landed(page, "mac-outgoing-server")
    namirial = provider(providers, "namirial")
    value = step(page, "mac-outgoing-server").locator("code.pec-value:visible").first
    expect(value).to_have_text(namirial["smtp"]["host"])
    value.locator("xpath=following-sibling::button[1]").click()
    assert page.evaluate("navigator.clipboard.readText()") == namirial["smtp"]["host"]


@pytest.mark.parametrize("step_id", ["mac-incoming-server", "ios-server-settings", "android-imap",
                                     "test-message"])
def test_a_step_link_with_a_provider_lands_on_its_tab(page: Page, providers, step_id):
    aruba = provider(providers, "aruba")
    page.goto(f"{PATH}?provider=aruba#{step_id}")
    assert_landed(page, step_id)
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {aruba["name"]}


def test_the_guides_and_the_home_page_link_here(page: Page):
    for path in [*GUIDES.values(), ""]:
        page.goto(path)
        expect(page.locator(f'article a[href$="{PATH}"]').first).to_be_attached()


def test_what_is_not_documented_is_said_plainly(page: Page, edition):
    """The new Outlook for Mac and POP on phones get no invented steps: the page says the
    sources are silent, and sends the reader to what works."""
    page.goto(PATH)
    new_mac = page.locator("#new-outlook-mac ~ p").first
    expect(new_mac).to_be_visible()
    for target in ("#microsoft-cloud", "#which-mac", "#test-message"):
        expect(page.locator(f'article a[href$="{target}"]').first).to_be_attached()
    # Sections that are not steps: nothing to number, nothing to register.
    for section in ("which-mac", "new-outlook-mac", "phones", "android", "ios", "microsoft-cloud"):
        expect(page.locator(f"#{section}")).not_to_have_class(re.compile(r"\bpec-step\b"))


def test_in_the_handbook_and_in_its_editions_search(site_dir, edition):
    manifest = json.loads((site_dir / "pdf" / "documents.json").read_text())
    handbook = next(d for d in manifest["documents"] if d["id"] == "handbook")
    assert PATH in handbook["pages"]
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [doc for doc in index["docs"] if doc["location"].startswith(PATH)]
    assert found and edition.t("settings.ticked") in " ".join(doc["text"] for doc in found)
