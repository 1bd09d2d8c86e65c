"""PEC know-how around the steps: before you start, troubleshooting by Outlook error,
the sending rules, classic Outlook tabs, and the illustrated settings."""

import re

import pytest
from playwright.sync_api import Page, expect

from project import SERVERS, TEMPLATES_DIR, load_providers
from tests.helpers import GUIDES, checked_tabs, step
from tools.site import ROOT, editions

TROUBLESHOOTING = "troubleshooting/"
# Each error Outlook reports, and the entry that must explain it: the words of the
# error table's row, in each language.
ERRORS = {
    "en": {
        "0x800CCC92": "password-rejected",
        "0x800CCC90": "password-rejected",
        "0x800CCC0E": "cannot-connect",
        "certificate": "certificate-warning",
        "Too much traffic": "too-much-traffic",
        "signature": "receipt-signature",
        "disappear from the webmail": "messages-vanish",
        "Bcc": "bcc-refused",
    },
}
# The parts of every troubleshooting entry, in each language.
ENTRY_PARTS = {"en": ("What you see:", "Likely cause:", "Fix:", "Steps to do again:")}
# What "Before you start" must name, in each language.
BEFORE_YOU_START = {"en": ("dedicated password", "only once", "expires", "User ID",
                           "mail programs", "IMAP or POP?")}
# What the sending rules must name, in each language.
SENDING_RULES = {"en": ("outgoing server", "Bcc", "acceptance receipt", "delivery receipt")}
# The steps whose New Outlook and Classic Outlook paths differ; all others have no tabs.
CLASSIC_STEPS = {
    "imap": {"open-outlook", "email-address", "imap-account-type", "password",
             "verify-settings", "cloud-sync"},
    "pop": {"open-outlook", "email-address", "pop-account-type", "password",
            "pop-leave-copy", "verify-settings", "cloud-sync"},
}


def outlook_tabs(edition) -> list[str]:
    return [edition.t("ui.new_outlook"), edition.t("ui.classic_outlook")]


def test_before_you_start_comes_from_one_snippet(page: Page, edition):
    snippet = ROOT / "snippets" / edition.lang / "before-you-start.md"
    assert "{ #before-you-start }" in snippet.read_text()
    for protocol, path in GUIDES.items():
        source = (ROOT / "docs" / edition.lang / "outlook" / f"{protocol}.md").read_text()
        assert source.count("{!before-you-start.md!}") == 1
        assert "#before-you-start" not in source.replace("{!before-you-start.md!}", "")
        page.goto(path)
        section = page.locator("h2#before-you-start")
        expect(section).to_be_visible()
        # It comes before the first step, and names what the reader needs.
        first_step = page.locator("h2.pec-step").first
        assert section.bounding_box()["y"] < first_step.bounding_box()["y"]
        body = page.locator("article")
        for needed in BEFORE_YOU_START[edition.lang]:
            expect(body).to_contain_text(needed)


def test_every_outlook_error_has_an_entry(page: Page, edition):
    page.goto(TROUBLESHOOTING)
    table = page.locator("article table").first
    for error, entry in ERRORS[edition.lang].items():
        row = table.locator("tr", has_text=error)
        expect(row.locator(f'a[href$="#{entry}"]')).to_have_count(1)
        expect(page.locator(f"h3#{entry}.pec-step")).to_be_visible()


def test_each_entry_has_symptom_cause_fix_and_steps(page: Page, edition):
    page.goto(TROUBLESHOOTING)
    entries = page.locator("article .pec-step-section").evaluate_all(
        "ss => ss.map(s => [s.dataset.pecStep, s.textContent])")
    assert set(ERRORS[edition.lang].values()) <= {entry for entry, _ in entries}
    for entry, text in entries:
        for part in ENTRY_PARTS[edition.lang]:
            assert part in text, f"{entry} lacks {part!r}"


def test_troubleshooting_links_reach_steps_that_exist(page: Page):
    page.goto(TROUBLESHOOTING)
    links = page.locator("article a[href*='#']").evaluate_all("as => as.map(a => a.href)")
    guide_links = sorted({link for link in links if "/outlook/" in link})
    assert len(guide_links) >= 8
    for link in guide_links:
        page.goto(link)
        target = link.split("#")[1]
        expect(page.locator(f'[id="{target}"]')).to_be_visible()


@pytest.mark.parametrize("protocol, step_id, entries", [
    ("imap", "verify-settings", ["password-rejected", "cannot-connect", "certificate-warning"]),
    ("pop", "pop-leave-copy", ["messages-vanish"]),
    ("pop", "test-message", ["no-receipt", "receipt-signature"]),
])
def test_guides_link_to_entries_where_things_go_wrong(page: Page, protocol, step_id, entries):
    page.goto(GUIDES[protocol])
    hrefs = step(page, step_id).locator("a[href]").evaluate_all("as => as.map(a => a.href)")
    for entry in entries:
        assert any(href.endswith(f"/troubleshooting/#{entry}") for href in hrefs), entry


def test_sending_rules_box_is_linked_from_the_test_message(page: Page, edition, providers):
    page.goto(GUIDES["imap"])
    link = step(page, "test-message").locator("p a[href$='#sending-rules']").first
    expect(link).to_be_visible()
    link.click()
    box = page.locator("#sending-rules .admonition")
    expect(box).to_be_in_viewport()
    for rule in SENDING_RULES[edition.lang]:
        expect(box).to_contain_text(rule)
    # The limits come from the data file, each with its source, in the edition's words.
    for p in providers:
        row = box.locator("tr", has_text=p["name"])
        for limit in p["limits"]:
            wording = edition.t(f"providers.{p['id']}.limits.{limit['id']}")
            expect(row).to_contain_text(" ".join(wording.split()))
            expect(row.locator(f'a[href="{limit["source"]}"]').first).to_be_visible()


@pytest.mark.parametrize("protocol", GUIDES)
def test_outlook_tabs_appear_exactly_where_steps_differ(page: Page, edition, protocol):
    page.goto(GUIDES[protocol])
    with_tabs = page.locator("article .pec-step-section").evaluate_all("""(sections, labels) => sections
        .filter(s => {
            const first = s.querySelector(':scope > .pec-step-address + .tabbed-set');
            return first && [...first.querySelectorAll(':scope > .tabbed-labels > label')]
                .map(l => l.textContent.trim()).join('|') === labels.join('|');
        }).map(s => s.dataset.pecStep)""", outlook_tabs(edition))
    assert set(with_tabs) == CLASSIC_STEPS[protocol]


def outlook_tab_choices(page: Page, edition) -> set[str]:
    return set(checked_tabs(page, outlook_tabs(edition)))


def test_outlook_tabs_are_linked_across_the_site(page: Page, edition):
    new, classic = outlook_tabs(edition)
    page.goto(GUIDES["imap"])
    assert outlook_tab_choices(page, edition) == {new}
    step(page, "open-outlook").locator("label", has_text=classic).click()
    assert outlook_tab_choices(page, edition) == {classic}
    page.locator(f'nav.md-nav--primary a[href$="{GUIDES["pop"]}"]').first.click()
    expect(page).to_have_url(re.compile(r"/outlook/pop/$"))
    assert outlook_tab_choices(page, edition) == {classic}
    # The provider tabs keep their own choice.
    checked = step(page, "pop-incoming-server").locator(".tabbed-set").first.locator("input:checked")
    expect(page.locator(f'label[for="{checked.get_attribute("id")}"]')).not_to_have_text(classic)


@pytest.mark.parametrize("protocol", GUIDES)
def test_illustrations_show_the_data_files_values(page: Page, edition, providers, protocol):
    page.goto(GUIDES[protocol])
    for step_id, server in ((f"{protocol}-incoming-server", protocol), ("outgoing-server", "smtp")):
        tabs = step(page, step_id).locator(".tabbed-set").first
        for p in providers:
            tabs.locator(".tabbed-labels > label", has_text=p["name"]).click()
            image = tabs.locator(".tabbed-block:visible img.pec-form")
            expect(image).to_be_visible()
            alt = image.get_attribute("alt")
            for value in (p["name"], p[server]["host"], str(p[server]["port"]), p[server]["encryption"]):
                assert value in alt, f"{value!r} missing from the text alternative"
            svg = page.request.get(image.evaluate("img => img.src")).text()
            for value in (p[server]["host"], str(p[server]["port"]), p[server]["encryption"],
                          edition.t("form.badge"), edition.t(f"providers.{p['id']}.username_short")):
                assert f">{value}<" in svg, f"{value!r} missing from {p['id']}'s {server} form"
            # Loaded lazily, once its tab shows it.
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=image.element_handle())


def test_illustrations_are_drawn_from_the_data_file_only():
    template = (TEMPLATES_DIR / "form.svg.j2").read_text()
    for p in load_providers()["providers"]:
        for server in SERVERS:
            assert p[server]["host"] not in template
    for edition in editions():
        assert not list((ROOT / "docs" / edition.lang).rglob("forms/*.svg")), \
            "forms are generated, not committed"
