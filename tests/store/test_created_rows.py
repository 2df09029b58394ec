"""repo.create_lead / create_conversation write with a plain INSERT: the stored row must be
the one the ORM's insert stores, and the object must behave as after an ORM flush."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, SQLModel

from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Conversation, Lead

CONTEXT = {"reactivate_on": "2026-05-01T08:00:00+00:00", "utm_source": "ädwords"}


def _stored(session: Session, row: SQLModel) -> list[Any]:
    """The row as the database holds it (text form; SQLite: with storage classes), no id."""
    table = row.__table__  # type: ignore[attr-defined]
    columns = [c.name for c in table.columns if c.name != "id"]
    parts = [f'CAST("{c}" AS TEXT)' for c in columns]
    if session.get_bind().dialect.name == "sqlite":
        parts += [f'typeof("{c}")' for c in columns]
    sql = text(f'SELECT {", ".join(parts)} FROM "{table.name}" WHERE id = :id')
    return list(session.connection().execute(sql, {"id": row.id}).one())  # type: ignore[attr-defined]


def _same_times(ours: Any, theirs: Any) -> None:
    theirs.created_at, theirs.updated_at = ours.created_at, ours.updated_at


def test_created_rows_are_stored_as_the_orm_stores_them(db_engine: Engine) -> None:
    with session_scope(db_engine) as session:
        ours = repo.create_lead(session, lang="en", context=CONTEXT,
                                fields={"email": "a@b.de", "phone": 4917, "name": None, "x": 1})
        assert inspect(ours).persistent and not session.dirty and not session.new
        theirs = Lead(lang="en", context=CONTEXT, email="a@b.de", phone="4917")
        _same_times(ours, theirs)
        session.add(theirs)
        ours_chat = repo.create_conversation(session, lead_id=ours.id, channel="api", lang="en",
                                             token="t")
        theirs_chat = Conversation(lead_id=ours.id, channel="api", lang="en",
                                   token_hash=repo.hash_token("t"))
        _same_times(ours_chat, theirs_chat)
        session.add(theirs_chat)
        session.flush()
        assert _stored(session, ours) == _stored(session, theirs)
        assert _stored(session, ours_chat) == _stored(session, theirs_chat)
        assert ours.reactivate_on is not None  # as the before_insert hook sets it
        # later changes are flushed as after an ORM insert
        for lead in (ours, theirs):
            lead.next_action = {"kind": "reactivate", "due": "2026-07-01T00:00:00+00:00"}
            lead.context = {}
        ours_chat.last_seq = theirs_chat.last_seq = 3
    with Session(db_engine) as session:
        assert _stored(session, ours) == _stored(session, theirs)
        assert _stored(session, ours_chat) == _stored(session, theirs_chat)
        stored = session.get(Lead, ours.id)
        assert stored is not None and stored.reactivate_on is not None
        assert stored.reactivate_on.month == 7
