"""PEC at work: the page for readers whose organisation's Microsoft 365 policies decide,
and for their IT office. Its request to copy names the provider the reader chose, in the
edition's language; readers reach it from the generator, the troubleshooting page, the
guides, the Mac and phones page, the support and home pages; it is in the handbook and in
its edition's search."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import GUIDES, assert_landed, checked_tabs, step

PATH = "organisations/"
SECTIONS = ["refused", "it-office", "it-new-outlook", "it-classic-outlook", "it-mac", "it-allow",
            "request", "shared-mailbox", "which-outlook", "not-documented"]


def flat(text: str) -> str:
    """Text as a reader reads it: no Markdown code marks, whitespace as single spaces."""
    return " ".join(text.replace("`", "").split())


def expected_request(edition, provider: dict | None) -> str:
    mailbox = (edition.t("request.mine", provider=provider["name"], imap=provider["imap"]["host"],
                         imap_port=provider["imap"]["port"], smtp=provider["smtp"]["host"],
                         smtp_port=provider["smtp"]["port"])
               if provider else edition.t("request.other"))
    return flat(edition.t("request.text", mailbox=mailbox))


def copy_request(page: Page) -> str:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    request = page.locator('[data-pec-component="copy-request"]')
    button = request.locator(".pec-request__copy")
    button.click()
    expect(button).to_have_attribute("data-pec-copied", re.compile(".+"))
    return page.evaluate("navigator.clipboard.readText()")


def test_the_page_has_its_sections_and_says_what_is_not_documented(page: Page, edition):
    page.goto(PATH)
    for section in SECTIONS:
        expect(page.locator(f"article [id='{section}']")).to_be_attached()
    # The exact controls, by their names, the same in every edition.
    article = page.locator("article")
    for name in ["-PersonalAccountsEnabled", "-ItemsToOtherAccountsEnabled", "disableimap", "disablepop3",
                 "AllowedEmailDomains", "DisallowedEmailDomains",
                 "Impedisci agli utenti di aggiungere tipi di account di posta elettronica"]:
        expect(article).to_contain_text(name)
    # What Microsoft leaves out is a list of its own, and the page says what rests on what.
    expect(page.locator("#not-documented ~ ul").first.locator("li")).to_have_count(5)
    expect(page.locator("#not-documented").locator("xpath=following::table[1]")).to_be_visible()
    # Names in the other language are marked as such, for screen readers and the check of
    # foreign words.
    expect(article.locator("em[lang]").first).to_be_attached()
    # The privacy point the guides make about Microsoft's cloud, linked.
    expect(article.locator('a[href$="outlook/imap/#cloud-sync"]')).to_have_count(1)


def test_the_request_without_a_chosen_provider_names_none(page: Page, edition, providers):
    page.goto(PATH)
    copied = copy_request(page)
    assert flat(copied) == expected_request(edition, None)
    assert not any(p["name"] in copied for p in providers)
    # A letter: paragraphs apart, each item of the list on a line of its own.
    assert "\n\n" in copied and re.search(r"^- ", copied, re.MULTILINE)
    expect(page.locator(".pec-request__copy")).to_have_accessible_name(edition.t("ui.copy_request"))


@pytest.mark.parametrize("provider_id", ["legalmail", "aruba", "namirial"])
def test_the_request_names_the_provider_of_a_link(page: Page, edition, providers, provider_id):
    provider = next(p for p in providers if p["id"] == provider_id)
    page.goto(f"{PATH}?provider={provider_id}#request")
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {provider["name"]}
    copied = copy_request(page)
    assert flat(copied) == expected_request(edition, provider)
    assert provider["imap"]["host"] in copied and provider["smtp"]["host"] in copied


def test_the_request_names_the_provider_chosen_elsewhere(page: Page, edition, providers):
    """The generator remembers the reader's provider for the visit; the request follows."""
    aruba = next(p for p in providers if p["id"] == "aruba")
    page.goto("settings/")
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    expect(page.locator(".pec-card")).to_be_visible()
    page.goto(PATH)
    assert flat(copy_request(page)) == expected_request(edition, aruba)
    # A tab chosen on this page is the one copied.
    legalmail = next(p for p in providers if p["id"] == "legalmail")
    page.locator(".pec-request .tabbed-labels > label", has_text=legalmail["name"]).click()
    assert flat(copy_request(page)) == expected_request(edition, legalmail)


def test_the_generator_sends_organisations_here(page: Page, edition, providers, organisations):
    """A public body's address (data/providers.yml, organisations) and a professional body's
    (agreements) are often added to an Outlook that an IT office manages: the form and the
    card link here; a provider's own domain does not."""
    page.goto("settings/")
    hint = page.locator('.pec-generator [data-pec-when="organisation"]:not([id])')
    card = page.locator('.pec-card [data-pec-when="atWork"]')
    for entry in organisations:
        # "*.viapec.it" stands for every municipality's domain below it.
        page.locator("#pec-address").fill(f"protocollo@{entry['domain'].replace('*.', 'palazzolo.')}")
        expect(hint).to_be_visible()
        expect(hint.locator(f'a[href$="{PATH}"]')).to_have_text(edition.t("generator.at_work_link"))
    page.locator("#pec-provider").select_option("aruba")
    expect(card).to_be_visible()
    agreement = next(e["domain"] for p in providers for e in p["agreements"])
    page.locator("#pec-address").fill(f"mario.rossi@{agreement}")
    expect(card).to_be_visible()
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    expect(page.locator(".pec-card")).to_be_visible()
    expect(card).to_be_hidden()
    page.locator("#pec-address").fill(f"mario.rossi@{agreement}")
    card.locator("a").click()
    expect(page).to_have_url(re.compile(re.escape(PATH) + "$"))
    expect(page.locator("article h1")).to_be_visible()


def test_the_troubleshooting_entry_sends_here(page: Page, edition):
    page.goto("troubleshooting/#blocked-at-work")
    assert_landed(page, "blocked-at-work")
    entry = step(page, "blocked-at-work")
    expect(entry.locator(".pec-symptom")).to_be_visible()
    link = entry.locator(f'a[href$="{PATH}#request"]')
    expect(link).to_have_count(1)
    # The table at the top names it.
    expect(page.locator('article table a[href$="#blocked-at-work"]')).to_have_count(1)
    link.click()
    expect(page).to_have_url(re.compile(re.escape(PATH) + "#request$"))
    expect(page.locator("#request")).to_be_in_viewport()


@pytest.mark.parametrize("path", [*GUIDES.values(), "outlook/mac-and-phones/", "support/", ""])
def test_the_other_pages_link_here(page: Page, path):
    page.goto(path)
    expect(page.locator(f'article a[href*="{PATH}"]').first).to_be_attached()


def test_support_staff_have_the_entry_and_the_pages_parts(page: Page):
    page.goto("support/")
    for section in ["refused", "it-office", "request", "shared-mailbox", "which-outlook"]:
        expect(page.locator(f'article a[href$="{PATH}#{section}"]')).to_have_count(1)
    expect(page.locator('.pec-step-links a[href*="troubleshooting/#blocked-at-work"]').first).to_be_attached()


def test_in_the_handbook_and_in_its_editions_search(site_dir, edition):
    manifest = json.loads((site_dir / "pdf" / "documents.json").read_text())
    handbook = next(d for d in manifest["documents"] if d["id"] == "handbook")
    assert PATH in handbook["pages"]
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(PATH))
    assert "PersonalAccountsEnabled" in found and "Multiutente" in found
