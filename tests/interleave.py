"""A chat turn run at a chosen point inside another writer of the same lead."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from threading import Event
from typing import Any

import pytest

WRITER_WAITS_S = 1.0  # how long the writer waits for the turn (which may wait for the writer)


@contextmanager
def turn_inside(monkeypatch: pytest.MonkeyPatch, module: object, name: str,
                run_turn: Callable[[], object], *, after: bool = False,
                when: Callable[..., bool] = lambda *args, **kwargs: True) -> Iterator[None]:
    """While the block runs another writer of a lead: when the writer calls `module.name` (just
    before the call, or just after it with `after`; the first call whose arguments `when`
    accepts), `run_turn` runs in a second thread, and the writer goes on once the turn is
    over, or after WRITER_WAITS_S when the turn waits for the writer's lock. The turn's
    errors are raised at the end of the block."""
    reached, answered = Event(), Event()
    original = getattr(module, name)

    def hooked(*args: Any, **kwargs: Any) -> Any:
        if reached.is_set() or not when(*args, **kwargs):
            return original(*args, **kwargs)
        if not after:
            reached.set()
            answered.wait(timeout=WRITER_WAITS_S)
        result = original(*args, **kwargs)
        if after:
            reached.set()
            answered.wait(timeout=WRITER_WAITS_S)
        return result

    def chat() -> None:
        assert reached.wait(timeout=30), f"the writer never called {name}"
        try:
            run_turn()
        finally:
            answered.set()

    monkeypatch.setattr(module, name, hooked)
    with ThreadPoolExecutor(max_workers=1) as pool:
        done = pool.submit(chat)
        yield
        done.result(timeout=30)
