"""Reading JSON out of a model's text, with one local repair attempt.

Small and local models wrap JSON in code fences, add a sentence before it, or stop at the
token limit in the middle of a string. One repair pass fixes those without another model
call, so a turn still costs exactly one call.
"""

from __future__ import annotations

import json
import re
from typing import Any

FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
CLOSERS = {"{": "}", "[": "]"}
# Small models put raw line breaks inside strings; accept control characters there.
DECODER = json.JSONDecoder(strict=False)


class UnreadableJSON(ValueError):
    """No JSON object could be read, even after repair."""


def decode(text: str) -> tuple[Any, bool]:
    """The JSON object in `text` and whether it needed repair; raises UnreadableJSON."""
    try:
        return DECODER.decode(text), False
    except (json.JSONDecodeError, TypeError):
        pass
    body = _unfenced(text)
    start = body.find("{")
    if start < 0:
        raise UnreadableJSON("no JSON object in the output")
    try:
        value, _ = DECODER.raw_decode(body[start:])
        return value, True
    except json.JSONDecodeError:
        pass
    return _salvage(body[start:]), True


def _unfenced(text: str) -> str:
    match = FENCE.search(text)
    return match.group(1) if match else text


def _salvage(fragment: str) -> Any:
    """Close a fragment cut off mid-way, dropping the incomplete last member if needed.

    The fragment is scanned once, noting the open brackets at every comma outside strings;
    the whole fragment (open string closed) is tried first, then each comma from the end,
    each time with the brackets that were open there closed.
    """
    stack: list[str] = []
    cuts: list[tuple[int, str]] = []
    in_string = escaped = False
    for index, char in enumerate(fragment):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in CLOSERS:
            stack.append(CLOSERS[char])
        elif char in "}]" and stack:
            stack.pop()
        elif char == ",":
            cuts.append((index, "".join(reversed(stack))))
    whole = fragment + ('"' if in_string else "") + "".join(reversed(stack))
    for candidate in [whole, *(fragment[:i] + closers for i, closers in reversed(cuts))]:
        try:
            return DECODER.decode(candidate)
        except json.JSONDecodeError:
            continue
    raise UnreadableJSON("invalid JSON that no cut could repair")
