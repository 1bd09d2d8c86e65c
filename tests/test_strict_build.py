"""The build really is strict: a broken link, anchor, include or data value fails it."""

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site

PROJECT_PARTS = ["mkdocs.yml", "docs", "snippets", "overrides", "hooks", "data"]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    return tmp_path


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_the_copy_builds_as_it_is(project_copy: Path, tmp_path: Path):
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_a_broken_anchor_fails_the_build(project_copy: Path, tmp_path: Path):
    append(project_copy / "docs" / "index.md", "\n[Broken](outlook/imap.md#no-such-step)\n")
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "no-such-step" in result.stderr


def test_a_broken_link_fails_the_build(project_copy: Path, tmp_path: Path):
    append(project_copy / "docs" / "index.md", "\n[Broken](outlook/nowhere.md)\n")
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "nowhere.md" in result.stderr


def test_a_missing_include_fails_the_build(project_copy: Path, tmp_path: Path):
    append(project_copy / "docs" / "outlook" / "imap.md", "\n{!steps/no-such-step.md!}\n")
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "no-such-step.md" in result.stderr


def test_a_bad_host_name_in_the_data_file_fails_the_build(project_copy: Path, tmp_path: Path):
    data = project_copy / "data" / "providers.yml"
    data.write_text(data.read_text().replace("smtps.pec.aruba.it", "smtps pec aruba"))
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "is not a host name" in result.stderr


def test_an_unknown_settings_block_fails_the_build(project_copy: Path, tmp_path: Path):
    append(project_copy / "docs" / "index.md", "\n[[pec-settings sideways]]\n")
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "sideways" in result.stderr
