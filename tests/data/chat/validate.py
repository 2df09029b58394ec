"""Check a corpus file against WRITERS.md: python3 tests/data/chat/validate.py FILE.jsonl"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime

KINDS = {"buyer", "vendor", "applicant", "student", "support", "wrong_number", "competitor",
         "spam", "curious"}
SHAPES = {
    "budget": {"has_budget", "min", "max", "currency", "period"},
    "authority": {"level", "role"},
    "need": {"has_need"},
    "timing": {"horizon", "deadline"},
}
ENUMS = {
    ("budget", "period"): {None, "one_off", "month", "year"},
    ("authority", "level"): {"decision_maker", "influencer", "no_authority"},
    ("timing", "horizon"): {"now", "soon", "later", "none"},
}


def problems(row: dict) -> list[str]:
    """What is wrong with one conversation."""
    found = []
    for key in ("id", "lang", "business", "lead_kind", "reference_time", "messages"):
        if key not in row:
            found.append(f"missing {key}")
    if row.get("lang") not in ("de", "en"):
        found.append("lang must be de or en")
    if row.get("lead_kind") not in KINDS:
        found.append(f"lead_kind {row.get('lead_kind')!r}")
    try:
        datetime.fromisoformat(row.get("reference_time", ""))
    except ValueError:
        found.append("reference_time is not ISO 8601")
    messages = row.get("messages") or []
    if not messages or messages[0].get("role") != "bot":
        found.append("must start with a bot message")
    for number, message in enumerate(messages):
        if message.get("role") not in ("bot", "lead") or not isinstance(message.get("text"), str):
            found.append(f"message {number}: role/text")
        if message.get("role") == "lead":
            found += [f"message {number}: {p}" for p in state_problems(message.get("state"))]
    return found


def state_problems(state: object) -> list[str]:
    """What is wrong with one lead message's state."""
    if not isinstance(state, dict) or set(state) != set(SHAPES):
        return ["state must have exactly budget, authority, need, timing"]
    found = []
    for field, value in state.items():
        if value is None:
            continue
        if not isinstance(value, dict) or set(value) != SHAPES[field]:
            found.append(f"{field} must have keys {sorted(SHAPES[field])}")
            continue
        for (f, key), allowed in ENUMS.items():
            if f == field and value.get(key) not in allowed:
                found.append(f"{field}.{key} {value.get(key)!r}")
        currency = value.get("currency") if field == "budget" else None
        if currency is not None and not (isinstance(currency, str) and len(currency) == 3
                                         and currency.isalpha() and currency.isupper()):
            found.append(f"budget.currency {currency!r} is not an ISO code")
        if field == "timing" and value.get("deadline"):
            try:
                date.fromisoformat(value["deadline"])
            except ValueError:
                found.append("timing.deadline is not YYYY-MM-DD")
    return found


def main(path: str) -> int:
    bad = 0
    turns = 0
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"line {line_number}: not JSON: {error}")
                bad += 1
                continue
            turns += sum(1 for m in row.get("messages", []) if m.get("role") == "lead")
            for problem in problems(row):
                print(f"line {line_number} ({row.get('id')}): {problem}")
                bad += 1
    print(f"{turns} lead turns, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
