"""A lead or conversation a turn holds (`turn_sql.hold_changes`) is written by
`save_changes` alone, from compared values; before and after, the ORM tracks it as usual."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.store import repo, turn_sql
from bot.store.db import session_scope
from bot.store.models import Lead


def _lead(engine: Engine) -> str:
    with session_scope(engine) as session:
        return repo.create_lead(session, lang="de", fields={"name": "Anna"}, context={}).id


def _stored(engine: Engine, lead_id: str) -> tuple[str, str | None, list[str]]:
    with Session(engine) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id)).one()
        return lead.stage, lead.name, list(lead.flags)


def test_a_held_lead_is_written_by_save_changes_not_by_a_flush(db_engine: Engine) -> None:
    lead_id = _lead(db_engine)
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        loaded = turn_sql.hold_changes(lead)
        lead.stage, lead.flags = "mql", ["urgent"]
        assert lead.stage == "mql" and lead.flags == ["urgent"]  # read back as set
        assert not session.dirty  # nothing for the ORM to flush
        session.flush()  # read in this transaction, which would see a flushed UPDATE:
        assert session.exec(select(Lead.stage).where(Lead.id == lead_id)).one() == "new"
        turn_sql.save_changes(session, lead, loaded)
    assert _stored(db_engine, lead_id) == ("mql", "Anna", ["urgent"])


def test_after_save_changes_the_lead_is_tracked_again(db_engine: Engine) -> None:
    lead_id = _lead(db_engine)
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        turn_sql.save_changes(session, lead, turn_sql.hold_changes(lead))
        session.add(lead)  # back in a session, as any loaded row
        lead.name = "Berta"
        assert lead in session.dirty
    assert _stored(db_engine, lead_id)[1] == "Berta"


def test_an_unheld_lead_is_tracked_by_the_orm(db_engine: Engine) -> None:
    lead_id = _lead(db_engine)
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        lead.stage = "sql"
        assert lead in session.dirty
    assert _stored(db_engine, lead_id)[0] == "sql"
