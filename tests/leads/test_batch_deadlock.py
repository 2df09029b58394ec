"""Event batches of the same leads posted at once, in any order, are all stored."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from bot.clock import utcnow
from bot.conversation import turn
from bot.leads import events
from bot.store.db import session_scope
from bot.store.models import EventRow
from tests.conftest import make_services

ROUNDS = 20


def test_batches_of_the_same_leads_in_opposite_orders_do_not_deadlock(db_engine: Engine) -> None:
    """Two integrations post clicks for the same three leads at the same moment, one in the
    order A, B, C and the other C, B, A. Before, on PostgreSQL, each event row's lock on its
    lead was taken in the batch's order, before the leads were locked in id order, and some
    pairs deadlocked (one batch failed)."""
    svc = make_services(db_engine)
    leads = [turn.start_conversation(svc, channel="web", lang="de", lead_fields={},
                                     context={}).lead_id for _ in range(3)]
    gate = Barrier(2)

    def post(order: list[str]) -> None:
        gate.wait()
        with session_scope(svc.db) as session:
            events.ingest(session, [(lead_id, events.EventIn(
                "email_clicked", utcnow() - timedelta(seconds=1))) for lead_id in order], svc.model)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(ROUNDS):
            posted = [pool.submit(post, leads), pool.submit(post, leads[::-1])]
            for done in posted:
                done.result(timeout=60)
    with Session(svc.db) as session:
        clicks = session.exec(select(func.count()).select_from(EventRow)
                              .where(EventRow.type == "email_clicked")).one()
    assert clicks == 2 * 3 * ROUNDS


def test_the_same_event_posted_twice_at_once_is_stored_once(db_engine: Engine) -> None:
    """A sender retries a batch before the first try has answered (no Idempotency-Key, the
    events carry their own ids): each event is stored once and the other try reports it
    skipped. Before, both looked the ids up before either had stored them, and the second
    insert failed on the unique id."""
    svc = make_services(db_engine)
    lead_id = turn.start_conversation(svc, channel="web", lang="de", lead_fields={},
                                      context={}).lead_id
    gate = Barrier(2)

    def post(n: int) -> events.Batch:
        gate.wait()
        with session_scope(svc.db) as session:
            return events.ingest_batch(session, [(lead_id, events.EventIn(
                "email_clicked", utcnow() - timedelta(seconds=1), id=f"click-{n}"))], svc.model)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for n in range(ROUNDS):
            tries = [pool.submit(post, n) for _ in range(2)]
            batches = [done.result(timeout=60) for done in tries]
            assert sorted(len(b.skipped) for b in batches) == [0, 1], f"round {n}"
    with Session(svc.db) as session:
        clicks = session.exec(select(func.count()).select_from(EventRow)
                              .where(EventRow.lead_id == lead_id)
                              .where(EventRow.type == "email_clicked")).one()
    assert clicks == ROUNDS
