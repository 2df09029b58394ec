"""The blind chat corpus: split it into parts and turn conversations into scored cases.

Usage:
  python bench/chat_corpus.py split [--source /work/corpus2] [--with-test]  # writers -> train/dev
  python bench/chat_corpus.py cases tests/data/chat/dev.jsonl > dev_cases.jsonl

Every lead turn is one case: the conversation up to and including that lead message, with
the turn's `state` (what the lead had said so far) as gold, in the format of
../shared/eval/score_bant.py. The split is by a hash of the conversation id, so it does not
depend on file order and a conversation never has turns in two parts.

`split` reads the conversations already in train.jsonl and dev.jsonl (writers w1-w3, whose
source files are no longer kept) together with every writer file of WRITER_FILES found in
the source folder, and writes train.jsonl and dev.jsonl again; a conversation keeps its part.
dev2.jsonl (the first test part, seen since its report) is left as it is. The second test
part (t2-*, scored once on 2026-12-02 and seen since) is split like a writer's file (t2.jsonl).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHAT = ROOT / "tests" / "data" / "chat"
WRITER_FILES = ("w1.jsonl", "w2.jsonl", "w3.jsonl", "w4.jsonl", "w5.jsonl", "t2.jsonl", "w6.jsonl",
                "w7.jsonl")
# The parts a conversation can be in; dev2 is the first test part, scored once and seen since.
PARTS = ("train", "dev", "dev2", "test")
DEV_SHARE = 20  # percent of conversations in dev


def part_of(conversation_id: str) -> str:
    """'train' or 'dev' for a conversation id, stable across runs and machines."""
    digest = hashlib.sha256(conversation_id.encode("utf-8")).digest()
    return "dev" if int.from_bytes(digest[:4], "big") % 100 < DEV_SHARE else "train"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, one per non-empty line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as JSONL; the number written."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def split(source: Path, with_test: bool = False) -> None:
    """Write train.jsonl and dev.jsonl from the corpus so far and the writers' files in source
    (a conversation id seen twice keeps its latest text); copy test.jsonl if asked."""
    conversations: dict[str, dict[str, Any]] = {}
    for path in [CHAT / "train.jsonl", CHAT / "dev.jsonl", *(source / name for name in WRITER_FILES)]:
        if path.is_file():
            for conversation in read_jsonl(path):
                conversations[conversation["id"]] = conversation
    parts: dict[str, list[dict[str, Any]]] = {"train": [], "dev": []}
    for conversation_id in sorted(conversations):
        parts[part_of(conversation_id)].append(conversations[conversation_id])
    CHAT.mkdir(parents=True, exist_ok=True)
    for part, rows in parts.items():
        turns = sum(1 for row in rows for _ in lead_turns(row))
        print(f"{part}: {write_jsonl(CHAT / f'{part}.jsonl', rows)} conversations, {turns} lead turns")
    if with_test and (source / "test.jsonl").is_file():
        shutil.copyfile(source / "test.jsonl", CHAT / "test.jsonl")
        print("test: copied")


def lead_turns(conversation: dict[str, Any]) -> Iterator[int]:
    """Indexes of the lead messages of a conversation."""
    return (i for i, m in enumerate(conversation["messages"]) if m["role"] == "lead")


def cases(conversation: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One scored case per lead turn: the prefix up to it, its state as gold."""
    for number, index in enumerate(lead_turns(conversation), 1):
        prefix = conversation["messages"][: index + 1]
        yield {
            "id": f"{conversation['id']}#{number}",
            "lang": conversation.get("lang"),
            "lead_kind": conversation.get("lead_kind"),
            "reference_time": conversation["reference_time"],
            "messages": [{"role": m["role"], "text": m["text"]} for m in prefix],
            "gold": prefix[-1]["state"],
        }


def cases_of(path: Path) -> list[dict[str, Any]]:
    """All scored cases of a corpus part."""
    return [case for conversation in read_jsonl(path) for case in cases(conversation)]


def main(argv: list[str]) -> int:
    if argv[:1] == ["split"]:
        source = Path(argv[argv.index("--source") + 1]) if "--source" in argv else Path("/work/corpus2")
        split(source, "--with-test" in argv)
        return 0
    if argv[:1] == ["cases"] and len(argv) == 2:
        for case in cases_of(Path(argv[1])):
            sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
