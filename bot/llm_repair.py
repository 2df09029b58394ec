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


class UnreadableJSON(ValueError):
    """No JSON object could be read, even after repair."""


def decode(text: str) -> tuple[Any, bool]:
    """The JSON object in `text` and whether it needed repair; raises UnreadableJSON."""
    try:
        return json.loads(text), False
    except (json.JSONDecodeError, TypeError):
        pass
    body = _unfenced(text)
    start = body.find("{")
    if start < 0:
        raise UnreadableJSON("no JSON object in the output")
    try:
        value, _ = json.JSONDecoder().raw_decode(body[start:])
        return value, True
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(_closed(body[start:])), True
    except json.JSONDecodeError as exc:
        raise UnreadableJSON(f"invalid JSON: {exc.msg} at {exc.pos}") from exc


def _unfenced(text: str) -> str:
    match = FENCE.search(text)
    return match.group(1) if match else text


def _closed(fragment: str) -> str:
    """Close a JSON fragment cut off mid-way: open string, dangling key or comma, brackets."""
    stack: list[str] = []
    in_string = escaped = False
    for char in fragment:
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
    text = fragment + ('"' if in_string else "")
    text = _drop_dangling(text)
    return text + "".join(reversed(stack))


def _drop_dangling(text: str) -> str:
    """Remove a trailing comma, a key without a value, or a half-written literal."""
    previous = None
    while previous != text:
        previous = text
        text = text.rstrip()
        text = re.sub(r',\s*"[^"]*"\s*:?\s*$', "", text)  # dangling key
        text = re.sub(r"[,:]\s*$", "", text)
        text = re.sub(r",\s*(?:t|tr|tru|f|fa|fal|fals|n|nu|nul)$", "", text)  # cut literal
    return text
