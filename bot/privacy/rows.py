"""Every table row about a lead, found through the schema (tables added later included)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Table, or_, select
from sqlmodel import Session, SQLModel

from bot.store.models import Conversation


def lead_tables() -> list[Table]:
    """Tables with a `lead_id` or `conversation_id` column, children before parents."""
    tables = reversed(SQLModel.metadata.sorted_tables)
    return [t for t in tables if t.name != "leads" and ("lead_id" in t.c or "conversation_id" in t.c)]


def conversation_ids(session: Session, lead_id: str) -> list[str]:
    """The ids of the lead's conversations."""
    query = select(Conversation.id).where(Conversation.lead_id == lead_id)  # type: ignore[arg-type]
    return list(session.execute(query).scalars())


def about(table: Table, lead_id: str, conversations: list[str]) -> ColumnElement[bool]:
    """The WHERE clause selecting the table's rows about the lead."""
    clauses = []
    if "lead_id" in table.c:
        clauses.append(table.c.lead_id == lead_id)
    if "conversation_id" in table.c:
        clauses.append(table.c.conversation_id.in_(conversations))
    return or_(*clauses)


def rows_about(session: Session, lead_id: str) -> Iterator[tuple[Table, list[dict[str, object]]]]:
    """Each table's rows about the lead, as column dictionaries."""
    conversations = conversation_ids(session, lead_id)
    for table in lead_tables():
        rows = session.execute(select(table).where(about(table, lead_id, conversations)))
        yield table, [dict(row._mapping) for row in rows]
