"""The IMAP and POP guides: every step of the seed guide, in its order, as a heading with
a stable ID and a permalink; shared steps come from snippets/ and appear in both guides."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent

# The provider guide the product started from (shared/reference/seed-guide.txt), step by
# step, with the ID of the heading that covers each seed step in our guides.
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
GUIDES = {"imap": "/outlook/imap/", "pop": "/outlook/pop/"}
HEADING_ID = re.compile(r"^#{2} .*\{ #(?P<id>[a-z-]+) \.pec-step \}$", re.MULTILINE)


def shared_step_ids() -> list[str]:
    return [m["id"] for f in sorted((ROOT / "snippets" / "steps").glob("*.md"))
            for m in HEADING_ID.finditer(f.read_text())]


def step_ids(page: Page) -> list[str]:
    return page.locator("article h2.pec-step").evaluate_all("hs => hs.map(h => h.id)")


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
def test_each_step_says_what_to_expect(page: Page, protocol):
    page.goto(GUIDES[protocol])
    # Each step heading is followed, before the next step, by its expected result — in
    # every New/Classic Outlook tab where the step has them.
    missing = page.locator("article h2.pec-step").evaluate_all("""hs => hs.filter(h => {
        for (let el = h.nextElementSibling; el && !el.matches('h2'); el = el.nextElementSibling) {
            if (el.matches('.pec-result')) return false;
            const blocks = el.matches('.tabbed-set') ? el.querySelectorAll('.tabbed-block') : [];
            if (blocks.length && [...blocks].every(b => b.querySelector('.pec-result'))) return false;
        }
        return true;
    }).map(h => h.id)""")
    assert missing == []


def test_shared_steps_appear_in_both_guides(page: Page):
    shared = shared_step_ids()
    assert {"open-outlook", "email-address", "outgoing-server", "cloud-sync",
            "test-message"} <= set(shared)
    for path in GUIDES.values():
        page.goto(path)
        assert set(shared) <= set(step_ids(page)), path


def test_guides_differ_only_where_protocols_differ():
    # A guide's own headings are the protocol-specific steps; the rest are includes.
    for protocol in GUIDES:
        text = (ROOT / "docs" / "outlook" / f"{protocol}.md").read_text()
        own = [m["id"] for m in HEADING_ID.finditer(text)]
        assert own and all(i.startswith(f"{protocol}-") for i in own), own


@pytest.mark.parametrize("path", [*GUIDES.values(), "/", "/imap-vs-pop/"])
def test_no_raw_directives_reach_the_page(page: Page, path):
    page.goto(path)
    html = page.content()
    for raw in ("{!", "!}", "[[pec-settings", "{%", "{{", "{ .pec", "{ #"):
        assert raw not in html, f"{raw!r} on {path}"


def test_pop_guide_explains_the_copy_on_the_server(page: Page):
    page.goto(GUIDES["pop"])
    step = page.locator("h2#pop-leave-copy")
    expect(step).to_be_visible()
    assert step_ids(page).index("pop-leave-copy") < step_ids(page).index("verify-settings")
    expect(page.locator(".admonition.warning", has_text="Why the copy matters")).to_be_visible()


@pytest.mark.parametrize("protocol", GUIDES)
def test_cloud_sync_carries_its_privacy_note(page: Page, protocol):
    page.goto(GUIDES[protocol])
    note = page.locator("h2#cloud-sync ~ .tabbed-set").first.locator(".admonition")
    expect(note).to_contain_text("Microsoft's data centres")


@pytest.mark.parametrize("protocol", GUIDES)
def test_guide_ends_with_the_test_message_and_its_receipts(page: Page, protocol):
    page.goto(GUIDES[protocol])
    assert step_ids(page)[-1] == "test-message"
    section = page.locator("article")
    for receipt in ("acceptance receipt", "delivery receipt"):
        expect(section).to_contain_text(receipt)
