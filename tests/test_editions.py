"""The editions (languages): the same pages and steps in each, a switch that lands on the
same page and step with the provider kept, a quiet offer of the reader's language, each
edition's own search, and no word of another language on a page."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page, expect

from project import CONFIDENCE, load_catalogues, load_sources
from tests.helpers import (GUIDES, assert_landed, built_page, checked_tabs, instant_ready, provider,
                           settled)
from tools.site import ROOT, editions

EDITIONS = editions()
# Searches each edition must answer: its own words, codes and host names (the same in
# every language), each with a page it must find.
SEARCHES = {
    "en": {"acceptance receipt": "outlook/imap/", "port": "outlook/imap/",
           "encryption": "troubleshooting/"},
    "it": {"ricevuta di accettazione": "outlook/imap/", "porta": "outlook/imap/",
           "crittografia": "troubleshooting/"},
}
COMMON_SEARCHES = {"0x800CCC0E": "troubleshooting/", "smtps.pec.aruba.it": "outlook/imap/"}
# Words of another language that a page may carry: a server's own reply (quoted as the
# server writes it), product and provider names, and labels both Outlooks share.
FOREIGN_ALLOWED = {"Too much traffic from this sender"}


def other(edition):
    return next(e for e in EDITIONS if e.lang != edition.lang)


def open_selector(page: Page):
    page.locator(".md-header__option .md-select").hover()


def test_every_edition_has_the_same_pages():
    pages = {e.lang: sorted(p.relative_to(ROOT / "docs" / e.lang).as_posix()
                            for p in (ROOT / "docs" / e.lang).rglob("*.md")) for e in EDITIONS}
    first, *rest = pages.values()
    assert all(other == first for other in rest), pages


def test_pages_speak_their_language(site_dir, edition, page_paths):
    """<html lang>, its own title and description, and hreflang alternates for every
    edition (as built: no script changes them)."""
    english = load_catalogues()[EDITIONS[0].lang]
    for path in page_paths:
        built = built_page(site_dir, path)
        assert built.find("html").attrs.get("lang") == edition.lang, path
        links = [link.attrs["hreflang"] for link in built.find_all("link", rel="alternate", hreflang=True)]
        assert {e.lang for e in EDITIONS} <= set(links), path
        if edition.lang != EDITIONS[0].lang:
            description = built.find("meta", name="description").attrs.get("content")
            assert description != english.t("site.description"), path


def test_the_sitemap_names_each_pages_twins(site_dir, edition, base_url):
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = base_url.removesuffix(edition.folder)
    for url in tree.getroot().findall("s:url", ns):
        page = url.find("s:loc", ns).text.removeprefix(base_url)
        twins = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for e in EDITIONS:
            assert twins[e.lang] == f"{root}{e.folder}{page}"


def test_the_switch_lands_on_the_same_page_from_every_page(page: Page, edition, page_paths):
    target = other(edition)
    root = edition.base_url.removesuffix(edition.folder)
    for path in page_paths:
        page.goto(path)
        open_selector(page)
        page.locator(f'.md-select__link[hreflang="{target.lang}"]').click()
        expect(page).to_have_url(f"{root}{target.folder}{path}")
        expect(page.locator("html")).to_have_attribute("lang", target.lang)


@pytest.mark.parametrize("step_id", ["outgoing-server", "imap-incoming-server"])
def test_the_switch_keeps_the_step_and_the_provider(page: Page, edition, providers, step_id):
    target = other(edition)
    root = edition.base_url.removesuffix(edition.folder)
    aruba = provider(providers, "aruba")
    page.goto(f"{GUIDES['imap']}?provider=aruba#{step_id}")
    assert_landed(page, step_id)
    open_selector(page)
    page.locator(f'.md-select__link[hreflang="{target.lang}"]').click()
    expect(page).to_have_url(f"{root}{target.folder}{GUIDES['imap']}?provider=aruba#{step_id}")
    assert_landed(page, step_id)
    assert set(checked_tabs(page, [p["name"] for p in providers])) == {aruba["name"]}


def test_the_switch_follows_instant_navigation(page: Page, edition):
    """Material keeps the first page's header while it navigates: the switch still takes
    the reader to the page they are on now."""
    target = other(edition)
    root = edition.base_url.removesuffix(edition.folder)
    page.goto(GUIDES["imap"])
    instant_ready(page)
    page.locator(f'nav.md-nav--primary a[href$="{GUIDES["pop"]}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(GUIDES["pop"]) + "$"))
    open_selector(page)
    page.locator(f'.md-select__link[hreflang="{target.lang}"]').click()
    expect(page).to_have_url(f"{root}{target.folder}{GUIDES['pop']}")


@pytest.mark.parametrize("prefers", ["it-IT", "en-GB"])
def test_the_readers_language_is_offered_never_forced(new_context, edition, prefers):
    page = new_context(locale=prefers).new_page()
    page.goto(GUIDES["imap"] + "#outgoing-server")
    expect(page).to_have_url(re.compile(rf"{re.escape(GUIDES['imap'])}#outgoing-server$"))
    offer = page.locator(".pec-language-offer:visible")
    wanted = prefers.split("-")[0]
    if wanted == edition.lang:
        expect(offer).to_have_count(0)
        return
    expect(offer).to_have_count(1)
    expect(offer).to_have_attribute("lang", wanted)
    words = load_catalogues()[wanted]
    expect(offer).to_contain_text(words.t("edition.offer_text"))
    # It leads to the same step in that language.
    link = offer.locator("a")
    assert link.get_attribute("href").endswith(f"{GUIDES['imap']}#outgoing-server")
    offer.get_by_role("button", name=words.t("edition.offer_close")).click()
    expect(offer).to_have_count(0)
    page.reload()
    expect(page.locator(".pec-language-offer:visible")).to_have_count(0)


def test_the_offer_stays_through_instant_navigation(new_context, edition):
    """The offer is in the bar Material renders anew with each page: a page that instant
    navigation brings is never drawn without it (the page would show higher for a frame,
    then be pushed down). The CPU is slowed, as a phone's would be, so such a frame would
    be drawn."""
    offered = other(edition)
    context = new_context(locale=offered.lang, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
    page.goto(GUIDES["imap"])
    instant_ready(page)
    expect(page.locator(".pec-language-offer:visible")).to_have_count(1)
    # Every frame drawn of the other guide: is the offer open, where is the title.
    page.evaluate("""() => {
      window.pecFrames = [];
      const watch = () => {
        if (document.getElementById("pop-incoming-server")) window.pecFrames.push([
          Boolean(document.querySelector(".pec-language-offer:not([hidden])")),
          Math.round(document.querySelector("article h1").getBoundingClientRect().top)]);
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    }""")
    page.locator(f'nav.md-nav--primary a[href$="{GUIDES["pop"]}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(GUIDES["pop"]) + "$"))
    expect(page.locator(".pec-language-offer:visible")).to_have_count(1)
    settled(page, views=2)  # every feature of the second page mounted, and drawn
    frames = page.evaluate("window.pecFrames")  # gone if the page was loaded anew
    assert frames, "expected an instant navigation"
    assert all(open_ for open_, _ in frames), frames
    assert len({top for _, top in frames}) == 1, frames


def test_each_edition_searches_its_own_language(page: Page, edition, site_dir):
    index = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"lang":["{edition.lang}"]' in index.replace(" ", "")
    page.goto("")
    for query, expected in {**SEARCHES[edition.lang], **COMMON_SEARCHES}.items():
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially(query)
        results = page.locator(".md-search-result__item a")
        # Material draws the results a few at a time: wait for the page expected.
        expect(results.and_(page.locator(f'[href^="{edition.base_url}{expected}?"]')).first).to_be_attached()
        hrefs = results.evaluate_all("as => as.map(a => a.href)")
        assert all(h.startswith(edition.base_url) for h in hrefs), f"{query}: another edition's page"
        page.keyboard.press("Escape")


def foreign_phrases(edition) -> set[str]:
    """What another edition says that this one must not: every phrase of its catalogue,
    and the bold phrases and headings of its pages, that this edition's catalogue and
    pages do not say too."""
    def phrases(lang: str) -> set[str]:
        found = set()
        for value in load_catalogues()[lang].flat.values():
            texts = [value["label"], value.get("describe", "")] if isinstance(value, dict) else [value]
            found.update(texts)
        for source in [*(ROOT / "docs" / lang).rglob("*.md"), *(ROOT / "snippets" / lang).rglob("*.md")]:
            text = source.read_text(encoding="utf-8")
            found.update(re.findall(r"\*\*([^*]+)\*\*", text))
            found.update(re.findall(r"^#+ (.+?)(?: \{.*)?$", text, re.MULTILINE))
        clean = set()
        for phrase in found:
            phrase = re.sub(r"\[\[[^\]]+\]\]|\{[^}]*\}|[`*]", " ", str(phrase))
            phrase = " ".join(phrase.split()).strip(" :.")
            if len(phrase.split()) >= 2 and re.search(r"[a-z]{3}", phrase):
                clean.add(phrase)
        return clean

    ours = phrases(edition.lang)
    theirs = {p for e in EDITIONS if e.lang != edition.lang for p in phrases(e.lang)} - ours
    return {p for p in theirs if not any(p in allowed for allowed in FOREIGN_ALLOWED)}


def test_no_word_of_another_language(page: Page, edition, page_paths):
    """No phrase of another edition — "You should see", "Copy link to this step", a step
    title — in the text a reader sees or hears on any page of this one."""
    foreign = foreign_phrases(edition)
    assert len(foreign) > 100
    for path in page_paths:
        page.goto(path)
        settled(page)  # every feature mounted: their words are in the page
        # Text marked as another language (the offer of the reader's own language, the
        # selector's language names) is that language on purpose, and says so.
        seen = page.evaluate("""() => {
            const lang = document.documentElement.lang;
            document.querySelectorAll('body [lang]').forEach(e => e.lang !== lang && e.remove());
            return [document.title, document.body.innerText,
            ...[...document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')]
              .flatMap(e => ['aria-label', 'title', 'alt', 'placeholder'].map(a => e.getAttribute(a) || ''))
            ].join('\\n'); }""")
        seen = " ".join(html.unescape(seen).split())
        found = sorted(p for p in foreign if p in seen)
        assert not found, f"{path}: {found[:10]}"


def test_every_quoted_label_has_a_source(site_dir, edition, page_paths):
    """Each Outlook label a page quotes is a catalogue entry sure enough to quote, with
    the source it was read in; the rest are described, never quoted."""
    sources = load_sources()
    entries = load_catalogues()[edition.lang].section("outlook").values()
    quoted = {entry["label"] for entry in entries if CONFIDENCE[entry["confidence"]]}
    for entry in entries:
        if CONFIDENCE[entry["confidence"]]:
            assert entry["source"] in sources, entry
    for path in page_paths:
        # Text content: some labels sit in a step's collapsed help.
        for label in (" ".join(node.text().split()) for node in built_page(site_dir, path).find_all(cls="pec-label")):
            assert label in quoted, f"{path}: {label!r} is quoted but not sure enough"


# Labels that published sources confirm in every language (for Italian, the research in
# italian-labels.md), by the page that shows each: quoted in bold, never described.
CONFIRMED = {"troubleshooting/": ["settings", "more_settings", "outgoing_server_tab", "smtp_auth"],
             "outlook/pop/": ["more_settings", "advanced"]}


@pytest.mark.parametrize("path", CONFIRMED)
def test_confirmed_labels_are_quoted(page: Page, edition, path):
    page.goto(path)
    quoted = {" ".join(t.split()) for t in page.locator(".pec-label").all_text_contents()}
    for key in CONFIRMED[path]:
        entry = edition.words.section("outlook")[key]
        assert CONFIDENCE[entry["confidence"]], f"{edition.lang}: outlook.{key} is not quoted"
        assert entry["label"] in quoted, f"{path}: {entry['label']!r} is not quoted"


def test_each_edition_has_its_own_not_found_page(edition, site_dir):
    page = (site_dir / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{edition.lang}"' in page
    others = [load_catalogues()[e.lang] for e in EDITIONS if e.lang != edition.lang]
    for words in others:
        assert words.t("site.description") not in page
