"""The IMAP and POP guides: every step of the seed guide, in its order, as a heading with
a stable ID and a permalink; shared steps come from snippets/ and appear in both guides."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import GUIDES, built_file, step, step_ids, steps_without_result
from tools.site import ROOT, editions

# The provider guide the product started from (InfoCert's "Guide to configuring
# Legalmail with Microsoft 365"), step by step, with the ID of the heading that covers
# each of its steps in our guides.
SEED_STEPS = [
    ("Open the Microsoft Outlook 365 application", "open-outlook"),
    ("The program will prompt you to enter an email address", "email-address"),
    ("Click the Continue button, scroll down and select {protocol}", "{protocol}-account-type"),
    ("entering the access password … in the Password field", "password"),
    ("enter the necessary information for the correct server configuration",
     "{protocol}-incoming-server"),
    ("Scroll down and enter the information for the outgoing server", "outgoing-server"),
    ("Click on Continue", "verify-settings"),
    ("it is needed to sync your emails to the Microsoft Cloud", "cloud-sync"),
    ("perform a quick test by sending a message to your own PEC address", "test-message"),
]
HEADING_ID = re.compile(r"^#{2} .*\{ #(?P<id>[a-z-]+) \.pec-step \}$", re.MULTILINE)
# Words each edition's guides must say, in its language: the receipts the test message
# brings back, the warning beside the POP copy, the privacy note on the cloud sync.
RECEIPTS = {"en": ["acceptance receipt", "delivery receipt"],
            "it": ["ricevuta di accettazione", "ricevuta di avvenuta consegna"]}
COPY_WARNING = {"en": "Why the copy matters", "it": "Perché la copia è importante"}
CLOUD_NOTE = {"en": "Microsoft's data centres", "it": "centri dati di Microsoft"}


def shared_step_ids(lang: str) -> list[str]:
    return [m["id"] for f in sorted((ROOT / "snippets" / lang / "steps").glob("*.md"))
            for m in HEADING_ID.finditer(f.read_text())]


@pytest.mark.parametrize("protocol", GUIDES)
def test_guide_follows_the_seed_in_order(page: Page, protocol):
    page.goto(GUIDES[protocol])
    expected = [step_id.format(protocol=protocol) for _, step_id in SEED_STEPS]
    ids = step_ids(page)
    assert [i for i in ids if i in expected] == expected


@pytest.mark.parametrize("protocol", GUIDES)
def test_every_step_has_a_stable_id_and_permalink(page: Page, protocol):
    page.goto(GUIDES[protocol])
    ids = step_ids(page)
    assert len(ids) == len(set(ids)) >= len(SEED_STEPS)
    for step_id in ids:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", step_id), f"{step_id}: no numbers, no guessing"
        permalink = page.locator(f"h2#{step_id} > a.headerlink")
        # Instant navigation rewrites the href to an absolute URL; the fragment is what counts.
        assert permalink.evaluate("a => new URL(a.href).hash") == f"#{step_id}"


@pytest.mark.parametrize("protocol", GUIDES)
def test_steps_are_numbered_in_order_by_the_build(page: Page, protocol):
    page.goto(GUIDES[protocol])
    numbers = page.locator("article h2.pec-step").evaluate_all("hs => hs.map(h => h.dataset.pecNumber)")
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    # The badge the reader sees is that number.
    badge = page.locator("article h2.pec-step").first.evaluate(
        "h => getComputedStyle(h, '::before').content")
    assert badge == '"1"'


@pytest.mark.parametrize("protocol", GUIDES)
def test_each_step_says_what_to_expect(page: Page, protocol):
    page.goto(GUIDES[protocol])
    # Each step holds its expected result — in every New/Classic Outlook tab where the
    # step has them.
    assert steps_without_result(page) == []


def test_shared_steps_appear_in_both_guides(page: Page, edition):
    shared = shared_step_ids(edition.lang)
    assert {"open-outlook", "email-address", "outgoing-server", "cloud-sync",
            "test-message"} <= set(shared)
    for path in GUIDES.values():
        page.goto(path)
        assert set(shared) <= set(step_ids(page)), path


@pytest.mark.parametrize("lang", [e.lang for e in editions()])
def test_guides_differ_only_where_protocols_differ(lang):
    # A guide's own headings are the protocol-specific steps; the rest are includes.
    for protocol in GUIDES:
        text = (ROOT / "docs" / lang / "outlook" / f"{protocol}.md").read_text()
        own = [m["id"] for m in HEADING_ID.finditer(text)]
        assert own and all(i.startswith(f"{protocol}-") for i in own), own


@pytest.mark.parametrize("path", [*GUIDES.values(), "", "imap-vs-pop/"])
def test_no_raw_directives_reach_the_page(site_dir, path):
    html = built_file(site_dir, path).read_text(encoding="utf-8")
    for raw in ("{!", "!}", "[[pec-", "{%", "{{", "{ .pec", "{ #"):
        assert raw not in html, f"{raw!r} on {path}"


def test_pop_guide_explains_the_copy_on_the_server(page: Page, edition):
    page.goto(GUIDES["pop"])
    heading = page.locator("h2#pop-leave-copy")
    expect(heading).to_be_visible()
    # As soon as Outlook has added the account (test_know_how.py checks the exact place).
    assert step_ids(page).index("pop-leave-copy") > step_ids(page).index("verify-settings")
    warning = step(page, "pop-leave-copy").locator(".admonition.warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(COPY_WARNING[edition.lang])


@pytest.mark.parametrize("protocol", GUIDES)
def test_cloud_sync_carries_its_privacy_note(page: Page, edition, protocol):
    page.goto(GUIDES[protocol])
    note = step(page, "cloud-sync").locator(".tabbed-set .admonition").first
    expect(note).to_contain_text(CLOUD_NOTE[edition.lang])


@pytest.mark.parametrize("protocol", GUIDES)
def test_guide_ends_with_the_test_message_and_its_receipts(page: Page, edition, protocol):
    page.goto(GUIDES[protocol])
    assert step_ids(page)[-1] == "test-message"
    section = page.locator("article")
    for receipt in RECEIPTS[edition.lang]:
        expect(section).to_contain_text(receipt)
