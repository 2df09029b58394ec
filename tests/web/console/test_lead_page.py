"""The lead page: transcript with evidence linked to facts, BANT card, score and reasons."""

from __future__ import annotations

from tests.conftest import API_KEY
from tests.web.console.conftest import Console
from tests.web.console.helpers import QUALIFIED, SCRIPT, login, seed, soup


def test_quotes_are_highlighted_and_linked_to_their_facts(console_both: Console) -> None:
    console = console_both
    lead = seed(console.services, QUALIFIED, name="Priya Shah", company="Shah Legal")
    login(console.client, "setter@example.com")
    page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    record = console.client.get(f"/api/v1/leads/{lead.lead_id}",
                                headers={"X-API-Key": API_KEY}).json()
    marks = page.select("#transcript mark.quote")
    quoted = {f["quote"] for f in record["fact_history"] if f["message_id"]}  # superseded too
    assert {m.get_text() for m in marks} == quoted
    assert {f["quote"] for f in record["facts"].values() if f} <= quoted
    for mark in marks:
        fact = page.select_one(mark.a["href"])  # #fact-<id> on the BANT card
        assert fact is not None and fact.find("a", href=f"#{mark['id']}") is not None
    lines = [m.select_one(".msg-text").get_text() for m in page.select("#transcript .msg-lead")]
    assert lines == QUALIFIED
    assert page.select_one("#transcript .channel").get_text() == "Web"


def test_score_card_shows_every_reason_and_a_chart(console: Console) -> None:
    lead = seed(console.services, QUALIFIED, name="Priya Shah")
    login(console.client, "setter@example.com")
    page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    record = console.client.get(f"/api/v1/leads/{lead.lead_id}",
                                headers={"X-API-Key": API_KEY}).json()
    score = page.select_one("#score")
    assert score.select_one(".score").get_text() == str(record["score"]["total"])
    shown = sorted(int(td.get_text()) for td in score.select("td.points"))
    assert shown == sorted(r["points"] for r in record["score"]["reasons"])
    assert len(score.select("svg.chart circle")) >= 2  # one point per score change
    assert page.select_one("#bant .slot-budget .fact-value").get_text() == "bis 2,000 EUR/Monat"


def test_lead_text_is_escaped_everywhere_on_the_lead_page(console: Console) -> None:
    lead = seed(console.services, [SCRIPT, f"Why {SCRIPT} would I pay?"], name=SCRIPT,
                company=SCRIPT, email="x@script.example", job_title=SCRIPT)
    login(console.client, "setter@example.com")
    for path in (f"/console/leads/{lead.lead_id}", f"/console/leads/{lead.lead_id}/transcript"):
        response = console.client.get(path)
        assert response.status_code == 200
        assert SCRIPT not in response.text
        page = soup(response.text)
        assert all(tag.get("src") for tag in page.find_all("script"))
        assert SCRIPT in page.get_text()
    page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    assert page.find("h1").get_text() == SCRIPT
    assert SCRIPT in page.select_one("#questions").get_text()  # the lead's open question
    assert SCRIPT in page.select_one("#actions textarea[name=summary]").get_text()
