"""Guided mode: the same guide one step at a time, each result checked, progress kept on
the device; the page stays the whole guide for print, search and readers without
JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.helpers import (AXE, GUIDES, PHONE, assert_landed, mounted, own_text, provider, step,
                           step_ids, tab_to, violations)
from tools.site import copy_project, editions, served_site

GUIDE = GUIDES["imap"]
KEY = "pec-guided"


def words(edition, key: str, **values) -> str:
    text = " ".join(edition.t(f"guided.{key}").split())
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], m[0])), text)


def expect_at(page: Page, step_id: str) -> None:
    """Guided mode shows `step_id` (waiting for it: a link moves there asynchronously)."""
    expect(page.locator(".pec-step-section--current")).to_have_attribute("data-pec-step", step_id)


def current(page: Page) -> str:
    return page.locator(".pec-step-section--current").get_attribute("data-pec-step")


def expect_only(page: Page, step_id: str) -> None:
    """Guided mode shows `step_id` and no other step."""
    shown = page.locator("article .pec-step-section:visible")
    expect(shown).to_have_count(1)
    expect(shown).to_have_attribute("data-pec-step", step_id)


def visible_steps(page: Page) -> list[str]:
    return page.locator("article .pec-step-section:visible").evaluate_all("ss => ss.map(s => s.dataset.pecStep)")


def guided_on(page: Page, path: str = GUIDE) -> Page:
    page.goto(path)
    page.locator('[data-pec-view="guided"]').click()
    expect(page.locator("article[data-pec-guided]")).to_have_count(1)
    return page


def test_whole_guide_by_default_and_one_step_when_chosen(page: Page, edition):
    page.goto(GUIDE)
    switch = page.locator('[data-pec-view="whole"]')
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert len(visible_steps(page)) == len(step_ids(page))
    guided_on(page)
    expect(page.locator('[data-pec-view="guided"]')).to_have_attribute("aria-pressed", "true")
    expect_only(page, step_ids(page)[0])
    expect(page.locator("h2#before-you-start")).to_be_visible()  # with the first step
    total = len(step_ids(page))
    status = page.locator('[data-pec-slot="status"]')
    title = own_text(page.locator("h2#open-outlook"))
    expect(status).to_have_text(words(edition, "status", number=1, total=total, title=title))
    assert page.title().startswith(words(edition, "title", number=1, total=total, title=title))
    # Remembered: a new visit opens in guided mode.
    page.reload()
    expect(page.locator("article[data-pec-guided]")).to_have_count(1)
    page.locator('[data-pec-view="whole"]').click()
    expect(page.locator("article[data-pec-guided]")).to_have_count(0)
    assert len(visible_steps(page)) == total


def test_next_back_and_the_browsers_back(page: Page, edition):
    guided_on(page)
    order = step_ids(page)
    page.locator('[data-pec-action="next"]').click()
    expect(page).to_have_url(re.compile(f"#{order[1]}$"))
    expect_only(page, order[1])
    expect(page.locator(f"h2#{order[1]}")).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text(page.locator('[data-pec-slot="status"]').inner_text())
    page.locator('[data-pec-action="next"]').click()
    expect_only(page, order[2])
    page.go_back()
    expect_only(page, order[1])
    expect(page.locator(f"h2#{order[1]}")).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text(page.locator('[data-pec-slot="status"]').inner_text())
    page.locator('[data-pec-action="back"]').click()
    expect_only(page, order[0])
    expect(page.locator('[data-pec-action="back"]')).to_be_disabled()


def test_nothing_is_announced_on_arrival(page: Page):
    guided_on(page)
    page.goto("./")
    page.goto(f"{GUIDE}#outgoing-server")
    assert_landed(page, "outgoing-server")
    expect_only(page, "outgoing-server")
    # An announcement would come as guided mode mounts or the page lands, within a frame
    # or two: once every feature has mounted and frames were drawn since, there is none.
    # (Read once: a check that waited would pass when the announcement is cleared.)
    mounted(page)
    assert page.get_by_role("status").text_content() == ""


def test_the_drawer_lists_every_step_and_marks_the_current(page: Page, edition):
    guided_on(page)
    page.locator(".pec-guided__drawer summary").click()
    links = page.locator(".pec-guided__drawer nav a")
    expect(links).to_have_count(len(step_ids(page)))
    expect(page.locator('.pec-guided__drawer a[aria-current="step"]')).to_have_attribute("href", "#open-outlook")
    links.nth(3).click()
    expect_at(page, step_ids(page)[3])
    expect(page.locator('.pec-guided__drawer a[aria-current="step"]')).to_have_count(1)


def test_yes_confirms_and_moves_on_no_opens_the_help(page: Page, edition):
    guided_on(page)
    order = step_ids(page)
    page.locator(".pec-step-section--current .pec-check [data-pec-action='yes']").click()
    expect_at(page, order[1])
    page.locator(".pec-guided__drawer summary").click()
    first = page.locator(".pec-guided__drawer li").first
    expect(first).to_have_class(re.compile("pec-guided__item--done"))
    expect(page.locator('[data-pec-slot="progress"]')).to_have_text(
        words(edition, "progress", confirmed=1, total=len(order)))
    # Visiting is not confirming.
    page.locator('[data-pec-action="next"]').click()
    expect(page.locator('[data-pec-slot="progress"]')).to_have_text(
        words(edition, "progress", confirmed=1, total=len(order)))
    page.locator(".pec-step-section--current .pec-check [data-pec-action='no']").click()
    help_block = page.locator(".pec-step-section--current details.pec-help")
    expect(help_block).to_have_attribute("open", "")
    expect(help_block.locator("summary")).to_be_focused()
    expect(help_block).to_contain_text(edition.t("guided.help"))


@pytest.mark.parametrize("protocol", GUIDES)
def test_every_step_has_help_for_a_different_screen(page: Page, protocol):
    """Help sits in the page for every step: collapsed, there without JavaScript, and
    linked to troubleshooting where a step can fail."""
    page.goto(GUIDES[protocol])
    missing = page.locator("article .pec-step-section").evaluate_all(
        "ss => ss.filter(s => !s.querySelector('details.pec-help')).map(s => s.dataset.pecStep)")
    assert missing == []
    for step_id in ("verify-settings", "test-message"):
        expect(step(page, step_id).locator("details.pec-help a[href*='troubleshooting/']").first).to_be_attached()


def test_a_step_link_wins_and_says_so(page: Page, edition):
    guided_on(page)
    order = step_ids(page)
    for _ in range(4):
        page.locator('[data-pec-action="next"]').click()
    reached = order[4]
    page.goto("./")  # support's link opens a new page, not a jump within this one
    page.goto(f"{GUIDE}#{order[2]}")
    assert_landed(page, order[2])
    expect_at(page, order[2])
    line = page.locator('[data-pec-line="link"]')
    expect(line).to_be_visible()
    expect(line.locator('[data-pec-slot="saved"]')).to_have_text(re.compile(".+"))
    line.locator('[data-pec-action="saved"]').click()
    expect_at(page, reached)
    expect(line).to_be_hidden()


def test_a_step_link_opens_the_whole_guide_when_guided_mode_is_off(page: Page):
    page.goto(f"{GUIDE}#outgoing-server")
    assert_landed(page, "outgoing-server")
    expect(page.locator("article[data-pec-guided]")).to_have_count(0)
    assert len(visible_steps(page)) == len(step_ids(page))


def test_resume_after_reload_and_after_closing_the_browser(new_context, edition, tmp_path):
    state = tmp_path / "state.json"
    context = new_context()
    page = guided_on(context.new_page())
    order = step_ids(page)
    for _ in range(3):
        page.locator(".pec-step-section--current [data-pec-action='yes']").click()
    page.goto(GUIDE)
    line = page.locator('[data-pec-line="resume"]')
    expect(line).to_be_visible()
    expect(line.locator('[data-pec-slot="number"]')).to_have_text("4")
    context.storage_state(path=state)
    context.close()
    page = new_context(storage_state=state).new_page()
    page.goto(GUIDE)
    line = page.locator('[data-pec-line="resume"]')
    expect(line).to_be_visible()
    line.locator('[data-pec-action="saved"]').click()
    expect_at(page, order[3])
    page.goto(GUIDE)
    page.locator('[data-pec-line="resume"] [data-pec-action="restart"]').click()
    expect_at(page, order[0])
    page.locator(".pec-guided__drawer summary").click()
    expect(page.locator('[data-pec-slot="progress"]')).to_have_text(
        words(edition, "progress", confirmed=0, total=len(order)))


def test_progress_can_stay_off_the_device_and_be_forgotten(page: Page):
    guided_on(page)
    page.locator(".pec-step-section--current [data-pec-action='yes']").click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')")
    page.locator(".pec-guided__drawer summary").click()
    page.locator('[data-pec-action="forget"]').click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    # Kept for this visit only, from now on.
    page.locator('[data-pec-action="next"]').click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    expect(page.locator('[data-pec-action="keep"]')).not_to_be_checked()


@pytest.mark.parametrize("garbage", [
    "not json", "[]", "null", '{"view": "guided", "guides": {"outlook/imap/": {"step": 5, "confirmed": []}}}',
    '{"guides": {"outlook/imap/": {"step": "<img src=x onerror=window.__pwned=1>", '
    '"confirmed": {"open-outlook": {"x": 1}, "__proto__": "y"}}}}',
    '{"guides": {"outlook/imap/": {"step": "cloud-sync", "confirmed": {"open-outlook": "tampered"}}}}',
])
def test_tampered_storage_is_ignored(page: Page, garbage):
    page.add_init_script(f"localStorage.setItem('{KEY}', {garbage!r})")
    page.goto(GUIDE)
    expect(page.locator('[data-pec-component="guided-mode"]')).to_be_visible()
    page.locator('[data-pec-view="guided"]').click()
    page.locator(".pec-guided__drawer summary").click()
    expect(page.locator(".pec-guided__item--done")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None


def test_blocked_storage_still_works_for_the_visit(page: Page):
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});""")
    guided_on(page)
    page.locator(".pec-step-section--current [data-pec-action='yes']").click()
    expect_at(page, step_ids(page)[1])


def test_two_tabs_stay_consistent(context: BrowserContext):
    first = guided_on(context.new_page(), GUIDE)
    second = context.new_page()
    second.goto(GUIDE)
    first.locator(".pec-step-section--current [data-pec-action='yes']").click()
    second.locator(".pec-guided__drawer summary").click()
    expect(second.locator(".pec-guided__item--done")).to_have_count(1)


def test_escape_leaves_at_the_same_step_and_no_key_is_taken(page: Page):
    """Guided mode takes no key but Esc: arrows and paging keys scroll as always, and
    Material's own page shortcuts (n, p) keep their meaning."""
    guided_on(page)
    page.locator('[data-pec-action="next"]').click()
    at = current(page)
    for key in ("ArrowRight", "ArrowLeft", "ArrowDown", "PageDown", "End", "j", "k", "Enter"):
        page.keyboard.press(key)
        assert current(page) == at, key
        expect(page).to_have_url(re.compile(r"/outlook/imap/#"))
    page.keyboard.press("Escape")
    expect(page.locator("article[data-pec-guided]")).to_have_count(0)
    expect(page.locator(f"h2#{at}")).to_be_focused()
    expect(page.locator(f"h2#{at}")).to_be_in_viewport()


def test_escape_while_typing_leaves_nothing(page: Page):
    guided_on(page, GUIDES["imap"])
    page.locator(".md-search__input").click()
    page.keyboard.press("Escape")
    expect(page.locator("article[data-pec-guided]")).to_have_count(1)


def test_the_end_asks_whether_the_mailbox_works(page: Page, edition):
    guided_on(page)
    order = step_ids(page)
    page.goto(f"{GUIDE}#{order[-1]}")
    end = page.locator('[data-pec-when="end"]')
    expect(end).to_be_visible()
    expect(end.locator("a").first).to_have_attribute("href", re.compile("troubleshooting/$"))
    end.locator('[data-pec-action="works"]').click()
    expect(end.locator('[data-pec-when="works"]')).to_be_visible()
    end.locator('[data-pec-action="restart"]').click()
    expect_at(page, order[0])


def test_send_my_place_to_support(page: Page, edition, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{GUIDE}?provider=aruba")
    page.locator('[data-pec-view="guided"]').click()
    page.locator(".pec-step-section--current [data-pec-action='yes']").click()
    page.locator(".pec-step-section--current [data-pec-action='no']").click()
    page.locator(".pec-guided__drawer summary").click()
    page.locator('[data-pec-action="support"]').click()
    text = page.evaluate("navigator.clipboard.readText()")
    assert f"{base_url}{GUIDE}?provider=aruba#email-address" in text
    assert "1" in text.splitlines()[2]
    stuck = own_text(page.locator("h2#email-address"))
    assert stuck in text


def test_print_and_no_javascript_show_every_step(page: Page, new_context):
    guided_on(page)
    page.emulate_media(media="print")
    assert len(visible_steps(page)) == len(step_ids(page))
    expect(page.locator(".pec-guided")).to_be_hidden()
    expect(page.locator(".pec-check").first).to_be_hidden()
    # An empty box to tick before each expected result, on paper.
    box = page.locator(".pec-result").first.evaluate("e => getComputedStyle(e, '::before').borderTopStyle")
    assert box == "solid"
    # The browser's Print opens each step's help for the paper, and closes it after.
    help_blocks = page.locator("article details.pec-help")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    expect(help_blocks.and_(page.locator(":not([open])"))).to_have_count(0)
    expect(help_blocks.first.locator("li").first).to_be_visible()
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    expect(help_blocks.and_(page.locator("[open]"))).to_have_count(0)
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(GUIDE)
    assert len(visible_steps(plain)) == len(step_ids(plain))
    expect(plain.locator(".pec-guided")).to_be_hidden()


WAKE_AND_PIP = """
window.pecCalls = [];
Object.defineProperty(navigator, 'wakeLock', {value: {request: async (kind) => {
  window.pecCalls.push('lock ' + kind);
  const lock = new EventTarget(); lock.release = async () => window.pecCalls.push('release'); return lock; }}});
Object.defineProperty(window, 'documentPictureInPicture', {value: {requestWindow: async () => {
  window.pecCalls.push('pip');
  const frame = document.createElement('iframe'); document.body.append(frame);
  const win = frame.contentWindow; win.close = () => window.pecCalls.push('pip closed'); return win; }}});
"""


def test_wake_lock_and_picture_in_picture_where_supported(page: Page):
    page.add_init_script(WAKE_AND_PIP)
    guided_on(page)
    page.wait_for_function("() => window.pecCalls.includes('lock screen')")
    page.locator(".pec-guided__drawer summary").click()
    page.locator('[data-pec-action="pip"]').click()
    page.wait_for_function("() => window.pecCalls.includes('pip')")
    page.locator('[data-pec-view="whole"]').click()
    page.wait_for_function("() => window.pecCalls.includes('release') && window.pecCalls.includes('pip closed')")


def test_no_wake_lock_or_picture_in_picture_where_absent(page: Page):
    page.add_init_script("delete Navigator.prototype.wakeLock; delete window.documentPictureInPicture;")
    guided_on(page)
    expect(page.locator('[data-pec-action="pip"]')).to_have_count(0)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `make test` (npm ci)")
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_guided_mode_is_accessible(new_context, width, scheme):
    page = guided_on(new_context(color_scheme=scheme, viewport={"width": width, "height": 900}).new_page())
    page.locator(".pec-guided__drawer summary").click()
    page.locator('[data-pec-action="next"]').click()
    assert violations(page) == []
    # On a phone, the question and Back and Next sit at the bottom, within reach.
    if width == 390:
        check = page.locator(".pec-step-section--current .pec-check").bounding_box()
        nav = page.locator(".pec-guided__nav").bounding_box()
        assert nav["y"] + nav["height"] >= 899 and check["y"] + check["height"] <= nav["y"] + 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_shows_the_steps_values_above_the_fold(new_context, edition, providers, scheme):
    """On a long step the table of values sits below the text: a strip under the heading
    repeats the chosen provider's values, each with a copy button, above the question."""
    context = new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = guided_on(context.new_page(), f"{GUIDE}?provider=aruba#imap-incoming-server")
    expect_at(page, "imap-incoming-server")
    aruba, legalmail = provider(providers, "aruba"), provider(providers, "legalmail")
    strip = page.locator(".pec-step-section--current .pec-guided__values")
    expect(strip).to_be_visible()
    # The switch scrolled the page up: Material's "Back to top" would cover the heading.
    expect(page.locator(".md-top")).to_be_hidden()
    expect(strip).to_have_attribute("aria-label", words(edition, "values"))
    expect(strip.locator("code")).to_have_text([aruba["imap"]["host"], str(aruba["imap"]["port"])])
    # Each value with the label of its row in the table, and above the question.
    field = page.locator(".pec-step-section--current td", has=page.locator(
        f'code.pec-value:text-is("{aruba["imap"]["host"]}")')).locator("xpath=preceding-sibling::td")
    expect(strip.locator(".pec-guided__value").first).to_contain_text(field.inner_text())
    copy = strip.locator(".pec-copy").first
    expect(copy).to_have_accessible_description(aruba["imap"]["host"])
    question = page.locator(".pec-step-section--current .pec-check").bounding_box()
    assert copy.bounding_box()["y"] + copy.bounding_box()["height"] <= question["y"]
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == aruba["imap"]["host"]
    expect(copy).to_have_attribute("data-pec-copied", edition.t("ui.copied"))
    # Another provider's tab: its values.
    page.locator(".pec-step-section--current .tabbed-labels label", has_text=legalmail["name"]).click()
    expect(strip.locator("code")).to_have_text([legalmail["imap"]["host"], str(legalmail["imap"]["port"])])
    if AXE.exists():
        assert violations(page) == []
    # A step without values has no strip; a wide window none either (the table is in view).
    page.locator('[data-pec-action="back"]').click()
    expect(strip).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator('[data-pec-action="next"]').click()
    expect(page.locator(".pec-guided__values")).to_be_hidden()


def test_keyboard_only_through_a_whole_guide(page: Page):
    page.goto(GUIDE)
    tab_to(page, '[data-pec-view="guided"]')
    page.keyboard.press("Enter")
    for number in range(1, len(step_ids(page)) + 1):
        tab_to(page, ".pec-step-section--current [data-pec-action='yes']", limit=200)
        page.keyboard.press("Enter")
    expect(page.locator('[data-pec-when="end"]')).to_be_visible()


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """The site with one step's text changed, to meet a reader who confirmed it before."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    for edition in editions(project):
        snippet = project / "snippets" / edition.lang / "steps" / "email-address.md"
        snippet.write_text(snippet.read_text().replace("mario.rossi@pec.it", "anna.bianchi@pec.it", 1))
    with served_site(tmp_path_factory.mktemp("site"), project) as url:
        yield url


def test_a_changed_step_is_named(new_context, edition, changed_site):
    """Progress keeps each confirmed step's fingerprint: a step changed since is named,
    and needs confirming again."""
    context = new_context()
    page = guided_on(context.new_page())
    for _ in range(3):
        page.locator(".pec-step-section--current [data-pec-action='yes']").click()
    stored = page.evaluate(f"localStorage.getItem('{KEY}')")
    context.close()
    # The changed site, by its full address (the contexts' base_url is the session's site).
    page = new_context().new_page()
    page.add_init_script(f"localStorage.setItem('{KEY}', {stored!r})")
    page.goto(changed_site + edition.folder + GUIDE)
    note = page.locator('[data-pec-line="resume"] [data-pec-when="changed"]')
    expect(note).to_be_visible()
    expect(note.locator('[data-pec-slot="numbers"]')).to_have_text("2")
    page.locator('[data-pec-view="guided"]').click()
    page.locator(".pec-guided__drawer summary").click()
    expect(page.locator(".pec-guided__item--done")).to_have_count(2)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_end_comes_into_view_takes_focus_and_is_announced(page: Page, edition, viewport):
    """After "Yes" on the last step, the end question is on screen, focused and announced."""
    page.set_viewport_size(viewport)
    guided_on(page)
    order = step_ids(page)
    page.goto(f"{GUIDE}#{order[-1]}")
    expect_at(page, order[-1])
    page.locator(".pec-step-section--current .pec-check [data-pec-action='yes']").click()
    heading = page.locator("#pec-guided-end")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport(ratio=1)
    page.wait_for_function("""() => document.getElementById('pec-guided-end').getBoundingClientRect().top >=
        document.querySelector('.md-header').getBoundingClientRect().bottom - 1""", timeout=5000)
    expect(page.get_by_role("status")).to_have_text(words(edition, "end_question"))


def test_one_next_on_screen_and_the_contents_name_the_current_step(page: Page):
    """In guided mode the theme's footer Previous/Next (into other pages) is hidden, and
    the table of contents lists the current step alone; the whole guide has both back."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GUIDE)
    footer = page.locator(".md-footer__inner")
    toc = page.locator(".md-sidebar--secondary a.md-nav__link:visible")
    expect(footer).to_be_visible()
    whole = toc.count()
    assert whole > 3
    guided_on(page)
    order = step_ids(page)
    expect(footer).to_be_hidden()
    expect(toc).to_have_count(1)
    expect(toc).to_have_attribute("href", re.compile(f"#{order[0]}$"))
    page.locator('[data-pec-action="next"]').click()
    expect_at(page, order[1])
    expect(toc).to_have_count(1)
    expect(toc).to_have_attribute("href", re.compile(f"#{order[1]}$"))
    page.locator('[data-pec-view="whole"]').click()
    expect(footer).to_be_visible()
    expect(toc).to_have_count(whole)


@pytest.mark.parametrize("protocol", GUIDES)
def test_no_opens_the_help_above_the_phones_bars(new_context, edition, protocol):
    """On a phone the question and Back/Next are fixed at the bottom: "No" on any step
    opens its help between the header and them, never behind them."""
    context = new_context(**PHONE)
    page = guided_on(context.new_page(), GUIDES[protocol])
    for step_id in step_ids(page):
        page.evaluate("id => location.hash = id", step_id)
        expect_at(page, step_id)
        page.locator(".pec-step-section--current .pec-check [data-pec-action='no']").tap()
        help_block = page.locator(".pec-step-section--current details.pec-help")
        expect(help_block).to_have_attribute("open", "")
        expect(help_block.locator("summary")).to_be_focused()
        page.wait_for_function("""() => {
            const help = document.querySelector('.pec-step-section--current details.pec-help').getBoundingClientRect();
            const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
            const bottom = Math.min(innerHeight,
                document.querySelector('.pec-step-section--current > .pec-check').getBoundingClientRect().top,
                document.querySelector('.pec-guided__nav').getBoundingClientRect().top);
            return help.top >= top - 1 && (help.bottom <= bottom + 1 || help.top <= top + 1);
        }""", timeout=5000)
