"""Find the line of a key in TOML text, so that config errors can name it."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*([A-Za-z0-9_\-."' ]+?)\s*=""")


def _split_key(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in raw.split("."))


def _index_lines(text: str) -> dict[Path, int]:
    """Map every table header and key path in `text` to its 1-based line number."""
    found: dict[Path, int] = {}
    table: Path = ()
    arrays: dict[tuple[str, ...], int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            # a key's array spans several lines until its closing bracket
            in_multiline = line.count("]") < line.count("[") + 1
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_key(header.group(2))
            if header.group(1) == "[[":
                index = arrays.get(names, -1) + 1
                arrays[names] = index
                table = (*names, index)
            else:
                table = names
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault((*table, *_split_key(key.group(1))), number)
            value = line.split("=", 1)[1].split("#", 1)[0]
            in_multiline = value.count("[") > value.count("]")
    return found


def line_of(text: str, path: Path) -> int | None:
    """Return the line of `path` in `text`, else of its nearest enclosing table, else None."""
    found = _index_lines(text)
    for end in range(len(path), 0, -1):
        if path[:end] in found:
            return found[path[:end]]
    return None
