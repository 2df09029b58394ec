"""The reply fixtures (../shared/corpora/email_replies): overall pass rate and every German case."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.email import parse_files

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "email_replies"


def test_fixture_score(tmp_path: Path) -> None:
    if not (CORPUS / "manifest.json").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the email corpus is missing at {CORPUS}")
        pytest.skip("email reply corpus not found")
    files = sorted(p for p in (CORPUS / "fixtures").rglob("*") if p.is_file())
    out = io.StringIO()
    assert parse_files(files, out) == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out.getvalue(), encoding="utf-8")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {line["intent"] for line in lines} <= {"interested", "question", "not_now", "wrong_person",
                                                  "objection", "not_interested", "unsubscribe",
                                                  "auto_reply"}
    report = subprocess.run([sys.executable, str(CORPUS / "score_replies.py"), str(pred)],
                            capture_output=True, text=True, check=True).stdout
    overall = float(report.strip().splitlines()[-1].rsplit("=", 1)[1])
    german = next(line for line in report.splitlines() if line.startswith("language:"))
    de = german.split("de ", 1)[1].split(",")[0]
    assert overall >= 0.90, report
    passed, total = (int(x) for x in de.split("/"))
    assert passed == total, report
