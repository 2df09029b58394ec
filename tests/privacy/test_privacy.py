"""Export and erase leave nothing personal behind; erasure requests reach the admin."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlmodel import SQLModel
from typer.testing import CliRunner

from bot import privacy
from bot.clock import utcnow
from bot.privacy import asks
from bot.store.db import session_scope
from bot.store.models import Lead, WebhookDelivery
from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}
EMAIL = "anna.sonnenschein@kanzlei-example.org"
PHRASE = "Kanzlei Sonnenschein verliert jede Woche Anfragen"


def everything_stored(engine: Engine) -> str:
    """Every value of every table as text: what a search of the database would find."""
    parts: list[str] = []
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    parts.append(bytes(value).decode("utf-8", "replace")
                                 if isinstance(value, bytes | memoryview) else json.dumps(value, default=str,
                                                                                         ensure_ascii=False))
    return "\n".join(parts)


def _chat(client: TestClient) -> dict[str, Any]:
    started = client.post("/api/v1/conversations", json={
        "lang": "de", "lead": {"name": "Anna Sonnenschein", "email": EMAIL, "company": "Kanzlei"}}).json()
    auth = {"Authorization": f"Bearer {started['token']}"}
    for text in (PHRASE + ", weil keiner zurückruft.", "Ich bin die Inhaberin.", "So 500 Euro im Monat."):
        assert client.post(f"/api/v1/conversations/{started['conversation_id']}/messages",
                           json={"text": text}, headers=auth).status_code == 200
    events = client.post(f"/api/v1/leads/{started['lead_id']}/events", headers=KEY, json={
        "events": [{"type": "page_view", "occurred_at": utcnow().isoformat(),
                    "props": {"url": f"/kontakt?email={EMAIL}"}}]})
    assert events.status_code == 201
    return started


def test_export_then_erase_leaves_nothing_personal(client: TestClient, db_engine: Engine) -> None:
    started = _chat(client)
    lead_id = started["lead_id"]
    with session_scope(db_engine) as session:  # a webhook row about the lead
        session.add(WebhookDelivery(lead_id=lead_id, url="http://127.0.0.1:9/hook", event="handoff",
                                    payload={"record": {"profile": {"email": EMAIL}}}))
    stage_before = client.get(f"/api/v1/leads/{lead_id}", headers=KEY).json()["stage"]

    exported = client.get(f"/api/v1/leads/{lead_id}/export", headers=KEY)
    assert exported.status_code == 200
    document = exported.json()
    assert document["lead"]["email"] == EMAIL
    assert any(PHRASE in m["text"] for m in document["messages"])
    assert {f["slot"] for f in document["facts"]} >= {"budget", "authority", "need"}
    assert document["events"] and document["webhook_deliveries"]
    assert "token_hash" not in json.dumps(document)
    assert EMAIL in everything_stored(db_engine) and PHRASE in everything_stored(db_engine)

    erased = client.delete(f"/api/v1/leads/{lead_id}", headers=KEY)
    assert erased.status_code == 200
    assert erased.json()["deleted"]["messages"] == 7

    stored = everything_stored(db_engine)
    assert EMAIL not in stored and PHRASE not in stored and "Sonnenschein" not in stored
    tombstone = client.get(f"/api/v1/leads/{lead_id}", headers=KEY).json()
    assert tombstone["stage"] == stage_before  # stage counts stay right
    assert tombstone["flags"] == ["erased"]
    assert set(tombstone["profile"].values()) == {None}
    assert tombstone["facts"] == {"budget": None, "authority": None, "need": None, "timing": None}
    transcript = client.get(f"/api/v1/conversations/{started['conversation_id']}",
                            headers={"Authorization": f"Bearer {started['token']}"})
    assert transcript.status_code == 404


def test_unknown_leads_and_missing_keys(client: TestClient) -> None:
    assert client.get("/api/v1/leads/nope/export", headers=KEY).status_code == 404
    assert client.delete("/api/v1/leads/nope", headers=KEY).status_code == 404
    assert client.delete("/api/v1/leads/nope").status_code == 401


def test_a_lead_asking_for_deletion_in_chat_is_shown_to_the_admin(client: TestClient) -> None:
    started = client.post("/api/v1/conversations", json={"lang": "de"}).json()
    client.post(f"/api/v1/conversations/{started['conversation_id']}/messages",
                json={"text": "Bitte löschen Sie alle meine Daten."},
                headers={"Authorization": f"Bearer {started['token']}"})
    record = client.get(f"/api/v1/leads/{started['lead_id']}", headers=KEY).json()
    assert "erasure_requested" in record["flags"]
    listed = client.get("/api/v1/privacy/erasure-requests", headers=KEY).json()["leads"]
    assert [lead["lead_id"] for lead in listed] == [started["lead_id"]]
    client.delete(f"/api/v1/leads/{started['lead_id']}", headers=KEY)
    assert client.get("/api/v1/privacy/erasure-requests", headers=KEY).json()["leads"] == []


ASKS = [
    # English
    "please delete my data", "I want you to erase all my personal information", "Forget me.",
    "Right to be forgotten, GDPR.", "Please unsubscribe me and delete my email address.",
    "Unsubscribe and delete everything you have on me.", "I want my data deleted.",
    "Please remove me from your list and delete all my data", "Delete me from your database.",
    "Please delete our data from your system.", "Kindly delete our contact details.",
    "Under GDPR I request the deletion of my personal data", "Please erase my account and all my messages",
    # German
    "Löschen Sie meine Daten!", "bitte löschen Sie meine Daten", "Bitte löschen Sie alle meine Daten.",
    "Bitte tragen Sie mich aus und löschen meine Adresse.", "Meine Daten bitte löschen.",
    "Ich möchte, dass meine Daten gelöscht werden.", "Löschen Sie bitte alle Daten über mich.",
    "Bitte austragen und Daten löschen.", "Löschen Sie mich bitte aus Ihrer Datenbank.",
    "Gemäß Art. 17 DSGVO verlange ich die Löschung meiner Daten.", "Bitte unsere Daten löschen.",
    "Löschen Sie alles, was Sie über mich gespeichert haben.",
    "Abmelden und meine E-Mail-Adresse löschen, danke.",
]
NOT_ASKS = [
    "Wir löschen Kundendaten nie.", "Our data is a mess.", "We delete old invoices by hand",
    "We have to delete customer data manually, that's our problem.", "We delete our customer data every year",
    "Does your tool delete data after 30 days (GDPR)?", "We want a tool to delete our old records.",
    "Please remove me from your list.", "don't forget me when the offer comes",
    "Can the bot remove duplicates from my contact list?", "Our patients forget the 6 month check-up",
    "Können Sie auch alte Daten löschen?", "Wir müssen Daten regelmäßig löschen, DSGVO-konform.",
    "Wir möchten unsere Kundendaten automatisch löschen können.",
    "Bitte tragen Sie mich aus Ihrem Verteiler aus.",
    "Ich habe meine Daten schon eingegeben, bitte melden Sie sich.", "dauerhafte Haarentfernung mit Laser",
]


@pytest.mark.parametrize("text", ASKS)
def test_deletion_requests_are_recognised(text: str) -> None:
    assert privacy.wants_erasure(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_other_talk_about_data_is_not_a_request(text: str) -> None:
    """A false request would mark a buyer do-not-contact."""
    assert not privacy.wants_erasure(text)


def test_retention_erases_inactive_leads_only(client: TestClient, db_engine: Engine) -> None:
    old, fresh = _chat(client)["lead_id"], _chat(client)["lead_id"]
    with session_scope(db_engine) as session:
        session.get(Lead, old).updated_at = utcnow() - timedelta(days=400)  # type: ignore[union-attr]
    with session_scope(db_engine) as session:
        assert privacy.erase_inactive(session, days=365) == [old]
        assert privacy.erase_inactive(session, days=365) == []
    with session_scope(db_engine) as session:
        assert session.get(Lead, fresh).email == EMAIL  # type: ignore[union-attr]
        assert session.get(Lead, old).email is None  # type: ignore[union-attr]


def test_the_command_line_exports_and_erases(sqlite_client: TestClient, sqlite_engine: Engine,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli.main import app

    lead_id = _chat(sqlite_client)["lead_id"]
    monkeypatch.setenv("SETTER_DATABASE_URL", str(sqlite_engine.url))
    exported = CliRunner().invoke(app, ["leads", "export", lead_id])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)["lead"]["email"] == EMAIL
    erased = CliRunner().invoke(app, ["leads", "erase", lead_id, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "erased lead" in erased.output
    assert EMAIL not in everything_stored(sqlite_engine)
    assert CliRunner().invoke(app, ["leads", "erase", "nope", "--yes"]).exit_code == 1


def test_nothing_is_lost_for_a_lead_that_never_chatted(tmp_path: Path, db_engine: Engine) -> None:
    with session_scope(db_engine) as session:
        lead = Lead(email=EMAIL)
        session.add(lead)
        session.flush()
        lead_id = lead.id
    with session_scope(db_engine) as session:
        assert privacy.export_lead(session, lead_id)["messages"] == []  # type: ignore[index]
        assert privacy.erase_lead(session, lead_id) is not None
    assert EMAIL not in everything_stored(db_engine)


def test_an_erased_lead_cannot_be_read_from_the_sqlite_files(sqlite_client: TestClient,
                                                              sqlite_engine: Engine) -> None:
    """A search of the raw database file and its write-ahead log (not only of the rows)
    finds neither the email nor a phrase of the transcript after the erasure: SQLite keeps
    deleted rows in free space and old page images in the WAL unless told otherwise."""
    lead_id = _chat(sqlite_client)["lead_id"]
    for _ in range(3):  # updated rows leave their earlier versions behind in the pages
        sqlite_client.post(f"/api/v1/leads/{lead_id}/events", headers=KEY, json={
            "events": [{"type": "email_opened", "occurred_at": utcnow().isoformat()}]})
    database = Path(str(sqlite_engine.url.database))
    files = [database, database.with_name(database.name + "-wal")]

    def raw() -> bytes:
        return b"".join(path.read_bytes() for path in files if path.exists())

    assert EMAIL.encode() in raw()
    assert sqlite_client.delete(f"/api/v1/leads/{lead_id}", headers=KEY).status_code == 200
    found = raw()
    assert EMAIL.encode() not in found and PHRASE.encode() not in found
    assert b"Sonnenschein" not in found


def test_every_request_pattern_names_a_stem_the_quick_search_looks_for() -> None:
    """`wants_erasure` runs the patterns only on a message naming a stem: a pattern that
    could match without one would miss requests (a new pattern needs its stem added)."""
    for pattern in asks.EN + asks.DE:
        assert asks.STEMS.search(pattern), pattern


@pytest.mark.parametrize("text", [*ASKS, *NOT_ASKS])
def test_the_quick_search_decides_as_the_patterns_do(text: str) -> None:
    for variant in (text, text.upper(), text.swapcase(), text.replace("s", "ſ"), f"Hallo! {text} Danke"):
        assert privacy.wants_erasure(variant) == (asks._ASKS.search(variant) is not None), variant
