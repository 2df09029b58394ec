"""Start-up warm-up: what a turn loads on first use, loaded before the first lead waits for it.

On its first turn a process would load the learned extraction model and build its look-up
tables, compile the reply templates and the lexicon's phrasings, and hash the extractor's
files for its fingerprint: about 250 ms of one lead's wait (and of every lead queued behind
it), once per worker. `warm_up` does the same reading on sample messages of each language,
in memory only: nothing is stored, no lead is made, nothing is sent.
"""

from __future__ import annotations

from bot import extract, privacy
from bot.clock import utcnow
from bot.conversation import reading, recall
from bot.conversation.templates import LANGS, render_reply
from bot.conversation.wiring import Services
from bot.leads.phones import phone_in
from bot.types import Message

# A bot question and a lead's answer per language, saying something of every BANT slot.
SAMPLES = {
    "de": ("Was soll sich für Sie verbessern?",
           "Wir sind ein Malerbetrieb mit 8 Leuten, ich bin der Inhaber. Budget so 2.000 € im "
           "Monat, starten wollen wir bis Ende März. Haben Sie samstags offen?"),
    "en": ("What would you like to improve?",
           "We run a dental practice and I'm the owner. Budget is about $500 a month and we "
           "want to start next month. Are you open on Saturdays?"),
}


def warm_up(svc: Services) -> None:
    """Read the samples as a turn reads a lead's message, and render a reply in each language."""
    recall.fingerprint()
    for lang in LANGS:
        question, answer = SAMPLES[lang]
        at = utcnow()
        window = [Message("bot", question, at), Message("lead", answer, at)]
        candidates = extract.extract(window, at)  # the shipped extractor (tests may swap theirs)
        read = reading.read(answer, candidates)
        reading.answer_questions(svc.knowledge, read, lang, svc.address)
        extract.detect_lang(answer)
        extract.detect_signals(answer)
        privacy.wants_erasure(answer)
        phone_in(answer, lang=lang)
        render_reply(lang, "greet", slot="need",
                     business=svc.knowledge.business if svc.knowledge else {}, address=svc.address)
