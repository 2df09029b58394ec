"""The services a turn needs, and how they are built from settings (API and CLI alike)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

import scoring
from bot import extract
from bot.conversation.responder import Responder
from bot.conversation.templates import TemplateResponder
from bot.fair import FairSemaphore
from bot.knowledge import Knowledge, load_knowledge
from bot.settings import Settings
from bot.store.db import engine_for, write_gate
from bot.types import Candidate, Message

log = logging.getLogger(__name__)
Extractor = Callable[[Sequence[Message], datetime | None], list[Candidate]]


@dataclass
class Services:
    """What a turn needs: the database, the scoring model, the responder, the rule
    extractor, the business's knowledge, limits. Tests swap any of them here, where
    production sets them."""

    db: Engine
    model: scoring.Model
    responder: Responder
    max_questions: int = 6
    extractor: Extractor = field(default=extract.extract)
    knowledge: Knowledge | None = None  # answers the lead's own questions; None: a colleague does
    address: str = "sie"  # German replies say "Sie" or "du"
    # turns computed at once in this process (the rest queue in arrival order); a model's
    # answer is awaited outside it
    slots: FairSemaphore = field(default_factory=lambda: FairSemaphore(2))

    def turn_would_not_wait(self, *, round_trips: bool = False) -> bool:
        """Whether a turn started now runs through without waiting: the templates reply (no
        model to wait for), nobody holds or waits for the turn slots, and the store is SQLite
        inside this process with nobody holding or waiting for its write gate, or, with
        `round_trips`, any store (the waits for the database's answers are accepted). Such a
        turn may run on the caller's own thread (the server's event loop) instead of being
        handed to a worker thread; see web/turns.py."""
        if not isinstance(self.responder, TemplateResponder) or not self.slots.idle():
            return False
        gate = write_gate(self.db)
        return round_trips if gate is None else gate.idle()


def make_responder(settings: Settings, chat_model: Any = None) -> Responder:
    """The LLM responder when one is configured (or injected), else the templates."""
    fallback = TemplateResponder()
    if not settings.llm_enabled and chat_model is None:
        return fallback
    from bot.llm import client as llm  # imported only when needed: langchain is slow to import

    return llm.make_responder(settings, fallback, chat_model=chat_model)


def describe_engine(settings: Settings) -> str:
    """One line saying which conversation engine runs."""
    if not settings.llm_enabled:
        return "deterministic (rule-based extraction, templated replies; no LLM configured)"
    from bot.llm import client as llm

    return llm.describe_engine(settings)


def build_services(settings: Settings, chat_model: Any = None) -> Services:
    """Database (migrated), scoring model and responder for these settings."""
    knowledge = load_knowledge(settings.knowledge_file) if settings.knowledge_file else None
    if knowledge and settings.german_address == "du" and knowledge.formal_only():
        log.warning("SETTER_GERMAN_ADDRESS=du, but these entries of %s answer with \"Sie\" and "
                    "have no de.answer_du: %s", knowledge.source, ", ".join(knowledge.formal_only()))
    return Services(
        db=engine_for(settings.database_url),
        model=scoring.load_model(settings.scoring_model),
        responder=make_responder(settings, chat_model),
        max_questions=settings.max_questions,
        knowledge=knowledge,
        address=settings.german_address,
        slots=FairSemaphore(settings.turn_slots),
    )
