"""The points model: fit + engagement + BANT + negatives, capped per part, clamped 0..100."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scoring.bant import bant_negative_reasons, bant_reasons
from scoring.config import default_model
from scoring.decay import ScoreState, Summary, summarize
from scoring.fit import capped, fit_reasons
from scoring.form_quality import form_reasons
from scoring.model import Model
from scoring.rounding import to_points
from scoring.types import Event, Facts, Profile, Reason, Score

PARTS = ("fit", "engagement", "bant", "negatives")


def _age(now: datetime, then: datetime | None) -> str:
    if then is None:
        return "never"
    hours = max(0.0, (now - then).total_seconds() / 3600)
    if hours < 48:
        return f"{hours:.0f} h ago"
    return f"{hours / 24:.0f} days ago"


def _plural(count: int, word: str) -> str:
    return f"{count} × {word.replace('_', ' ')}"


def engagement_reasons(summary: Summary, now: datetime, model: Model) -> list[Reason]:
    """Decayed points per event type, each type capped (50 page views < one meeting)."""
    at = max(now, summary.latest) if summary.latest else now
    reasons = []
    for name, rule in model.engagement.items():
        seen = summary.types.get(name)
        if seen is None or seen.count == 0:
            continue
        raw = rule.points * seen.value_at(at, model.half_life_days) / rule.per
        points = to_points(min(float(rule.cap), raw))
        note = " (detected from a long silence)" if name == "re_engagement" else ""
        why = (f"{_plural(seen.count, name)}{note}, latest {_age(now, seen.last)}: "
               f"{raw:.1f} after decay (cap {rule.cap})")
        if name == "email_opened":
            why += "; an opened email counts even without a click (seed 002)"
        reasons.append(Reason(f"engagement.{name}", points, why, "events"))
    return reasons


def negative_reasons(summary: Summary, model: Model) -> list[Reason]:
    """Points taken once per negative signal (they do not decay)."""
    reasons = []
    for name, rule in model.negatives.items():
        count = len(summary.unopened) if name == "email_unopened" else summary.of(name).count
        if count >= rule.min_count and rule.points:
            extra = " in a row since the last open" if name == "email_unopened" else ""
            reasons.append(Reason(f"negative.{name}", rule.points,
                                  f"{_plural(count, name)}{extra}", "events"))
    return reasons


def _assemble(profile: Profile, facts: Facts, summary: Summary, now: datetime,
              model: Model) -> Score:
    groups = {
        "fit": fit_reasons(profile, model),
        "engagement": engagement_reasons(summary, now, model),
        "bant": bant_reasons(facts, model),
        "negatives": (negative_reasons(summary, model)
                      + form_reasons(profile, summary.asked_fields, model.form)
                      + bant_negative_reasons(facts, model)),
    }
    reasons: list[Reason] = []
    parts: dict[str, int] = {}
    for part in PARTS:
        lines = capped(part, groups[part], model.caps[part])
        parts[part] = sum(r.points for r in lines)
        reasons += lines
    raw = sum(parts.values())
    total = min(100, max(0, raw))
    if total != raw:
        reasons.append(Reason("clamp", total - raw, f"total {raw} clamped to 0..100", "model"))
    return Score(total, model.band(total), parts, reasons)


def score(profile: Profile, facts: Facts, events: Iterable[Event], now: datetime,
          model: Model | None = None) -> Score:
    """Score a lead from scratch: every point comes with a reason."""
    model = model or default_model()
    return _assemble(profile, facts, summarize(events, model), now, model)


def score_from_state(state: ScoreState, profile: Profile, facts: Facts, now: datetime,
                     model: Model | None = None) -> Score:
    """Score from an incrementally kept state; equals `score()` over the same events."""
    model = model or default_model()
    if not state.compatible(model):
        raise ValueError("the state was built with another half-life or re-engagement gap; "
                         "rebuild it from the lead's events")
    return _assemble(profile, facts, state, now, model)
