"""`setter import`: CSV rows become scored, blacklist-checked leads with their events."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from typer.testing import CliRunner

import scoring
from bot.cli import import_csv as import_cmd
from bot.cli.main import app
from bot.leads import blacklist
from bot.leads.scorekeeper import event_of, facts_of, profile_of
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead

MAPPING = """
[csv]
id = "ID"
missing = ["", "Select"]
as_of = "2026-02-01T00:00:00+00:00"

[outcome]
column = "Converted"
won = ["1"]
lost = ["0"]

[profile]
email = "Email"
company = "Company"
job_title = "Role"
source = "Source"

[facts]
budget = "Budget"

[[events]]
type = "page_view"
column = "Visits"
count = true

[events_csv]
lead = "lead"
type = "kind"
at = "at"

[events_csv.types]
"meeting" = "meeting_booked"
"""

LEADS = """ID,Email,Company,Role,Source,Budget,Visits,Converted
a1,anna@berger.de,Berger GmbH,Inhaberin,Referral,5000,3,
a2,max@students.example,Select,Student,Google,,1,
a3,priya@shah.com,Shah Legal,Managing Partner,Webinar,,0,1
"""

EVENTS = """lead,kind,at
a1,meeting,2026-01-30T10:00:00+00:00
a1,email_opened,2026-01-20T10:00:00+00:00
zz,email_opened,2026-01-20T10:00:00+00:00
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {"mapping": tmp_path / "map.toml", "leads": tmp_path / "leads.csv",
             "events": tmp_path / "events.csv"}
    for name, text in (("mapping", MAPPING), ("leads", LEADS), ("events", EVENTS)):
        paths[name].write_text(text.lstrip(), encoding="utf-8")
    return paths


def by_key(engine: Engine) -> dict[str, Lead]:
    with session_scope(engine) as session:
        return {lead.context["import"]["key"]: lead for lead in session.exec(select(Lead))}


def test_import_creates_scored_leads_with_events_and_outcomes(db_engine: Engine,
                                                             files: dict[str, Path]) -> None:
    model = scoring.load_model()
    with session_scope(db_engine) as session:
        blacklist.add_rule(session, kind="email_domain", pattern="students.example",
                           reason="students do not buy")
    seen: list[int] = []
    report = import_cmd.import_leads(db_engine, model, files["leads"], files["mapping"],
                                     events_csv=files["events"], progress=seen.append, chunk=2)
    assert (report.leads, report.events, report.disqualified, report.won, report.lost,
            report.orphan_events) == (3, 6, 1, 1, 0, 1)
    assert seen == [2, 3]
    leads = by_key(db_engine)
    assert leads["a2"].stage == "disqualified"
    assert leads["a2"].next_action == {"kind": "disqualify", "why": "blacklisted: students do not buy"}
    assert leads["a2"].company is None  # "Select" means not filled in
    assert leads["a3"].stage == "won"
    anna = leads["a1"]
    assert anna.company == "Berger GmbH" and anna.stage not in {"new", "disqualified"}
    with session_scope(db_engine) as session:
        stored = repo.events_of(session, lead_id=anna.id)
        assert sorted(e.type for e in stored) == ["email_opened", "meeting_booked", "page_view",
                                                  "page_view", "page_view"]
        assert facts_of(session, anna)["budget"] == {"has_budget": True, "min": 5000.0,
                                                     "max": 5000.0, "currency": None,
                                                     "period": None}
        expected = scoring.score(profile_of(anna), facts_of(session, anna),
                                 [event_of(e) for e in stored], anna.updated_at, model)
    assert anna.score_total == expected.total and anna.score_total > 0


def test_a_bad_event_names_the_lead_and_what_was_kept(sqlite_engine: Engine,
                                                      files: dict[str, Path]) -> None:
    files["events"].write_text("lead,kind,at\na3,email_opened,2099-01-01T00:00:00+00:00\n")
    with pytest.raises(import_cmd.ImportFailed, match="lead a3: .*in the future.*2 leads before"):
        import_cmd.import_leads(sqlite_engine, scoring.load_model(), files["leads"],
                                files["mapping"], events_csv=files["events"], chunk=2)
    assert set(by_key(sqlite_engine)) == {"a1", "a2"}


def test_the_cli_imports_and_reports(tmp_path: Path, files: dict[str, Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTER_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["import", str(files["leads"]), "--mapping",
                                      str(files["mapping"]), "--events", str(files["events"])])
    assert result.exit_code == 0, result.output
    assert "imported 3 leads and 6 events" in result.output
    assert "1 events skipped" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text('[profile]\nshoe_size = "Role"\n')
    result = CliRunner().invoke(app, ["import", str(files["leads"]), "--mapping", str(bad)])
    assert result.exit_code == 1 and "shoe_size" in result.output


def test_a_german_excel_export_imports_with_semicolons_and_its_encoding(db_engine: Engine,
                                                                       files: dict[str, Path]) -> None:
    """Excel on a German Windows saves "CSV" split by semicolons, in Windows-1252: the header
    line's delimiter is used when the mapping names none, and `[csv] encoding` reads it. NUL
    characters (cannot be stored on PostgreSQL) are dropped from the cells."""
    excel = LEADS.replace(",", ";").replace("Berger GmbH", "Bäcker Müller\x00 GmbH")
    files["leads"].write_bytes(excel.encode("cp1252"))
    files["events"].write_text(EVENTS.replace(",", ";"), encoding="utf-8")
    files["mapping"].write_text(MAPPING.replace('[csv]\n', '[csv]\nencoding = "cp1252"\n'))
    report = import_cmd.import_leads(db_engine, scoring.load_model(), files["leads"],
                                     files["mapping"], events_csv=files["events"])
    assert (report.leads, report.events) == (3, 6)
    assert by_key(db_engine)["a1"].company == "Bäcker Müller GmbH"


@pytest.mark.parametrize(("leads", "events", "said"), [
    (LEADS.replace("Berger", "Bäcker").encode("cp1252"), None,
     'not UTF-8 text (byte 0xe4). Fix: save the file as UTF-8, or set [csv] encoding = "cp1252"'),
    (LEADS.replace("Berger GmbH", '"Berger GmbH').encode() + b"x" * 140_000, None,
     "line 2: field larger than field limit (131072). Fix: look there for a quote"),
    (None, b"lead,kind,at\na1,email_opened,31.01.2026\n", "line 2, at: '31.01.2026' is not an ISO date"),
    (None, b"lead,kind,when\na1,email_opened,2026-01-31\n", "column 'at' is not in the events CSV"),
], ids=["cp1252 read as UTF-8", "a quote never closed", "a German date", "a column missing"])
def test_a_file_the_import_cannot_read_names_the_line_and_the_fix(
        tmp_path: Path, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        leads: bytes | None, events: bytes | None, said: str) -> None:
    """These were tracebacks (UnicodeDecodeError, csv.Error, ValueError, KeyError)."""
    monkeypatch.setenv("SETTER_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    if leads is not None:
        files["leads"].write_bytes(leads)
    if events is not None:
        files["events"].write_bytes(events)
    result = CliRunner().invoke(app, ["import", str(files["leads"]), "--mapping",
                                      str(files["mapping"]), "--events", str(files["events"])])
    assert result.exit_code == 1
    assert said in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
