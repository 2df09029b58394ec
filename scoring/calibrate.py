"""Calibration: fit the model's weights to won/lost outcomes and report how well it ranks.

A logistic regression is fitted on the points model's own feature vector (one column per
rule or tier), its coefficients are scaled into whole points, and the rounded model is
evaluated out of fold (stratified 5-fold), next to the current model and the unrounded
regression. Only pure computation: the caller reads the data and writes the files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from scoring.features import features
from scoring.model import (
    Bant,
    EventRule,
    FormQuality,
    KeywordTable,
    Model,
    NegativeRule,
    SizeBand,
)
from scoring.points import score
from scoring.segments import Suggestion, blacklist_suggestions
from scoring.types import Event, Facts, Profile

Progress = Callable[[str, int], None]  # (stage, rows done)


@dataclass(frozen=True)
class Outcome:
    """One closed lead: what was known before contact, and whether it was won."""

    profile: Profile
    facts: Facts
    events: Sequence[Event]
    won: bool


@dataclass
class Report:
    """Ranking quality of the current, the calibrated and the unrounded model."""

    leads: int
    won: int
    auc_points: float
    auc_calibrated: float
    auc_logistic: float
    brier_points: float
    brier_calibrated: float
    brier_logistic: float
    bands: dict[str, dict[str, dict[str, float]]]
    calibrated: Model
    weights: dict[str, float] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-able dict."""
        return {"leads": self.leads, "won": self.won,
                "auc_points": round(self.auc_points, 4),
                "auc_calibrated": round(self.auc_calibrated, 4),
                "auc_logistic": round(self.auc_logistic, 4),
                "brier_points": round(self.brier_points, 4),
                "brier_calibrated": round(self.brier_calibrated, 4),
                "brier_logistic": round(self.brier_logistic, 4),
                "hot_share_points": self.bands["points"]["hot"]["share"],
                "hot_share_calibrated": self.bands["calibrated"]["hot"]["share"],
                "bands": self.bands,
                "blacklist_suggestions": [s.as_dict() for s in self.suggestions]}


def _round(value: float) -> int:
    return int(math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1))


def _keep(old: int, weights: dict[str, float], key: str, sign: int = 0) -> int:
    # rules the outcomes never exercised keep their points: no evidence, no change
    if key not in weights:
        return old
    points = _round(weights[key])
    return max(0, points) if sign > 0 else min(0, points) if sign < 0 else points


def _table(table: KeywordTable, weights: dict[str, float], prefix: str) -> KeywordTable:
    tiers = tuple(replace(t, points=_keep(t.points, weights, f"{prefix}.{t.name}"))
                  for t in table.tiers)
    return KeywordTable(tiers, _keep(table.default_points, weights, f"{prefix}.default"))


def _event(rule: EventRule, weight: float | None) -> EventRule:
    if weight is None:
        return rule
    factor = max(0.0, weight)  # the feature is the rule's own points, so weight = a factor
    cap = _round(rule.cap * factor)
    if rule.quantity is None:
        return EventRule(min(100, _round(rule.points * factor)), min(100, cap))
    if factor == 0:
        return replace(rule, points=0, cap=0)
    # quantities keep 1 point and move the amount per point: "1 point per 37.5 seconds"
    per = round(rule.per / (rule.points * factor), 2)
    return EventRule(1, min(100, cap), rule.quantity, max(per, 0.01))


def _form(form: FormQuality, w: dict[str, float]) -> FormQuality:
    def penalty(name: str) -> int:
        return _keep(getattr(form, name), w, f"form.{name}", -1)

    return replace(form, cap=-100, disposable_email=penalty("disposable_email"),
                   invalid_email=penalty("invalid_email"),
                   placeholder_name=penalty("placeholder_name"),
                   invalid_phone=penalty("invalid_phone"), missing_field=penalty("missing_field"))


def _bant(bant: Bant, w: dict[str, float]) -> Bant:
    values = {}
    for name in bant.__dataclass_fields__:
        sign = -1 if name in {"no_budget_or_timeline", "no_need"} else 1
        values[name] = _keep(getattr(bant, name), w, f"bant.{name}", sign)
    return Bant(**values)


def apply_weights(model: Model, weights: dict[str, float]) -> Model:
    """A model whose points are the given weights (in points per feature unit), rounded."""
    sizes = tuple(SizeBand(b.min_employees, _keep(b.points, weights,
                                                   f"fit.company_size.{b.min_employees}"))
                  for b in model.company_size)
    return replace(
        model,
        caps={"fit": 100, "engagement": 100, "bant": 100, "negatives": -100},
        industry_points=_keep(model.industry_points, weights, "fit.industry"),
        company_size=sizes, industry_size_cap=100,
        source=_table(model.source, weights, "fit.source"),
        role=_table(model.role, weights, "fit.role"),
        engagement={n: _event(r, weights.get(f"engagement.{n}"))
                    for n, r in model.engagement.items()},
        negatives={n: NegativeRule(_keep(r.points, weights, f"negative.{n}", -1), r.min_count)
                   for n, r in model.negatives.items()},
        form=_form(model.form, weights), bant=_bant(model.bant, weights),
    )


def _matrix(rows: list[dict[str, float]], columns: list[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(columns)}
    x = np.zeros((len(rows), len(columns)))
    for r, row in enumerate(rows):
        for key, value in row.items():
            x[r, index[key]] = value
    return x


def _fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000).fit(x, y)


def _effective(coef: np.ndarray, columns: list[str]) -> np.ndarray:
    # what the model can express: engagement and BANT bonuses never negative, penalties
    # never positive (apply_weights clamps the same way)
    out = coef.copy()
    for i, name in enumerate(columns):
        penalty = name.startswith(("negative.", "form.")) or name in {
            "bant.no_budget_or_timeline", "bant.no_need"}
        if penalty:
            out[i] = min(0.0, out[i])
        elif name.startswith(("engagement.", "bant.")):
            out[i] = max(0.0, out[i])
    return out


def to_points(lr: LogisticRegression, x: np.ndarray, columns: list[str]) -> dict[str, float]:
    """Scale coefficients into points so that the score reads roughly as "% chance to win".

    The scale is the least-squares fit of points to 100 × the regression's probability, so
    the bands keep their meaning (hot ≈ 81 %+ likely) without an offset in the model.
    """
    coef = _effective(lr.coef_[0], columns)
    linear = x @ coef
    target = 100.0 * lr.predict_proba(x)[:, 1]
    denominator = float(linear @ linear)
    scale = float(linear @ target) / denominator if denominator > 0 else 1.0
    strongest = float((np.abs(coef) * x.max(axis=0)).max()) * scale
    if strongest > 100:  # no single rule may decide alone
        scale *= 100 / strongest
    used = np.asarray(x.any(axis=0), dtype=bool)
    return {c: float(coef[i] * scale) for i, c in enumerate(columns) if bool(used[i])}


def _platt(train_scores: np.ndarray, y: np.ndarray, test_scores: np.ndarray) -> np.ndarray:
    platt = _fit(train_scores.reshape(-1, 1), y)
    return np.asarray(platt.predict_proba(test_scores.reshape(-1, 1))[:, 1], dtype=float)


def _bands(totals: np.ndarray, y: np.ndarray, model: Model) -> dict[str, dict[str, float]]:
    out = {}
    for band in ("hot", "warm", "cold"):
        mask = np.array([model.band(int(t)) == band for t in totals], dtype=bool)
        n = int(mask.sum())
        out[band] = {"leads": n, "share": round(n / len(totals), 4),
                     "won": int(y[mask].sum()),
                     "conversion": round(float(y[mask].mean()), 4) if n else 0.0}
    return out


def _totals(outcomes: Sequence[Outcome], idx: np.ndarray, now: datetime,
            model: Model) -> np.ndarray:
    return np.array([score(outcomes[i].profile, outcomes[i].facts, outcomes[i].events, now,
                           model).total for i in idx], dtype=float)


def calibrate(outcomes: Sequence[Outcome], model: Model, now: datetime, folds: int = 5,
              seed: int = 42, progress: Progress | None = None) -> Report:
    """Evaluate `model` and a calibrated integer-points model out of fold; fit the final one."""
    note = progress or (lambda stage, done: None)
    rows = []
    for i, o in enumerate(outcomes):
        rows.append(features(o.profile, o.facts, o.events, now, model))
        note("features", i + 1)
    columns = sorted({key for row in rows for key in row})
    x, y = _matrix(rows, columns), np.array([o.won for o in outcomes], dtype=int)
    points = _totals(outcomes, np.arange(len(outcomes)), now, model)
    note("points", len(outcomes))
    oof = {name: np.zeros(len(y)) for name in ("lr", "cal", "p_points", "p_cal")}
    splits = StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y)
    for fold, (train, test) in enumerate(splits, start=1):
        lr = _fit(x[train], y[train])
        oof["lr"][test] = lr.predict_proba(x[test])[:, 1]
        fold_model = apply_weights(model, to_points(lr, x[train], columns))
        cal_train = _totals(outcomes, train, now, fold_model)
        oof["cal"][test] = _totals(outcomes, test, now, fold_model)
        oof["p_cal"][test] = _platt(cal_train, y[train], oof["cal"][test])
        oof["p_points"][test] = _platt(points[train], y[train], points[test])
        note("folds", fold)
    final = _fit(x, y)
    weights = to_points(final, x, columns)
    calibrated = apply_weights(model, weights)
    return Report(
        leads=len(y), won=int(y.sum()),
        auc_points=float(roc_auc_score(y, points)),
        auc_calibrated=float(roc_auc_score(y, oof["cal"])),
        auc_logistic=float(roc_auc_score(y, oof["lr"])),
        brier_points=float(brier_score_loss(y, oof["p_points"])),
        brier_calibrated=float(brier_score_loss(y, oof["p_cal"])),
        brier_logistic=float(brier_score_loss(y, oof["lr"])),
        bands={"points": _bands(points, y, model),
               "calibrated": _bands(oof["cal"], y, calibrated)},
        calibrated=calibrated, weights=weights,
        suggestions=blacklist_suggestions([o.profile for o in outcomes], y.tolist()),
    )
