"""MkDocs hook: `mkdocs serve` (`make serve`) serves every edition, not only the one being
edited, so the language selector leads where it leads readers.

MkDocs serves one config: the edition being edited, rebuilt and reloaded on every change.
This hook places that edition in its folder of the served site (the Italian one in it/)
and, after each of its builds, puts back the other editions beside it: built once, when
the server starts, with the server's address, the way `mkdocs serve` builds (no Content
Security Policy, so MkDocs' live-reload script runs in them too; PDFs of the last full
build). They are not rebuilt while serving: restart to see a change in them, or serve
their edition (`make serve EDITION=it`). A `mkdocs build` is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.pec-dev-server")
# Set for the other editions' builds: they build as `mkdocs serve` would (hooks/publish.py,
# hooks/pdf.py), and do not serve editions of their own.
SERVING = "PEC_SERVING"

_serving = False
_root: Path | None = None  # the folder the server serves: the first edition's
_others: Path | None = None  # the other editions, built once


def _folder(config: MkDocsConfig) -> str:
    """The edition's folder below the site's root ("" or "it/"), once hooks/edition.py
    has placed it."""
    return config.site_url.removeprefix(config.extra["alternate"][0]["link"])


def serving(command: str) -> bool:
    """Whether a build is for the edit-and-reload server (or for its other editions)."""
    return command == "serve" or os.environ.get(SERVING) == "1"


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _root
    if not _serving:
        return config
    # MkDocs gives every build of the server the folder it serves, at the site's root.
    _root = Path(config.site_dir)
    config.site_dir = str(_root / _folder(config))
    return config


def _build_others(config: MkDocsConfig) -> Path:
    # The server's address, without this edition's folder (hooks/edition.py added it).
    address = config.extra["alternate"][0]["link"]
    project = Path(config.config_file_path).parent
    built = Path(tempfile.mkdtemp(prefix="pec-editions-"))
    mine = _folder(config)
    for index, edition in enumerate(config.extra["alternate"]):
        folder = "" if index == 0 else edition["link"].removeprefix(address)
        if folder == mine:
            continue
        config_file = "mkdocs.yml" if index == 0 else f"mkdocs.{edition['lang']}.yml"
        log.info("Serving the %s edition too, at %s (built once)", edition["lang"], edition["link"])
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--config-file", config_file,
             "--site-dir", str(built / folder)], cwd=project,
            env={**os.environ, SERVING: "1", "PEC_SITE_URL": address},
            capture_output=True, text=True)
        if result.returncode != 0:
            log.warning("The %s edition did not build:\n%s", edition["lang"], result.stderr)
    return built


def on_post_build(config: MkDocsConfig) -> None:
    global _others
    if not _serving:
        return
    if _others is None:
        _others = _build_others(config)
    # The first edition's build empties the whole served folder: put the others back.
    shutil.copytree(_others, _root, dirs_exist_ok=True)


def on_shutdown() -> None:
    if _others is not None:
        shutil.rmtree(_others, ignore_errors=True)
