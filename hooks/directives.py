"""The project's Python-Markdown extension: every `[[…]]` directive a page may hold, and
the step sections of the guides. It needs Python-Markdown and hooks/project.py's loaders
(the words, the data, the templates) and nothing of MkDocs, so a page renders the same
under any engine that runs Python-Markdown, and a test renders one with
`markdown.Markdown(extensions=[…, Directives("en", page="outlook/imap.md")])`.

    [[outlook:continue]]               Outlook's own label, or our words for the control
    [[pec-settings incoming imap]]     a settings block from data/providers.yml (the
                                       kinds: SETTINGS below; the README lists them all)
    [[pec-pdf imap button]]            a link to one of data/pdf.yml's PDFs (a button)
    [[pec-guided]]                     guided mode's controls (templates/guided.html.j2)
    [[pec-help]]                       a step's help: a collapsed block, its text indented below
    [[pec-step-links]]                 the support page's choice of provider and edition;
                                       the list below it needs every page rendered, so
                                       hooks/step_links.py fills it in after the last one

A directive on a line of its own (`block` below) stands for the lines it renders, each
indented as the directive was; the others stand inside a sentence. A directive this
module does not know, or one written wrong, fails the page naming it, its page and what
would be right. The words a rendered block holds may name Outlook's controls in turn
(`[[outlook:…]]` in a catalogue's sentence): its lines are read again for directives.

The directives run as one preprocessor, after markdown-include (101), because a
directive usually sits in an included snippet; the step sections as a treeprocessor,
after attr_list (8) and toc (5) have given the headings their ids and classes.

Each page tells the extension where it is (`page`): the links it writes are relative to
the page, and a step's address is the page's. hooks/edition.py creates the extension for
its edition and sets the page before each one renders; the other hooks keep only what is
MkDocs' own (the configuration, generated files, navigation, the finished site).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# The loaders' own error, which MkDocs reports as a failed build with its message alone.
from project import (PROTOCOLS, PluginError, load_catalogues, load_documents, load_providers,
                     outlook_label, template_env)

# A directive as pages write it: `[[outlook:key]]`, or `[[pec-name]]` with words after a space.
SYNTAX = re.compile(r"\[\[(?P<name>outlook:|pec-[^\s\]]*)(?P<args>[^\]]*)\]\]")
# markdown-include registers its preprocessor at 101; a lower number runs later.
PRIORITY = 100
STEPS_PRIORITY = 4
# How deep a rendered block may hold blocks of its own before it is taken for a loop.
DEPTH = 4

FORMS_DIR = "assets/images/forms"
PDF_DIR = "pdf"
# What [[pec-step-links]] leaves for hooks/step_links.py, which writes the list there.
STEP_LINKS = "<!-- pec-step-links -->"


class DirectiveError(PluginError):
    """A directive that cannot be rendered, with its page and what would be right."""


@dataclass(frozen=True)
class PageRef:
    """The page being rendered: its file below the edition's folder (`outlook/imap.md`),
    its address below the edition's root (`outlook/imap/`, "" for the home page), and
    its path as messages name it (`docs/en/outlook/imap.md`)."""
    src_uri: str
    url: str
    path: str

    @classmethod
    def of(cls, src_uri: str, folder: str = "", url: str | None = None) -> PageRef:
        """A page from its file, its address the directory address this site gives it."""
        if url is None:
            stem = posixpath.splitext(src_uri)[0]
            url = "" if stem == "index" else stem.removesuffix("/index") + "/"
        return cls(src_uri, url, posixpath.join(folder, src_uri) if folder else src_uri)


def relative_url(url: str, page_url: str) -> str:
    """`url` (an address below the edition's root) as a link from the page at `page_url`;
    a directory's address keeps its closing slash, as MkDocs writes it."""
    link = posixpath.relpath(url or ".", page_url or ".")
    return link + "/" if url.endswith("/") else link


# --- The directives ---------------------------------------------------------------------

@dataclass(frozen=True)
class Directive:
    name: str  # as SYNTAX reads it: "outlook:", "pec-settings"
    usage: str  # as messages show it
    render: Callable[[Directives, list[str]], str]  # (extension, words after the name) → Markdown
    block: Callable[[list[str]], bool]  # whether it stands on a line of its own


def _no_words(name: str, args: list[str]) -> None:
    if args:
        raise DirectiveError(f"takes nothing after {name}: write [[{name}]]")


def _outlook(ext: Directives, args: list[str]) -> str:
    if len(args) != 1:
        raise DirectiveError("name one label of the catalogue's outlook section: [[outlook:key]]")
    text, quoted = outlook_label(ext.words, args[0])
    return f'<strong class="pec-label">{html.escape(text)}</strong>' if quoted else html.escape(text)


def _pdf(ext: Directives, args: list[str]) -> str:
    if not args or len(args) > 2 or args[1:] not in ([], ["button"]):
        raise DirectiveError("write [[pec-pdf ID]] for a link, [[pec-pdf ID button]] for a button")
    key = args[0]
    document = ext.documents.get(key)
    if document is None:
        raise DirectiveError(f"no such document in data/pdf.yml (known: {', '.join(ext.documents)})")
    href = relative_url(f"{PDF_DIR}/{document['file']}", ext.page.url)
    css = "md-button pec-download" if len(args) == 2 else "pec-download"
    return f'<a class="{css}" href="{href}" download>{ext.words.t(f"pdf.download.{key}")}</a>'


def _guided(ext: Directives, args: list[str]) -> str:
    _no_words("pec-guided", args)
    rendered = ext.html_templates.get_template("guided.html.j2").render(page_link=ext.page_link)
    # One raw HTML block: no blank line may end it early.
    return "\n".join(line for line in rendered.splitlines() if line.strip())


def _help(ext: Directives, args: list[str]) -> str:
    _no_words("pec-help", args)
    title = ext.words.t("guided.help").replace('"', "'")
    return f'??? question pec-help "{title}"'


def _step_links(ext: Directives, args: list[str]) -> str:
    _no_words("pec-step-links", args)
    choice = ext.html_templates.get_template("support-links.html.j2").render(
        providers=ext.data["providers"], editions=ext.editions, lang=ext.words.lang)
    # Raw HTML, which the rest of the Markdown leaves as it is.
    return f"{choice.rstrip()}\n{STEP_LINKS}"


# [[pec-settings KIND]]: the template each kind renders (provider-codes is a sentence's part).
SETTINGS = {
    "incoming": "settings/incoming.md.j2",
    "outgoing": "settings/outgoing.md.j2",
    "limits": "settings/limits.md.j2",
    "generator": "generator.html.j2",
    "provider-domains": "settings/domains.md.j2",
    "mac-incoming": "settings/client.md.j2",
    "mac-outgoing": "settings/client.md.j2",
    "android": "settings/client.md.j2",
    "ios": "settings/client.md.j2",
    "request": "settings/request.md.j2",
}
CODES = "provider-codes"
# The kinds that show one incoming server: the protocol is required.
NEEDS_PROTOCOL = {"incoming", "mac-incoming"}


def _settings(ext: Directives, args: list[str]) -> str:
    if not args or len(args) > 2:
        raise DirectiveError(f"say which block: [[pec-settings KIND]], KIND one of "
                             f"{', '.join([*SETTINGS, CODES])}")
    return ext.settings(*args)


def _settings_block(args: list[str]) -> bool:
    return args != [CODES]


REGISTRY: dict[str, Directive] = {d.name: d for d in [
    Directive("outlook:", "outlook:KEY", _outlook, block=lambda args: False),
    Directive("pec-settings", "pec-settings KIND", _settings, block=_settings_block),
    Directive("pec-pdf", "pec-pdf ID", _pdf, block=lambda args: False),
    Directive("pec-guided", "pec-guided", _guided, block=lambda args: True),
    Directive("pec-help", "pec-help", _help, block=lambda args: True),
    Directive("pec-step-links", "pec-step-links", _step_links, block=lambda args: True),
]}


def _value(text: Any) -> str:
    """A value the reader types into Outlook: code, with a copy button added in the page."""
    return f"`{text}`{{ .pec-value }}"


def _domain(url: str) -> str:
    return urlsplit(url).hostname or url


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _slots(text: str) -> Markup:
    """A sentence with {placeholders} as empty slots the script fills in as text."""
    parts = PLACEHOLDER.split(str(text))
    return Markup("".join(str(escape(part)) if i % 2 == 0 else f'<strong data-pec-slot="{part}"></strong>'
                          for i, part in enumerate(parts)))


def form_path(provider_id: str, server: str) -> str:
    """Where the illustrated Outlook form of a provider's server is drawn (hooks/provider_settings.py)."""
    return f"{FORMS_DIR}/{server}-{provider_id}.svg"


class DirectivePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: Directives):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        return self.extension.expand(lines)


# --- The step sections ------------------------------------------------------------------

STEP_CLASS = "pec-step"
SECTION_CLASS = "pec-step-section"
BODY_CLASS = "pec-step-body"
HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Numbered steps: the guides' h2 steps. Troubleshooting entries (h3) are steps without one.
NUMBERED = "h2"
# Python-Markdown keeps raw HTML and escapes out of the tree behind these markers.
STASHED = re.compile("\x02[^\x03]*\x03")


def is_step(element: etree.Element) -> bool:
    return element.tag in HEADINGS and STEP_CLASS in (element.get("class") or "").split()


class StepSections(Treeprocessor):
    """Wraps each step and its content in a section; numbers, fingerprints, addresses
    (hooks/step_links.py says what they are for)."""

    def __init__(self, md: Markdown, extension: Directives):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        number = 0
        for element in root.iter():
            if is_step(element) and element.tag == NUMBERED:
                number += 1
                element.set("data-pec-number", str(number))
        parents = [parent for parent in root.iter() if any(is_step(child) for child in parent)]
        for parent in parents:
            self.wrap(parent)

    def wrap(self, parent: etree.Element) -> None:
        children = list(parent)
        for child in children:
            parent.remove(child)
        section = body = level = None
        for child in children:
            if child.tag in HEADINGS and section is not None and HEADINGS[child.tag] <= level:
                self.finish(section)
                section = None
            if is_step(child):
                if any(SECTION_CLASS in (e.get("class") or "") for e in child.iter()):
                    raise DirectiveError(f"{self.extension.page.path}: step '{child.get('id')}' "
                                         f"holds another step")
                section = etree.SubElement(parent, "section",
                                           {"class": SECTION_CLASS, "data-pec-step": child.get("id", "")})
                level = HEADINGS[child.tag]
                section.append(child)
                address = etree.SubElement(section, "p", {"class": "pec-step-address",
                                                          "data-search-exclude": ""})
                address.text = self.extension.step_address(child.get("id", ""))
                body = etree.SubElement(section, "div", {"class": BODY_CLASS})
            elif section is not None:
                body.append(child)
            else:
                parent.append(child)
        if section is not None:
            self.finish(section)

    @staticmethod
    def finish(section: etree.Element) -> None:
        """The fingerprint of what the reader sees in the step: its words and values."""
        heading, _address, body = section
        text = " ".join(STASHED.sub("", "".join(block.itertext())) for block in [heading, *body])
        digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
        section.set("data-pec-fingerprint", digest[:12])


# --- The extension ----------------------------------------------------------------------

class Directives(Extension):
    """The directives and step sections of one edition (`lang`, whose words and data it
    loads), at `site_url` (the public address paper prints under each step; None while the
    site has none: then the step's ID), among `editions` (mkdocs.yml's extra.alternate, for the support
    page's choice). Set `page` before each page renders (a PageRef, or its file)."""

    def __init__(self, lang: str, *, site_url: str | None = "/", editions: list[dict] | None = None,
                 page: PageRef | str = "index.md") -> None:
        super().__init__()
        self.words = load_catalogues()[lang]
        self.data = load_providers()
        self.documents = {document["id"]: document for document in load_documents()}
        self.site_url = site_url
        self.editions = list(editions or [])
        self.page = PageRef.of(page) if isinstance(page, str) else page
        self.markdown_templates = template_env(self.words, markup=False)
        self.markdown_templates.filters.update(value=_value, domain=_domain)
        self.html_templates = template_env(self.words, markup=True)
        self.html_templates.filters["slots"] = _slots

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(DirectivePreprocessor(md, self), "pec-directives", PRIORITY)
        md.treeprocessors.register(StepSections(md, self), "pec-step-sections", STEPS_PRIORITY)

    # What the directives share: where the page is.

    def page_link(self, url: str) -> str:
        """Another page of this edition, relative to the page being rendered."""
        return relative_url(url, self.page.url)

    def form_src(self, provider_id: str, server: str) -> str:
        """The illustrated form's path, relative to the page's file, as Markdown wants."""
        page_dir = posixpath.dirname(self.page.src_uri)
        return posixpath.relpath(form_path(provider_id, server), page_dir or ".")

    def step_address(self, step_id: str) -> str:
        """What paper prints under a step: its online address or, while the site has no
        public address, its ID alone, which support staff can still name."""
        if self.site_url is None:
            return self.words.t("pdf.step_id", id=step_id)
        return urljoin(self.site_url, self.page.url) + f"#{step_id}"

    # Reading a page.

    def expand(self, lines: list[str], depth: int = 0) -> list[str]:
        """The lines with every directive rendered."""
        out: list[str] = []
        for line in lines:
            stripped = line.lstrip(" ")
            whole = SYNTAX.fullmatch(stripped.rstrip())
            if whole and self.directive(whole).block(whole["args"].split()):
                if depth >= DEPTH:
                    raise DirectiveError(f"{self.page.path}: {whole[0]} renders itself again and again")
                indent = line[:len(line) - len(stripped)]
                rows = [indent + row if row else row for row in self.render(whole).splitlines()]
                out.extend(self.expand(rows, depth + 1))
            else:
                out.append(SYNTAX.sub(self.inline, line))
        return out

    def inline(self, match: re.Match) -> str:
        if self.directive(match).block(match["args"].split()):
            raise DirectiveError(f"{self.page.path}: {match[0]} stands on a line of its own, "
                                 f"in a sentence of none")
        return self.render(match)

    def directive(self, match: re.Match) -> Directive:
        directive = REGISTRY.get(match["name"])
        if directive is None:
            known = ", ".join(sorted(f"[[{d.usage}]]" for d in REGISTRY.values()))
            raise DirectiveError(f"{self.page.path}: unknown directive {match[0]}; known: {known}")
        return directive

    def render(self, match: re.Match) -> str:
        try:
            return self.directive(match).render(self, match["args"].split())
        except PluginError as error:  # the renderer's, or a word the catalogue lacks
            raise DirectiveError(f"{self.page.path}: {match[0]}: {error}") from None

    # [[pec-settings …]]

    def settings(self, kind: str, option: str | None = None) -> str:
        """A block of `kind`; `option` is the protocol of an incoming block, or the kind of
        limit a limits block shows."""
        limit_ids = {limit["id"] for p in self.data["providers"] for limit in p["limits"]}
        if kind == "limits" and option is not None and option not in limit_ids:
            raise DirectiveError(f"no provider has such a limit (known: {', '.join(sorted(limit_ids))})")
        if kind != "limits" and option is not None and option not in PROTOCOLS:
            raise DirectiveError(f"unknown protocol {option} (known: {', '.join(PROTOCOLS)})")
        if kind in NEEDS_PROTOCOL and option is None:
            raise DirectiveError(f"say which protocol ({', '.join(PROTOCOLS)})")
        protocol = option if kind != "limits" else None
        if kind == CODES:
            codes = [f"`{p['id']}`" for p in self.data["providers"]]
            return ", ".join(codes[:-1]) + self.words.t("settings.codes_and") + codes[-1]
        if kind not in SETTINGS:
            raise DirectiveError(f"no such settings block (known: {', '.join([*SETTINGS, CODES])})")
        if kind == "generator":
            return self.html_templates.get_template(SETTINGS[kind]).render(
                protocols=list(PROTOCOLS), providers=self.data["providers"],
                elsewhere=self.data["elsewhere"], page_link=self.page_link,
                settings=lambda *args: Markup(self.settings(*args)))
        protocol_info = {"id": protocol, "label": PROTOCOLS[protocol]} if protocol else None
        return self.markdown_templates.get_template(SETTINGS[kind]).render(
            **self.data, kind=kind, protocol=protocol_info, form_src=self.form_src,
            only=option if kind == "limits" else None)
