"""After the setup: what arrives, the receipts, keeping proof as steps, and what Outlook can
do to that proof; reached from every guide's test message, guided mode's end and the home
page, in the handbook and in its edition's search; and its group of troubleshooting
entries (winmail.dat, the classic Outlook's problems with the signature)."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from project import load_registry, outlook_label
from tests.helpers import GUIDES, assert_landed, step, step_ids, steps_without_result

PATH = "after-setup/"
STEPS = ["find-delivery-receipt", "save-receipt", "save-envelope", "check-saved-file", "share-proof"]
# The steps where the new and the classic Outlook differ, each in its own tab.
TABBED = ["save-receipt"]
ENTRIES = ["winmail-dat", "signature-problems"]
# Every page whose last step is the shared test message.
TEST_MESSAGE_PAGES = [*GUIDES.values(), "outlook/mac-and-phones/"]


def test_the_steps_are_published_numbered_and_each_says_what_to_expect(page: Page):
    assert load_registry()[PATH]["steps"] == STEPS
    page.goto(PATH)
    assert step_ids(page) == STEPS
    numbers = page.locator("article h2.pec-step").evaluate_all("hs => hs.map(h => h.dataset.pecNumber)")
    assert numbers == [str(n) for n in range(1, len(STEPS) + 1)]
    assert steps_without_result(page) == []
    for step_id in STEPS:
        body = step(page, step_id).locator(":scope > .pec-step-body")
        # One action, one result: a single result in the step, or one in each of its tabs.
        blocks = body.locator(":scope > .tabbed-set > .tabbed-content > .tabbed-block")
        results = body.locator(".pec-result")
        expect(results).to_have_count(max(blocks.count(), 1))
        expect(step(page, step_id).locator("details.pec-help")).to_have_count(1)


@pytest.mark.parametrize("step_id", TABBED)
def test_where_the_outlooks_differ_each_has_its_tab(page: Page, edition, step_id):
    page.goto(f"{PATH}#{step_id}")
    labels = step(page, step_id).locator(".tabbed-labels > label").all_inner_texts()
    assert labels == [edition.t("ui.new_outlook"), edition.t("ui.classic_outlook")]
    step(page, step_id).locator(".tabbed-labels > label", has_text=edition.t("ui.classic_outlook")).click()
    classic = step(page, step_id).locator(".tabbed-block:visible")
    for key in ("file", "save_as"):
        expect(classic).to_contain_text(outlook_label(edition.words, key)[0])
    expect(classic.locator(".pec-result")).to_be_visible()


@pytest.mark.parametrize("step_id", STEPS)
def test_a_step_link_lands_on_its_step(page: Page, step_id):
    page.goto(f"{PATH}#{step_id}")
    assert_landed(page, step_id)


def test_unknowns_are_said_plainly(page: Page):
    """The new Outlook's handling of PEC signatures and saved files is not documented: the
    page says so where a reader needs it, and points to the webmail instead."""
    page.goto(PATH)
    shows = page.locator("#how-outlook-shows-it + ul > li").nth(1)
    expect(shows).to_contain_text("smime.p7s")
    expect(shows).to_contain_text("postacert.eml")
    page.goto(f"{PATH}#save-receipt")
    new = step(page, "save-receipt").locator(".tabbed-block:visible")
    expect(new).to_contain_text(".eml")


@pytest.mark.parametrize("path", TEST_MESSAGE_PAGES)
def test_every_guides_test_message_leads_here(page: Page, path):
    page.goto(f"{path}#test-message")
    link = step(page, "test-message").locator(f'a[href$="{PATH}"]')
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(f"{PATH}$"))
    expect(page.locator("h2#keep-proof")).to_be_attached()


def test_the_home_page_links_here(page: Page):
    page.goto("")
    expect(page.locator(f'article .grid.cards a[href$="{PATH}"]')).to_be_visible()


@pytest.mark.parametrize("guide", GUIDES)
def test_guided_modes_end_says_what_next(page: Page, edition, guide):
    page.goto(GUIDES[guide])
    page.locator('[data-pec-view="guided"]').click()
    last = page.locator("article h2.pec-step").last.get_attribute("id")
    page.goto(f"{GUIDES[guide]}#{last}")
    end = page.locator('[data-pec-when="end"]')
    expect(end).to_be_visible()
    next_link = end.locator(f'a[href$="{PATH}"]')
    # Offered once the reader says it works, not before.
    expect(next_link).to_be_hidden()
    end.locator('[data-pec-action="works"]').click()
    expect(next_link).to_be_visible()
    expect(next_link).to_have_text(" ".join(edition.t("guided.end_next").split()))
    next_link.click()
    expect(page).to_have_url(re.compile(f"{PATH}$"))


def group_entries(page: Page, group: str) -> list[str]:
    """The troubleshooting entries (h3) under one group heading (h2), in order."""
    return page.locator("article h2, article h3").evaluate_all("""(hs, group) => {
        const out = []; let inside = false;
        for (const h of hs) {
            if (h.tagName === 'H2') inside = h.id === group;
            else if (inside) out.push(h.id);
        }
        return out;
    }""", group)


def test_the_troubleshooting_entries_are_a_group_of_their_own(page: Page):
    page.goto("troubleshooting/")
    assert group_entries(page, "after-setup-issues") == ENTRIES
    assert set(ENTRIES) <= set(load_registry()["troubleshooting/"]["steps"])
    for entry in ENTRIES:
        # Each is in the index table, and says what the reader sees.
        expect(page.locator(f'article table a[href$="#{entry}"]')).to_have_count(1)
        expect(step(page, entry).locator(".pec-symptom")).to_have_count(1)
    # The receipts that never come, or a refusal: the existing entries, linked.
    group = page.locator("h2#after-setup-issues + p")
    for target in ("#no-receipt", "#non-acceptance"):
        expect(group.locator(f'a[href$="{target}"]')).to_have_count(1)


@pytest.mark.parametrize("entry", ENTRIES)
def test_an_entry_link_lands_on_it(page: Page, entry):
    page.goto(f"troubleshooting/#{entry}")
    assert_landed(page, entry)


def test_the_entries_name_outlooks_controls_and_trusted_sources(page: Page, edition):
    page.goto("troubleshooting/#winmail-dat")
    winmail = step(page, "winmail-dat")
    for key in ("file", "options", "options_mail", "compose_format"):
        expect(winmail).to_contain_text(outlook_label(edition.words, key)[0])
    page.goto("troubleshooting/#signature-problems")
    signature = step(page, "signature-problems")
    expect(signature.locator(".pec-symptom")).to_contain_text(outlook_label(edition.words, "signature_problems")[0])
    # A certificate authority to trust comes from the provider's own page, and that page is linked.
    expect(signature.locator('a[href="https://www.legalmail.it/documentazione/"]')).to_have_count(1)
    expect(signature.locator('a[href$="#receipt-signature"]')).to_have_count(1)


def test_the_page_links_its_troubleshooting_entries(page: Page):
    page.goto(PATH)
    for target in ("#signature-problems", "#no-receipt", "#non-acceptance", "#after-setup-issues"):
        expect(page.locator(f'article a[href$="troubleshooting/{target}"]').first).to_be_attached()


def test_in_the_handbook_and_in_its_editions_search(site_dir, edition):
    manifest = json.loads((site_dir / "pdf" / "documents.json").read_text())
    handbook = next(d for d in manifest["documents"] if d["id"] == "handbook")
    assert PATH in handbook["pages"]
    # Right after the guides, as in the navigation.
    assert handbook["pages"].index(PATH) == handbook["pages"].index("outlook/mac-and-phones/") + 1
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [doc for doc in index["docs"] if doc["location"].startswith(PATH)]
    text = " ".join(doc["text"] for doc in found)
    assert found and "postacert.eml" in text and "CONSEGNA:" in text
    assert any(doc["location"] == f"{PATH}#save-receipt" for doc in found)
