"""A person's fact value from form fields, in the same format extraction produces."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.leads.actions import ActionError

PERIODS = ("month", "year", "one_off")
LEVELS = ("decision_maker", "influencer", "no_authority")
HORIZONS = ("now", "soon", "later", "none")
CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_AMOUNT = 1_000_000_000


def _number(raw: str, what: str) -> float | None:
    raw = raw.strip().replace(" ", "").replace("'", "")
    if not raw:
        return None
    # 1.500 / 1,500 as thousands; 1500,50 / 1500.50 as decimals
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
        raw = re.sub(r"[.,]", "", raw)
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise ActionError(f"{what} is not a number: {raw!r}") from None
    if not 0 <= value <= MAX_AMOUNT:
        raise ActionError(f"{what} must be between 0 and {MAX_AMOUNT:,}")
    return int(value) if value.is_integer() else value


def _budget(fields: Mapping[str, str]) -> dict[str, Any]:
    if fields.get("has_budget") == "no":
        return {"has_budget": False, "min": None, "max": None, "currency": None, "period": None}
    low, high = _number(fields.get("min", ""), "the minimum"), _number(fields.get("max", ""),
                                                                       "the maximum")
    if low is None and high is None:
        raise ActionError("give an amount (minimum, maximum or both), or choose 'no budget'")
    if low is not None and high is not None and low > high:
        raise ActionError("the minimum is larger than the maximum")
    currency = fields.get("currency", "").strip().upper() or None
    if currency and not CURRENCY.match(currency):
        raise ActionError("the currency is a three-letter code such as EUR")
    period = fields.get("period") or None
    if period and period not in PERIODS:
        raise ActionError(f"the period is one of {', '.join(PERIODS)}")
    return {"has_budget": True, "min": low, "max": high, "currency": currency, "period": period}


def _authority(fields: Mapping[str, str]) -> dict[str, Any]:
    level = fields.get("level", "")
    if level not in LEVELS:
        raise ActionError(f"the authority level is one of {', '.join(LEVELS)}")
    return {"level": level, "role": fields.get("role", "").strip()[:200] or None}


def _need(fields: Mapping[str, str]) -> dict[str, Any]:
    has = fields.get("has_need", "")
    if has not in ("yes", "no"):
        raise ActionError("say whether the lead has a need (yes or no)")
    return {"has_need": has == "yes", "summary": fields.get("summary", "").strip()[:500] or None}


def _timing(fields: Mapping[str, str]) -> dict[str, Any]:
    horizon = fields.get("horizon", "")
    if horizon not in HORIZONS:
        raise ActionError(f"the horizon is one of {', '.join(HORIZONS)}")
    raw = fields.get("deadline", "").strip()
    try:
        deadline = date.fromisoformat(raw).isoformat() if raw else None
    except ValueError:
        raise ActionError(f"the deadline is not a date (YYYY-MM-DD): {raw!r}") from None
    return {"horizon": horizon, "deadline": deadline}


PARSERS = {"budget": _budget, "authority": _authority, "need": _need, "timing": _timing}


def parse_value(slot: str, fields: Mapping[str, str]) -> dict[str, Any]:
    """The fact value for `slot` from form fields; ActionError says what is wrong."""
    if slot not in PARSERS:
        raise ActionError(f"unknown slot {slot!r}")
    return PARSERS[slot](fields)
