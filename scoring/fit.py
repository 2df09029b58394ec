"""Fit: explicit criteria from the profile (industry, company size, source, job title)."""

from __future__ import annotations

import re

from scoring.keywords import first_keyword, match_tier
from scoring.model import KeywordTable, Model
from scoring.rounding import to_points
from scoring.types import Profile, Reason

_NUMBER = re.compile(r"\d[\d.,\s]*")


def employees(size: int | str | None) -> int | None:
    """Read a head count: 120, "50-200" (lower bound), "200+", "1.000 Mitarbeiter"."""
    if size is None or isinstance(size, bool):
        return None
    if isinstance(size, int):
        return size if size > 0 else None
    match = _NUMBER.search(size)
    if not match:
        return None
    digits = re.sub(r"[.,\s]", "", match.group().strip())
    return int(digits) if digits else None


def _industry_and_size(profile: Profile, model: Model) -> list[Reason]:
    reasons = []
    if profile.industry:
        keyword = first_keyword(profile.industry, model.industry_keywords)
        if keyword is not None:
            reasons.append(Reason("fit.industry", model.industry_points,
                                  f"industry {profile.industry!r} is a target industry "
                                  f"({keyword!r})", "profile"))
    count = employees(profile.company_size)
    band = next((b for b in model.company_size if count and count >= b.min_employees), None)
    if band is not None:
        reasons.append(Reason("fit.company_size", band.points,
                              f"{count} employees (≥ {band.min_employees})", "profile"))
    total = sum(r.points for r in reasons)
    if total > model.industry_size_cap:
        reasons.append(Reason("cap.industry_and_size", model.industry_size_cap - total,
                              f"industry and size capped at {model.industry_size_cap}",
                              "model"))
    return reasons


def _tiered(rule: str, label: str, value: str | None, table: KeywordTable) -> list[Reason]:
    if not value or not value.strip():
        return []
    tier, keyword = match_tier(value, table)
    if tier is None:
        return [Reason(rule, table.default_points, f"{label} {value!r}", "profile")]
    return [Reason(rule, tier.points, f"{label} {value!r} → {tier.name} ({keyword!r})",
                   "profile")]


def fit_reasons(profile: Profile, model: Model) -> list[Reason]:
    """Reasons from who the lead is; unknown values give no points rather than negatives."""
    reasons = _industry_and_size(profile, model)
    reasons += _tiered("fit.source", "source", profile.source, model.source)
    reasons += _tiered("fit.role", "job title", profile.job_title, model.role)
    return [r for r in reasons if r.points != 0 or r.rule.startswith("fit.role")]


def capped(part: str, reasons: list[Reason], cap: int) -> list[Reason]:
    """Append a cap reason if the part's points pass its cap (a floor for negatives)."""
    total = sum(r.points for r in reasons)
    over = total > cap if cap >= 0 else total < cap
    if over:
        reasons = [*reasons, Reason(f"cap.{part}", to_points(cap - total),
                                    f"{part} capped at {cap}", "model")]
    return reasons
