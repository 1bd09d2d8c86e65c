"""Export the guides as PDFs from the built site: `python -m tools.pdf site`.

Each edition's build lists its PDFs in pdf/documents.json (hooks/pdf.py: titles, pages
from the build's navigation, the words printed). Each becomes one PDF, printed by
Chromium from the edition's own pages with the site's print stylesheet (tools/pdf.js
lays them out): a title page with the build date and the edition's address, a table of
contents, then each page's content. Links between the included pages stay inside the
PDF; other links point at the site online. While the site has no public address (built
without SITE_URL), the PDFs name none: no address on the title page, links to the site's
other pages left as their words, each step's ID printed in place of its address.
Chromium writes the bookmarks (from the headings) and the tags.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import BrowserContext, async_playwright
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from tools.site import chromium_launch_options, serve_directory

PDF_DIR = "pdf"
MANIFEST = f"{PDF_DIR}/documents.json"
# The page-side layout, as a function for Playwright to call (its header comment off).
COMPOSE = "\n".join(line for line in (Path(__file__).parent / "pdf.js").read_text().splitlines()
                    if not line.startswith("//"))
# The printable area of an A4 page with the margins below, in CSS pixels: the composing
# page is laid out at this width, so tools/pdf.js can tell which steps fit on a page.
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
PRINTABLE = {"width": round((210 - 32) * 96 / 25.4), "height": round((297 - 34) * 96 / 25.4)}
# Page numbers at the foot of every page. Chromium renders this template on its own, so
# its style has to be inline.
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#666;text-align:center;'
    'font-family:system-ui,sans-serif"><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)


# Each heading's words as the printed page shows them (no hidden permalink), for the
# bookmarks (`mend_bookmarks`).
HEADINGS = "() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.innerText.trim())"
# Each printed heading's words by the ids the PDF's links go to (its own, and its page
# section's for a page title), for `mend_destinations`.
ANCHORS = """() => Object.fromEntries([...document.querySelectorAll(
    'article :is(h1, h2, h3, h4, h5, h6)')].filter(h => h.getClientRects().length).flatMap(h => {
        const section = h.tagName === 'H1' && h.closest('.pec-print-page');
        return [[h.id, h.innerText.trim()], ...(section ? [[section.id, h.innerText.trim()]] : [])];
    }).filter(([id]) => id))"""


@dataclass
class Exported:
    path: Path
    pages: int
    seconds: float


def manifests(site_dir: Path) -> list[tuple[Path, dict]]:
    """Every edition's folder in a built site, with its list of PDFs."""
    return [(path.parent.parent, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(site_dir.glob(f"**/{MANIFEST}"))]


async def export_one(context: BrowserContext, edition_url: str, document: dict, words: dict,
                     out: Path) -> Exported:
    start = time.perf_counter()
    page = await context.new_page()
    await page.set_viewport_size(PRINTABLE)
    await page.emulate_media(media="print")
    await page.goto(edition_url)
    await page.evaluate(COMPOSE, {"pages": document["pages"], "title": document["title"],
                                  "pageHeight": PRINTABLE["height"], **words})
    path = out / document["file"]
    await page.pdf(path=str(path), format="A4", print_background=True, outline=True, tagged=True,
                   display_header_footer=True, header_template="<span></span>",
                   footer_template=FOOTER, margin=MARGIN)
    headings = await page.evaluate(HEADINGS)
    anchors = await page.evaluate(ANCHORS)
    await page.close()
    pages = await asyncio.to_thread(describe, path, document, words, headings, anchors)
    return Exported(path, pages, time.perf_counter() - start)


def describe(path: Path, document: dict, words: dict, headings: list[str] = (),
             anchors: dict[str, str] | None = None) -> int:
    """Give the PDF its title, subject and author: Chromium writes the language and "show
    the title, not the file name" from the page, but no author or subject. pypdf appends
    them as an incremental update (PDF 1.7 section 7.5.6), whether Chromium ends the file
    with a cross-reference table or a stream: the bytes Chromium wrote stay as they are,
    its own entries (creator, producer, dates) too. The bookmarks get back the spaces
    Chromium drops (`mend_bookmarks`). Returns the number of pages."""
    writer = PdfWriter(io.BytesIO(path.read_bytes()), incremental=True)
    mend_bookmarks(writer, headings)
    if anchors:
        mend_destinations(writer, anchors)
    writer.add_metadata({"/Title": document["title"], "/Subject": document["subject"],
                         "/Author": words["author"]})
    # pypdf writes the update's cross-reference as a stream, which PDF 1.5 brought; a file
    # whose header says less declares the newer version in its catalogue (section 7.7.2).
    if float(writer.pdf_header.removeprefix("%PDF-")) < 1.5:
        writer.root_object[NameObject("/Version")] = NameObject("/1.5")
    with path.open("wb") as pdf:
        writer.write(pdf)
    return len(writer.pages)


def mend_destinations(writer: PdfWriter, anchors: dict[str, str]) -> None:
    """Chromium places a heading's destination (its bookmark, and the contents' link to
    it) on the page before the heading when the heading's step was moved whole to the
    next page: there, the destination goes to the top of the page that shows it."""
    texts = ["".join((page.extract_text() or "").split()) for page in writer.pages]
    refs = [page.indirect_reference for page in writer.pages]
    top = float(writer.pages[0].mediabox.top)

    def mend(destination, text: str | None) -> None:
        if not text or not isinstance(destination, ArrayObject) or len(destination) < 4:
            return
        words = "".join(text.split())
        number = next((i for i, ref in enumerate(refs) if ref.idnum == destination[0].idnum), None)
        if number is None or words in texts[number] or number + 1 >= len(texts) \
                or words not in texts[number + 1]:
            return
        destination[0] = refs[number + 1]
        if destination[1] == "/XYZ":
            destination[3] = FloatObject(top)

    pending = [writer.root_object.get("/Names", {}).get("/Dests")]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        node = node.get_object()
        names = node.get("/Names", [])
        for name, value in zip(names[::2], names[1::2]):
            value = value.get_object()
            mend(value.get("/D") if isinstance(value, DictionaryObject) else value, anchors.get(str(name)))
        pending += list(node.get("/Kids", []))
    outlines = writer.root_object.get("/Outlines")
    pending = [outlines.get_object().get("/First")] if outlines else []
    while pending:
        item = pending.pop()
        if item is None:
            continue
        item = item.get_object()
        destination = item.get("/Dest")
        if destination is None and "/A" in item:
            destination = item["/A"].get_object().get("/D")
        mend(destination.get_object() if destination is not None else None, str(item.get("/Title", "")))
        pending += [item.get("/First"), item.get("/Next")]


def mend_bookmarks(writer: PdfWriter, headings: list[str]) -> None:
    """Chromium writes a bookmark's title from the heading's lines as laid out, and drops
    the space where a long heading wraps ("shared mailboxes" becomes "sharedmailboxes"):
    a title that is a printed heading but for its spaces takes that heading's words."""
    whole = {"".join(heading.split()): heading for heading in headings}
    outlines = writer.root_object.get("/Outlines")
    pending = [outlines.get_object().get("/First")] if outlines else []
    while pending:
        item = pending.pop()
        if item is None:
            continue
        item = item.get_object()
        title = str(item.get("/Title", ""))
        heading = whole.get("".join(title.split()))
        if heading and heading != title:
            item[NameObject("/Title")] = TextStringObject(heading)
        pending += [item.get("/First"), item.get("/Next")]


async def export(site_dir: Path, only: set[str] | None = None) -> list[Exported]:
    """Write every edition's PDFs into its pdf/ folder, all at once (or only the documents
    whose ids `only` names)."""
    editions = manifests(site_dir)
    if not editions:
        raise SystemExit(f"{site_dir} holds no {MANIFEST}: build the site first")
    built = datetime.date.today().isoformat()
    with serve_directory(site_dir) as base_url:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**chromium_launch_options())
            # The page's own scripts stay off: a PDF is the printed page, with no screen
            # behaviour. One context for all, so the stylesheets load once.
            context = await browser.new_context(java_script_enabled=False)
            jobs = []
            for folder, manifest in editions:
                below = folder.relative_to(site_dir).as_posix()
                edition_url = base_url + ("" if below == "." else f"{below}/")
                # The same for every document of the edition: the printed words, the
                # edition's online address and the build date.
                words = {"text": manifest["text"], "siteUrl": manifest["siteUrl"], "built": built,
                         "author": manifest["author"]}
                jobs += [export_one(context, edition_url, document, words, folder / PDF_DIR)
                         for document in manifest["documents"] if not only or document["id"] in only]
            try:
                return await asyncio.gather(*jobs)
            finally:
                await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (make build writes site/)")
    parser.add_argument("--document", action="append", metavar="ID",
                        help="export only this document of data/pdf.yml (repeatable)")
    args = parser.parse_args()
    start = time.perf_counter()
    # Which online address the PDFs print and link: the one the build was given, if any.
    for _folder, manifest in manifests(args.site):
        address = manifest["siteUrl"]
        print(f"pdf: {manifest['lang']}: " + (f"online address {address}" if address else
              "no online address (the site was built without SITE_URL): each step's ID"))
    results = asyncio.run(export(args.site, set(args.document or ()) or None))
    for result in results:
        size = result.path.stat().st_size / 1024
        print(f"pdf: {result.path.name:<28} {result.pages:>3} pages {size:>7.0f} KB "
              f"{result.seconds:>6.2f} s")
    print(f"pdf: {len(results)} PDFs in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
