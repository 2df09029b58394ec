"""The deterministic responder: replies rendered from the Jinja2 templates in `prompts/`."""

from __future__ import annotations

import zlib
from typing import Any

import prompts
from bot.conversation.responder import TurnInput, TurnOutput

LANGS = ("de", "en")
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
) -> str:
    """One reply text for a policy decision."""
    return prompts.render(
        template_for(lang),
        kind=kind,
        slot=slot,
        acks=acks or [],
        variant=variant,
        name=name,
        flags=flags,
    )


class TemplateResponder:
    """Phrases the policy's decision from templates; never calls a model."""

    name = "deterministic"

    def respond(self, turn: TurnInput) -> TurnOutput:
        """Render the reply for this turn's decision."""
        lead_turns = sum(1 for m in turn.messages if m.role == "lead")
        acks = [{"slot": c.slot, "value": complete(c.slot, dict(c.value))}
                for c in turn.decision.acknowledged]
        text = render_reply(
            turn.lang,
            turn.decision.kind,
            slot=turn.decision.slot,
            acks=acks,
            variant=variant_for(turn.conversation_id, lead_turns),
            name=turn.lead_name,
            flags=turn.flags,
        )
        return TurnOutput(text=text, engine=self.name)
