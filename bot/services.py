"""Builds the services a turn needs from settings (shared by the API and the CLI)."""

from __future__ import annotations

from typing import Any

import scoring
from bot.engine import Services
from bot.replies import TemplateResponder
from bot.responder import Responder
from bot.settings import Settings
from bot.store.db import engine_for


def make_responder(settings: Settings, chat_model: Any = None) -> Responder:
    """The LLM responder when one is configured (or injected), else the templates."""
    fallback = TemplateResponder()
    if not settings.llm_enabled and chat_model is None:
        return fallback
    from bot import llm  # imported only when needed: langchain is slow to import

    return llm.make_responder(settings, fallback, chat_model=chat_model)


def describe_engine(settings: Settings) -> str:
    """One line saying which conversation engine runs."""
    if not settings.llm_enabled:
        return "deterministic (rule-based extraction, templated replies; no LLM configured)"
    from bot import llm

    return llm.describe_engine(settings)


def build_services(settings: Settings, chat_model: Any = None) -> Services:
    """Database (migrated), scoring model and responder for these settings."""
    return Services(
        db=engine_for(settings.database_url),
        model=scoring.load_model(settings.scoring_model),
        responder=make_responder(settings, chat_model),
        max_questions=settings.max_questions,
    )
