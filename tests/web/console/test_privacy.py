"""Export and erase from the lead page, and the erasure requests: setters and admins export,
only admins erase (after typing the confirmation word), the tombstone breaks nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.store.db import session_scope
from bot.store.models import Lead
from tests.web.console.conftest import Console
from tests.web.console.helpers import PARTIAL, QUALIFIED, SCRIPT, login, post, seed, soup

ASKS = "Bitte löschen Sie alle meine Daten."


def _history(console: Console, lead_id: str) -> list[str]:
    page = soup(console.client.get(f"/console/leads/{lead_id}").text)
    return [row.get_text(" ", strip=True) for row in page.select("#history tr.action-row")]


def test_a_setter_exports_everything_about_a_lead_as_json(console: Console) -> None:
    lead = seed(console.services, QUALIFIED, name="Priya Shah", email="p@shah.example")
    login(console.client, "setter@example.com")
    page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    form = page.select_one("#privacy form[action$='/export']")
    assert form["method"] == "post" and form.select_one("input[name=csrf]")["value"]
    assert page.select_one("#privacy a[href$='/erase']") is None  # erasing is for admins
    response = post(console.client, f"/console/leads/{lead.lead_id}/export", {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"] == \
        f'attachment; filename="lead-{lead.lead_id}.json"'
    document = json.loads(response.text)
    assert document["lead"]["name"] == "Priya Shah" and document["lead"]["email"] == "p@shah.example"
    assert QUALIFIED[0] in [m["text"] for m in document["messages"]]
    assert {f["slot"] for f in document["facts"]} == {"budget", "authority", "need", "timing"}
    assert all("token_hash" not in c for c in document["conversations"])
    assert _history(console, lead.lead_id)[-1].endswith("Daten exportiert setter@example.com")


def test_closers_and_forged_forms_cannot_export(console: Console) -> None:
    lead = seed(console.services, QUALIFIED, name="Mine Person")
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/leads/{lead.lead_id}/export", {},
                token="forged").status_code == 403
    post(console.client, f"/console/leads/{lead.lead_id}/handoff",
         {"closer_id": str(console.closer), "summary": "s"})
    console.client.cookies.clear()
    login(console.client, "closer@example.com")
    assert soup(console.client.get(f"/console/leads/{lead.lead_id}").text).select_one("#privacy") is None
    refused = post(console.client, f"/console/leads/{lead.lead_id}/export", {})
    assert refused.status_code == 403
    assert soup(refused.text).find("h1").get_text(strip=True) == "Nicht erlaubt"


def test_an_admin_erases_a_lead_after_typing_the_word(console_both: Console) -> None:
    console = console_both
    gone = seed(console.services, QUALIFIED, name="Erin Erased", email="erin@gone.example",
                company="Gone GmbH")
    kept = seed(console.services, PARTIAL, name="Kim Kept")
    login(console.client, "admin@example.com")
    lead_page = soup(console.client.get(f"/console/leads/{gone.lead_id}").text)
    assert lead_page.select_one("#privacy a[href$='/erase']")["href"] == \
        f"/console/leads/{gone.lead_id}/erase"
    confirm = soup(console.client.get(f"/console/leads/{gone.lead_id}/erase").text)
    rows = {tr.select("td")[0].get_text(): int(tr.select("td")[1].get_text())
            for tr in confirm.select("table.erase-rows tbody tr")}
    assert rows["Nachrichten"] >= 6 and rows["Fakten"] >= 4 and rows["Gespräche"] == 1
    assert confirm.select_one("label").get_text(" ", strip=True) == "Zur Bestätigung LÖSCHEN eingeben"

    wrong = post(console.client, f"/console/leads/{gone.lead_id}/erase", {"confirm": "ja"})
    assert wrong.status_code == 422
    assert soup(wrong.text).select_one("[role=alert]").get_text(strip=True) == \
        "Zur Bestätigung das angezeigte Wort genau so eingeben."
    with session_scope(console.engine) as session:
        assert session.get(Lead, gone.lead_id).name == "Erin Erased"

    done = post(console.client, f"/console/leads/{gone.lead_id}/erase", {"confirm": "löschen"})
    assert (done.status_code, done.headers["location"]) == (303, "/console?done=erased")
    queue = console.client.get(done.headers["location"])
    assert queue.status_code == 200
    page = soup(queue.text)
    assert page.select_one("p.done").get_text(strip=True).startswith(
        "Die personenbezogenen Daten des Leads wurden gelöscht")
    tombstone = page.select_one(f"tr.lead-row[data-lead-id='{gone.lead_id}']")
    assert tombstone.select_one("a.lead-link").get_text(strip=True) == gone.lead_id[:8]
    assert tombstone.select_one(".erased").get_text() == "gelöscht"
    assert tombstone.select_one(".action").get_text(strip=True) == "–"
    assert "Erin" not in queue.text and "Gone GmbH" not in queue.text
    assert "Kim Kept" in queue.text

    with session_scope(console.engine) as session:
        lead = session.get(Lead, gone.lead_id)
        assert (lead.name, lead.email, lead.company, lead.flags) == (None, None, None, ["erased"])
    after = console.client.get(f"/console/leads/{gone.lead_id}")
    assert after.status_code == 200
    assert soup(after.text).select_one("#erased-note") is not None
    assert soup(after.text).select_one("#actions form") is None
    [only] = _history(console, gone.lead_id)  # the erasure is the one entry left
    assert only.endswith("personenbezogene Daten gelöscht admin@example.com")
    assert console.client.get("/console/dashboard").status_code == 200
    exported = list(csv.DictReader(io.StringIO(console.client.get("/console/export.csv").text)))
    assert {r["id"] for r in exported} == {gone.lead_id, kept.lead_id}
    assert post(console.client, f"/console/leads/{gone.lead_id}/erase",
                {"confirm": "LÖSCHEN"}).status_code == 409
    assert post(console.client, f"/console/leads/{kept.lead_id}/erase",
                {"confirm": "ERASE"}).status_code == 303  # the English word works too


def test_setters_cannot_erase(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Safe Sam")
    login(console.client, "setter@example.com")
    page = console.client.get(f"/console/leads/{lead.lead_id}/erase")
    assert page.status_code == 403
    assert soup(page.text).find("h1").get_text(strip=True) == "Nicht erlaubt"
    assert post(console.client, f"/console/leads/{lead.lead_id}/erase",
                {"confirm": "LÖSCHEN"}).status_code == 403
    assert console.client.get("/console/admin/privacy").status_code == 403
    with session_scope(console.engine) as session:
        assert session.get(Lead, lead.lead_id).name == "Safe Sam"


def test_the_admin_sees_who_asked_to_be_erased(console: Console) -> None:
    asked = seed(console.services, ["Wir sind eine Kanzlei.", ASKS], name=SCRIPT,
                 email="asks@example.com")
    seed(console.services, PARTIAL, name="Quiet Quinn")
    login(console.client, "admin@example.com")
    response = console.client.get("/console/admin/privacy")
    assert SCRIPT not in response.text
    page = soup(response.text)
    rows = page.select("table.erasure-requests tbody tr[data-lead-id]")
    assert [r["data-lead-id"] for r in rows] == [asked.lead_id]
    assert rows[0].select_one("a.lead-link").get_text() == SCRIPT
    assert rows[0].select("td")[1].get_text(strip=True) == "Chat"
    assert rows[0].select_one("a[href$='/erase']")["href"] == f"/console/leads/{asked.lead_id}/erase"
    lead_page = soup(console.client.get(f"/console/leads/{asked.lead_id}").text)
    assert lead_page.select_one("#erasure-request a")["href"] == f"/console/leads/{asked.lead_id}/erase"
    confirm = soup(console.client.get(f"/console/leads/{asked.lead_id}/erase").text)
    assert "um Löschung seiner Daten gebeten" in confirm.select_one(".notice").get_text()
    assert post(console.client, f"/console/leads/{asked.lead_id}/erase",
                {"confirm": "LÖSCHEN"}).status_code == 303
    after = soup(console.client.get("/console/admin/privacy").text)
    assert after.select("table.erasure-requests tbody tr[data-lead-id]") == []
    assert after.select_one("table.erasure-requests td.muted").get_text() == "Keine Löschanfragen."


def test_erase_pages_in_english(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Eng Lish")
    login(console.client, "admin@example.com")
    post(console.client, "/console/settings/lang", {"lang": "en", "next": "/console"})
    confirm = soup(console.client.get(f"/console/leads/{lead.lead_id}/erase").text)
    assert confirm.find("h1").get_text(strip=True) == "Erase personal data"
    assert confirm.select_one("label").get_text(" ", strip=True) == "Type ERASE to confirm"
    assert "messages" in [tr.select_one("td").get_text() for tr in confirm.select("table.erase-rows tr")
                          if tr.select_one("td")]


def test_a_table_added_later_is_listed_in_words_not_as_its_key(console: Console,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The confirmation page counts rows per table; a table without a translation yet shows
    its name in words ("contact consents"), in both languages, never "table.contact_consents"."""
    from web.console import pages_privacy

    counts = pages_privacy._row_counts
    monkeypatch.setattr(pages_privacy, "_row_counts",
                        lambda session, lead_id: [*counts(session, lead_id), ("contact_consents", 2)])
    lead = seed(console.services, PARTIAL, name="New Table")
    login(console.client, "admin@example.com")
    for lang in ("de", "en"):
        post(console.client, "/console/settings/lang", {"lang": lang, "next": "/console"})
        confirm = soup(console.client.get(f"/console/leads/{lead.lead_id}/erase").text)
        labels = [tr.select_one("td").get_text() for tr in confirm.select("table.erase-rows tr")
                  if tr.select_one("td")]
        assert "contact consents" in labels and not any(label.startswith("table.") for label in labels)
