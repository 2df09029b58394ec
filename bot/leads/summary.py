"""The hand-off summary a closer reads before the call, and the lead's open questions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.store.models import Lead, MessageRow

QUESTION = re.compile(r"\?[\W_]*$")
WORD = re.compile(r"[^\W\d_]{2,}")
LABELS = {
    "de": {"who": "Wer", "need": "Bedarf (in eigenen Worten)", "budget": "Budget",
           "authority": "Entscheidung", "timing": "Zeitplan", "questions": "Offene Fragen",
           "transcript": "Gesprächsverlauf", "unknown": "unbekannt", "none": "keine"},
    "en": {"who": "Who", "need": "Need (in their words)", "budget": "Budget",
           "authority": "Authority", "timing": "Timing", "questions": "Open questions",
           "transcript": "Transcript", "unknown": "unknown", "none": "none"},
}
LEVELS = {"de": {"decision_maker": "entscheidet", "influencer": "bereitet vor, entscheidet nicht",
                 "no_authority": "entscheidet nicht"},
          "en": {"decision_maker": "decides", "influencer": "prepares, someone else decides",
                 "no_authority": "does not decide"}}
HORIZONS = {"de": {"now": "sofort", "soon": "in den nächsten Monaten", "later": "später",
                    "none": "kein Zeitplan"},
            "en": {"now": "now", "soon": "in the coming months", "later": "later",
                   "none": "no timeline"}}
PERIODS = {"de": {"month": "/Monat", "year": "/Jahr", "one_off": " einmalig"},
           "en": {"month": "/month", "year": "/year", "one_off": " one-off"}}


def _amount(value: Any) -> str:
    number = float(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"


def budget_text(value: Mapping[str, Any], lang: str) -> str:
    """A budget value as a person reads it: "500–800 EUR/month", "no budget"."""
    if value.get("has_budget") is False:
        return "kein Budget" if lang == "de" else "no budget"
    low, high = value.get("min"), value.get("max")
    if low is None and high is None:
        return "Budget vorhanden" if lang == "de" else "has a budget"
    span = _amount(low if low is not None else high)
    if low is not None and high is not None and low != high:
        span = f"{_amount(low)}–{_amount(high)}"
    elif low is None:
        span = ("bis " if lang == "de" else "up to ") + span
    elif high is None:
        span = ("ab " if lang == "de" else "from ") + span
    currency = f" {value['currency']}" if value.get("currency") else ""
    return span + currency + PERIODS[lang].get(value.get("period") or "", "")


def value_text(slot: str, value: Mapping[str, Any] | None, lang: str) -> str:
    """A fact value in one short line; empty when the slot is unknown."""
    if not value:
        return ""
    if slot == "budget":
        return budget_text(value, lang)
    if slot == "authority":
        level = LEVELS[lang].get(value.get("level") or "", value.get("level") or "")
        return f"{value['role']}: {level}" if value.get("role") else level
    if slot == "need":
        if value.get("has_need") is False:
            return "kein Bedarf" if lang == "de" else "no need"
        return str(value.get("summary") or ("Bedarf genannt" if lang == "de" else "need stated"))
    horizon = HORIZONS[lang].get(str(value.get("horizon") or ""), str(value.get("horizon") or ""))
    return f"{horizon}, {value['deadline']}" if value.get("deadline") else horizon


def open_questions(messages: Sequence[MessageRow]) -> list[MessageRow]:
    """The lead's own questions that no person has answered since (the bot only defers them)."""
    questions: list[MessageRow] = []
    for message in messages:
        if message.role == "lead" and QUESTION.search(message.text) \
                and len(WORD.findall(message.text)) >= 3:
            questions.append(message)
        elif message.role in ("human", "setter"):
            questions.clear()
    return questions


def _who(lead: Lead) -> str:
    head = ", ".join(p for p in (lead.name, lead.job_title, lead.company) if p)
    tail = ", ".join(p for p in (lead.industry, lead.company_size and f"{lead.company_size} MA",
                                 lead.email, lead.phone) if p)
    return " · ".join(p for p in (head, tail) if p)


def handoff_summary(lead: Lead, facts: Mapping[str, Mapping[str, Any] | None],
                    quotes: Mapping[str, str], questions: Sequence[str], link: str,
                    lang: str = "de") -> str:
    """The closer's summary: who, the need in the lead's words, BANT, open questions, link."""
    label = LABELS[lang if lang in LABELS else "de"]
    lang = lang if lang in LABELS else "de"
    need = quotes.get("need") or value_text("need", facts.get("need"), lang)
    lines = [f"{label['who']}: {_who(lead) or label['unknown']}",
             f"{label['need']}: {need or label['unknown']}"]
    for slot in ("budget", "authority", "timing"):
        lines.append(f"{label[slot]}: {value_text(slot, facts.get(slot), lang) or label['unknown']}")
    asked = "; ".join(q.strip() for q in questions) or label["none"]
    lines += [f"{label['questions']}: {asked}", f"{label['transcript']}: {link}"]
    return "\n".join(lines)
