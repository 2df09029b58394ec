"""What the conversation so far tells about a lead's figure: its currency and its period.

"so bis 1100" after the bot quoted "89 €" is in euros; "max 1.500" answering "Haben Sie ein
monatliches Budget?" is per month. A figure the lead gives with its own currency or period
keeps it; only a missing one is taken from the conversation (flagged, so it can be told).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.types import Candidate

_CURRENCY = re.compile(
    r"(€|\$|£|₹|chf|sfr|fr\.(?=\s?\d)|(?<=\d)\.-|(?<=\d)\s?fr\.?(?!\w)|"
    r"\b(?:eur|euro|euros|usd|dollars?|bucks|gbp|pounds?|quid|franken|stutz|stutzli|inr|rupees?|"
    r"rs\.?(?=\s?\d)|rappen|lakhs?|crores?)\b)", re.I)
_CODES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
    "chf": "CHF", "sfr": "CHF", "fr.": "CHF", "fr": "CHF", ".-": "CHF", "franken": "CHF",
    "stutz": "CHF", "stutzli": "CHF", "rappen": "CHF",
    "₹": "INR", "inr": "INR", "rupee": "INR", "rupees": "INR", "rs.": "INR", "rs": "INR",
    "lakh": "INR", "lakhs": "INR", "crore": "INR", "crores": "INR",
}
_PERIOD_ASKED = (
    ("month", re.compile(r"monatlich|pro\s+monat|im\s+monat|je\s+monat|monthly|per\s+month|"
                         r"a\s+month|each\s+month|/\s?mo\b", re.I)),
    ("year", re.compile(r"jährlich|pro\s+jahr|im\s+jahr|jahresbudget|yearly|annual|per\s+year|"
                        r"a\s+year|per\s+annum", re.I)),
    ("one_off", re.compile(r"einmalig|insgesamt|gesamtbudget|one[-\s]?off|one[-\s]?time|in\s+total|"
                           r"total\s+budget|overall\s+budget", re.I)),
)


def currency_named(text: str) -> str | None:
    """The ISO code of the last currency a message names, or None."""
    found = None
    for m in _CURRENCY.finditer(text):
        found = _CODES.get(m.group(1).lower().strip()) or found
    return found


def period_asked(bot_text: str) -> str | None:
    """The period a bot question names ("Haben Sie ein monatliches Budget?"), if exactly one."""
    named = [name for name, pattern in _PERIOD_ASKED if pattern.search(bot_text)]
    return named[0] if len(named) == 1 else None


def in_context(candidate: Candidate, currency: str | None, period: str | None) -> Candidate:
    """A budget figure with its missing currency or period taken from the conversation."""
    value = candidate.value
    if candidate.slot != "budget" or not value.get("has_budget"):
        return candidate
    if value.get("min") is None and value.get("max") is None:
        return candidate
    filled = dict(value)
    if filled.get("currency") is None and currency is not None:
        filled["currency"] = currency
    guessed = "period_from_context" in candidate.flags  # the model's guess yields to the question
    if (filled.get("period") is None or guessed) and period is not None:
        filled["period"] = period
    if filled == dict(value):
        return candidate
    return replace(candidate, value=filled, flags=candidate.flags | {"from_context"})
