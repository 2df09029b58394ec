"""Budget rules: amounts, ranges, bounds, currencies, periods, and what is not a budget."""

from datetime import datetime

import pytest

from bot.extract import extract_text, resolve

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def budget(text: str, asked: str | None = None) -> dict | None:
    fact = resolve(extract_text(text, AT, asked))["budget"]  # type: ignore[arg-type]
    return None if fact is None else dict(fact.value)


@pytest.mark.parametrize(
    ("text", "low", "high", "currency", "period"),
    [
        ("Unser Budget liegt bei 5.000 Euro im Monat.", 5000, 5000, "EUR", "month"),
        ("Wir haben ein Jahresbudget von 60.000 €.", 60000, 60000, "EUR", "year"),
        ("Wir können maximal 3.000 EUR ausgeben.", None, 3000, "EUR", None),
        ("Das Budget beträgt zwanzigtausend Euro.", 20000, 20000, "EUR", None),
        ("Budget: 25 Tsd. einmalig", 25000, 25000, None, "one_off"),
        ("Wir haben ca. 50 TEUR eingeplant.", 50000, 50000, "EUR", None),
        ("Ab 10.000 € aufwärts ist alles möglich.", 10000, None, "EUR", None),
        ("Mehr als 2.000 € im Monat können wir nicht zahlen.", None, 2000, "EUR", "month"),
        ("Preisrahmen: 500-1.000 € monatlich", 500, 1000, "EUR", "month"),
        ("Wir haben dafür zwischen 3 und 5 Tausend Euro eingeplant.", 3000, 5000, "EUR", None),
        ("Das Budget beläuft sich auf ungefähr 10 000 Euro jährlich.", 10000, 10000, "EUR", "year"),
        ("Wir dachten an etwa 1,5 Mio. über drei Jahre.", 1_500_000, 1_500_000, None, None),
        ("Wir haben 5.000,- € im Topf.", 5000, 5000, "EUR", None),
        ("We have a budget of $15,000 per year.", 15000, 15000, "USD", "year"),
        ("We can spend up to 5k a month.", None, 5000, None, "month"),
        ("Somewhere between 20 and 30 thousand dollars.", 20000, 30000, "USD", None),
        ("Around fifteen thousand euros, one-off.", 15000, 15000, "EUR", "one_off"),
        ("We're thinking 10-15k annually.", 10000, 15000, None, "year"),
        ("Our budget is 2,500 GBP monthly.", 2500, 2500, "GBP", "month"),
        ("Not more than 1,000 bucks.", None, 1000, "USD", None),
        ("Maximum 20 grand.", None, 20000, None, None),
        ("We've set aside 40k for this project.", 40000, 40000, None, None),
        ("Budget is around 7.5k.", 7500, 7500, None, None),
        ("Our CRM costs us 300 a month and we'd pay up to 500 for something better.",
         None, 500, None, None),
    ],
)
def test_amounts_are_normalised(text, low, high, currency, period):
    value = budget(text)
    assert value is not None, text
    assert (value["min"], value["max"], value["currency"], value["period"]) == (
        low, high, currency, period)
    assert value["has_budget"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben 35 Mitarbeiter und machen 4 Mio. Umsatz im Jahr.",
        "Wir geben monatlich 5.000 € für Google Ads aus.",
        "Ich kann bis 10.000 € selbst freigeben, darüber entscheidet der Vorstand.",
        "Rufen Sie mich an unter 0171 1234567.",
        "Wir nutzen Version 3.2 von HubSpot.",
        "Seit 2019 sind wir am Markt.",
        "Wir haben monatlich ca. 300 Anfragen über die Website.",
        "We have 200 employees and 50,000 monthly visitors.",
        "We spend 10k a month on Facebook ads.",
        "Our revenue is about $5M.",
        "I can approve anything up to 5,000 without my boss.",
        "Call me at +1 555 123 4567.",
        "1000000000000 dollars lol",
        "Version 2.0 unserer Website geht am 15. Mai live.",
        "We have 3 locations and 40 staff.",
    ],
)
def test_numbers_that_are_no_budget(text):
    assert budget(text) is None


@pytest.mark.parametrize(
    ("text", "has_budget"),
    [
        ("Wir haben momentan kein Budget dafür.", False),
        ("Dafür ist kein Geld eingeplant.", False),
        ("Das können wir uns nicht leisten.", False),
        ("We don't have a budget for this yet.", False),
        ("No budget at the moment, sorry.", False),
        ("Budget ist vorhanden.", True),
        ("Geld spielt keine Rolle.", True),
        ("Money is no object.", True),
        ("Budget isn't an issue.", True),
    ],
)
def test_budget_statements_without_amount(text, has_budget):
    value = budget(text)
    assert value == {"has_budget": has_budget, "min": None, "max": None, "currency": None,
                     "period": None}


def test_amount_wins_over_pending_approval_in_the_same_message():
    value = budget("Budget ist beantragt, aber noch nicht freigegeben. Rechnen Sie mit rund "
                   "7.500 Euro.")
    assert value is not None and value["min"] == 7500 and value["has_budget"] is True


@pytest.mark.parametrize(
    ("text", "low", "period"),
    [("so 2000 im Monat", 2000, "month"), ("15k", 15000, None),
     ("ca. 500 pro Monat", 500, "month"), ("about 3 grand", 3000, None)],
)
def test_bare_figures_count_after_a_budget_question(text, low, period):
    value = budget(text, "budget")
    assert value is not None and value["min"] == low and value["period"] == period


def test_a_bare_figure_without_question_or_currency_is_no_budget():
    assert budget("so 2000 im Monat") is None


def test_head_count_is_no_budget_even_after_a_budget_question():
    assert budget("50 Nutzer", "budget") is None


def test_quote_shows_the_amount_and_its_period():
    fact = resolve(extract_text("It's a one-off project, we can spend up to €12,500.", AT))
    quote = fact["budget"].quote  # type: ignore[union-attr]
    assert "€12,500" in quote and "one-off" in quote
