"""Blending the learned layer's proposals with the rule hits of one lead message.

Per field the training script chose on dev what the model may do (and nothing where it
did not beat the rules): `fill` a field the rules left empty, `override` a rule reading it
disagrees with, or `veto` a rule hit when it is sure the message says nothing about the
field (a vendor's prices, a competitor's figure). The model's non-buyer kind is read with the
rules' in bot.extract.nonbuyer, one decision. Every proposal quotes the sentence of the message
that supports it best, so the grounding check holds as for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.extract.context import BARE_REPLY, NO_IDEA, REMARK_TO_BOT, SELF_DESCRIPTION
from bot.extract.hits import Hit
from bot.extract.learned.model import Model
from bot.extract.scan import LazyText, Scan, text_of, trim
from bot.extract.timing import PAST

NONE = "none"
BUYER = "buyer"
# Most sentences of a message scored to choose the quote (bounded work on a paste).
_MAX_SENTENCES = 8
# Confidence of a model proposal: below most rule hits, so a rule reading of the same
# message wins unless the settings say the model overrides it.
_CONFIDENCE = 0.5
_WORDS = re.compile(r"[^\W\d_]{2,}")
# Messages of at most this many words are read only for the slot the bot asked about.
_SHORT = 6
# "Wir sind eine Kanzlei mit 15 Mitarbeitern": a sentence this short that only says who the
# lead is states no need; a longer one usually goes on to say what they want.
_SELF_WORDS = 10
_REMARK = re.compile(REMARK_TO_BOT)
_SELF = re.compile(SELF_DESCRIPTION)
# A figure the rules back with a budget word ("Budget", "eher", "ausgeben") has at least this
# confidence; the model may veto only weaker ones (a bare price, a figure after a question).
CUED = 0.8


@dataclass(frozen=True)
class Reading:
    """What the model makes of one message: per head the probabilities of its classes."""

    proba: Mapping[str, Mapping[str, float]]

    def top(self, head: str) -> tuple[str, float]:
        """The most likely class of a head other than 'none', with its probability."""
        probs = self.proba[head]
        label = max((c for c in probs if c != NONE), key=probs.__getitem__)
        return label, probs[label]


def value_of(slot: str, label: str, summary: str) -> dict[str, Any]:
    """The fact value a class stands for."""
    if slot == "need":
        return {"has_need": label == "true", "summary": summary}
    if slot == "budget":
        return {"has_budget": label == "yes", "min": None, "max": None, "currency": None,
                "period": None}
    if slot == "authority":
        return {"level": label, "role": None}
    return {"horizon": NONE if label == "no_timeline" else label, "deadline": None}


def blend(model: Model, scan: Scan, asked: str | None, hits: list[Hit],
          history: LazyText = "", context: LazyText = "", bot: str = "") -> list[Hit]:
    """The rule hits of one message with the model's proposals blended in (`context`: the
    conversation so far, read for the period of a figure that names none)."""
    if "period" in model.settings:
        hits = _periods(model, hits, context, model.settings["period"])
    words = _WORDS.findall(scan.s)
    if len(words) < 2 or BARE_REPLY.fullmatch(scan.low) or (
            len(words) <= _SHORT and NO_IDEA.search(scan.low)):
        return hits  # a greeting, a bare yes or no, markup: the rules read those in context
    short = len(words) <= _SHORT
    settings = model.settings
    # a few words answer the question asked, not another one
    slots = [slot for slot in ("need", "authority", "timing", "budget")
             if slot in settings and (not short or asked == slot)]
    if not slots:
        return hits
    reading = Reading(model.predict(scan.s, asked, bot, heads=slots))
    out = list(hits)
    for slot in slots:
        out = _field(model, scan, asked, reading, slot, out, settings[slot])
    return out


def _field(model: Model, scan: Scan, asked: str | None, reading: Reading, slot: str,
           hits: list[Hit], setting: Mapping[str, float]) -> list[Hit]:
    own = [h for h in hits if h.slot == slot]
    rest = [h for h in hits if h.slot != slot]
    label, p = reading.top(slot)
    specific = [h for h in own if h.specific and h.confidence < CUED]
    if specific and reading.proba[slot].get(NONE, 0.0) >= setting.get("veto", 2.0):
        return [*rest, *(h for h in own if not h.specific)]  # a figure that is no budget
    if own and p >= setting.get("override", 2.0) and not _agrees(slot, label, own):
        return [*rest, _proposal(model, scan, asked, slot, label)]
    threshold = setting.get("fill_false" if label == "false" else "fill", 2.0)
    if not own and p >= threshold:
        proposal = _proposal(model, scan, asked, slot, label)
        if slot == "need" and not _may_be_need(scan, proposal, hits):
            return hits
        if slot == "timing" and PAST.search(scan.low, proposal.start, proposal.end):
            return hits  # "we started in January": the past names no target
        return [*hits, proposal]
    return hits


def _may_be_need(scan: Scan, proposal: Hit, hits: list[Hit]) -> bool:
    """A sentence that is another slot's statement, a remark to the bot or a plain
    self-description is not the need (the rules' guard for answers to the need question)."""
    if any(h.start <= proposal.start and proposal.end <= h.end for h in hits):
        return False
    sentence = scan.low[proposal.start:proposal.end]
    if _REMARK.search(sentence):
        return False
    return len(_WORDS.findall(sentence)) > _SELF_WORDS or not _SELF.search(sentence)


def _agrees(slot: str, label: str, hits: list[Hit]) -> bool:
    """True when a rule hit of the message already says what the model says."""
    for hit in hits:
        v = hit.value
        if slot == "need" and v.get("has_need") == (label == "true"):
            return True
        if slot == "budget" and v.get("has_budget") == (label == "yes"):
            return True
        if slot == "authority" and v.get("level") == label:
            return True
        if slot == "timing" and (v.get("horizon") == label or v.get("deadline")):
            return True  # a date read by the rules is more precise than any class
    return False


def _periods(model: Model, hits: list[Hit], context: LazyText,
             setting: Mapping[str, float]) -> list[Hit]:
    """A figure without a period gets the one the conversation implies (a kitchen is one-off,
    a retainer monthly), when the model is sure enough."""
    open_figures = [h for h in hits if h.slot == "budget" and h.specific and h.value.get("period") is None
                    and h.value.get("has_budget")]
    if not open_figures:
        return hits
    context = text_of(context)
    if not context:
        return hits
    proba = model.predict_head("period", context, None)
    label = max((c for c in proba if c != NONE), key=proba.__getitem__)
    if proba[label] < setting.get("fill", 2.0):
        return hits
    return [replace(h, value={**h.value, "period": label}, flags=h.flags | {"period_from_context"})
            if h in open_figures else h for h in hits]


def _proposal(model: Model, scan: Scan, asked: str | None, slot: str, label: str) -> Hit:
    start, end = _best_sentence(model, scan, asked, slot, label)
    value = value_of(slot, label, scan.text[start:end][:160])
    return Hit(slot, value, start, end, _CONFIDENCE, specific=False, source="model")  # type: ignore[arg-type]


def _best_sentence(model: Model, scan: Scan, asked: str | None, slot: str,
                   label: str) -> tuple[int, int]:
    sentences = [trim(scan.text, a, b) for a, b in scan.sentences[:_MAX_SENTENCES]]
    sentences = [(a, b) for a, b in sentences if _WORDS.search(scan.s, a, b)]
    if len(sentences) <= 1:
        return sentences[0] if sentences else _whole(scan)

    def support(span: tuple[int, int]) -> float:
        return model.proba(slot, model.text_rows(scan.s[span[0]:span[1]], asked))[label]

    return max(sentences, key=support)


def _whole(scan: Scan) -> tuple[int, int]:
    return trim(scan.text, 0, len(scan.text))

