"""Small server-rendered SVG charts: the geometry is computed here, the template draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Point:
    """One point of a line chart, in SVG coordinates, with its label."""

    x: float
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class LineChart:
    """A score-over-time line: the polyline, its points and the guide lines."""

    width: int
    height: int
    points: list[Point]
    guides: list[tuple[float, int]]

    @property
    def polyline(self) -> str:
        """The `points` attribute of the SVG polyline."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def score_line(history: Sequence[tuple[datetime, int]], width: int = 320, height: int = 120,
               pad: int = 14) -> LineChart:
    """Scores 0–100 over time; x is time (evenly spaced when all at once)."""
    def y(value: int) -> float:
        return pad + (height - 2 * pad) * (1 - value / 100)

    guides = [(y(level), level) for level in (0, 41, 81, 100)]
    if not history:
        return LineChart(width, height, [], guides)
    start, end = history[0][0], history[-1][0]
    span = (end - start).total_seconds()
    points = []
    for index, (at, value) in enumerate(history):
        share = ((at - start).total_seconds() / span if span > 0
                 else index / max(1, len(history) - 1))
        x = pad + 24 + (width - 2 * pad - 24) * share
        points.append(Point(x, y(value), value, at.strftime("%Y-%m-%d %H:%M")))
    return LineChart(width, height, points, guides)


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: label, value, bar length and its row position."""

    label: str
    value: int
    length: float
    y: float
    text: str


def bars(items: Sequence[tuple[str, int, str]], width: int = 420, row: int = 26,
         label_width: int = 130) -> list[Bar]:
    """Horizontal bars scaled to the largest value; `text` is shown after the bar."""
    top = max((value for _, value, _ in items), default=0) or 1
    room = width - label_width - 60
    return [Bar(label, value, max(1.0, room * value / top) if value else 0.0, index * row, text)
            for index, (label, value, text) in enumerate(items)]
