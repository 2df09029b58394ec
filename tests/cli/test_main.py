"""The command line: a terminal conversation through the same engine, and demo seeding."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bot.cli.demo import DEMO_LEADS, seed_demo
from bot.cli.main import app, shared_state_problem
from bot.store import repo
from bot.store.db import session_scope
from tests.conftest import make_services, make_settings


def test_chat_in_the_terminal_is_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "chat.db"
    monkeypatch.setenv("SETTER_DATABASE_URL", f"sqlite:///{db}")
    for name in ("SETTER_LLM_BASE_URL", "OPENAI_API_KEY", "SETTER_LLM_API_KEY", "AZURE_OPENAI_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    script = "\n".join(["Wir verlieren Anfragen, weil keiner zurückruft.", "Ich bin der Inhaber.",
                        "So 500 Euro im Monat.", "Bis Ende Juni."]) + "\n"
    result = CliRunner().invoke(app, ["chat", "--lang", "de"], input=script)
    assert result.exit_code == 0, result.output
    # The timeline is asked twice (the lead answers other things); with budget, authority and
    # need known the lead is then handed off, and the chat ends before the fourth line is read.
    assert result.output.count("bot> ") == 4
    assert "deterministic" in result.output
    assert "next: handoff" in result.output
    assert "«500 Euro im Monat»" in result.output or "500 Euro im Monat" in result.output
    assert db.exists()


def test_chat_rejects_an_unknown_language() -> None:
    result = CliRunner().invoke(app, ["chat", "--lang", "fr"])
    assert result.exit_code == 2
    assert "de or en" in result.output


def test_demo_seeding_creates_scored_leads_with_conversations(sqlite_engine: Engine) -> None:
    assert seed_demo(make_services(sqlite_engine)) == len(DEMO_LEADS)
    with session_scope(sqlite_engine) as session:
        leads = repo.list_leads(session, band=None, stage=None, sort="-score", limit=50, offset=0)
        assert len(leads) == len(DEMO_LEADS)
        assert all(lead.score.get("reasons") for lead in leads)
        totals = [lead.score_total for lead in leads]
        assert len(set(totals)) > 1
        assert repo.current_facts(session, lead_id=leads[0].id)


def test_serve_warns_when_sqlite_workers_would_not_share_live_messages() -> None:
    alone = make_settings(redis_url=None, rate_limits="on")
    problem = shared_state_problem("sqlite", alone, 2)
    assert problem and "SETTER_REDIS_URL" in problem and "rate limits" in problem
    assert "rate limits" not in (shared_state_problem("sqlite", make_settings(
        redis_url=None, rate_limits="off"), 2) or "")
    assert shared_state_problem("sqlite", alone, 1) is None
    assert shared_state_problem("postgresql", alone, 2) is None  # NOTIFY carries live messages
    assert shared_state_problem("sqlite", make_settings(redis_url="redis://127.0.0.1:6379/0"),
                                2) is None
