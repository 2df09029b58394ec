"""Fixtures: a migrated database per test on SQLite, and on the local PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlmodel import SQLModel

import scoring
from bot.conversation.templates import TemplateResponder
from bot.conversation.wiring import Services
from bot.settings import Settings
from bot.store.db import make_engine, migrate

PG_ADMIN_URL = os.environ.get("SETTER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
API_KEY = "test-api-key-0123456789"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (migrating per test is slow)."""
    path = tmp_path_factory.mktemp("template") / "setter.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _pg_admin() -> Engine | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        return engine
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no PostgreSQL"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but PostgreSQL at {PG_ADMIN_URL} is unreachable: {exc}")
        return None


@contextmanager
def fresh_pg_database(prefix: str) -> Iterator[str]:
    """A new, migrated PostgreSQL database (its URL), dropped afterwards; skips (fails in CI)
    when PostgreSQL is unreachable."""
    admin = _pg_admin()
    if admin is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} (required when CI is set)")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test run, dropped afterwards."""
    with fresh_pg_database("setter_test") as url:
        yield url


def _truncate(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_engine(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database engine, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "setter.db"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = make_engine(request.getfixturevalue("pg_database"))
        _truncate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite engine (for tests that need not run on both stores)."""
    path = tmp_path / "setter.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def make_settings(**overrides: object) -> Settings:
    """Test settings: no LLM, a known API key, nothing read from the environment's .env."""
    values: dict[str, object] = {"api_keys": API_KEY, "llm_base_url": None, "llm_api_key": None,
                                 "azure_endpoint": None}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def make_services(engine: Engine) -> Services:
    """Services on this engine with the deterministic engine and the default model."""
    return Services(db=engine, model=scoring.load_model(), responder=TemplateResponder())


@pytest.fixture
def client(db_engine: Engine) -> Iterator[TestClient]:
    """An API client on a fresh database (SQLite and PostgreSQL)."""
    from web.app import create_app

    app = create_app(make_settings(), make_services(db_engine))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def sqlite_client(sqlite_engine: Engine) -> Iterator[TestClient]:
    """An API client on a fresh SQLite database."""
    from web.app import create_app

    app = create_app(make_settings(), make_services(sqlite_engine))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
