"""SQLite's log is copied into the database file by a background thread of the serving app,
not by the commit that happens to fill it (bot.store.checkpoints)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from bot.store.checkpoints import AUTOCHECKPOINT_PAGES, file_of, running_checkpoints
from bot.store.db import make_engine
from tests.conftest import make_services, make_settings

ROWS, ROW_BYTES = 2_500, 2_000  # about 5 MB: past SQLite's default trigger of 1,000 pages


def _write(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS blobs (x BLOB)"))
    for _ in range(0, ROWS, 500):  # several commits, as turns make them
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO blobs (x) VALUES (randomblob(:n))"),
                               [{"n": ROW_BYTES}] * 500)


def _file_grows(path: Path, size: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.stat().st_size >= size:
            return True
        time.sleep(0.02)
    return False


def test_commits_leave_the_log_to_the_background_thread(sqlite_engine: Engine) -> None:
    path = Path(str(file_of(sqlite_engine)))
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == AUTOCHECKPOINT_PAGES
    before = path.stat().st_size
    _write(sqlite_engine)  # 5 MB committed: all of it still in the log, none copied by a commit
    assert not _file_grows(path, before + ROWS * ROW_BYTES // 2, seconds=0.3)
    with running_checkpoints(sqlite_engine):
        assert _file_grows(path, before + ROWS * ROW_BYTES, seconds=10)
    with sqlite_engine.connect() as connection:  # and nothing was lost on the way
        assert connection.exec_driver_sql("SELECT count(*) FROM blobs").scalar() == ROWS


def test_the_served_app_checkpoints_while_it_runs(sqlite_engine: Engine) -> None:
    from web.app import create_app

    def running() -> bool:
        return any(t.name == "sqlite-checkpoints" for t in threading.enumerate())

    with TestClient(create_app(make_settings(), make_services(sqlite_engine))) as client:
        assert running()
        started = client.post("/api/v1/conversations", json={"lang": "de"})
        assert started.status_code == 201
    assert not running()


def test_nothing_to_checkpoint_in_memory_or_on_postgresql(tmp_path: Path) -> None:
    memory = make_engine("sqlite://")
    assert file_of(memory) is None
    assert file_of(make_engine(f"sqlite:///{tmp_path}/x.db")) == f"{tmp_path}/x.db"
    assert file_of(make_engine("postgresql://nobody@127.0.0.1:1/none")) is None
    with running_checkpoints(memory):  # no thread: nothing to copy
        assert not any(t.name == "sqlite-checkpoints" for t in threading.enumerate())
