"""The IMAP vs POP comparison page: its table, warning, recommendation and diagram."""

import html
import re

from playwright.sync_api import Page, expect

# The page's words, in each language: the table's rows and heading, and the warning.
ROWS = {"en": ["Where messages live", "Folders", "Several devices", "Webmail shows the same",
               "Deleting a message", "Reading offline", "Server quota", "Who should pick it"],
        "it": ["Dove restano i messaggi", "Cartelle", "Più dispositivi",
               "La webmail mostra gli stessi messaggi", "Eliminare un messaggio",
               "Lettura senza connessione", "Spazio sul server", "A chi conviene"]}
FIRST_COLUMN = {"en": "What matters", "it": "Aspetto"}
WARNING = {"en": "deletes on the server", "it": "elimini anche sul server"}


def test_table_compares_every_aspect(page: Page, edition):
    page.goto("imap-vs-pop/")
    table = page.locator("article table").first
    expect(table.locator("thead th")).to_have_text([FIRST_COLUMN[edition.lang], "IMAP", "POP"])
    expect(table.locator("tbody tr td:first-child")).to_have_text(ROWS[edition.lang])


def test_warns_that_deleting_in_outlook_deletes_on_the_server(page: Page, edition):
    page.goto("imap-vs-pop/")
    warning = page.locator(".admonition.warning")
    expect(warning).to_contain_text(WARNING[edition.lang])
    expect(page.locator("h2#recommendation")).to_be_visible()
    expect(page.locator("article a.md-button")).to_have_count(2)


def test_diagram_is_our_svg_with_a_text_alternative(page: Page, edition):
    page.goto("imap-vs-pop/")
    img = page.locator("figure img")
    expect(img).to_have_attribute("src", re.compile(r"/assets/images/imap-vs-pop\.svg$"))
    alt = img.get_attribute("alt")
    assert alt and "IMAP" in alt and "POP" in alt and len(alt) > 80
    expect(page.locator("figure figcaption")).not_to_be_empty()
    # Loaded and rendered, not a broken image.
    assert img.evaluate("img => img.complete && img.naturalWidth > 0")
    # Drawn with the edition's words.
    svg = html.unescape(page.request.get(img.evaluate("img => img.src")).text())
    for key in ("diagram.title", "diagram.server", "diagram.pop_arrow"):
        assert edition.t(key) in svg, key
