"""What extraction found in each lead message, remembered so that a turn reads only the
lead's newest message instead of the whole conversation again.

A message's candidates depend only on the messages before it in the window read (stored
messages never change), so they can be reused while the window starts at the same message.
They are kept in two places:

- in the database, with the message (`messages.extracted`, written by its turn): any worker
  and a restarted process find them; kept only for windows that start at the conversation's
  first message, and only for the extractor that wrote them (a fingerprint of its code and
  model: after an upgrade, messages are read again);
- in the process (least recently used forgotten first), for windows that start later (long
  conversations) and for callers without stored rows.

A turn that finds nothing remembered reads the whole window, as without either.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from bot import extract
from bot.types import Candidate, Message

MEMORY_SIZE = 20_000  # messages remembered (a few hundred bytes each)
# window index -> a message's `extracted` (its JSON, or the JSON's text as stored)
Stored = Mapping[int, Mapping[str, Any] | str | None]


@cache
def fingerprint() -> str:
    """The extractor's identity: a hash of its source files and its learned model."""
    digest = hashlib.sha256()
    root = Path(extract.__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".npz", ".json")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def encode(candidates: Sequence[Candidate]) -> dict[str, Any]:
    """A message's candidates as JSON for `messages.extracted`."""
    return {"v": fingerprint(), "c": [
        [c.slot, dict(c.value), c.quote, c.span[0], c.span[1], c.confidence, c.source,
         sorted(c.flags)] for c in candidates]}


def decode(stored: Mapping[str, Any] | str | None, index: int) -> tuple[Candidate, ...] | None:
    """The candidates `encode` kept for the message at `index` (as JSON, or its text as
    stored); None if there are none or another extractor wrote them."""
    if isinstance(stored, str):  # parsed only if this extractor wrote it
        stored = _parsed(stored) if fingerprint() in stored else None
    if not isinstance(stored, Mapping) or stored.get("v") != fingerprint():
        return None
    try:
        return tuple(Candidate(slot=slot, value=value, quote=quote, message_index=index,
                               span=(start, end), confidence=confidence, source=source,
                               flags=frozenset(flags))
                     for slot, value, quote, start, end, confidence, source, flags in stored["c"])
    except (KeyError, TypeError, ValueError):  # not what encode writes: read the message again
        return None


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:  # not what encode writes: read the message again
        return None


class ExtractionMemory:
    """Candidates per message read before, least recently used forgotten first."""

    def __init__(self, size: int = MEMORY_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], tuple[Candidate, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def extract(self, window: Sequence[Message], stored: Stored | None = None) -> list[Candidate]:
        """`extract.extract(window)`, reading only the messages not read before; `stored`:
        the messages' `extracted` values, when the window starts at the conversation's start."""
        if not window or any(m.id is None or m.at is None for m in window):
            return extract.extract(window, window[-1].at if window else None)
        first = str(window[0].id)
        keys = [(first, str(m.id)) for m in window]
        known = self._known(window, keys, stored or {})
        found = extract.extract(window, window[-1].at, known=known)
        by_index: dict[int, list[Candidate]] = defaultdict(list)
        for candidate in found:
            by_index[candidate.message_index].append(candidate)
        with self._lock:
            for i, key in enumerate(keys):
                if window[i].role != "bot" and key not in self._items:
                    self._items[key] = tuple(by_index.get(i, ()))
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return found

    def _known(self, window: Sequence[Message], keys: list[tuple[str, str]],
               stored: Stored) -> dict[int, tuple[Candidate, ...]]:
        known: dict[int, tuple[Candidate, ...]] = {}
        with self._lock:
            for i, key in enumerate(keys):
                if window[i].role == "bot":
                    continue
                if key in self._items:
                    known[i] = self._items[key]
                    self._items.move_to_end(key)
                elif (kept := decode(stored.get(i), i)) is not None:
                    known[i] = kept
        return known

    def clear(self) -> None:
        """Forget everything (as a new process would)."""
        with self._lock:
            self._items.clear()


MEMORY = ExtractionMemory()
