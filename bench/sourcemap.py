"""Names a place in Material's minified bundle by its place in Material's own sources, from
the source map its package ships (`bundle.*.min.js.map`), so a trace says
`components/palette/index.ts:186` where the bundle says `(anonymous)`."""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import json
from pathlib import Path

BASE64 = {char: value for value, char in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _numbers(segment: str) -> list[int]:
    """One segment of the map's `mappings`: base64 VLQ numbers, sign in the lowest bit."""
    numbers, value, shift = [], 0, 0
    for char in segment:
        digit = BASE64[char]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        numbers.append(-(value >> 1) if value & 1 else value >> 1)
        value, shift = 0, 0
    return numbers


class SourceMap:
    """Generated line and column (0-based) to original source and line (source map v3)."""

    def __init__(self, path: Path):
        data = json.loads(path.read_text())
        self.sources = [source.split("javascripts/")[-1] for source in data["sources"]]
        self.lines: list[tuple[list[int], list[tuple[int, int]]]] = []
        source = line = column = 0
        for generated in data["mappings"].split(";"):
            columns, places, generated_column = [], [], 0
            for segment in filter(None, generated.split(",")):
                numbers = _numbers(segment)
                generated_column += numbers[0]
                if len(numbers) >= 4:
                    source, line, column = source + numbers[1], line + numbers[2], column + numbers[3]
                    columns.append(generated_column)
                    places.append((source, line))
            self.lines.append((columns, places))

    def where(self, line: int, column: int) -> str | None:
        if not 0 <= line < len(self.lines):
            return None
        columns, places = self.lines[line]
        index = bisect.bisect_right(columns, column) - 1
        if index < 0:
            return None
        source, original = places[index]
        return f"{self.sources[source]}:{original + 1}"


@functools.cache
def material(bundle: str) -> SourceMap | None:
    """The map of Material's bundle of that file name, from the installed theme."""
    path = importlib.resources.files("material") / "templates" / "assets" / "javascripts" / f"{bundle}.map"
    return SourceMap(Path(str(path))) if path.is_file() else None
