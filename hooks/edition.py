"""MkDocs hook: the edition being built, one per language (mkdocs.yml for English, which
every other edition inherits, and mkdocs.<lang>.yml).

- Takes the edition's language from `theme.language` and its words from
  strings/<lang>.yml (hooks/project.py checks every catalogue against the others).
- Places the edition: the first entry of `extra.alternate` is served at the site's root,
  every other one under its own folder (`/it/`), so `site_url` gets that folder, and the
  language selector's links become absolute addresses. `extra.pec_public_url` is the
  address paper prints: None while `site_url` is mkdocs.yml's placeholder.
- Checks that the edition reads its own language's pages and shared steps
  (docs/<lang>/, snippets/<lang>/), resolving the snippets' folder against the project
  rather than the working directory, and that every edition has the same pages.
- Fills in the words that configuration and theme show (description, footer, palette
  toggles, permalinks, the redirect pages), gives the theme's templates `t()`, and hands
  the scripts theirs (`extra.pec_strings`, written as JSON by overrides/main.html).
- Hands the edition's language, address and editions to the directive extension
  (hooks/directives.py: every `[[…]]` of the pages, and the step sections), and tells it
  which page it renders.
- Draws the comparison diagram with the edition's words.
- Names each page's twins in the sitemap (`xhtml:link rel="alternate" hreflang`), the
  way search engines learn that /it/outlook/imap/ is /outlook/imap/ in Italian. (In the
  pages' heads, Material's alternates name each edition's home page: its language
  selector reads the sitemaps they point to.)
- Fails the build when a directive reaches a page from outside its Markdown (a title, a
  word of the theme's), where none is rendered.
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from directives import SYNTAX, Directives, PageRef
from project import Words, load_catalogues, problems, template_env

INCLUDE = "markdown_include.include"
DIAGRAM = "assets/images/imap-vs-pop.svg"
# The words of the catalogue that the scripts read, by section.
SCRIPT_SECTIONS = ("ui", "generator.messages")
TAB_LABELS = re.compile(r'<div class="tabbed-labels">(.*?)</div>', re.DOTALL)
LABEL = re.compile(r"<label[^>]*>(.*?)</label>", re.DOTALL)

_words: Words | None = None
_directives: Directives | None = None


def edition_prefix(config: MkDocsConfig) -> str:
    """This edition's folder below the site's root: "" for the first edition, "it/"."""
    editions = config.extra.get("alternate") or []
    for index, edition in enumerate(editions):
        if edition["lang"] == config.theme["language"]:
            return "" if index == 0 else edition["link"].strip("/") + "/"
    raise PluginError(f"extra.alternate has no edition for language "
                      f"'{config.theme['language']}'")


def _check_folders(config: MkDocsConfig, lang: str) -> None:
    project = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    if docs.name != lang:
        raise PluginError(f"docs_dir {docs} is not docs/{lang}: an edition reads its own pages")
    include = config.mdx_configs.get(INCLUDE, {})
    snippets = project / include.get("base_path", "")
    if snippets.name != lang:
        raise PluginError(f"{INCLUDE} base_path {snippets} is not snippets/{lang}")
    # markdown-include resolves its folder against the working directory: make it the
    # project's, so a copy of the project built from elsewhere includes its own snippets.
    include["base_path"] = str(snippets)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _words, _directives
    # The gate for every typo in the data files and catalogues, all reported at once,
    # before any hook reads them.
    if found := problems():
        raise PluginError("\n  ".join(["The data files and catalogues:", *found]))
    lang = config.theme["language"]
    catalogues = load_catalogues()
    if lang not in catalogues:
        raise PluginError(f"no strings/{lang}.yml for the '{lang}' edition")
    _words = words = catalogues[lang]
    _check_folders(config, lang)

    given = bool(config.site_url) and config.site_url != config.extra.get("pec_placeholder_site_url")
    root = config.site_url or "/"
    prefix = edition_prefix(config)
    for edition in config.extra["alternate"]:
        edition["link"] = root + edition["link"].lstrip("/")
    config.site_url = root + prefix
    # The edition's address as paper may print and link it: None while the deployment
    # gave none (mkdocs.yml's placeholder), so no PDF sends a reader to a made-up address.
    config.extra["pec_public_url"] = config.site_url if given else None
    _directives = Directives(lang, site_url=config.extra["pec_public_url"],
                             editions=config.extra["alternate"])
    config.markdown_extensions.append(_directives)

    config.mdx_configs.setdefault("toc", {})["permalink_title"] = words.t("ui.permalink")
    config.site_description = words.t("site.description")
    config.site_author = words.t("site.author")
    config.copyright = words.t("site.footer")
    for palette in config.theme.get("palette") or []:
        scheme = "to_light" if palette.get("scheme") == "slate" else "to_dark"
        palette.setdefault("toggle", {})["name"] = words.t(f"ui.palette_{scheme}")
    config.extra["pec_strings"] = _script_words(words)
    # Each other edition offers itself to readers who prefer its language, in its words.
    config.extra["pec_offers"] = [
        {"lang": edition["lang"], "root": edition["link"],
         **{key: catalogues[edition["lang"]].t(f"edition.offer_{key}") for key in ("text", "link", "close")}}
        for edition in config.extra["alternate"]
        if edition["lang"] != lang and edition["lang"] in catalogues
    ]
    return config


def _script_words(words: Words) -> dict:
    """The sections of the catalogue the scripts read, nested as in the catalogue."""
    tree: dict = {}
    for key in SCRIPT_SECTIONS:
        *parents, last = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = words.section(key)
    return tree


def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = Path(config.docs_dir)
    pages = {f.src_uri for f in files.documentation_pages() if not f.generated_by}
    for edition in config.extra["alternate"]:
        other = docs.parent / edition["lang"]
        if other == docs or not other.is_dir():
            continue
        theirs = {p.relative_to(other).as_posix() for p in other.rglob("*.md")}
        missing, extra = sorted(theirs - pages), sorted(pages - theirs)
        if missing or extra:
            raise PluginError(
                f"docs/{config.theme['language']}/ and docs/{edition['lang']}/ must hold the "
                f"same pages: missing here {missing}, only here {extra}")
    svg = template_env(_words, markup=True).get_template("imap-vs-pop.svg.j2")
    files.append(File.generated(config, DIAGRAM, content=svg.render()))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    """The theme's templates (overrides/) take their words from the catalogue too."""
    env.globals["t"] = _words.t
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The page as messages name it, from the project: docs/en/outlook/imap.md.
    folder = Path(config.docs_dir).relative_to(Path(config.config_file_path).resolve().parent)
    _directives.page = PageRef(page.file.src_uri, page.url, f"{folder.as_posix()}/{page.file.src_uri}")
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The two Outlooks' tabs are told apart by their labels (the scripts and Material's
    # memory of the reader's choice): every such tab set uses the catalogue's two words.
    versions = [_words.t("ui.new_outlook"), _words.t("ui.classic_outlook")]
    for labels in TAB_LABELS.findall(html):
        found = [" ".join(label.split()) for label in LABEL.findall(labels)]
        if set(found) & set(versions) and found != versions:
            raise PluginError(f"{page.file.src_uri}: tabs {found} should be labelled {versions}")
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if leftover := SYNTAX.search(output):
        raise PluginError(f"{page.file.src_uri}: {leftover[0]} comes from outside the page's "
                          f"Markdown (its title, a word of the theme's), where no directive is rendered")
    return output


SITEMAP_URL = re.compile(r"<url>\s*<loc>(?P<loc>[^<]+)</loc>")


# What mkdocs-redirects writes for an old address, which it writes in English only.
REDIRECT_TEXT = re.compile(r'<html lang="en">(?P<head>.*?)<title>Redirecting...</title>(?P<mid>.*?)'
                           r"location\.href=\"(?P<url>[^\"]*)\"\+\(anchor\?\"#\"\+anchor:\"\"\)(?P<rest>.*?)"
                           r"You're being redirected to a <a href=\"[^\"]*\">new destination</a>\.", re.DOTALL)


def _translate_redirects(site: Path) -> None:
    """The redirect pages in the edition's language, keeping the address's query too
    (a support link may carry ?provider=) as well as its step."""
    def redirect(match: re.Match) -> str:
        url = match["url"]
        return (f'<html lang="{_words.lang}">{match["head"]}<title>{html.escape(_words.t("redirect.title"))}</title>'
                f'{match["mid"]}location.href="{url}"+location.search+(anchor?"#"+anchor:""){match["rest"]}'
                + _words.t("redirect.text", link=f'<a href="{url}">{html.escape(_words.t("redirect.link"))}</a>'))

    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if "You're being redirected" in text:
            page.write_text(REDIRECT_TEXT.sub(redirect, text), encoding="utf-8")


def on_post_build(config: MkDocsConfig) -> None:
    _translate_redirects(Path(config.site_dir))
    sitemap = Path(config.site_dir) / "sitemap.xml"
    if not sitemap.exists() or len(config.extra["alternate"]) < 2:
        return
    editions = config.extra["alternate"]

    def with_twins(match: re.Match) -> str:
        page = match["loc"].removeprefix(config.site_url)
        twins = "".join(f'\n         <xhtml:link rel="alternate" hreflang="{e["lang"]}" href="{e["link"]}{page}"/>'
                        for e in editions)
        default = f'\n         <xhtml:link rel="alternate" hreflang="x-default" href="{editions[0]["link"]}{page}"/>'
        return match[0] + twins + default

    text = sitemap.read_text(encoding="utf-8")
    text = text.replace('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
                        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                        'xmlns:xhtml="http://www.w3.org/1999/xhtml"', 1)
    text = SITEMAP_URL.sub(with_twins, text)
    sitemap.write_text(text, encoding="utf-8")
    with gzip.open(sitemap.with_suffix(".xml.gz"), "wt", encoding="utf-8") as packed:
        packed.write(text)
