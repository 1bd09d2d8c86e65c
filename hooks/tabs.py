"""MkDocs hook: the pages' content tabs are driven by features/content-tabs.js, not by
Material's tab component.

Material mounts every tab set marked `data-tabs` (pymdownx.tabbed's mark): it adds two
scroll buttons, then measures the set and its labels, which forces a style and layout of
the whole page for each set while the page starts: eight times on a guide (the steps
that differ between the two Outlooks or between providers), on a phone's slower CPU
(bench/NOTES.md has the figures before and after). Renaming the mark leaves
the sets to features/content-tabs.js, which links them and remembers the choice without
measuring anything until the reader picks a tab. The sets stay pymdownx.tabbed's radio
buttons and labels: they work without JavaScript, in print and in the PDFs as before.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MATERIAL_MARK = ' data-tabs="'
OUR_MARK = ' data-pec-tabs="'
# The stylesheet marks the chosen label by its position (extra.css, "Content tabs"):
# a set with more tabs than it covers would show no choice.
MOST_TABS = 6
TAB_COUNT = re.compile(r' data-tabs="\d+:(\d+)"')


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for count in TAB_COUNT.findall(html):
        if int(count) > MOST_TABS:
            raise PluginError(f"{page.file.src_uri}: a tab set of {count} tabs; "
                              f"the stylesheet marks the chosen one among {MOST_TABS} at most")
    return html.replace(MATERIAL_MARK, OUR_MARK)
