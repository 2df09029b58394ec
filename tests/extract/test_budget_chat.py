"""Budget in website chat: figures read in the light of the conversation (rules alone).

Each case is a short exchange; the expected value is what a careful setter would note.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.extract import extract_with, resolve
from bot.types import Message

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def budget(*turns: str) -> dict | None:
    """The resolved budget of a chat given as alternating bot/lead texts (bot first)."""
    messages = [Message("bot" if i % 2 == 0 else "lead", text, AT) for i, text in enumerate(turns)]
    fact = resolve(extract_with(messages, AT, None))["budget"]
    return None if fact is None else dict(fact.value)


def figures(value: dict | None) -> tuple | None:
    return None if value is None else (value["min"], value["max"])


@pytest.mark.parametrize(("bot", "lead"), [
    ("Haben Sie ein Budget im Kopf?", "hm n paar hundert euro vielleicht?"),
    ("Do you have a budget in mind?", "a few grand? no idea really"),
    ("What could you spend on this?", "maybe a few hundred a month"),
    ("Was darf es kosten?", "einige tausend hab ich zur seite gelegt"),
])
def test_a_few_hundred_is_a_budget_without_a_figure(bot, lead):
    value = budget(bot, lead)
    assert value is not None and value["has_budget"] is True
    assert figures(value) == (None, None)


@pytest.mark.parametrize(("bot", "lead"), [
    ("Roughly how big is the room?", "about 3.2 x 2.8m"),
    ("What can we do for you?", "the shed roof is leaking, its 4m x 2m"),
    ("Wie groß ist die Fläche?", "so 3,85 m breit und 5 m lang"),
])
def test_dimensions_are_metres_not_millions(bot, lead):
    assert budget(bot, lead) is None


@pytest.mark.parametrize(("bot", "lead", "expected"), [
    # A ceiling of 2000 is no year in 2026.
    ("Passt das in Ihr Budget?", "ja, bis 2000 wär auch ok", (None, 2000)),
    # Lower-case chat: the dot before "is" ends the sentence; 400 is no ordinal.
    ("Our package is £600 a month.", "hmm we were thinking 300-400. is there anything smaller", (300, 400)),
    # Someone else's figure and today's cost are references, the lead's own figure counts.
    ("Any budget in mind?", "my neighbour paid 900 for his. we'd like to stay under 700", (None, 700)),
    ("Any budget in mind?", "we pay about 250 a month now. would go up to 400 for something better",
     (None, 400)),
    ("Was möchten Sie ungefähr ausgeben?", "ein freund zahlt 60 im monat, ich würde max 80 zahlen",
     (None, 80)),
    # A bare figure beside a large one is in its unit.
    ("Welcher Preisrahmen?", "bis 300.000, lieber 250", (250_000, 300_000)),
    ("What premium would you like to stay under?", "ideally 12k, absolute max 14", (12_000, 14_000)),
])
def test_figures_in_context(bot, lead, expected):
    assert figures(budget(bot, lead)) == expected


@pytest.mark.parametrize(("bot", "lead", "expected"), [
    # After the bot named a price, the lead's figure is a budget statement.
    ("Die Grundreinigung kostet bei uns 180 €.", "oh, ich wollte eigentlich nicht mehr als 150 ausgeben",
     (None, 150)),
    ("A full set of photos is $900.", "ugh. we were hoping under 600 tbh", (None, 600)),
    # The bot's price said back beside the lead's own figure is the bot's.
    ("The starter session is $180.", "180 is ok, I was going to spend up to 250 anyway", (None, 250)),
])
def test_a_figure_answering_the_bots_price(bot, lead, expected):
    value = budget(bot, lead)
    assert figures(value) == expected
    assert value is not None and value["currency"] in ("EUR", "USD")  # the bot's currency


def test_a_currency_named_later_completes_the_figure():
    value = budget("Do you have a monthly budget?", "around 800 a month",
                   "Is that in pounds?", "yes pounds")
    assert value is not None and value["currency"] == "GBP" and figures(value) == (800, 800)


@pytest.mark.parametrize(("bot", "lead"), [
    ("Die Anfahrt kostet 79 €. Passt das?", "passt, kommen sie bitte schnell"),
    ("Die Sitzung kostet 70 € privat. Wäre das in Ordnung?", "ok, ist es mir wert"),
])
def test_accepting_the_bots_price_is_a_budget(bot, lead):
    value = budget(bot, lead)
    assert value is not None and value["has_budget"] is True


@pytest.mark.parametrize(("bot", "lead"), [
    ("Was zahlen Sie derzeit im Monat?", "so 400 im monat"),
    ("What are you paying for it now?", "about 90 a month"),
    ("We do have a room. Rent is £600/month.", "ok cool, who do I talk to?"),
])
def test_todays_cost_and_the_bots_statement_are_no_budget(bot, lead):
    assert budget(bot, lead) is None


@pytest.mark.parametrize(("bot", "lead", "expected"), [
    # A lower bound the clause rules out is a ceiling, also in dialect.
    ("Die Stunde kostet 55 €.", "mehr als 100 im monat für die hundeschule will ich insgesamt nicht ausgeben",
     (None, 100)),
    ("Was wäre Ihr Rahmen?", "mehr ois 150 im monat zahln ma ned", (None, 150)),
    ("Mit welchem Budget rechnen Sie?", "mehr als 100 im monat will ich eigentlich nich ausgeben",
     (None, 100)),
    ("What could you spend?", "i'd rather not spend over 2.5k", (None, 2500)),
    ("Any budget in mind?", "pls dont go over like 180 total", (None, 180)),
    # Stretching names the ceiling of a range.
    ("Our rate is £220/day, probably 4 days.", "we'd budgeted 800 but can stretch to 1000 i guess",
     (800, 1000)),
    # Number words: "between three and four thousand" is a range, "a grand" a thousand.
    ("Packages range from $3,800 to $7,200.",
     "we were hoping to stay somewhere between three and four thousand", (3000, 4000)),
    ("It's usually £600–£1,100 a year.", "ok, id want to keep it under a grand a year then", (None, 1000)),
    # Swiss francs written "Fr." and the Swiss range word.
    ("Haben Sie sich preislich etwas vorgestellt?", "so öppe 2'000 Fr., maximal 2'500 Fr.", (2000, 2500)),
    ("Das kostet CHF 55'000 bis 70'000.", "mir hend zwüsche 40 und 50 tuusig igplant", (40_000, 50_000)),
    # An expert's estimate is a reference; the lead's own ceiling counts.
    ("Haben Sie ein Budget?", "Mein Architekt meinte, 30-40 tausend. Mehr als 35000 will ich nicht ausgeben.",
     (None, 35_000)),
])
def test_ceilings_ranges_and_references_in_chat(bot, lead, expected):
    assert figures(budget(bot, lead)) == expected


@pytest.mark.parametrize(("bot", "lead"), [
    # The lead working out the bot's price is asking, not stating a budget.
    ("Private hire is £14 per head with a £900 minimum.", "so thats like 980?"),
    # An age, a seller's floor, an insurer's share, the lead's own vendor price.
    ("Our frames start at $150.", "ok cool. how much are progressives? im 52 lol"),
    ("Haben Sie eine Preisvorstellung?", "unter 480.000 geb ichs nicht her"),
    ("Treatment runs $3,500–$6,000.", "my insurance covers like 1500 of it i think"),
    ("Danke. Was bieten Sie an?", "Unsere Lizenz startet bei CHF 89.– pro Anwalt und Monat."),
    ("Wie viele Mitarbeiter und Belege haben Sie?", "8 mitarbeiter, ca 400 belege, umsatz so 1,2 mio"),
])
def test_figures_that_are_not_the_leads_budget(bot, lead):
    assert budget(bot, lead) is None


def test_paying_nothing_is_no_budget():
    value = budget("Die Elektrik ist Sache des Vermieters.",
                   "ich zahl da jedenfalls nix, das muss der vermieter übernehmen")
    assert value is not None and value["has_budget"] is False


@pytest.mark.parametrize(("bot", "lead", "expected"), [
    # A lower bound the lead then rules out is a ceiling, in chat and dialect spelling too.
    ("Was möchten Sie im Monat ausgeben?", "mehr als 100 im monat will ich nich ausgeben", (None, 100)),
    ("Wie viel möchten Sie ausgeben?", "mehr wie 35 im monat will i ned ausgeben", (None, 35)),
    ("What could you spend?", "i dont want to go much over 1000 in total", (None, 1000)),
    # The ceiling said after the figure, or as how far the lead can go.
    ("Do you have a budget?", "ok, 3k€ would be the upper end for us", (None, 3000)),
    ("Wie hoch darf es sein?", "hm, also 2000 wär echt die grenze", (None, 2000)),
    ("What's your monthly budget?", "we can go to 450/month if the mobile app is good", (None, 450)),
    # Another provider's offer or the old one's price is a reference, not the lead's budget.
    ("What budget did you have in mind?",
     "another agent offered £1.5k flat. wouldnt want to pay more than 2k", (None, 2000)),
    ("Wie viel möchten Sie ausgeben?", "im andern studio zahl i 29,90.. mehr wie 35 will i ned", (None, 35)),
    # A sum for more than this purchase yields to the share named for it.
    ("What's your budget for the venue?", "we have 12k for the whole event, so venue can't be more than 6",
     (None, 6000)),
    ("What's your budget?", "our wellness budget for the year is 5000 CAD total but thats for everything, "
     "so realistically 2-2.5k of it for yoga", (2000, 2500)),
    # Money at hand is a budget.
    ("Do you have a budget?", "the retainer is a lot, i have maybe 2000 saved", (2000, 2000)),
])
def test_ceilings_references_and_shares(bot, lead, expected):
    assert figures(budget(bot, lead)) == expected


@pytest.mark.parametrize(("bot", "lead"), [
    # Phone numbers after the budget question are no amounts.
    ("What budget did you have in mind?", "call me, (555) 123-4567"),
    ("What budget did you have in mind?", "no idea, Dr. Patel handles money stuff, his cell is 555-0142"),
    # The bot's price said back alone is the bot's figure.
    ("The after-hours diagnostic is $189. Tonight or tomorrow?", "tonight if u can, 189 is fine whatever"),
    # A figure called too much, a bill the lead already has.
    ("Any budget in mind?", "honestly 6k is a lot"),
    ("Was darf es kosten?", "129 zahl ich sicher nicht"),
    ("How can we help?", "our invoice for august is 349 EUR, can someone check this please"),
])
def test_phones_the_bots_price_and_refused_figures_are_no_budget(bot, lead):
    value = budget(bot, lead)
    assert value is None or (value["min"], value["max"]) == (None, None)


@pytest.mark.parametrize(("bot", "lead", "expected"), [
    # What a lender would lend is its figure; the lead's own wish is read in its unit.
    ("What price range are you looking at?", "yes first time buyers!! we're preapproved for 380k but want to "
     "stay around 330-350", (330_000, 350_000)),
    ("Welcher Preisrahmen?", "die bank hat uns bis 250.000 zugesagt, ausgeben will ich aber eher 150-180",
     (150_000, 180_000)),
    # A ceiling is a budget also when the bot asked something else.
    ("Die Schuhe gibt es in 3 Farben.", "naja für die kleine mach ichs, 90 is ok, mehr aber echt nicht",
     (None, 90)),
    ("Anything else?", "ok then total for both shouldnt be more than 15000", (None, 15000)),
])
def test_lenders_and_ceilings(bot, lead, expected):
    assert figures(budget(bot, lead)) == expected


def test_someone_approving_above_a_figure_states_no_budget():
    assert budget("Who decides?", "i'm the CEO, though the board approves anything over 50k a year") is None


def test_upfront_is_paid_once():
    value = budget("How would you like to pay?", "ok. i can do 1500 upfront max and the monthly is fine")
    assert figures(value) == (None, 1500) and value is not None and value["period"] == "one_off"
