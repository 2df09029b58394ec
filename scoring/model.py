"""The scoring model as typed, validated values (built from a TOML file by `config`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    """Points for a profile value that contains one of the keywords."""

    name: str
    points: int
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class KeywordTable:
    """Ordered tiers (first match wins) plus the points for any other stated value."""

    tiers: tuple[Tier, ...]
    default_points: int


@dataclass(frozen=True)
class SizeBand:
    """Points for a company with at least `min_employees` employees."""

    min_employees: int
    points: int


@dataclass(frozen=True)
class EventRule:
    """Decaying points per engagement event, capped per event type."""

    points: int
    cap: int
    quantity: str | None = None  # props key whose amount earns points, e.g. "seconds"
    per: float = 1.0  # amount of `quantity` that earns `points`


@dataclass(frozen=True)
class NegativeRule:
    """Points applied once when a lead has at least `min_count` such events."""

    points: int
    min_count: int = 1


@dataclass(frozen=True)
class FormQuality:
    """Penalties for fake or incomplete form data."""

    disposable_email: int
    invalid_email: int
    placeholder_name: int
    invalid_phone: int
    missing_field: int
    required: tuple[str, ...]
    cap: int
    placeholder_names: frozenset[str]
    phone_region: str = "DE"


@dataclass(frozen=True)
class Bant:
    """Points for stated BANT facts (negatives are counted in the negatives part)."""

    budget_stated: int
    decision_maker: int
    influencer: int
    no_authority: int
    need_stated: int
    timing_now: int
    timing_soon: int
    timing_later: int
    no_budget_or_timeline: int
    no_need: int


@dataclass(frozen=True)
class Model:
    """A complete, validated scoring model."""

    hot: int
    warm: int
    mql: int
    sql: int
    sql_requires: tuple[str, ...]
    half_life_days: float
    reengagement_after_days: float
    engaged_weeks: int
    some_weeks: int
    quiet_weeks: int
    caps: Mapping[str, int]
    industry_points: int
    industry_keywords: tuple[str, ...]
    company_size: tuple[SizeBand, ...]
    industry_size_cap: int
    source: KeywordTable
    role: KeywordTable
    engagement: Mapping[str, EventRule]
    negatives: Mapping[str, NegativeRule]
    form: FormQuality
    bant: Bant

    def band(self, total: int) -> str:
        """Return "hot", "warm" or "cold" for a total score."""
        if total >= self.hot:
            return "hot"
        return "warm" if total >= self.warm else "cold"
