"""The deterministic responder: replies rendered from the Jinja2 templates in `prompts/`."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import prompts
from bot.conversation.responder import TurnInput, TurnOutput
from bot.extract import lexicon
from bot.extract.scan import lower
from bot.types import Candidate, Message

LANGS = ("de", "en")
TRIES = 8  # phrasings tried before a reply may repeat a sentence said earlier
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACES = re.compile(r"[ \t]{2,}")
_SHARED = lexicon.pattern("reply.shared_decision")
# When every phrasing of a move was said before ("note" after "note"), a short remark that was not.
SPARE = {"de": ("Danke, ist notiert.", "Alles klar.", "Verstanden, danke!", "Gut, ich gebe es weiter."),
         "en": ("Thanks, noted.", "All right.", "Understood, thank you!", "Good, I'll pass it on.")}
# Every key a slot's value may have, so templates can rely on them (None when not said).
VALUE_KEYS = {
    "budget": ("has_budget", "min", "max", "currency", "period"),
    "authority": ("level", "role"),
    "need": ("has_need", "summary"),
    "timing": ("horizon", "deadline"),
}


def complete(slot: str, value: dict[str, Any]) -> dict[str, Any]:
    """The value with every key of its slot present."""
    return {**dict.fromkeys(VALUE_KEYS.get(slot, ()), None), **value}


def template_for(lang: str) -> str:
    """The reply template of a language, German when the language is not supported."""
    return f"replies/{lang if lang in LANGS else 'de'}.j2"


def variant_for(conversation_id: str, turn: int) -> int:
    """A stable phrasing choice: varies across conversations and turns, repeatable in tests."""
    return zlib.crc32(f"{conversation_id}:{turn}".encode()) % 997


def render_reply(
    lang: str,
    kind: str,
    *,
    slot: str | None = None,
    acks: list[dict[str, Any]] | None = None,
    variant: int = 0,
    name: str | None = None,
    flags: frozenset[str] = frozenset(),
    answers: Iterable[str] = (),
    business: Mapping[str, str] | None = None,
    address: str = "sie",
    attempt: int = 0,
) -> str:
    """One reply text for a policy decision."""
    text = prompts.render(
        template_for(lang),
        kind=kind,
        slot=slot,
        acks=shown_acks(kind, acks or [], flags),
        variant=variant,
        name=name,
        flags=flags,
        answers=list(answers),
        business=dict(business or {}),
        address="du" if address == "du" else "sie",
        non_buyer=non_buyer_of(flags),
        attempt=attempt,
    )
    return tidy(text)


def tidy(text: str) -> str:
    """A reply with single spaces between its parts (a part left empty leaves none behind)."""
    return _SPACES.sub(" ", text).strip()


def shown_acks(kind: str, acks: list[dict[str, Any]], flags: Iterable[str]) -> list[dict[str, Any]]:
    """What a reply acknowledges: nothing when it hands an urgent request on (the lead waits
    for help, not for a summary), only the "no need" when it closes for that reason (the rest
    no longer matters), else what the lead said this turn."""
    if kind == "handoff" and "urgent" in set(flags):
        return []
    no_need = [a for a in acks if a["slot"] == "need" and a["value"].get("has_need") is False]
    if kind == "close" and no_need:
        return no_need
    # A need read from the lead's own question ("was kostet eine Wartung?") is not thanked
    # for as a description: the answer, or the colleague who answers, acknowledges it.
    return [a for a in acks if not (a["slot"] == "need" and a.get("asked"))]


def ack_of(candidate: Candidate) -> dict[str, Any]:
    """What a reply may say about a fact of this turn: its value with every key, whether it was
    said as a question, whether the decision is shared (no "Sie entscheiden das selbst" for
    "mein Kollege und ich"), and whether the lead named the deadline's day ("bis 15.3.";
    "Mitte nächsten Jahres" names none, so no day is echoed)."""
    quote = lower(candidate.quote)
    deadline = candidate.value.get("deadline") if candidate.slot == "timing" else None
    day = str(int(deadline[8:10])) if isinstance(deadline, str) and len(deadline) >= 10 else None
    return {"slot": candidate.slot, "value": complete(candidate.slot, dict(candidate.value)),
            "asked": candidate.quote.rstrip().endswith("?"),
            "shared": candidate.slot == "authority" and bool(_SHARED.search(quote)),
            "exact_day": day is not None and re.search(rf"(?<!\d){day}(?!\d)", quote) is not None}


def follows_up(turn: TurnInput) -> bool:
    """A close that is no goodbye for good: the lead has a need, and what is open a setter
    follows up (not a lead without need or money, who is told to come back any time)."""
    action = turn.decision.action
    need = turn.facts.get("need") or {}
    return (turn.decision.kind == "close" and action is not None and action.kind == "nurture"
            and bool(need.get("has_need")))


def non_buyer_of(flags: Iterable[str]) -> str:
    """The kind of a "non_buyer:<kind>" flag, or "" for a buyer."""
    return next((f.split(":", 1)[1] for f in sorted(flags) if f.startswith("non_buyer:")), "")


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[str, ...]:
    """The sentences of a reply, as compared for repetition. Remembered per text: every turn
    compares its reply with all the bot said in the conversation (replies are templated and
    recur across conversations)."""
    return tuple(part.strip() for part in _SENTENCE_END.split(text) if part.strip())


def said_before(messages: Iterable[Message]) -> set[str]:
    """Every sentence the bot said so far in the conversation."""
    return {part for m in messages if m.role == "bot" for part in sentences(m.text)}


def unsaid(text: str, said: set[str]) -> str:
    """The text without the sentences said before ("" when it only repeats)."""
    return tidy(" ".join(part for part in sentences(text) if part not in said))


def without_repeats(candidates: Iterable[str], said: set[str], lang: str) -> str:
    """The first phrasing that repeats no sentence said earlier in the conversation; else the
    first one with its repeated sentences left out (a spare remark if nothing is left).
    `candidates` may be lazy: phrasings after the first fresh one are never rendered, nor
    any after one that came round again (each choice of phrasing cycles through its list, so
    a phrasing seen before means the rest are seen too)."""
    first: str | None = None
    tried: set[str] = set()
    for text in candidates:
        if text in tried:
            break
        tried.add(text)
        first = text if first is None else first
        if not set(sentences(text)) & said:
            return text
    if first is None:
        raise ValueError("no phrasing to choose from")
    fresh = " ".join(part for part in sentences(first) if part not in said)
    if fresh:
        return fresh
    spare = SPARE.get(lang, SPARE["de"])
    return next((text for text in spare if text not in said), first)


class TemplateResponder:
    """Phrases the policy's decision from templates; never calls a model."""

    name = "deterministic"

    def respond(self, turn: TurnInput) -> TurnOutput:
        """Render the reply for this turn's decision."""
        lead_turns = sum(1 for m in turn.messages if m.role == "lead")
        acks = [ack_of(c) for c in turn.decision.acknowledged]
        first = variant_for(turn.conversation_id, lead_turns)
        said = said_before(turn.messages)
        # An answer given earlier in the conversation is pointed to, not repeated.
        answers = [text for text in turn.answers if not set(sentences(text)) <= said]
        flags = set(turn.flags)
        if len(answers) < len(turn.answers):
            flags.add("answered_before")
        if not turn.facts.get("need"):
            flags.add("need_unknown")
        if follows_up(turn):
            flags.add("follow_up")
        texts = (render_reply(turn.lang, turn.decision.kind, slot=turn.decision.slot, acks=acks,
                              variant=first + n, name=turn.lead_name, flags=frozenset(flags),
                              answers=answers, business=turn.business, address=turn.address,
                              attempt=n)
                 for n in range(TRIES))  # rendered one by one, only until one is fresh
        return TurnOutput(text=without_repeats(texts, said, turn.lang), engine=self.name)
