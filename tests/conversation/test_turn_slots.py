"""Turns computed at once per process are bounded (SETTER_TURN_SLOTS); the rest wait in
arrival order and are all answered."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.conversation import turn
from bot.conversation.wiring import build_services
from bot.fair import FairSemaphore
from bot.settings import Settings
from tests.conftest import make_services


def test_a_turn_waits_for_a_free_slot_and_then_answers(db_engine: Engine) -> None:
    svc = replace(make_services(db_engine), slots=FairSemaphore(1))
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    replies: list[str | None] = []
    assert svc.slots.acquire(timeout=1)  # another turn is being computed
    lead = threading.Thread(target=lambda: replies.append(turn.handle_message(
        svc, conversation_id=started.conversation_id, token=started.token,
        text="Wir brauchen eine neue Website.").reply))
    lead.start()
    lead.join(timeout=0.5)
    assert lead.is_alive() and replies == []  # stored, waiting for the slot
    svc.slots.release()
    lead.join(timeout=30)
    assert replies and replies[0]


@pytest.mark.parametrize("slots", [1, 3])
def test_at_most_the_configured_turns_run_at_once(db_engine: Engine, slots: int) -> None:
    svc = replace(make_services(db_engine), slots=FairSemaphore(slots))
    inside, most = [0], [0]
    lock = threading.Lock()
    respond = svc.responder.respond

    def counting(turn_input):  # type: ignore[no-untyped-def]
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        threading.Event().wait(0.1)  # long enough for the other slots to fill on a loaded machine
        with lock:
            inside[0] -= 1
        return respond(turn_input)

    svc.responder.respond = counting  # type: ignore[method-assign]

    def conversation(_: int) -> str | None:
        started = turn.start_conversation(svc, channel="web", lang="en", lead_fields={}, context={})
        return turn.handle_message(svc, conversation_id=started.conversation_id,
                                   token=started.token, text="I own a bakery and need a website.").reply

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(conversation, range(16)))
    assert all(replies)
    if db_engine.dialect.name == "postgresql":
        assert most[0] == slots
    else:  # a message's turn writes from its start (SQLite: one writer at a time); only a
        assert 1 <= most[0] <= slots  # start, whose writes go at its end, may overlap


def test_the_slots_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, turn_slots=3,  # type: ignore[call-arg]
                        database_url=f"sqlite:///{tmp_path}/slots.db")
    slots = build_services(settings).slots
    assert all(slots.acquire(timeout=1) for _ in range(3))
    assert not slots.acquire(timeout=0.05)  # the fourth waits


def test_waiters_get_permits_in_arrival_order_and_a_timeout_goes_ahead_without_one() -> None:
    slots = FairSemaphore(2, timeout=0.05)
    assert slots.acquire(timeout=1) and slots.acquire(timeout=1)
    assert not slots.acquire(timeout=0.05)  # both taken
    with slots:  # waited its timeout, then went ahead without a permit ...
        pass
    slots.release()  # ... and gave none back: one release frees exactly one permit
    assert slots.acquire(timeout=0.05)
    assert not slots.acquire(timeout=0.05)
