"""A started server has already loaded what a first turn needs (the learned extraction model
and its look-up tables, the reply templates, the extractor's fingerprint), so the first lead
after a start does not wait for it; the warm-up stores nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

import prompts
from bot.conversation import recall, warmup
from bot.conversation.templates import LANGS, template_for
from bot.extract.learned import model as learned
from bot.store.models import Conversation, Lead, MessageRow
from tests.conftest import make_services, make_settings
from web.app import create_app


def _forget_everything_loaded() -> None:
    learned.shipped.cache_clear()
    prompts.environment.cache_clear()
    recall.fingerprint.cache_clear()


def _loaded_templates() -> set[str]:
    cache = prompts.environment().cache
    return {name for (_loader, name) in cache} if cache is not None else set()


def test_a_started_server_has_loaded_what_the_first_turn_needs(sqlite_engine: Engine) -> None:
    _forget_everything_loaded()
    assert learned.shipped.cache_info().currsize == 0
    app = create_app(make_settings(reactivation_interval=0), make_services(sqlite_engine))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        model = learned.shipped()
        assert learned.shipped.cache_info().hits >= 1  # loaded before: this call was a hit
        assert model is not None
        assert {"_message_heads", "_pair_indexes"} <= set(vars(model))  # tables built
        assert {template_for(lang) for lang in LANGS} <= _loaded_templates()
        assert recall.fingerprint.cache_info().currsize == 1


def test_the_warm_up_stores_nothing(sqlite_engine: Engine) -> None:
    warmup.warm_up(make_services(sqlite_engine))
    with sqlite_engine.connect() as connection:
        for table in (Lead, Conversation, MessageRow):
            assert connection.execute(select(func.count()).select_from(table)).scalar_one() == 0


def test_a_failing_warm_up_does_not_stop_the_server(sqlite_engine: Engine,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    def broken(_services: object) -> None:
        raise RuntimeError("no model file")

    monkeypatch.setattr(warmup, "warm_up", broken)
    app = create_app(make_settings(reactivation_interval=0), make_services(sqlite_engine))
    with TestClient(app) as client:
        started = client.post("/api/v1/conversations", json={"lang": "de"})
    assert started.status_code == 201
    assert "warm-up failed" in caplog.text
