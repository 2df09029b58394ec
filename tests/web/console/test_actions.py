"""Actions on a lead go through the bot's functions: the record, score, queue and webhooks
reflect them at once, and each is recorded with who and when."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.clock import utcnow
from bot.store.db import session_scope
from bot.store.models import LeadAction, WebhookDelivery
from tests.conftest import API_KEY
from tests.web.console.conftest import Console
from tests.web.console.helpers import PARTIAL, QUALIFIED, login, post, seed, soup


def _record(console: Console, lead_id: str) -> dict:
    return console.client.get(f"/api/v1/leads/{lead_id}", headers={"X-API-Key": API_KEY}).json()


def _trail(console: Console, lead_id: str) -> list[tuple[str, str]]:
    with session_scope(console.engine) as session:
        rows = session.exec(select(LeadAction).where(LeadAction.lead_id == lead_id))
        return [(row.kind, row.actor) for row in rows]


def test_correcting_the_budget_supersedes_the_bot_and_rescores(console_both: Console) -> None:
    console = console_both
    lead = seed(console.services, PARTIAL + ["Right now we have no budget for this."], name="Tom")
    login(console.client, "setter@example.com")
    before = _record(console, lead.lead_id)
    response = post(console.client, f"/console/leads/{lead.lead_id}/correct", {
        "slot": "budget", "min": "3.000", "max": "5000", "currency": "eur", "period": "month",
        "note": "said so on the phone"})
    assert response.status_code == 303
    after = _record(console, lead.lead_id)
    budget = after["facts"]["budget"]
    assert (budget["min"], budget["max"], budget["currency"], budget["source"]) == (
        3000, 5000, "EUR", "setter")
    assert after["score"]["total"] > before["score"]["total"]
    history = [f for f in after["fact_history"] if f["slot"] == "budget"]
    assert [f["source"] for f in history] == ["rules", "setter"] and history[0]["superseded_by"]
    page = soup(console.client.get(response.headers["location"]).text)
    card = page.select_one("#bant .slot-budget")
    assert card.select_one(".fact-value").get_text() == "3,000–5,000 EUR/Monat"
    assert "Setter" in card.select_one(".fact-meta").get_text()
    assert card.select_one(".superseded s").get_text() == "kein Budget"
    assert page.select_one("#score .score").get_text() == str(after["score"]["total"])
    assert ("correct_fact", "setter@example.com") in _trail(console, lead.lead_id)


def test_bad_correction_is_explained_and_changes_nothing(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Tom")
    login(console.client, "setter@example.com")
    response = post(console.client, f"/console/leads/{lead.lead_id}/correct",
                    {"slot": "budget", "min": "lots"})
    assert response.status_code == 422
    assert "not a number" in soup(response.text).select_one(".error-message").get_text()
    assert _record(console, lead.lead_id)["facts"]["budget"] is None
    assert _trail(console, lead.lead_id) == []


def test_hand_off_to_a_closer_with_summary_queues_the_webhook(console_both: Console) -> None:
    console = console_both
    lead = seed(console.services, QUALIFIED, name="Priya Shah", company="Shah Legal")
    login(console.client, "setter@example.com")
    page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    summary = page.select_one("textarea[name=summary]").get_text()
    assert "Priya Shah" in summary and "Our intake is a mess" in summary
    assert f"/console/leads/{lead.lead_id}" in summary
    response = post(console.client, f"/console/leads/{lead.lead_id}/handoff",
                    {"closer_id": str(console.closer), "summary": summary})
    assert response.status_code == 303
    record = _record(console, lead.lead_id)
    assert record["stage"] == "handed_off"
    assert record["stage_history"][-1]["actor"] == "setter@example.com"
    with session_scope(console.engine) as session:
        events = [d.event for d in session.exec(select(WebhookDelivery).where(
            WebhookDelivery.lead_id == lead.lead_id))]
    assert "lead.handed_off" in events
    queue = soup(console.client.get("/console?stage=handed_off").text)
    assert [a.get_text(strip=True) for a in queue.select("a.lead-link")] == ["Priya Shah"]


def test_disqualify_takes_the_lead_out_of_the_queue(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Tom")
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/leads/{lead.lead_id}/disqualify",
                {"reason": "no budget", "detail": "student project"}).status_code == 303
    record = _record(console, lead.lead_id)
    assert record["stage"] == "disqualified"
    assert record["stage_history"][-1]["reason"] == "no budget – student project"
    assert "Tom" not in soup(console.client.get("/console").text).get_text()


def test_blacklist_rule_from_the_lead_disqualifies_its_domain(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Tom", email="tom@spam-factory.example")
    other = seed(console.services, PARTIAL, name="Tina", email="tina@spam-factory.example")
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/leads/{lead.lead_id}/blacklist",
                {"kind": "email_domain", "reason": "sells leads"}).status_code == 303
    assert _record(console, other.lead_id)["stage"] == "disqualified"
    assert _record(console, lead.lead_id)["stage"] == "disqualified"
    assert ("blacklist", "setter@example.com") in _trail(console, lead.lead_id)


def test_reactivation_date_parks_the_lead_and_shows_it_when_due(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Tom")
    login(console.client, "setter@example.com")
    when = utcnow().date() + timedelta(days=14)  # the server's day is UTC's
    assert post(console.client, f"/console/leads/{lead.lead_id}/reactivate",
                {"on": when.isoformat()}).status_code == 303
    record = _record(console, lead.lead_id)
    assert record["stage"] == "nurture"
    assert record["next_action"]["kind"] == "reactivate"
    assert record["next_action"]["due"].startswith(when.isoformat())
    assert "Tom" not in soup(console.client.get("/console?due=1").text).get_text()
    assert post(console.client, f"/console/leads/{lead.lead_id}/reactivate",
                {"on": "2001-01-01"}).status_code == 422


def test_note_and_lost_with_reason_are_recorded(console: Console) -> None:
    lead = seed(console.services, QUALIFIED, name="Priya")
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/leads/{lead.lead_id}/note",
                {"text": "prefers calls after 4 pm"}).status_code == 303
    assert post(console.client, f"/console/leads/{lead.lead_id}/close",
                {"outcome": "lost", "reason": ""}).status_code == 422
    assert post(console.client, f"/console/leads/{lead.lead_id}/close",
                {"outcome": "lost", "reason": "went with a competitor"}).status_code == 303
    assert _record(console, lead.lead_id)["stage"] == "lost"
    page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    history = page.select_one("#history").get_text(" ", strip=True)
    assert "prefers calls after 4 pm" in history and "went with a competitor" in history
    assert [k for k, _ in _trail(console, lead.lead_id)] == ["note", "lost"]
