"""Erasure: the lead's personal data goes, an anonymous tombstone stays for the counts."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, String, cast, delete, event, select, update
from sqlmodel import Session, col

from bot.clock import utcnow
from bot.privacy.rows import about, conversation_ids, lead_tables
from bot.store import repo
from bot.store.models import IdempotencyKey, Lead, StageTransition

log = logging.getLogger(__name__)
ERASED = "erased"
ERASURE_REQUESTED = "erasure_requested"
PERSONAL = ("email", "name", "company", "phone", "job_title", "industry", "company_size",
            "source", "country")
KEPT = frozenset({"stage_transitions"})  # stage counts need them; their reasons are blanked
IDEMPOTENCY_WINDOW = timedelta(days=2)  # stored first responses younger than this are checked
WAL_TRIES, WAL_RETRY_S = 5, 0.05  # emptying the log after an erasure, while it is busy
_WAL = "erasure_wal_checkpoint"  # session.info: a checkpoint is due after the commit

@dataclass(frozen=True)
class Erasure:
    """What an erasure removed: rows per table."""

    lead_id: str
    deleted: dict[str, int]


def mark_for_erasure(lead: Lead, source: str) -> bool:
    """Flag the lead for erasure (and do not contact); True when the flag is new. An admin
    decides and erases; `source` says where the request came from (chat, email)."""
    flags = set(lead.flags or [])
    if ERASURE_REQUESTED in flags or ERASED in flags:
        return False
    lead.flags = sorted(flags | {ERASURE_REQUESTED, "do_not_contact", f"erasure_via_{source}"})
    log.info("lead %s asked for erasure via %s", lead.id, source)
    return True


def erasure_requests(session: Session) -> list[Lead]:
    """Leads that asked for erasure and are not erased yet, oldest first."""
    query = (select(Lead).where(cast(Lead.flags, String).like(f"%{ERASURE_REQUESTED}%"))  # type: ignore[arg-type]
             .order_by(col(Lead.updated_at)))
    return [lead for lead in session.execute(query).scalars()
            if ERASURE_REQUESTED in (lead.flags or []) and ERASED not in (lead.flags or [])]


def erase_lead(session: Session, lead_id: str, *, actor: str = "system") -> Erasure | None:
    """Delete everything personal about the lead; None for an unknown lead. The lead row
    stays as a tombstone with its stage and score total, no profile, flag `erased`. The lead
    row is locked first, as a chat turn locks it before its conversation: a turn of the lead
    then ends before the erasure starts, or finds its conversation gone."""
    lead = repo.lock_lead(session, lead_id)
    if lead is None:
        return None
    conversations = conversation_ids(session, lead_id)
    deleted: dict[str, int] = {}
    for table in lead_tables():
        if table.name in KEPT:
            continue
        result = session.execute(delete(table).where(about(table, lead_id, conversations)))
        deleted[table.name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    session.execute(update(StageTransition).where(col(StageTransition.lead_id) == lead_id)
                    .values(reason="(erased)"))
    deleted["idempotency_keys"] = _forget_responses(session, [lead_id, *conversations])
    _tombstone(lead, actor)
    session.add(lead)
    session.flush()
    _empty_wal_after_commit(session)
    log.info("lead %s erased by %s: %s", lead_id, actor, deleted)
    return Erasure(lead_id, deleted)


def _tombstone(lead: Lead, actor: str) -> None:
    for field in PERSONAL:
        setattr(lead, field, None)
    score = dict(lead.score or {})
    lead.score = {"total": score.get("total", lead.score_total), "band": lead.score_band,
                  "parts": score.get("parts", {}), "reasons": []}
    lead.score_state = {}
    lead.context = {}
    lead.next_action = {"kind": "none", "why": f"personal data erased ({actor})"}
    lead.flags = [ERASED]
    lead.updated_at = utcnow()


def _empty_wal_after_commit(session: Session) -> None:
    """SQLite keeps earlier page images, the erased rows among them, in its write-ahead log
    until a checkpoint: once the erasure is committed, checkpoint and empty the log. (Freed
    space in the file itself is zeroed by `PRAGMA secure_delete`, see bot.store.db.)"""
    bind = session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite" or session.info.get(_WAL):
        return
    session.info[_WAL] = True

    def checkpoint(_: Session) -> None:
        session.info.pop(_WAL, None)
        try:
            with bind.connect() as conn:
                for attempt in range(WAL_TRIES):  # busy while the served app's background
                    if attempt:  # checkpoint runs (bot.store.checkpoints): a few ms
                        time.sleep(WAL_RETRY_S)
                    busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                    if not (busy and busy[0]):
                        return
            log.warning("erasure: the WAL could not be emptied now (readers); the next "
                        "checkpoint overwrites it")
        except Exception:  # noqa: BLE001 - the erasure itself is committed
            log.exception("erasure: WAL checkpoint failed")

    event.listen(session, "after_commit", checkpoint, once=True)


def _forget_responses(session: Session, ids: list[str]) -> int:
    """Stored first responses (Idempotency-Key) that mention the lead or its conversations."""
    since = utcnow() - IDEMPOTENCY_WINDOW
    rows = session.execute(select(IdempotencyKey.scope, IdempotencyKey.key, IdempotencyKey.path,  # type: ignore[call-overload]
                                  IdempotencyKey.response)
                           .where(col(IdempotencyKey.created_at) >= since)).all()
    doomed = [(scope, key) for scope, key, path, response in rows
              if any(i in (path or "") or i.encode() in bytes(response or b"") for i in ids)]
    for scope, key in doomed:
        session.execute(delete(IdempotencyKey).where(col(IdempotencyKey.scope) == scope,
                                                     col(IdempotencyKey.key) == key))
    return len(doomed)


def erase_inactive(session: Session, *, days: int, now: datetime | None = None) -> list[str]:
    """The retention rule: erase every lead without activity for more than `days` days."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    stale = session.execute(select(Lead.id, Lead.flags).where(col(Lead.updated_at) < cutoff)).all()  # type: ignore[call-overload]
    erased = [lead_id for lead_id, flags in stale if ERASED not in (flags or [])]
    for lead_id in erased:
        erase_lead(session, lead_id, actor=f"retention ({days} days)")
    return erased
