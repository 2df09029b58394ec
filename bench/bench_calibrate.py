"""X Education acceptance figures: the default model and the calibrated one, with checks.

    .venv/bin/python bench/bench_calibrate.py PATH/TO/xeducation_leads.csv

Runs the same code as `setter calibrate ... --mapping examples/xeducation_mapping.toml` and
prints the figures plus whether the acceptance targets hold (default AUC ≥ 0.78, calibrated
within 0.01 of the regression, at most 10 % hot). The data is not shipped with Setter.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rich.console import Console

import scoring
from bot.cli.calibrate import load_outcomes, run_calibration

MAPPING = Path(__file__).resolve().parent.parent / "examples" / "xeducation_mapping.toml"


def main(csv_path: str) -> int:
    """Print figures and return 0 when the targets hold."""
    console = Console(stderr=True)
    start = time.perf_counter()
    outcomes, mapping = load_outcomes(Path(csv_path), MAPPING, None, console)
    report = run_calibration(outcomes, scoring.default_model(), mapping.as_of, console)
    figures = report.summary()
    figures["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps({k: v for k, v in figures.items() if k != "blacklist_suggestions"},
                     indent=2))
    checks = {
        "default AUC >= 0.78": report.auc_points >= 0.78,
        "calibrated within 0.01 of logistic": abs(report.auc_logistic
                                                  - report.auc_calibrated) <= 0.01,
        "default hot share <= 10 %": report.bands["points"]["hot"]["share"] <= 0.10,
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
