"""The build really is strict: a broken link, anchor, include or data value fails it."""

from pathlib import Path

import pytest

from tools.site import build_site, copy_project

# (what breaks, file in the copy, text to append or (old, new) to replace, what the error names)
BREAKAGES = [
    ("broken anchor", "docs/index.md", "\n[x](outlook/imap.md#no-such-step)\n", "no-such-step"),
    ("broken link", "docs/index.md", "\n[x](outlook/nowhere.md)\n", "nowhere.md"),
    ("missing include", "docs/outlook/imap.md", "\n{!steps/no-such-step.md!}\n", "no-such-step.md"),
    ("bad host name", "data/providers.yml", ("smtps.pec.aruba.it", "smtps pec aruba"),
     "is not a host name"),
    ("unknown settings block", "docs/index.md", "\n[[pec-settings sideways]]\n", "sideways"),
]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_the_copy_builds_as_it_is(project_copy: Path, tmp_path: Path):
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("what, file, edit, error", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_a_breakage_fails_the_build(project_copy: Path, tmp_path: Path, what, file, edit, error):
    path = project_copy / file
    text = path.read_text()
    path.write_text(text.replace(*edit) if isinstance(edit, tuple) else text + edit)
    assert path.read_text() != text
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0, f"a {what} did not fail the build"
    assert error in result.stderr
