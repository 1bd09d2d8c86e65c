"""PEC know-how around the steps: before you start, troubleshooting by Outlook error,
the sending rules, classic Outlook tabs, and the illustrated settings."""

import re

import pytest
from markupsafe import escape
from playwright.sync_api import Page, expect

from project import SERVERS, TEMPLATES_DIR, load_catalogues, load_providers, load_sources, outlook_label
from tests.helpers import GUIDES, PHONE, built_page, checked_tabs, instant_ready, label_text, step
from tools.site import ROOT, editions

TROUBLESHOOTING = "troubleshooting/"
# Each error Outlook reports, and the entry that must explain it: the words of the
# error table's row, in each language.
ERRORS = {
    "en": {
        "0x800CCC92": "password-rejected",
        "0x800CCC90": "password-rejected",
        "0x800CCCD1": "password-rejected",
        "special characters": "password-special-characters",
        "first sign-in fails": "legalmail-user-id",
        "0x800CCC0E": "cannot-connect",
        "0x800CCC0D": "host-not-found",
        "0x800CCC1A": "encryption-mismatch",
        "does not match its name": "certificate-warning",
        "cannot be verified": "certificate-not-verified",
        "Too much traffic": "too-much-traffic",
        "AVVISO DI NON ACCETTAZIONE": "non-acceptance",
        "Bcc": "bcc-refused",
        "no acceptance receipt": "no-receipt",
        "ordinary e-mail address": "ordinary-mail-refused",
        "mailbox is full": "mailbox-full",
        "signature": "receipt-signature",
        "disappear from the webmail": "messages-vanish",
        "already in Outlook": "change-settings",
    },
    "it": {
        "0x800CCC92": "password-rejected",
        "0x800CCC90": "password-rejected",
        "0x800CCCD1": "password-rejected",
        "caratteri speciali": "password-special-characters",
        "il primo accesso non riesce": "legalmail-user-id",
        "0x800CCC0E": "cannot-connect",
        "0x800CCC0D": "host-not-found",
        "0x800CCC1A": "encryption-mismatch",
        "non corrisponde al suo nome": "certificate-warning",
        "non può essere verificato": "certificate-not-verified",
        "Too much traffic": "too-much-traffic",
        "AVVISO DI NON ACCETTAZIONE": "non-acceptance",
        "Ccn": "bcc-refused",
        "nessuna ricevuta di accettazione": "no-receipt",
        "indirizzo e-mail ordinario": "ordinary-mail-refused",
        "la casella è piena": "mailbox-full",
        "firma": "receipt-signature",
        "spariscono dalla webmail": "messages-vanish",
        "già presente in Outlook": "change-settings",
    },
}
# Error codes a reader may search for, and the entry that explains each. Codes are the
# same in every language.
CODES = {"0x800CCC92": "password-rejected", "0x800CCC90": "password-rejected",
         "0x800CCCD1": "password-rejected", "0x800CCC0E": "cannot-connect",
         "0x800CCC0D": "host-not-found", "0x800CCC1A": "encryption-mismatch"}
# The codes only the classic Outlook shows; the troubleshooting page says so.
CLASSIC_ONLY = {"en": "classic Outlook", "it": "Outlook classico"}
# The parts of every troubleshooting entry, in each language.
ENTRY_PARTS = {"en": ("What you see:", "Likely cause:", "Fix:", "Steps to do again:"),
               "it": ("Cosa vedi:", "Causa probabile:", "Soluzione:", "Passaggi da ripetere:")}
# What "Before you start" must name, in each language.
BEFORE_YOU_START = {"en": ("password for mail programs", "only once", "expires", "User ID",
                           "mail programs", "IMAP or POP?"),
                    "it": ("password per programmi di posta", "una sola volta", "scade", "User ID",
                           "programmi di posta", "IMAP o POP?")}
# What the sending rules must name, in each language.
SENDING_RULES = {"en": ("outgoing server", "Bcc", "acceptance receipt", "delivery receipt"),
                 "it": ("server in uscita", "Ccn", "ricevuta di accettazione",
                        "ricevuta di avvenuta consegna")}
# The steps whose New Outlook and Classic Outlook paths differ; all others have no tabs.
CLASSIC_STEPS = {
    "imap": {"open-outlook", "email-address", "imap-account-type", "password",
             "verify-settings", "cloud-sync"},
    "pop": {"open-outlook", "email-address", "pop-account-type", "password",
            "verify-settings", "pop-leave-copy", "cloud-sync"},
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


# Each row of the troubleshooting index: [left, top, right, bottom] of its two cells.
INDEX_CELLS = """rows => rows.map(row => [...row.querySelectorAll('td')].map(cell => {
    const box = cell.getBoundingClientRect();
    return [box.left, box.top, box.right, box.bottom];
}))"""


def test_the_error_index_is_a_card_a_row_on_a_phone(new_context, edition):
    """Two columns would squeeze both into a third of a phone's width: each row is a card,
    the entry's link under what Outlook says, both as wide as the card."""
    page = new_context(**PHONE).new_page()
    page.goto(TROUBLESHOOTING)
    rows = page.locator("article .pec-index tbody tr")
    expect(rows.first).to_be_visible()
    cards = rows.evaluate_all(INDEX_CELLS)
    assert cards and all(len(cells) == 2 for cells in cards)
    for said, entry in cards:
        assert entry[1] >= said[3] - 1, "the link under what Outlook says"
        assert (said[0], said[2]) == (entry[0], entry[2]), "both as wide as the card"
        assert entry[2] <= 390
    # The table's header, read by screen readers, takes no room.
    assert page.locator("article .pec-index thead").evaluate("head => head.getBoundingClientRect().height") <= 1


def test_the_error_index_is_a_table_on_a_desktop(page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(TROUBLESHOOTING)
    for said, entry in page.locator("article .pec-index tbody tr").evaluate_all(INDEX_CELLS):
        assert entry[0] >= said[2] - 1 and entry[1] == said[1], "the link beside what Outlook says"


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
    (protocol, "verify-settings", ["password-rejected", "password-special-characters",
                                    "legalmail-user-id", "cannot-connect", "host-not-found",
                                    "encryption-mismatch", "certificate-warning",
                                    "certificate-not-verified"])
    for protocol in GUIDES
] + [
    ("pop", "pop-leave-copy", ["messages-vanish"]),
    ("imap", "test-message", ["no-receipt", "non-acceptance", "receipt-signature",
                              "ordinary-mail-refused", "mailbox-full"]),
    ("pop", "test-message", ["no-receipt", "non-acceptance", "receipt-signature",
                             "ordinary-mail-refused", "mailbox-full"]),
])
def test_guides_link_to_entries_where_things_go_wrong(page: Page, protocol, step_id, entries):
    page.goto(GUIDES[protocol])
    hrefs = step(page, step_id).locator("a[href]").evaluate_all("as => as.map(a => a.href)")
    for entry in entries:
        assert any(href.endswith(f"/troubleshooting/#{entry}") for href in hrefs), entry


def test_sending_rules_box_is_linked_from_the_test_message(page: Page, edition, providers):
    page.goto(GUIDES["imap"])
    instant_ready(page)  # instant navigation handles the link
    link = step(page, "test-message").locator("p a[href$='#sending-rules']").first
    link.scroll_into_view_if_needed()
    # Material records the scroll position 100 ms after scrolling stops, and would restore
    # that position over the jump to the anchor if the click came first.
    page.wait_for_function("() => history.state && history.state.y === scrollY")
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
            expect(row.locator(f'a[href="{limit["source"]["url"]}"]').first).to_be_visible()


@pytest.mark.parametrize("protocol", GUIDES)
def test_outlook_tabs_appear_exactly_where_steps_differ(page: Page, edition, protocol):
    page.goto(GUIDES[protocol])
    with_tabs = page.locator("article .pec-step-section").evaluate_all("""(sections, labels) => sections
        .filter(s => {
            const first = s.querySelector(':scope > .pec-step-body > .tabbed-set:first-child');
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
                assert f">{escape(value)}<" in svg, f"{value!r} missing from {p['id']}'s {server} form"
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


# --- The audit's fixes (content accuracy) -------------------------------------------------

def test_every_entry_links_how_to_change_an_existing_account(page: Page):
    """The fixes assume no fresh setup: each entry that changes a value says how to reach
    the value of an account already in Outlook, in each Outlook."""
    page.goto(TROUBLESHOOTING)
    entry = step(page, "change-settings")
    words = load_catalogues()[page.evaluate("document.documentElement.lang")]
    for key in ("server_settings", "manage"):
        text, quoted = outlook_label(words, key)
        # Quoted where the label is sure, described in our words where it is not.
        expect(entry.locator(".pec-label", has_text=text) if quoted else entry).to_contain_text(text)
    changing = ["password-rejected", "password-special-characters", "cannot-connect",
                "host-not-found", "encryption-mismatch", "certificate-warning", "no-receipt"]
    for entry_id in changing:
        expect(step(page, entry_id).locator('a[href$="#change-settings"]').first).to_be_attached()


def test_each_code_finds_its_entry_in_search(page: Page):
    page.goto("")
    for code, entry in CODES.items():
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially(code)
        result = page.locator(f'.md-search-result__item a[href*="troubleshooting/"][href$="#{entry}"]')
        expect(result.first).to_be_attached()
        page.keyboard.press("Escape")


def test_the_codes_are_said_to_be_the_classic_outlooks(page: Page, edition):
    page.goto(TROUBLESHOOTING)
    table = page.locator("article table").first
    for code in CODES:
        expect(table.locator("tr", has_text=code)).to_contain_text(CLASSIC_ONLY[edition.lang])


@pytest.mark.parametrize("entry", ["password-special-characters", "legalmail-user-id",
                                   "non-acceptance", "ordinary-mail-refused", "mailbox-full",
                                   "host-not-found", "encryption-mismatch",
                                   "certificate-not-verified", "change-settings"])
def test_new_entries_are_published_step_links(registry, entry):
    assert entry in registry["troubleshooting/"]["steps"]


def test_pop_step_names_the_later_removals_and_comes_before_the_first_download(page: Page, edition):
    page.goto(GUIDES["pop"])
    leave = step(page, "pop-leave-copy")
    for key in ("leave_copy", "remove_after", "remove_deleted"):
        expect(leave).to_contain_text(label_text(edition.words, key))
    # Straight after Outlook adds the account, before anything is sent or received.
    order = page.locator("article h2.pec-step").evaluate_all("hs => hs.map(h => h.id)")
    assert order.index("pop-leave-copy") == order.index("verify-settings") + 1
    assert order.index("pop-leave-copy") < order.index("test-message")


def test_pop_guide_steers_the_new_outlook_to_imap(page: Page):
    page.goto(GUIDES["pop"])
    # Before the first step, and in the step itself, the new Outlook's readers get the way out.
    warning = page.locator("article > .admonition.warning").first
    expect(warning.locator('a[href$="outlook/imap/"]')).to_have_count(1)
    new_outlook = step(page, "pop-leave-copy").locator(".tabbed-block").first
    expect(new_outlook.locator('a[href$="outlook/imap/"]')).to_have_count(1)


@pytest.mark.parametrize("protocol", GUIDES)
def test_the_legalmail_classic_path_is_shown_for_legalmail_only(page: Page, edition, providers, protocol):
    page.goto(GUIDES[protocol])
    tabs = step(page, f"{protocol}-incoming-server").locator(".tabbed-set").first
    server_settings = label_text(edition.words, "server_settings")
    for p in providers:
        tabs.locator(".tabbed-labels > label", has_text=p["name"]).click()
        note = tabs.locator(".tabbed-block:visible .admonition", has_text=server_settings)
        expect(note).to_have_count(1 if p["username"] == "user-id" else 0)


@pytest.mark.parametrize("protocol", GUIDES)
def test_the_privacy_box_says_the_password_goes_to_microsoft(page: Page, edition, protocol):
    page.goto(GUIDES[protocol])
    note = step(page, "cloud-sync").locator(".admonition").first
    for words in PRIVACY[edition.lang]:
        expect(note).to_contain_text(words)


PRIVACY = {"en": ["user name and password", "classic Outlook", "webmail"],
           "it": ["nome utente e password", "Outlook classico", "webmail"]}
RECEIPT_TIMES = {"en": ["at once", "12 hours", "24 hours"], "it": ["subito", "12 ore", "24 ore"]}
DEDICATED_PASSWORD = {"en": "At Aruba", "it": "Con Aruba"}


def test_receipt_timing_and_dedicated_password_say_what_the_sources_say(page: Page, edition):
    page.goto(GUIDES["imap"])
    rules = page.locator("#sending-rules")
    for words in RECEIPT_TIMES[edition.lang]:
        expect(rules).to_contain_text(words)
    # The dedicated password is Aruba's model, not every provider's.
    expect(page.locator("h2#before-you-start ~ ul").first).to_contain_text(DEDICATED_PASSWORD[edition.lang])


def test_every_page_lists_what_it_rests_on(site_dir, page_paths):
    """Pages that state facts end with their sources, each linked, with its kind."""
    sources = load_sources()
    for path in page_paths:
        built = built_page(site_dir, path)
        heading = built.find(id="sources")
        after = heading.next_element() if heading else None
        # "#sources + .pec-sources a": the links of the list right after the heading.
        listed = [a.attrs["href"] for a in after.find_all("a")] if after and after.has_class("pec-sources") else []
        meta = built.find("meta", name="description").attrs["content"]
        if path in ("settings/", "support/"):
            assert listed == [], path  # they state no fact of their own (sources: [])
            continue
        assert listed, f"{path} lists no sources"
        assert set(listed) <= {s["url"] for s in sources.values()}, path
        assert meta


def test_no_page_quotes_an_outlook_label_by_hand():
    """Outlook's words reach the pages through [[outlook:…]], which knows each one's
    source and confidence; a label typed in bold by hand would bypass that."""
    for edition in editions():
        labels = {entry["label"] for entry in load_catalogues()[edition.lang].section("outlook").values()}
        labels -= {"IMAP", "POP", "Password"}  # also ordinary words of the guides' prose
        for source in [*(ROOT / "docs" / edition.lang).rglob("*.md"),
                       *(ROOT / "snippets" / edition.lang).rglob("*.md")]:
            for bold in re.findall(r"\*\*([^*]+)\*\*", source.read_text()):
                assert bold not in labels, f"{source}: **{bold}** — write it as [[outlook:…]]"


# --- The native editor's review (issue 37): what a reader must not be left without ------

# An entry that has the reader pause the antivirus (or disconnect the VPN) tells them to
# turn it back on whatever happens, and whom to ask instead.
PROTECTION_BACK_ON = {"en": ("turn the antivirus back on", "whatever the result",
                             "whoever looks after your office's computers"),
                      "it": ("riattiva subito l'antivirus", "qualunque sia il risultato",
                             "chi gestisce i computer")}


@pytest.mark.parametrize("entry", ["cannot-connect", "certificate-not-verified"])
def test_a_paused_antivirus_is_always_turned_back_on(page: Page, edition, entry):
    page.goto(TROUBLESHOOTING)
    fix = step(page, entry)
    for words in PROTECTION_BACK_ON[edition.lang]:
        expect(fix).to_contain_text(words)
    # Said in bold, where a reader in a hurry still sees it.
    expect(fix.locator("strong", has_text=PROTECTION_BACK_ON[edition.lang][0])).to_have_count(1)


# "Archive" frees no space with IMAP: what the full-mailbox entry, the comparison and the
# POP guide say instead.
FREES_SPACE = {"en": ("Archive button", "frees nothing", "Deleted Items"),
               "it": ("pulsante Archivia", "non libera spazio", "Posta eliminata")}
ARCHIVE_FREES = {"en": re.compile(r"(delete|deleting) or archive|archive (or delete )?old messages|"
                                  r"Archive PEC messages", re.I),
                 "it": re.compile(r"elimini o lo archivi|[Aa]rchivia (o elimina )?i messaggi", re.I)}


def test_archiving_is_never_said_to_free_the_mailbox(page: Page, edition):
    page.goto(TROUBLESHOOTING)
    full = step(page, "mailbox-full")
    for words in FREES_SPACE[edition.lang]:
        expect(full).to_contain_text(words)
    for path in (TROUBLESHOOTING, "imap-vs-pop/", GUIDES["pop"]):
        page.goto(path)
        text = page.locator("article").text_content()
        assert not ARCHIVE_FREES[edition.lang].search(text), path


def test_more_settings_comes_with_the_way_to_it(page: Page, edition):
    """Every page that has the reader click More Settings first says how to open the
    window that has it: Account Settings…, then Change."""
    for path in (TROUBLESHOOTING, GUIDES["pop"]):
        page.goto(path)
        for section in page.locator("article .pec-step-section").all():
            text = section.text_content()
            more = text.find(label_text(edition.words, "more_settings"))
            if more < 0:
                continue
            before = text[:more]
            for key in ("account_settings_dialog", "change"):
                assert label_text(edition.words, key) in before, (path, section.get_attribute("data-pec-step"), key)


@pytest.mark.parametrize("protocol, step_id", [(protocol, "email-address") for protocol in GUIDES]
                         + [("pop", "pop-account-type")])
def test_a_way_back_links_the_step_to_start_again_at(page: Page, protocol, step_id):
    """A reader sent back is told where to: the help links the step to start again at
    (review row 9), never "go back and look for"."""
    page.goto(GUIDES[protocol])
    expect(step(page, step_id).locator('.pec-help a[href$="#open-outlook"]')).to_have_count(1)


# A control described rather than quoted (no source for its Italian label) still says
# where it is or what sets it apart (review rows 8 and 37).
FINDABLE = {"it": {"show_more": "sotto il campo della password", "mac_imap_pop": "diversa da",
                   "manage": "accanto all'account"}}


def test_described_controls_say_where_they_are(page: Page, edition):
    for key, where in FINDABLE.get(edition.lang, {}).items():
        text, quoted = outlook_label(edition.words, key)
        assert quoted or where in text, key
    page.goto(GUIDES["imap"])
    text, quoted = outlook_label(edition.words, "show_more")
    expect(step(page, "password")).to_contain_text(text)
