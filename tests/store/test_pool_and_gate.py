"""The store under concurrent writers (SQLite's gate) and with dropped pooled connections."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.conversation import turn
from bot.store import db as store_db
from bot.store.db import make_engine, migrate
from bot.store.sqlite_gate import FairLock
from tests.conftest import make_services


def test_many_sqlite_writers_at_once_all_succeed(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers of one process queue for SQLite's one write lock in the gate, not in SQLite's
    busy handler: none fails with "database is locked" while a transaction holds the lock,
    even with SQLite's own wait switched off."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.0)  # SQLite alone would refuse at once
    engine = make_engine(f"sqlite:///{tmp_path}/gate.db")
    migrate(engine)
    svc = make_services(engine)
    holding = engine.connect()
    holding.exec_driver_sql("BEGIN IMMEDIATE")  # a long turn holds the write lock
    release = threading.Timer(0.5, holding.rollback)
    release.start()

    def start(_: int) -> str:
        return turn.start_conversation(svc, channel="web", lang="de", lead_fields={},
                                       context={}).conversation_id

    with ThreadPoolExecutor(max_workers=16) as pool:
        started = list(pool.map(start, range(48)))
    release.join()
    holding.close()
    assert len(set(started)) == 48
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from conversations")).scalar() == 48


def test_the_gate_serves_waiters_in_arrival_order() -> None:
    gate = FairLock()
    assert gate.acquire(timeout=1)
    order: list[int] = []
    arrived: list[threading.Event] = []
    threads = []
    for n in range(5):
        ready = threading.Event()
        arrived.append(ready)

        def wait(n: int = n, ready: threading.Event = ready) -> None:
            ready.set()
            assert gate.acquire(timeout=10)
            order.append(n)
            gate.release()

        thread = threading.Thread(target=wait)
        thread.start()
        ready.wait()
        threads.append(thread)
        threading.Event().wait(0.05)  # the waiter is queued before the next one arrives
    gate.release()
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3, 4]
    assert gate.acquire(timeout=0.1) and not _acquired_elsewhere(gate)


def _acquired_elsewhere(gate: FairLock) -> bool:
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(gate.acquire(timeout=0.05)))
    thread.start()
    thread.join()
    return result[0]


@pytest.mark.postgres
def test_a_pooled_connection_the_server_dropped_is_replaced(
        pg_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine: Engine = make_engine(pg_database)
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("select pg_backend_pid()")).scalar()
        with make_engine(pg_database).connect() as admin:
            admin.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
        monkeypatch.setattr(store_db, "PING_AFTER_IDLE_S", 0.0)  # it sat idle long enough
        with engine.connect() as conn:
            assert conn.execute(text("select pg_backend_pid()")).scalar() != pid
    finally:
        engine.dispose()
