"""`setter calibrate`: fit the scoring model to won/lost outcomes and report the figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import scoring
from bot.cli.csv_mapping import MappingError, count_rows, load_mapping, read_events, read_leads
from scoring.model_toml import dump_model

if TYPE_CHECKING:  # scikit-learn is imported only when calibrating, not for every command
    from scoring.calibrate import Outcome, Report

FOLDS = 5


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True)


def load_outcomes(csv_path: Path, mapping_path: Path, events_path: Path | None,
                  console: Console) -> tuple[list[Outcome], Any]:
    """Closed leads (won or lost) from the CSV through the mapping, with a progress bar."""
    from scoring.calibrate import Outcome

    mapping = load_mapping(mapping_path)
    extra = read_events(events_path, mapping) if events_path else None
    total = count_rows(csv_path)  # (in bytes: the mapping's encoding is read by read_leads)
    outcomes = []
    with _progress(console) as bar:
        task = bar.add_task("reading leads", total=total)
        for lead in read_leads(csv_path, mapping, extra,
                               on_row=lambda n: bar.update(task, completed=n)):
            if lead.outcome is not None:
                outcomes.append(Outcome(lead.profile, lead.facts, lead.events,
                                        lead.outcome == "won"))
    return outcomes, mapping


def run_calibration(outcomes: list[Outcome], model: scoring.Model, now: Any,
                    console: Console) -> Report:
    """Calibrate with progress bars for the feature pass and the folds."""
    from scoring.calibrate import calibrate

    with _progress(console) as bar:
        tasks = {"features": bar.add_task("features per lead", total=len(outcomes)),
                 "points": bar.add_task("scoring with the model", total=len(outcomes)),
                 "folds": bar.add_task("cross-validation folds", total=FOLDS)}
        return calibrate(outcomes, model, now, folds=FOLDS,
                         progress=lambda stage, done: bar.update(tasks[stage], completed=done))


def _comment(report: Report, source: Path) -> str:
    return (f"Calibrated scoring model, written by `setter calibrate` from {source.name}\n"
            f"({report.leads} closed leads, {report.won} won). Out-of-fold ROC AUC: "
            f"{report.auc_calibrated:.3f} (current model {report.auc_points:.3f}).\n"
            "Points are whole numbers; edit them like the default model.")


def _print_report(console: Console, report: Report, written: Path) -> None:
    table = Table(title=f"{report.leads} closed leads, {report.won} won "
                        f"({report.won / max(1, report.leads):.1%})")
    for column in ("model", "ROC AUC", "Brier", "hot: leads / won", "warm", "cold"):
        table.add_column(column)
    for name, key in (("current points", "points"), ("calibrated points", "calibrated")):
        auc, brier = getattr(report, f"auc_{key}"), getattr(report, f"brier_{key}")
        cells = [f"{b['share']:.1%} / {b['conversion']:.1%}"
                 for b in report.bands[key].values()]
        table.add_row(name, f"{auc:.3f}", f"{brier:.3f}", *cells)
    table.add_row("logistic regression", f"{report.auc_logistic:.3f}",
                  f"{report.brier_logistic:.3f}", "", "", "")
    console.print(table)
    if report.suggestions:
        console.print("Blacklist suggestions (≥ 20 closed leads, none won):")
        for s in report.suggestions:
            console.print(f"  {s.kind} = {s.pattern!r}: {s.reason}")
    else:
        console.print("No blacklist suggestions (no segment with ≥ 20 closed leads and 0 won).")
    console.print(f"Calibrated model written to {written}")


def calibrate_command(
    outcomes_csv: Annotated[Path, typer.Argument(help="CSV of leads with won/lost outcomes")],
    mapping: Annotated[Path, typer.Option(help="Mapping TOML: CSV columns → lead fields")],
    events: Annotated[Path | None, typer.Option(help="Optional CSV of events per lead")] = None,
    model: Annotated[Path | None, typer.Option(help="Current model (default: shipped)")] = None,
    out: Annotated[Path, typer.Option(help="Where to write the calibrated model")] = Path(
        "calibrated_model.toml"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON")] = False,
) -> None:
    """Fit the scoring model to won/lost outcomes; report AUC, Brier and band conversion."""
    stderr = Console(stderr=True)
    try:
        current = scoring.load_model(model)
        outcomes, lead_mapping = load_outcomes(outcomes_csv, mapping, events, stderr)
    except (scoring.ModelError, MappingError, OSError) as exc:
        stderr.print(f"setter calibrate: {escape(str(exc))}")  # ([csv] is no markup)
        raise typer.Exit(2) from None
    if len({o.won for o in outcomes}) < 2 or len(outcomes) < 2 * FOLDS:
        stderr.print("setter calibrate: need won and lost leads (at least 10 closed leads)")
        raise typer.Exit(2)
    report = run_calibration(outcomes, current, lead_mapping.as_of, stderr)
    out.write_text(dump_model(report.calibrated, _comment(report, outcomes_csv)), "utf-8")
    if as_json:
        typer.echo(json.dumps({**report.summary(), "model_written": str(out)}, indent=2))
    else:
        _print_report(Console(), report, out)
