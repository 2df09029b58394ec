"""Score the extractor on a part of the chat corpus: the rules alone beside rules + model.

Usage: python bench/bench_chat_corpus.py [train|dev|dev2|test] [--misses FIELD]

Every lead turn is a case (bench/chat_corpus.py); matching is ../shared/eval/score_bant.py's.
dev and dev2 are never trained on; a test part is scored once for the report and never tuned
on (tests/data/README.md).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chat_corpus import read_jsonl  # noqa: E402
from train_extract_model import (  # noqa: E402
    conversation_predictions,
    pooled,
    scorer,
    shares,
    tally_conversations,
)

from bot.extract.learned.model import shipped  # noqa: E402
from bot.types import SLOTS  # noqa: E402


def main(argv: list[str]) -> int:
    part = argv[0] if argv and not argv[0].startswith("-") else "dev"
    path = ROOT / "tests" / "data" / "chat" / f"{part}.jsonl"
    if not path.is_file():
        print(f"no part {part!r} ({path} is missing)")
        return 2
    conversations = read_jsonl(path)
    turns = sum(1 for c in conversations for m in c["messages"] if m["role"] == "lead")
    match = scorer()
    model = shipped()
    start = time.perf_counter()
    rules = tally_conversations(conversations, None, match)
    middle = time.perf_counter()
    combined = tally_conversations(conversations, model, match)
    end = time.perf_counter()
    print(f"chat corpus, {part}: {len(conversations)} conversations, {turns} lead turns")
    print(f"{'field':10s} {'rules only':>11s} {'rules+model':>12s}")
    alone, both = shares(rules), shares(combined)
    for field in SLOTS:
        print(f"{field:10s} {alone[field]:11.3f} {both[field]:12.3f}")
    print(f"{'overall':10s} {pooled(rules):11.3f} {pooled(combined):12.3f}")
    print(f"time per lead turn (the conversation read once): rules {1000 * (middle - start) / turns:.2f} ms,"
          f" rules+model {1000 * (end - middle) / turns:.2f} ms")
    if "--misses" in argv:
        field = argv[argv.index("--misses") + 1]
        for conversation in conversations:
            leads = [m for m in conversation["messages"] if m["role"] == "lead"]
            for message, predicted in zip(leads, conversation_predictions(conversation, model), strict=True):
                gold = message["state"][field]
                if gold != "*" and not match(field, gold, predicted[field], conversation["reference_time"]):
                    print("MISS", conversation["id"], message["text"][:160], "| gold", gold,
                          "| pred", predicted[field])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
