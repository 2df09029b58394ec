"""The new part of a reply: quoted history, forwarded headers and signatures removed.

Built on `mail-parser-reply` (its header detection for many languages), plus the formats it
misses: attribution lines that wrap over several lines, start with a date or share a line
with the reply, Outlook header blocks in German and other languages (Von:/Gesendet:/An:/
Betreff:), separator lines ("-----Ursprüngliche Nachricht-----", underscores, "-- x --"),
`>` quotes anywhere (inline answers between quotes are kept), mobile signatures ("Gesendet
von Outlook für Android", "Sent from my iPhone"), the `-- ` delimiter, sign-offs with the
signature block under them, and legal footers. The earliest cut wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mailparser_reply import EmailReplyParser

from bot.email import reply_rules as rules

SPACES = re.compile(r"[\u00a0\u202f\u2007\u2009\u200a\u3000]")


def strip_reply(text: str) -> str:
    """The text the sender wrote in this message (may be empty for a bare forward)."""
    return split_reply(text)[0]


def split_reply(text: str) -> tuple[str, str]:
    """(the new text without its signature block, the signature block)."""
    text = SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\u200b", "")
    lines = text.split("\n")
    cut, dropped, split = _scan(lines)
    kept = [line for i, line in enumerate(lines[:cut]) if i not in dropped]
    if split is not None:
        kept.append(split)
    kept = [line.rstrip() for line in kept if not rules.QUOTED.match(line)]
    kept, signature = rules.split_signature(kept)
    reply = _library_cut("\n".join(kept))
    return re.sub(r"\n{3,}", "\n\n", reply).strip(), "\n".join(signature).strip()


def _scan(lines: list[str]) -> tuple[int, set[int], str | None]:
    """(index of the first line of history, attribution lines to drop, the reply part of a
    line the attribution shares)."""
    seen_text = False
    dropped: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip() or rules.QUOTED.match(line) or index in dropped:
            index += 1
            continue
        shared = rules.SHARED_ATTRIBUTION.search(line)
        if shared and shared.start() > 0 and not rules.STARTS_DATED.match(line.strip()):
            return index, dropped, line[:shared.start()]
        span = rules.attribution(lines, index)
        if span:
            after = _next_content(lines, index + span)
            if after is not None and rules.QUOTED.match(lines[after]) and _answers_below(lines, after):
                dropped.update(range(index, index + span))  # inline answers follow: keep them
                index += span
                continue
            return index, dropped, None
        if rules.starts_history(lines, index, seen_text):
            if not seen_text and rules.HEADER_LINE.match(line.strip()):
                end = _block_end(lines, index)  # headers above the text (a pasted or bare
                dropped.update(range(index, end))  # message): skip them, read on
                index = end
                continue
            return _back_over_headers(lines, index), dropped, None
        seen_text = True
        index += 1
    return len(lines), dropped, None


def _block_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


def _next_content(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _answers_below(lines: list[str], start: int) -> bool:
    """Unquoted prose after the quote block (not just a signature or a mailing-list footer)."""
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip() or rules.QUOTED.match(line):
            continue
        return not (rules.starts_history(lines, index, True) or rules.attribution(lines, index))
    return False


def _back_over_headers(lines: list[str], index: int) -> int:
    """Include separator lines and date lines ("Message du : 12/12/2016") just above a
    header block in the cut."""
    while index > 0:
        above = lines[index - 1].strip()
        if not above or rules.SEPARATOR_ONLY.match(above) or rules.DATED_LABEL.match(above):
            index -= 1
            continue
        break
    return index


@lru_cache(maxsize=1)
def _parser() -> EmailReplyParser:
    return EmailReplyParser(languages=["de", "en", "fr", "es", "it", "nl", "sv", "da", "no", "pl"])


def _library_cut(text: str) -> str:
    """mail-parser-reply's first reply, when it found history we did not (never empty)."""
    if not text.strip():
        return text
    try:
        replies = _parser().read(text).replies
    except Exception:  # noqa: BLE001 - a third-party regex engine on hostile input: keep ours
        return text
    if len(replies) < 2:
        return text
    first = replies[0].content.strip()
    return first if first and len(first) < len(text.strip()) else text
