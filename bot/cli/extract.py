"""`setter extract CASES.jsonl`: one BANT prediction line per benchmark case."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, TextIO

from bot.extract import extract, resolve
from bot.types import SLOTS, Candidate, Message


class CaseError(Exception):
    """A cases file that cannot be read; the message says where."""


def main(path: str, out: TextIO | None = None) -> int:
    """Print a prediction per case of a cases JSONL file; 2 on an unreadable file."""
    out = out or sys.stdout
    try:
        for case in read_cases(path):
            out.write(json.dumps(predict(case), ensure_ascii=False) + "\n")
    except CaseError as error:
        sys.stderr.write(f"setter extract: {error}\n")
        return 2
    return 0


def read_cases(path: str) -> Iterator[Mapping[str, Any]]:
    """Cases of a JSONL file, one object per non-empty line."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, errors mapped
    except OSError as error:
        raise CaseError(f"cannot read {path}: {error.strerror or error}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as error:
                raise CaseError(f"{path} line {number}: invalid JSON ({error.msg})") from None
            if not isinstance(case, dict) or not isinstance(case.get("messages"), list):
                raise CaseError(f"{path} line {number}: expected an object with 'messages'")
            yield case


def predict(case: Mapping[str, Any]) -> dict[str, Any]:
    """The prediction for one case: resolved facts with their evidence."""
    reference = _reference_time(case)
    messages = [
        Message(role="bot" if m.get("role") == "bot" else "lead", text=str(m.get("text", "")),
                at=reference)
        for m in case["messages"] if isinstance(m, dict)
    ]
    facts = resolve(extract(messages, reference))
    prediction: dict[str, Any] = {"id": case.get("id")}
    for slot in SLOTS:
        prediction[slot] = _field(facts[slot])
    return prediction


def _reference_time(case: Mapping[str, Any]) -> datetime:
    raw = case.get("reference_time")
    try:
        return datetime.fromisoformat(raw) if isinstance(raw, str) else datetime.now().astimezone()
    except ValueError:
        raise CaseError(f"case {case.get('id')}: bad reference_time {raw!r}") from None


def _field(candidate: Candidate | None) -> dict[str, Any] | None:
    if candidate is None:
        return None
    return {
        **candidate.value,
        "quote": candidate.quote,
        "message_index": candidate.message_index,
        "span": list(candidate.span),
        "confidence": round(candidate.confidence, 2),
    }
