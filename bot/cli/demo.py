"""Demo data for `setter serve --demo`: a few leads with real conversations and events, and the
knowledge file of the demo business (Kranich Digital, the web agency of the widget's demo page)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.clock import utcnow
from bot.conversation import turn as engine
from bot.leads.events import EventIn, add_events
from bot.store.db import session_scope
from bot.store.models import Lead

DEMO_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge" / "demo.toml"
DEMO_LEADS = [
    ("de", {"name": "Anna Berger", "company": "Steuerbüro Berger", "email": "anna@steuer-berger.de",
            "job_title": "Inhaberin", "industry": "Steuerberatung", "company_size": "12"},
     ["Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
      "Ich bin die Inhaberin.", "So 500 Euro im Monat.", "Bis Ende Juni."],
     [("whitepaper_download", 2), ("email_opened", 30), ("email_clicked", 28)]),
    ("en", {"name": "Tom Rivers", "company": "Rivers Roofing", "email": "tom@riversroofing.co.uk",
            "job_title": "Office manager"},
     ["We lose leads because nobody follows up quickly.",
      "My boss decides, I'm collecting options.", "Not sure about budget yet."],
     [("page_view", 3), ("page_view", 50)]),
    ("de", {"name": "Lena Vogt", "email": "lena@gmail.com"},
     ["Ich schaue mich nur mal um, kein Zeitdruck.", "Aktuell haben wir dafür kein Budget."],
     [("email_unopened", 100), ("email_unopened", 80), ("email_unopened", 60)]),
    ("en", {"name": "Priya Shah", "company": "Shah Legal", "email": "priya@shahlegal.com",
            "job_title": "Managing Partner", "industry": "Legal", "company_size": "40"},
     ["Our intake is a mess and we miss client enquiries. I'm the managing partner and I decide.",
      "We can spend up to 2,000 EUR a month.", "ASAP, ideally within 3 weeks."],
     [("meeting_booked", 1), ("webinar_attended", 10)]),
    ("de", {"name": "Jonas Huber", "company": "Zahnarztpraxis Dr. Huber", "email": "praxis@huber-zahn.de"},
     ["unsere website is von 2012 und auf dem handy unbrauchbar, patienten rufen nur noch an",
      "was kostet sowas denn bei euch?", "so 900 € im monat wären ok", "ich bin der inhaber",
      "bis ende märz sollte die neue seite stehen"],
     [("page_view", 1), ("page_view", 1)]),
    ("de", {"name": "Sabine Ertl", "company": "Malerbetrieb Ertl", "phone": "0170 5550123"},
     ["hilfe, unsere seite ist seit heute früh offline und die kunden finden uns nicht. "
      "könnt ihr heute noch drüberschauen?"], [("page_view", 0)]),
]


def seed_demo(services: engine.Services) -> int:
    """Create the demo leads through the real engine; returns how many."""
    now = utcnow()
    for lang, lead_fields, lines, events in DEMO_LEADS:
        start = engine.start_conversation(services, channel="web", lang=lang,
                                          lead_fields=lead_fields, context={"utm_source": "demo"})
        for line in lines:
            engine.handle_message(services, conversation_id=start.conversation_id,
                                  token=start.token, text=line)
        with session_scope(services.db) as session:
            lead = session.get(Lead, start.lead_id)
            assert lead is not None
            add_events(session, lead, [EventIn(kind, now - timedelta(days=age))
                                       for kind, age in events], services.model, now=now)
    return len(DEMO_LEADS)
