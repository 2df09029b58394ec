"""A page view the widget reports while the lead's message is being answered counts, and so
does the message (neither write saves a lead read before the other's commit)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from bot.conversation import turn
from bot.sites import ensure_demo_site
from bot.store.models import Conversation, Lead
from tests.conftest import make_services, make_settings
from tests.interleave import turn_inside
from web.widget import api

SITE = "/widget/v1/sites/demo"
SELF = {"Origin": "http://testserver"}


@pytest.fixture
def widget(db_engine: Engine) -> Iterator[TestClient]:
    from web.app import create_app

    ensure_demo_site(db_engine)
    app = create_app(make_settings(), make_services(db_engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_page_view_during_a_turn_and_the_turn_both_count(widget: TestClient,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead's message is answered just after the page view has loaded the lead and before
    it records the view: the turn waits for the view (or the view waited 1 s for the turn);
    the lead's state then counts the view, the start's view and the message."""
    started = widget.post(f"{SITE}/conversations", json={"lang": "de", "page": {
        "url": "http://testserver/", "title": "Start"}}, headers=SELF)
    assert started.status_code == 201, started.text
    convo = started.json()
    services = widget.app.state.services  # type: ignore[attr-defined]

    def message() -> None:
        turn.handle_message(services, conversation_id=convo["conversation_id"],
                            token=convo["token"], text="Wir sind ein Steuerbüro mit 5 Leuten.")

    with turn_inside(monkeypatch, api, "add_events", run_turn=message):
        viewed = widget.post(f"{SITE}/conversations/{convo['conversation_id']}/page-views",
                             json={"url": "http://testserver/preise", "title": "Preise"},
                             headers={**SELF, "Authorization": f"Bearer {convo['token']}"})
    assert viewed.status_code == 204
    with Session(services.db) as session:
        conversation = session.get(Conversation, convo["conversation_id"])
        assert conversation is not None
        lead = session.get(Lead, conversation.lead_id)
        assert lead is not None
        kept = {name: summary["count"] for name, summary in lead.score_state["types"].items()}
    assert kept == {"chat_started": 1, "page_view": 2, "chat_message": 1}
