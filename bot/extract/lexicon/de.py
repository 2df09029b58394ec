"""German: phrase families, job titles and word lists (see bot.extract.lexicon).

Phrasings are regex sources over lower-cased text, written with umlauts only: the
spellings without them (ae, oe, ue, ss) are added when the patterns are compiled.
Chat German (Swiss and Austrian forms, dialect, English loanwords) belongs here too.
"""

from __future__ import annotations

from bot.extract.lexicon import DM, INF, NONE, Family, Role

# Being a business of the same trade nearby is no competitor's enquiry by itself (a local firm
# is often the buyer): only with a comparison in the same sentence.
_COMPARING = r"[^.!?\n]{0,80}?\b(?:vergleich|kalkul|marktpreis|preislich)"

# Letters with a second spelling: every phrasing also matches it (written once, with umlauts).
SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}

# Who else's figure is a reference, not the lead's budget: "ein kollege zahlt 480 im jahr".
REFERENCE_PAYERS = ("kollege", "kollegin", "kollegen", "freund", "freundin", "freunde", "nachbar",
                    "nachbarn", "nachbarin", "bekannter", "bekannte", "schwager", "vorgänger",
                    "vorbesitzer", "vermieter", "vermieterin", "die bank", "der makler", "der händler",
                    "der letzte mieter", "die konkurrenz", "der andere anbieter",
                    "andere werkstatt", "anderen werkstatt", "andere firma", "anderen firma",
                    "anderer anbieter", "anderen anbieter", "andere agentur", "anderen agentur",
                    "anderer betrieb", "anderen betrieb", "anderes angebot", "steuerberater",
                    "berater", "beraterin", "architekt", "architektin", "gutachter", "handwerker",
                    "installateur", "elektriker", "energieberater", "sachverständige", "makler",
                    "maklerin")
# What is paid now is a reference too: "bisher 1.350 im Monat", "zahlen derzeit 800".
CURRENT_MARKERS = ("bisher", "bis jetzt", "derzeit", "aktuell", "momentan", "zurzeit", "im moment",
                   "gerade", "im augenblick", "jetzt gerade")
# Quantifiers that make "hundert"/"tausend" an order of magnitude: "n paar hundert euro".
# Words that introduce a phone number: the digits after them are no amount.
PHONE_WORDS = ("tel", "fon", "telefon", "handy", "mobil", "nummer", "handynummer",
               "telefonnummer", "erreichbar unter", "ruf mich an unter")
FEW = ("ein paar", "'n paar", "n paar", "paar", "einige", "mehrere", "etliche", "ein oder zwei")

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
    Role(r"sekretär(?:in)?|empfang|bürokraft", "assistant", NONE,
         ("Sekretärin", "Empfang", "Buerokraft")),
    Role(r"office[-\s]?manager(?:in)?|praxismanager(?:in)?", "office manager", INF,
         ("Office-Managerin", "Praxismanagerin")),
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
         r"nicht\b|so\b|auch\b|dann\b|schon\b|noch\b|am\b|letztlich\b|eigentlich\b|selbst\b|zäme\b|zämä\b|"
         r"zusammen\b|gemeinsam\b)[a-zäöüß-]{3,}",
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
    Family(
        "authority.family_decides",
        # Parents, a spouse or relatives who pay or have the say; the lead organises for them.
        (r"(?:meine?[mn]?|unsere?[mn]?|mei|mis|min|mini|der|die)\s+(?:mama|mutter|mutti|papa|vater|eltern|"
         r"schwiegereltern|oma|opa|tochter|sohn|frau|mann|chef\w*)\s+(?:\w+\s+){0,2}?(?:zahlt|zahlen|bezahlt|"
         r"bezahlen|finanziert|hat\s+(?:da\s+|hier\s+)?(?:eh\s+)?(?:das\s+)?(?:letzte\s+wort|sagen)|"
         r"entscheidet)\b(?!\s+(?:\w+\s+)?(?:die\s+)?hälfte)",
         r"\b(?:mama|mutter|papa|vater|eltern)\s+(?:sagt|sagen|meint|meinte|meinten)\s+(?:max|maximal|höchstens|"
         r"nicht\s+mehr\s+als|bis)\b",
         r"\b(?:er|sie)\s+(?:\w+\s+)?(?:muss|müssen)\s+(?:es|das|des)\s+(?:\w+\s+)?(?:ok|okay)\s+geben\b",
         r"\b(?:er|sie)\s+(?:entscheidet|zahlt)\s+(?:das\s+|des\s+|es\s+)?(?:\w+\s+)?(?:bei\s+uns|am\s+ende|"
         r"letztlich|sowieso|eh)\b",
         r"\bentscheiden\s+tut\s+(?:er|sie|mein\w*\s+\w+)\b",
         r"\bam\s+ende\s+(?:entscheidet\s+(?:er|sie)|papa|mama|mein\s+vater|meine\s+mutter|meine\s+eltern)\b",
         r"\b(?:ist\s+(?:ja\s+)?)?sein\s+(?:geld|haus|betrieb|hof|auto)\b",
         r"\b(?:ihm|ihr|ihnen)\s+gehört\s+(?:der|die|das)\b",
         r"\bgehört\s+(?:meinen|meinem|meiner|mis|mine)\s+(?:eltern|vater|mutter|schwiegereltern|oma|opa|"
         r"schwiegermutter|schwiegervater)\b",
         r"\b(?:eltern|vater|mutter|papa|mama|schwiegereltern|die)\s+(?:\w+\s+)?(?:müssen|muss)\s+(?:\w+\s+){0,2}"
         r"(?:ja\s+sagen|ok\s+geben|okay\s+geben|zustimmen|einverstanden\s+sein)",
         r"\b(?:muss|müsste)\s+(?:ich\s+)?(?:erst\s+|noch\s+|zuerst\s+|dann\s+)*(?:meinen|meine|meinem|mis|min)\s+"
         r"(?:mann|frau|vater|mutter|eltern|papa|mama|vermieter\w*|tochter|sohn)\s+fragen\b",
         r"\b(?:frag|frage)\s+(?:ich\s+)?(?:erst\s+|noch\s+|no\s+|mal\s+|dann\s+)*(?:meinen|meine|mis|min|den|die)\s+"
         r"(?:vater|mutter|eltern|papa|mama|vermieter\w*)\b",
         r"\bich\s+(?:organisier\w*|kümmer\w*)\s+(?:mich\s+)?(?:das\s+|darum\s+|drum\s+)?(?:nur|bloß|lediglich)\b",
         r"\bich\s+(?:such|suche|schreib|schreibe)\s+nur\b"),
        ("meine eltern zahlen, ich such nur raus und zeig mama die optionen",
         "meine frau hat da das sagen 😂 ich schreib nur", "mama sagt max 3000 😬 geht das?",
         "mei frau sagt mehr ois 150 im monat zahln ma ned. sie entscheidet des bei uns",
         "mein vater, ich kümmer mich nur drum weil er kein internet hat 😅 entscheiden tut er",
         "ich muss ihn erst noch überreden. am ende entscheidet er, ist ja sein geld",
         "mein vater, ihm gehört der betrieb. ich mach das büro",
         "ich kümmere mich, aber das haus gehört meinen eltern und die müssen natürlich ja sagen",
         "ok dann muss ich meinen mann fragen, er bezahlt das",
         "mieterin. ich frag meinen vermieter, der muss das ja eigentlich beauftragen oder?",
         "meine mutter meinte max 25 die stunde, sie zahlt das und muss es auch ok geben"),
        negatives=("ich, der vater zahlt aber die hälfte", "das haus gehört meinem mann und mir"),
        slot="authority", value=_INF,
    ),
    Family(
        "authority.owns_chat",
        # Owning or running it, in chat and dialect: "is mein haus", "ghört üs", "ich hab nen Betrieb".
        (r"\bg(?:e)?h(?:ö|oe)rt\s+(?:\w+\s+)?(?:mir|uns|üs)\b(?!\s+nicht)",
         r"\b(?:is|ist|isch)\s+(?:mein|unser|üses)\s+(?:eigenes?\s+)?(?:haus|huus|hof|auto|geschäft|laden)\b",
         r"\b(?:mein|unser)\s+eigene[sn]?\s+[\w-]*(?:haus|wohnung|heim|hof|geschäft|laden|betrieb)\b",
         r"\balleinige[rn]?\s+(?:eigentümer\w*|inhaber\w*|besitzer\w*|erb\w*|geschäftsführer\w*)",
         r"\bich\s+(?:hab|habe)\s+(?:ein(?:en)?|nen|ne|eine)\s+(?:[\w-]+\s+)?[\w-]*(?:studio|betrieb|salon|laden|"
         r"geschäft|praxis|kanzlei|firma|restaurant|café|werkstatt|agentur|bäckerei|hotel|pension|hof)\b",
         r"\b(?:bin\s+)?(?:ein|eine)\s+ein-?(?:frau|mann|personen)-?(?:betrieb|unternehmen|firma)\b",
         r"\b(?:vermiete|vermieten)\s+(?:es|sie|ihn|die|das)\b",
         # Ordering it or approving extra work up to a limit: "bestellen tu ich", "bis 300 einfach machen".
         r"\bbestellen\s+tu\s+(?:ich|i)\b",
         r"\bbis\s+\d[\d.,]*\s*(?:euro|eur|€|franken|chf)?\s+einfach\s+machen\b"),
        ("jo, is mein haus", "ja, Einfamilienhaus, gehört uns", "ghört üs, mini frau und ich",
         "ist unser eigenes reihenhaus", "ja, alleinige eigentümerin",
         "hi, ich hab ein kosmetikstudio mit 3 mitarbeiterinnen", "moin, ich hab nen milchviehbetrieb",
         "so 400-500 im monat max. bin ein ein-frau-betrieb", "ja, vermiete es über airbnb",
         "gehört übrigens mir das auto, nicht geleast", "bestellen tu ich, mein mann holt sie nur ab",
         "ja bis 300 euro einfach machen, drüber bitte anrufen"),
        negatives=("das gehört uns nicht", "ich hab einen termin in ihrer praxis"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.together_chat",
        # Deciding or paying together, in chat and dialect: "mir entscheidet das zäme", "zahl ich söba".
        (r"\b(?:ich|i|ig)\s+(?:und|u)\s+(?:mei(?:ne?)?|mi(?:ni|n)?)\s+(?:frau|frou|mann|maa|partner\w*)\b",
         r"\b(?:mei(?:ne?)?|mi(?:ni|n)?)\s+(?:frau|frou|mann|maa|partner\w*)\s+(?:und|u)\s+(?:ich|i|ig)\b",
         r"\b(?:wir|mir)\s+(?:\w+\s+){0,2}(?:zäme|zämä|zamm|zsamm)\b",
         r"\b(?:zäme|zämä)\s+(?:entscheid\w*|füehre\w*|mache\w*)",
         r"\b(?:\w+\s+)?und\s+ich\s+sind\s+uns\s+einig\b",
         r"\b(?:wir|mir)\s+(?:müssen|müend)\s+uns\s+einig\s+sein\b",
         r"\bzusammen\s+mit\s+meine[rm]\s+(?:schwester|bruder|frau|mann|partner\w*|geschwister\w*)\b",
         r"\b(?:i|ich)\s+(?:zoi|zahl|zahle)\s+(?:des|das)\s+(?:\w+\s+)?(?:alloa|allein|alleine|söba|selber|selbst)\b",
         r"\bzahl\w*\s+tu\s+(?:i|ich)\s+(?:\w+\s+){0,2}(?:söba|selber|selbst|allein)\b",
         r"\b(?:das|des)\s+entscheid(?:e)?\s+(?:eh|ja|doch|sowieso)\s+(?:i|ich)\b",
         r"\b(?:er|sie)\s+lässt\s+mich\s+(?:das\s+)?(?:machen|entscheiden)\b"),
        ("Mi Frou u ig, mir füehre das zäme", "ja mir entscheidet das zäme, min maa und ich",
         "ja, mini frau und ich, sit 2011", "papa und ich sind uns einig",
         "wir müssen uns einig sein, ich mach aber die ganze kommunikation",
         "ja, zusammen mit meiner schwester", "jo, er waß nix 🤫 i zoi des eh alloa, von mein ersparten",
         "achso zahln tu i des eh söba, a wenn er mitmacht", "des entscheid eh i 😄",
         "mein vater ist noch GF, ich übernehme aber nächstes jahr. er lässt mich das machen"),
        negatives=("mein mann entscheidet das",),
        slot="authority", value=_DM,
    ),
    Family(
        "question.owner",
        # A bot question about owning or running it asks who decides ("Sind Sie Eigentümer?").
        (r"eigentümer", r"inhaber", r"besitzer", r"gehört\s+(?:ihnen|dir|euch)",
         r"eigene[sn]?\s+(?:haus|wohnung|hof)",
         r"zur\s+miete", r"mieter(?:in)?\b", r"erziehungsberechtigt"),
        ("Sind Sie Eigentümer?", "Gehört Ihnen das Ferienhaus?",
         "Ist das Ihr eigenes Haus oder wohnen Sie zur Miete?"),
        negatives=("Wann möchten Sie starten?",),
        shape="(?:{})",
    ),
    Family(
        "authority.answer_owner",
        # A short answer to that question: it is theirs ("eigenes", "ja, Eigentum").
        (r"eigenes?\b", r"eigentum\b", r"eigentümer\w*", r"inhaber\w*", r"gehört\s+(?:mir|uns)\b"),
        ("eigenes, gehört meinem mann und mir", "ja eigentum"),
        negatives=("miete",),
        shape=r"^\W*(?:(?:ja|jo|jap|jup|jep|klar|genau|yes|yep|yeah|yup|ya|yea)\W+)?(?:{})",
    ),
    Family(
        "authority.answer_joint",
        # Two people answering who decides: "me n my husband", "meinem Mann und mir".
        (r"(?:ich|i|ig)\s+(?:und|u|n|&)\s+(?:mein\w*|mi(?:ni|n)?)\s+\w+",
         r"(?:mein\w*|mi(?:ni|n)?)\s+\w+\s+(?:und|u)\s+(?:ich|mir)\b",
         r"zusammen\s+mit\s+mein\w*\s+\w+"),
        ("gehört meinem mann und mir", "ja, zusammen mit meiner schwester"),
        negatives=("mein mann entscheidet",),
        shape=r"\b(?:{})",
    ),
    # --- Shared markers ------------------------------------------------------------------
    Family(
        "negation",
        # "nich" is chat for "nicht" ("mehr als 100 will ich nich ausgeben").
        (r"\b(?:nicht|nich|nie|kein|keine|keinen)\b",),
        ("das ist nicht so", "kein Budget", "nie", "will ich nich ausgeben"),
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
        "approximation.chat",
        # Chat hedges before a figure: "vielleicht 500", "so um die 300".
        (r"vielleicht", r"so\s+um\s+die", r"öppe", r"eppa"),
        ("vielleicht", "öppe"),
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
    # --- Need ---------------------------------------------------------------------------
    Family(
        "need.problem",
        # Problems, complaints and pain in plain words; every phrasing starts at a word.
        (r"problem", r"herausforderung", r"schwierigkeit", r"unübersichtlich", r"ineffizient",
         r"umständlich", r"zu\s+langsam", r"zu\s+viel\s+(?:zeit|aufwand|arbeit)", r"frustrier", r"nervt",
         r"ärgerlich", r"schaff(?:e|en|t)\s+(?:es\s+)?(?:\w+\s+){0,2}nicht",
         r"kommen\s+nicht\s+(?:mehr\s+)?hinterher", r"nicht\s+(?:mehr\s+)?hinterher", r"versanden",
         r"verlier(?:e|en|t|st)\b", r"verloren",
         r"schaff(?:e|en|t)\s+(?:es\s+)?(?:\w+\s+)?(?:nur|kaum|gerade\s+mal|höchstens)\b",
         r"dauer(?:t|n)\s+(?:\w+\s+)?(?:ewig|ewigkeiten|zu\s+lange?|tagelang|wochenlang)\b",
         r"unqualifiziert\w*",
         r"(?:telefonier|lauf|läuft|renn|jag|schreib|mail)\w*\s+(?:\S+\s+){0,6}hinterher\b",
         r"hinterher(?:telefonier|lauf|renn|jag)\w*",
         r"(?<!budget\s)(?<!geld\s)reich(?:t|en)\s+(?:\w+\s+){0,4}nicht\b",
         r"(?:geht|gehts|geht's)\s+(?:es\s+|das\s+)?(?:so\s+)?nicht\s+(?:mehr\s+)?weiter", r"unzufrieden",
         r"nicht\s+(?:mehr\s+|so\s+|wirklich\s+)?zufrieden", r"nicht\s+erschienen", r"verpassen",
         r"bleiben\s+liegen", r"bleibt\s+liegen", r"geht\s+unter", r"gehen\s+unter", r"niemand\s+\w+",
         r"keiner\s+kümmert", r"kaum\s+(?:\w+\s+)?(?:leads|anfragen|kunden|termine|zeit)",
         r"(?:fast|so\s+gut\s+wie)\s+keine", r"funktioniert\s+nicht", r"klappt\s+nicht", r"läuft\s+nicht",
         r"überlastet", r"überfordert", r"manuell", r"händisch", r"kostet\s+uns", r"kündigt", r"gekündigt",
         r"ersatz", r"ertrink\w*", r"erstick\w*", r"fressen\s+(?:\w+\s+){0,3}auf",
         r"frisst\s+(?:\w+\s+){0,3}auf", r"(?:ständig|dauernd|immer)\s+besetzt", r"nicht\s+erreichbar",
         r"schrott(?:ig\w*)?\b", r"mies(?:e[mnrs]?)?\b", r"unbrauchbar",
         r"(?:ist|sind|wird|werden)\s+(?:\w+\s+){0,2}zu\s+(?:viel|hoch|teuer|langsam|wenig)\b",
         r"zu\s+(?:viele|wenige)\b",
         r"zu\s+wenig\s+(?:zeit|leads|anfragen|kunden|termine|personal|leute|umsatz|buchungen|aufträge)",
         r"(?:kann|können|bringt|bringen)\s+(?:\w+\s+)?zu\s+wenig\b",
         r"zu\s+(?:kompliziert|umständlich|aufwendig|aufwändig|unflexibel|fehleranfällig)\b",
         r"uns\s+(?:\w+\s+){0,2}(?:zeit|geld|nerven|kunden|umsatz|aufträge)\s+(?:kostet|kosten)\b",
         r"warte[nt]?\s+(?:\w+\s+){0,3}(?:tagelang|wochenlang|stundenlang|ewig|zu\s+lange?)\b",
         r"(?:tagelang|wochenlang|stundenlang|ewig)\s+(?:\w+\s+){0,2}(?:warten|"
         r"auf\s+(?:eine?n?\s+)?(?:rückruf|antwort|termin|rückmeldung))",
         r"zu\s+spät\s+(?:\w+\s+)?(?:mit|zurück|reagier\w*|beantwort\w*|gemeldet|dran)\b",
         r"(?:reagier\w*|antwort\w*|melden)\s+(?:\w+\s+){0,2}zu\s+spät",
         r"(?:bleibt|bleiben|steht|stehen)\s+(?:\w+\s+){0,2}leer\b",
         r"(?:kaum|selten|nie)\s+(?:\w+\s+)?\w*ge\w+(?:t|en)\b(?<!gesagt)(?<!gesehen)",
         r"(?:praktisch|quasi|nahezu|so\s+gut\s+wie)\s+(?:gar\s+)?keine?\b(?!\s+(?:problem|thema|bedarf|"
         r"interesse|eile|stress|sorge))",
         r"(?:weiß|wissen|kümmert\s+sich|meldet\s+sich)\s+(?:\w+\s+)?(?:keiner|niemand)\b",
         r"keiner\s+(?:mehr\s+)?(?:weiß|kümmert|meldet|ruft|hat\s+(?:den\s+)?überblick)",
         r"kein(?:en)?\s+(?:\w+\s+)?überblick\b",
         r"(?:landen|landet|verschwinden|verschwindet)\s+(?:\w+\s+){0,2}im\s+(?:nirwana|nichts|sand|"
         r"spam\w*)",
         r"versicker\w*", r"veraltet\w*", r"in\s+die\s+jahre\s+gekommen", r"nicht\s+mehr\s+zeitgemäß",
         r"altbacken", r"antiquiert",
         r"klingelt\s+(?:\w+\s+)?(?:non-?stop|nonstop|ständig|dauernd|ununterbrochen)",
         r"(?:noch|immer\s+noch)\s+(?:\w+\s+){0,2}(?:per|über|mit|via|in|auf)\s+(?:telefon|zettel|papier|"
         r"excel|fax|hand|post-?its?|whatsapp)",
         r"(?:kommt|kommen)\s+(?:\w+\s+){0,4}nicht\s+(?:mehr\s+)?nach", r"beschwer(?:en|t)\s+sich",
         r"(?:dienst|service|betrieb|support|produkt)\w*\s+(?:\w+\s+){0,3}eingestellt",
         r"stell(?:t|en)\s+(?:den|das|die|seinen|ihren)\s+(?:dienst|service|betrieb|support|"
         r"produkt)\w*\s+(?:\w+\s+){0,3}ein\b"),
        ("Unser Empfang erstickt in Anrufen.", "Die Leads aus dem Formular sind leider Schrott.",
         "Die Hotline ist dauernd besetzt.", "Die Dienstpläne machen wir immer noch per Excel.",
         "Unser Lieferant stellt den Dienst im Mai ein.", "wir kommen nicht mehr hinterher"),
        negatives=("Alles läuft gut bei uns.",),
        shape=r"(?=[a-zäöüß'])\b(?:{})",
    ),
    Family(
        "need.goal",
        # Wanting something better, asking for an offer, looking for a tool or a partner.
        (r"\bsuchen\s+(?:\w+\s+){0,3}(?:lösung|tool|software|system|partner|anbieter|unterstützung|hilfe|"
         r"möglichkeit|weg|ersatz|alternative|jemand)",
         r"\bsuche\s+(?:\w+\s+){0,3}\w+",
         r"\bsuchen\s+(?:einen|eine|ein|nach|jemand\w*|dringend|aktuell|gerade|derzeit|etwas|was)\b",
         r"(?:brauche|brauchen|bräuchte|bräuchten|benötige|benötigen|benötigten|braucht|"
         r"benötigt)\s+(?!\w*\s*(?:keine?n?|nichts|nicht)\b)",
         r"(?:wollen|möchten|hätten\s+gerne?|würden\s+gerne?)\s+(?:aber\s+|auch\s+|noch\s+|"
         r"gerne?\s+)?(?:einen|eine|ein|nen|ne)\s+(?!termin\b|moment\b)\w+",
         r"angebot\w*\s+(?:\w+\s+){0,2}(?:schicken|senden|zusenden|erstellen|machen|einholen|ein)\b",
         r"bitte\s+um\s+(?:ein\s+)?angebot", r"ein\s+(?:unverbindliches\s+)?angebot\s+(?:für|über)\b",
         r"(?:schicken|senden|machen|erstellen)\s+sie\s+(?:\w+\s+){0,3}(?:ein\s+)?angebot",
         r"(?:muss|soll|sollte|müssen)\s+(?:\w+\s+)?besser\s+(?:werden|laufen)", r"\bbedarf\s+(?:an|für)",
         r"(?:wollen|möchten|müssen|würden\s+gerne?)\s+(?:\S+\s+){0,5}[a-zäöü]{0,6}(?:verbessern|"
         r"automatisieren|steigern|erhöhen|reduzieren|senken|optimieren|beschleunigen|sortieren|"
         r"qualifizieren|digitalisieren|entlasten|vereinfachen|professionalisieren|ausbauen|skalieren|"
         r"gewinnen|generieren|loswerden|ersetzen|ablösen|aufräumen|wechseln|umsteigen|modernisieren|"
         r"erneuern|überarbeiten|aufsetzen|einführen|einsetzen|anschaffen|integrieren|einbauen|verdoppeln|"
         r"annehmen|anbieten|ermöglichen|abwickeln|erfassen|verwalten|bearbeiten|beantworten|bündeln|"
         r"nachverfolgen|abbilden|vermeiden|entgegennehmen)",
         r"(?:muss|müssen|soll|sollte|sollen)\s+(?:\S+\s+){0,3}(?:modernisiert|erneuert|überarbeitet|"
         r"verbessert|automatisiert|digitalisiert|ersetzt|abgelöst)\s+werden",
         r"ziel\s+ist", r"unser\s+ziel", r"(?:interessiere|interessieren)\s+(?:mich|uns)\s+für",
         r"interesse\s+an\s+(?!\w*\s*(?:keine|nichts))",
         r"(?:wir\s+)?(?:müssen|wollen|möchten)\s+(?:\w+\s+){0,4}(?:loswerden|weg\s+von|raus\s+aus)\b",
         r"(?:sollte|soll|muss)\s+(?:der|die|das|unser\w*)\s+(?!das\b|es\b)\w+\s+(?:\w+\s+){0,2}(?:laufen|"
         r"live|stehen|fertig)"),
        ("Wir bräuchten eine bessere Übersicht.", "Schicken Sie uns bitte ein Angebot.",
         "Wir wollen die Terminvergabe vorqualifizieren lassen.",
         "wir suchen eine Lösung für die Terminvergabe"),
        negatives=("Wir brauchen keine neue Software.",),
        shape=r"(?=[a-zäöüß'])\b(?:{})",
    ),
    Family(
        "need.none",
        # No need: satisfied, solved, only curious, only looking.
        (r"(?:sehr\s+|ganz\s+|rundum\s+)?zufrieden", r"kein(?:en)?\s+(?:\w+\s+)?bedarf",
         r"kein\s+interesse", r"brauchen\s+(?:\w+\s+)?(?:keine?n?|nichts)",
         r"benötigen\s+(?:\w+\s+)?(?:keine?n?|nichts)", r"nur\s+(?:mal\s+)?neugierig", r"reine\s+neugier",
         r"(?:hab|habe|haben)\s+(?:mir\s+|uns\s+)?(?:das\s+|"
         r"es\s+)?(?:\w+\s+)?nur\s+(?:mal\s+)?(?:angeschaut|angesehen|angeguckt|umgeschaut|informiert)",
         r"(?:will|möchte|wollen|möchten)\s+(?:\w+\s+)?nichts\s+kaufen",
         r"(?:bachelorarbeit|masterarbeit|abschlussarbeit|seminararbeit|hausarbeit|dissertation)\b",
         r"aus\s+neugier", r"neugierig\s+geworden",
         r"(?:nicht\s+sicher|unsicher),?\s+ob\s+(?:wir|ich)\s+(?:das\s+)?(?:überhaupt\s+|"
         r"wirklich\s+)?(?:brauchen|brauche)",
         r"(?:intern|selbst|schon|bereits|inzwischen)\s+(?:\w+\s+)?gelöst",
         r"(?:läuft|laufen|funktioniert|funktionieren)\s+(?:bei\s+uns\s+)?(?:alles\s+)?(?:gut|super|prima|"
         r"einwandfrei|rund|reibungslos|problemlos)",
         r"keine\s+(?:probleme|beschwerden)\b",
         r"wir\s+sind\s+(?:\w+\s+)?(?:gut\s+|bestens\s+)?(?:versorgt|aufgestellt|abgedeckt)",
         r"(?:wollte|wollten)\s+(?:\w+\s+)?nur\s+(?:mal\s+)?(?:schauen|gucken|sehen|reinschauen)"),
        ("Das haben wir inzwischen intern gelöst.", "kein Bedarf, danke", "wir sind rundum zufrieden"),
        negatives=("wir sind unzufrieden mit dem Anbieter",),
        shape=r"(?=[a-zäöüß'])\b(?:{})",
    ),
    Family(
        "need.opt_out",
        # Asking not to be contacted any more (a no need the policy must honour).
        (r"abmelden", r"abbestellen", r"austragen", r"aus\s+(?:\w+\s+)?(?:verteiler|liste|newsletter)",
         r"stopp?t?\s+(?:die|ihre)\s+(?:werbung|mails|e-?mails|newsletter)",
         r"keine\s+(?:werbung|e-?mails?|mails|nachrichten|newsletter)\s+mehr",
         r"(?:nicht\s+mehr|nie\s+wieder)\s+(?:\w+\s+)?(?:kontaktieren|anschreiben|anrufen|schreiben|"
         r"mailen)",
         r"kontaktieren\s+sie\s+mich\s+(?:bitte\s+)?nicht", r"löschen\s+sie\s+(?:bitte\s+)?meine\s+daten",
         r"meine\s+daten\s+löschen"),
        ("Bitte nicht mehr kontaktieren.", "Löschen Sie bitte meine Daten.", "Newsletter abbestellen"),
        negatives=("Bitte kontaktieren Sie mich morgen.",),
        shape=r"(?=[a-zäöüß'])\b(?:{})",
    ),
    Family(
        "need.problem_in_compound",
        # Problem words that end German compounds ("Terminchaos", "Personalengpass").
        (r"chaos", r"chaotisch", r"engpass", r"baustelle", r"aufwendig", r"durcheinander"),
        ("Terminchaos", "ein Personalengpass"),
        negatives=("alles geregelt",),
        shape="(?:{})",
    ),
    Family(
        "need.wish_connective",
        (r"und",),
        ("und mehr Termine",),
        shape="(?:{})",
    ),
    Family(
        "need.comparative",
        # A wish given as a bare phrase: "mehr Termine, weniger Telefon".
        (r"mehr", r"weniger", r"bessere?n?"),
        ("mehr Termine", "bessere Übersicht"),
        shape="(?:{})",
    ),
    Family(
        "need.not_after_comparative",
        # After "mehr": a comparison, a verb or a time, not a wish ("mehr gibt das Budget nicht
        # her", "mehr als 500", "später").
        (r"als\b", r"oder\b", r"info\w*", r"details?\b", r"später\b",
         r"(?:gibt|geht|ist|sind|wird|darf|kann|will)\b", r"zeit\s+(?:lassen|geben)"),
        ("als", "gibt", "zeit lassen"),
        negatives=("termine",),
        shape="(?:{})",
    ),
    Family(
        "need.offer_for",
        (r"(?:ein\s+)?angebot\s+(?:für|über)\b",),
        ("Angebot für 2 Standorte bitte",),
        shape="(?:{})",
    ),
    Family(
        "need.restating_subject",
        (r"wir", r"ich", r"man"),
        ("wir",),
        shape="(?:{})",
    ),
    Family(
        "pronoun.object",
        # "Bis März bräuchten wir das": a need verb with only a pronoun restates the need.
        (r"das", r"es", r"dies"),
        ("das",),
        shape="(?:{})",
    ),
    Family(
        "need.purpose_word",
        # "brauchen das für ...", "um ...": the pronoun is followed by what it is for.
        (r"für", r"um", r"weil"),
        ("für",),
        shape="(?:{})",
    ),
    # --- Timing -------------------------------------------------------------------------
    Family(
        "timing.none",
        # No timeline: no rush, nothing planned, only looking.
        (r"kein(?:en|e)?\s+(?:\w+\s+)?(?:zeitdruck|eile|stress|deadline|zeitplan|zeitrahmen|termindruck|"
         r"druck)",
         r"eilt\s+(?:\w+\s+)?nicht", r"(?:nicht|keineswegs)\s+(?:so\s+)?(?:dringend|eilig)",
         r"(?:nix|nichts)\s+(?:\w+\s+)?konkret\w*\s+(?:vor|geplant)",
         r"(?:hat|haben)\s+(?:noch\s+|alle\s+)?zeit", r"lassen\s+uns\s+(?:\w+\s+)?zeit",
         r"(?:zeit\w*|termin|timing)\s+(?:ist\s+)?(?:noch\s+)?(?:völlig\s+|komplett\s+|ganz\s+)?offen",
         r"keine\s+(?:konkreten\s+)?pläne", r"kein\s+konkreter?\s+(?:plan|zeitpunkt)",
         r"(?:konkret\s+)?geplant\s+ist\s+(?:noch\s+)?(?:nichts|nix)",
         r"(?:noch\s+)?(?:nichts|nix)\s+(?:konkret(?:es)?\s+)?geplant",
         r"schau(?:e|en)?\s+(?:mich|uns)\s+(?:\w+\s+){0,3}um\b",
         r"(?:nur|erstmal|erst\s+mal)\s+(?:mal\s+)?(?:umschauen|umsehen|informieren|orientieren)",
         r"irgendwann",
         # Only curious, nothing to buy: "nur mal so aus interesse", "wollte nur recht haben".
         r"(?:wollte|wollt)\s+(?:\w+\s+)?nur\s+recht\s+haben",
         r"nur\s+(?:mal\s+)?(?:so\s+)?aus\s+interesse", r"nur\s+(?:aus\s+)?neugier\b",
         r"(?:aktuell|derzeit|gerade|momentan)\s+kein(?:e)?\s+(?:projekt|bedarf|plan)",
         r"kein\w*\s+(?:verkaufs|kauf|umbau|bau)absicht", r"nur\s+mal\s+schauen",
         r"hat\s+sich\s+(?:das\s+|des\s+)?(?:\w+\s+){0,4}erledigt"),
        ("kein Zeitdruck", "eilt nicht", "wir schauen uns erstmal nur um",
         "hi, nur mal so aus interesse, was kostet denn so ein tiny house?", "aktuell kein projekt",
         "wollte nur recht haben", "dann hat sich das für die nächsten jahre erledigt"),
        negatives=("Es eilt!",),
    ),
    Family(
        "timing.now",
        # Now: as soon as possible, urgent, today or tomorrow, this week.
        (r"\bsofort", r"umgehend", r"so\s+schnell\s+wie\s+möglich", r"schnellstmöglich",
         r"möglichst\s+(?:schnell|bald|zeitnah)", r"so\s+bald\s+wie\s+möglich", r"baldmöglichst",
         r"zeitnah", r"dringend", r"es\s+eilt", r"eilig",
         r"(?:brauchten|gebraucht|hätten)\s+(?:\w+\s+){0,3}gestern", r"am\s+besten\s+gestern",
         r"gestern\s+schon", r"diese\s+woche", r"diese\s+woche\s+noch", r"notfall", r"notdienst",
         r"pressiert", r"(?:bitte|möglichst|ganz|sehr|echt|so)\s+schnell\b",
         r"schnell\s+(?:jemand|bitte|gehen|melden|kommen|helfen|hilfe|vorbei)", r"muss\s+schnell",
         r"dieses\s+wochenende", r"am\s+wochenende", r"heute\s+abend",
         r"heute\s+(?:bitte|wenn\s+möglich|wäre)",
         r"(?:frei|verfügbar|zeit)\s+(?:\w+\s+)?(?:heute|morgen)\b",
         r"(?:heute|morgen)\s+(?:\w+\s+)?(?:was\s+)?frei\b"),
        ("so schnell wie möglich", "am besten gestern", "bitte schnell", "ist morgen noch was frei?"),
        negatives=("langfristig",),
    ),
    Family(
        "timing.soon",
        (r"\bbald\b", r"demnächst", r"in\s+kürze", r"in\s+naher\s+zukunft",
         r"in\s+den\s+kommenden\s+monaten"),
        ("bald", "in naher Zukunft"),
        negatives=("baldrian",),
    ),
    Family(
        "timing.later",
        (r"langfristig", r"später\s+im\s+jahr", r"nicht\s+vor\s+(?:dem\s+)?(?:nächsten|next)"),
        ("langfristig", "später im Jahr"),
        negatives=("später",),
    ),
    Family(
        "timing.asap",
        (r"so\s+(?:schnell|bald|schnäll|rasch)\s+(?:wie|als)\s+(?:möglich|es\s+geht|mögli)",
         r"schnellstmöglich", r"baldmöglichst", r"\bsofort", r"umgehend", r"so\s+bald\s+es\s+geht"),
        ("so bald wie möglich eigentlich", "bitte so schnäll wie möglich", "so bald es geht"),
        negatives=("nicht so schnell",),
    ),
    Family(
        "timing.same_day",
        (r"heute", r"heut", r"hüt", r"hüüt", r"heit", r"heid"),
        ("heute noch", "heut abend"),
        negatives=("heutzutage",),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "timing.conclusion_opening",
        # A sentence that opens with a conclusion settles its date: "Also nicht so eilig, bis Ende Juni".
        (r"also\b", r"d\.?\s?h\.?", r"das\s+heißt"),
        ("Also nicht so eilig, bis Ende Juni wäre schön.",),
        negatives=("so schnell wie möglich",),
        shape=r"[\s\W]*(?:{})",
    ),
    Family(
        "timing.conclusion",
        (r"also(?:\s+(?:so|noch))?", r"d\.?\s?h\.?", r"das\s+heißt", r"das\s+wäre", r"sprich"),
        ("vorher hab ich keine zeit. also so", "d.h."),
        shape=r"(?:^|[\s,;(])(?:{})[\s,:]*$",
    ),
    Family(
        "timing.slot",
        (r"\d{1,2}(?:[:.]\d\d)?\s*uhr\b", r"(?:vormittags?|nachmittags?|abends|morgens|mittags)\b",
         r"(?:montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|wochenends)\b",
         r"jeden\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
         r"nicht\s+vor\s+\d{1,2}\b(?![./])", r"ab\s+\d{1,2}\s*(?:uhr)?\b(?![./])"),
        ("heut abend um 18 uhr", "nur montags, da haben wir ruhetag", "nicht vor 10"),
        negatives=("bis freitag",),
    ),
    Family(
        "timing.reply",
        (r"(?:melde|meld)\s+mich", r"(?:mach|schick|schicke|sende)\s+ich\s+(?:\w+\s+)?(?:heute|morgen|heut)",
         r"geb\w*\s+(?:ihnen|dir|euch)\s+bescheid", r"überleg\w*\s+(?:es\s+)?mir"),
        ("ok cool mach ich heute noch", "ich melde mich heute abend"),
        negatives=("brauch es heute",),
    ),
    Family(
        "timing.money_context",
        (r"budget", r"etat", r"topf", r"eingeplant", r"ausgeben", r"€", r"eur(?:o)?\b", r"franken", r"chf",
         r"umsatz"),
        ("budget hab ich mal 6-8k eingeplant für dieses jahr", "im BGM-Topf für nächstes Jahr"),
        negatives=("bis nächstes jahr",),
    ),
    Family(
        "timing.meeting",
        # A meeting or a visit: its date is when to talk, not when the lead wants the thing.
        (r"telefonier\w*", r"telefonat", r"rückruf", r"zurückrufen", r"anrufen", r"kurzer\s+call",
         r"besichtigung\w*", r"erstgespräch", r"erstgspröch", r"beratungsgespräch", r"kennenlern\w*",
         r"probeessen", r"verkostung", r"bestandsaufnahme", r"vor-ort-termin", r"treffen", r"demo\b",
         r"präsentation", r"gespräch", r"aufmaß", r"ausmessen", r"vorbeikommen", r"vorbeischauen",
         r"besuch\b", r"beratungstermin"),
        ("können wir nächste woche telefonieren?", "Eine Demo im Herbst wäre schön",
         "könnt ihr am montag zum ausmessen vorbeikommen?"),
        negatives=("bis ende juni fertig",),
    ),
    Family(
        "timing.life_event",
        # Someone else's life event: a baby on the way, an age reached, a race. (A wedding, a
        # trip or an exam is often what the request is for: its date stays the timing.)
        (r"baby", r"geburt\b", r"entbindung", r"schwanger", r"wird\s+im\s+\w+\s+\d+(?:,\d)?(?![.\d])",
         r"marathon"),
        ("wir bekommen anfang dezember unser erstes baby", "mein Sohn wird im Mai 17",
         "sie wird im oktober 15,5"),
        negatives=("bis ende juni", "sie wird am 12.6. entlassen"),
    ),
    Family(
        "timing.greeting",
        (r"(?:schöne[ns]?|gute[ns]?|erholsame[ns]?|frohe[ns]?)\s+(?:wochenende|abend|tag|feiertage|"
         r"weihnachten|ostern|urlaub)",),
        ("danke, schönes wochenende ✌️",),
        negatives=("am wochenende",),
    ),
    Family(
        "timing.absence",
        # Someone away: their availability, not a target date.
        (r"urlaub", r"elternzeit",
         r"\b(?:abwesend|krank|(?:bin|ist|sind)\s+(?:\w+\s+)?(?:unterwegs|nicht\s+im\s+büro))",
         # "wir sind ab 1.8. drei wochen weg", "bin vom 12. bis 23. weg".
         r"\b(?:bin|ist|sind|san)\s+(?:\S+\s+){0,5}(?:weg|verreist)\b"),
        ("Bin im Urlaub bis 20.04.", "bin krank", "wir sind ab 1.8. drei wochen weg"),
        negatives=("ab Mai",),
        shape=r"(?:{})",
    ),
    # --- Conversation signals --------------------------------------------------------------
    Family(
        "signal.urgent",
        # Same or next day, an emergency, damage that cannot wait (dialect too: "hüt no").
        (r"heute\s+noch", r"noch\s+heute", r"heut\s+no(?:ch)?", r"heit\s+no(?:ch)?", r"hüt\s+no(?:ch)?",
         r"tropft\S*\s+(?:\S+\s+){0,6}(?:decke|wand|leitung)",
         r"heute\s+(?:oder|od\.?|o\.|/)\s*morgen", r"gleich\s+morgen", r"heute\s+(?:nachmittag|abend)",
         r"sofort", r"umgehend", r"notfall", r"notdienst", r"dringend", r"eilig", r"es\s+eilt",
         r"eilt\s+sehr",
         r"rohrbruch", r"wasserrohrbruch", r"wasserschaden", r"steht\s+unter\s+wasser", r"überschwemm\w*",
         r"(?:heizung|heizig|therme|boiler)\s+(?:(?!aus\b)\w+\s+){0,2}"
         r"(?:ausgefallen|ausgfallen|kaputt|"
         r"geht\s+nicht|geht\s+nimmer|ausgegangen|(?:ist|is|isch)\s+(?:aus|hin))",
         r"kein\s+(?:warmes?\s+wasser|warmwasser|strom|heizung)", r"starke\s+schmerzen"),
        ("hallo, wir haben nen rohrbruch im keller!! kommt ihr heute noch?",
         "bräuchte heute oder morgen jemanden", "Hoi zäme, d Heizig isch kaputt, chönd ihr hüt no cho?",
         "Es ist dringend, wir haben kein warmes Wasser mehr",
         "griaß god, bei uns tropft's seit heit früh aus da decke, kann heut no wer vorbeischaun?"),
        negatives=("bis ende juni sollte das bad fertig sein", "unsere heizung aus den 90ern soll raus"),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "signal.not_urgent",
        # Browsing, no need, or urgency denied: a time word here is no urgency.
        (r"\bnur\s+(?:mal\s+)?(?:am\s+|zum\s+)?(?:schauen|gucken|umschauen|umsehen|stöbern|"
         r"informieren)\b",
         r"\b(?:brauche?n?|benötige?n?)\s+(?:\w+\s+)?(?:gerade|aktuell|momentan|jetzt|im\s+moment|noch)?\s*"
         r"(?:nichts|gar\s+nichts|nix)\b",
         r"\b(?:nicht|kein|keine|nichts)[-\s]+(?:so\s+|sehr\s+|super\s+)?(?:dringend|eilig|notfall|urgent|"
         r"emergency|rush)",
         r"\bes\s+eilt\s+nicht\b", r"\bkeine\s+eile\b", r"\bnicht\s+(?:heute|morgen|sofort)\b"),
        ("ist nicht dringend, so im frühjahr wäre gut", "kein notfall, nur eine frage zur wartung",
         "Nix dringendes, ich schau nur mal, brauche gerade nichts."),
        negatives=("Es ist dringend!",),
        shape="(?:{})",
    ),
    Family(
        "signal.stressed_need",
        # "dringend" only stressing a need ("wir brauchen dringend ein CRM") is no emergency.
        (r"\b(?:brauche?n?|braucht|benötige?n?|benötigt|suche?n?|sucht|wollen|möchten)\s+(?:\w+\s+)?"
         r"(?:ganz\s+|sehr\s+|echt\s+)?(?:dringend|eilig)\b",
         r"\b(?:dringend|eilig)\s+(?:\w+\s+)?(?:brauche?n?|braucht|benötige?n?|benötigt|gesucht|suche?n?)\b"),
        ("Wir benötigen dringend eine neue Buchhaltungssoftware.",),
        negatives=("Wasserrohrbruch, dringend!",),
        shape="(?:{})",
    ),
    Family(
        "question.connective",
        (r"und", r"also", r"ok", r"okay", r"so", r"btw", r"übrigens"),
        ("übrigens",),
        shape="(?:{})",
    ),
    Family(
        "question.opener",
        # A sentence that opens like a question (chat often drops the "?").
        (r"was\s+(?:kostet|kosten|nehmt|nehmen|verlangt|verlangen)",
         r"wie\s+(?:teuer|viel|lange|schnell|läuft|funktioniert|sind|ist)", r"wieviel",
         r"wann\s+(?:habt|haben|seid|sind|könnt|können)", r"wo\s+(?:seid|sind|genau)",
         r"(?:habt|macht|bietet|kommt|seid|könnt|arbeitet|nehmt)\s+ihr",
         r"(?:haben|machen|bieten|kommen|sind|können|arbeiten|nehmen)\s+sie", r"gibt\s+(?:es|s)",
         r"(?:kann|muss|darf|soll|brauche)\s+(?:man|ich)", r"kostet\s+(?:das|es|sowas|so\s+was)",
         r"geht\s+das", r"ist\s+(?:das|es)",
         r"(?:kann|könnte|kommt|könnt)\s+(?:\w+\s+){0,2}(?:jemand|einer|wer)\b",
         # Asking by request, often without "?": "sagen Sie mir doch, was sowas kostet".
         r"(?:(?:sagen|verraten|nennen)\s+sie|sag|sagt|verrat|verratet)\s+(?:\w+\s+){0,3}"
         r"(?:was|wie|wann|wo|ob|welche\w*)\b",
         r"(?:ich\s+)?(?:würde|wüsste|möchte|will|wollte)\s+(?:\w+\s+){0,2}(?:gerne?\s+)?wissen\b"),
        ("was kostet sowas denn", "Kommt ihr auch nach Dachau?", "kann heut no wer vorbeischaun?",
         "keine ahnung, sagen sie mir doch was sowas kostet", "ich würde gern wissen, wie lange das dauert"),
        negatives=("das kostet zu viel",),
        shape="(?:{})",
    ),
    Family(
        "reply.shared_decision",
        # A decision that is not the lead's alone: the reply does not say "Sie entscheiden".
        (r"und\s+ich", r"ich\s+und", r"gemeinsam", r"zusammen", r"zu\s+(?:zweit|dritt|viert)", r"beide[nr]?",
         r"partner\w*", r"mit\s+(?:meine[mr]?|unsere[mr]?)\s+\w+", r"wir", r"uns", r"gremium",
         r"vorstand", r"versammlung"),
        ("das entscheiden mein kollege und ich", "Entscheidung liegt bei den beiden Partnern."),
        negatives=("ich entscheide das allein",),
    ),
    Family(
        "question.tentative",
        # A hedged answer spoken as a question ("vielleicht so ein paar hundert im monat?"): the
        # lead answers ours, asks nothing of the business.
        (r"vielleicht", r"eher", r"etwa", r"ungefähr", r"ca\.?", r"circa", r"um\s+die", r"evtl\.?",
         r"wahrscheinlich", r"wohl", r"so\s+(?:um\s+die|ca\.?|etwa|ungefähr)"),
        ("vielleicht so ein paar hundert im monat?", "eher so ende des jahres?"),
        negatives=("wie lange dauert das ungefähr?", "ungefähr wie lange dauert das?"),
        shape=r"^(?:{})\b(?![^?]*\b(?:ihr|euch|eure?\w*|sie|ihnen|du|dir|dich|you|your|wie|was|wann|wo|"
              r"welche\w*|warum|wieso|how|what|when|where|which|why)\b)",
    ),
    Family(
        "question.ping",
        # A whole message that only checks the line or reacts: no question to answer.
        (r"hallo", r"hey", r"huhu", r"jemand\s+da", r"noch\s+da", r"bist\s+du\s+noch\s+da",
         r"sind\s+sie\s+noch\s+da", r"ok", r"okay", r"ja", r"nein", r"echt", r"wirklich", r"und", r"so",
         r"also",
         r"wie\s+bitte", r"sorry"),
        ("hallo?", "noch da?"),
        negatives=("hallo, was kostet das?",),
        shape=r"^(?:{})\W*$",
    ),
    Family(
        "question.about_the_question",
        # A remark on the bot's question ("wie meinen Sie das?", "wozu brauchen Sie das?").
        (r"wie\s+mein\w*\s+(?:sie|du)\s+das", r"was\s+mein\w*\s+(?:sie|du)",
         r"(?:warum|wieso|weshalb|wozu)\s+(?:\w+\s+){0,3}(?:wissen|fragen|frage|fragst|brauchen|braucht)"),
        ("wie meinen sie das?", "wozu brauchen Sie das?"),
        negatives=("wie lange dauert das?",),
        shape=r"\b(?:{})\b",
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
         r"(?:\w+\s+){0,2}(?:schicken|senden|zukommen)",
         # A trade or agency looking for work from the business: "suchen Aufträge als
         # Subunternehmer", "machen webentwicklung für andere agenturen ... habt ihr bedarf?".
         r"\b(?:suchen?|sucht)\s+(?:\w+\s+){0,2}(?:aufträge|auftraggeber|projekte\s+als|kooperationspartner)\b",
         r"\b(?:als|für)\s+(?:\w+\s+)?(?:sub|nach)unternehmer\b", r"\bwhite[-\s]?label\b",
         r"\b(?:habt\s+ihr|haben\s+sie|hast\s+du)\s+(?:\w+\s+)?bedarf\b",
         r"\bunser(?:e)?\s+(?:stundensatz|tagessatz|preise\s+starten)\b"),
        ("Guten Tag, ich möchte Ihnen unsere SEO-Leistungen vorstellen, Pakete ab 299 €.",
         "Wir sind Elektriker aus Freising und suchen neue Aufträge als Subunternehmer.",
         "wir programmieren für andere agenturen, white label, habt ihr bedarf?",
         "Wir bieten für Ihre Praxis eine komplette Online-Terminbuchung an, darf ich Ihnen eine "
         "Demo zeigen?",
         "Hallo, wir sind eine Online-Marketing-Agentur aus Hamburg. Hätten Sie Interesse an einer "
         "kostenlosen Sichtbarkeitsanalyse?",
         "Moin, ich bin Vertriebspartner und kann Ihnen unverbindlich neue Kunden vermitteln.",
         "Interesse an einer Partnerschaft?",
         "Darf ich Ihnen trotzdem ein unverbindliches Angebot per Mail schicken?"),
        negatives=("Wir sind eine kleine Werbeagentur und suchen ein CRM für 8 Leute.",
                   "Wir suchen einen Partner für die jährliche Heizungswartung.",
                   "Wir sind Dienstleister für andere Firmen und brauchen eine neue Website.",
                   "Bedarf haben wir vor allem bei der Terminbuchung.",
                   "Wir bieten unseren Patienten Online-Termine, aber das Tool ist schlecht."),
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "vendor"},
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
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "applicant"},
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
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "student"},
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
         r"(?:kundennummer|mitgliedsnummer|vertragsnummer|auftragsnummer))",
         # Work the business did for the lead: "ihr habt letztes jahr unsere wärmepumpe eingebaut".
         r"\b(?:ihr\s+habt|sie\s+haben)\s+(?:\w+\s+){0,5}(?:eingebaut|installiert|eingerichtet|gebaut|"
         r"erstellt|montiert|verlegt|gemacht|programmiert)\b(?=[^.!?\n]{0,120}\b(?:fehler|geht\s+nicht|"
         r"kaputt|funktioniert\s+nicht|problem|defekt|zeigt|spinnt|tropft|undicht|seit))"),
        ("bin schon kunde bei euch und meine rechnung ist doppelt abgebucht worden",
         "ich muss meinen termin am donnerstag leider verschieben",
         "Wir sind schon Kunde. Seit dem Update gestern lässt sich der Kalender nicht öffnen.",
         "guten morgen, wir haben einen wartungsvertrag bei euch (kanzlei dr. reuter).",
         "hi, ihr habt letztes jahr unsere wärmepumpe eingebaut, jetzt zeigt sie dauernd fehler an"),
        negatives=("Wir sind Kunde bei Sipgate und wollen wechseln",),
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "support"},
    ),
    Family(
        "nonbuyer.wrong_number",
        (r"\bfalsch\s+verbunden\b", r"\bverwählt\b", r"\bverklickt\b", r"\bbin\s+(?:ich\s+)?hier\s+falsch\b",
         r"\b(?:falsche[nrs]?)\s+(?:nummer|seite|firma|adresse|chat|praxis)\b", r"\bsorry,?\s+falsch\b",
         # Asking for another business: "ist da die pizzeria? ich wollte ne bestellung aufgeben".
         # (Not a practice or a salon: that may be this very business.)
         r"\b(?:ist|bin\s+ich)\s+(?:da|hier|dort)\s+(?:nicht\s+)?(?:bei\s+)?(?:die|der|das|dem)\s+(?:pizzeria|"
         r"pizza\w*|apotheke|bäckerei|metzgerei|imbiss|bank|sparkasse|taxi\w*|stadtwerke|bürgeramt|kita)\b"),
        ("oh sorry falsch verbunden", "hab mich verklickt, bin hier falsch",
         "hallo ist da die pizzeria? ich wollte ne bestellung aufgeben",
         "Ups, falsch verbunden, ich wollte eigentlich beim Blumenladen bestellen"),
        negatives=("das Angebot war falsch berechnet", "ist da die Mehrwertsteuer schon drin?",
                   "ist da die praxis dr. meyer? ich bräuchte einen termin zur zahnreinigung"),
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "wrong_number"},
    ),
    Family(
        "nonbuyer.spam",
        (r"lotto\s+gewinn",),
        ("Herzlichen Glückwunsch zum Lotto Gewinn!",),
        shape=r"\b(?:{})\b", slot="need", value={"has_need": False, "kind": "spam"},
    ),
    # Chat register of the same kinds: what a salesperson, an existing customer, a job seeker,
    # a researcher or a scam writes into a small business's chat box.
    Family(
        "nonbuyer.vendor",
        (r"\bich\s+melde\s+mich\s+(?:von|vom|im\s+auftrag)\b",
         r"\b(?:außendienst\w*|key\s+account\w*|vertreter(?:in)?)\s+(?:von|bei|für|eines|einer)\b",
         r"\b(?:wir|ich)\s+(?:\w+\s+)?(?:vermitteln|generieren|produzieren)\b",
         r"\b(?:euch|sie|ihnen)\s+(?:gern\w*\s+)?beliefern\b",
         r"\b(?:in\s+ihr|in\s+euer|ins)\s+sortiment\b",
         r"\b(?:partner(?:studios|praxen|betriebe|salons)|vertriebspartner\s+(?:für|in))\b",
         r"\bsuchen\s+\w+\s+als\s+(?:vertriebs)?partner\b",
         r"\b(?:provisionsbasis|aktionspreise?|einkaufspreis|wiederverkäufer\w*)\b",
         r"\b(?:unter|statt)\s+(?:dem\s+)?listenpreis",
         r"\bhelfen\s+(?:\w+\s+){0,2}wie\s+(?:ihnen|ihrem|ihrer|deinem|deiner|eurem|eurer|dir|euch)\b",
         r"\b(?:darf|kann|könnte)\s+ich\s+(?:ihnen\s+|euch\s+|dir\s+)?(?:\w+\s+){0,2}(?:muster|proben|"
         r"katalog|preisliste|infoblatt|infomaterial)\b",
         r"\b(?:ihnen|euch|dir)\s+(?:\w+\s+){0,3}(?:muster|proben|katalog|preisliste|infoblatt|"
         r"infomaterial)\s+(?:\w+\s+)?(?:schicken|senden|mailen|zusenden|vorbeibringen|zeigen)",
         r"\bwer\s+(?:ist|wäre)\s+(?:denn\s+)?bei\s+(?:ihnen|euch|dir)\s+(?:\w+\s+){0,3}(?:zuständig|"
         r"verantwortlich|ansprechpartner\w*)",
         r"\b(?:ihre|eure|deine)\s+(?:website|webseite|homepage)\s+(?:\w+\s+){0,3}(?:langsam|veraltet|"
         r"angeschaut)"),
        ("Guten Morgen! Nein, ich melde mich von TextilPro, Berufskleidung im Mietservice.",
         "Guten Morgen, ich bin Außendienstmitarbeiter von DentaSupply.",
         "wir vermitteln qualifizierte Aufträge in Ihrer Region",
         "hallo, wir sind ein regionaler getränkegroßhandel und würden euch gern beliefern",
         "Hätten Sie Interesse, unsere Säfte in Ihr Sortiment aufzunehmen?",
         "Wir sind Hersteller von Naturkosmetik und suchen Partnerstudios.",
         "Wir sind Hersteller von Proteinriegeln und suchen Fitnessstudios als Vertriebspartner.",
         "würde gern 2 Tage die Woche bei Ihnen Osteopathie anbieten, auf Provisionsbasis",
         "Wir sind ReviewBoost und helfen Studios wie deinem zu mehr Bewertungen.",
         "Darf ich trotzdem eine Preisliste mailen? Unverbindlich.",
         "Wer ist bei Ihnen fürs Marketing zuständig?",
         "wir haben uns Ihre Website angeschaut und die lädt leider sehr langsam."),
        negatives=("Können Sie mir eine Preisliste schicken?", "wir suchen einen Partner für die Website",
                   "wer ist bei euch für den notdienst da?"),
        slot="need", value={"has_need": False, "kind": "vendor"},
    ),
    Family(
        "nonbuyer.competitor",
        # Another business of the same trade asking what this one charges.
        (r"\b(?:schauen|sehen|gucken|wissen|vergleichen|checken)\s+(?:\w+\s+){0,2}(?:wie|wo|was)\s+(?:ihr|sie)\s+"
         r"(?:so\s+|denn\s+)?(?:preislich|kalkuliert|kalkulieren|liegt|liegen|verlangt|verlangen|nehmt)",
         r"\bwo\s+(?:ihr|sie)\s+(?:so\s+)?preislich\s+lieg",
         r"\bwo\s+wir\s+(?:so\s+)?(?:preislich\s+)?liegen\b",
         r"\bmarktpreise\b", r"\bpreise\s+am\s+markt\b",
         r"\b(?:sind|bin)\s+(?:selbst|selber)\s+(?:ne|eine?|ein)\s+[\w-]*(?:firma|betrieb|agentur|büro|"
         r"fahrschule|studio|salon)\b" + _COMPARING,
         r"\b(?:bin|sind)\s+(?:\w+\s+)?(?:selbst|selber)\s+[\w-]+\s+(?:\w+\s+)?(?:aus\s+(?:der|dem)\s+"
         r"(?:gegend|nachbarort|nachbarstadt|umgebung)|im\s+nachbarort|in\s+der\s+(?:gegend|nähe))"
         + _COMPARING,
         r"\b(?:hab|habe|haben)\s+(?:ich\s+|wir\s+)?(?:selbst|selber)\s+(?:ne|eine?n?)\s+[\w-]+\s+(?:im|in\s+der)\s+"
         r"(?:nachbarort|nachbarstadt|gegend|nähe)" + _COMPARING,
         r"\bich\s+arbeite\s+(?:selbst|selber)\s+(?:bei|in)\s+(?:einem|einer|ner|nem)\b" + _COMPARING,
         r"\bsind\s+(?:selbst\s+|selber\s+)?(?:auch\s+)?(?:ein\s+)?(?:mitbewerber|konkurrent|konkurrenz)\b"),
        ("wir sind selbst ne reinigungsfirma und vergleichen nur mal die preise am markt",
         "bin selbst dachdecker aus dem nachbarort, will nur wissen wo ihr preislich liegt",
         "ehrlich gesagt hab ich selber ne fahrschule im nachbarort und wollte nur mal vergleichen",
         "naja ehrlich gesagt sind wir selbst solarteur, wollte nur mal sehen wie ihr kalkuliert",
         "ehm, ich arbeite selbst bei einem treuhandbüro, ich wollte nur marktpreise anschauen",
         "ich bin von glanzwerk aus der nachbarstadt, wir wollten mal vergleichen wo wir so liegen"),
        negatives=("wir wollen mal vergleichen, was die angebote kosten",
                   "ich bin selbst elektriker, aber fürs bad brauch ich euch",
                   "ich hab selbst einen betrieb in der nähe und brauche eine neue heizung",
                   "wir sind selbst eine firma aus der gegend und suchen jemanden für die buchhaltung"),
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "competitor"},
    ),
    Family(
        "nonbuyer.curious",
        # Only curious, browsing, or served elsewhere and asking anyway.
        (r"\bnur\s+(?:mal\s+)?(?:so\s+)?neugierig\b", r"\b(?:aus|reine)\s+neugier(?:de)?\b",
         r"\bwar\s+(?:\w+\s+){0,2}(?:nur\s+)?neugier(?:ig)?\b", r"\binteressehalber\b",
         r"\b(?:will|möchte|wollen)\s+(?:aber\s+)?(?:nix|nichts)\s+(?:abschließen|buchen|bestellen)\b",
         r"\bwollt(?:e)?\s+nur\s+(?:mal\s+)?(?:gucken|schauen|sehen)\s+was\s+(?:ihr|sie)\b",
         r"\b(?:bin|sind)\s+(?:schon|bereits)\s+(?:bei|in)\s+(?:ner|einer|einem|nem)\s+anderen\b",
         r"\bwollte?\s+(?:einfach\s+)?(?:nur\s+)?(?:mal\s+)?(?:quatschen|recht\s+haben)\b",
         r"\bhab\s+(?:einfach\s+)?(?:bisschen|ein\s+bisschen|nur)\s+rumgeklickt\b"),
        ("hallo, nur mal neugierig, wie viele leute passen denn da rein?",
         "hallo, eher so aus neugier. was ist eine 3-zimmer wohnung in ottensen aktuell so wert?",
         "ok danke, hab keinen zeitdruck oder so, war einfach neugierig",
         "und shop? ab wieviel macht ihr woocommerce? nur so interessehalber",
         "bin eigentlich gut versorgt und will nix abschließen",
         "hi, eigentlich nicht, wollte nur mal gucken was ihr so macht",
         "nee bin schon bei ner anderen fahrschule, wollte nur fragen ob man das auf englisch machen kann?"),
        negatives=("wir sind neugierig auf die Demo nächste Woche",),
        shape=r"\b(?:{})", slot="need", value={"has_need": False, "kind": "curious"},
    ),
    Family(
        "nonbuyer.support",
        (r"\b(?:ihr|sie)\s+(?:habt|haben)\s+(?:\w+\s+){0,3}(?:unsere?n?|meine?n?)\s+(?:\w+\s+){0,4}"
         r"(?:gebaut|eingebaut|installiert|montiert|gemacht|repariert|verlegt|gestrichen|eingerichtet)\b",
         r"\b(?:ihr|sie)\s+(?:wart|waren)\s+(?:\w+\s+){0,2}bei\s+(?:uns|mir)\b",
         r"\bwar\w*\s+(?:\w+\s+){0,3}bei\s+(?:euch|ihnen)\s+zu[mr]\s+\w+",
         r"\bbei\s+(?:euch|ihnen)\s+zu[mr]\s+(?:inspektion|wartung|behandlung|reparatur|pzr|kontrolle)\b",
         r"\b(?:bin|sind)\s+(?:schon|bereits)\s+mitglied\b", r"\bmitglied(?:s)?(?:nr|nummer|ausweis)\b",
         r"\bkundennr\b", r"\b(?:garantie|gewährleistung)\s+(?:\w+\s+){0,3}(?:läuft|laufen|noch|fall)\b",
         r"\b(?:noch\s+)?(?:unter|in\s+der)\s+(?:garantie|gewährleistung)\b",
         r"\b(?:doppelt|zweimal|2x|2\s+mal)\s+(?:\w+\s+){0,3}abgebucht\b",
         r"\b(?:mitgliedschaft|abo|mitgliedsvertrag)\s+(?:\w+\s+){0,3}(?:kündigen|pausieren)\b",
         r"\b(?:die\s+)?rechnung\s+(?:\w+\s+){0,2}(?:nochmal|noch\s+einmal|erneut)\s+(?:als\s+pdf\s+)?"
         r"(?:schicken|senden|zuschicken)"),
        ("moin, ihr habt letztes jahr unsere pv anlage gebaut, seit 3 tagen zeigt der wechselrichter fehler",
         "guten tag, sie waren letzte woche bei uns (steckdosen), auf der rechnung stehen 4 stunden",
         "ich war am samstag bei euch zum färben und die farbe ist total fleckig geworden",
         "hi bin schon mitglied, mir wurde diesen monat 2x der beitrag abgebucht",
         "garantie sollte ja wohl noch laufen, ist doch erst ein jahr alt!!",
         "kann ich mein abo eigentlich im august pausieren?"),
        negatives=("wir haben eine alte pv anlage und wollen einen speicher",
                   "ich will meinen vertrag beim alten anbieter kündigen"),
        slot="need", value={"has_need": False, "kind": "support"},
    ),
    Family(
        "nonbuyer.applicant",
        (r"\b(?:such|suche|suchen)\s+(?:\w+\s+){0,4}(?:neue\s+)?(?:stelle|anstellung|festanstellung|lehrstelle)\b",
         r"\bob\s+(?:ihr|sie)\s+(?:\w+\s+){0,2}(?:honorarkräfte|aushilfen|mitarbeiter\w*|verstärkung|"
         r"personal|azubis?|fahrlehrer\w*)\s+(?:sucht|suchen|braucht|brauchen)\b",
         r"\b(?:personalzimmer|mitarbeiterzimmer|lohnvorstellung|gehaltsvorstellung|lohnvorstellig|"
         r"arbeitsprobe|probearbeiten|quereinsteiger\w*)\b",
         r"\bstell\w?\s+(?:no|noch)\s+offe\w*"),
        ("nein danke, bin fahrlehrer und suche ab oktober ne neue stelle im raum regensburg",
         "ich bin spanischlehrerin und wollte fragen ob sie honorarkräfte suchen",
         "und gits personalzimmer? ich chum us de ostschwiiz",
         "ich ha gseh dass ihr en jungkoch suechet, isch die stell no offe?"),
        negatives=("wir suchen eine neue lösung für die stellenanzeigen",),
        slot="need", value={"has_need": False, "kind": "applicant"},
    ),
    Family(
        "nonbuyer.student",
        (r"\bich\s+bin\s+(?:\w+\s+)?\w*student(?:in)?\b",
         r"\b\w*(?:master|bachelor)student(?:in)?\b",
         r"\bumfrage\s+(?:bei|unter|zu|zum|über)\b", r"\b(?:schul|uni)projekt\b",
         r"\b(?:interview|befragung)\s+für\s+(?:meine|die)\s+(?:arbeit|studie|thesis)\b"),
        ("Grüezi, ich bin Masterstudentin an der ETH und mache eine Umfrage bei Installateuren",
         "hallo, ich bin Schüler und mach ein Schulprojekt über Handwerk"),
        negatives=("unsere Tochter ist Studentin und zieht aus",),
        slot="need", value={"has_need": False, "kind": "student"},
    ),
    Family(
        "nonbuyer.wrong_number",
        (r"\bfalsche[ns]?\s+(?:fenster|tab|app|chat|link)\b",
         r"\b(?:seite|website|webseite|name)\s+sah\s+(?:\w+\s+)?ähnlich\s+aus\b",
         r"\bgoogle\s+hat\s+mich\s+(?:hier(?:her)?|zu\s+(?:euch|ihnen))\s+geschickt"),
        ("oh sorry!! falsches fenster offen gehabt", "oh peinlich, die seite sah ähnlich aus. danke",
         "oh mist sorry, google hat mich hierher geschickt"),
        negatives=("die farbe sah ähnlich aus wie bei den nachbarn und wir wollen sie wieder",),
        slot="need", value={"has_need": False, "kind": "wrong_number"},
    ),
    Family(
        "nonbuyer.spam",
        (r"(?:sie\s+haben|du\s+hast)\s+(?:\w+\s+){0,3}gewonnen", r"\bversandgebühr\s+(?:von\s+)?[\d,.]+",
         r"\bverdienen\s+sie\s+(?:\w+\s+){0,2}[\d.]+", r"\bohne\s+schufa\b", r"\btrading[-\s]?bot\b",
         r"\b(?:ihr\s+)?konto\s+wurde\s+gesperrt\b",
         r"\bbestätigen\s+sie\s+(?:jetzt\s+)?(?:ihre\s+daten|um)\b",
         r"\b(?:jetzt|hier)\s+klicken\b", r"\bklicken\s+sie\s+(?:jetzt\s+)?hier\b", r"\bbit\.ly/",
         r"\bgarantiert\s+platz\s+(?:1|eins)\b", r"\b\d[\d.]*\s+(?:echte\s+)?follower\b"),
        ("Herzlichen Glückwunsch! Sie haben ein iPhone 17 gewonnen 🎉 Jetzt Versandgebühr von 1,99€ zahlen",
         "Verdienen Sie 5.000€ pro Woche von zu Hause!! Jetzt klicken: bit.ly/3xQwErT",
         "Kredit ohne Schufa!!! Bis 50.000 € Sofortauszahlung.",
         "Ihr Konto wurde gesperrt. Bitte bestätigen Sie Ihre Daten unter http://sicher-login-verify.com",
         "Boost your Instagram 🔥 10.000 echte Follower nur 49€!"),
        negatives=("wir haben letztes jahr einen preis gewonnen und wollen jetzt eine neue website",),
        slot="need", value={"has_need": False, "kind": "spam"},
    ),
    # --- Budget: what a figure is said to be -------------------------------------------------
    Family(
        "negation.chat",
        # Chat and dialect spellings of "nicht": "will ich nich ausgeben", "geht ned", "gönd nöd".
        (r"nich", r"ned", r"net", r"nöd", r"nid", r"nit"),
        ("will ich nich ausgeben", "mehr geht ned", "gönd nöd"),
        negatives=("nicht", "netto", "nicholas"),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "budget.ceiling_said",
        # After a figure, that it is the ceiling: "2000 wär die schmerzgrenze", "150 is aber echt
        # das maximum", "10.000, das ist das maximum".
        (r"(?:ist|is|isch|wär|wäre|wärs|wär's)\s+(?:\w+\s+){0,3}(?:die|das|meine|unsere|unser|mein)\s+"
         r"(?:absolute\s+)?(?:schmerzgrenze|obergrenze|grenze|maximum|limit)",),
        ("2000 wär echt die grenze", "150 is aber echt das maximum", "das wäre die schmerzgrenze"),
        negatives=("die grenze zu österreich",),
    ),
    Family(
        "budget.other_offer",
        # Another provider's price or the old one's: a reference, not the lead's budget.
        (r"(?:andere[nmrs]?|andern|alte[nmrs]?|vorherige[nmrs]?|frühere[nmrs]?|jetzige[nmrs]?|"
         r"bisherige[nmrs]?)\s+(?:anbieter|firma|studio|praxis|laden|werkstatt|agentur|schule|"
         r"angebot|händler|betrieb|salon|klinik|handwerker|maler|typ|fitnessstudio|gym|büro|kanzlei)",
         r"die\s+(?:konkurrenz|anderen)"),
        ("im andern studio zahl i 29,90", "die jetzige firma nimmt 1.850 im monat",
         "der alte anbieter wollte 400"),
        negatives=("ein anderes problem", "andere frage"),
    ),
    Family(
        "budget.too_much",
        # A figure called too much is no budget: "129 zahl ich sicher nicht", "1180 is über meinem
        # limit", "6k ist zu viel".
        (r"zu\s+(?:viel|teuer|happig)\b", r"(?:über|ueber)\s+(?:meinem|unserem)\s+(?:limit|budget|rahmen)",
         r"zahl(?:e|en)?\s+(?:ich|wir)\s+(?:sicher|bestimmt|garantiert|auf\s+keinen\s+fall)\s+nicht",
         r"(?:echt|ganz\s+schön|ziemlich)\s+(?:viel|happig|teuer|heftig)"),
        ("129 zahl ich sicher nicht", "1180 is über meinem limit", "das ist echt viel"),
        negatives=("zu vielen terminen",),
    ),
    Family(
        "budget.money_at_hand",
        # Money the lead has for this: "hab 2000 gespart", "krieg 1500 zusammen".
        (r"gespart", r"zurückgelegt", r"auf\s+der\s+(?:seite|hohen\s+kante)", r"beiseite",
         r"zusammen(?:kratzen|bekommen|kriegen|kriege|krieg)",
         r"(?:krieg|kriege|bekomm|bekomme)\s+(?:ich\s+)?(?:\w+\s+){0,3}zusammen"),
        ("2000 hab ich gespart", "1500 krieg ich zusammen", "auf der hohen kante"),
        negatives=("zusammen entscheiden",),
    ),
    Family(
        "budget.bill",
        # A bill the lead already has: "rechnung über 349", "rechnungsbetrag war 18.900".
        (r"rechnung\w*", r"abgebucht", r"mahnung", r"verlängerung\s+(?:kostet|für)"),
        ("rechnungsbetrag war 18.900", "die rechnung über 412,30 €"),
        negatives=("budgetbetrag",),
    ),
    Family(
        "budget.whole",
        # A sum for more than this purchase: "Gesamtbudget fürs Fest", "20.000 für alle Trainings".
        (r"gesamtbudget\w*", r"für\s+alles", r"für\s+alle\s+\w+", r"fürs?\s+(?:ganze|gesamte)\s+\w+",
         r"insgesamt\s+für\s+alles"),
        ("Gesamtbudget fürs Fest ca. CHF 45'000", "20.000 € für alle Trainings"),
    ),
    Family(
        "budget.per_unit",
        # A price per person or piece beside the total it makes: "50 pro person, also 1750".
        (r"(?:pro|je|per)\s+(?:kopf|person|mitarbeiter\w*|nutzer|teilnehmer\w*|gast|stück|platz|lizenz)",),
        ("so 50 pro person", "6 euro pro mitarbeiter"),
    ),
    Family(
        "budget.lender",
        # What the bank would lend is its figure, not the lead's budget: "die bank hat uns bis
        # 250.000 zugesagt, ausgeben will ich eher 150-180".
        (r"(?:bank|kredit\w*|finanzierung\w*)\s+(?:\S+\s+){0,4}(?:zugesagt|bewilligt|genehmigt)",
         r"finanzierungszusage", r"kreditzusage"),
        ("die bank hat uns bis 250.000 zugesagt", "finanzierungszusage über 400.000"),
    ),
    Family(
        "budget.approval_above",
        # Someone else approves above a figure: the figure is a limit of authority, no budget.
        (r"(?:genehmigt|entscheidet|unterschreibt|freigeben\s+muss)\s+(?:\w+\s+){0,2}(?:alles|alle\s+\w+)\s+"
         r"(?:über|ab|oberhalb)",),
        ("der chef genehmigt alles über 2.000", "die GF entscheidet alles ab 5k"),
    ),
    Family(
        "budget.one_off_words",
        # Paid once, before: "1500 vorab".
        (r"vorab", r"im\s+voraus"),
        ("1500 vorab", "im voraus"),
    ),
)
