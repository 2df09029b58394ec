"""Numbers for the dashboard: the funnel, conversion by band, time to qualification."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

import scoring
from bot.clock import as_utc
from bot.store.models import Lead, StageTransition

QUALIFIED = ("sql",)
BOT_ACTORS = frozenset({"system"})


@dataclass(frozen=True)
class BandConversion:
    """Closed leads of one band: won, lost, and the share won."""

    band: str
    won: int
    lost: int

    @property
    def rate(self) -> float | None:
        """Won over closed; None when none closed."""
        closed = self.won + self.lost
        return self.won / closed if closed else None


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's figures."""

    funnel: list[tuple[str, int]]
    conversion: list[BandConversion]
    median_to_qualified: timedelta | None
    qualified: int
    qualified_by_bot: int

    @property
    def bot_share(self) -> float | None:
        """Share of qualified leads the bot qualified with no person involved."""
        return self.qualified_by_bot / self.qualified if self.qualified else None


def funnel(session: Session) -> list[tuple[str, int]]:
    """Leads per stage in pipeline order."""
    counts = dict(session.exec(select(Lead.stage, func.count()).group_by(Lead.stage)).all())
    return [(stage, int(counts.get(stage, 0))) for stage in scoring.STAGES]


def conversion(session: Session) -> list[BandConversion]:
    """Won and lost per band (the band the lead has now)."""
    query = (select(Lead.score_band, Lead.stage, func.count())
             .where(col(Lead.stage).in_(["won", "lost"])).group_by(Lead.score_band, Lead.stage))
    counts = {(band, stage): int(n) for band, stage, n in session.exec(query)}
    return [BandConversion(band, counts.get((band, "won"), 0), counts.get((band, "lost"), 0))
            for band in ("hot", "warm", "cold")]


def qualification(session: Session) -> tuple[timedelta | None, int, int]:
    """Median time from creation to the first SQL move, how many got there, how many by the bot."""
    first = (select(StageTransition.lead_id, func.min(StageTransition.id).label("first_id"))
             .where(col(StageTransition.to_stage).in_(QUALIFIED))
             .group_by(StageTransition.lead_id).subquery())
    query = (select(Lead.created_at, StageTransition.created_at, StageTransition.actor)
             .join(first, first.c.first_id == StageTransition.id)
             .join(Lead, col(Lead.id) == StageTransition.lead_id))
    rows = list(session.exec(query))
    waits = [as_utc(at) - as_utc(created) for created, at, _ in rows]
    median = statistics.median(waits) if waits else None
    return median, len(rows), sum(1 for *_, actor in rows if actor in BOT_ACTORS)


def dashboard(session: Session) -> Dashboard:
    """Every dashboard figure."""
    median, qualified, by_bot = qualification(session)
    return Dashboard(funnel(session), conversion(session), median, qualified, by_bot)
