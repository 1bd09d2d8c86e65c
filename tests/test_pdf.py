"""The PDFs for offline and paper use, as `make pdf` writes them into the built site."""

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from mkdocs.utils.yaml import yaml_load

from project import load_documents, load_registry
from tests.helpers import GUIDES, built_page
from tools.pdf import PRINTABLE, describe
from tools.site import ROOT

DOCUMENTS = load_documents()
REGISTRY = load_registry()
GUIDE_PDFS = {"pec-outlook-imap.pdf": ["outlook/imap/"], "pec-outlook-pop.pdf": ["outlook/pop/"],
              "pec-outlook-handbook.pdf": ["imap-vs-pop/", "outlook/imap/", "outlook/pop/",
                                           "outlook/mac-and-phones/", "after-setup/", "troubleshooting/",
                                           "organisations/"]}
# Screen-only words and raw directives, which paper never shows: Material's and ours.
SCREEN_CHROME = [r"\{!", r"\[\[pec-"]
MATERIAL_CHROME = {"en": [r"Skip to content", r"\bSearch\b"], "it": [r"Vai al contenuto", r"Scrivi per iniziare a cercare"]}
OUR_CHROME = ["ui.copy", "ui.copy_step_link", "pdf.download.imap"]


with (ROOT / "mkdocs.yml").open(encoding="utf-8") as _config:
    # mkdocs.yml's site_url while no deployment gives one, which no PDF may print or link.
    PLACEHOLDER = yaml_load(_config)["extra"]["pec_placeholder_site_url"]


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def step_titles(site_dir: Path, url: str) -> list[str]:
    """A page's step headings, in order, each by its own words."""
    return [heading.own_text() for heading in built_page(site_dir, url).find("article").find_all(cls="pec-step")]


def flat_text(reader: PdfReader) -> str:
    return "".join("".join(page.extract_text() or "" for page in reader.pages).split())


def test_the_handbook_holds_every_content_page(site_dir):
    """The build lists the handbook's pages from its own navigation (pdf/documents.json)."""
    handbook = next(d for d in DOCUMENTS if d["file"] == "pec-outlook-handbook.pdf")
    assert handbook["pages"] == "navigation"
    manifest = json.loads((site_dir / "pdf" / "documents.json").read_text())
    listed = next(d for d in manifest["documents"] if d["file"] == handbook["file"])
    assert listed["pages"] == GUIDE_PDFS["pec-outlook-handbook.pdf"]


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_pdf_opens_has_pages_and_is_tagged(pdfs, name):
    reader = PdfReader(pdfs[name])
    assert len(reader.pages) >= 5
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2, "A4"


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_bookmarks_list_every_step_in_order(pdfs, site_dir, name):
    titles = outline_titles(PdfReader(pdfs[name]).outline)
    expected = [title for url in GUIDE_PDFS[name] for title in step_titles(site_dir, url)]
    assert [t for t in titles if t in expected] == expected
    # And every page's own title, so a reader jumps from guide to guide.
    for url in GUIDE_PDFS[name]:
        assert built_page(site_dir, url).find("article").find("h1").own_text() in titles


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_text_has_every_value_and_step_address(pdfs, providers, base_url, name):
    text = flat_text(PdfReader(pdfs[name]))
    protocols = [protocol for protocol, url in GUIDES.items() if url in GUIDE_PDFS[name]]
    for p in providers:
        for server in ["smtp", *protocols]:
            assert p[server]["host"] in text, f"{p[server]['host']} missing"
            assert str(p[server]["port"]) in text
    for url in GUIDE_PDFS[name]:
        for step in REGISTRY.get(url, {}).get("steps", []):
            assert f"{base_url}{url}#{step}" in text, f"address of {url}#{step} missing"


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_no_screen_chrome(pdfs, edition, name):
    text = "".join(page.extract_text() or "" for page in PdfReader(pdfs[name]).pages)
    ours = [re.escape(edition.t(key)) for key in OUR_CHROME]
    for chrome in SCREEN_CHROME + MATERIAL_CHROME[edition.lang] + ours:
        assert not re.search(chrome, text), f"{chrome!r} printed in {name}"


def test_internal_links_stay_inside_the_pdf(pdfs):
    reader = PdfReader(pdfs["pec-outlook-handbook.pdf"])
    internal = external = 0
    for pdf_page in reader.pages:
        for annotation in pdf_page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            if "/Dest" in annotation or action.get("/S") == "/GoTo":
                internal += 1
            elif action.get("/S") == "/URI":
                external += 1
                assert "/troubleshooting/#" not in action["/URI"], "a link to an included page left the PDF"
    assert internal >= 20 and external >= 1


def test_every_download_link_resolves(pdfs, site_dir, base_url, page_paths):
    found = 0
    for path in page_paths:
        for link in built_page(site_dir, path).find_all("a", cls="pec-download"):
            href = urljoin(base_url + path, link.attrs["href"])
            # Fetched from the server, as a reader's click would.
            with urllib.request.urlopen(href) as response:
                assert response.status == 200 and response.read(5) == b"%PDF-", href
            found += 1
    assert found >= 3  # each guide, and the handbook from the home page


def gray_pages(pdf: Path, folder: Path) -> list[tuple[int, int, bytes]]:
    """Every page as 8-bit gray pixels (width, height, data), rendered by pdftoppm."""
    subprocess.run(["pdftoppm", "-gray", "-r", "40", str(pdf), str(folder / "page")], check=True)
    pages = []
    for file in sorted(folder.glob("page-*.pgm")):
        data = file.read_bytes()
        magic, width, height, maxval, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()
        pages.append((int(width), int(height), pixels))
    return pages


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("name", ["pec-outlook-imap.pdf", "pec-outlook-pop.pdf"])
def test_pages_are_not_blank_and_nothing_is_cut(pdfs, tmp_path, name):
    pages = gray_pages(pdfs[name], tmp_path)
    assert len(pages) == len(PdfReader(pdfs[name]).pages)
    for number, (width, height, pixels) in enumerate(pages, 1):
        rows = [pixels[y * width:(y + 1) * width] for y in range(height)]
        assert sum(1 for row in rows for value in row if value < 128) > 50, f"page {number} is blank"
        # The outer half of the right margin (16 mm of 210 mm) stays empty.
        band = range(width - round(width * 8 / 210), width)
        dark = [(x, y) for y, row in enumerate(rows) for x in band if row[x] < 160]
        assert not dark, f"page {number}: something runs into the right margin at {dark[:3]}"


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with all white space removed, and its page number dropped. The
    footer ("99 / 106", tools/pdf.py) goes first, while the spaces still set it apart: a
    page ending in a number (a table's "16.75") would otherwise lose those digits too."""
    return ["".join(re.sub(r"\s*\d+ / \d+\s*$", "", page.extract_text() or "").split())
            for page in PdfReader(pdf).pages]


# What the printed pages must keep together, read from the site's pages as the PDF
# export prints them (scripts off, print styles on, so the text is what paper shows):
# each step's heading and online address, each paragraph and list item (a step's first
# lines among them), each "You should see" box, each table row.
PRINTED_PARTS = """() => {
    const flat = (text) => text.replace(/\\s+/g, '');
    const own = (h) => [...h.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
        .map(n => n.textContent).join('');
    return {
        headings: [...document.querySelectorAll('article .pec-step-section')].map(s =>
            flat(own(s.querySelector('.pec-step')) + s.querySelector('.pec-step-address').innerText)),
        // As the PDFs print it: collapsed blocks open, and only what print shows.
        kept: (document.querySelectorAll('article details').forEach(d => (d.open = true)),
            [...document.querySelectorAll('article :is(p, li, .pec-result, tr)')]
            .filter(e => e.getClientRects().length)
            .map(e => flat(e.innerText)).filter(Boolean)),
    };
}"""


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_page_breaks_keep_steps_rows_and_results_whole(pdfs, new_context, name):
    """No step heading ends a page (its first lines follow it on the same page), and no
    paragraph, list item, table row or "You should see" box is split across two pages."""
    texts = page_texts(pdfs[name])
    page = new_context(java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    for url in GUIDE_PDFS[name]:
        page.goto(url)
        parts = page.evaluate(PRINTED_PARTS)
        for heading in parts["headings"]:
            found = [text for text in texts if heading in text]
            assert found, f"{name}: heading {heading[:40]} not found whole on one page"
            after = found[0].split(heading, 1)[1]
            assert len(after) >= 40, f"{name}: {heading[:40]} ends its page"
        for part in parts["kept"]:
            assert any(part in text for text in texts), f"{name}: split across pages: {part[:60]}"


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_each_pdf_has_its_own_title_language_author_and_subject(pdfs, edition, name):
    reader = PdfReader(pdfs[name])
    document = next(d for d in DOCUMENTS if d["file"] == name)
    meta = reader.metadata
    assert meta.title == edition.t(f"pdf.documents.{document['id']}")
    assert meta.author == edition.t("site.author")
    assert meta.subject == " ".join(edition.t(f"pdf.subjects.{document['id']}").split())
    root = reader.trailer["/Root"]
    assert root["/Lang"] == edition.lang
    # PDF readers show the title in their title bar, not the file name.
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    titles = {PdfReader(path).metadata.title for path in pdfs.values()}
    assert len(titles) == len(pdfs), "each PDF has a title of its own"


def with_xref_table() -> bytes:
    """A one-page PDF ending in a cross-reference table and trailer, as Chromium writes
    today (pypdf's own writer, PDF 1.3)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.root_object[NameObject("/Lang")] = TextStringObject("it")
    writer.add_metadata({"/Creator": "Chromium"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_xref_stream() -> bytes:
    """A one-page PDF whose cross-reference is a stream (PDF 1.5, section 7.5.8), as a
    newer Chromium may write: no `trailer` anywhere in the file."""
    objects = [b"<</Type /Catalog /Pages 2 0 R /Lang (it)>>",
               b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
               b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>>",
               b"<</Creator (Chromium) /Title (Untitled)>>"]
    data, offsets = b"%PDF-1.5\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    # Each row: type (0 free, 1 in use), offset, generation; object 0 heads the free list.
    rows = struct.pack(">BIH", 0, 0, 65535) + b"".join(
        struct.pack(">BIH", 1, offset, 0) for offset in [*offsets, xref])
    data += (b"5 0 obj\n<</Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Info 4 0 R /Length %d>>\n"
             b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (len(rows), rows, xref))
    return data


@pytest.mark.parametrize("made", [with_xref_table, with_xref_stream], ids=["table", "stream"])
def test_the_title_is_appended_whatever_the_cross_reference(tmp_path, made):
    """tools/pdf.py appends the title, subject and author as an incremental update, to a
    file that ends in a cross-reference table or stream alike."""
    original = made()
    path = tmp_path / "document.pdf"
    path.write_bytes(original)
    assert PdfReader(path, strict=True).metadata.creator == "Chromium"
    document = {"title": "Configura la PEC in Outlook: più facile", "subject": "IMAP e POP"}
    assert describe(path, document, {"author": "Guida PEC"}) == 1
    data = path.read_bytes()
    assert data.startswith(original), "the bytes Chromium wrote stay as they were"
    reader = PdfReader(path, strict=True)
    meta = reader.metadata
    assert (meta.title, meta.subject, meta.author) == (document["title"], document["subject"], "Guida PEC")
    assert meta.creator == "Chromium", "the writer's own entries stay"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "it"
    if re.search(rb"/Type\s*/XRef", data):  # a cross-reference stream: PDF 1.5's
        assert float(root.get("/Version", reader.pdf_header.removeprefix("%PDF-")).lstrip("/")) >= 1.5
    # A second, independent reader: poppler's, the one most PDF viewers on Linux use.
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        assert f"Title:           {document['title']}" in info.stdout
        assert "Syntax Error" not in info.stderr, info.stderr


def uri_links(reader: PdfReader) -> list[str]:
    """The address of every link of a PDF that leaves it."""
    return [action["/URI"] for pdf_page in reader.pages for annotation in pdf_page.get("/Annots") or []
            if (action := annotation.get_object().get("/A") or {}).get("/S") == "/URI"]


@pytest.fixture(scope="module")
def unaddressed(tmp_path_factory) -> tuple[Path, str]:
    """Both editions built as `make build` builds them without SITE_URL, and their
    handbooks (which hold every page any PDF prints) exported: the folder, and what the
    build and the export said."""
    site = tmp_path_factory.mktemp("unaddressed") / "site"
    env = {key: value for key, value in os.environ.items() if key not in {"PEC_SITE_URL", "SITE_URL"}}
    said = ""
    for command in (["tools.site", "build", "--site-dir", str(site)],
                    ["tools.pdf", str(site), "--document", "handbook"]):
        result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        said += result.stdout + result.stderr
    return site, said


def test_without_an_address_no_pdf_prints_or_links_one(unaddressed, edition):
    """Built without SITE_URL, no PDF prints or links mkdocs.yml's placeholder, or any
    address of the site; every step keeps its ID, and the build says it had no address."""
    site, said = unaddressed
    reader = PdfReader(site / edition.folder / "pdf" / "pec-outlook-handbook.pdf")
    text = flat_text(reader)
    host = PLACEHOLDER.split("//")[1].strip("/")
    assert host not in text
    assert not [uri for uri in uri_links(reader) if host in uri]
    assert edition.t("pdf.online").replace(" ", "") not in text
    for url in GUIDE_PDFS["pec-outlook-handbook.pdf"]:
        for step in REGISTRY.get(url, {}).get("steps", []):
            assert "".join(edition.t("pdf.step_id", id=step).split()) in text, f"{url}#{step}'s ID"
    assert f"Address ({edition.lang}): none given" in said
    assert f"pdf: {edition.lang}: no online address" in said


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_a_given_address_is_printed_and_linked(pdfs, edition, name):
    """Built with an address (the tests give their server's, as `make build SITE_URL=…`
    gives production's), each PDF prints it on its title page and links the site's pages
    it leaves out there; the placeholder appears nowhere."""
    reader = PdfReader(pdfs[name])
    cover = "".join(reader.pages[0].extract_text().split())
    assert "".join(f"{edition.t('pdf.online')} {edition.base_url}".split()) in cover
    # Each guide links pages it leaves out (the other guide, the settings); the handbook
    # leaves out little it links.
    if name != "pec-outlook-handbook.pdf":
        assert [uri for uri in uri_links(reader) if uri.startswith(edition.base_url)], \
            f"{name} links no page of the site online"
    host = PLACEHOLDER.split("//")[1].strip("/")
    assert host not in flat_text(reader) and not [uri for uri in uri_links(reader) if host in uri]


def test_make_build_passes_the_site_url_on():
    """`make build SITE_URL=…` is what a deployment runs: the address reaches the build."""
    result = subprocess.run(["make", "-n", "html", "SITE_URL=https://pec.example.it/"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "tools.site build --site-dir site --site-url https://pec.example.it/" in result.stdout


def outline_items(reader: PdfReader, outline=None) -> list:
    items = []
    for item in reader.outline if outline is None else outline:
        items += outline_items(reader, item) if isinstance(item, list) else [item]
    return items


# A contents entry as pypdf reads it: "3. Title" or "b. Title" (the list's marker).
ENTRY = re.compile(r"^(?:\d+|[a-z]+)\.\s")


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_every_bookmark_and_contents_entry_is_a_printed_heading(pdfs, name):
    """Each bookmark opens a page that shows its heading, and the contents list only
    headings paper prints, each of them a bookmark."""
    reader = PdfReader(pdfs[name])
    texts = page_texts(pdfs[name])
    items = outline_items(reader)
    for item in items:
        number = reader.get_destination_page_number(item)
        assert "".join(item.title.split()) in texts[number], f"{name}: bookmark {item.title!r} on page {number + 1}"
    titles = {"".join(item.title.split()) for item in items}
    # The contents: from the page of their bookmark to the first page of the content.
    contents = next(i for i, item in enumerate(items) if reader.get_destination_page_number(item) == 1)
    first, last = 1, reader.get_destination_page_number(items[contents + 1]) - 1
    entries: list[str] = []
    for page in reader.pages[first:last + 1]:
        for line in (page.extract_text() or "").splitlines()[1:]:
            if ENTRY.match(line):
                entries.append(ENTRY.sub("", line))
            elif entries and not re.fullmatch(r"\d+ / \d+", line.strip()):
                entries[-1] += " " + line  # a long entry, wrapped
    assert len(entries) >= 5
    for entry in entries:
        assert "".join(entry.split()) in titles, f"{name}: contents list {entry!r}, which paper does not print"


# As the PDF export prints a page (scripts off, print styles, collapsed blocks open):
# every printed paragraph that holds a download link paper hides, and every printed
# paragraph that ends in a colon with nothing printed after it, or a heading.
DANGLING = """() => {
    document.querySelectorAll('article details').forEach(d => (d.open = true));
    const printed = (e) => e && e.getClientRects().length > 0;
    const text = (e) => e.innerText.trim().slice(0, 80);
    const paragraphs = [...document.querySelectorAll('article p')].filter(printed);
    return {
        hiding: paragraphs.filter(p => p.innerText.trim())
            .filter(p => [...p.querySelectorAll('a')].some(a => !printed(a))).map(text),
        dangling: paragraphs.filter(p => p.innerText.trim().endsWith(':')).filter(p => {
            let next = p.nextElementSibling;
            while (next && !printed(next)) next = next.nextElementSibling;
            return !next || /^H[1-6]$/.test(next.tagName) || next.classList.contains('pec-step-section');
        }).map(text),
    };
}"""


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_no_printed_sentence_introduces_what_paper_lacks(pdfs, new_context, name):
    texts = "".join(page_texts(pdfs[name]))
    page = new_context(java_script_enabled=False).new_page()
    page.emulate_media(media="print")
    for url in GUIDE_PDFS[name]:
        page.goto(url)
        found = page.evaluate(DANGLING)
        assert not found["hiding"], f"{url}: printed around a link paper lacks: {found['hiding']}"
        assert not found["dangling"], f"{url}: introduces what paper lacks: {found['dangling']}"
    assert len(texts) > 1000


# Each table as the PDF export prints it (at the printed page's width): all its rows,
# header first, as one text, and whether it fits on a page at all.
TABLES = """(pageHeight) => {
    document.querySelectorAll('article details').forEach(d => (d.open = true));
    return [...document.querySelectorAll('article table')].filter(t => t.getClientRects().length)
        .map(t => ({text: t.innerText.replace(/\\s+/g, ''),
                    fits: t.getBoundingClientRect().height < pageHeight * 0.9}));
}"""


@pytest.mark.parametrize("name", GUIDE_PDFS)
def test_no_table_is_split_across_pages(pdfs, new_context, name):
    """Every table, from its header to its last row, is printed on one page."""
    texts = page_texts(pdfs[name])
    page = new_context(java_script_enabled=False, viewport=PRINTABLE).new_page()
    page.emulate_media(media="print")
    count = 0
    for url in GUIDE_PDFS[name]:
        page.goto(url)
        for table in page.evaluate(TABLES, PRINTABLE["height"]):
            # One taller than a page (the error index) cannot be whole; its rows are
            # (test_page_breaks_keep_steps_rows_and_results_whole).
            if table["fits"]:
                count += 1
                assert any(table["text"] in text for text in texts), \
                    f"{name}: table split across pages: {table['text'][:60]}"
    assert count >= 3
