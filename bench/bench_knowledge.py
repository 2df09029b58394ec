"""Speed of answering a lead's question from a knowledge file, and of the conversation signals.

    .venv/bin/python bench/bench_knowledge.py [KNOWLEDGE.toml]

Loads the file (the plumbing example in examples/knowledge/ by default), then times `Knowledge.answer` and
`bot.extract.lead_signals` over chat questions, and a knowledge file of 500 entries.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.extract import lead_signals
from bot.knowledge import load_knowledge
from bot.knowledge.base import Entry, Knowledge

DEMO = Path(__file__).resolve().parent.parent / "examples" / "knowledge" / "haustechnik_brandl.toml"
QUESTIONS = [("was kostet sowas denn?", "de"), ("kommt ihr auch nach dachau?", "de"),
             ("habt ihr samstags offen", "de"), ("do you do solar panels too?", "en"),
             ("how much is a boiler service?", "en"), ("Was kostet ein neues Auto?", "de")]


def timed(fn: Callable[[], object], runs: int = 200) -> tuple[float, float]:
    """Median and p99 in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    start = time.perf_counter()
    knowledge = load_knowledge(path)
    took = (time.perf_counter() - start) * 1000
    print(f"load {path.name}: {len(knowledge.entries)} entries in {took:.1f} ms")
    for question, lang in QUESTIONS:
        median, p99 = timed(lambda q=question, lang=lang: knowledge.answer(q, lang))
        hit = knowledge.answer(question, lang)
        print(f"answer {question!r}: {hit.entry_id if hit else 'none (open question)'}; "
              f"median {median:.2f} ms, p99 {p99:.2f} ms")
    big = Knowledge({}, [Entry(f"e{i}", "faq", {"de": (f"Frage {i} zu Thema{i} und Preis{i % 7}",)},
                               {"de": f"Antwort {i}"}, (f"stichwort{i}",)) for i in range(500)])
    median, p99 = timed(lambda: big.answer("Was kostet Thema42 ungefähr?", "de"), runs=50)
    print(f"answer over 500 entries: median {median:.2f} ms, p99 {p99:.2f} ms")
    text = "hallo, wir haben nen rohrbruch im keller!! kommt ihr heute noch? was kostet der notdienst"
    median, p99 = timed(lambda: lead_signals(text), runs=500)
    print(f"lead_signals (urgent + questions): median {median:.3f} ms, p99 {p99:.3f} ms")
    long = ("Wir sind ein Handwerksbetrieb und suchen eine Lösung. " * 200)[:10_000]
    median, p99 = timed(lambda: lead_signals(long), runs=20)
    print(f"lead_signals on 10 KB: median {median:.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
