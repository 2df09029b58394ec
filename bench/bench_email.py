"""Email parse time per message over the reply fixtures (target: median < 10 ms).

Usage: bench/bench_email.py [FIXTURE_DIR]   (default ../shared/corpora/email_replies/fixtures)
Times `read_email` (MIME, HTML to text, quote/signature stripping, intent, facts) per file.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.email.read import read_email  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/corpora/email_replies/fixtures"


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT
    files = sorted(p for p in root.rglob("*") if p.is_file())
    if not files:
        print(f"no fixtures under {root}")
        return 2
    raws = [p.read_bytes() for p in files]
    for raw in raws[:5]:
        read_email(raw)  # warm up regex caches
    times = []
    for raw in raws:
        start = time.perf_counter()
        read_email(raw)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{len(times)} messages: median {statistics.median(times):.2f} ms, p99 {p99:.2f} ms, "
          f"max {times[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
