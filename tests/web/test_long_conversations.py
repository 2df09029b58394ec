"""A conversation as long as the limits let a lead make it (a day at the per-conversation limit
is about 29,000 lead messages): the transcript comes a page at a time, a widget that
(re)connects is sent the chat's last messages, and the console's lead page shows the last ones
and says how many came before. Before, each of them read and sent every message: 30,000 took
0.6 s of the server per transcript request, 1.5 s per lead page."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.conversation import turn
from bot.conversation.wiring import Services
from bot.live import bus_for
from bot.store.models import MessageRow, ScoreSnapshot
from tests.web.console.conftest import Console, console_on
from tests.web.console.helpers import login, soup
from tests.web.widget.test_widget_api import events_of
from web.api.conversations import MAX_PAGE, PAGE
from web.console import lead_data
from web.console.lead_data import SHOWN
from web.widget import sse

TURNS = 260  # a greeting and up to two messages a turn: more than a transcript page (500)


class LongChat:
    """A conversation of TURNS lead messages through the real engine, and every message's
    order number and text as stored."""

    def __init__(self, services: Services) -> None:
        started = turn.start_conversation(services, channel="web", lang="de", lead_fields={},
                                          context={})
        self.id, self.lead_id, self.token = started.conversation_id, started.lead_id, started.token
        for n in range(TURNS):
            turn.handle_message(services, conversation_id=self.id, token=self.token,
                                text=f"Nachricht {n}: wir verlieren Anfragen am Wochenende.")
        with Session(services.db) as session:
            rows = session.exec(select(MessageRow).where(MessageRow.conversation_id == self.id)
                                .order_by(col(MessageRow.seq))).all()
        self.seqs = [r.seq for r in rows]
        self.texts = [r.text for r in rows]


@pytest.fixture
def chat(client: TestClient) -> LongChat:
    return LongChat(client.app.state.services)  # type: ignore[attr-defined]


def page(client: TestClient, chat: LongChat, **query: Any) -> Any:
    return client.get(f"/api/v1/conversations/{chat.id}", params=query,
                      headers={"Authorization": f"Bearer {chat.token}"})


def test_the_transcript_comes_a_page_at_a_time_and_the_pages_hold_every_message(
        client: TestClient, chat: LongChat) -> None:
    assert len(chat.seqs) > PAGE
    first = page(client, chat)
    assert first.status_code == 200, first.text
    body = first.json()
    assert [m["seq"] for m in body["messages"]] == chat.seqs[:PAGE]
    assert body["next_after"] == chat.seqs[PAGE - 1]
    rest = page(client, chat, after=body["next_after"]).json()
    assert [m["seq"] for m in rest["messages"]] == chat.seqs[PAGE:]
    assert rest["next_after"] is None  # the end
    # small pages, followed to the end, give every message once, in order
    seen, after, pages = [], 0, 0
    while after is not None and pages <= len(chat.seqs):
        got = page(client, chat, after=after, limit=97).json()
        assert len(got["messages"]) <= 97
        seen += [(m["seq"], m["text"]) for m in got["messages"]]
        after, pages = got["next_after"], pages + 1
    assert seen == list(zip(chat.seqs, chat.texts, strict=True))
    past = page(client, chat, after=chat.seqs[-1]).json()
    assert (past["messages"], past["next_after"]) == ([], None)  # past the end: nothing more


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": MAX_PAGE + 1}, {"after": -1},
                                   {"limit": "all"}, {"after": 2**31}])
def test_a_page_out_of_bounds_is_a_clear_error(client: TestClient, chat: LongChat,
                                               query: dict[str, Any]) -> None:
    response = page(client, chat, **query)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"


async def _frames_until_state(frames: AsyncIterator[str]) -> list[str]:
    """The frames of a stream up to its first `state` event (a live stream then waits)."""
    got = []
    try:
        async for frame in frames:
            got.append(frame)
            if frame.startswith("event: state") or "\nevent: state" in frame:
                break
    finally:
        await frames.aclose()  # type: ignore[attr-defined]
    return got


def _messages(frames: list[str]) -> list[int]:
    return [data["seq"] for name, data in events_of("".join(frames)) if name == "message"]


def test_a_reconnecting_widget_is_sent_the_chats_last_messages(client: TestClient,
                                                               chat: LongChat) -> None:
    db = client.app.state.services.db  # type: ignore[attr-defined]
    busy = asyncio.run(_frames_until_state(sse.catch_up(db, chat.id, 0, 15)))
    assert _messages(busy) == chat.seqs[-sse.BACKLOG:]
    live = asyncio.run(_frames_until_state(sse.live_stream(db, bus_for(db), chat.id, 0)))
    assert _messages(live) == chat.seqs[-sse.BACKLOG:]
    # a widget that saw all but the last few is sent exactly those
    recent = asyncio.run(_frames_until_state(sse.live_stream(db, bus_for(db), chat.id,
                                                             chat.seqs[-4])))
    assert _messages(recent) == chat.seqs[-3:]


@pytest.fixture
def console(db_engine: Engine) -> Iterator[Console]:
    yield from console_on(db_engine)


def test_the_lead_page_shows_the_last_messages_and_counts_the_earlier_ones(
        console: Console, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lead_data, "MAX_SNAPSHOTS", 20)  # the score chart: its last points
    chat = LongChat(console.services)
    assert len(chat.seqs) > SHOWN
    login(console.client, "setter@example.com")
    html = soup(console.client.get(f"/console/leads/{chat.lead_id}").text)
    shown = [m.select_one(".msg-text").get_text() for m in html.select(".msg")]
    assert shown == chat.texts[-SHOWN:]
    note = html.select_one(".earlier").get_text()
    assert f"{len(chat.seqs) - SHOWN} frühere Nachrichten" in note
    with Session(console.engine) as session:
        snapshots = session.exec(select(ScoreSnapshot.total)
                                 .where(ScoreSnapshot.lead_id == chat.lead_id)
                                 .order_by(col(ScoreSnapshot.id))).all()
    assert len(snapshots) > 20
    points = [c.title.get_text() for c in html.select("svg.chart circle")]
    assert [int(p.rsplit(": ", 1)[1]) for p in points] == snapshots[-20:]
