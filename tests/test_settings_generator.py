"""The settings generator: a PEC address in, the exact Outlook settings out, with hostile
input handled, nothing sent anywhere, and the guides following the reader's choice."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from project import load_providers
from tests.helpers import provider, step
from tools.site import ROOT

PATH = "settings/"
STORAGE_KEY = "pec-settings"


@pytest.fixture
def generator(page: Page):
    page.goto(PATH)
    expect(page.locator(".pec-generator")).to_be_visible()
    return page


def slot(page: Page, name: str):
    return page.locator(f'[data-pec-slot="{name}"]')


def card_values(page: Page) -> dict[str, str]:
    names = ["incoming.type", "incoming.host", "incoming.port", "incoming.encryption",
             "username", "outgoing.host", "outgoing.port", "outgoing.encryption"]
    return {name: slot(page, name).inner_text() for name in names}


def expected_values(server: dict, smtp: dict, protocol: str, username: str) -> dict[str, str]:
    return {
        "incoming.type": protocol.upper(), "incoming.host": server["host"],
        "incoming.port": str(server["port"]), "incoming.encryption": server["encryption"],
        "username": username, "outgoing.host": smtp["host"],
        "outgoing.port": str(smtp["port"]), "outgoing.encryption": smtp["encryption"],
    }


def error_of(page: Page, field_id: str):
    return page.locator(f"#{field_id}-error")


@pytest.mark.parametrize("protocol", ["imap", "pop"])
def test_every_preset_gives_the_data_files_values(generator: Page, providers, protocol):
    page = generator
    page.locator(f'input[name="protocol"][value="{protocol}"]').check()
    for p in providers:
        domain = p["domains"][0]
        # Upper case and surrounding spaces are what people paste.
        page.locator("#pec-address").fill(f"  Mario.Rossi@{domain.upper()}  ")
        username = f"mario.rossi@{domain}"
        if p["username"] == "user-id":
            expect(page.locator("#pec-user-id")).to_be_visible()
            # The servers show at once; the user name waits for the User ID.
            expect(page.locator(".pec-card")).to_be_visible()
            expect(slot(page, "incoming.host")).to_have_text(p[protocol]["host"])
            page.locator("#pec-user-id").fill("M1234567")
            username = "M1234567"
        expect(page.locator(".pec-card")).to_be_visible()
        assert card_values(page) == expected_values(p[protocol], p["smtp"], protocol, username)
        expect(slot(page, "provider")).to_contain_text(p["name"])
        leave_copy = page.locator('.pec-card tr[data-pec-when="leaveCopy"]')
        expect(leave_copy).to_be_visible() if protocol == "pop" else expect(leave_copy).to_be_hidden()
        guide = page.locator(".pec-card__actions a:visible")
        expect(guide).to_have_count(1)
        expect(guide).to_have_attribute("href", re.compile(rf"/outlook/{protocol}/#guide-start$"))


def test_custom_domain_asks_for_the_provider(generator: Page, edition, providers):
    page = generator
    page.locator("#pec-address").fill("ufficio@studio-rossi.it")
    expect(page.locator("#pec-provider")).to_be_visible()
    expect(page.locator(".pec-card")).to_be_hidden()
    options = page.locator("#pec-provider option").all_inner_texts()
    assert options[1:] == [p["name"] for p in providers] + [edition.t("settings.other.name")]
    aruba = provider(providers, "aruba")
    page.locator("#pec-provider").select_option("aruba")
    assert card_values(page) == expected_values(aruba["imap"], aruba["smtp"], "imap",
                                                "ufficio@studio-rossi.it")
    expect(slot(page, "provider")).to_have_text(aruba["name"])


def test_other_provider_takes_valid_host_names(generator: Page, edition):
    page = generator
    invalid = edition.t("generator.messages.host-invalid")
    page.locator("#pec-address").fill("ufficio@studio-rossi.it")
    page.locator("#pec-provider").select_option("other")
    incoming, outgoing = page.locator("#pec-incoming-host"), page.locator("#pec-outgoing-host")
    expect(incoming).to_be_visible()
    incoming.fill("https://imap.example.it")
    expect(error_of(page, "pec-incoming-host")).to_have_text(invalid)
    expect(incoming).to_have_attribute("aria-invalid", "true")
    expect(incoming).to_have_attribute("aria-describedby", re.compile("pec-incoming-host-error"))
    outgoing.fill("smtp example it")
    expect(error_of(page, "pec-outgoing-host")).to_have_text(invalid)
    expect(page.locator(".pec-card")).to_be_hidden()
    incoming.fill(" IMAP.Example.IT ")
    outgoing.fill("smtp.example.it")
    expect(error_of(page, "pec-incoming-host")).to_be_hidden()
    expect(incoming).not_to_have_attribute("aria-invalid", "true")
    values = card_values(page)
    assert (values["incoming.host"], values["incoming.port"]) == ("imap.example.it", "993")
    assert (values["outgoing.host"], values["outgoing.port"]) == ("smtp.example.it", "465")


def test_legalmail_shows_every_setting_before_the_user_id(generator: Page, edition, providers):
    """The card appears as soon as the provider is known; the user-name row says what to
    type (the User ID) until the reader types it, then shows it."""
    page = generator
    legalmail = next(p for p in providers if p["username"] == "user-id")
    page.locator("#pec-address").fill(f"mario.rossi@{legalmail['domains'][0]}")
    card = page.locator(".pec-card")
    expect(card).to_be_visible()
    assert card_values(page) | {"username": ""} == expected_values(
        legalmail["imap"], legalmail["smtp"], "imap", "")
    expect(slot(page, "username")).to_be_hidden()
    pending = page.locator('[data-pec-pending="username"]')
    expect(pending).to_be_visible()
    expect(pending).to_have_text(" ".join(edition.t("generator.pending.user_id").split()))
    # Nothing to copy yet, and nothing remembered for the guides.
    expect(slot(page, "username").locator("xpath=following-sibling::button[1]")).to_be_hidden()
    expect(card.locator('[data-pec-when="userIdNote"]')).to_be_visible()
    expect(error_of(page, "pec-user-id")).to_be_hidden()  # not touched yet: no reproach
    page.locator("#pec-user-id").fill("M7654321")
    expect(slot(page, "username")).to_have_text("M7654321")
    expect(pending).to_be_hidden()


def test_other_provider_shows_the_card_while_the_servers_are_typed(generator: Page, edition):
    page = generator
    page.locator("#pec-address").fill("ufficio@studio-rossi.it")
    page.locator("#pec-provider").select_option("other")
    expect(page.locator(".pec-card")).to_be_visible()
    for name in ("incoming.host", "outgoing.host"):
        expect(slot(page, name)).to_be_hidden()
        expect(page.locator(f'[data-pec-pending="{name}"]')).to_have_text(
            " ".join(edition.t("generator.pending.host").split()))
    expect(slot(page, "incoming.port")).to_have_text("993")


def test_every_aruba_address_domain_is_recognised(generator: Page, providers):
    """Aruba gives addresses on eight domains (its own FAQ): each finds Aruba at once."""
    page = generator
    aruba = provider(providers, "aruba")
    assert len(aruba["domains"]) == 8 and "arubapec.it" in aruba["domains"]
    for domain in aruba["domains"]:
        page.locator("#pec-address").fill(f"mario@{domain}")
        expect(page.locator("#pec-provider")).to_be_hidden()
        expect(slot(page, "incoming.host")).to_have_text(aruba["imap"]["host"])
        expect(slot(page, "provider")).to_contain_text(aruba["name"])


def agreement_domains(providers) -> list[tuple[dict, str]]:
    return [(p, entry["domain"]) for p in providers for entry in p["agreements"]]


def test_professional_bodies_domains_find_their_provider(generator: Page, edition, providers):
    """Engineers', surveyors' and architects' PEC domains are Aruba's, through their
    bodies' agreements (data/providers.yml): typed as a reader types, each finds Aruba,
    and the card says that the activation e-mail wins where its values differ."""
    page = generator
    bodies = agreement_domains(providers)
    assert {"ingpec.eu", "geopec.it", "archiworldpec.it"} <= {domain for _, domain in bodies}
    note = page.locator('.pec-card [data-pec-when="agreement"]')
    for provider, domain in bodies:
        page.locator("#pec-address").fill("")
        page.locator("#pec-address").press_sequentially(f"Mario.Rossi@{domain}")
        expect(page.locator("#pec-provider")).to_be_hidden()
        expect(page.locator(".pec-card")).to_be_visible()
        assert card_values(page) == expected_values(provider["imap"], provider["smtp"], "imap",
                                                    f"mario.rossi@{domain}")
        expect(slot(page, "provider")).to_contain_text(provider["name"])
        expect(note).to_be_visible()
        expect(note).to_have_text(" ".join(edition.t("generator.reminder_agreement").split()))
    # The provider's own domains need no such note.
    page.locator("#pec-address").fill(f"mario.rossi@{bodies[0][0]['domains'][0]}")
    expect(page.locator(".pec-card")).to_be_visible()
    expect(note).to_be_hidden()


ORGANISATIONS = {"pec.istruzione.it": "mitf010007@pec.istruzione.it",
                 "pec.interno.it": "protocollo.prefco@pec.interno.it",
                 "*.viapec.it": "protocollo@palazzolo.viapec.it"}


def test_public_bodies_are_sent_to_their_it_office(generator: Page, edition, organisations):
    """A public body's address finds no provider, and the form says why and who has the
    settings, instead of the message for a company's own domain."""
    page = generator
    assert [e["domain"] for e in organisations] == list(ORGANISATIONS)
    own, theirs = page.locator("#pec-provider-hint"), page.locator("#pec-provider-organisation")
    select = page.locator("#pec-provider")
    for address in ORGANISATIONS.values():
        page.locator("#pec-address").fill("")
        page.locator("#pec-address").press_sequentially(address)
        expect(select).to_be_visible()
        expect(theirs).to_have_text(" ".join(edition.t("generator.provider_hint_organisation").split()))
        expect(own).to_be_hidden()
        expect(select).to_have_attribute("aria-describedby", re.compile(r"^pec-provider-organisation\b"))
        expect(page.locator(".pec-card")).to_be_hidden()
    select.select_option("other")
    page.locator("#pec-incoming-host").fill("imap.example.it")
    page.locator("#pec-outgoing-host").fill("smtp.example.it")
    expect(page.locator('.pec-card [data-pec-when="organisation"]')).to_be_visible()
    # The domain itself, and a company's own domain, get the usual message.
    for address in ("ufficio@viapec.it", "ufficio@studio-rossi.it"):
        page.locator("#pec-address").fill(address)
        expect(own).to_be_visible()
        expect(theirs).to_be_hidden()
        expect(select).to_have_attribute("aria-describedby", re.compile(r"^pec-provider-hint\b"))
        expect(page.locator('.pec-card [data-pec-when="organisation"]')).to_be_hidden()


def test_legalmail_needs_the_user_id(generator: Page, edition):
    page = generator
    page.locator("#pec-address").fill("mario.rossi@legalmail.it")
    user_id = page.locator("#pec-user-id")
    expect(user_id).to_be_visible()
    user_id.fill("M 123")
    expect(error_of(page, "pec-user-id")).to_have_text(edition.t("generator.messages.userid-invalid"))
    user_id.fill("")
    expect(error_of(page, "pec-user-id")).to_have_text(edition.t("generator.messages.userid-empty"))
    user_id.fill("M7654321")
    expect(slot(page, "username")).to_have_text("M7654321")


# What people paste, and what attackers try. Each must give a clear message or a result.
HOSTILE = [
    "", " ", "mario", "mario.rossi", "@", "mario@", "@pec.it", "mario@@pec.it",
    "mario@pec@pec.it", "mario rossi@pec.it", "mario@pec .it", "mario@pec", "mario@.it",
    "mario@pec..it", "mario@-pec.it", "mario@pec-.it", "mario@pec.i", "mario@pec.123",
    ".mario@pec.it", "mario.@pec.it", "mar..io@pec.it", "a" * 65 + "@pec.it",
    "a" * 64 + "@pec.it", "a@" + "b" * 250 + ".it", "x" * 5000,
    "<script>window.__pwned=1</script>@pec.it", "<img src=x onerror=window.__pwned=1>",
    '"><svg onload=window.__pwned=1>@pec.it', "mario@pec.it<b>bold</b>",
    "javascript:window.__pwned=1", "javascript:alert(1)@pec.it", "data:text/html,<h1>x",
    "mario@pec.it\u0000", "mario\u0007@pec.it", "mario@pec.it\u200b", "\u202emario@pec.it",
    "\u202eti.cep@oiram", "מריו@פק.איט", "марио@пек.ит", "mario@pëc.it", "mário@pec.it",
    "📧@pec.it", "mario@📧.it", "mario@pec.it\t", "mario\n@pec.it", "{{7*7}}@pec.it",
    "${7*7}@pec.it", "mario@pec.it'; DROP TABLE users;--", "%3Cscript%3E@pec.it",
    "&lt;b&gt;@pec.it", "mario@PEC.IT", "mario+ufficio@pec.it", "o'brien@pec.it",
]


def dom_size(page: Page) -> int:
    return page.evaluate("document.getElementsByTagName('*').length")


def assert_clear_outcome(page: Page):
    """A result, the next question (which provider?), or a message that says what to do,
    once the reader leaves the field."""
    page.locator("#pec-address").blur()
    card = page.locator(".pec-card")
    error = error_of(page, "pec-address")
    if card.is_visible() or page.locator("#pec-provider").is_visible():
        expect(error).to_be_hidden()
    else:
        expect(error).to_be_visible()
        assert len(error.inner_text()) > 15, "a message that says what to do"
        expect(page.locator("#pec-address")).to_have_attribute("aria-invalid", "true")


def test_hostile_inputs_get_a_message_or_a_result(generator: Page):
    page = generator
    assert len(HOSTILE) >= 40
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator("#pec-address").fill("warm@up.it")
    size = dom_size(page)
    for text in HOSTILE:
        page.locator("#pec-address").fill(text)
        assert_clear_outcome(page)
        assert dom_size(page) == size, f"an element appeared for {text!r}"
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
       | st.from_regex(r"[a-z0-9.<>\"'&@ -]{0,40}@[a-z0-9.-]{0,30}", fullmatch=True))
def test_random_input_keeps_the_invariants(generator: Page, text: str):
    page = generator
    if not page.evaluate("window.pecSize"):  # the first example on a fresh page
        page.locator("#pec-address").fill("warm@up.it")
        page.evaluate("window.pecSize = document.getElementsByTagName('*').length")
    page.locator("#pec-address").fill(text)
    assert_clear_outcome(page)
    assert dom_size(page) == page.evaluate("window.pecSize")


def test_copy_buttons_copy_the_exact_value(generator: Page, edition, providers):
    page = generator
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    aruba = provider(providers, "aruba")
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    for name, expected in [("incoming.host", aruba["imap"]["host"]),
                           ("outgoing.port", str(aruba["smtp"]["port"])),
                           ("username", "mario.rossi@pec.it")]:
        button = slot(page, name).locator("xpath=following-sibling::button[1]")
        expect(button).to_have_accessible_description(expected)
        button.click()
        expect(button).to_have_attribute("data-pec-copied", edition.t("ui.copied"))
        assert page.evaluate("navigator.clipboard.readText()") == expected


def test_the_address_never_leaves_the_browser(generator: Page):
    page = generator
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.locator("#pec-address").press_sequentially("mario.rossi@pec.it")
    page.locator('input[name="protocol"][value="pop"]').check()
    page.locator("#pec-address").fill("ufficio@studio.it")
    page.locator("#pec-provider").select_option("other")
    page.locator("#pec-incoming-host").fill("pop.studio.it")
    assert requests == []
    expect(page.locator('input[type="password"]')).to_have_count(0)
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None


def test_remember_and_forget(generator: Page):
    page = generator
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    page.reload()
    expect(page.locator("#pec-address")).to_have_value("")

    page.locator("#pec-address").fill("mario.rossi@pec.it")
    page.locator('input[name="protocol"][value="pop"]').check()
    page.locator('input[name="remember"]').check()
    page.reload()
    expect(page.locator("#pec-address")).to_have_value("mario.rossi@pec.it")
    expect(page.locator('input[name="protocol"][value="pop"]')).to_be_checked()
    expect(page.locator(".pec-card")).to_be_visible()

    page.locator('[data-pec-action="forget"]').click()
    expect(page.locator("#pec-address")).to_have_value("")
    expect(page.locator(".pec-card")).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    page.reload()
    expect(page.locator("#pec-address")).to_have_value("")


def test_tampered_storage_is_ignored(page: Page):
    page.goto(PATH)
    page.evaluate(f"""localStorage.setItem('{STORAGE_KEY}', JSON.stringify({{
        address: '<img src=x onerror=window.__pwned=1>', protocol: 'evil', provider: 'nope',
        remember: true, mine: {{provider: 'aruba', username: '<b>x</b> y'}}}}))""")
    page.goto("outlook/imap/")
    expect(page.locator(".pec-mine:visible")).to_have_count(0)
    page.goto(PATH)
    expect(page.locator('input[name="protocol"][value="imap"]')).to_be_checked()
    expect(error_of(page, "pec-address")).to_be_visible()
    assert page.evaluate("window.__pwned") is None


def test_support_link_presets_provider_and_protocol(page: Page, providers):
    page.goto(f"{PATH}?provider=aruba&protocol=pop")
    expect(page.locator('input[name="protocol"][value="pop"]')).to_be_checked()
    page.locator("#pec-address").fill("ufficio@studio-rossi.it")
    expect(page.locator("#pec-provider")).to_have_value("aruba")
    aruba = provider(providers, "aruba")
    expect(slot(page, "incoming.host")).to_have_text(aruba["pop"]["host"])


@pytest.mark.parametrize("query", ["?provider=evil&protocol=smtp", "?provider=%3Cscript%3E",
                                   "?protocol=__proto__&provider=constructor", "?address=a@pec.it"])
def test_unknown_preset_values_are_ignored_quietly(page: Page, query):
    page.goto(PATH + query)
    expect(page.locator('input[name="protocol"][value="imap"]')).to_be_checked()
    expect(page.locator("#pec-provider")).to_have_value("")
    expect(page.locator("#pec-address")).to_have_value("")  # never the address
    expect(page.locator(".pec-field__error:visible")).to_have_count(0)


def test_one_update_per_keystroke_after_many_visits(page: Page):
    page.goto(PATH)
    for _ in range(4):
        page.locator('nav.md-nav--primary a[href$="outlook/imap/"]').first.click()
        expect(page).to_have_url(re.compile(r"/outlook/imap/$"))
        page.locator('nav.md-nav--primary a[href$="settings/"]').first.click()
        expect(page).to_have_url(re.compile(r"/settings/$"))
    count = "performance.getEntriesByName('pec-settings-update').length"
    before = page.evaluate(count)
    page.locator("#pec-address").press_sequentially("abc")
    assert page.evaluate(count) - before == 3


def test_the_guides_follow_the_readers_choice(generator: Page, providers):
    page = generator
    aruba = provider(providers, "aruba")
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    page.locator('nav.md-nav--primary a[href$="outlook/pop/"]').first.click()
    expect(page).to_have_url(re.compile(r"/outlook/pop/$"))
    tabs = step(page, "pop-incoming-server").locator(".tabbed-set").first
    checked = tabs.locator("input:checked").get_attribute("id")
    expect(tabs.locator(f'label[for="{checked}"]')).to_have_text(aruba["name"])
    mine = tabs.locator(".tabbed-block:visible .pec-mine")
    expect(mine).to_be_visible()
    expect(mine.locator("code")).to_have_text("mario.rossi@pec.it")


def test_print_shows_only_the_card_and_reminders(generator: Page):
    page = generator
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    page.emulate_media(media="print")
    expect(page.locator(".pec-card table")).to_be_visible()
    expect(page.locator(".pec-card__reminders")).to_be_visible()
    for hidden in (".pec-generator", "h1", ".md-header", ".pec-card__actions"):
        expect(page.locator(hidden).first).to_be_hidden()


def test_without_javascript_the_static_tables_show(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(PATH)
    expect(page.locator(".pec-generator")).to_be_hidden()
    expect(page.locator(".pec-static")).to_be_visible()
    expect(page.locator(".pec-static .tabbed-set")).to_have_count(3)


def test_messages_stay_out_of_search(site_dir, edition):
    """The error messages, which the reader sees only beside a field they concern, are
    not search results; the page's own text still is."""
    messages = edition.words.section("generator.messages")
    assert len(messages) > 10
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("settings/"))
    assert edition.t("generator.address") in text  # the page is indexed…
    for message in messages.values():
        assert " ".join(message.split()) not in text  # …but none of its messages


def test_every_message_the_model_returns_has_words(edition):
    """Each error code settings-model.js can return is worded in every edition."""
    model = (ROOT / "overrides" / "assets" / "javascripts" / "features" / "settings-model.js").read_text()
    codes = set(re.findall(r'(?:error: |errors\.\w+ = )"([a-z]+-[a-z-]+)"', model))
    assert len(codes) > 10
    assert codes <= set(edition.words.section("generator.messages"))


def visit(page: Page, path: str):
    """Another page of the edition, as a reader gets there: through the navigation."""
    page.locator(f'nav.md-nav--primary a[href$="{path}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/{path}$"))


def other_tab_values(page: Page, edition, step_id: str) -> list[str]:
    """The reader's own values shown in the "Other provider" tab of a step, with the
    accessible description of each one's copy button (the value it copies)."""
    other = edition.t("settings.other.name")
    tabs = step(page, step_id).locator(".tabbed-set").first
    checked = tabs.locator(":scope > input:checked").get_attribute("id")
    expect(tabs.locator(f'label[for="{checked}"]')).to_have_text(other)
    mine = tabs.locator(".tabbed-block:visible .pec-mine")
    expect(mine.first).to_be_visible()
    values = []
    for slot in mine.all():
        code = slot.locator("code")
        button = code.locator("xpath=following-sibling::button[1]")
        expect(button).to_have_accessible_description(code.inner_text())
        values.append(code.inner_text())
    return values


def test_other_provider_carries_its_servers_to_the_guides(generator: Page, edition):
    """A reader of "Other provider" is handed to the guides' "Other provider" tab, which
    shows the server names they typed (and their address as user name), each with its
    copy button: in the guide, in guided mode and in the Mac's tables. Nothing is sent,
    and an IMAP server never shows in a POP table."""
    page = generator
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.locator("#pec-address").fill("someone@pec.studiorossi.it")
    page.locator("#pec-provider").select_option("other")
    page.locator("#pec-incoming-host").fill("imap.pec.studiorossi.it")
    page.locator("#pec-outgoing-host").fill("smtp.pec.studiorossi.it")
    page.locator(".pec-card__actions a:visible").click()
    expect(page).to_have_url(re.compile(r"/outlook/imap/"))
    page.wait_for_load_state("networkidle")
    assert other_tab_values(page, edition, "imap-incoming-server") == [
        "someone@pec.studiorossi.it", "imap.pec.studiorossi.it"]
    assert other_tab_values(page, edition, "outgoing-server") == [
        "someone@pec.studiorossi.it", "smtp.pec.studiorossi.it"]
    # Guided mode shows the same step, values and all.
    page.locator('[data-pec-view="guided"]').click()
    page.locator("#imap-incoming-server").evaluate("h => location.hash = h.id")
    expect(step(page, "imap-incoming-server")).to_be_visible()
    assert other_tab_values(page, edition, "imap-incoming-server")[1] == "imap.pec.studiorossi.it"
    page.locator('[data-pec-view="whole"]').click()
    # The Mac's IMAP table has the incoming server; its POP table does not.
    # (Through the site's navigation: without "Remember", the values last for the visit.)
    visit(page, "outlook/mac-and-phones/")
    shown = step(page, "mac-incoming-server").locator(".tabbed-block:visible .pec-mine:visible code")
    expect(shown).to_have_text(["someone@pec.studiorossi.it", "imap.pec.studiorossi.it"])
    assert other_tab_values(page, edition, "mac-outgoing-server") == ["smtp.pec.studiorossi.it"]
    visit(page, "outlook/pop/")
    expect(step(page, "pop-incoming-server").locator(
        '.pec-mine[data-pec-mine="incoming"]:visible')).to_have_count(0)
    assert other_tab_values(page, edition, "outgoing-server")[1] == "smtp.pec.studiorossi.it"
    assert not [url for url in requests if "studiorossi" in url]


def test_the_card_says_which_password_mail_programs_need(generator: Page, edition, providers):
    """Where the data says a provider's mail programs may need a password of their own
    (Aruba, with two-step verification on), the card's password row says so; the other
    providers and "Other provider" keep the usual sentence."""
    page = generator
    row = page.locator(".pec-card tr", has=page.locator("th", has_text=edition.t("generator.password")))
    assert any(p.get("client_password") for p in providers)
    usual = " ".join(edition.t("generator.password_value").split())
    for p in providers:
        page.locator("#pec-address").fill(f"mario.rossi@{p['domains'][0]}")
        expect(page.locator(".pec-card")).to_be_visible()
        wanted = (" ".join(edition.t(f"providers.{p['id']}.client_password").split())
                  if p.get("client_password") else usual)
        expect(row.locator("td > span:visible")).to_have_text(wanted)
    page.locator("#pec-address").fill("ufficio@studio-rossi.it")
    page.locator("#pec-provider").select_option("other")
    expect(row.locator("td > span:visible")).to_have_text(usual)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_continue_lands_where_guided_mode_and_before_you_start_show(page: Page, viewport):
    """The card's "Continue" lands on the guide's start: the switch to guided mode and
    "Before you start" (where the password for mail programs is explained) in view."""
    page.set_viewport_size(viewport)
    page.goto(PATH)
    page.locator("#pec-address").fill("mario.rossi@pec.it")
    page.locator(".pec-card__actions a:visible").click()
    expect(page).to_have_url(re.compile(r"/outlook/imap/#"))
    expect(page.locator('[data-pec-view="guided"]')).to_be_in_viewport(ratio=1)
    expect(page.locator("#before-you-start")).to_be_in_viewport(ratio=1)
    page.wait_for_function("""() => document.querySelector('.pec-guided').getBoundingClientRect().top >=
        document.querySelector('.md-header').getBoundingClientRect().bottom - 1""", timeout=5000)


def test_the_address_is_not_told_off_while_it_is_typed(generator: Page, edition):
    """Key by key, a plausible start is never marked wrong; a complete address gives the
    card at once; a pause or leaving the field tells the mistake; a mistake no more typing
    can mend shows at once."""
    page = generator
    field, error = page.locator("#pec-address"), error_of(page, "pec-address")
    field.click()
    address = "mario.rossi@pec.it"
    for key in address:
        page.keyboard.type(key)
        if len(field.input_value()) < len(address):
            assert field.get_attribute("aria-invalid") is None, field.input_value()
            assert error.is_hidden(), field.input_value()
    assert page.locator(".pec-card").is_visible()  # at once, with no pause
    # A pause on an unfinished address tells what is missing.
    field.fill("")
    field.press_sequentially("mario.rossi@pec")
    assert field.get_attribute("aria-invalid") is None
    expect(error).to_have_text(" ".join(edition.t("generator.messages.address-domain-invalid").split()))
    expect(field).to_have_attribute("aria-invalid", "true")
    # Typing on hides it again while the start is plausible.
    page.keyboard.type(".")
    assert field.get_attribute("aria-invalid") is None
    # Leaving the field tells at once.
    field.fill("")
    field.press_sequentially("mario")
    page.keyboard.press("Tab")
    assert field.get_attribute("aria-invalid") == "true"
    assert error.inner_text() == " ".join(edition.t("generator.messages.address-no-at").split())
    # A space can never become an address: said at once.
    field.fill("")
    field.press_sequentially("mario rossi")
    assert field.get_attribute("aria-invalid") == "true"
    assert error.inner_text() == edition.t("generator.messages.address-spaces")


def test_an_address_typed_as_the_user_id_is_refused(generator: Page, edition, providers):
    """Legalmail refuses the address as user name: typed into the User ID field, it gets
    its own message and the field is marked invalid; the card never offers it."""
    page = generator
    legalmail = next(p for p in providers if p["username"] == "user-id")
    page.locator("#pec-address").fill(f"studio@{legalmail['domains'][0]}")
    user_id = page.locator("#pec-user-id")
    expect(user_id).to_be_visible()
    user_id.press_sequentially(f"studio@{legalmail['domains'][0]}")
    expect(error_of(page, "pec-user-id")).to_have_text(
        " ".join(edition.t("generator.messages.userid-address").split()))
    expect(user_id).to_have_attribute("aria-invalid", "true")
    expect(slot(page, "username")).not_to_have_text(re.compile("@"))
    user_id.fill("M1234567")
    expect(user_id).not_to_have_attribute("aria-invalid", "true")
    expect(slot(page, "username")).to_have_text("M1234567")


def test_an_unknown_domain_is_told_which_case_it_is(generator: Page, edition):
    """A domain the site knows as a provider's without a preset (data/providers.yml
    `elsewhere`: pec.libero.it, postecert.it) names that provider and sends the reader to
    "Other provider"; a domain the site does not know at all is not called the reader's
    own: the message says it is a company's own or a provider's not covered here."""
    page = generator
    elsewhere = load_providers()["elsewhere"]
    assert {"pec.libero.it", "postecert.it"} <= {d for e in elsewhere for d in e["domains"]}
    select, own = page.locator("#pec-provider"), page.locator("#pec-provider-hint")
    for entry in elsewhere:
        hint = page.locator(f"#pec-provider-elsewhere-{entry['id']}")
        for domain in entry["domains"]:
            page.locator("#pec-address").fill("mario.rossi@" + domain.replace("*.", "comune.esempio."))
            expect(select).to_be_visible()
            expect(hint).to_have_text(" ".join(edition.t("generator.provider_hint_elsewhere",
                                                         provider=entry["name"]).split()))
            expect(page.locator(".pec-generator [data-pec-elsewhere]:visible")).to_have_count(1)
            expect(own).to_be_hidden()
            expect(page.locator("#pec-provider-organisation")).to_be_hidden()
            expect(select).to_have_attribute("aria-describedby", re.compile(rf"^pec-provider-elsewhere-{entry['id']}\b"))
    page.locator("#pec-address").fill("ufficio@studio-rossi.it")
    expect(own).to_have_text(" ".join(edition.t("generator.provider_hint").split()))
    expect(page.locator(".pec-generator [data-pec-elsewhere]:visible")).to_have_count(0)
    expect(select).to_have_attribute("aria-describedby", re.compile(r"^pec-provider-hint\b"))
