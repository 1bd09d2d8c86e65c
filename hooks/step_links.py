"""MkDocs hook: links to guide steps that support staff can send, and that keep working.

- Collects every step heading (class `pec-step`) of every page as it is rendered.
- Checks them against the registry of published links, data/step-links.yml: a step that
  is not registered, or a registered step that is gone without a replacement under
  `moved`, fails the build.
- Writes the "Links for support" page: wherever a page says `[[pec-step-links]]`, the
  list of every step link of every guide, taken from the rendered pages themselves.
- Writes each step's online address under its heading (`p.pec-step-address`), shown
  only on paper and in the PDFs, so a support call can refer to it.
- Hands the scripts what they need (`extra.pec_step_links`, written by
  overrides/main.html): the site's address, the moved fragments, the words to show.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_FILE = ROOT / "data" / "step-links.yml"
INTERFACE_FILE = ROOT / "data" / "interface.yml"
STEP_CLASS = "pec-step"
PLACEHOLDER = "<p>[[pec-step-links]]</p>"
STEP_HEADING = re.compile(r'<(h[23]) class="pec-step" id="([^"]+)">.*?</\1>', re.DOTALL)


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
        elif tag in {"h2", "h3"} and STEP_CLASS in (attributes.get("class") or "").split():
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


def load_registry(path: Path = REGISTRY_FILE) -> dict[str, dict[str, Any]]:
    pages = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("pages") or {}
    for url, entry in pages.items():
        if not isinstance(entry.get("steps"), list) or not isinstance(entry.get("moved", {}), dict):
            raise PluginError(f"{path.name}: '{url}' needs a 'steps' list and a 'moved' mapping")
        entry.setdefault("moved", {})
    return pages


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
            out.append(
                f'<li><a href="{href}">{html.escape(step_title)}</a><br>'
                f'<code class="pec-value">{absolute}</code></li>'
            )
        out.append("</ol>")
    return "\n".join(out)


_registry: dict[str, dict[str, Any]] = {}
_nav_pages: list[Page] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _registry
    _registry = load_registry()
    text = yaml.safe_load(INTERFACE_FILE.read_text(encoding="utf-8"))
    config.extra["pec_step_links"] = {
        "site_url": config.site_url,
        "moved": {url: entry["moved"] for url, entry in _registry.items() if entry["moved"]},
        "text": text,
    }
    return config


def on_page_content(page_html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def with_address(match: re.Match) -> str:
        address = html.escape(urljoin(config.site_url or "/", page.url) + f"#{match[2]}")
        return f'{match[0]}\n<p class="pec-step-address" data-search-exclude>{address}</p>'

    return STEP_HEADING.sub(with_address, page_html)


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
        if page.content and PLACEHOLDER in page.content:
            page.content = page.content.replace(
                PLACEHOLDER, support_list(ordered, steps, page, config.site_url or "/")
            )
    return env
