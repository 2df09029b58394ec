"""Inference for the learned layer: a linear model over hashed-free, named features.

The shipped file (model.npz, no pickles) holds the vocabulary and per head the weights,
biases and class names; `train.py` writes it. Scoring is a sum of the weights of the
features present, so one message costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.extract.learned.features import features

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
        vocab = self.vocabulary
        return sorted({vocab[n] for n in names if n in vocab})

    def proba(self, head: str, idx: list[int]) -> dict[str, float]:
        """Class probabilities of one head for a message's feature indexes."""
        h = self.heads[head]
        scale = 1.0 / math.sqrt(len(idx)) if idx else 0.0
        logits = h.bias + (h.weights[idx].sum(axis=0, dtype=np.float32) * scale if idx else 0.0)
        top = float(np.max(logits))
        exp = np.exp(logits - top)
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(h.classes, probs, strict=True)}

    def predict(self, text: str, asked: str | None, bot: str = "") -> dict[str, dict[str, float]]:
        """Class probabilities of the per-message heads for one lead message (after `bot`)."""
        idx = self.indexes(features(text, asked, bot))
        return {name: self.proba(name, idx) for name in self.heads if name not in CONTEXT_HEADS}

    def predict_head(self, head: str, text: str, asked: str | None) -> dict[str, float]:
        """Class probabilities of one head for a text (a message or the conversation so far)."""
        return self.proba(head, self.indexes(features(text, asked)))


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
