"""What a lead's conversation token shows: the transcript and the reply, never the internal
score, reasons, stage or next action (a lead told "disqualify" is the issue's probe). Checked
on every lead-facing answer of the API and of the widget, for a lead the record disqualifies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.sites import ensure_demo_site
from tests.conftest import API_KEY, make_services, make_settings

PITCH = "Hi, we are an SEO agency and offer guest posts on 500 sites, starting at 25 dollars per link."
INTERNAL = ("score", "reasons", "next_action", "disqualif", "stage", "band", "flags", "facts", "vendor")
SITE = "/widget/v1/sites/demo"
SELF = {"Origin": "http://testserver"}


@pytest.fixture
def both(db_engine: Engine) -> Iterator[TestClient]:
    from web.app import create_app

    ensure_demo_site(db_engine)
    app = create_app(make_settings(), make_services(db_engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _assert_lead_view(body: Any) -> None:
    keys = " ".join(_keys(body)).lower()
    assert not [word for word in INTERNAL if word in keys], body


def _sse_data(text: str) -> list[Any]:
    return [json.loads(line[len("data: "):]) for line in text.splitlines() if line.startswith("data: ")]


def test_the_token_never_shows_the_internal_record(both: TestClient) -> None:
    started = both.post("/api/v1/conversations", json={"lang": "en"})
    _assert_lead_view(started.json())
    auth = {"Authorization": f"Bearer {started.json()['token']}"}
    conversation = f"/api/v1/conversations/{started.json()['conversation_id']}"
    answered = both.post(f"{conversation}/messages", json={"text": PITCH}, headers=auth)
    assert answered.status_code == 200
    _assert_lead_view(answered.json())
    _assert_lead_view(both.get(conversation, headers=auth).json())
    record = both.get(f"/api/v1/leads/{started.json()['lead_id']}", headers={"X-API-Key": API_KEY}).json()
    assert record["next_action"]["kind"] == "disqualify"  # the record knows; the lead is not told

    widget = both.post(f"{SITE}/conversations", json={"lang": "en"}, headers=SELF)
    _assert_lead_view(widget.json())
    wauth = {**SELF, "Authorization": f"Bearer {widget.json()['token']}"}
    path = f"{SITE}/conversations/{widget.json()['conversation_id']}"
    streamed = both.post(f"{path}/messages", json={"text": PITCH}, headers=wauth)
    assert streamed.status_code == 200
    for frame in _sse_data(streamed.text):
        _assert_lead_view(frame)
    _assert_lead_view(both.get(f"{SITE}?lang=en", headers=SELF).json())
