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
from typing import Any

from bot.fair import FairSemaphore

# Statements that take SQLite's write lock (the driver opens a transaction before DML).
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "CREATE", "DROP", "ALTER")


class FairLock(FairSemaphore):
    """One holder at a time, waiters served in arrival order (threading.Lock lets anyone win)."""

    def __init__(self) -> None:
        super().__init__(1)


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
