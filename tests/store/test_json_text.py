"""The store's JSON columns are written by orjson (bot.store.json_text) and read back as the
standard library wrote them; what orjson refuses is written by `json` as before. On SQLite
and PostgreSQL."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sqlalchemy import Engine, text

from bot.conversation import turn
from bot.store.db import session_scope
from bot.store.json_text import dumps
from tests.conftest import make_services

VALUES = [
    {"total": 70, "band": "warm", "reasons": [{"why": "Branche 'Steuerbüro' → hoch", "points": 5}]},
    {2: "two", False: "no", None: "none", "nested": {"list": [1, 2.5, -0.0, 1e16, 1e-7]}},
    ("a", "tuple"),
    {"big": 2**70, "small": -(2**70)},  # beyond 64 bits: orjson refuses, json writes it
    {"surrogate": "\ud800"},  # not UTF-8: orjson refuses, json escapes it
    [18446744073709551615, -9223372036854775808],  # the 64-bit ends orjson writes itself
    "plain", 0, None, [], {},
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_what_is_written_reads_back_as_the_standard_librarys_text(value: object) -> None:
    assert json.loads(dumps(value)) == json.loads(json.dumps(value))


def test_the_text_is_compact_utf8_and_the_standard_library_takes_what_orjson_refuses() -> None:
    assert dumps({"a": [1, 2], "name": "Grüße"}) == '{"a":[1,2],"name":"Grüße"}'
    assert dumps({"big": 2**70}) == json.dumps({"big": 2**70})
    assert dumps({"x": np.float64(1.5)}) == json.dumps({"x": 1.5})  # a float json knows
    with pytest.raises(TypeError):  # neither writes a set
        dumps({"set": {1, 2}})


def test_a_non_finite_float_is_written_as_null_not_as_nan() -> None:
    assert json.loads(dumps({"x": math.nan, "y": math.inf})) == {"x": None, "y": None}


def test_a_turn_writes_its_json_columns_through_orjson(db_engine: Engine) -> None:
    svc = make_services(db_engine)
    started = turn.start_conversation(svc, channel="api", lang="de", lead_fields={}, context={})
    turn.handle_message(svc, conversation_id=started.conversation_id, token=started.token,
                        text="Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.")
    cast = "CAST(extracted AS TEXT)"
    with session_scope(db_engine) as session:
        stored = session.execute(text(f"SELECT {cast} FROM messages WHERE conversation_id = :c "
                                      "AND role = 'lead'"), {"c": started.conversation_id}).scalar_one()
        score = session.execute(text("SELECT CAST(score AS TEXT) FROM leads WHERE id = :l"),
                                {"l": started.lead_id}).scalar_one()
    assert "Steuerbüro" in stored  # json.dumps wrote "Steuerb\\u00fcro"
    assert json.loads(stored)["c"]  # the kept extraction: what the turn read
    assert json.loads(score)["total"] > 0
    for written in (stored, score):  # orjson's text exactly, not json.dumps' spaced one
        assert written == dumps(json.loads(written)) != json.dumps(json.loads(written))
