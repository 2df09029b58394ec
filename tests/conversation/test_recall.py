"""A turn reads only the lead's newest message when the process remembers the earlier ones;
what the lead sees and what the record holds are the same either way."""

from __future__ import annotations

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
    fresh = _conversation(db_engine, recall.MEMORY.clear)  # as if another worker answered
    assert len(read) == len(TEXTS) * (len(TEXTS) + 1) // 2  # the whole conversation each turn
    assert remembered == fresh
    assert remembered[1]["facts"]["budget"]["max"] == 800
