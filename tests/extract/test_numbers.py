"""Number reading: German and English digit grouping, scale words and number words."""

import pytest

from bot.extract.numbers import de_word_value, en_word_value, find_numbers, parse_digits


@pytest.mark.parametrize(
    ("token", "value"),
    [("5.000", 5000), ("5,000", 5000), ("1,5", 1.5), ("1.5", 1.5), ("12.500", 12500),
     ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("10 000", 10000), ("5.000,-", 5000),
     ("1'000", 1000), ("0,75", 0.75), ("1.000.000", 1_000_000)],
)
def test_digit_grouping_in_both_conventions(token, value):
    assert parse_digits(token) == value


@pytest.mark.parametrize("token", ["1.2.3", "12.34.567", "1.2345.678"])
def test_malformed_grouping_is_no_number(token):
    assert parse_digits(token) is None


@pytest.mark.parametrize(
    ("word", "value"),
    [("zwanzigtausend", 20000), ("fünfzehntausend", 15000), ("zweitausendfünfhundert", 2500),
     ("dreihundert", 300), ("einundzwanzig", 21), ("zweieinhalbtausend", 2500),
     ("anderthalb", 1.5), ("fuenfzig", 50), ("hunderttausend", 100000)],
)
def test_german_number_words(word, value):
    assert de_word_value(word) == value


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("fifteen thousand", 15000), ("twenty-five thousand", 25000),
     ("two hundred and fifty thousand", 250000), ("a million", 1_000_000),
     ("one hundred", 100), ("two and a half million", 2_500_000)],
)
def test_english_number_words(phrase, value):
    assert en_word_value(phrase) == value


@pytest.mark.parametrize(
    ("text", "value", "quote"),
    [("1,5 Mio.", 1_500_000, "1,5 Mio."), ("20k", 20000, "20k"), ("25 Tsd.", 25000, "25 Tsd."),
     ("50 TEUR", 50000, "50 TEUR"), ("$2M", 2_000_000, "2M"), ("20 grand", 20000, "20 grand"),
     ("zwei Millionen", 2_000_000, "zwei Millionen"), ("half a million", 500000, "half a million"),
     ("eine halbe Million", 500000, "eine halbe Million")],
)
def test_scale_words_multiply_and_stay_in_the_span(text, value, quote):
    nums = find_numbers(text.lower())
    assert [(n.value, text[n.start:n.end]) for n in nums] == [(value, quote)]


@pytest.mark.parametrize("text", ["31.03.", "15.05.2026", "10:30", "5 km"])
def test_dates_times_and_metres_are_not_amounts(text):
    assert all(n.scale == 1 for n in find_numbers(text)) and not any(
        n.value in (31.03, 15052026, 10) for n in find_numbers(text))
