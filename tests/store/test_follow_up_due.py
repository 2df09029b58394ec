"""`leads.reactivate_on` holds when the lead's follow-up is due, whoever planned it: written with
every change of the next action or the context, and backfilled by migration 0008."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, insert, text

from bot.clock import utcnow
from bot.store.db import alembic_config, make_engine, migrate, session_scope
from bot.store.models import Lead, follow_up_due
from tests.conftest import PG_ADMIN_URL, _pg_admin

BEFORE = "0007_console"


def test_follow_up_due_reads_the_action_and_an_auto_reply() -> None:
    due = "2027-03-01T09:30:00+00:00"
    assert follow_up_due({"kind": "reactivate", "due": due}, {}) == datetime(2027, 3, 1, 9, 30,
                                                                             tzinfo=UTC)
    assert follow_up_due({"kind": "ask", "due": due}, {}) is None
    assert follow_up_due({"kind": "reactivate", "due": "soon"}, None) is None
    back = follow_up_due({"kind": "reactivate", "due": due}, {"reactivate_on": "2027-02-01"})
    assert back == datetime(2027, 2, 1, tzinfo=UTC)  # the lead's own return day wins


def test_every_write_keeps_the_column_in_step(db_engine: Engine) -> None:
    due = utcnow() + timedelta(weeks=2)
    with session_scope(db_engine) as session:
        lead = Lead(next_action={"kind": "reactivate", "due": due.isoformat()})
        session.add(lead)
    with session_scope(db_engine) as session:
        stored = session.get(Lead, lead.id)
        assert stored.reactivate_on == due
        stored.next_action = {"kind": "ask", "slot": "need"}
    with session_scope(db_engine) as session:
        assert session.get(Lead, lead.id).reactivate_on is None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def unmigrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own (the migration runs from an older revision)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    admin = _pg_admin()
    if admin is None:
        pytest.skip("PostgreSQL not reachable")
    name = f"setter_mig_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_migration_backfills_existing_leads(unmigrated: Engine) -> None:
    command.upgrade(alembic_config(unmigrated), BEFORE)
    now, due = utcnow(), utcnow() - timedelta(days=3)
    rows = [("scored", {"kind": "reactivate", "due": due.isoformat(), "why": "in nurture"}, {}, None),
            ("asking", {"kind": "ask", "slot": "need", "why": "x"}, {}, now + timedelta(days=9)),
            ("away", {"kind": "ask", "slot": "need", "why": "x"}, {"reactivate_on": "2027-02-01"},
             None)]
    with unmigrated.begin() as conn:  # rows as the old code left them
        conn.execute(insert(Lead), [
            {"id": lead_id, "created_at": now, "updated_at": now, "lang": "de", "stage": "nurture",
             "score_total": 10, "score_band": "cold", "score": {}, "score_state": {},
             "next_action": action, "flags": [], "context": context, "reactivate_on": on}
            for lead_id, action, context, on in rows])
    migrate(unmigrated)
    with session_scope(unmigrated) as session:
        found = {lead_id: session.get(Lead, lead_id).reactivate_on for lead_id, *_ in rows}
    assert found == {"scored": due, "asking": None, "away": datetime(2027, 2, 1, tzinfo=UTC)}
