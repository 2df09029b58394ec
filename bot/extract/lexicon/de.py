"""German: word lists and phrase families (see bot.extract.lexicon)."""

from __future__ import annotations

from bot.extract.lexicon import Family

DM = {"level": "decision_maker"}
APPLICANT = {"has_need": False, "kind": "applicant"}
VENDOR = {"has_need": False, "kind": "vendor"}
SUPPORT = {"has_need": False, "kind": "support"}
WRONG = {"has_need": False, "kind": "wrong_number"}
INF = {"level": "influencer"}

NEGATIONS = ("nicht", "kein", "keine", "keinen", "nie", "niemals", "nö", "nee")
HEDGES = ("vielleicht", "eventuell", "evtl", "möglicherweise", "ungefähr", "ca", "circa", "etwa",
          "so um die", "grob", "schätzungsweise")
PAST_MARKERS = ("hatten", "hatte", "waren", "war", "früher", "damals", "letztes jahr", "vorher")
# Quantifiers that make "hundert"/"tausend" an order of magnitude: "n paar hundert euro".
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
FEW = ("ein paar", "'n paar", "n paar", "paar", "einige", "mehrere", "etliche", "ein oder zwei")

FAMILIES = (
    Family(
        "authority.owns_object", "authority", DM,
        (r"(?:das|unser|mein)\s+(?:haus|wohnung|auto|objekt|grundstück|dach|geschäft|laden)\s+"
         r"gehört\s+(?:mir|uns)",
         r"gehört\s+(?:mir|uns)\s+(?:allein|alleine|zusammen|beiden|gemeinsam)",
         r"(?:ist|isch)\s+(?:mein|unser)\s+(?:eigenes?\s+)?(?:haus|eigenheim|eigentum)",
         r"mir\s+gh?ört\s+s?\s*allei",
         r"eigenheim|eigentumswohnung|wir\s+sind\s+(?:beide\s+)?(?:eigentümer|besitzer)",
         r"je\s+zur\s+hälfte"),
        ("eigenheim, das haus gehört uns", "ja, einzelfirma, gehört mir allein",
         "ist mein eigenes Haus", "ja je zur hälfte"),
    ),
    Family(
        "authority.pays_self", "authority", DM,
        (r"(?:zahl|zahle|bezahl|bezahle)\s+(?:ich|wir)\s+(?:das\s+)?(?:selbst|selber|schon)",
         r"(?:ich|wir)\s+(?:zahl|zahle|zahlen|bezahl|bezahle|bezahlen)\s+(?:das\s+)?(?:selbst|selber)",
         r"zahlen\s+tu(?:e|n)?\s+(?:ich|wir)"),
        ("so 600-800 euro insgesamt, zahl ich selbst", "passt. zahlen tun wir eh"),
    ),
    Family(
        "authority.decides_self", "authority", DM,
        (r"ich\s+entscheid(?:e)?\s+(?:das|des|alles)\b", r"(?:das\s+)?entscheid(?:e)?\s+i\b",
         r"bin\s+(?:der|die)\s+chef(?:in)?\b"),
        ("Pächter, ja. Ich entscheid das.", "ja egal!! bin der chef, unterschreib alles"),
    ),
    Family(
        "authority.approves_within_limit", "authority", DM,
        (r"(?:ich\s+)?darf\s+(?:das\s+|es\s+)?(?:bis\s+(?:zu\s+)?(?:\S+\s+){1,3})?(?:selbst|selber|allein)\s+"
         r"(?:freigeben|vergeben|entscheiden|beauftragen|bestellen)",
         r"(?:das\s+)?läuft\s+über\s+meinen\s+tisch",
         r"(?:ich\s+und\s+mei(?:ne?)?\s+(?:frau|mann|partner\w*)|mei(?:ne?)?\s+(?:frau|mann)\s+und\s+i(?:ch)?)\b"),
        ("ich bin HR-Referentin, ich darf bis 10k selbst freigeben",
         "ich bin die Ordinationsleiterin und darf das bis 2.000 im Monat selbst vergeben",
         "ja eigentum, ich und mei frau"),
        counter_examples=("ich entscheide das nicht allein",),
    ),
    Family(
        "authority.gathers_quotes", "authority", INF,
        (r"(?:sammel|sammle|hol|hole|einholen|vergleiche|vergleichen)\s+(?:\w+\s+){0,2}"
         r"(?:angebote|offerten|optionen)",
         r"(?:angebote|offerten)\s+(?:\w+\s+)?(?:einholen|sammeln|vergleichen)",
         r"(?:beschluss|entscheidung|freigabe)\s+(?:\w+\s+){0,3}(?:eigentümerversammlung|"
         r"versammlung|eigentümerin|eigentümer|gemeinderat|vorstand|partner)",
         r"freigabe\s+macht\s+(?:der|die|das|unser\w*)\s+\w+"),
        ("Ich bin die MFA und sammel nur die Angebote",
         "Beschluss muss die Eigentümerversammlung fassen, die ist am 22.10.",
         "Freigabe macht die Eigentümerin, bei Beträgen über 5.000 € sowieso."),
    ),
    Family(
        "authority.owner_or_landlord_decides", "authority", INF,
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
    ),
    Family(
        "need.applicant", "need", APPLICANT,
        (r"(?:initiativ\s+)?bewerben|bewerbung|(?:ist|wäre)\s+die\s+stelle\s+(?:noch\s+)?frei|"
         r"(?:such|suche|suchen)\s+(?:\w+\s+){0,2}(?:stelle|job|ausbildungsplatz|lehrstelle|praktikum|"
         r"praktikumsplatz|nebenjob|minijob)|(?:nehmt|nehmen)\s+(?:ihr|sie)\s+(?:noch\s+)?(?:wen|azubis|"
         r"praktikanten|leute)\s+auf|(?:sucht|suchen)\s+(?:ihr|sie)\s+(?:\w+\s+){0,2}(?:mitarbeiter|"
         r"verstärkung|koch|köchin|azubis?|werkstudent\w*)|ihr\s+sucht\s+(?:einen|eine|jemanden)",),
        ("grüezi, ich bin dentalassistentin EFZ und würde mich gerne initiativ bewerben",
         "hi ich such nen ausbildungsplatz als dachdecker ab august",
         "Hallo, nein, ich hab gesehen ihr sucht einen Koch für die Sommersaison."),
    ),
    Family(
        "need.vendor", "need", VENDOR,
        (r"interesse\s+an\s+(?:einer\s+)?(?:partnerschaft|kooperation|zusammenarbeit)|"
         r"(?:wir|ich)\s+(?:bieten|vermitteln|liefern)\s+(?:\w+\s+){0,4}(?:an|für\s+(?:praxen|betriebe|"
         r"unternehmen|handwerker|firmen))\b|(?:darf|dürfte)\s+ich\s+ihnen\s+(?:\w+\s+){0,2}"
         r"(?:ein\s+)?(?:unverbindliches\s+)?angebot\s+(?:\w+\s+){0,2}(?:schicken|senden|zukommen)",),
        ("Interesse an einer Partnerschaft?",
         "Darf ich Ihnen trotzdem ein unverbindliches Angebot per Mail schicken?"),
    ),
    Family(
        "need.support", "need", SUPPORT,
        (r"(?:wir\s+sind|ich\s+bin)\s+(?:schon|bereits)\s+kunde|(?:wir\s+sind|ich\s+bin)\s+kunde\s+bei|"
         r"(?:wartungsvertrag|vertrag|anlage)\s+(?:\w+\s+){0,2}(?:bei|von)\s+euch|"
         r"(?:kundennummer|mitgliedsnummer|vertragsnummer|auftragsnummer)",),
        ("Wir sind schon Kunde. Seit dem Update gestern lässt sich der Kalender nicht öffnen.",
         "guten morgen, wir haben einen wartungsvertrag bei euch (kanzlei dr. reuter)."),
    ),
)
