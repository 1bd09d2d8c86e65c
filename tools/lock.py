"""Ties each lock to the requirements it was compiled from, so that `make` refuses a lock
that no longer matches them instead of installing something nobody tested.

    python3 -m tools.lock stamp requirements.in requirements.txt   after pip-compile
    python3 -m tools.lock check requirements.in requirements.txt   before every install

`stamp` writes the fingerprint of the requirements into the lock's header; `check` exits
non-zero, saying what to run, when the requirements' fingerprint differs from the one the
lock carries. The fingerprint covers the requirements alone (comments and blank lines
aside), so rewording a comment needs no new lock. Standard library only: it runs with the
machine's Python, before any virtual environment exists.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

# pip's own rule for a comment in a requirements file: "#" at the start or after a space.
COMMENT = re.compile(r"(^|\s+)#.*$")
STAMP = re.compile(r"^# Compiled from (?P<source>\S+), fingerprint (?P<sha>[0-9a-f]{64})\.")


def fingerprint(requirements: Path) -> str:
    """sha256 of the requirement lines, stripped of comments and surrounding blanks."""
    lines = [COMMENT.sub("", line).strip() for line in requirements.read_text().splitlines()]
    return hashlib.sha256("\n".join(line for line in lines if line).encode()).hexdigest()


def stamp_line(requirements: Path) -> str:
    return (f"# Compiled from {requirements.name}, fingerprint {fingerprint(requirements)}. "
            "`make` refuses this lock once that file changes: run `make lock`.")


def stamp(requirements: Path, lock: Path) -> None:
    """Put the stamp after pip-compile's header (the comment lines it starts with)."""
    lines = [line for line in lock.read_text().splitlines() if not STAMP.match(line)]
    header = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    lines.insert(header, stamp_line(requirements))
    lock.write_text("\n".join(lines) + "\n")


def problem(requirements: Path, lock: Path) -> str | None:
    """Why `lock` is not the lock of `requirements`, or None when it is."""
    if not lock.exists():
        return f"{lock} is missing: run `make lock` to compile it from {requirements}."
    stamps = [m for m in map(STAMP.match, lock.read_text().splitlines()) if m]
    if not stamps:
        return (f"{lock} does not say what it was compiled from: run `make lock` to compile "
                f"it from {requirements}.")
    if stamps[0]["source"] != requirements.name or stamps[0]["sha"] != fingerprint(requirements):
        return (f"{lock} was compiled from another {requirements} than this one: run "
                f"`make lock` (keeps every version {requirements} still allows), then test.")
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("stamp", "check"):
        sys.stderr.write(__doc__)
        return 2
    requirements, lock = Path(argv[1]), Path(argv[2])
    if argv[0] == "stamp":
        stamp(requirements, lock)
        return 0
    found = problem(requirements, lock)
    if found:
        sys.stderr.write(f"lock: {found}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
