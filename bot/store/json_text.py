"""The text of the store's JSON columns: written by orjson, read by the standard library.

A turn writes about a dozen JSON values (the lead's score with its reasons, the score state,
the snapshot, the extraction kept per message: 2-3 KB). `json.dumps` took about 65 us of a
2 ms turn for that; orjson (a maintained C library) takes a fifth of it. What orjson refuses
is written by `json.dumps` as before: an integer beyond 64 bits, a string with a lone
surrogate, a type orjson does not know (numpy's float64); `json.dumps` raises for what it
never could write (a set). orjson writes a non-finite float as null (`json.dumps` wrote NaN,
which is no JSON), non-ASCII characters as they are, and no spaces after ":" and ",". It
also writes a datetime or a UUID as text, where `json.dumps` raised: no stored value was one.
Readers parse the text; none compares it as text.

Reading stays with `json.loads`: orjson would read an integer beyond 64 bits as a float, and
telling such text apart first costs more than orjson saves on the lead's 2 KB.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# Keys that are not strings (an int, a bool) become strings, as `json.dumps` makes them.
_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> str:
    """`value` as JSON text."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(value)
