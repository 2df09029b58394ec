"""Speed of the pure scorer: score() from scratch, one O(1) state update, score_from_state().

    .venv/bin/python bench/bench_scoring.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import scoring

NOW = datetime(2026, 3, 10, 10, tzinfo=UTC)
KINDS = ["page_view", "email_opened", "email_clicked", "download", "email_unopened",
         "time_on_site", "chat_message", "form_submitted", "whitepaper_download", "page_view"]
PROFILE = scoring.Profile(email="anna@beispiel-gmbh.de", name="Anna Berg", company="Beispiel",
                          phone="+49 30 1234567", job_title="Teamleiterin Vertrieb",
                          industry="Software", company_size="50-200", source="Webinar")
FACTS = {"budget": {"has_budget": True, "min": 5000, "max": 5000, "currency": "EUR",
                    "period": "month"}, "authority": None, "need": {"has_need": True},
         "timing": None}


def events(n: int) -> list[scoring.Event]:
    """n events of mixed types over the last weeks."""
    return [scoring.Event(KINDS[i % len(KINDS)], NOW - timedelta(hours=7 * i),
                          {"seconds": 90, "fields": ["company"]}) for i in range(n)]


def timed(fn: Callable[[], object], runs: int = 3000) -> tuple[float, float]:
    """Median and p99 in microseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def main() -> None:
    """Print the figures."""
    model = scoring.default_model()
    twenty = events(20)
    state = scoring.ScoreState()
    for event in twenty:
        state.apply(event, model)
    new = scoring.Event("page_view", NOW)
    cases = {
        "score(), 20 events": lambda: scoring.score(PROFILE, FACTS, twenty, NOW, model),
        "score(), 200 events": lambda: scoring.score(PROFILE, FACTS, events(200), NOW, model),
        "state.apply(), 1 event": lambda: scoring.ScoreState.from_dict(
            state.to_dict()).apply(new, model),
        "score_from_state()": lambda: scoring.score_from_state(state, PROFILE, FACTS, NOW,
                                                               model),
    }
    for name, fn in cases.items():
        median, p99 = timed(fn)
        print(f"{name:<26} median {median:8.1f} µs   p99 {p99:8.1f} µs")


if __name__ == "__main__":
    main()
