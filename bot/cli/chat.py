"""`setter chat`: a qualifying conversation in the terminal, stored like any other."""

from __future__ import annotations

import typer

from bot.conversation import turn as engine
from bot.conversation.wiring import build_services, describe_engine
from bot.leads.view import lead_record
from bot.settings import Settings
from bot.store.db import session_scope
from bot.store.models import Conversation, Lead

QUIT = frozenset({"quit", "exit", ":q"})


def _summary(services: engine.Services, lead_id: str) -> str:
    with session_scope(services.db) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        record = lead_record(session, lead)
    lines = [f"lead {record['lead_id']}  stage {record['stage']}  "
             f"score {record['score']['total']} ({record['score']['band']})"]
    for slot, fact in record["facts"].items():
        shown = "-" if fact is None else f"{_value(fact)}  «{fact['quote']}»"
        lines.append(f"  {slot:9s} {shown}")
    action = record["next_action"]
    lines.append(f"next: {action['kind']}{' ' + action['slot'] if action.get('slot') else ''}"
                 f" ({action['why']})")
    return "\n".join(lines)


def _value(fact: dict[str, object]) -> str:
    keep = {k: v for k, v in fact.items()
            if k not in {"quote", "message_id", "span", "confidence", "source", "stated_at"}
            and v is not None}
    return ", ".join(f"{k}={v}" for k, v in keep.items())


def _status(services: engine.Services, conversation_id: str) -> str:
    with session_scope(services.db) as session:
        conversation = session.get(Conversation, conversation_id)
        return conversation.status if conversation else "open"


def run_chat(settings: Settings, *, lang: str, name: str | None) -> int:
    """Run the conversation until the bot is done, the lead types quit, or input ends."""
    services = build_services(settings)
    typer.echo(f"engine: {describe_engine(settings)}  (type 'quit' to end)")
    start = engine.start_conversation(services, channel="cli", lang=lang,
                                      lead_fields={"name": name} if name else {}, context={})
    typer.echo(f"bot> {start.reply}")
    while _status(services, start.conversation_id) == "open":
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        if text.lower() in QUIT:
            break
        if not text:
            continue
        result = engine.handle_message(services, conversation_id=start.conversation_id,
                                       token=start.token, text=text[:10_000])
        if result.reply is not None:  # None while a setter holds the conversation
            typer.echo(f"bot> {result.reply}")
    typer.echo(_summary(services, start.lead_id))
    return 0
