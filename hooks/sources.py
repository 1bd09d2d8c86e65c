"""MkDocs hook: what each page rests on.

Every page names, in its front matter, the public pages its facts come from, by id of
data/sources.yml (`sources: [aruba-configure, rfc8314]`), and the build lists them at the
page's end under "Sources", each with its publisher and what kind of source it is (the
provider's own page, Microsoft's, a standard, a document with no author, a third party).
The values of the settings tables carry their own sources, from data/providers.yml.

A page without a `sources` entry fails the build; a page that declares none
(`sources: []`, because it states no fact of its own) is listed in the build's output,
so that list is one command away.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from project import Words, load_catalogues, load_sources

log = logging.getLogger("mkdocs.plugins.pec-sources")

_sources: dict[str, dict] = {}
_words: Words | None = None
_without: list[str] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _sources, _words
    _sources = load_sources()
    _words = load_catalogues()[config.theme["language"]]
    _without.clear()
    return config


def sources_section(ids: list[str]) -> str:
    """The page's sources as Markdown: a heading, then one line per source."""
    lines = [f"## {_words.t('sources.title')} {{ #sources }}", "",
             '<div class="pec-sources" markdown>', "", _words.t("sources.intro"), ""]
    for key in ids:
        source = _sources[key]
        # A title in another language than the page's would be a foreign sentence.
        titled = source.get("title") and source.get("lang", _words.lang) == _words.lang
        name = source["publisher"] + (f", *{source['title']}*" if titled else "")
        lines.append(f"- [{name}]({source['url']}) — {_words.t('sources.kind.' + source['kind'])}")
    return "\n".join([*lines, "", "</div>", ""])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "sources" not in page.meta:
        raise PluginError(f"{page.file.src_uri}: say what the page rests on with `sources:` "
                          f"in its front matter (ids of data/sources.yml, or [] for none)")
    ids = page.meta["sources"] or []
    if unknown := [key for key in ids if key not in _sources]:
        raise PluginError(f"{page.file.src_uri}: sources {unknown} are not in data/sources.yml")
    if not ids:
        _without.append(page.file.src_uri)
        return markdown
    return f"{markdown.rstrip()}\n\n{sources_section(ids)}"


def on_post_build(config: MkDocsConfig) -> None:
    if _without:
        log.info("Pages that state no fact of their own (sources: []): %s", ", ".join(_without))
