"""The next action has one author: the record, the bot's move and the webhooks agree on it
after every turn."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from bot.conversation import turn
from bot.leads.view import lead_record
from bot.outbound import webhooks
from bot.store.db import session_scope
from bot.store.models import Lead, WebhookDelivery
from tests.conftest import make_services

SCRIPTS = {
    "qualified": ["Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
                  "Ich bin der Inhaber.", "So 500 Euro im Monat.", "Bis Ende Juni."],
    "no_need": ["Hallo", "Eigentlich brauchen wir nichts, wir sind zufrieden.", "Nein danke."],
    "stops": ["We lose enquiries because nobody calls back.", "Please stop, I'm not interested."],
    "evasive": ["hm", "weiß nicht", "mal sehen", "keine Ahnung", "egal", "vielleicht", "hmm"],
    "wants_person": ["We need a booking tool.", "Can someone from sales call me?"],
}
# The bot's move for each kind of next action in the record.
MOVES = {"ask": {"ask", "clarify"}, "handoff": {"handoff"},
         "nurture": {"close", "stop"}, "reactivate": {"close", "stop"},
         "disqualify": {"close", "stop"}, "close": {"close", "stop"}}


def deliveries_since(engine: Engine, seen: int) -> list[WebhookDelivery]:
    with session_scope(engine) as session:
        query = select(WebhookDelivery).where(col(WebhookDelivery.id) > seen)
        return list(session.exec(query.order_by(col(WebhookDelivery.id))))


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_record_reply_and_webhook_agree_after_every_turn(db_engine: Engine, script: str) -> None:
    webhooks.configure(db_engine, webhooks.WebhookConfig(urls=("http://127.0.0.1:9/hook",)))
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    assert started.move is not None and started.move.action is not None
    seen, hooks = 0, 0
    for delivery in deliveries_since(db_engine, seen):  # the greeting's own stage change
        assert delivery.payload["record"]["next_action"]["slot"] == started.move.slot
        seen = delivery.id or seen
    for text in SCRIPTS[script]:
        result = turn.handle_message(svc, conversation_id=started.conversation_id,
                                     token=started.token, text=text)
        with session_scope(db_engine) as session:
            lead = session.get(Lead, started.lead_id)
            assert lead is not None
            record = lead_record(session, lead)
        move = result.move
        assert move is not None and move.action is not None
        action = record["next_action"]
        assert (move.action.kind, move.action.slot, move.action.why) == \
            (action["kind"], action.get("slot"), action["why"])
        if move.kind != "note":
            assert move.kind in MOVES[action["kind"]], (move, action)
        if move.kind in ("ask", "clarify"):
            assert move.slot == action["slot"]
        for delivery in deliveries_since(db_engine, seen):
            assert delivery.payload["record"]["next_action"] == action
            seen, hooks = delivery.id or seen, hooks + 1
    if script in ("qualified", "wants_person"):
        assert record["next_action"]["kind"] == "handoff"
    if script == "qualified":
        assert hooks >= 1  # the stage changes on the way were delivered with the record
    if script == "evasive":
        assert record["next_action"]["kind"] in {"nurture", "reactivate", "close"}
