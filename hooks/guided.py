"""MkDocs hook: guided mode's parts in the guides.

- `[[pec-guided]]`, near the top of a guide: the switch between one step at a time and
  the whole guide, and everything guided mode shows (templates/guided.html.j2, words from
  strings/<lang>.yml `guided`), hidden until features/guided-mode.js runs.
- `[[pec-help]]`, in a step: opens the step's help for readers who see something else,
  a collapsed block (its content indented below the line) that prints, works without
  JavaScript, and opens when a guided reader answers "No".
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from project import load_catalogues, template_env

GUIDED = re.compile(r"^\[\[pec-guided\]\]\s*$")
HELP = re.compile(r"^(?P<indent>[ ]*)\[\[pec-help\]\]\s*$")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PRIORITY = 98  # after markdown-include (101) and the other blocks


def _slots(text: str) -> Markup:
    """A sentence with {placeholders} as empty slots the script fills in as text."""
    parts = PLACEHOLDER.split(str(text))
    return Markup("".join(str(escape(part)) if i % 2 == 0 else f'<strong data-pec-slot="{part}"></strong>'
                          for i, part in enumerate(parts)))


class GuidedPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: GuidedParts):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            if GUIDED.match(line):
                out.extend(self.extension.render().splitlines())
            elif match := HELP.match(line):
                title = self.extension.words.t("guided.help").replace('"', "'")
                out.append(f'{match["indent"]}??? question pec-help "{title}"')
            else:
                out.append(line)
        return out


class GuidedParts(Extension):
    def __init__(self, words) -> None:
        super().__init__()
        self.words = words
        self.page: Page | None = None
        self.templates = template_env(words, markup=True)
        self.templates.filters["slots"] = _slots

    def render(self) -> str:
        html = self.templates.get_template("guided.html.j2").render(
            page_link=lambda url: get_relative_url(url, self.page.url))
        # One raw HTML block: no blank line may end it early.
        return "\n".join(line for line in html.splitlines() if line.strip())

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(GuidedPreprocessor(md, self), "pec-guided", PRIORITY)


_extension: GuidedParts | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    _extension = GuidedParts(load_catalogues()[config.theme["language"]])
    config.markdown_extensions.append(_extension)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _extension.page = page
    return markdown
