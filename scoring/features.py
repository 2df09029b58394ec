"""The points model as a feature vector: one column per rule (or tier) of the model.

Calibration fits one weight per column; because each column is "the points this rule would
give" (or 1 for a yes/no rule), a fitted weight translates straight back into model points.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scoring.bant import slot_state
from scoring.decay import Summary, summarize
from scoring.fit import employees
from scoring.form_quality import form_reasons
from scoring.keywords import first_keyword, match_tier
from scoring.model import KeywordTable, Model
from scoring.types import Event, Facts, Profile

FORM_ITEMS = ("disposable_email", "invalid_email", "placeholder_name", "invalid_phone")


def _tier_name(value: str | None, table: KeywordTable) -> str | None:
    if not value or not value.strip():
        return None
    tier, _ = match_tier(value, table)
    return tier.name if tier else "default"


def _fit(profile: Profile, model: Model) -> dict[str, float]:
    out: dict[str, float] = {}
    if profile.industry and first_keyword(profile.industry, model.industry_keywords):
        out["fit.industry"] = 1.0
    count = employees(profile.company_size)
    band = next((b for b in model.company_size if count and count >= b.min_employees), None)
    if band is not None:
        out[f"fit.company_size.{band.min_employees}"] = 1.0
    for part, value, table in (("source", profile.source, model.source),
                               ("role", profile.job_title, model.role)):
        name = _tier_name(value, table)
        if name is not None:
            out[f"fit.{part}.{name}"] = 1.0
    return out


def _engagement(summary: Summary, now: datetime, model: Model) -> dict[str, float]:
    at = max(now, summary.latest) if summary.latest else now
    out = {}
    for name, rule in model.engagement.items():
        seen = summary.types.get(name)
        if seen is None or rule.points == 0:
            continue
        value = min(float(rule.cap), rule.points * seen.value_at(at, model.half_life_days)
                    / rule.per)
        if value:
            out[f"engagement.{name}"] = value
    return out


def _negatives(profile: Profile, facts: Facts, summary: Summary,
               model: Model) -> dict[str, float]:
    out = {}
    for name, rule in model.negatives.items():
        count = len(summary.unopened) if name == "email_unopened" else summary.of(name).count
        if count >= rule.min_count:
            out[f"negative.{name}"] = 1.0
    for reason in form_reasons(profile, summary.asked_fields, model.form):
        item = reason.rule.removeprefix("form.")
        if item in FORM_ITEMS:
            out[f"form.{item}"] = 1.0
        elif item.startswith("missing_"):
            out["form.missing_field"] = out.get("form.missing_field", 0.0) + 1.0
    return out


def _bant(facts: Facts) -> dict[str, float]:
    out = {}
    states = {slot: slot_state(facts, slot) for slot in ("budget", "authority", "need",
                                                         "timing")}
    budget = facts.get("budget") or {}
    if budget.get("has_budget") is True:
        out["bant.budget_stated"] = 1.0
    level = (facts.get("authority") or {}).get("level")
    if level in {"decision_maker", "influencer", "no_authority"}:
        out[f"bant.{level}"] = 1.0
    if states["need"] == "positive":
        out["bant.need_stated"] = 1.0
    horizon = (facts.get("timing") or {}).get("horizon")
    if horizon in {"now", "soon", "later"}:
        out[f"bant.timing_{horizon}"] = 1.0
    if states["budget"] == "negative" or states["timing"] == "negative":
        out["bant.no_budget_or_timeline"] = 1.0
    if states["need"] == "negative":
        out["bant.no_need"] = 1.0
    return out


def features(profile: Profile, facts: Facts, events: Iterable[Event], now: datetime,
             model: Model) -> dict[str, float]:
    """The lead's value for each rule of the model (absent keys are 0)."""
    summary = summarize(events, model)
    return {**_fit(profile, model), **_engagement(summary, now, model),
            **_negatives(profile, facts, summary, model), **_bant(facts)}
