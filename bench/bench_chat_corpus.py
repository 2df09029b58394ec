"""Score the extractor on a part of the chat corpus: the rules alone beside rules + model.

Usage: python bench/bench_chat_corpus.py [train|dev|test] [--misses FIELD]

Every lead turn is a case (bench/chat_corpus.py); matching is ../shared/eval/score_bant.py's.
The test part is scored once for the report and never tuned on (tests/data/README.md).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chat_corpus import read_jsonl  # noqa: E402
from train_extract_model import predict, scorer, tally, turn_cases  # noqa: E402

from bot.extract.learned.model import shipped  # noqa: E402
from bot.types import SLOTS  # noqa: E402


def _share(counts: tuple[dict[str, int], dict[str, int]], field: str | None = None) -> float:
    right, total = counts
    fields = [field] if field else list(total)
    return sum(right[f] for f in fields) / max(sum(total[f] for f in fields), 1)


def main(argv: list[str]) -> int:
    part = argv[0] if argv and not argv[0].startswith("-") else "dev"
    cases = turn_cases(read_jsonl(ROOT / "tests" / "data" / "chat" / f"{part}.jsonl"))
    match = scorer()
    model = shipped()
    start = time.perf_counter()
    rules = tally(cases, None, match)
    middle = time.perf_counter()
    combined = tally(cases, model, match)
    end = time.perf_counter()
    print(f"chat corpus, {part}: {len(cases)} lead turns")
    print(f"{'field':10s} {'rules only':>11s} {'rules+model':>12s}")
    for field in SLOTS:
        print(f"{field:10s} {_share(rules, field):11.3f} {_share(combined, field):12.3f}")
    print(f"{'overall':10s} {_share(rules):11.3f} {_share(combined):12.3f}")
    print(f"time per case (whole conversation prefix): rules {1000 * (middle - start) / len(cases):.2f} ms,"
          f" rules+model {1000 * (end - middle) / len(cases):.2f} ms")
    if "--misses" in argv:
        field = argv[argv.index("--misses") + 1]
        for case in cases:
            predicted = predict(case, model)[field]
            if not match(field, case["gold"][field], predicted, case["reference_time"]):
                print("MISS", case["messages"][-1]["text"][:160], "| gold", case["gold"][field],
                      "| pred", predicted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
