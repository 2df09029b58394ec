"""What extraction found in each message, remembered in the process, so that a turn reads only
the lead's newest message instead of the whole conversation again.

A message's candidates depend only on the messages before it in the window read (stored
messages never change), so they are remembered by (first message of the window, message).
A turn that finds nothing remembered (another worker answered the previous turn, or the
process restarted) reads the whole window, as without this memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence

from bot import extract
from bot.types import Candidate, Message

MEMORY_SIZE = 20_000  # messages remembered (a few hundred bytes each)


class ExtractionMemory:
    """Candidates per message read before, least recently used forgotten first."""

    def __init__(self, size: int = MEMORY_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], tuple[Candidate, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def extract(self, window: Sequence[Message]) -> list[Candidate]:
        """`extract.extract(window)`, reading only the messages not read before."""
        if not window or any(m.id is None or m.at is None for m in window):
            return extract.extract(window, window[-1].at if window else None)
        first = str(window[0].id)
        keys = [(first, str(m.id)) for m in window]
        with self._lock:
            known = {i: self._items[key] for i, key in enumerate(keys)
                     if window[i].role != "bot" and key in self._items}
            for key in (keys[i] for i in known):
                self._items.move_to_end(key)
        found = extract.extract(window, window[-1].at, known=known)
        by_index: dict[int, list[Candidate]] = defaultdict(list)
        for candidate in found:
            by_index[candidate.message_index].append(candidate)
        with self._lock:
            for i, key in enumerate(keys):
                if window[i].role != "bot" and i not in known:
                    self._items[key] = tuple(by_index.get(i, ()))
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return found

    def clear(self) -> None:
        """Forget everything (as a new process would)."""
        with self._lock:
            self._items.clear()


MEMORY = ExtractionMemory()
