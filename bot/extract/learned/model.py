"""Inference for the learned layer: a linear model over hashed-free, named features.

The shipped file (model.npz, no pickles) holds the vocabulary and per head the weights,
biases and class names; `train.py` writes it. Scoring is a sum of the weights of the
features present, so one message costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from bot.extract.learned.features import context_features, grams, words

MODEL_PATH = Path(__file__).with_name("model.npz")
# Heads that read the conversation so far rather than one message.
CONTEXT_HEADS = frozenset({"kind", "period"})


@dataclass(frozen=True)
class Head:
    """One classifier: weights (features x classes), bias, class names."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray


@dataclass(frozen=True)
class Model:
    """The vocabulary, the heads and the blending settings chosen on dev."""

    vocabulary: dict[str, int]
    heads: dict[str, Head]
    settings: dict[str, Any]

    def indexes(self, names: list[str]) -> list[int]:
        """Vocabulary indexes of the known features, each once."""
        found = set(map(self.vocabulary.get, names))
        found.discard(None)
        return sorted(found)  # type: ignore[arg-type]

    def text_indexes(self, text: str, asked: str | None = None, bot: str = "") -> list[int]:
        """`indexes(features(text, asked, bot))`, with the indexes of each word's own features
        (the word and its character n-grams) looked up once per process."""
        return self.text_rows(text, asked, bot).tolist()  # type: ignore[no-any-return]

    def text_rows(self, text: str, asked: str | None = None, bot: str = "") -> np.ndarray:
        """`text_indexes` as an array (sorted and made unique by numpy, not in Python)."""
        ws = words(text)
        vocab = self.vocabulary
        known = self._word_indexes
        found: list[int] = []
        for w in dict.fromkeys(ws):
            ix = known.get(w)
            if ix is None:
                if len(known) >= _WORDS_KNOWN:
                    known.clear()
                ix = known[w] = tuple(i for i in map(vocab.get, (f"w:{w}", *grams(w))) if i is not None)
            found.extend(ix)
        pair_rows = map(self._pair_indexes.get, zip(ws, ws[1:], strict=False))
        found.extend(i for i in pair_rows if i is not None)
        found.extend(i for i in map(vocab.get, context_features(ws, text, asked, bot)) if i is not None)
        return _sorted_unique(np.array(found, dtype=np.intp))

    def proba(self, head: str, idx: list[int] | np.ndarray) -> dict[str, float]:
        """Class probabilities of one head for a message's feature indexes."""
        h = self.heads[head]
        return _softmax(h.classes, _logits(h.weights, h.bias, idx))

    def predict(self, text: str, asked: str | None, bot: str = "",
                heads: Collection[str] | None = None) -> dict[str, dict[str, float]]:
        """Class probabilities of the per-message heads for one lead message (after `bot`);
        of the named `heads` only, if given (the same values: one head's are its own)."""
        stacked = self._message_heads
        logits = _logits(stacked.weights, stacked.bias, self.text_rows(text, asked, bot))
        return {name: _softmax(classes, logits[a:b]) for name, classes, a, b in stacked.parts
                if heads is None or name in heads}

    def predict_head(self, head: str, text: str, asked: str | None) -> dict[str, float]:
        """Class probabilities of one head for a text (a message or the conversation so far)."""
        return self.proba(head, self.text_rows(text, asked))

    @cached_property
    def _message_heads(self) -> _Stacked:
        """The per-message heads side by side: one look-up of a message's rows for all."""
        names = [name for name in self.heads if name not in CONTEXT_HEADS]
        parts, at = [], 0
        for name in names:
            size = len(self.heads[name].classes)
            parts.append((name, self.heads[name].classes, at, at + size))
            at += size
        if not names:
            return _Stacked(np.zeros((len(self.vocabulary), 0), np.float32), np.zeros(0, np.float32), ())
        return _Stacked(np.ascontiguousarray(np.concatenate([self.heads[n].weights for n in names], axis=1)),
                        np.concatenate([self.heads[n].bias for n in names]), tuple(parts))

    @cached_property
    def _pair_indexes(self) -> dict[tuple[str, str], int]:
        """The word-pair features of the vocabulary ("b:{a}_{b}", see `pairs`) by their words:
        looked up without making each pair's name (words hold no "_")."""
        out: dict[tuple[str, str], int] = {}
        for name, index in self.vocabulary.items():
            if name.startswith("b:") and name.count("_") == 1:
                first, second = name[2:].split("_")
                out[first, second] = index
        return out

    @cached_property
    def _word_indexes(self) -> dict[str, tuple[int, ...]]:
        """Per word, the vocabulary indexes of its own features (filled as words come)."""
        return {}


# Words whose feature indexes are remembered (forgotten all at once beyond this).
_WORDS_KNOWN = 50_000


@dataclass(frozen=True)
class _Stacked:
    """Weights of several heads side by side, with each head's columns."""

    weights: np.ndarray
    bias: np.ndarray
    parts: tuple[tuple[str, tuple[str, ...], int, int], ...]


def _sorted_unique(rows: np.ndarray) -> np.ndarray:
    """The values of a 1-d array, sorted, each once (np.unique without its overhead)."""
    rows.sort()
    keep = np.empty(len(rows), dtype=bool)
    keep[:1] = True
    np.not_equal(rows[1:], rows[:-1], out=keep[1:])
    return rows[keep]


def _logits(weights: np.ndarray, bias: np.ndarray, idx: list[int] | np.ndarray) -> np.ndarray:
    """Bias plus the summed weight rows of the features present, scaled by 1/sqrt(count)."""
    if len(idx) == 0:
        return bias + 0.0
    return bias + weights[idx].sum(axis=0, dtype=np.float32) * (1.0 / math.sqrt(len(idx)))


def _softmax(classes: tuple[str, ...], logits: np.ndarray) -> dict[str, float]:
    exp = np.exp(logits - float(logits.max()))
    return dict(zip(classes, (exp / exp.sum()).tolist(), strict=True))


def save(path: Path, vocabulary: list[str], heads: dict[str, Head], settings: dict[str, Any]) -> None:
    """Write a model file: plain arrays and JSON text, loadable without pickle."""
    arrays: dict[str, np.ndarray] = {
        "vocabulary": np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        "meta": np.frombuffer(json.dumps({
            "heads": {n: list(h.classes) for n, h in heads.items()}, "settings": settings,
        }).encode("utf-8"), dtype=np.uint8),
    }
    for name, head in heads.items():
        arrays[f"{name}.weights"] = head.weights.astype(np.float16)
        arrays[f"{name}.bias"] = head.bias.astype(np.float32)
    with path.open("wb") as handle:
        np.savez_compressed(handle, **arrays)


def load(path: Path = MODEL_PATH) -> Model:
    """Read a model file written by `save`."""
    with np.load(path, allow_pickle=False) as data:
        vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n")
        meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        heads = {name: Head(tuple(classes), data[f"{name}.weights"].astype(np.float32),
                            data[f"{name}.bias"].astype(np.float32))
                 for name, classes in meta["heads"].items()}
    return Model({f: i for i, f in enumerate(vocabulary)}, heads, meta.get("settings", {}))


@cache
def shipped() -> Model | None:
    """The shipped model, or None when the file is missing (rules only)."""
    return load() if MODEL_PATH.is_file() else None
