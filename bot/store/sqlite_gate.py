"""One SQLite writer at a time per process, served in arrival order.

SQLite lets one connection write at a time; the others wait in its busy handler, which polls
with sleeps of up to 100 ms. Under load that leaves the database idle between writers while
they sleep, and it is unfair: a writer can lose every race until its busy timeout runs out
("database is locked", a 500). Within one process the writers queue here instead: a write
statement (or BEGIN IMMEDIATE) waits its turn in a first-come-first-served queue, and the
turn passes on at the transaction's commit or rollback. Reads are not gated (WAL readers
never wait for the writer). Other processes on the same file still meet SQLite's own lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from typing import Any

# Statements that take SQLite's write lock (the driver opens a transaction before DML).
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "CREATE", "DROP", "ALTER")


class FairLock:
    """A lock handed to its waiters in arrival order (threading.Lock lets anyone win)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiters: deque[threading.Lock] = deque()

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the lock; False if it did not come."""
        with self._mutex:
            if not self._held and not self._waiters:
                self._held = True
                return True
            waiter = threading.Lock()
            waiter.acquire()
            self._waiters.append(waiter)
        if waiter.acquire(timeout=timeout):
            return True  # handed over by release(): the lock stays held, now by us
        with self._mutex:
            try:
                self._waiters.remove(waiter)
            except ValueError:  # handed over just as the wait ran out
                return True
            return False

    def release(self) -> None:
        """Pass the lock to the longest waiter, or free it."""
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._held = False


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
