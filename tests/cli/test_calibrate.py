"""Calibration: integer points fitted to outcomes, figures, and blacklist suggestions."""

import json
import random
from datetime import UTC, datetime

import typer
from typer.testing import CliRunner

import scoring
from bot.cli.calibrate import calibrate_command
from scoring.calibrate import Outcome, apply_weights, calibrate
from scoring.model_toml import dump_model
from scoring.segments import blacklist_suggestions

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def synthetic(n: int = 400, seed: int = 7) -> list[Outcome]:
    """Leads whose conversion depends on time on site, a referral and an opt-out."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        referral, opted_out = rng.random() < 0.2, rng.random() < 0.15
        seconds = rng.randint(0, 900)
        logit = -1.5 + seconds / 300 + 2.0 * referral - 2.0 * opted_out
        won = rng.random() < 1 / (1 + pow(2.718, -logit))
        events = [scoring.Event("time_on_site", NOW, {"seconds": seconds})]
        if opted_out:
            events.append(scoring.Event("email_opt_out", NOW))
        source = "Empfehlung" if referral else rng.choice(["Google", "Direkt"])
        rows.append(Outcome(scoring.Profile(company="X", source=source), {}, events, won))
    return rows


def test_calibrated_points_rank_like_the_regression():
    report = calibrate(synthetic(), scoring.default_model(), NOW)
    assert report.auc_logistic > 0.7
    assert abs(report.auc_calibrated - report.auc_logistic) <= 0.02
    assert 0 < report.brier_calibrated < 0.25
    assert set(report.bands["points"]) == {"hot", "warm", "cold"}
    assert sum(b["leads"] for b in report.bands["calibrated"].values()) == report.leads
    model = report.calibrated
    assert model.negatives["email_opt_out"].points < 0
    referral = next(t for t in model.source.tiers if t.name == "referral")
    assert referral.points > model.source.default_points


def test_calibrated_model_is_a_readable_integer_config():
    report = calibrate(synthetic(), scoring.default_model(), NOW)
    text = dump_model(report.calibrated, "calibrated")
    again = scoring.parse_model(text)
    assert again == report.calibrated
    assert all(isinstance(t.points, int) for t in again.source.tiers)


def test_unexercised_rules_keep_their_points():
    model = scoring.default_model()
    changed = apply_weights(model, {"engagement.page_view": 2.0})
    assert changed.engagement["page_view"].points == 4 and changed.engagement["page_view"].cap == 20
    assert changed.engagement["meeting_booked"] == model.engagement["meeting_booked"]
    assert changed.bant == model.bant


def test_blacklist_suggestions_need_20_closed_leads_without_a_win():
    profiles = ([scoring.Profile(email=f"a{i}@wegwerf.example", source="Gewinnspiel")
                 for i in range(25)]
                + [scoring.Profile(email=f"b{i}@kunde.de", source="Gewinnspiel")
                   for i in range(5)]
                + [scoring.Profile(source="Messe") for _ in range(19)])
    won = [False] * 25 + [True] + [False] * 4 + [False] * 19
    found = {(s.kind, s.pattern): s for s in blacklist_suggestions(profiles, won)}
    assert found[("email_domain", "wegwerf.example")].closed == 25
    assert ("source", "Gewinnspiel") not in found  # one of 30 converted
    assert ("source", "Messe") not in found  # only 19 closed


def test_cli_json_figures(tmp_path):
    rng = random.Random(3)
    lines = ["Id,Seconds,Source,Converted"]
    for i in range(200):
        seconds = rng.randint(0, 900)
        won = rng.random() < seconds / 1000
        lines.append(f"{i},{seconds},{rng.choice(['Google', 'Reference'])},{int(won)}")
    (tmp_path / "leads.csv").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "map.toml").write_text(
        '[csv]\nid = "Id"\n[outcome]\ncolumn = "Converted"\nwon = ["1"]\nlost = ["0"]\n'
        '[profile]\nsource = "Source"\n'
        '[[events]]\ntype = "time_on_site"\ncolumn = "Seconds"\nprop = "seconds"\n', "utf-8")
    app = typer.Typer()
    app.command("calibrate")(calibrate_command)
    app.command("noop")(lambda: None)
    out = tmp_path / "calibrated.toml"
    result = CliRunner().invoke(app, ["calibrate", str(tmp_path / "leads.csv"), "--mapping",
                                      str(tmp_path / "map.toml"), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("auc_points", "auc_calibrated", "auc_logistic", "brier_calibrated", "bands"):
        assert key in figures
    assert figures["auc_calibrated"] > 0.6
    assert scoring.load_model(out).engagement["time_on_site"].points >= 1


def test_cli_reads_an_excel_export_in_its_encoding(tmp_path):
    """Semicolons and Windows-1252 (Excel's "CSV" on a German Windows): the same figures as
    the file in UTF-8 with commas. Counting the rows for the progress bar used to read the
    file as UTF-8 and stop with a traceback."""
    rng = random.Random(5)
    rows = [(i, rng.randint(0, 900), rng.choice(["Empfehlung Bäcker", "Google"])) for i in range(200)]
    lines = ["Id,Seconds,Source,Converted", *(f"{i},{s},{src},{int(rng.random() < s / 1000)}"
                                               for i, s, src in rows)]
    mapping = ('[csv]\nid = "Id"\n{extra}[outcome]\ncolumn = "Converted"\nwon = ["1"]\nlost = ["0"]\n'
               '[profile]\nsource = "Source"\n'
               '[[events]]\ntype = "time_on_site"\ncolumn = "Seconds"\nprop = "seconds"\n')
    (tmp_path / "utf8.csv").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "excel.csv").write_bytes(("\r\n".join(lines).replace(",", ";") + "\r\n").encode("cp1252"))
    (tmp_path / "utf8.toml").write_text(mapping.format(extra=""), "utf-8")
    (tmp_path / "excel.toml").write_text(mapping.format(extra='encoding = "cp1252"\n'), "utf-8")
    app = typer.Typer()
    app.command("calibrate")(calibrate_command)
    app.command("noop")(lambda: None)
    figures = []
    for name in ("utf8", "excel"):
        result = CliRunner().invoke(app, ["calibrate", str(tmp_path / f"{name}.csv"), "--mapping",
                                          str(tmp_path / f"{name}.toml"), "--json",
                                          "--out", str(tmp_path / f"{name}-model.toml")])
        assert result.exit_code == 0, result.output
        figures.append(json.loads(result.stdout))
    assert figures[0]["auc_calibrated"] == figures[1]["auc_calibrated"] and figures[0]["bands"]
