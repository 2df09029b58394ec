"""Load and validate a scoring model from TOML; errors name the line and the fix.

An admin's file only needs the values it changes: it is laid over the shipped default
(tables merge key by key, lists and arrays of tables replace the default's).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from scoring.decay import MAX_STREAK
from scoring.events import ENGAGEMENT_TYPES, NEGATIVE_TYPES
from scoring.model import (
    Bant,
    EventRule,
    FormQuality,
    KeywordTable,
    Model,
    NegativeRule,
    SizeBand,
    Tier,
)
from scoring.toml_lines import Path as KeyPath
from scoring.toml_lines import line_of

SLOTS = ("budget", "authority", "need", "timing")
PROFILE_FIELDS = ("email", "name", "company", "phone", "job_title", "industry", "company_size",
                  "source", "country")


class ModelError(ValueError):
    """A scoring model file that cannot be used; the message names the line and the fix."""


def _dotted(path: KeyPath) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


class _Reader:
    """Typed access to the merged model dict; errors point into the admin's text."""

    def __init__(self, data: Mapping[str, Any], text: str, origin: str) -> None:
        self.data, self.text, self.origin = data, text, origin

    def error(self, path: KeyPath, problem: str, fix: str) -> ModelError:
        line = line_of(self.text, path) if self.text else None
        where = f"line {line}" if line else "default model"
        return ModelError(f"{self.origin}, {where}: {_dotted(path)}: {problem}. Fix: {fix}")

    def get(self, path: KeyPath) -> Any:
        node: Any = self.data
        for part in path:
            node = node[part]
        return node

    def table(self, path: KeyPath, allowed: set[str] | None = None) -> dict[str, Any]:
        value = self.get(path)
        if not isinstance(value, dict):
            raise self.error(path, "must be a table", f"write it as [{_dotted(path)}]")
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                raise self.error((*path, unknown[0]), f"unknown key {unknown[0]!r}",
                                 f"use one of: {', '.join(sorted(allowed))}")
        return value

    def integer(self, path: KeyPath, low: int | None = None, high: int | None = None) -> int:
        value = self.get(path)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(path, f"must be a whole number, not {value!r}",
                             "write a whole number without quotes, e.g. 10 or -15")
        self._check_range(path, value, low, high)
        return value

    def number(self, path: KeyPath, low: float | None = None, high: float | None = None) -> float:
        value = self.get(path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(path, f"must be a number, not {value!r}",
                             "write a number without quotes, e.g. 14 or 7.5")
        self._check_range(path, value, low, high)
        return float(value)

    def _check_range(self, path: KeyPath, value: float, low: float | None,
                     high: float | None) -> None:
        if low is not None and value < low:
            raise self.error(path, f"{value} is below {low}", f"use a value of {low} or more")
        if high is not None and value > high:
            raise self.error(path, f"{value} is above {high}", f"use a value of {high} or less")

    def strings(self, path: KeyPath, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.get(path)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(path, "must be a list of texts", 'write e.g. ["a", "b"]')
        for item in value:
            if choices is not None and item not in choices:
                raise self.error(path, f"unknown value {item!r}",
                                 f"use only: {', '.join(choices)}")
        return tuple(value)


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _decode(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f"line {match.group(1)}" if match else "unknown line"
        raise ModelError(
            f"{origin}, {where}: not valid TOML ({exc}). Fix: check quotes, brackets and that "
            "each setting is written as name = value"
        ) from exc


def _tiers(r: _Reader, path: KeyPath) -> KeywordTable:
    r.table(path, {"default_points", "tiers"})
    raw = r.get((*path, "tiers"))
    if not isinstance(raw, list):
        raise r.error((*path, "tiers"), "must be a list of tiers",
                      f"write each tier as [[{_dotted(path)}.tiers]]")
    tiers = []
    for i in range(len(raw)):
        at = (*path, "tiers", i)
        r.table(at, {"name", "points", "keywords"})
        name = r.get((*at, "name"))
        if not isinstance(name, str):
            raise r.error((*at, "name"), "must be a text", 'write e.g. name = "referral"')
        keywords = tuple(k.casefold() for k in r.strings((*at, "keywords")))
        tiers.append(Tier(name, r.integer((*at, "points"), -100, 100), keywords))
    return KeywordTable(tuple(tiers), r.integer((*path, "default_points"), -100, 100))


def _fit(r: _Reader) -> dict[str, Any]:
    r.table(("fit",), {"industry", "company_size", "industry_and_size", "source", "role"})
    r.table(("fit", "industry"), {"points", "keywords"})
    sizes = r.get(("fit", "company_size"))
    if not isinstance(sizes, list):
        raise r.error(("fit", "company_size"), "must be a list of size bands",
                      "write each band as [[fit.company_size]]")
    bands = []
    for i in range(len(sizes)):
        at: KeyPath = ("fit", "company_size", i)
        r.table(at, {"min_employees", "points"})
        bands.append(SizeBand(r.integer((*at, "min_employees"), 1), r.integer((*at, "points"),
                                                                              -100, 100)))
    r.table(("fit", "industry_and_size"), {"cap"})
    return {
        "industry_points": r.integer(("fit", "industry", "points"), -100, 100),
        "industry_keywords": tuple(k.casefold() for k in r.strings(("fit", "industry",
                                                                      "keywords"))),
        "company_size": tuple(sorted(bands, key=lambda b: -b.min_employees)),
        "industry_size_cap": r.integer(("fit", "industry_and_size", "cap"), 0, 100),
        "source": _tiers(r, ("fit", "source")),
        "role": _tiers(r, ("fit", "role")),
    }


def _engagement(r: _Reader) -> dict[str, EventRule]:
    rules = {}
    for name in r.table(("engagement",), set(ENGAGEMENT_TYPES)):
        at: KeyPath = ("engagement", name)
        table = r.table(at, {"points", "cap", "quantity", "per"})
        quantity = table.get("quantity")
        if quantity is not None and not isinstance(quantity, str):
            raise r.error((*at, "quantity"), "must be a text", 'write e.g. quantity = "seconds"')
        per = r.number((*at, "per"), 1e-9) if "per" in table else 1.0
        rules[name] = EventRule(r.integer((*at, "points"), 0, 100),
                                r.integer((*at, "cap"), 0, 100), quantity, per)
    return rules


def _negatives(r: _Reader) -> dict[str, NegativeRule]:
    rules = {}
    for name in r.table(("negatives",), set(NEGATIVE_TYPES)):
        at: KeyPath = ("negatives", name)
        table = r.table(at, {"points", "min_count"})
        count = r.integer((*at, "min_count"), 1, MAX_STREAK) if "min_count" in table else 1
        points = r.integer((*at, "points"), -100, 100)
        if points > 0:
            raise r.error((*at, "points"), "a negative signal must take points away",
                          f"write it with a minus sign: points = -{points}")
        rules[name] = NegativeRule(points, count)
    return rules


def _form(r: _Reader) -> FormQuality:
    keys = {"disposable_email", "invalid_email", "placeholder_name", "invalid_phone",
            "missing_field", "required", "cap", "placeholder_names", "phone_region"}
    r.table(("form_quality",), keys)
    required = r.strings(("form_quality", "required"), PROFILE_FIELDS)
    if "phone" in required:
        raise r.error(("form_quality", "required"),
                      "phone cannot be required: a missing phone number is no sign of "
                      "disinterest (seed 002)", 'remove "phone" from the list')
    points = {k: r.integer(("form_quality", k), -100, 0) for k in sorted(keys)
              if k not in {"required", "placeholder_names", "phone_region"}}
    names = frozenset(n.casefold() for n in r.strings(("form_quality", "placeholder_names")))
    region = r.get(("form_quality", "phone_region"))
    if not isinstance(region, str) or not re.fullmatch(r"[A-Z]{2}", region):
        raise r.error(("form_quality", "phone_region"), f"{region!r} is not a country code",
                      'write a two-letter ISO country code, e.g. "DE"')
    return FormQuality(required=required, placeholder_names=names, phone_region=region,
                       **points)


def _bant(r: _Reader) -> Bant:
    positive = ("budget_stated", "decision_maker", "influencer", "no_authority", "need_stated",
                "timing_now", "timing_soon", "timing_later")
    negative = ("no_budget_or_timeline", "no_need")
    r.table(("bant",), set(positive + negative))
    values = {k: r.integer(("bant", k), 0, 100) for k in positive}
    values.update({k: r.integer(("bant", k), -100, 0) for k in negative})
    return Bant(**values)


_TOP = {"version", "bands", "stages", "decay", "reactivation", "caps", "fit", "engagement",
        "negatives", "form_quality", "bant"}


def _build(r: _Reader) -> Model:
    r.table((), _TOP)
    r.table(("bands",), {"hot", "warm"})
    hot = r.integer(("bands", "hot"), 1, 100)
    warm = r.integer(("bands", "warm"), 1, 100)
    if warm >= hot:
        raise r.error(("bands", "warm"), f"warm ({warm}) must be below hot ({hot})",
                      "lower warm or raise hot")
    r.table(("stages",), {"mql", "sql", "sql_requires"})
    mql, sql = r.integer(("stages", "mql"), 0, 100), r.integer(("stages", "sql"), 0, 100)
    if mql > sql:
        raise r.error(("stages", "sql"), f"sql ({sql}) must not be below mql ({mql})",
                      "raise sql or lower mql")
    r.table(("decay",), {"half_life_days", "reengagement_after_days"})
    r.table(("reactivation",), {"engaged_weeks", "some_weeks", "quiet_weeks"})
    r.table(("caps",), {"fit", "engagement", "bant", "negatives"})
    caps = {k: r.integer(("caps", k), 0, 100) for k in ("fit", "engagement", "bant")}
    caps["negatives"] = r.integer(("caps", "negatives"), -100, 0)
    return Model(
        hot=hot, warm=warm, mql=mql, sql=sql,
        sql_requires=r.strings(("stages", "sql_requires"), SLOTS),
        half_life_days=r.number(("decay", "half_life_days"), 0.01),
        reengagement_after_days=r.number(("decay", "reengagement_after_days"), 0.01),
        engaged_weeks=r.integer(("reactivation", "engaged_weeks"), 1, 104),
        some_weeks=r.integer(("reactivation", "some_weeks"), 1, 104),
        quiet_weeks=r.integer(("reactivation", "quiet_weeks"), 1, 104),
        caps=caps, **_fit(r), engagement=_engagement(r), negatives=_negatives(r),
        form=_form(r), bant=_bant(r),
    )


@lru_cache(maxsize=1)
def _default_text() -> str:
    return resources.files("scoring").joinpath("default_model.toml").read_text("utf-8")


def parse_model(text: str, origin: str = "scoring model") -> Model:
    """Build a model from TOML text laid over the default; raise ModelError naming the line."""
    default = _decode(_default_text(), "default model")
    over = _decode(text, origin)
    return _build(_Reader(_merge(default, over), text, origin))


@lru_cache(maxsize=1)
def default_model() -> Model:
    """Return the shipped default model (the seed's points table)."""
    return _build(_Reader(_decode(_default_text(), "default model"), _default_text(),
                          "default model"))


def load_model(path: str | Path | None = None) -> Model:
    """Load a model file (None: the shipped default); raise ModelError naming the line."""
    if path is None:
        return default_model()
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except OSError as exc:
        raise ModelError(f"{file}: cannot read the scoring model ({exc.strerror}). "
                         "Fix: check the path in the settings") from exc
    return parse_model(text, str(file))
