"""Order numbers under concurrency, and lead messages a crash left unanswered."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot import extract
from bot.conversation import turn
from bot.conversation.templates import render_reply
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import MessageRow
from tests.conftest import make_services, make_settings


def _rows(engine: Engine, conversation_id: str) -> list[MessageRow]:
    with Session(engine) as session:
        return list(session.exec(select(MessageRow).where(
            MessageRow.conversation_id == conversation_id).order_by(MessageRow.seq)))  # type: ignore[arg-type]


def _assert_ordered(rows: list[MessageRow]) -> None:
    """Order numbers 1..n without gaps or repeats; each lead message answered once, after it."""
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    seq = {r.id: r.seq for r in rows}
    replies = [r.reply_to for r in rows if r.role == "bot" and r.reply_to]
    assert len(replies) == len(set(replies))
    assert sorted(replies) == sorted(r.id for r in rows if r.role == "lead")
    assert all(r.seq > seq[r.reply_to] for r in rows if r.reply_to)


def test_two_messages_posted_at_once_keep_unique_order_numbers(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    texts = [f"Wir sind ein Steuerbüro mit {n} Mitarbeitern." for n in range(40)]

    def post(text: str) -> turn.TurnResult:
        return turn.handle_message(svc, conversation_id=started.conversation_id,
                                   token=started.token, text=text)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for i in range(0, len(texts), 2):  # 20 pairs, each pair posted at once
            results = list(pool.map(post, texts[i:i + 2]))
            assert all(r.reply for r in results)
    rows = _rows(db_engine, started.conversation_id)
    assert len(rows) == 1 + 2 * len(texts)
    _assert_ordered(rows)


def _orphan(svc: turn.Services, text: str) -> tuple[str, str]:
    """A conversation whose last lead message was stored but never answered (a crash)."""
    started = turn.start_conversation(svc, channel="web", lang="en", lead_fields={}, context={})
    with session_scope(svc.db) as session:
        row = repo.add_message(session, conversation_id=started.conversation_id, role="lead", text=text)
    assert started.token is not None
    return started.conversation_id, started.token if row else ""


def test_a_crashed_turn_is_answered_at_start_up_once(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    conversation_id, token = _orphan(svc, "We are a tax office and lose calls every day.")
    from web.app import create_app

    with TestClient(create_app(make_settings(), svc)) as client:
        body = client.get(f"/api/v1/conversations/{conversation_id}",
                          headers={"Authorization": f"Bearer {token}"}).json()
    assert [m["role"] for m in body["messages"]] == ["bot", "lead", "bot"]
    assert turn.recover_unanswered(svc) == 0  # a second start answers nothing again
    with TestClient(create_app(make_settings(), svc)):
        pass
    _assert_ordered(_rows(db_engine, conversation_id))
    assert len(_rows(db_engine, conversation_id)) == 3


def test_a_crashed_turn_is_answered_with_the_next_message_in_order(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    conversation_id, token = _orphan(svc, "We are a tax office and lose calls every day.")
    result = turn.handle_message(svc, conversation_id=conversation_id, token=token,
                                 text="I own the office.")
    rows = _rows(db_engine, conversation_id)
    assert [r.role for r in rows] == ["bot", "lead", "lead", "bot", "bot"]
    assert result.reply == rows[-1].text
    _assert_ordered(rows)


def test_workers_recovering_at_once_answer_each_message_once(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    ids = [_orphan(svc, f"We lose {n} calls a week.")[0] for n in range(6)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        answered = sum(pool.map(lambda _: turn.recover_unanswered(svc), range(3)))
    assert answered == 6
    for conversation_id in ids:
        rows = _rows(db_engine, conversation_id)
        assert [r.role for r in rows] == ["bot", "lead", "bot"]
        _assert_ordered(rows)


def test_a_message_already_answered_gets_the_same_reply_back(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    conversation_id, _ = _orphan(svc, "We are a tax office and lose calls every day.")
    [pending] = [m for m in _rows(db_engine, conversation_id) if m.role == "lead"]
    first = turn.answer(svc, conversation_id=conversation_id, message_id=pending.id)
    again = turn.answer(svc, conversation_id=conversation_id, message_id=pending.id)
    assert again.reply == first.reply and again.move is None
    assert len(_rows(db_engine, conversation_id)) == 3


def test_a_turn_that_fails_once_is_rolled_back_whole_and_answered_again(db_engine: Engine) -> None:
    """The message and its answer are one transaction: a failure in the turn leaves neither
    half behind, and the message is then stored once and answered on its own."""
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    calls: list[int] = []

    def fails_once(messages: Any, reference_time: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a passing failure")
        return extract.extract(messages, reference_time)

    result = turn.handle_message(replace(svc, extractor=fails_once),
                                 conversation_id=started.conversation_id, token=started.token,
                                 text="Unser Budget liegt bei 5.000 Euro.")
    assert len(calls) == 2
    rows = _rows(db_engine, started.conversation_id)
    assert [r.role for r in rows] == ["bot", "lead", "bot"]
    _assert_ordered(rows)
    assert result.reply == rows[-1].text
    assert result.reply != render_reply("de", "error")  # the second try answered it properly
    with Session(db_engine) as session:
        facts = repo.current_facts(session, lead_id=started.lead_id)
    assert facts["budget"].quote == "Unser Budget liegt bei 5.000 Euro."


def test_the_transcript_shows_order_numbers_and_what_each_reply_answers(client: TestClient) -> None:
    """A client can check the order from outside: messages posted at once come back with
    unique order numbers 1..n, and each bot reply names the lead message it answers, which
    comes before it."""
    started = client.post("/api/v1/conversations", json={"lang": "de"}).json()
    auth = {"Authorization": f"Bearer {started['token']}"}
    url = f"/api/v1/conversations/{started['conversation_id']}/messages"
    texts = [f"Wir sind ein Steuerbüro mit {n} Mitarbeitern." for n in range(6)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = list(pool.map(lambda text: client.post(url, json={"text": text}, headers=auth).status_code,
                              texts))
    assert codes == [200] * len(texts)
    transcript = client.get(f"/api/v1/conversations/{started['conversation_id']}", headers=auth)
    messages = transcript.json()["messages"]
    assert [m["seq"] for m in messages] == list(range(1, 2 * len(texts) + 2))
    seq = {m["id"]: m["seq"] for m in messages}
    answered = [m["reply_to"] for m in messages if m["role"] == "bot" and m["reply_to"]]
    assert sorted(answered) == sorted(m["id"] for m in messages if m["role"] == "lead")
    assert all(m["seq"] > seq[m["reply_to"]] for m in messages if m["reply_to"])


def test_a_long_conversation_reads_its_recent_messages_and_still_answers_an_old_one(
        db_engine: Engine, monkeypatch: Any) -> None:
    """A turn reads the last 200 messages, not all: every turn had read the whole conversation
    (2,000 lead messages made a turn take 48 ms instead of 14). A lead message a crash left
    unanswered before those is still answered, once, by recovery."""
    from bot.store import turn_sql

    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="web", lang="de", lead_fields={}, context={})
    cid = started.conversation_id
    for n in range(turn_sql.RECENT_MESSAGES // 2 + 10):
        turn.handle_message(svc, conversation_id=cid, token=started.token, text=f"Punkt {n}.")
    orphan = _rows(db_engine, cid)[1]  # the first lead message: as if its turn had crashed
    with session_scope(svc.db) as session:
        session.delete(session.exec(select(MessageRow).where(MessageRow.reply_to == orphan.id)).one())
        session.get(MessageRow, orphan.id).handled_at = None  # type: ignore[union-attr]
    read: list[int] = []
    real = turn_sql.execute

    def counted(*args: Any, **kwargs: Any) -> Any:
        rows = real(*args, **kwargs)
        read.append(len(rows) if isinstance(rows, list) else 0)
        return rows

    monkeypatch.setattr(turn_sql, "execute", counted)
    last = turn.handle_message(svc, conversation_id=cid, token=started.token, text="Bis Ende Juni.")
    assert last.reply
    assert max(read) <= turn_sql.RECENT_MESSAGES + 4  # the recent messages and the facts
    monkeypatch.setattr(turn_sql, "execute", real)
    assert turn.recover_unanswered(svc) == 1
    rows = _rows(db_engine, cid)
    assert [r.reply_to for r in rows].count(orphan.id) == 1
    assert turn.recover_unanswered(svc) == 0
