"""What is installed is what was tested: each lock (requirements.txt for the site,
requirements-tools.txt for pip-tools, which makes them) pins every package, dependencies
included, with its hashes, is the one compiled from its .in file, and `make` refuses to
install a lock that its .in file no longer matches."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tools import lock
from tools.site import ROOT

LOCKS = [("requirements.in", "requirements.txt"), ("requirements-tools.in", "requirements-tools.txt")]
# One package of a lock: `name==version \` then its `--hash=sha256:…` lines.
PINNED = re.compile(r"^(?P<name>[a-z0-9][a-z0-9._-]*)==(?P<version>\S+) \\\n(?P<hashes>(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
                    re.MULTILINE)


def pins(lock_file: Path) -> dict[str, str]:
    return {m["name"]: m["version"] for m in PINNED.finditer(lock_file.read_text())}


def requirements(source: Path) -> list[Requirement]:
    lines = (lock.COMMENT.sub("", line).strip() for line in source.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


@pytest.mark.parametrize("source, lock_file", LOCKS)
def test_each_lock_is_compiled_from_its_requirements(source, lock_file):
    assert lock.problem(ROOT / source, ROOT / lock_file) is None


@pytest.mark.parametrize("source, lock_file", LOCKS)
def test_every_package_is_pinned_with_its_hashes(source, lock_file):
    """Every requirement line of the lock is a pin followed by hashes: nothing unpinned,
    no option that would fetch from elsewhere."""
    text = (ROOT / lock_file).read_text()
    rest = PINNED.sub("", text)
    stray = [line for line in rest.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not stray, f"{lock_file} has lines that are not a pin with its hashes: {stray}"
    assert pins(ROOT / lock_file)


@pytest.mark.parametrize("source, lock_file", LOCKS)
def test_the_lock_satisfies_every_requirement(source, lock_file):
    locked = pins(ROOT / lock_file)
    for requirement in requirements(ROOT / source):
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in locked, f"{lock_file} does not lock {requirement.name}"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock_file} locks {name}=={locked[name]}, outside {requirement}")


def test_the_second_engine_is_locked():
    """ProperDocs builds the site too (tests/test_engines.py): it is locked like MkDocs."""
    assert {"mkdocs", "properdocs", "mkdocs-material"} <= pins(ROOT / "requirements.txt").keys()


def test_a_reworded_comment_needs_no_new_lock(tmp_path: Path):
    source, lock_file = tmp_path / "requirements.in", tmp_path / "requirements.txt"
    shutil.copy(ROOT / "requirements.in", source)
    shutil.copy(ROOT / "requirements.txt", lock_file)
    source.write_text("# A new first comment.\n\n" + source.read_text().replace("\n", "  # why\n", 3))
    assert lock.problem(source, lock_file) is None


def make_copy(tmp_path: Path) -> Path:
    """What `make`'s install target reads, in a folder of its own."""
    copy = tmp_path / "project"
    (copy / "tools").mkdir(parents=True)
    for name in ("Makefile", "requirements.in", "requirements.txt", "requirements-tools.in",
                 "requirements-tools.txt"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("__init__.py", "lock.py"):
        shutil.copy(ROOT / "tools" / name, copy / "tools" / name)
    return copy


@pytest.mark.parametrize("edit", ["a new requirement", "a changed version", "a lock that says nothing of its source"])
def test_make_refuses_a_lock_that_no_longer_matches(tmp_path: Path, edit):
    copy = make_copy(tmp_path)
    source, lock_file = copy / "requirements.in", copy / "requirements.txt"
    if edit == "a new requirement":
        source.write_text(source.read_text() + "rich>=13\n")
    elif edit == "a changed version":
        source.write_text(source.read_text().replace("mkdocs==1.6.1", "mkdocs==1.6.0"))
    else:
        lock_file.write_text("\n".join(line for line in lock_file.read_text().splitlines()
                                       if not lock.STAMP.match(line)) + "\n")
    result = subprocess.run(["make", "--no-print-directory", ".venv/.installed"], cwd=copy,
                            capture_output=True, text=True)
    assert result.returncode != 0, f"make installed a lock after {edit}"
    assert "run `make lock`" in result.stderr
    assert not (copy / ".venv").exists(), "make began installing before refusing"


def test_make_lock_writes_the_stamp_make_checks(tmp_path: Path):
    """`make lock`'s last step is the one `make`'s check reads: a lock stamped from a
    changed requirements file passes it (pip-compile itself is not run here)."""
    copy = make_copy(tmp_path)
    source, lock_file = copy / "requirements.in", copy / "requirements.txt"
    source.write_text(source.read_text().replace("mkdocs==1.6.1", "mkdocs>=1.6.1,<1.7"))
    assert lock.problem(source, lock_file)
    dry_run = subprocess.run(["make", "-n", "lock"], cwd=copy, capture_output=True, text=True)
    stamp = next(line for line in dry_run.stdout.splitlines()
                 if "tools.lock stamp requirements.in requirements.txt" in line)
    subprocess.run(stamp, shell=True, cwd=copy, check=True)
    assert lock.problem(source, lock_file) is None
