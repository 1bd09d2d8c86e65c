"""MkDocs hook: a page loads the scripts of the features it uses, and no others.

main.js, which every page loads, brings the features that any page may use. A feature
that only some pages use has a module of its own, `features/<name>.js`, which names its
markup `data-pec-component="<name>"` and registers its mount when it runs
(lib/on-demand.js): the settings generator, guided mode, the reader's own user name in
the settings tables. A page whose content holds such markup gets the module's script tag
at the end of its content, once.

In the content, because Material's instant navigation runs the scripts of the content it
brings, and announces the page only once they have loaded: main.js then mounts every
feature of the page in the same task, as it does on the first page, where these scripts
run before it (module scripts run in the order of the page).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

COMPONENT = re.compile(r'data-pec-component="(?P<name>[a-z-]+)"')
FEATURES = "assets/javascripts/features"

_modules: set[str] = set()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The features that ship as modules of their own; a component without one (the
    # settings card, the static tables) belongs to one of these or to main.js.
    folder = Path(config.theme.custom_dir) / FEATURES
    _modules.clear()
    _modules.update(module.stem for module in folder.glob("*.js"))
    return config


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    names = [name for name in dict.fromkeys(COMPONENT.findall(html)) if name in _modules]
    tags = "".join(f'<script type="module" src="{get_relative_url(f"{FEATURES}/{name}.js", page.url)}"></script>'
                   for name in names)
    return html + tags
