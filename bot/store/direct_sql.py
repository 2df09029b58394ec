"""Fixed statements run straight on the DBAPI cursor of the session's connection.

A turn runs a dozen small statements. Through `Connection.execute` each costs about as much
Python as the database's own work: an execution context, the compiled parameters, the bind
processors looked up per value, a result object. The statements here never change, so
their SQL is compiled once per dialect and set of parameter names, with a plan of where each
DBAPI parameter comes from and how it is processed. Executing one is then: the values
through the same bind processors SQLAlchemy would use (so rows are stored byte for byte as
before and read back the same), one `cursor.execute` on the session's own connection (in its
transaction, and on SQLite through the write gate of `sqlite_gate`), and result rows through
the same result processors. Errors are raised as SQLAlchemy raises them (wrapped, and a lost
connection invalidated). A statement whose compiled form needs anything more (Python-side
defaults, expanding parameters) is left to `Connection.execute`.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session

Processor = Callable[[Any], Any] | None
InTransaction = Session | Connection  # an ORM session, or a Core connection in a transaction
HELD = "held_writes"  # session.info: writes `bot.store.held_writes` holds, to send first
T = TypeVar("T")


class _Key:
    """Stands for a caller's parameter while a plan is made (see `_plan`)."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


@dataclass
class _Plan:
    """One statement compiled for one dialect and one set of parameter names."""

    sql: str
    compiled: SQLCompiler
    positional: bool
    # per DBAPI parameter: its name for the driver, the caller's key (None: a fixed value), the
    # fixed value, the bind processor
    slots: tuple[tuple[str, str | None, Any, Processor], ...]
    returns_rows: bool
    row_type: Any = None
    result_processors: list[Processor] | None = field(default=None)


class Fixed:
    """A statement built once and run with parameters only (see the module's docstring)."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._plans: dict[tuple[Dialect, frozenset[str]], _Plan | None] = {}

    def plan(self, dialect: Dialect, keys: frozenset[str]) -> _Plan | None:
        """The plan for `dialect` and these parameter names (None: run by SQLAlchemy)."""
        try:
            return self._plans[dialect, keys]
        except KeyError:
            plan = self._plans[dialect, keys] = _plan(self.statement, dialect, keys)
            return plan


def _plan(statement: ClauseElement, dialect: Dialect, keys: frozenset[str]) -> _Plan | None:
    # compiled as Connection.execute compiles it for one row of parameters
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys))
    assert isinstance(compiled, SQLCompiler)
    if (compiled.insert_prefetch or compiled.update_prefetch or compiled.literal_execute_params
            or compiled.post_compile_params or compiled.schema_translate_map):
        return None
    # which DBAPI parameter takes which caller's key: asked of the compiled statement itself
    params = compiled.construct_params({key: _Key(key) for key in keys}, escape_names=False)
    names = compiled.positiontup if compiled.positional else list(params)
    escaped = compiled.escaped_bind_names or {}
    processors = compiled._bind_processors
    slots = []
    for name in names or ():
        value = params[name]
        key = value.key if isinstance(value, _Key) else None
        slots.append((escaped.get(name, name), key, None if key else value, processors.get(name)))
    columns = compiled._result_columns
    row_type = namedtuple("Row", [c.keyname for c in columns], rename=True) if columns else None  # type: ignore[misc]  # noqa: PYI024
    return _Plan(compiled.string, compiled, compiled.positional, tuple(slots), bool(columns), row_type)


def _arguments(plan: _Plan, params: Mapping[str, Any]) -> Any:
    # as DefaultExecutionContext._init_compiled: every value through its processor, None too
    values = [(params[key] if key is not None else fixed) if process is None
              else process(params[key] if key is not None else fixed)
              for _name, key, fixed, process in plan.slots]
    if plan.positional:
        return tuple(values)
    return {slot[0]: value for slot, value in zip(plan.slots, values, strict=True)}


def _rows(plan: _Plan, dialect: Dialect, cursor: Any, raw: list[Any] | None) -> list[Any]:
    fetched = cursor.fetchall()
    if raw is not None:  # the driver's rows as they came, unprocessed
        raw.extend(fetched)
    if plan.result_processors is None:  # per the driver's column types (PostgreSQL's OIDs)
        plan.result_processors = [
            column.type._cached_result_processor(dialect, description[1])
            for column, description in zip(plan.compiled._result_columns, cursor.description,
                                           strict=True)]
    processors = plan.result_processors
    make = plan.row_type._make
    if not any(processors):
        return [make(row) for row in fetched]
    return [make([value if process is None else process(value)
                  for process, value in zip(processors, row, strict=True)])
            for row in fetched]


def execute(session: InTransaction, statement: Fixed, params: Mapping[str, Any], *,
            raw: list[Any] | None = None) -> list[Any]:
    """Run `statement` with `params` in the session's (or Core connection's) transaction; its
    result rows (named tuples, values as SQLAlchemy returns them), [] for a statement without
    rows. `raw`: a list the driver's own rows are added to as well (see `fetch_raw`)."""
    if isinstance(session, Connection):
        connection = session
    else:
        if session.info.get(HELD):  # writes held for one statement go first, in order
            from bot.store import held_writes  # noqa: PLC0415 - it builds on this module

            held_writes.send(session)
        connection = connection_of(session)
    plan = statement.plan(connection.dialect, frozenset(params))
    if plan is None:
        assert raw is None, "raw rows need a plan"
        return _by_sqlalchemy(connection, statement, params)
    return run_arguments(connection, plan, _arguments(plan, params), raw=raw)


def _by_sqlalchemy(connection: Connection, statement: Fixed,
                   params: Mapping[str, Any]) -> list[Any]:
    result = connection.execute(statement.statement, params)  # type: ignore[call-overload]
    return list(result) if result.returns_rows else []


def fetch_raw(connection: Connection, statement: Fixed, params: Mapping[str, Any]) -> list[Any]:
    """The rows of `statement` as the driver returns them (no result processors, no JSON
    parsed): to compare cheaply with the `raw` rows of an earlier `execute` of it."""
    plan = statement.plan(connection.dialect, frozenset(params))
    assert plan is not None and plan.returns_rows, "raw rows need a plan that returns rows"
    fetched: list[Any] = []
    run_arguments(connection, plan, _arguments(plan, params), raw=fetched, process=False)
    return fetched


@dataclass(frozen=True)
class Ready:
    """A statement with its driver's arguments built (every value through its bind
    processor), to be executed later by `run_ready` with no more Python work than that."""

    statement: Fixed
    params: Mapping[str, Any]
    plan: _Plan | None
    arguments: Any


def ready(connection: Connection, statement: Fixed, params: Mapping[str, Any]) -> Ready:
    """`statement` with `params`, made ready to run on `connection` (see `Ready`)."""
    plan = statement.plan(connection.dialect, frozenset(params))
    return Ready(statement, params, plan, None if plan is None else _arguments(plan, params))


def run_ready(connection: Connection, item: Ready) -> list[Any]:
    """Execute a `Ready` statement on the connection, as `execute` would have."""
    if item.plan is None:
        return _by_sqlalchemy(connection, item.statement, item.params)
    return run_arguments(connection, item.plan, item.arguments)


def connection_of(session: Session) -> Connection:
    """`session.connection()`, remembered for the session's transaction: asking the session
    each time costs more than building a statement's parameters (a turn asks a dozen times)."""
    transaction = session.get_transaction()
    remembered = session.info.get("direct_sql_connection")
    if transaction is not None and remembered is not None and remembered[0] is transaction \
            and transaction.is_active:
        return remembered[1]  # type: ignore[no-any-return]
    connection = session.connection()
    session.info["direct_sql_connection"] = (session.get_transaction(), connection)
    return connection


def run_arguments(connection: Connection, plan: _Plan, arguments: Any, *,
                  raw: list[Any] | None = None, process: bool = True) -> list[Any]:
    """Execute a plan on the connection's DBAPI cursor with the driver's arguments built
    (`execute`, `run_ready`); `raw` and `process=False` as for `fetch_raw`."""
    cursor = _cursor(connection)
    try:
        cursor.execute(plan.sql, arguments)
        if not plan.returns_rows:
            rows = []
        elif process:
            rows = _rows(plan, connection.dialect, cursor, raw)
        else:
            rows = []
            assert raw is not None
            raw.extend(cursor.fetchall())
    except Exception as error:  # raised as Connection.execute raises it (and may invalidate)
        connection.connection.info.pop(_CURSOR, None)  # the handler closes the cursor
        connection._handle_dbapi_exception(error, plan.sql, arguments, cursor, None)
    return rows


_CURSOR = "direct_sql_cursor"


def _cursor(connection: Connection) -> Any:
    """The DBAPI connection's cursor for plans, made once and kept in the pool's `info` of that
    connection (SQLAlchemy discards it with the connection, after a reconnect too), instead of
    a fresh cursor per statement, which psycopg sets up anew (callgrind, PostgreSQL, a start
    and five turns: 2.2 % fewer instructions). A connection serves one thread at a time, and
    each statement's results are read before the next one runs."""
    info = connection.connection.info
    cursor = info.get(_CURSOR)
    if cursor is None:
        cursor = info[_CURSOR] = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    return cursor


def persistent(session: Session, cls: type[T], values: Sequence[Any], *, attach: bool = True) -> T:
    """An ORM object of `cls` from its table's column values in column order (as a query
    returns them), in the session as if a query had loaded it: no history, so only later
    changes are flushed. For a session that does not hold the row yet. `attach=False`: left
    out of the session (detached, with its identity), for a caller that writes the row itself
    (`turn_sql.hold_changes`): the session then has nothing to flush or to take it out of."""
    mapper = inspect(cls)
    instance = mapper.class_manager.new_instance()  # as the ORM's loading makes it
    instance.__dict__.update(zip(_keys(mapper), values, strict=True))
    make_transient_to_detached(instance)  # the identity from the primary key; loaded state
    if attach:
        session.add(instance)
    return instance  # type: ignore[no-any-return]


def created(cls: type[T], values: Mapping[str, Any]) -> T:
    """A new ORM object of `cls` (not in any session yet): its columns' defaults with `values`
    over them, made as `persistent` makes a loaded one. SQLModel's constructor asks
    `inspect.signature` of every default factory, on every object (a new lead took 0.18 ms,
    a new conversation 0.16 ms, at each conversation start); the defaults are the same."""
    fields = cls.model_fields  # type: ignore[attr-defined]
    mapper = inspect(cls)
    instance = mapper.class_manager.new_instance()
    row = {}
    for key in _keys(mapper):
        if key in values:
            row[key] = values[key]
            continue
        field = fields[key]
        if field.default_factory is not None:
            row[key] = field.default_factory()
        elif field.is_required():
            raise TypeError(f"{cls.__name__}.{key} is required")
        else:
            row[key] = field.default
    instance.__dict__.update(row)
    return instance  # type: ignore[no-any-return]


_KEYS: dict[Any, list[str]] = {}


def _keys(mapper: Any) -> list[str]:
    """The mapped attribute names of the table's columns, in column order."""
    keys = _KEYS.get(mapper)
    if keys is None:
        by_column = {prop.columns[0]: prop.key for prop in mapper.column_attrs}
        keys = _KEYS[mapper] = [by_column[c] for c in mapper.local_table.columns]
    return keys
