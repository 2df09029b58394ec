"""Fixtures: the app with console users on SQLite (and PostgreSQL where it matters)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.conversation.wiring import Services
from tests.conftest import make_services, make_settings
from tests.web.console.helpers import add_user

HOOK = "http://127.0.0.1:9/hook"


@dataclass
class Console:
    """A running app, its services, and one user per role."""

    client: TestClient
    services: Services
    setter: int
    closer: int
    admin: int
    other_closer: int

    @property
    def engine(self) -> Engine:
        """The database."""
        return self.services.db


def console_on(engine: Engine, **overrides: object) -> Iterator[Console]:
    """The console on this engine with these settings changed (e.g. `smtp_url`)."""
    from web.app import create_app

    services = make_services(engine)
    settings = make_settings(session_secret="test-session-secret-0123456789", webhook_urls=HOOK,
                             **overrides)
    ids = [add_user(engine, f"{role}@example.com", role.split("_")[-1])
           for role in ("setter", "closer", "admin", "other_closer")]
    app = create_app(settings, services)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Console(client, services, *ids)


@pytest.fixture
def console(sqlite_engine: Engine) -> Iterator[Console]:
    """The console on SQLite with a setter, two closers and an admin (not logged in)."""
    yield from console_on(sqlite_engine)


@pytest.fixture
def console_both(db_engine: Engine) -> Iterator[Console]:
    """The console on SQLite and on PostgreSQL."""
    yield from console_on(db_engine)
