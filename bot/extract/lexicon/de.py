"""German: phrase families, job titles and word lists (see bot.extract.lexicon).

Phrasings are regex sources over lower-cased text, written with umlauts only: the
spellings without them (ae, oe, ue, ss) are added when the patterns are compiled.
Chat German (Swiss and Austrian forms, dialect, English loanwords) belongs here too.
"""

from __future__ import annotations

from bot.extract.lexicon import DM, INF, NONE, Family, Role

# Letters with a second spelling: every phrasing also matches it (written once, with umlauts).
SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}

_DM = {"level": DM}
_INF = {"level": INF}
# The end of a job title inside a sentence: a break, a verb, a comma.
_BUSINESS = (r"(?:firma|unternehmen|betrieb|geschäft|laden|praxis|kanzlei|agentur|bäckerei|restaurant|"
             r"studio|salon|hotel|büro)")
_SPOUSE = (r"(?:mann|frau|ehemann|ehefrau|ehepartner(?:in)?|lebensgefährt\w*|co-?founder|mitgründer\w*|"
           r"mitinhaber\w*|business\s+partner|geschäftspartner(?:in)?)")

# --- Who decides -------------------------------------------------------------------------

ROLES = (
    Role(r"assistent(?:in)?\s+der\s+geschäftsführung", "assistant", NONE,
         ("Assistentin der Geschäftsführung",)),
    Role(r"geschäftsführer(?:in)?|geschäftsführende[rn]?(?:\s+gesellschafter(?:in)?)?|gf\b",
         "Geschäftsführer", DM, ("Geschäftsführerin", "GF", "geschaeftsfuehrer")),
    Role(r"geschäftsleit(?:er|erin|ung)|geschäftsinhaber(?:in)?", "Geschäftsleitung", DM,
         ("Geschäftsleitung",)),
    Role(r"eigentümer(?:in)?|besitzer(?:in)?", "Inhaber", DM, ("Eigentümerin", "besitzer")),
    Role(r"vorst(?:a|ä)nd(?:e|en|s|in|svorsitzende[rn]?|smitglied)?", "Vorstand", DM,
         ("Vorständin", "Vorstandsmitglied")),
    Role(r"prokurist(?:in)?", "Prokurist", DM, ("Prokuristin",)),
    Role(r"gesellschafter(?:in)?|mitinhaber(?:in)?", "Gesellschafter", DM, ("Mitinhaberin",)),
    Role(r"chef(?:in)?\b", "Chef", DM, ("Chefin",)),
    Role(r"selbst(?:st)?ändig(?:e[rn]?)?|freiberufler(?:in)?|einzelunternehmer(?:in)?|"
         r"solo-?selbst(?:st)?ändig(?:e[rn]?)?", "selbstständig", DM,
         ("selbstständig", "selbständig", "Freiberuflerin", "solo-selbststaendig")),
    Role(r"partner(?:in)?\b", "partner", DM, ("Partnerin",)),
    Role(r"azubi|auszubildende[rn]?|student(?:in)?", "Praktikant", NONE,
         ("Azubi", "Auszubildender", "Studentin")),
    Role(r"sekretär(?:in)?|empfang|office[-\s]?manager(?:in)?|bürokraft", "assistant", NONE,
         ("Sekretärin", "Empfang", "Office-Managerin", "Buerokraft")),
    Role(r"team\s*lead(?:er)?|spezialist(?:in)?|einkäufer(?:in)?|(?:it[-\s])?admin(?:istrator)?\b",
         "staff", INF, ("Einkäuferin", "IT-Admin")),
)
# Words that end compound titles ("Vertriebsleiter", "Praxisinhaber"), with their level.
ROLE_SUFFIXES = {
    "inhaber": DM, "gründer": DM, "praktikant": NONE, "werkstudent": NONE, "assistent": NONE,
    "assistenz": NONE, "leiter": INF, "leitung": INF, "referent": INF, "koordinator": INF,
    "berater": INF, "sachbearbeiter": INF, "mitarbeiter": INF, "partner": DM,
}
# Compounds that end in such a word but name no role of the writer's company.
NOT_ROLE_COMPOUNDS = ("ansprechpartner", "vertriebspartner", "kooperationspartner", "geschäftspartner")
# Compounds that make a leading role the decision maker ("Geschäftsleiter").
DM_COMPOUND_PREFIXES = ("geschäfts",)
# Words before "Manager"/"Director" that are not part of the title.
NOT_TITLE_WORDS = ("der", "die", "das", "ein", "eine", "einer", "unser", "unsere", "mein", "meine",
                   "als", "bin", "im", "ist", "und")
# How a department head is named ("Leitung Marketing"), the department as written.
DEPARTMENT_HEAD = "Leitung {}"

FAMILIES = (
    Family(
        "authority.decides",
        # The lead says they decide, own the business or decide together with a partner.
        (r"ich\s+(?:\w+\s+){0,2}entscheide", r"entscheide\s+ich",
         r"ich\s+treffe\s+(?:\w+\s+){0,2}entscheidung", r"treffe\s+ich\s+(?:\w+\s+){0,2}entscheidung",
         r"ich\s+bin\s+(?:der|die)\s+entscheider(?:in)?",
         r"(?:ich\s+bin\s+)?entscheidungs(?:träger|befugt|berechtigt)",
         r"ich\s+habe\s+das\s+letzte\s+wort", r"das\s+letzte\s+wort\s+habe\s+ich",
         r"(?:das\s+)?(?:ist|wäre)\s+meine\s+entscheidung", r"entscheide\s+(?:das|ich)",
         r"ich\s+unterschreibe", r"zeichnungsberechtigt", r"mir\s+gehört\s+(?:die|das)",
         r"meine\s+(?:eigene\s+)?(?:firma|agentur|kanzlei|praxis)",
         r"entscheide\s+(?:das\s+)?(?:mit|zusammen|gemeinsam)\b",
         r"entscheidung\s+(?:liegt\s+)?bei\s+mir", r"von\s+mir\s+entschieden",
         rf"ich\s+führe\s+(?:ein|eine|einen|die|das|den|unser\w*)\s+(?:\w+\s+){{0,2}}{_BUSINESS}",
         r"ich\s+leite\s+(?:die|das|den|unser\w*)\s+(?:firma|unternehmen|betrieb|geschäft|praxis|"
         r"kanzlei|agentur)",
         r"wir\s+(?:\w+\s+){0,3}entscheiden\s+(?:\w+\s+){0,3}gemeinsam", r"entscheiden\s+im\s+team",
         # First person without "ich" repeated: "Ich bin Bereichsleiter und entscheide selbst".
         r"(?:\bund|,)\s+entscheide\b",
         # Running the business together: "Meine Frau und ich führen die Praxis gemeinsam".
         rf"(?:\bwir|\bund\s+ich)\s+führen\s+(?:\w+\s+)?(?:die|das|den|unser\w*|ein\w*)\s+(?:\w+\s+){{0,2}}"
         rf"{_BUSINESS}",
         # One's own boss: "bin meine eigene Chefin".
         r"mein(?:e|en)?\s+eigene[rn]?\s+chef(?:in)?\b",
         # Deciding with a spouse or co-owner is a joint decision: "mit meinem Mann besprechen".
         rf"mit\s+meine[mrn]?\s+{_SPOUSE}\s+(?:\w+\s+){{0,2}}(?:besprechen|absprechen|abstimmen|"
         r"entscheiden|klären)",
         rf"(?:besprechen|absprechen|abstimmen|klären)\s+(?:\w+\s+){{0,3}}mit\s+meine[mrn]?\s+{_SPOUSE}\b",
         r"(?:ich\s+und\s+mein\w*\s+(?:\w+\s+)?|mein\w*\s+(?:\w+\s+)?und\s+ich\s+)entscheiden",
         r"entscheiden\s+(?:\w+\s+){0,3}(?:gemeinsam|zusammen)"),
        ("Ich entscheide das allein.", "Die Entscheidung liegt bei mir.", "Ich bin zeichnungsberechtigt.",
         "Meine Frau und ich führen die Praxis gemeinsam.", "das muss ich mit meinem Mann besprechen",
         "bin meine eigene Chefin", "ich fuehre einen kleinen Betrieb"),
        negatives=("Wer entscheidet bei Ihnen?", "mein Chef entscheidet"),
    ),
    Family(
        "authority.owner_words",
        # Inside a decision phrase: the lead owns or runs the business (named "owner").
        (r"gehört", r"führe", r"meine\s+(?:eigene\s+)?(?:firma|agentur|kanzlei|praxis)"),
        ("mir gehört das Studio", "ich führe einen Salon", "meine eigene Kanzlei"),
        shape="(?:{})",
    ),
    Family(
        "authority.others_decide",
        # Someone else decides, must approve, or the lead prepares and recommends.
        (r"(?:mein(?:e[mnr]?)?|unser(?:e[mnr]?)?|der|die|das)\s+(?:\w+\s+){0,2}"
         r"(?:chef(?:in)?|vorgesetzte[rn]?|boss|manager|geschäftsführ\w*|geschäftsleitung|vorstand|ceo|cfo|"
         r"cto|coo|inhaber\w*|einkauf|management|leitung|board|team|it|partner|head\s+of\s+\w+|kollege|"
         r"kollegin)\s+(?:[\w()/+]+\s+){0,4}"
         r"(?:entscheidet|entscheiden|muss\s+(?:\w+\s+){0,3}(?:zustimmen|freigeben|unterschreiben|absegnen)|"
         r"gibt\s+frei|hat\s+das\s+letzte\s+wort)",
         r"mit\s+(?:\w+\s+){0,2}(?:chef(?:in)?|vorgesetzten|boss|geschäftsführ\w*|geschäftsleitung|"
         r"vorstand|management|manager)\s+(?:\w+\s+){0,2}(?:abstimmen|absprechen|besprechen|klären)",
         r"(?:abstimmen|absprechen|klären)\s+mit\s+(?:\w+\s+)?(?:chef|vorgesetzten|geschäftsf\w*)",
         r"bereite\s+(?:\w+\s+){0,3}(?:entscheidung|vor)", r"(?:entscheidung|auswahl)\s+vorbereiten",
         r"entscheidungsvorlage", r"empfehlung\s+(?:\w+\s+){0,3}(?:geben|aussprechen|abgeben)",
         r"gebe\s+(?:\w+\s+){0,2}empfehlung",
         r"(?:entscheidet|entscheiden|macht)\s+(?:\w+\s+){0,3}(?:unser\w*|mein\w*|der|die)\s+(?:\w+\s+)?"
         r"(?:chef\w*|vorgesetzte\w*|boss|geschäftsf\w*|geschäftsleitung|vorstand|inhaber\w*|einkauf|"
         r"ceo|cfo|management|board)",
         r"(?:entscheiden|entscheidet)\s+(?:wird|werden|tut|tun|muss|müssen|soll)\s+(?:das\s+|es\s+)?"
         r"(?:am\s+ende\s+)?(?:die|der|das|unser\w*|mein\w*)\s+\w+",
         # Someone else named by possessive decides: "entscheidet mein Vater".
         r"entscheidet\s+(?:\w+\s+){0,3}?(?:mein\w*|unser\w*|der|die|das)\s+(?!ich\b|bei\b|mit\b|für\b|"
         r"nicht\b|so\b|auch\b|dann\b|schon\b|noch\b|am\b|letztlich\b|eigentlich\b|selbst\b)[a-zäöüß-]{3,}",
         r"(?:mein\w*|unser\w*)\s+[a-zäöüß-]+\s+(?:[\w()/+]+\s+){0,3}?entscheidet",
         # Asked by a superior to look into it: "Mein Chef hat mich gebeten".
         r"(?:mein\w*|unser\w*)\s+(?:\w+\s+)?(?:boss|manager|ceo|cfo|coo|chef\w*|vorgesetzte\w*|"
         r"geschäftsf\w*|inhaber\w*)\s+(?:\([^)\n]{0,40}\)\s+)?(?:hat\s+mich\s+gebeten|bat\s+mich|"
         r"hat\s+mich\s+beauftragt|will,?\s+dass\s+ich)",
         r"(?:ich\s+)?empfehle", r"leite\s+(?:das|es)\s+weiter", r"gebe\s+(?:das|es)\s+weiter",
         r"nicht\s+allein\s+entscheiden", r"nicht\s+meine\s+entscheidung",
         r"ich\s+(?:\w+\s+)?soll\s+(?:\w+\s+){0,3}(?:recherchieren|sammeln|zusammenstellen)"),
        ("Mein Chef entscheidet.", "der Vorstand muss das noch freigeben", "Ich bereite die Entscheidung vor",
         "entscheiden wird das am Ende die Geschäftsführung", "Ich soll nur Angebote sammeln.",
         "das muss ich mit meiner Chefin abstimmen"),
        negatives=("Ich entscheide das.", "entscheidet sich noch"),
    ),
    Family(
        "authority.no_say",
        # Not the right person, no say at all, only passing it on or only using it.
        (r"nicht\s+(?:der|die)\s+richtige\s+(?:ansprechpartner(?:in)?|person|adresse)",
         r"nicht\s+zuständig", r"bin\s+(?:da|dafür|hier)\s+nicht\s+zuständig",
         r"falsche[rn]?\s+ansprechpartner", r"wenden\s+sie\s+sich\s+(?:bitte\s+)?an",
         r"nichts\s+zu\s+(?:sagen|entscheiden)",
         r"nur\s+(?:ein(?:e)?\s+)?(?:nutzer|anwender|user|end[-\s]user)",
         r"keine\s+entscheidungs(?:befugnis|gewalt)", r"(?:leite|gebe)\s+(?:das\s+|es\s+)?nur\s+weiter",
         r"(?:ich\s+)?(?:würde|werde)\s+(?:es|das)\s+nur\s+(?:nutzen|benutzen|anwenden)"),
        ("Da bin ich nicht zuständig.", "ich habe da nichts zu sagen", "ich leite das nur weiter",
         "ich bin nur Anwender"),
        negatives=("ich bin zuständig",),
    ),
    Family(
        "authority.self_intro",
        # The lead speaking of themselves, right before a title ("ich bin die", "als").
        (r"(?:\bich\s+bin|\bbin(?:\s+hier)?|\bals|\barbeite\s+als|\bin\s+meiner\s+rolle\s+als)\s+"
         r"(?:der|die|das|ein|eine|einer|hier|(?:einer|eine)\s+(?:der|von)\s+(?:\w+\s+)?|co-|mit|nur|"
         r"selbst|auch|\w+)?",),
        ("ich bin die ", "als ", "ich bin einer der beiden ", "in meiner rolle als "),
        negatives=("ich bin die chefin und ",),
        shape=r"(?:{})\s*(?:[\w']+\s+)?$",
    ),
    Family(
        "authority.only",
        # "nur" right before the lead's own title: staff without a say.
        (r"(?:nur|bloß|lediglich)\s+(?:ein(?:e)?\s+|die\s+|der\s+)?",),
        ("ich bin nur ", "bloss eine "),
        negatives=("nur wenn ich ",),
        shape=r"\b(?:{})$",
    ),
    Family(
        "authority.possessive",
        # A possessive right before the title: "mit meinem Chef" (someone else's role).
        (r"unser(?:e[mnrs]?)?", r"mein(?:e[mnrs]?)?", r"ihr(?:e[mnrs]?)?"),
        ("mit meinem ", "unsere neue "),
        negatives=("ich bin ",),
        shape=r"\b(?:{})\s+(?:\w+\s+)?$",
    ),
    Family(
        "authority.company_word",
        # "Ich leite die Firma" is running the business, not heading a department.
        (r"firma", r"unternehmen", r"betrieb", r"geschäft", r"praxis", r"kanzlei", r"agentur"),
        ("firma", "praxis"),
        negatives=("marketing",),
        shape="(?:{})",
    ),
    Family(
        "authority.leads_department",
        # Heads of a department prepare decisions: "Ich leite das Marketing". The group named
        # after the language holds the department.
        (r"\bich\s+leite\s+(?:die|das|den|unser\w*)\s+(?P<de>[\w-]+)",),
        ("Ich leite das Marketing",),
        shape="(?:{})",
    ),
    Family(
        "authority.trainee",
        # A trainee or student who gathers quotes still has no say.
        (r"azubi", r"auszubild", r"praktikant", r"werkstudent", r"student"),
        ("azubi", "werkstudentin"),
        shape="(?:{})",
    ),
    Family(
        "authority.sentence_verb",
        # A title followed by one of these on its line is a sentence, not a signature.
        (r"entscheid\w*", r"ist", r"hat"),
        ("entscheidet", "ist"),
        shape=r"[.!?]|\b(?:{})\b",
    ),
    # Statements the extractor reads directly (slot and value).
    Family(
        "authority.owns_object",
        (r"(?:das|unser|mein)\s+(?:haus|wohnung|auto|objekt|grundstück|dach|geschäft|laden)\s+"
         r"gehört\s+(?:mir|uns)",
         r"gehört\s+(?:mir|uns)\s+(?:allein|alleine|zusammen|beiden|gemeinsam)",
         r"(?:ist|isch)\s+(?:mein|unser)\s+(?:eigenes?\s+)?(?:haus|eigenheim|eigentum)",
         r"mir\s+gh?ört\s+s?\s*allei",
         r"eigenheim|eigentumswohnung|wir\s+sind\s+(?:beide\s+)?(?:eigentümer|besitzer)",
         r"je\s+zur\s+hälfte"),
        ("eigenheim, das haus gehört uns", "ja, einzelfirma, gehört mir allein",
         "ist mein eigenes Haus", "ja je zur hälfte", "das haus gehoert uns"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.pays_self",
        (r"(?:zahl|zahle|bezahl|bezahle)\s+(?:ich|wir)\s+(?:das\s+)?(?:selbst|selber|schon)",
         r"(?:ich|wir)\s+(?:zahl|zahle|zahlen|bezahl|bezahle|bezahlen)\s+(?:das\s+)?(?:selbst|selber)",
         r"zahlen\s+tu(?:e|n)?\s+(?:ich|wir)"),
        ("so 600-800 euro insgesamt, zahl ich selbst", "passt. zahlen tun wir eh"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.decides_chat",
        # Chat and dialect: "ich entscheid das", "des entscheid i", "bin der chef".
        (r"ich\s+entscheid(?:e)?\s+(?:das|des|alles)\b", r"(?:das\s+)?entscheid(?:e)?\s+i\b",
         r"bin\s+(?:der|die)\s+chef(?:in)?\b"),
        ("Pächter, ja. Ich entscheid das.", "ja egal!! bin der chef, unterschreib alles"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.approves_within_limit",
        (r"(?:ich\s+)?darf\s+(?:das\s+|es\s+)?(?:bis\s+(?:zu\s+)?(?:\S+\s+){1,3})?(?:selbst|selber|allein)\s+"
         r"(?:freigeben|vergeben|entscheiden|beauftragen|bestellen)",
         r"(?:das\s+)?läuft\s+über\s+meinen\s+tisch",
         r"(?:ich\s+und\s+mei(?:ne?)?\s+(?:frau|mann|partner\w*)|mei(?:ne?)?\s+(?:frau|mann)\s+und\s+i(?:ch)?)\b"),
        ("ich bin HR-Referentin, ich darf bis 10k selbst freigeben",
         "ich bin die Ordinationsleiterin und darf das bis 2.000 im Monat selbst vergeben",
         "ja eigentum, ich und mei frau"),
        slot="authority", value=_DM,
        counter_examples=("ich entscheide das nicht allein",),
    ),
    Family(
        "authority.gathers_quotes",
        (r"(?:sammel|sammle|hol|hole|einholen|vergleiche|vergleichen)\s+(?:\w+\s+){0,2}"
         r"(?:angebote|offerten|optionen)",
         r"(?:angebote|offerten)\s+(?:\w+\s+)?(?:einholen|sammeln|vergleichen)",
         r"(?:beschluss|entscheidung|freigabe)\s+(?:\w+\s+){0,3}(?:eigentümerversammlung|"
         r"versammlung|eigentümerin|eigentümer|gemeinderat|vorstand|partner)",
         r"freigabe\s+macht\s+(?:der|die|das|unser\w*)\s+\w+"),
        ("Ich bin die MFA und sammel nur die Angebote",
         "Beschluss muss die Eigentümerversammlung fassen, die ist am 22.10.",
         "Freigabe macht die Eigentümerin, bei Beträgen über 5.000 € sowieso."),
        slot="authority", value=_INF,
    ),
    Family(
        "authority.owner_or_landlord_decides",
        # A tenant or a property manager: the landlord or the owners decide.
        (r"(?:der|die|unser\w*|mein\w*)\s+(?:vermieter\w*|eigentümer\w*|hauseigentümer\w*|"
         r"eigentümerversammlung|eigentümergemeinschaft|hausverwaltung|besitzer\w*)\s+(?:\w+\s+){0,3}"
         r"(?:entscheidet|entscheiden|genehmigen|zustimmen|freigeben)",
         r"(?:muss|müssen|soll|sollen|wird)\s+(?:das\s+|es\s+)?(?:\w+\s+)?(?:der|die|unser\w*|mein\w*)\s+"
         r"(?:vermieter\w*|eigentümer\w*|hauseigentümer\w*|eigentümerversammlung|"
         r"eigentümergemeinschaft|hausverwaltung|besitzer\w*)\b",
         r"ich\s+bin\s+(?:nur\s+)?(?:die\s+|der\s+)?(?:mieter(?:in)?|hausverwalter(?:in)?)\b",
         # Needing another's agreement with no one named: "das muss ich erst noch besprechen".
         r"muss\s+ich\s+(?:aber\s+|erst\s+|noch\s+|intern\s+|nochmal\s+|das\s+){0,4}(?:besprechen|abklären|"
         r"abstimmen|absprechen)(?=\s*(?:[.!,?]|$|und\b|aber\b))"),
        ("Wir wohnen zur Miete, das muss unsere Vermieterin genehmigen",
         "ich bin nur Mieter",
         "Ich bin Hausverwalterin, die Eigentümergemeinschaft entscheidet im Mai",
         "klingt gut, das muss ich intern noch abstimmen."),
        slot="authority", value=_INF,
    ),
    # --- Shared markers ------------------------------------------------------------------
    Family(
        "negation",
        (r"\b(?:nicht|nie|kein|keine|keinen)\b",),
        ("das ist nicht so", "kein Budget", "nie"),
        negatives=("nichts", "keiner", "niedrig"),
        shape="(?:{})",
    ),
    Family(
        "past",
        # A clause said of the past: "hatten 2024 ein Budget", "vor zwei Jahren".
        (r"hatten", r"damals", r"letzte[nms]?\s+(?:jahr|monat|woche)",
         r"vor\s+\w+\s+(?:jahren|monaten|wochen)"),
        ("wir hatten mal 10k", "damals", "letztes Jahr", "vor zwei Jahren"),
        negatives=("haben", "nächstes jahr", "vor ort", "je früher desto besser"),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "budget.spent",
        # Money already spent is no budget: "2.500 Euro rausgeschmissen". Said of money only:
        # "früher" is also "sooner", and "hatte im Juli ... kommt am 4. September" plans ahead.
        (r"hatte", r"früher", r"vorher",
         r"(?:bezahlt|gezahlt|ausgegeben|rausgeschmissen|verbrannt|versenkt)(?!\s+werden)"),
        ("3.000 € ausgegeben", "haben wir rausgeschmissen", "früher 200 im Monat"),
        negatives=("muss bezahlt werden",),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "timing.past_event",
        # A clause about what happened ("gestartet im Januar") names no target date.
        (r"war", r"waren", r"gestartet", r"begonnen", r"angefangen", r"eingeführt", r"gekauft"),
        ("im Januar gestartet", "das war im März"),
        negatives=("warten", "starten"),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "approximation",
        # Before a figure: "ca. 5000", "so um die 300", "gut 3 Wochen".
        (r"ca\.?", r"circa", r"zirka", r"etwa", r"ungefähr", r"rund", r"so", r"um\s+die", r"gegen",
         r"knapp", r"gut", r"grob"),
        ("ca. 5000", "ungefaehr", "um die"),
        shape="(?:{})",
    ),
    Family(
        "timing.at_most",
        # Before a duration: "spätestens 3 Wochen", "maximal 2 Monate".
        (r"spätestens", r"max(?:imal)?\.?"),
        ("spätestens", "max."),
        shape="(?:{})",
    ),
    Family(
        "timing.date_lead_in",
        # Words between a hedge and its date: "vielleicht im nächsten Jahr", "evtl. ab dem Herbst".
        (r"im", r"in", r"ab", r"nach", r"zum", r"dem", r"den", r"der", r"die", r"das", r"bis", r"irgendwann",
         r"nächste[nms]?"),
        ("ab", "nächsten"),
        shape="(?:{})",
    ),
    Family(
        "hedge",
        # A guess, not a plan: "vielleicht nächstes Jahr".
        (r"vielleicht", r"eventuell", r"evtl\.?", r"ggf\.?", r"möglicherweise", r"unter\s+umständen",
         r"u\.\s*u\."),
        ("vielleicht", "evtl.", "unter Umständen"),
        shape="(?:{})",
    ),
    # --- Non-buyers: what they came for, read as "no need" of that kind ---------------------
    Family(
        "nonbuyer.vendor",
        # A first person offering something to the business, or an agency's pitch words.
        (r"\b(?:wir|ich)\s+(?:\w+\s+){0,2}(?:biete[nt]?|anbieten)\b[^.!?\n]{0,80}"
         r"(?:\b(?:ihnen|euch|dir)\b|\bfür\s+(?:sie|euch|dich|ihr\w*|eu\w*)\b|\bihre[nm]?\s+(?:firma|"
         r"unternehmen|betrieb|praxis|website|webseite|kanzlei|salon|restaurant|shop)\b)",
         r"\b(?:wir|ich)\s+(?:\w+\s+)?(?:helfen|unterstützen)\s+(?:ihnen|euch|dir|sie\s+(?:dabei|bei|gerne?))\b",
         r"\b(?:möchte|würde|wollte|darf)\s+(?:ich\s+)?(?:ihnen|ihre[mnrs]?|euch|eure[mnrs]?|dir|deine[mnrs]?)\s+"
         r"(?:gerne?\s+)?(?:\w+\s+){0,4}(?:anbieten|vorstellen|präsentieren)\b",
         r"\bunsere?\s+(?:seo|marketing|web\s*design|webdesign|lead\s*gen\w*|agentur)[-\s]?(?:services?|"
         r"leistungen|pakete?|dienstleistung\w*)?\b(?=[^.!?\n]{0,60}(?:ab|pakete?|für\s+sie|für\s+euch|\$|€))",
         r"\bpakete?\s+ab\s+[$€£]?\s?\d",
         # An agency introducing itself and pitching: "wir sind eine SEO-Agentur ... Interesse an
         # einem kostenlosen Audit?"
         r"\b(?:wir\s+sind|ich\s+bin)\s+(?:eine?\s+)?(?:\w+[-\s]?){0,2}(?:agentur|dienstleister|"
         r"vertriebspartner)\b(?=[\s\S]{0,240}(?:interesse\s+an|kostenlos\w*|gratis|unverbindlich\w*|"
         r"\baudit\b|für\s+(?:ihr|ihre|euer|eure)\w*\s))",
         r"\b(?:backlinks?|gastbeitr[aä]g\w*|kooperationsanfrage|(?:ranking|platz)\s+(?:1|eins)\s+(?:bei|auf)"
         r"\s+google)\b",
         r"\binteresse\s+an\s+(?:einer\s+)?(?:partnerschaft|kooperation|zusammenarbeit)",
         r"\b(?:wir|ich)\s+(?:bieten|vermitteln|liefern)\s+(?:\w+\s+){0,4}(?:an|für\s+(?:praxen|betriebe|"
         r"unternehmen|handwerker|firmen))\b",
         r"\b(?:darf|dürfte)\s+ich\s+ihnen\s+(?:\w+\s+){0,2}(?:ein\s+)?(?:unverbindliches\s+)?angebot\s+"
         r"(?:\w+\s+){0,2}(?:schicken|senden|zukommen)"),
        ("Guten Tag, ich möchte Ihnen unsere SEO-Leistungen vorstellen, Pakete ab 299 €.",
         "Wir bieten für Ihre Praxis eine komplette Online-Terminbuchung an, darf ich Ihnen eine "
         "Demo zeigen?",
         "Hallo, wir sind eine Online-Marketing-Agentur aus Hamburg. Hätten Sie Interesse an einer "
         "kostenlosen Sichtbarkeitsanalyse?",
         "Moin, ich bin Vertriebspartner und kann Ihnen unverbindlich neue Kunden vermitteln.",
         "Interesse an einer Partnerschaft?",
         "Darf ich Ihnen trotzdem ein unverbindliches Angebot per Mail schicken?"),
        negatives=("Wir sind eine kleine Werbeagentur und suchen ein CRM für 8 Leute.",
                   "Wir bieten unseren Patienten Online-Termine, aber das Tool ist schlecht."),
        shape="(?:{})", slot="need", value={"has_need": False, "kind": "vendor"},
    ),
    Family(
        "nonbuyer.applicant",
        (r"\b(?:initiativ)?bewerbung\b",
         r"\b(?:ich|möchte|würde|will|wollte)\s+(?:\w+\s+){0,3}mich\s+(?:\w+\s+){0,4}bewerben\b",
         r"\b(?:bei|für)\s+(?:euch|ihnen|dir)\s+(?:\w+\s+)?(?:arbeiten|jobben|anfangen)\b",
         r"\b(?:ausbildungsplatz|praktikumsplatz|azubistelle|lehrstelle|minijob|nebenjob)\b",
         r"\b(?:sucht\s+ihr|suchen\s+sie)\s+(?:\w+\s+){0,2}(?:mitarbeiter|leute|azubi|aushilfe|"
         r"verstärkung|personal)\w*",
         r"\b(?:stellt\s+ihr|stellen\s+sie)\s+(?:\w+\s+){0,2}(?:ein\b|mitarbeiter|leute|azubi)",
         r"\blebenslauf\b",
         # (Bare "bewerben" is also "to advertise", bare "Bewerbung" also "Bewerbungen" a
         # buyer receives: the alternatives above read those only with "mich" or alone.)
         r"\b(?:initiativ\s+bewerben|(?:ist|wäre)\s+die\s+stelle\s+(?:noch\s+)?frei|"
         r"(?:such|suche|suchen)\s+(?:\w+\s+){0,2}(?:stelle|job|ausbildungsplatz|lehrstelle|praktikum|"
         r"praktikumsplatz|nebenjob|minijob)|(?:nehmt|nehmen)\s+(?:ihr|sie)\s+(?:noch\s+)?(?:wen|azubis|"
         r"praktikanten|leute)\s+auf|(?:sucht|suchen)\s+(?:ihr|sie)\s+(?:\w+\s+){0,2}(?:mitarbeiter|"
         r"verstärkung|koch|köchin|azubis?|werkstudent\w*)|ihr\s+sucht\s+(?:einen|eine|jemanden))"),
        ("hallo ich wollte mich als azubi bei ihnen bewerben",
         "Sucht ihr noch Leute? Bin gelernter Anlagenmechaniker",
         "Wo kann ich meine Bewerbung hinschicken?",
         "grüezi, ich bin dentalassistentin EFZ und würde mich gerne initiativ bewerben",
         "hi ich such nen ausbildungsplatz als dachdecker ab august",
         "Hallo, nein, ich hab gesehen ihr sucht einen Koch für die Sommersaison."),
        negatives=("Ich will unsere Praxis besser bewerben, Social Media und so",
                   "wir bekommen zu viele Bewerbungen und brauchen ein besseres Tool dafür"),
        shape="(?:{})", slot="need", value={"has_need": False, "kind": "applicant"},
    ),
    Family(
        "nonbuyer.student",
        (r"\b(?:schüler(?:in)?|student(?:in)?|studentin|azubi(?:ne)?)\b(?=[^.!?\n]{0,80}"
         r"(?:arbeit|projekt|referat|umfrage|schule|uni|studium|fragen?|interview))",
         r"\bich\s+(?:studiere|bin\s+student\w*|bin\s+schüler\w*)\b",
         r"\b(?:bachelor|master|haus|fach|abschluss|seminar|projekt)arbeit\b",
         r"\bfür\s+(?:meine?|die)\s+(?:schule|uni|studium|kurs)\b",
         r"\bumfrage\s+(?:für|im\s+rahmen)"),
        ("nein, ich will nix kaufen. ich schreib ne facharbeit über chatbots",
         "Hallo, ich bin Studentin und mache eine Umfrage für meine Bachelorarbeit"),
        negatives=("meine Kinder sind Studenten und das Haus wird zu klein",),
        shape="(?:{})", slot="need", value={"has_need": False, "kind": "student"},
    ),
    Family(
        "nonbuyer.support",
        (r"\b(?:bin|sind)\s+(?:schon|bereits)\s+(?:seit\s+\w+\s+(?:\w+\s+)?)?"
         r"(?:ihr(?:e)?|euer|eure)?\s*(?:kunde|kundin|kunden|patient(?:in)?)\b(?!\s+bei\s+(?!euch|ihnen))",
         r"\b(?:meine|unsere)\s+(?:bestellung|rechnung|lieferung|buchung|reklamation|"
         r"bestellnummer|kundennummer)\b",
         r"\btermin\s+(?:\w+\s+){0,3}(?:verschieben|absagen|stornieren)",
         r"\brechnung\s+(?:\w+\s+)?(?:falsch|doppelt|stimmt\s+nicht)",
         r"\blogin\s+(?:geht|funktioniert)\s+nicht\b", r"\b(?:reklamation|rückerstattung|garantiefall)\b",
         r"\b(?:(?:wir\s+sind|ich\s+bin)\s+(?:schon|bereits)\s+kunde|(?:wir\s+sind|ich\s+bin)\s+kunde\s+bei\s+(?:euch|ihnen)|"
         r"(?:wartungsvertrag|vertrag|anlage)\s+(?:\w+\s+){0,2}(?:bei|von)\s+euch|"
         r"(?:kundennummer|mitgliedsnummer|vertragsnummer|auftragsnummer))"),
        ("bin schon kunde bei euch und meine rechnung ist doppelt abgebucht worden",
         "ich muss meinen termin am donnerstag leider verschieben",
         "Wir sind schon Kunde. Seit dem Update gestern lässt sich der Kalender nicht öffnen.",
         "guten morgen, wir haben einen wartungsvertrag bei euch (kanzlei dr. reuter)."),
        negatives=("Wir sind Kunde bei Sipgate und wollen wechseln",),
        shape="(?:{})", slot="need", value={"has_need": False, "kind": "support"},
    ),
    Family(
        "nonbuyer.wrong_number",
        (r"\bfalsch\s+verbunden\b", r"\bverwählt\b", r"\bverklickt\b", r"\bbin\s+(?:ich\s+)?hier\s+falsch\b",
         r"\b(?:falsche[nrs]?)\s+(?:nummer|seite|firma|adresse|chat|praxis)\b", r"\bsorry,?\s+falsch\b"),
        ("oh sorry falsch verbunden", "hab mich verklickt, bin hier falsch",
         "Ups, falsch verbunden, ich wollte eigentlich beim Blumenladen bestellen"),
        negatives=("das Angebot war falsch berechnet",),
        shape="(?:{})", slot="need", value={"has_need": False, "kind": "wrong_number"},
    ),
    Family(
        "nonbuyer.spam",
        (r"lotto\s+gewinn",),
        ("Herzlichen Glückwunsch zum Lotto Gewinn!",),
        shape=r"\b(?:{})\b", slot="need", value={"has_need": False, "kind": "spam"},
    ),
)
