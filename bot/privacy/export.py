"""Everything stored about one lead as one JSON document (the right of access)."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session

from bot.clock import utcnow
from bot.privacy.rows import rows_about
from bot.store.models import Lead

HIDDEN = frozenset({"token_hash"})  # a secret of ours, not data about the lead


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(raw).decode("ascii")}
    return value


def _row(data: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in data.items() if key not in HIDDEN}


def export_lead(session: Session, lead_id: str) -> dict[str, Any] | None:
    """The lead's profile and every row about it, table by table; None for an unknown lead."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        return None
    profile = {attr.key: getattr(lead, attr.key) for attr in inspect(Lead).mapper.column_attrs}
    document: dict[str, Any] = {"lead": _row(profile), "exported_at": utcnow().isoformat()}
    for table, rows in rows_about(session, lead_id):
        document[table.name] = [_row(row) for row in rows]
    return document
