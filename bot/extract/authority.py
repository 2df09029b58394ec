"""Authority facts: does the lead decide, prepare the decision, or neither?

Explicit statements about who decides outrank job titles: "Ich bin Geschäftsführer,
aber das entscheidet der Vorstand" makes an influencer. A title counts only when the
lead says it of themselves ("ich bin", "als", "I'm", a signature line); "talk to our
IT director" says the lead is not the one.
"""

from __future__ import annotations

import re

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.scan import Scan, matches, word_pattern

DM, INF, NONE = "decision_maker", "influencer", "no_authority"

# (pattern, canonical role, level) for whole words; the first alternative that matches wins.
_ROLES: tuple[tuple[str, str, str], ...] = (
    (r"assistent(?:in)?\s+der\s+geschäftsf(?:ü|ue)hrung|assistant\s+to\s+the\s+\w+|"
     r"executive\s+assistant|personal\s+assistant", "assistant", NONE),
    (r"gesch(?:ä|ae)ftsf(?:ü|ue)hrer(?:in)?|gesch(?:ä|ae)ftsf(?:ü|ue)hrende[rn]?(?:\s+gesellschafter"
     r"(?:in)?)?|gf\b", "Geschäftsführer", DM),
    (r"gesch(?:ä|ae)ftsleit(?:er|erin|ung)|gesch(?:ä|ae)ftsinhaber(?:in)?", "Geschäftsleitung", DM),
    (r"eigent(?:ü|ue)mer(?:in)?|besitzer(?:in)?", "Inhaber", DM),
    (r"vorst(?:a|ä)nd(?:e|en|s|in|svorsitzende[rn]?|smitglied)?", "Vorstand", DM),
    (r"prokurist(?:in)?", "Prokurist", DM),
    (r"gesellschafter(?:in)?|mitinhaber(?:in)?", "Gesellschafter", DM),
    (r"chef(?:in)?\b|boss\b", "Chef", DM),
    (r"selbst(?:st)?(?:ä|ae)ndig(?:e[rn]?)?|freiberufler(?:in)?|einzelunternehmer(?:in)?|"
     r"solo-?selbst(?:st)?ändig(?:e[rn]?)?", "selbstständig", DM),
    (r"co-?founder|founder|co-?owner|owner|proprietor|managing\s+director|md\b|president|"
     r"chairman|chairwoman|chair\b", "owner", DM),
    (r"c[efotmi]o\b|chief\s+\w+\s+officer|board\s+member|member\s+of\s+the\s+board",
     "C-level", DM),
    (r"freelancer|self-?employed|sole\s+(?:trader|proprietor)|solopreneur|independent\s+"
     r"consultant", "freelancer", DM),
    (r"managing\s+partner|senior\s+partner|partner(?:in|s)?\b", "partner", DM),
    (r"azubi|auszubildende[rn]?|trainee|intern\b|working\s+student|student(?:in)?",
     "Praktikant", NONE),
    (r"sekret(?:ä|ae)r(?:in)?|empfang|assistant|secretary|receptionist|office[-\s]?manager(?:in)?|"
     r"b(?:ü|ue)rokraft|ea\b|pa\b", "assistant", NONE),
    (r"head\s+of\s+\w+|vp\s+(?:of\s+)?\w+|vice\s+president|director(?:\s+of\s+\w+)?",
     "head", INF),
    (r"team\s*lead(?:er)?|consultant|specialist|spezialist(?:in)?|employee|analyst|"
     r"eink(?:ä|ae)ufer(?:in)?|buyer|purchaser|(?:it[-\s])?admin(?:istrator)?\b", "staff", INF),
)
_ROLE_RE = word_pattern("|".join(f"(?P<r{i}>{p})" for i, (p, _, _) in enumerate(_ROLES)))
# Role words that end German compounds ("Vertriebsleiter", "Praxisinhaber", "Marketing
# Manager"): matched anywhere, then widened to the whole word.
_SUFFIX_ROLES = {
    "inhaber": DM, "gründer": DM, "gruender": DM, "praktikant": NONE, "werkstudent": NONE,
    "assistent": NONE, "assistenz": NONE, "leiter": INF, "leitung": INF, "manager": INF,
    "director": INF, "referent": INF, "koordinator": INF, "berater": INF,
    "sachbearbeiter": INF, "mitarbeiter": INF, "partner": DM,
}
# A contact person or reseller ("Ansprechpartner", "Vertriebspartner") is no partner-owner.
_NOT_PARTNER = r"(?<!ansprech)(?<!vertriebs)(?<!kooperations)(?<!geschäfts)"
_SUFFIX_RE = re.compile(
    r"(?P<base>" + "|".join(_NOT_PARTNER + b if b == "partner" else b for b in _SUFFIX_ROLES)
    + r")(?:in(?:nen)?|en|s)?(?![a-zäöüß])")
# Words before "manager"/"director" that are not part of the title.
_NOT_TITLE = frozenset(re.findall(r"\S+", "a an the der die das ein eine einer our my your their "
                                  "unser unsere mein meine als bin am i'm im is ist as of und and"))
# The lead speaking of themselves, right before a role word.
_SELF = re.compile(
    r"(?:\bich\s+bin|\bbin(?:\s+hier)?|\bals|\bi'?m|\bi\s+am|\bas\s+(?:the\s+|a\s+|an\s+)?|"
    r"\bi\s+work\s+as|\bmy\s+(?:role|title|position)\s+is|\barbeite\s+als|\bwork\s+as|"
    r"\bin\s+meiner\s+rolle\s+als)\s+(?:der|die|das|ein|eine|einer|a|an|the|our|hier|"
    r"(?:einer|eine|one)\s+(?:der|von|of)\s+(?:\w+\s+)?(?:the\s+|our\s+)?|co-|mit|nur|just|"
    r"only|selbst|also|auch|the\s+\w+|\w+)?\s*(?:[\w']+\s+)?$",

)
# "nur", "just" right before the lead's own title.
_ONLY = re.compile(r"\b(?:nur|just|only|bloß|lediglich)\s+(?:ein(?:e)?\s+|an?\s+|the\s+|die\s+|"
                   r"der\s+)?$")
# A possessive right before the title: "mit meinem Chef", "to our IT director".
_OTHER_PERSON = re.compile(
    r"\b(?:unser(?:e[mnrs]?)?|mein(?:e[mnrs]?)?|our|my|your|their|ihr(?:e[mnrs]?)?)\s+"
    r"(?:\w+\s+)?$")

_DECIDE_SELF = re.compile(
    r"\b(?:ich\s+(?:\w+\s+){0,2}entscheide|entscheide\s+ich|ich\s+treffe\s+(?:\w+\s+){0,2}"
    r"entscheidung|treffe\s+ich\s+(?:\w+\s+){0,2}entscheidung|ich\s+bin\s+(?:der|die)\s+"
    r"entscheider(?:in)?|(?:ich\s+bin\s+)?entscheidungs(?:träger|befugt|berechtigt)|"
    r"ich\s+habe\s+das\s+letzte\s+wort|das\s+letzte\s+wort\s+habe\s+ich|"
    r"(?:das\s+)?(?:ist|wäre)\s+meine\s+entscheidung|entscheide\s+(?:das|ich)|"
    r"ich\s+unterschreibe|zeichnungsberechtigt|"
    r"mir\s+geh(?:ö|oe)rt\s+(?:die|das)|meine\s+(?:eigene\s+)?(?:firma|agentur|kanzlei|praxis)|"
    r"i(?:'ll|'d)?\s+(?:(?:don'?t|won'?t|can'?t|\w+)\s+){0,2}decide|"
    r"i(?:'ll)?\s+(?:(?:don'?t|won'?t|can'?t|\w+)\s+)?make\s+(?:the\s+|all\s+(?:the\s+)?)?(?:final\s+)?"
    r"(?:\w+\s+)?(?:decision|call)s?|i'?m\s+the\s+(?:final\s+)?decision[-\s]maker|it'?s\s+my\s+(?:decision|"
    r"call)|my\s+(?:decision|call)|i\s+(?:\w+\s+)?sign\s+off|i\s+have\s+the\s+final\s+say|"
    r"i\s+call\s+the\s+shots|entscheide\s+(?:das\s+)?(?:mit|zusammen|gemeinsam)\b|"
    r"split\s+(?:the\s+|all\s+)?decisions|both\s+of\s+us\s+(?:decide|sign)|it'?d\s+be\s+both\s+of\s+us|(?:it'?s\s+|just\s+|only\s+)+me\s+(?:deciding|who\s+decides)|"
    r"i'?m\s+the\s+one\s+(?:who\s+decides|deciding|making\s+the\s+call)|decided\s+by\s+me\b|"
    r"i\s+(?:handle|own|take|make)\s+(?:all\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?decisions|"
    r"entscheidung\s+(?:liegt\s+)?bei\s+mir|von\s+mir\s+entschieden|the\s+buck\s+stops\s+with\s+me|i\s+(?:co-?)?own\s+(?:the|this|a|an|my|our)\s+(?:[\w-]+\s+){0,2}(?:company|business|firm|agency|shop|store|practice|clinic|startup|budget|decision)|"
    r"i\s+run\s+(?:the|this|a|an|my|our)\s+(?:\w+\s+){0,2}(?:company|business|firm|agency|shop|"
    r"store|practice|bakery|restaurant|studio|salon|clinic|startup|consultancy|office|caf[eé]|"
    r"hotel|agency)|ich\s+führe\s+(?:ein|eine|einen|die|das|den|unser\w*)\s+(?:\w+\s+){0,2}"
    r"(?:firma|unternehmen|betrieb|geschäft|laden|praxis|kanzlei|agentur|bäckerei|restaurant|"
    r"studio|salon|hotel|büro)|ich\s+leite\s+(?:die|das|den|unser\w*)\s+(?:firma|unternehmen|"
    r"betrieb|geschäft|praxis|kanzlei|agentur)|"
    r"(?:it'?s|this\s+is)\s+my\s+(?:own\s+)?(?:company|business|firm|agency)|"
    r"wir\s+(?:\w+\s+){0,3}entscheiden\s+(?:\w+\s+){0,3}gemeinsam|entscheiden\s+im\s+team|"
    # First person without "ich" repeated: "Ich bin Bereichsleiter und entscheide ... selbst".
    r"(?:\bund|,)\s+entscheide\b|"
    # Running the business together: "Meine Frau und ich führen die Praxis gemeinsam".
    r"(?:\bwir|\bund\s+ich)\s+führen\s+(?:\w+\s+)?(?:die|das|den|unser\w*|ein\w*)\s+(?:\w+\s+){0,2}"
    r"(?:firma|unternehmen|betrieb|geschäft|laden|praxis|kanzlei|agentur|bäckerei|restaurant|"
    r"studio|salon|hotel|büro)|"
    r"decide\s+as\s+a\s+team|"
    # One's own boss: "bin meine eigene Chefin", "I'm my own boss".
    r"(?:mein(?:e|en)?\s+eigene[rn]?\s+chef(?:in)?|my\s+own\s+boss)\b|"
    # Deciding with a spouse or co-owner is a joint decision: "mit meinem Mann besprechen".
    r"(?:mit|with)\s+(?:meine[mrn]?|my)\s+(?:mann|frau|ehemann|ehefrau|ehepartner(?:in)?|"
    r"lebensgefährt\w*|husband|wife|spouse|co-?founder|mitgründer\w*|mitinhaber\w*|"
    r"business\s+partner|geschäftspartner(?:in)?)\s+(?:\w+\s+){0,2}(?:besprechen|absprechen|"
    r"abstimmen|entscheiden|klären|discuss|decide|talk\s+it\s+over|check)|"
    r"(?:besprechen|absprechen|abstimmen|klären|discuss|decide|talk\s+(?:it\s+)?(?:over|through)|"
    r"check)\s+(?:\w+\s+){0,3}(?:mit|with)\s+(?:meine[mrn]?|my)\s+(?:mann|frau|ehemann|ehefrau|"
    r"ehepartner(?:in)?|husband|wife|spouse|co-?founder|mitgründer\w*|mitinhaber\w*|"
    r"business\s+partner|geschäftspartner(?:in)?)\b|decision\s+(?:is\s+)?(?:by|with)\s+me\b|"
    r"(?:my\s+(?:\w+\s+){1,2}and\s+i|i\s+and\s+my\s+(?:\w+\s+){1,2})(?:decide|make\s+the)|"
    r"(?:ich\s+und\s+mein\w*\s+(?:\w+\s+)?|mein\w*\s+(?:\w+\s+)?und\s+ich\s+)entscheiden|"
    r"entscheiden\s+(?:\w+\s+){0,3}(?:gemeinsam|zusammen)|"
    r"(?:decide|decision)\s+(?:\w+\s+){0,3}together|together\s+with\s+my\s+(?:partner|co-?founder)"
    r")",

)
# "Ich leite das Marketing", "I head the sales team": heads of a department prepare decisions.
_LEADS_DEPARTMENT = re.compile(
    r"\bich\s+leite\s+(?:die|das|den|unser\w*)\s+(?P<de>[\w-]+)|\bi\s+(?:head|lead|run|manage)\s+"
    r"(?:the|our)\s+(?P<en>[\w-]+)(?:\s+(?:team|department|dept))?")
_COMPANY_WORDS = re.compile(r"firma|unternehmen|betrieb|geschäft|praxis|kanzlei|agentur|company|"
                            r"business|firm|agency|shop|store|practice|startup")
_OWNS = re.compile(r"\bown\b|\brun\b|gehört|führe|meine\s+(?:eigene\s+)?(?:firma|agentur|"
                   r"kanzlei|praxis)|my\s+(?:own\s+)?(?:company|business|firm|agency)")
_NEGATION = re.compile(r"\b(?:nicht|kein|keine|not|don'?t|doesn'?t|won'?t|never|nie)\b|n't\b")
_INFLUENCE = word_pattern(
    r"(?:mein(?:e[mnr]?)?|unser(?:e[mnr]?)?|der|die|das|my|our|the)\s+(?:\w+\s+){0,2}"
    r"(?:chef(?:in)?|vorgesetzte[rn]?|boss|manager|geschäftsf(?:ü|ue)hr\w*|geschäftsleitung|"
    r"vorstand|ceo|cfo|cto|coo|owner|inhaber\w*|einkauf|procurement|purchasing|management|"
    r"leitung|board|vp|director|team|it|partner|head\s+of\s+\w+|kollege|kollegin|colleague|"
    r"coworker|co-worker)\s+(?:[\w()/+]+\s+){0,4}"
    r"(?:entscheidet|entscheiden|decides|will\s+decide|makes?\s+the\s+(?:final\s+)?(?:call|"
    r"decision)|will\s+make\s+the\s+(?:final\s+)?(?:call|decision)|has\s+the\s+final\s+say|"
    r"signs?\s+off|muss\s+(?:\w+\s+){0,3}(?:zustimmen|freigeben|unterschreiben|absegnen)|"
    r"must\s+approve|needs?\s+to\s+approve|approves?|gibt\s+frei|hat\s+das\s+letzte\s+wort)|"
    r"(?:mit|with)\s+(?:\w+\s+){0,2}(?:chef(?:in)?|vorgesetzten|boss|geschäftsf(?:ü|ue)hr\w*|"
    r"geschäftsleitung|vorstand|management|manager)\s+(?:\w+\s+){0,2}(?:abstimmen|absprechen|"
    r"besprechen|klären|check|discuss|run\s+it|talk)|"
    r"(?:abstimmen|absprechen|klären)\s+mit\s+(?:\w+\s+)?(?:chef|vorgesetzten|geschäftsf\w*)|"
    r"(?:check|run\s+(?:it|this)\s+by|clear\s+it|talk)\s+with\s+(?:my|our)\s+(?:boss|manager|"
    r"ceo|cfo|management|team\s+lead)|run\s+(?:it|this)\s+by|"
    r"bereite\s+(?:\w+\s+){0,3}(?:entscheidung|vor)|(?:entscheidung|auswahl)\s+vorbereiten|"
    r"entscheidungsvorlage|empfehlung\s+(?:\w+\s+){0,3}(?:geben|aussprechen|abgeben)|"
    r"gebe\s+(?:\w+\s+){0,2}empfehlung|"
    r"(?:entscheidet|entscheiden|macht|decides|makes\s+the\s+(?:final\s+)?(?:call|decision))\s+"
    r"(?:\w+\s+){0,3}(?:unser\w*|mein\w*|der|die|our|my|the)\s+(?:\w+\s+)?(?:chef\w*|"
    r"vorgesetzte\w*|boss|geschäftsf\w*|geschäftsleitung|vorstand|inhaber\w*|einkauf|"
    r"ceo|cfo|owner|management|board)|"
    r"(?:entscheiden|entscheidet)\s+(?:wird|werden|tut|tun|muss|müssen|soll)\s+(?:das\s+|es\s+)?"
    r"(?:am\s+ende\s+)?(?:die|der|das|unser\w*|mein\w*)\s+\w+|"
    # Someone else named by possessive decides: "entscheidet mein Vater", "my dad decides".
    r"entscheidet\s+(?:\w+\s+){0,3}?(?:mein\w*|unser\w*|der|die|das)\s+(?!ich\b|bei\b|mit\b|für\b|"
    r"nicht\b|so\b|auch\b|dann\b|schon\b|noch\b|am\b|letztlich\b|eigentlich\b|selbst\b)"
    r"[a-zäöüß-]{3,}|(?:mein\w*|unser\w*|my|our)\s+[a-zäöüß-]+\s+(?:[\w()/+]+\s+){0,3}?"
    r"(?:entscheidet|decides|has\s+the\s+final\s+say|makes\s+the\s+(?:final\s+)?(?:call|decision))|"
    r"(?:is|'s|gets|will\s+be)\s+decided\s+by\s+(?:the|our|my)\s+\w+|"
    # Asked by a superior to look into it: "My boss (the CEO) asked me to look into this".
    r"(?:my|our|mein\w*|unser\w*)\s+(?:\w+\s+)?(?:boss|manager|ceo|cfo|coo|owner|director|"
    r"chef\w*|vorgesetzte\w*|geschäftsf\w*|inhaber\w*)\s+(?:\([^)\n]{0,40}\)\s+)?"
    r"(?:(?:has\s+)?(?:asked|told|tasked|wants)\s+me\s+to|hat\s+mich\s+gebeten|bat\s+mich|"
    r"hat\s+mich\s+beauftragt|will,?\s+dass\s+ich)|"
    r"(?:make\s+the\s+case|pitch\s+(?:it|this)|present\s+(?:it|this))\s+to\s+(?:my|our|the)\s+\w+|"
    r"(?:the\s+)?(?:final\s+)?(?:decision|sign[-\s]?off|approval|say)\s+(?:is|lies|rests|sits)\s+"
    r"(?:with\s+)?(?:my|our|the)\s+"
    r"(?!own\b)\w+|"
    r"(?:ich\s+)?empfehle|shortlist|recommend(?:ation)?|prepar(?:e|ing)\s+(?:\w+\s+){0,3}"
    r"(?:decision|recommendation|options)|pass\s+(?:it|this)\s+on|leite\s+(?:das|es)\s+weiter|"
    r"gebe\s+(?:das|es)\s+weiter|nicht\s+allein\s+entscheiden|can'?t\s+decide\s+(?:this\s+)?alone|"
    r"not\s+(?:my|the)\s+(?:decision|call)|nicht\s+meine\s+entscheidung|"
    r"(?:ich|i)\s+(?:\w+\s+)?(?:soll|should|have\s+to|was\s+asked\s+to)\s+(?:\w+\s+){0,3}"
    r"(?:recherchieren|research|look\s+into|find\s+out|sammeln|zusammenstellen)",

)
_NO_AUTHORITY = word_pattern(
    r"nicht\s+(?:der|die)\s+richtige\s+(?:ansprechpartner(?:in)?|person|adresse)|"
    r"nicht\s+zuständig|bin\s+(?:da|dafür|hier)\s+nicht\s+zuständig|falsche[rn]?\s+"
    r"ansprechpartner|wenden\s+sie\s+sich\s+(?:bitte\s+)?an|"
    r"not\s+the\s+right\s+(?:person|contact|one)|wrong\s+person|not\s+responsible\s+for|"
    r"not\s+my\s+(?:department|area)|(?:you'?d|you\s+would|you)\s+(?:need|have)\s+to\s+"
    r"(?:talk|speak)\s+to|nichts\s+zu\s+(?:sagen|entscheiden)|no\s+say\s+in|"
    r"(?:nur|just|only)\s+(?:ein(?:e)?\s+|an?\s+)?(?:nutzer|anwender|user|end[-\s]user)|"
    r"keine\s+entscheidungs(?:befugnis|gewalt)|no\s+(?:decision[-\s]making\s+)?authority|"
    # Only passing the message on, or only going to use it: no part in the decision.
    r"(?:leite|gebe)\s+(?:das\s+|es\s+)?nur\s+weiter|(?:just|only)\s+(?:passing|forwarding)\s+"
    r"(?:it|this)\s+on|(?:i'?d|i\s+would|i'?ll|i\s+will)\s+(?:just\s+|only\s+)?be\s+(?:the\s+one\s+)?"
    r"using\s+it|(?:ich\s+)?(?:würde|werde)\s+(?:es|das)\s+nur\s+(?:nutzen|benutzen|anwenden)",

)
# A trainee or student who gathers quotes still has no say: the title outranks the task.
_TRAINEE = re.compile(r"azubi|auszubild|praktikant|werkstudent|student|intern\b|trainee")


def find_authority(scan: Scan, asked: bool = False) -> list[Hit]:
    """Authority hits in one lead message; asked=True after the bot's authority question."""
    s = scan.low
    hits: list[Hit] = []
    role = _self_role(scan)
    for m in matches(_DECIDE_SELF, s):
        if _negated(s, m.start(), m.end()):
            # "I don't make the decisions": someone else does, the lead is at most involved.
            hits.append(_hit(scan, m.start(), m.end(), INF, role[1] if role else None, 0.6))
            continue
        own = _OWNS.search(m.group())
        name = role[1] if role else ("owner" if own else None)
        hits.append(_hit(scan, m.start(), m.end(), DM, name, 0.9))
    for family in lexicon.families("authority"):
        for m in matches(lexicon.pattern(family.name), s):
            trainee = role is not None and _TRAINEE.search(role[1].lower()) is not None
            if not _negated(s, m.start(), m.end()) and not (trainee and family.value["level"] == INF):
                # Owning the house, paying oneself, gathering quotes: a statement of one's
                # part in the decision, so it outranks a title like any other.
                hits.append(_hit(scan, m.start(), m.end(), family.value["level"],
                                 role[1] if role else None, 0.85))
    for pattern, level, confidence in ((_NO_AUTHORITY, NONE, 0.85), (_INFLUENCE, INF, 0.8)):
        for m in matches(pattern, s):
            hits.append(_hit(scan, m.start(), m.end(), level, role[1] if role else None,
                             confidence))
    if role is None:
        role = _department_role(scan)
    if role is not None:
        level = role[2]
        if hits and level != NONE:
            level = hits[0].value["level"]  # a statement of who decides outranks the title
        hits.append(_hit(scan, role[0][0], role[0][1], level, role[1],
                         0.75 if level == DM else 0.85 if level == NONE else 0.55))
    return hits


def _self_role(scan: Scan) -> tuple[tuple[int, int], str, str] | None:
    """The first job title the lead claims for themselves: (span, role, level)."""
    s = scan.low
    for start, end, canonical, level in _role_words(s):
        if s.startswith("'s ", end):
            continue  # "the founder's assistant": the founder is someone else
        before = s[max(0, start - 40):start]
        at_line_start = not s[:start].strip() or _signature_line(s, start, end)
        if _SELF.search(before) and not _OTHER_PERSON.search(before[-12:]) or at_line_start:
            if level == INF and _ONLY.search(before):
                level = NONE  # "ich bin nur Sachbearbeiterin": staff without a say
            return (start, end), _role_name(scan.text[start:end], canonical), level
    return None


def _signature_line(s: str, start: int, end: int) -> bool:
    """A title alone on its line after a line break: "Max Muster\\nGeschäftsführer\\nMuster GmbH"."""
    line_start = s.rfind("\n", 0, start) + 1
    if line_start == 0 or s[line_start:start].strip(" ,|-"):
        return False
    line_end = s.find("\n", end)
    rest = s[end:len(s) if line_end < 0 else line_end]
    return len(rest) <= 40 and not re.search(r"[.!?]|\b(?:entscheid\w*|decides?|ist|is|hat|has)\b",
                                              rest)


def _role_words(s: str) -> list[tuple[int, int, str, str]]:
    """Every job title in s as (start, end, canonical role, level), left to right."""
    found = []
    for m in matches(_ROLE_RE, s):
        index = int(m.lastgroup[1:]) if m.lastgroup else 0
        found.append((m.start(), m.end(), _ROLES[index][1], _ROLES[index][2]))
    for m in matches(_SUFFIX_RE, s):
        if any(a <= m.start() < b for a, b, _, _ in found):
            continue
        start = m.start()
        while start > 0 and (s[start - 1].isalnum() or s[start - 1] == "-"):
            start -= 1
        word = s[start:m.end()]
        if word.startswith(("manager", "director")):
            prev = re.search(r"([\w-]+)\s+$", s[max(0, start - 30):start])
            if prev and prev.group(1) not in _NOT_TITLE:
                start -= len(prev.group(0))  # "marketing manager", "sales director"
        base = m.group("base")
        level = _SUFFIX_ROLES[base]
        if word.startswith(("geschäfts", "geschaefts")) and level == INF:
            level = DM  # Geschäftsleiter, Geschäftsleitung
        found.append((start, m.end(), "staff", level))
    return sorted(found)


def _department_role(scan: Scan) -> tuple[tuple[int, int], str, str] | None:
    m = _LEADS_DEPARTMENT.search(scan.low)
    if m is None or _COMPANY_WORDS.fullmatch(m.group("de") or m.group("en") or ""):
        return None
    if m.group("de"):
        department = scan.text[m.start("de"):m.end("de")]
        return (m.start(), m.end()), f"Leitung {department}", INF
    return (m.start(), m.end()), f"head of {m.group('en')}", INF


def _role_name(word: str, canonical: str) -> str:
    """The role as the lead wrote it, in base form ("Vorständen" → "Vorstand")."""
    if canonical in ("Vorstand", "C-level", "head", "staff", "partner", "owner", "freelancer"):
        return canonical if canonical in ("Vorstand",) else re.sub(r"\s+", " ", word.strip())
    return word.strip() if len(word) > 2 else canonical


def _negated(s: str, start: int, end: int) -> bool:
    """Negation before, inside or right after a decision phrase ("entscheide das nicht")."""
    return _NEGATION.search(s, max(0, start - 20), min(len(s), end + 10)) is not None


def _hit(scan: Scan, start: int, end: int, level: str, role: str | None,
         confidence: float) -> Hit:
    q_start, q_end = scan.evidence(start, end)
    return Hit("authority", {"level": level, "role": role}, q_start, q_end, confidence)
