"""Benchmarks with budgets (`make bench`): each prints its figures, one line per budget
saying `ok` or `OVER BUDGET`, and exits non-zero when it misses one."""


class Budgets:
    """The budget lines of one benchmark, and whether any was missed."""

    def __init__(self) -> None:
        self.missed = 0

    def check(self, name: str, value: str, ok: bool) -> None:
        self.missed += not ok
        print(f"{name:<44} {value:>12}   {'ok' if ok else 'OVER BUDGET'}")

    def exit_code(self) -> int:
        return 1 if self.missed else 0
