"""Bulk ingest benchmark: N leads x 20 events through the import/bulk-events path on SQLite.

Prints events per second for the ingest (goal >= 5,000/s) and the latency of the setter's
"top 50 hot leads" query (goal <= 50 ms, median of several runs).

    .venv/bin/python bench/bench_ingest.py --leads 20000
    .venv/bin/python bench/bench_ingest.py             # 100,000 leads, 2,000,000 events
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

import scoring
from bot.cli.csv_mapping import MappedLead
from bot.cli.import_csv import import_chunk
from bot.clock import utcnow
from bot.store import repo
from bot.store.db import make_engine, migrate, session_scope

ROLES = ["Geschäftsführer", "CEO", "Head of Sales", "Marketing Manager", "Student", "Assistant",
         "Inhaberin", "Projektleiter", None]
INDUSTRIES = ["Software", "IT-Beratung", "Handwerk", "Steuerberatung", "E-Commerce", "Gastronomie",
              None]
SOURCES = ["Referral", "Webinar", "Google search", "Paid ads", "Newsletter", "Direct", None]
SIZES = ["3", "12", "45", "120", "800", None]
# weighted so that engagement varies from nothing to a lot; meetings are rare
KINDS = (["page_view"] * 8 + ["email_opened"] * 4 + ["email_unopened"] * 8 + ["email_clicked"]
         + ["download", "whitepaper_download", "webinar_attended", "form_submitted",
            "time_on_site", "reply_received", "meeting_booked"])


def synthetic_lead(rng: random.Random, number: int, per_lead: int) -> MappedLead:
    """A plausible lead with `per_lead` events over up to a year (hot leads stay rare)."""
    now = utcnow()
    profile = scoring.Profile(
        email=f"lead{number}@firma{number % 997}.de", name=f"Lead {number}",
        company=f"Firma {number % 997} GmbH", job_title=rng.choice(ROLES),
        industry=rng.choice(INDUSTRIES), company_size=rng.choice(SIZES), source=rng.choice(SOURCES))
    recency = rng.choice([3, 60, 180, 365, 365, 730, 730])  # few leads are active now
    events = []
    for _ in range(per_lead):
        kind = rng.choice(KINDS)
        props = {"seconds": rng.randint(10, 600)} if kind == "time_on_site" else {}
        events.append(scoring.Event(kind, now - timedelta(days=rng.uniform(0, recency)), props))
    return MappedLead(str(number), profile, {}, events, None)


def ingest(engine_url: str, leads: int, per_lead: int, chunk: int,
           seed: int) -> tuple[float, float]:
    """Import the synthetic leads chunk by chunk; wall and CPU seconds spent importing."""
    engine = make_engine(engine_url)
    model = scoring.load_model()
    rng = random.Random(seed)
    spent = cpu = 0.0
    for start in range(0, leads, chunk):
        items = [synthetic_lead(rng, n, per_lead) for n in range(start, min(leads, start + chunk))]
        began, began_cpu = time.perf_counter(), time.process_time()
        with session_scope(engine) as session:
            import_chunk(session, items, model, origin="bench")
        spent += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
    engine.dispose()
    return spent, cpu


def hot_query_ms(engine_url: str, runs: int) -> tuple[list[float], int, str]:
    """Latencies of the top-50 hot query, the hot count, and SQLite's plan for it."""
    engine = make_engine(engine_url)
    timings = []
    for _ in range(runs):
        with session_scope(engine) as session:
            began = time.perf_counter()
            top = repo.list_leads(session, band="hot", stage=None, sort="-score", limit=50,
                                  offset=0)
            timings.append((time.perf_counter() - began) * 1000)
    with engine.connect() as conn:
        hot = conn.execute(text("select count(*) from leads where score_band = 'hot'")).scalar()
        plan = conn.execute(text(
            "explain query plan select * from leads where score_band = 'hot' and stage != "
            "'disqualified' order by score_total desc, id desc limit 50")).fetchall()
    engine.dispose()
    assert len(top) == min(50, hot or 0)
    return timings, int(hot or 0), "; ".join(str(row[-1]) for row in plan)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--events-per-lead", type=int, default=20)
    parser.add_argument("--chunk", type=int, default=500, help="leads per transaction")
    parser.add_argument("--runs", type=int, default=25, help="runs of the hot query")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate(make_engine(url))
        spent, cpu = ingest(url, args.leads, args.events_per_lead, args.chunk, args.seed)
        events = args.leads * args.events_per_lead
        print(f"ingest: {args.leads:,} leads x {args.events_per_lead} events = {events:,} events "
              f"in {spent:.1f} s -> {events / spent:,.0f} events/s, "
              f"{args.leads / spent:,.0f} leads/s (goal >= 5,000 events/s); "
              f"CPU {cpu:.1f} s -> {events / cpu:,.0f} events per CPU second")
        timings, hot, plan = hot_query_ms(url, args.runs)
        ordered = sorted(timings)
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        print(f"top 50 hot leads ({hot:,} hot of {args.leads:,}): median "
              f"{statistics.median(timings):.2f} ms, p99 {p99:.2f} ms over {args.runs} runs "
              "(goal <= 50 ms)")
        print(f"plan: {plan}")


if __name__ == "__main__":
    main()
