"""One SQLite writer at a time per process, served in arrival order.

SQLite lets one connection write at a time; the others wait in its busy handler, which polls
with sleeps of up to 100 ms. Under load that leaves the database idle between writers while
they sleep, and it is unfair: a writer can lose every race until its busy timeout runs out
("database is locked", a 500). Within one process the writers queue here instead: a write
statement (or BEGIN IMMEDIATE) waits its turn in a first-come-first-served queue, and the
turn passes on at the transaction's commit or rollback. Reads are not gated (WAL readers
never wait for the writer).

Between processes on one database file (`setter serve --workers N`, a CLI command beside the
server) the holder of a process's gate also takes an exclusive `flock` on a file beside the
database (`ProcessLock`), polled every 0.1 to 1 ms instead of SQLite's sleeps of up to 100 ms.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from typing import Any

from bot.fair import FairSemaphore

# Statements that take SQLite's write lock (the driver opens a transaction before DML).
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "CREATE", "DROP", "ALTER")


POLL_FIRST_S = 0.0001  # a process waiting for another's write polls after 0.1 ms, then less
POLL_MAX_S = 0.001  # often, up to every 1 ms (a chat turn holds the lock for about 0.9 ms)


class ProcessLock:
    """An exclusive lock among processes: `flock` on a file kept open (1.5 us to take and
    give back here). The maintained libraries open and close the file each time: filelock
    4.3 took 156-190 us, fasteners 0.20 58 us, portalocker 4.4 42 us per take and give back,
    measured on this machine (a chat turn took 3.9 ms in process). `flock` has no timeout, so a
    wait polls."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def acquire(self, timeout: float) -> bool:
        """Take the lock, waiting up to `timeout` seconds; False if it did not come."""
        delay, deadline = POLL_FIRST_S, time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
            time.sleep(delay)
            delay = min(delay * 2, POLL_MAX_S)

    def release(self) -> None:
        """Give the lock back."""
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def __del__(self) -> None:
        if hasattr(self, "_fd"):
            os.close(self._fd)


class FairLock(FairSemaphore):
    """One holder at a time, waiters served in arrival order (threading.Lock lets anyone win);
    with a `ProcessLock`, also one holder among the processes sharing its file."""

    def __init__(self, across: ProcessLock | None = None) -> None:
        super().__init__(1)
        self.across = across
        self._across_held = False  # (only the holder reads or sets it)

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for this process's turn, then for the other
        processes' writer (another `timeout` at most: after that SQLite's own lock decides).
        False if this process's turn did not come."""
        if not super().acquire(timeout):
            return False
        self._across_held = self.across is not None and self.across.acquire(timeout)
        return True

    def release(self) -> None:
        """Let the other processes' writers in, then the next of this process's."""
        if self._across_held:
            self._across_held = False
            assert self.across is not None
            self.across.release()
        super().release()


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(WRITES)


class GatedConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions take the process's gate first.

    Pass as `factory=` to sqlite3.connect; the gate is set by `gate_connection`. A wait for
    the gate longer than the busy timeout goes ahead ungated (SQLite's own lock decides, as
    it would without the gate), so the gate can never deadlock a caller."""

    gate: FairLock | None = None
    gate_timeout: float = 10.0
    _holding = False

    def cursor(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # type: ignore[override]
        """A cursor that takes the gate before a write."""
        return super().cursor(GatedCursor)

    def take_gate(self, statement: str) -> None:
        """Wait for the gate before a write statement (no-op when already holding it)."""
        if self.gate is not None and not self._holding and _is_write(statement):
            self._holding = self.gate.acquire(self.gate_timeout)

    def settle(self) -> None:
        """Pass the gate on once no transaction is open (after commit, rollback, DDL)."""
        if self._holding and not self.in_transaction:
            self._holding = False
            assert self.gate is not None
            self.gate.release()

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self.settle()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self.settle()

    def close(self) -> None:
        """Close (an open transaction is rolled back by SQLite) and pass the gate on."""
        try:
            super().close()
        finally:
            if self._holding and self.gate is not None:
                self._holding = False
                self.gate.release()


class GatedCursor(sqlite3.Cursor):
    """Takes its connection's gate before a write statement."""

    connection: GatedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> GatedCursor:  # type: ignore[override]
        """Execute, gated when it writes."""
        self.connection.take_gate(sql)
        try:
            super().execute(sql, parameters)
        finally:
            self.connection.settle()  # a write outside a transaction (DDL) ends here
        return self

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> GatedCursor:  # type: ignore[override]
        """Execute many, gated when it writes."""
        self.connection.take_gate(sql)
        try:
            super().executemany(sql, seq_of_parameters)
        finally:
            self.connection.settle()
        return self


def gate_connection(dbapi_connection: Any, gate: FairLock, timeout: float) -> None:
    """Attach the process's gate to a new connection (a no-op for other connection types)."""
    if isinstance(dbapi_connection, GatedConnection):
        dbapi_connection.gate = gate
        dbapi_connection.gate_timeout = timeout
