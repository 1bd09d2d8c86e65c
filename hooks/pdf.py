"""MkDocs hook: the PDFs of this edition (data/pdf.yml), which tools/pdf.py prints.

- The pages link a PDF with `[[pec-pdf handbook]]` or `[[pec-pdf imap button]]`, a
  directive (hooks/directives.py) that takes the file's name from data/pdf.yml.
- After the build, writes pdf/documents.json into the edition's folder: each PDF's file,
  title and pages (the handbook's taken from the build's own navigation), the edition's
  language and public address (null while it has none: hooks/edition.py), and the words
  printed in the PDFs. tools/pdf.py reads only this.
- Under `mkdocs serve`, which writes no PDFs, serves those of the last full build
  (site/…/pdf/, written by `make pdf`), so the download links work while editing.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from dev_server import serving
from directives import PDF_DIR
from project import ROOT, Words, load_catalogues, load_documents

MANIFEST = f"{PDF_DIR}/documents.json"
# Where `make pdf` leaves the last built PDFs: the project's site/ folder, unless
# PEC_BUILT_SITE names another built site (the tests do).
BUILT_SITE = Path(os.environ.get("PEC_BUILT_SITE") or ROOT / "site")
log = logging.getLogger("mkdocs.plugins.pec-pdf")


_documents: dict[str, dict] = {}
_words: Words | None = None
_nav_urls: list[str] = []
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = serving(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _documents, _words
    _words = load_catalogues()[config.theme["language"]]
    _documents = {document["id"]: document for document in load_documents()}
    return config


def on_nav(nav, config: MkDocsConfig, files: Files):
    global _nav_urls
    _nav_urls = [page.url for page in nav.pages]
    return nav


def _edition_folder(config: MkDocsConfig) -> str:
    """The edition's folder below the site's root ("" or "it/"), from its address."""
    root = config.extra["alternate"][0]["link"]
    return config.site_url.removeprefix(root)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not _serving:
        return files
    built = BUILT_SITE / _edition_folder(config)
    found = [d["file"] for d in _documents.values() if (built / PDF_DIR / d["file"]).is_file()]
    for name in found:
        files.append(File(f"{PDF_DIR}/{name}", str(built), config.site_dir, config.use_directory_urls))
    if len(found) < len(_documents):
        log.info("PDFs: run `make pdf` to serve the guides' PDFs (none built in %s yet)", built)
    else:
        log.info("PDFs: serving those of the last `make pdf`, in %s", built / PDF_DIR)
    return files


def on_post_build(config: MkDocsConfig) -> None:
    if _serving:
        return
    # Said on every build, so a deployment sees which address its PDFs carry.
    if config.extra["pec_public_url"]:
        log.info("Address (%s): %s, printed and linked in the PDFs", config.theme["language"],
                 config.extra["pec_public_url"])
    else:
        log.info("Address (%s): none given (make build SITE_URL=https://…/): the PDFs and "
                 "printed pages print each step's ID, and no online address",
                 config.theme["language"])
    words = _words
    manifest = {
        "lang": config.theme["language"],
        # The address the PDFs print and link: none while the site has no public one.
        "siteUrl": config.extra["pec_public_url"],
        "siteName": config.site_name,
        "author": config.site_author,
        "text": {key: words.t(f"pdf.{key}") for key in ("built", "online", "contents")},
        "documents": [
            {
                "id": key,
                "file": document["file"],
                "title": words.t(f"pdf.documents.{key}"),
                "subject": " ".join(words.t(f"pdf.subjects.{key}").split()),
                "pages": ([url for url in _nav_urls if url not in document.get("except", [])]
                          if document["pages"] == "navigation" else list(document["pages"])),
            }
            for key, document in _documents.items()
        ],
    }
    path = Path(config.site_dir) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
