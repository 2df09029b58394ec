"""SQLite's WAL checkpoints in a background thread of the serving process, off the turns' path.

In WAL mode every commit appends the pages it changed to the log, and by default the commit
that takes the log past 1,000 pages copies the log back into the database file (a
checkpoint) before it returns: on a chat turn that is 2 % of commits, but they take 5 ms
each, most of it waiting for the disk (the file is synced), and so 40 % of the time all
commits take. On the event loop that wait holds up every other request.

So SQLite's own trigger is raised to `AUTOCHECKPOINT_PAGES` on every connection (a safety
net: it fires only if nothing else checkpoints), and a served app runs `running_checkpoints`:
a thread with its own connection that runs a PASSIVE checkpoint every `BUSY_INTERVAL_S` while
the log grows and backs off to a second while it does not. A page that several turns changed
between two checkpoints is copied once: every 20 ms (about 7 turns at full load) the thread
took 0.13-0.15 ms of CPU per turn, every 100 ms 0.045-0.055 ms (bench_turns' wrk load, CPU
time of the thread, four runs each); the log then holds up to a tenth of a second of writes.
A PASSIVE checkpoint never waits for or blocks readers and writers; it copies what it can,
and the log starts over from its beginning once everything is copied. sqlite3 releases the
GIL while SQLite works, so the copying and the syncing run beside the requests, on the other
core.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

log = logging.getLogger(__name__)
AUTOCHECKPOINT_PAGES = 10_000  # SQLite's own trigger (default 1,000): about 40 MB of log
BUSY_INTERVAL_S = 0.1  # between checkpoints while the log grows
IDLE_INTERVAL_S = 1.0  # at most, while nothing is written


def file_of(engine: Engine) -> str | None:
    """The SQLite database file of `engine`; None for PostgreSQL or an in-memory database."""
    database = engine.url.database or ""
    if engine.dialect.name != "sqlite" or database in ("", ":memory:") or "mode=memory" in database:
        return None
    return database


@contextmanager
def running_checkpoints(engine: Engine) -> Iterator[None]:
    """Checkpoint the SQLite database of `engine` in the background while the block runs
    (nothing for PostgreSQL or an in-memory database)."""
    path = file_of(engine)
    if path is None:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=_checkpoint_loop, args=(path, stop),
                              name="sqlite-checkpoints", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def _checkpoint_loop(path: str, stop: threading.Event) -> None:
    try:
        connection = sqlite3.connect(path, check_same_thread=False)
    except sqlite3.Error:
        log.exception("WAL checkpoints: cannot open %s; SQLite checkpoints on its own", path)
        return
    wait, last = BUSY_INTERVAL_S, (0, 0)
    try:
        while not stop.wait(wait):
            state = checkpoint(connection)
            grew = state is not None and state != last
            wait = BUSY_INTERVAL_S if grew else min(wait * 2, IDLE_INTERVAL_S)
            last = state or last
    finally:
        connection.close()


def checkpoint(connection: sqlite3.Connection) -> tuple[int, int] | None:
    """One PASSIVE checkpoint: the pages in the log and how many of them are now in the
    database file (None if it failed; logged)."""
    try:
        _busy, logged, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        log.warning("WAL checkpoint failed; the next one tries again", exc_info=True)
        return None
    return int(logged), int(copied)
