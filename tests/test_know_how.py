"""PEC know-how around the steps: before you start, troubleshooting by Outlook error,
the sending rules, classic Outlook tabs, and the illustrated settings."""

import re

import pytest
import yaml
from playwright.sync_api import Page, expect

from tools.site import ROOT
from tabs import checked_tabs

GUIDES = {"imap": "/outlook/imap/", "pop": "/outlook/pop/"}
TROUBLESHOOTING = "/troubleshooting/"
# Each error Outlook reports, and the entry that must explain it.
ERRORS = {
    "0x800CCC92": "password-rejected",
    "0x800CCC90": "password-rejected",
    "0x800CCC0E": "cannot-connect",
    "certificate": "certificate-warning",
    "Too much traffic": "too-much-traffic",
    "signature": "receipt-signature",
    "disappear from the webmail": "messages-vanish",
    "Bcc": "bcc-refused",
}
# The steps whose New Outlook and Classic Outlook paths differ; all others have no tabs.
CLASSIC_STEPS = {
    "imap": {"open-outlook", "email-address", "imap-account-type", "password",
             "verify-settings", "cloud-sync"},
    "pop": {"open-outlook", "email-address", "pop-account-type", "password",
            "pop-leave-copy", "verify-settings", "cloud-sync"},
}
OUTLOOK_TABS = ["New Outlook", "Classic Outlook"]


def test_before_you_start_comes_from_one_snippet(page: Page):
    snippet = ROOT / "snippets" / "before-you-start.md"
    assert "{ #before-you-start }" in snippet.read_text()
    for protocol, path in GUIDES.items():
        source = (ROOT / "docs" / "outlook" / f"{protocol}.md").read_text()
        assert source.count("{!before-you-start.md!}") == 1
        assert "#before-you-start" not in source.replace("{!before-you-start.md!}", "")
        page.goto(path)
        section = page.locator("h2#before-you-start")
        expect(section).to_be_visible()
        # It comes before the first step, and names what the reader needs.
        first_step = page.locator("h2.pec-step").first
        assert section.bounding_box()["y"] < first_step.bounding_box()["y"]
        body = page.locator("article")
        for needed in ("dedicated password", "only once", "expires", "User ID",
                       "mail programs", "IMAP or POP?"):
            expect(body).to_contain_text(needed)


def test_every_outlook_error_has_an_entry(page: Page):
    page.goto(TROUBLESHOOTING)
    table = page.locator("article table").first
    for error, entry in ERRORS.items():
        row = table.locator("tr", has_text=error)
        expect(row.locator(f'a[href$="#{entry}"]')).to_have_count(1)
        expect(page.locator(f"h3#{entry}.pec-step")).to_be_visible()


def test_each_entry_has_symptom_cause_fix_and_steps(page: Page):
    page.goto(TROUBLESHOOTING)
    entries = page.locator("article h3.pec-step").evaluate_all("""hs => hs.map(h => {
        const parts = [];
        for (let el = h.nextElementSibling; el && !el.matches('h2, h3'); el = el.nextElementSibling)
            parts.push(el.textContent);
        return [h.id, parts.join(' ')];
    })""")
    assert {entry for _, entry in ERRORS.items()} <= {entry for entry, _ in entries}
    for entry, text in entries:
        for part in ("What you see:", "Likely cause:", "Fix:", "Steps to do again:"):
            assert part in text, f"{entry} lacks {part!r}"


def test_troubleshooting_links_reach_steps_that_exist(page: Page, base_url):
    page.goto(TROUBLESHOOTING)
    links = page.locator("article a[href*='#']").evaluate_all("as => as.map(a => a.href)")
    guide_links = sorted({link for link in links if "/outlook/" in link})
    assert len(guide_links) >= 8
    for link in guide_links:
        page.goto(link)
        target = link.split("#")[1]
        expect(page.locator(f'[id="{target}"]')).to_be_visible()


@pytest.mark.parametrize("protocol, step, entries", [
    ("imap", "verify-settings", ["password-rejected", "cannot-connect", "certificate-warning"]),
    ("pop", "pop-leave-copy", ["messages-vanish"]),
    ("pop", "test-message", ["no-receipt", "receipt-signature"]),
])
def test_guides_link_to_entries_where_things_go_wrong(page: Page, protocol, step, entries):
    page.goto(GUIDES[protocol])
    section = page.locator(f"h2#{step}").evaluate("""h => {
        const hrefs = [];
        for (let el = h.nextElementSibling; el && !el.matches('h2'); el = el.nextElementSibling)
            el.querySelectorAll('a[href]').forEach(a => hrefs.push(a.href));
        return hrefs;
    }""")
    for entry in entries:
        assert any(href.endswith(f"/troubleshooting/#{entry}") for href in section), entry


def test_sending_rules_box_is_linked_from_the_test_message(page: Page, providers):
    page.goto(GUIDES["imap"])
    link = page.locator("h2#test-message ~ p a[href$='#sending-rules']").first
    expect(link).to_be_visible()
    link.click()
    box = page.locator("#sending-rules .admonition")
    expect(box).to_be_in_viewport()
    for rule in ("outgoing server", "Bcc", "acceptance receipt", "delivery receipt"):
        expect(box).to_contain_text(rule)
    # The limits come from the data file, each with its source.
    for p in providers:
        row = box.locator("tr", has_text=p["name"])
        for limit in p["limits"]:
            expect(row).to_contain_text(" ".join(limit["text"].split()))
            expect(row.locator(f'a[href="{limit["source"]}"]').first).to_be_visible()


@pytest.mark.parametrize("protocol", GUIDES)
def test_outlook_tabs_appear_exactly_where_steps_differ(page: Page, protocol):
    page.goto(GUIDES[protocol])
    with_tabs = page.locator("article h2.pec-step").evaluate_all("""hs => hs.filter(h => {
        let next = h.nextElementSibling;
        if (next && next.matches('.pec-step-address')) next = next.nextElementSibling;
        return next && next.matches('.tabbed-set') &&
            [...next.querySelectorAll(':scope > .tabbed-labels > label')].map(l => l.textContent.trim())
                .join('|') === 'New Outlook|Classic Outlook';
    }).map(h => h.id)""")
    assert set(with_tabs) == CLASSIC_STEPS[protocol]


def outlook_tab_choices(page: Page) -> set[str]:
    return set(checked_tabs(page, OUTLOOK_TABS))


def test_outlook_tabs_are_linked_across_the_site(page: Page):
    page.goto(GUIDES["imap"])
    assert outlook_tab_choices(page) == {"New Outlook"}
    page.locator("h2#open-outlook ~ .tabbed-set").first.locator("label", has_text="Classic Outlook").click()
    assert outlook_tab_choices(page) == {"Classic Outlook"}
    page.locator("nav.md-nav--primary a", has_text="With POP").first.click()
    expect(page).to_have_url(re.compile(r"/outlook/pop/$"))
    assert outlook_tab_choices(page) == {"Classic Outlook"}
    # The provider tabs keep their own choice.
    checked = page.locator("h2#pop-incoming-server ~ .tabbed-set").first.locator("input:checked")
    expect(page.locator(f'label[for="{checked.get_attribute("id")}"]')).not_to_have_text("Classic Outlook")


@pytest.mark.parametrize("protocol", GUIDES)
def test_illustrations_show_the_data_files_values(page: Page, providers, protocol):
    page.goto(GUIDES[protocol])
    for step, server in ((f"{protocol}-incoming-server", protocol), ("outgoing-server", "smtp")):
        tabs = page.locator(f"h2#{step} ~ .tabbed-set").first
        for p in providers:
            tabs.locator(".tabbed-labels > label", has_text=p["name"]).click()
            image = tabs.locator(".tabbed-block:visible img.pec-form")
            expect(image).to_be_visible()
            alt = image.get_attribute("alt")
            for value in (p["name"], p[server]["host"], str(p[server]["port"]), p[server]["encryption"]):
                assert value in alt, f"{value!r} missing from the text alternative"
            svg = page.request.get(image.evaluate("img => img.src")).text()
            for value in (p[server]["host"], str(p[server]["port"]), p[server]["encryption"],
                          "Illustration", p["username"]["short"]):
                assert f">{value}<" in svg, f"{value!r} missing from {p['id']}'s {server} form"
            # Loaded lazily, once its tab shows it.
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=image.element_handle())


def test_illustrations_are_drawn_from_the_data_file_only():
    template = (ROOT / "snippets" / "settings" / "form.svg").read_text()
    data = yaml.safe_load((ROOT / "data" / "providers.yml").read_text())
    for p in data["providers"]:
        for server in ("imap", "pop", "smtp"):
            assert p[server]["host"] not in template
    assert not list((ROOT / "docs").rglob("forms/*.svg")), "forms are generated, not committed"
