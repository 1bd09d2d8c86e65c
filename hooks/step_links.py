"""MkDocs hook: the steps of the guides, and the links to them that support staff send.

- Each step is marked as its page renders (hooks/directives.py, StepSections: a heading
  of class `pec-step`, `## Title { #id .pec-step }`): its extent becomes a `<section class="pec-step-section">` holding the
  heading and everything up to the next heading of its level or above, so the scripts,
  the tests and the PDF select a step rather than walk siblings. What follows the heading
  is one `<div class="pec-step-body">`: one box for the browser to skip while the step is
  out of sight (extra.css), however many blocks the step has. Numbered steps (h2) get
  their number (`data-pec-number`, drawn by CSS, read by the scripts); every step gets a
  fingerprint of its content (`data-pec-fingerprint`), which changes when the step does.
- Each step's online address is written under its heading (`p.pec-step-address`), shown
  only on paper and in the PDFs, so a support call can refer to it; while the site has
  no public address (hooks/edition.py), the step's ID alone.
- Checks the steps against the registry of published links, data/step-links.yml: a step
  that is not registered, or a registered step that is gone without a replacement under
  `moved`, fails the build. One registry serves every edition, so a step published in one
  language is published in all.
- Writes the "Links for support" page: wherever a page says `[[pec-step-links]]`, the
  list of every step link of every guide, taken from the rendered pages themselves, under
  the choice of the reader's provider and edition that features/support-links.js applies
  to every link (the directive renders that choice, templates/support-links.html.j2, and
  leaves the list to this hook: it needs every page rendered).
- Hands the scripts what they need (`extra.pec_step_links`, written by
  overrides/main.html): the site's address and the moved fragments.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from directives import STEP_CLASS, STEP_LINKS
from project import REGISTRY_FILE, load_registry


class _StepHeadings(HTMLParser):
    """Finds the step headings of a rendered page: [(id, title)], in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.steps: list[tuple[str, str]] = []
        self._heading: str | None = None  # tag name of the open step heading
        self._skip = 0  # depth inside the heading's permalink, whose "¶" is no title
        self._text: list[str] = []
        self._id = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._heading:
            if tag == "a" and "headerlink" in (attributes.get("class") or "").split():
                self._skip += 1
        elif tag in {"h2", "h3", "h4"} and STEP_CLASS in (attributes.get("class") or "").split():
            self._heading, self._id, self._text = tag, attributes.get("id") or "", []

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == "a" and self._skip:
            self._skip -= 1
        elif tag == self._heading:
            self.steps.append((self._id, " ".join("".join(self._text).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading and not self._skip:
            self._text.append(data)


def step_headings(page_html: str) -> list[tuple[str, str]]:
    parser = _StepHeadings()
    parser.feed(page_html)
    return parser.steps


def registry_problems(registry: dict[str, dict[str, Any]], found: dict[str, list[str]]) -> list[str]:
    """Everything that would break a published link, or publish a step by accident."""
    problems = []
    for url, ids in found.items():
        registered = registry.get(url, {}).get("steps", [])
        for step in ids:
            if step not in registered:
                problems.append(f"step '{url}#{step}' is not in {REGISTRY_FILE.name}: register it")
    for url, entry in registry.items():
        ids = found.get(url, [])
        for step in entry["steps"]:
            if step not in ids and step not in entry["moved"]:
                problems.append(
                    f"published step '{url}#{step}' is gone: bring it back, or map it to its "
                    f"replacement under 'moved' in {REGISTRY_FILE.name}"
                )
        for old, new in entry["moved"].items():
            if new not in ids:
                problems.append(f"'{url}#{old}' is moved to '#{new}', which does not exist")
            if old in ids:
                problems.append(f"'{url}#{old}' is moved, but the page still has that step")
    return problems


def support_list(pages: list[Page], steps: dict[str, list[tuple[str, str]]], here: Page,
                 site_url: str) -> str:
    """The step links of every guide, grouped by guide, as HTML for the support page."""
    out = []
    for page in pages:
        if not steps.get(page.url):
            continue
        title = html.escape(page.meta.get("title") or page.title or page.url)
        out.append(f'<h2 id="links-{page.url.strip("/").replace("/", "-")}">{title}</h2>')
        out.append('<ol class="pec-step-links">')
        for step_id, step_title in steps[page.url]:
            href = html.escape(f"{get_relative_url(page.url, here.url)}#{step_id}")
            absolute = html.escape(urljoin(site_url, page.url) + f"#{step_id}")
            # data-pec-step-link: the link below any edition's root, for the choice above.
            link = html.escape(f"{page.url}#{step_id}")
            out.append(
                f'<li><a href="{href}" data-pec-step-link="{link}">{html.escape(step_title)}</a><br>'
                f'<code class="pec-value" data-pec-step-link="{link}">{absolute}</code></li>'
            )
        out.append("</ol>")
    return "\n".join(out)


_registry: dict[str, dict[str, Any]] = {}
_nav_pages: list[Page] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _registry
    _registry = load_registry()
    config.extra["pec_step_links"] = {
        "site_url": config.site_url,
        "moved": {url: entry["moved"] for url, entry in _registry.items() if entry["moved"]},
    }
    return config


def on_nav(nav, config: MkDocsConfig, files: Files):
    global _nav_pages
    _nav_pages = list(nav.pages)
    return nav


def on_env(env, config: MkDocsConfig, files: Files):
    # Every page is rendered by now, and none is written yet: check, then fill in.
    pages = [file.page for file in files.documentation_pages() if file.page]
    steps = {page.url: step_headings(page.content or "") for page in pages}
    steps = {url: found for url, found in steps.items() if found}
    problems = registry_problems(_registry, {url: [i for i, _ in s] for url, s in steps.items()})
    if problems:
        raise PluginError("Step links:\n  " + "\n  ".join(problems))
    # Guides in the order of the navigation, as readers meet them.
    ordered = [page for page in _nav_pages if page.url in steps]
    for page in pages:
        if page.content and STEP_LINKS in page.content:
            page.content = page.content.replace(
                STEP_LINKS, support_list(ordered, steps, page, config.site_url or "/")
            )
    return env
