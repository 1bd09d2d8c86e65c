"""MkDocs hook: what the published site carries. A strict Content Security Policy on every
page, and no files the reader never downloads.

After the build (and after mkdocs-redirects has written its pages), every HTML file
gets a `<meta http-equiv="Content-Security-Policy">` allowing scripts from the site
itself plus the SHA-256 hashes of that file's inline scripts — Material's few small
ones — and nothing inline otherwise. Source maps are deleted with the comments that
point at them, and so are the search's language packs that the edition's search never
loads (all of them in English; all but the stemmer support and its language's
elsewhere). Our own modules ship minified, without their comments and indentation:
those are over a third of their weight, and written for whoever reads the source
(guided mode's 5 KB budget counts what readers download). `mkdocs serve` is left
alone: its live-reload script is inline, and whoever works on the scripts reads them
with their comments.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import rjsmin
from mkdocs.config.defaults import MkDocsConfig

from dev_server import serving

# An executable inline script: no src, and no type other than JavaScript's.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<code>.*?)</script>', re.DOTALL | re.IGNORECASE)
DATA_TYPE = re.compile(r'\btype="(?!text/javascript|module)[^"]*"', re.IGNORECASE)
CHARSET = re.compile(r'<meta charset="[^"]*">', re.IGNORECASE)
SOURCE_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")

# `img-src data:` for the icons that Material's stylesheets embed as data: URLs.
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
          "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'")

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = serving(command)


def script_hashes(page_html: str) -> list[str]:
    hashes = []
    for match in INLINE_SCRIPT.finditer(page_html):
        if DATA_TYPE.search(match["attrs"]):
            continue  # JSON data for the scripts: never executed
        digest = hashlib.sha256(match["code"].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def with_policy(page_html: str) -> str:
    policy = POLICY.format(hashes=" ".join(script_hashes(page_html))).replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    # Right after the charset, before any script the policy must cover.
    page_html, found = CHARSET.subn(lambda m: f"{m[0]}\n    {meta}", page_html, count=1)
    if not found:
        raise ValueError("no <meta charset> to put the Content Security Policy after")
    return page_html


def minified(code: str) -> str:
    """A module as it ships: without comments and needless whitespace, by rJSmin, a
    minifier that reads strings, template literals and regular expressions as such, so
    no code goes with a comment (tests/test_publish.py holds every module to its source's
    syntax tree). Nothing is renamed: the shipped code reads as the source does."""
    return rjsmin.jsmin(code) + "\n"


def on_post_build(config: MkDocsConfig) -> None:
    if _serving:
        return
    site = Path(config.site_dir)
    for page in site.rglob("*.html"):
        page.write_text(with_policy(page.read_text(encoding="utf-8")), encoding="utf-8")
    # Material's search worker loads lunr's language packs only for languages besides
    # English, and of those only the stemmer support and its languages' packs.
    search = config.plugins.get("material/search")
    languages = (search.config.lang if search else None) or [config.theme["language"]]
    lunr = site / "assets" / "javascripts" / "lunr"
    if languages == ["en"]:
        shutil.rmtree(lunr, ignore_errors=True)
    else:
        needed = {"lunr.stemmer.support.min.js", "lunr.multi.min.js",
                  *(f"lunr.{lang}.min.js" for lang in languages)}
        for pack in lunr.rglob("*"):
            if pack.is_file() and pack.name not in needed:
                pack.unlink()
    ours = Path(config.theme.custom_dir) / "assets" / "javascripts"
    for module in ours.rglob("*.js"):
        shipped = site / "assets" / "javascripts" / module.relative_to(ours)
        shipped.write_text(minified(module.read_text(encoding="utf-8")), encoding="utf-8")
    for source_map in site.rglob("*.map"):
        source_map.unlink()
        script = source_map.with_suffix("")
        if script.exists():
            script.write_text(SOURCE_MAP_COMMENT.sub("", script.read_text(encoding="utf-8")),
                              encoding="utf-8")
