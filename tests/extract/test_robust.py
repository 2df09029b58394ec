"""Hostile input: markup, emoji, huge and absurd messages never raise or invent facts."""

import io
import json
from datetime import datetime

import pytest

from bot.cli.extract import main
from bot.extract import extract_text, resolve

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def facts(text: str) -> dict:
    candidates = extract_text(text, AT)
    for c in candidates:
        assert text[c.span[0]:c.span[1]] == c.quote
    return {slot: (c.value if c else None) for slot, c in resolve(candidates).items()}


@pytest.mark.parametrize(
    "text",
    ['<script>var budget = 50000; alert("Budget: 20k EUR, start ASAP")</script>Hallo',
     '<div data-budget="5000 €" title="Q3 2026">Hi</div>',
     "<!-- Budget 10k, Geschäftsführer --> Hallo",
     "Visit https://example.com/pricing?budget=5000&start=2026-05-01 now",
     "mail me at ceo.budget5000@example.com"],
)
def test_no_fact_from_markup_urls_or_addresses(text):
    assert all(value is None for value in facts(text).values())


def test_text_outside_markup_still_counts():
    result = facts("<p>Unser Budget liegt bei 8.000 €</p><br/>😀 Start im Mai 🚀")
    assert result["budget"]["min"] == 8000 and result["budget"]["currency"] == "EUR"
    assert result["timing"]["deadline"] == "2026-05-01"


@pytest.mark.parametrize(
    "text",
    ["1000000000000 dollars lol", "Budget: 99999999999999999999999 EUR", "9" * 200,
     "x" * 10_000, "1." * 5000, "zwischen " * 1100, ("a" * 70 + " ") * 140,
     "€€€€€ $$$$ 1 2 3 4 € k k k Tsd Mio " * 290, "\x00\ufeff\u202e Budget \u200b"],
)
def test_absurd_or_huge_input_gives_no_budget(text):
    assert facts(text)["budget"] is None


def test_long_message_keeps_facts_and_spans():
    text = "Wir haben ein Problem mit unserem CRM. " * 200 + "Budget: 12.000 € im Jahr."
    result = facts(text)
    assert result["need"]["has_need"] is True
    assert result["budget"]["min"] == 12000 and result["budget"]["period"] == "year"


def test_cases_cli_prints_one_prediction_per_case(tmp_path, capsys):
    cases = tmp_path / "cases.jsonl"
    case = {"id": "t-1", "reference_time": "2026-03-10T10:00:00+01:00",
            "messages": [{"role": "lead", "text": "Budget: ca. 20k, Start Ende Q2."}]}
    cases.write_text(json.dumps(case) + "\n\n", encoding="utf-8")
    assert main(str(cases)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    prediction = json.loads(lines[0])
    assert prediction["id"] == "t-1" and prediction["authority"] is None
    assert prediction["budget"]["min"] == 20000 and prediction["budget"]["quote"] in case[
        "messages"][0]["text"]
    assert prediction["timing"] == {**prediction["timing"], "horizon": "soon",
                                    "deadline": "2026-06-30"}


def test_cases_cli_reports_bad_json_line_without_traceback(tmp_path, capsys):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "a", "messages": []}\n{not json\n', encoding="utf-8")
    assert main(str(cases), out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "Traceback" not in err


def test_cases_cli_reports_missing_file(tmp_path, capsys):
    assert main(str(tmp_path / "missing.jsonl")) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("text", [
    "Link: https://example.com/a?b=1 und WWW.Example.de", "mail an a.b+c@d-e.co.uk bitte",
    "ruf an: +49 171 1234567 oder 0049 30 123456", "Büro 030/1234 567", "call (555) 123-4567 or 555.123.4567",
    "Tel.: 0221 987654", "> zitiert 5.000 €\nmeins",
])
def test_markup_urls_addresses_phones_and_quotes_are_blanked_in_place(text):
    from bot.extract.scan import prepare
    s = prepare(text)
    assert len(s) == len(text) and s != text
    for kept in ("Link", "mail an", "ruf an", "Büro", "call", "meins"):
        assert (kept in s) == (kept in text)
