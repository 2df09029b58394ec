"""JSON columns are written with orjson and read back as the standard library would read
what it wrote, including the values orjson alone would get wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bot.store import repo
from bot.store.db import session_scope
from bot.store.json_codec import dumps, loads
from bot.store.models import Lead

VALUES: list[Any] = [
    None, 0, -3, 2.5, 1e-7, "Jürgen Weiß 👷", [], {},
    {"parts": {"budget": 20, "need": 25}, "reasons": ["Budget genannt: „500 €“"], "ok": True},
    [1, [2, [3, {"x": None}]]],
    2**63 - 1, 2**64, 10**30, -(10**25),  # past 64 bits orjson writes nothing, reads floats
    {"id": "1234567890123456789012"},  # a long run of digits inside a string
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_read_back_as_written(value: Any) -> None:
    assert loads(dumps(value)) == value
    assert loads(json.dumps(value)) == value  # rows written before (json.dumps) read the same
    assert json.loads(dumps(value)) == value  # and what is written now is standard JSON


def test_keys_that_are_not_text_are_written_as_json_dumps_writes_them() -> None:
    keyed = {1: "a", 2.5: "b", None: "c"}
    assert loads(dumps(keyed)) == json.loads(json.dumps(keyed)) == {"1": "a", "2.5": "b", "null": "c"}


def test_nan_written_by_the_standard_library_still_reads() -> None:
    value = loads(json.dumps({"x": float("inf")}))
    assert value == {"x": float("inf")}


def test_a_lead_context_round_trips_through_the_database(db_engine: Engine) -> None:
    context = {"utm_source": "Müller & Söhne", "nested": {"list": [1, 2.5, None]}}
    big = {"big": 10**30, "id": "1234567890123456789012"}
    with session_scope(db_engine) as session:
        ids = [repo.create_lead(session, lang="de", context=value, fields={}).id
               for value in (context, big)]
    with session_scope(db_engine) as session:
        stored = [session.get(Lead, lead_id) for lead_id in ids]
        assert [lead.context for lead in stored if lead] == [context, big]
        raw = session.connection().execute(
            text("SELECT CAST(context AS TEXT) FROM leads WHERE id = :id"), {"id": ids[0]}).scalar_one()
    assert "Müller & Söhne" in raw  # stored as UTF-8 text, searchable as the lead wrote it
