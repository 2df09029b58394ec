"""Security headers on everything served, /docs switchable off, retention at start-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.clock import utcnow
from bot.store.db import session_scope
from bot.store.models import Lead
from tests.conftest import API_KEY, make_services, make_settings
from web.app import create_app


def test_every_response_is_nosniff_with_a_restrictive_policy(sqlite_client: TestClient) -> None:
    responses = [sqlite_client.get("/healthz"), sqlite_client.get("/api/v1/leads"),
                 sqlite_client.post("/api/v1/conversations", content=b"{",
                                     headers={"Content-Type": "application/json"}),
                 sqlite_client.get("/nowhere"), sqlite_client.get("/openapi.json"),
                 sqlite_client.post("/api/v1/conversations", json={"lang": "de"})]
    assert [r.status_code for r in responses] == [200, 401, 400, 404, 200, 201]
    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_even_an_unexpected_server_error_carries_the_headers(sqlite_engine: Engine,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug answers 500 from Starlette's outermost error middleware: that answer, too, is
    nosniff with the restrictive policy, and so are 405 and 413."""
    from web.api import conversations

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(conversations.engine, "start_conversation", broken)
    app = create_app(make_settings(), make_services(sqlite_engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        responses = [client.post("/api/v1/conversations", json={"lang": "de"}),
                     client.put("/api/v1/conversations", json={}),
                     client.post("/api/v1/conversations", content=b"x" * (21 * 1024 * 1024),
                                 headers={"Content-Type": "application/json"})]
    assert [r.status_code for r in responses] == [500, 405, 413]
    assert responses[0].json()["error"]["code"] == "internal_error"
    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert response.headers["referrer-policy"] == "no-referrer"


def test_the_docs_page_may_load_only_swagger_ui(sqlite_client: TestClient) -> None:
    page = sqlite_client.get("/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()
    policy = page.headers["content-security-policy"]
    assert "script-src 'self' https://cdn.jsdelivr.net" in policy
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy


def test_docs_can_be_switched_off(sqlite_engine: Engine) -> None:
    app = create_app(make_settings(docs="off"), make_services(sqlite_engine))
    with TestClient(app) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/redoc").status_code == 404
        assert client.get("/openapi.json").status_code == 404
        assert client.get("/api/v1/leads", headers={"X-API-Key": API_KEY}).status_code == 200


def test_retention_erases_inactive_leads_when_the_server_starts(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as session:
        old = Lead(email="old@example.org", updated_at=utcnow() - timedelta(days=40))
        new = Lead(email="new@example.org")
        session.add_all([old, new])
    app = create_app(make_settings(retention_days=30), make_services(sqlite_engine))
    with TestClient(app):
        pass
    with session_scope(sqlite_engine) as session:
        assert session.get(Lead, old.id).email is None  # type: ignore[union-attr]
        assert session.get(Lead, new.id).email == "new@example.org"  # type: ignore[union-attr]
