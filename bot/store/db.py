"""Engine creation and migrations for SQLite (WAL) and PostgreSQL."""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, create_engine

from bot.store import json_text
from bot.store.checkpoints import AUTOCHECKPOINT_PAGES
from bot.store.sqlite_gate import FairLock, GatedConnection, ProcessLock, gate_connection

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"
PING_AFTER_IDLE_S = 5.0  # a pooled PostgreSQL connection idle longer is checked before use
BUSY_TIMEOUT_S = 10.0  # how long a SQLite writer waits in SQLite's busy handler (other processes)
GATE_TIMEOUT_S = 30.0  # how long it waits for its turn among this process's writers
_GATES: WeakKeyDictionary[Engine, FairLock] = WeakKeyDictionary()  # SQLite engine -> its gate


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()  # (busy_timeout is read at call time: tests shorten it)
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # freed space (deleted rows, old versions of updated rows) is zeroed, so that an erased
    # lead's data cannot be read from the file's free pages (see bot.privacy.erase)
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    # a served app checkpoints in the background (bot.store.checkpoints), not in a commit
    cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cursor.close()


# JSON columns' text, both stores (see bot.store.json_text)
_JSON: dict[str, Any] = {"json_serializer": json_text.dumps}


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder, WAL mode and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if _is_file(database):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30,
                                                  "factory": GatedConnection}, **_JSON)
        # writers queue here, not in SQLite's busy handler; other processes' too, for a file
        across = ProcessLock(f"{database}-writer.lock") if _is_file(database) else None
        gate = _GATES[engine] = FairLock(across)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect",
                     lambda dbapi_connection, _record: gate_connection(dbapi_connection, gate,
                                                                       GATE_TIMEOUT_S))
        return engine
    if parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg"))
    _parse_statements_once()
    engine = create_engine(url, pool_size=10, max_overflow=20, **_JSON)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _is_file(database: str) -> bool:
    """Whether a SQLite URL's database is a file (not in memory)."""
    return bool(database) and database != ":memory:" and not database.startswith("file::memory:")


PARSED_PARAMS_KEPT = 1_000  # parameters of a statement whose parsed form psycopg keeps


def _parse_statements_once() -> None:
    """Let psycopg keep the parsed form of statements with up to `PARSED_PARAMS_KEPT`
    parameters, not 50. psycopg finds a statement's placeholders with a regular expression
    and keeps the result per statement text (an LRU of 128) only for statements of at most
    4 KB and 50 parameters, against ORMs' one-off bulk INSERTs. A turn's held writes on
    PostgreSQL are one statement of 2-3 KB with more parameters (`held_writes`), of a few
    shapes that recur every turn: parsed anew each time (in process, in half the requests,
    0.4 ms each in a slow hour). The limit is a private constant of
    psycopg; if it is gone, nothing is changed."""
    try:
        from psycopg import _queries  # noqa: PLC0415 - only with PostgreSQL
    except ImportError:
        return
    if isinstance(getattr(_queries, "MAX_CACHED_STATEMENT_PARAMS", None), int):
        _queries.MAX_CACHED_STATEMENT_PARAMS = max(_queries.MAX_CACHED_STATEMENT_PARAMS,
                                                   PARSED_PARAMS_KEPT)


def write_gate(engine: Engine) -> FairLock | None:
    """The queue this process's writers to a SQLite engine wait in; None for PostgreSQL (its
    writers never wait for the whole database)."""
    return _GATES.get(engine)


def on_this_host(engine: Engine) -> bool:
    """Whether the database answers from this machine: SQLite, or PostgreSQL over a Unix
    socket or a loopback address (a round trip then costs tens of microseconds, not a network's
    milliseconds). Only the URL is read; nothing is contacted."""
    return _url_on_this_host(engine.url)


@lru_cache(maxsize=16)
def _url_on_this_host(url: URL) -> bool:
    if url.get_backend_name() == "sqlite":
        return True
    # no host in the URL: libpq takes PGHOST, else its Unix socket
    hosts = url.query.get("host") or url.host or os.environ.get("PGHOST", "")
    for host in [hosts] if isinstance(hosts, str) else hosts:
        for name in host.split(","):
            if name and not name.startswith("/") and not _loopback(name.strip("[]")):
                return False
    return True


def _loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name.lower() == "localhost"


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Check a pooled connection before use if it sat idle for a while (the server may have
    restarted or dropped it): SQLAlchemy's pool_pre_ping, without its round trip on every
    checkout of a busy pool. A dead connection is replaced by a fresh one."""
    idle_since = record.info.get("checked_in_at")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        alive = proxy._pool._dialect.do_ping(dbapi_connection)
    except Exception as exc:  # noqa: BLE001 - any failure: the pool reconnects
        raise DisconnectionError("pooled connection is gone") from exc
    if not alive:
        raise DisconnectionError("pooled connection is gone")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations and this engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Apply every pending migration (idempotent; safe to run on every start)."""
    command.upgrade(alembic_config(engine), "head")


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One migrated engine per database URL per process."""
    engine = make_engine(url)
    migrate(engine)
    log.info("database ready: %s", engine.url.render_as_string(hide_password=True))
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
