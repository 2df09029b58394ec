"""How JSON columns are written and read: orjson, with the standard library where it differs.

A turn writes a dozen JSON values (the lead's score and state, what extraction found in the
message, the event, the snapshot) and reads the conversation's back; with the standard
library that was about a twentieth of the server's CPU per turn, with orjson a fifth of it.
Values orjson cannot write as `json.dumps` would (integers past 64 bits, types it does not
know) are written by `json.dumps`; text orjson would read differently (an integer of 19 or
more digits, which it reads as a float; NaN or Infinity, which it refuses) is read by
`json.loads`. Stored text is compact UTF-8 instead of `json.dumps`'s spaced ASCII; both read
back as the same values. One difference remains: a float NaN or infinity is written as null
(json.dumps wrote `NaN`, which PostgreSQL refused anyway).
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

_LONG_NUMBER = re.compile(r"\d{19}")
_LONG_NUMBER_BYTES = re.compile(rb"\d{19}")


def dumps(value: Any) -> str:
    """`value` as JSON text (for `create_engine(json_serializer=...)`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # an integer past 64 bits, or a type orjson does not write
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    """The value of JSON text (for `create_engine(json_deserializer=...)`)."""
    long_number = _LONG_NUMBER if isinstance(text, str) else _LONG_NUMBER_BYTES
    if long_number.search(text):  # type: ignore[arg-type]  # orjson reads a float: digits lost
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN, Infinity (json.dumps writes them): as it reads them
        return json.loads(text)
