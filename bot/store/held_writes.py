"""A chat turn's writes, held to the end of the turn: on PostgreSQL sent as one statement.

On PostgreSQL every statement of a turn is a round trip: about 50 µs of the worker's CPU
(psycopg's send, wait and result), the server's own work per statement, and with the
database across a network a network round trip with the conversation locked. Most of what a
turn writes is never read back in the turn: its facts, event, score snapshot and questions,
the reply, the lead message marked answered, the conversation and the lead updated. Inside
`holding`, such writes are held and sent together when the block ends, as one statement:
each write a data-modifying WITH query of the last (PostgreSQL checks foreign keys and unique
indexes of the whole statement as for separate ones, and rolls all of it back on an error).
`prepare` builds the statements and their driver arguments ahead of sending: a SQLite turn
does so before it takes the write lock, which it then holds only to run them.

What keeps this correct: held writes are sent before any other statement of the session, so
statements run in the order the code wrote them (through `direct_sql.execute`, and through the
ORM: `before_flush`, `do_orm_execute`). A WITH query does not see the rows another one of the
same statement inserts, so an UPDATE of a row held for INSERT is folded into that INSERT (no
statement read the row in between: it would have sent the INSERT). Only INSERTs that give
every column (no Python-side default to fill in) are held. PostgreSQL runs a statement's main
query first and then its WITH queries (last first, as measured), so the numbers a table's key
counts would come out of code order when two rows of it went in one statement: a table with a
counted key (events, snapshots, stage transitions, read in key order) has at most one INSERT
held; the next one sends the held writes first. SQLite has no round trips to save
and no data-modifying WITH queries: there the held writes are sent one by one, and what holding
saves is the UPDATEs folded into INSERTs (the lead's message is written answered at once) and
the rows of one table going as one INSERT (the lead's message and its reply).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Integer, Table, bindparam, event, insert, update
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.dml import Insert, Update
from sqlmodel import Session

from bot.store.direct_sql import HELD, Fixed, InTransaction, Ready, connection_of, ready, run_ready

HELD_TABLES = frozenset({"events", "score_snapshots", "stage_transitions", "lead_questions",
                         "facts", "messages", "conversations", "leads"})
_KEY = HELD  # session.info: the writes held, while `holding` runs


@dataclass(frozen=True)
class _Write:
    table: Table
    is_update: bool  # an UPDATE by id (`row_id` in params), else an INSERT
    params: dict[str, Any]


@contextmanager
def holding(session: Session) -> Iterator[None]:
    """Hold the block's writes to `HELD_TABLES` and send them when it ends, on PostgreSQL as
    one statement (nothing is sent if it raises: the transaction is rolled back anyway)."""
    if _KEY in session.info:
        yield
        return
    session.info[_KEY] = []
    try:
        yield
        send(session)
    finally:
        session.info.pop(_KEY, None)


def hold(session: InTransaction, table: Table, params: dict[str, Any], *, is_update: bool) -> bool:
    """Hold this INSERT (or UPDATE by `row_id`) if `holding` runs and the table's writes may
    wait; False: the caller executes it now."""
    held: list[Any] | None = session.info.get(_KEY) if isinstance(session, Session) else None
    if held is None or table.name not in HELD_TABLES or (held and isinstance(held[0], Ready)):
        return False  # (after `prepare`, a write goes now: after the prepared ones)
    if is_update:
        inserted = next((w for w in held if not w.is_update and w.table is table
                         and w.params.get("id") == params["row_id"]), None)
        if inserted is not None:  # nothing read the row since: it is inserted with these values
            inserted.params.update((k, v) for k, v in params.items() if k != "row_id")
            return True
    elif not _required(table) <= params.keys() or (_counts_keys(table) and any(
            w.table is table and not w.is_update for w in held)):
        return False  # (the second row of a counted key: in order, after the held ones)
    held.append(_Write(table, is_update, dict(params)))  # (an UPDATE may be folded into it)
    return True


def send(session: InTransaction) -> None:
    """Execute the held writes now: on PostgreSQL as one statement, on SQLite one by one,
    but the rows of one table (with the same columns) as one INSERT."""
    held: list[Any] | None = session.info.get(_KEY) if isinstance(session, Session) else None
    if not held:
        return
    assert isinstance(session, Session)
    prepare(session)
    statements = list(held)
    held.clear()
    connection = connection_of(session)
    for statement in statements:
        run_ready(connection, statement)


def prepare(session: Session) -> None:
    """Build the held writes' statements and driver arguments now, so that sending them is
    only their execution: for a turn that takes SQLite's write lock after this and before
    they are sent (`repo.confirm_unchanged`), which then holds the lock for less time.
    Writes after this one are not held (they go after these)."""
    held: list[Any] | None = session.info.get(_KEY)
    if not held or isinstance(held[0], Ready):
        return
    connection = connection_of(session)
    postgres = connection.dialect.name == "postgresql"
    statements = []
    for batch in [held] if postgres else _sqlite_batches(held):
        shape = tuple((w.table, w.is_update, tuple(w.params)) for w in batch)
        statement = _combined(shape) if postgres else _one_table(shape)
        statements.append(ready(connection, statement, {
            f"w{i}_{key}": value for i, w in enumerate(batch) for key, value in w.params.items()}))
    held[:] = statements


def _sqlite_batches(writes: list[_Write]) -> list[list[_Write]]:
    """SQLite has no data-modifying WITH queries (nor round trips): each write on its own,
    except that the INSERTs of one table with the same columns (a turn's lead message and
    reply, its facts) go together where the first was. Rows of different tables may be
    written in another order within the transaction: foreign keys are checked per
    statement, and a held row is never one a held UPDATE targets (that is folded)."""
    batches: list[list[_Write]] = []
    inserts: dict[tuple[Table, tuple[str, ...]], list[_Write]] = {}
    for write in writes:
        if write.is_update:
            batches.append([write])
            continue
        key = (write.table, tuple(write.params))
        if key in inserts:
            inserts[key].append(write)
        else:
            batches.append(inserts.setdefault(key, [write]))
    return batches


@event.listens_for(OrmSession, "do_orm_execute")
def _send_before_orm(state: ORMExecuteState) -> None:
    """An ORM statement in a holding session reads (or writes) after the held writes."""
    if state.session.info.get(_KEY):
        send(state.session)  # type: ignore[arg-type]


@event.listens_for(OrmSession, "before_flush")
def _send_before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    """The ORM's own writes (an autoflush, the commit's flush) come after the held ones."""
    if session.info.get(_KEY):
        send(session)  # type: ignore[arg-type]


@cache
def _required(table: Table) -> frozenset[str]:
    """The columns a held INSERT must give: all but an integer key the database counts."""
    return frozenset(c.key for c in table.columns if c.key not in _counted(table))


@cache
def _counts_keys(table: Table) -> bool:
    """Whether the database numbers the table's rows (an integer key it counts)."""
    return bool(_counted(table))


def _counted(table: Table) -> frozenset[str]:
    return frozenset(c.key for c in table.primary_key.columns
                     if isinstance(c.type, Integer) and c.autoincrement in (True, "auto"))


Shape = tuple[tuple[Table, bool, tuple[str, ...]], ...]


@lru_cache(maxsize=256)
def _combined(shape: Shape) -> Fixed:
    """One statement for writes of this shape: each but the last a WITH query of the last."""
    statements = [_statement(i, table, is_update, keys)
                  for i, (table, is_update, keys) in enumerate(shape)]
    last = statements[-1]
    if len(statements) > 1:
        last = last.add_cte(*(s.cte(f"w{i}") for i, s in enumerate(statements[:-1])))
    return Fixed(last)


@lru_cache(maxsize=256)
def _one_table(shape: Shape) -> Fixed:
    """One write, or several INSERTs into one table as one multi-row INSERT (SQLite)."""
    table, is_update, keys = shape[0]
    if len(shape) == 1:
        return Fixed(_statement(0, table, is_update, keys))
    return Fixed(insert(table).values([
        {key: bindparam(f"w{i}_{key}", type_=table.c[key].type) for key in keys}
        for i in range(len(shape))]))


def _statement(i: int, table: Table, is_update: bool, keys: tuple[str, ...]) -> Insert | Update:
    values = {key: bindparam(f"w{i}_{key}", type_=table.c[key].type)
              for key in keys if key != "row_id"}
    if is_update:
        row_id = bindparam(f"w{i}_row_id", type_=table.c.id.type)
        return update(table).where(table.c.id == row_id).values(values)
    return insert(table).values(values)
