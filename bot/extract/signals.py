"""Signals besides BANT facts that the policy must react to (opt-out, stop, ...)."""

from __future__ import annotations

import re

from bot.extract.need import opt_out
from bot.extract.scan import lower, prepare

_STOP = re.compile(
    r"^\W*(?:stop+|stopp|halt|ende|end|quit|cancel|abbrechen|genug|enough)\W*$|"
    r"lass(?:en\s+sie)?\s+mich\s+(?:\w+\s+)?in\s+ruhe|leave\s+me\s+alone|"
    r"(?:no|keine)\s+(?:more\s+)?(?:weiteren\s+)?(?:fragen|questions)(?:\s+mehr)?|"
    r"hör(?:en\s+sie)?\s+auf|stop\s+(?:asking|messaging|writing|this|it)|that'?s\s+enough|"
    r"i'?m\s+done|go\s+away|shut\s+up|"
    # A goodbye ends the chat; "say goodbye to Excel" is a wish, not a farewell.
    r"(?<![\w-])(?<!say\s)(?<!sagen\s)(?:tschüss|tschüs|tschau|ciao|bye(?:[-\s]bye)?|goodbye|"
    r"good\s+bye|auf\s+wiedersehen|auf\s+wiederhören|bis\s+dann|see\s+you|take\s+care)"
    r"(?![\w-])(?!\s+(?:to|zu)\b|(?:\s+\w+)?\s+sagen\b)|(?:will|möchte|want)\s+(?:\w+\s+)?(?:nicht\s+mehr\s+"
    r"(?:chatten|schreiben)|to\s+stop)|das\s+reicht|es\s+reicht",

)
_WANTS_HUMAN = re.compile(
    r"(?:mit\s+)?(?:einem|einer|nem)\s+(?:echten\s+)?(?:menschen|person|mitarbeiter(?:in)?|"
    r"berater(?:in)?|ansprechpartner(?:in)?|verkäufer(?:in)?)\s+(?:\w+\s+)?(?:sprechen|reden|"
    r"telefonieren|chatten)|echte[nrm]?\s+menschen|mensch\s+(?:bitte|sprechen)|"
    r"(?:ruf|rufen)\s+(?:sie\s+)?mich\s+(?:(?!nicht\b|nie\b)\w+\s+){0,2}an\b|"
    r"(?:bitte|bitten?|wünsche|hätte\s+gerne?)\s+(?:\w+\s+){0,2}(?:um\s+)?(?:einen\s+)?rückruf|"
    r"\brückruf\s+(?:bitte|erwünscht|gewünscht)|(?<!don't\s)(?<!not\s)\bcall\s+me\b|"
    r"give\s+me\s+a\s+call|"
    r"(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|some|your|a\s+real)?\s*(?:human|person|"
    r"someone|somebody|real\s+person|sales\s*(?:rep|person|team)|agent|representative|"
    r"consultant|expert)|(?:human|real\s+person|agent)\s+please|"
    # "Kann ich mit jemandem telefonieren?", "direkt mit Ihrem Vertrieb sprechen".
    r"(?<!nicht\s)mit\s+(?:jemandem|ihrem|ihrer|ihren|einem\s+ihrer)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:sprechen|reden|telefonieren)\b|"
    # "Kann mich bitte jemand anrufen?", "Können Sie mich morgen zurückrufen?"
    r"(?:kann|können|könnte|könnten|würden|würde|soll|sollte)\s+(?:(?:mich|uns|sie|jemand|"
    r"bitte|mal|vielleicht)\s+){1,4}(?:(?!nicht\b|nie\b|niemand\b)\w+\s+){0,4}(?:zurück|an)rufen\b|"
    r"(?:someone|somebody|anyone|you)\s+(?:from\s+(?:[\w-]+\s+){1,2})?(?:please\s+)?"
    r"(?:reach\s+out|contact\s+me|get\s+in\s+touch|call\s+me|ring\s+me|phone\s+me)\b|"
    r"(?:talk|speak)\s+(?:to|with)\s+(?:your\s+)?sales\b|"
    r"(?:termin|telefonat|gespräch|call|meeting|demo)\s+(?:\w+\s+)?(?:vereinbaren|ausmachen|"
    r"buchen|schedule|book|set\s+up|arrange)\b|(?:schedule|book|set\s+up|arrange)\s+(?:a\s+)?"
    r"(?:call|meeting|demo)\b",

)
# A sentence about scheduling as the lead's problem ("we can't schedule meetings",
# "zu wenige Termine gebucht") or what their customers say is not a request for a person.
_PROBLEM = re.compile(
    r"(?:can'?t|cannot|couldn'?t|unable\s+to|too\s+few|not\s+enough|nicht|kaum|zu\s+wenige?)"
    r"\s+(?:\w+\s+){0,2}(?:schedule|book|arrange|vereinbar|buch|termin|meeting)|"
    r"(?:kunden|patienten|mandanten|customers|clients|patients)\s+(?:\w+\s+){0,3}"
    r"(?:sagen|say|fragen|ask|wollen|want|warten|wait)",
)
_EMAIL_ONLY = re.compile(
    r"(?:nur|ausschließlich|lieber|bitte)\s+(?:per|via|über|by|als)\s+(?:e-?mail|mail)|"
    r"nur\s+schriftlich|(?:only|just|preferably)\s+(?:by|via|through|over)\s+(?:e-?mail|mail)|"
    r"e-?mail\s+only|(?:prefer|rather)\s+(?:\w+\s+)?e-?mail|per\s+mail\s+bitte",

)
_NO_PHONE = re.compile(
    r"keine\s+(?:\w+\s+)?anrufe|nicht\s+(?:\w+\s+)?anrufen|nicht\s+telefonisch|"
    r"no\s+(?:phone\s+)?calls|don'?t\s+(?:\w+\s+)?call|do\s+not\s+(?:\w+\s+)?call|"
    r"not\s+by\s+phone|no\s+phone|kein\s+(?:telefon|anruf)|"
    r"ruf\w*\s+(?:sie\s+)?mich\s+(?:bitte\s+)?(?:nicht|nie)\s+an",

)


def detect_signals(text: str) -> frozenset[str]:
    """Policy signals in a lead text: opt_out, stop, wants_human, email_only, no_phone."""
    s = lower(prepare(text))
    found = set()
    if opt_out(s):
        found.add("opt_out")
    if _STOP.search(s):
        found.add("stop")
    no_phone = _NO_PHONE.search(s) is not None
    if no_phone:
        found.add("no_phone")
    if _EMAIL_ONLY.search(s):
        found.add("email_only")
    if _WANTS_HUMAN.search(s) and not _PROBLEM.search(s) and not (
            no_phone and re.search(r"call|anruf|ruf", s) and not re.search(r"mensch|person|human", s)):
        found.add("wants_human")
    return frozenset(found)
