"""ProperDocs, the drop-in fork of MkDocs 1.6, builds the complete site exactly as MkDocs
does: the tested way out if MkDocs 1.6.1 stops installing or working (README, "The
engine's future"). Both engines build every edition strictly from the same project, and
every file of the two sites is compared byte for byte, compressed twins unpacked; the
generator meta tag, which names the engine's version, is the only thing set aside. The
PDFs are not part of it: tools/pdf.py prints them from the built pages with Chromium,
whichever engine built those.
"""

from __future__ import annotations

import gzip
import re
from importlib.metadata import version
from pathlib import Path

import brotli
import pytest

from tests.helpers import edition_of
from tools.site import ENGINES, build_site, copy_project

# Material's template: <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">,
# naming the engine that ran: ProperDocs writes "mkdocs-ProperDocs 1.6.7".
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^",]+), mkdocs-material-[^"]+">')
NAMED = {"mkdocs": version("mkdocs"), "properdocs": f"ProperDocs {version('properdocs')}"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site built by each engine, from one copy of the project: engine → folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    built = {}
    for engine in ENGINES:
        site = tmp_path_factory.mktemp(f"site-{engine}")
        result = build_site(project, site, engine=engine)
        assert result.returncode == 0, f"the strict build failed with {engine}:\n{result.stderr}"
        built[engine] = site
    return built


def files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def comparable(path: Path) -> bytes:
    """A file's content as a reader gets it: a twin unpacked, the generator tag blanked."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    elif path.suffix == ".br":
        data = brotli.decompress(data)
    return GENERATOR.sub(b'<meta name="generator" content="">', data)


def test_each_engine_really_built_its_site(sites: dict[str, Path]):
    """Without this, two builds by the same engine would pass the comparison."""
    for engine, site in sites.items():
        found = GENERATOR.search((site / "index.html").read_bytes())
        assert found, f"{engine}'s home page has no generator tag"
        assert found[1].decode() == NAMED[engine], (
            f"the site built with {engine} names {found[1].decode()}, not {NAMED[engine]}")


def test_both_engines_write_the_same_files(sites: dict[str, Path]):
    mkdocs, properdocs = (files(sites[engine]) for engine in ENGINES)
    assert mkdocs == properdocs, (
        f"only MkDocs wrote {sorted(mkdocs - properdocs)}; "
        f"only ProperDocs wrote {sorted(properdocs - mkdocs)}")
    assert len(mkdocs) > 100  # the complete site, both editions, not an empty build


def test_every_file_is_the_same_but_the_generator_tag(sites: dict[str, Path]):
    mkdocs, properdocs = (sites[engine] for engine in ENGINES)
    differ = [name for name in sorted(files(mkdocs))
              if comparable(mkdocs / name) != comparable(properdocs / name)]
    assert not differ, f"these files differ between MkDocs and ProperDocs: {differ}"


# A sample of what the strict build refuses (tests/test_strict_build.py has them all), one
# per kind of check: the engine's own link validation, markdown-include, a hook.
BREAKAGES = [
    ("broken anchor", "docs/en/index.md", "\n[x](outlook/imap.md#no-such-step)\n", "no-such-step"),
    ("missing include", "docs/it/outlook/imap.md", "\n{!steps/no-such-step.md!}\n", "no-such-step.md"),
    ("unknown directive", "docs/en/index.md", "\n[[pec-nothing here]]\n", "[[pec-nothing here]]"),
]


@pytest.mark.parametrize("what, file, addition, error", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_properdocs_is_as_strict(tmp_path: Path, what, file, addition, error):
    project = copy_project(tmp_path / "project")
    path = project / file
    path.write_text(path.read_text() + addition)
    result = build_site(project, tmp_path / "out", only=edition_of(file), engine="properdocs")
    assert result.returncode != 0, f"a {what} did not fail the ProperDocs build"
    assert error in result.stderr
