"""A turn reads only the lead's newest message when the earlier ones are remembered, in the
process or with the stored messages (another worker, a restart); what the lead sees and what
the record holds are the same either way, and the same as reading everything again."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from bot import extract
from bot.conversation import recall, templates, turn
from bot.leads.scorekeeper import facts_of
from bot.store.db import session_scope
from bot.store.models import Lead
from tests.conftest import make_services

TEXTS = ["Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
         "Ich bin der Inhaber.", "So 500 im Monat.", "Korrektur: eher 800 Euro.",
         "Bis Ende Juni.", "Danke, das passt."]


def _conversation(engine: Engine, before_each: Callable[[], None]) -> tuple[list[str], dict]:
    svc = make_services(engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    replies = []
    for text in TEXTS:
        before_each()
        result = turn.handle_message(svc, conversation_id=started.conversation_id,
                                     token=started.token, text=text)
        replies.append(result.reply or "")
    with session_scope(engine) as session:
        lead = session.get(Lead, started.lead_id)
        assert lead is not None
        return replies, {"facts": facts_of(session, lead), "score": lead.score,
                         "next_action": lead.next_action}


def test_remembered_and_fresh_reading_give_the_same_replies_and_record(
        db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = extract._candidates

    def counting(text: str, *args: object, **kwargs: object) -> object:
        read.append(text)
        return original(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "_candidates", counting)
    # phrasings vary by conversation id; both conversations get the same ones here
    monkeypatch.setattr(templates, "variant_for", lambda _conversation_id, turn_no: turn_no)
    remembered = _conversation(db_engine, lambda: None)
    assert sorted(read) == sorted(TEXTS)  # each message read once
    read.clear()
    other_worker = _conversation(db_engine, recall.MEMORY.clear)  # memory of this process gone
    assert sorted(read) == sorted(TEXTS)  # read once all the same: kept with the messages
    read.clear()
    versions = iter(range(100))  # and another extractor wrote what is stored: read again
    monkeypatch.setattr(recall, "fingerprint", lambda: f"extractor-{next(versions)}")
    fresh = _conversation(db_engine, recall.MEMORY.clear)
    assert len(read) == len(TEXTS) * (len(TEXTS) + 1) // 2  # the whole conversation each turn
    assert remembered == other_worker == fresh
    assert remembered[1]["facts"]["budget"]["max"] == 800


def test_kept_candidates_round_trip_and_foreign_ones_are_ignored() -> None:
    from datetime import UTC, datetime

    from bot.types import Message

    at = datetime(2026, 5, 4, 10, tzinfo=UTC)
    messages = [Message("bot", "Was ist Ihr Budget?", at, "m0"),
                Message("lead", "So 500 Euro im Monat, ich bin der Inhaber.", at, "m1")]
    found = extract.extract(messages, at)
    assert found  # a budget and the authority
    assert recall.decode(recall.encode(found), 1) == tuple(found)
    assert recall.decode({"v": "another extractor", "c": []}, 1) is None
    assert recall.decode({"v": recall.fingerprint(), "c": [["budget"]]}, 1) is None
    assert recall.decode(None, 1) is None
    # as the turn reads them: the JSON's text as stored, parsed only if this extractor wrote it
    assert recall.decode(json.dumps(recall.encode(found)), 1) == tuple(found)
    assert recall.decode("null", 1) is None
    assert recall.decode(json.dumps({"v": "another extractor", "c": []}), 1) is None
    assert recall.decode(f'{{"v": "{recall.fingerprint()}", "c": [', 1) is None  # cut short
