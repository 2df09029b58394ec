"""The dashboard: funnel, conversion by band, time to qualification, the bot's share."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bot.leads import stats
from bot.store.db import session_scope
from web.console.auth import SetterPage, services_of
from web.console.charts import Bar, bars
from web.console.render import UI, render

router = APIRouter(prefix="/console", include_in_schema=False)


@dataclass(frozen=True)
class DashboardPage:
    """The figures and the bars drawn from them."""

    figures: stats.Dashboard
    funnel_bars: list[Bar]
    conversion_bars: list[Bar]

    @property
    def median_hours(self) -> float | None:
        """Median time to the first qualification in hours."""
        median = self.figures.median_to_qualified
        return None if median is None else median.total_seconds() / 3600


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f} %"


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, viewer: SetterPage) -> HTMLResponse:
    """The pipeline at a glance (setters and admins)."""
    with session_scope(services_of(request).db) as session:
        figures = stats.dashboard(session)
    funnel = bars([(stage, n, str(n)) for stage, n in figures.funnel])
    conversion = bars([(c.band, round((c.rate or 0) * 100), f"{_percent(c.rate)} "
                        f"({c.won}/{c.won + c.lost})") for c in figures.conversion])
    page = DashboardPage(figures, funnel, conversion)
    return render("dashboard.html", UI(viewer, viewer.lang, request.url.path), page)
