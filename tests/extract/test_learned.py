"""The learned layer: shipped offline, small, grounded, and only where it was chosen."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.extract import extract, extract_with, resolve
from bot.extract.learned.features import features
from bot.extract.learned.labels import examples
from bot.extract.learned.model import MODEL_PATH, load, shipped
from bot.types import Message

AT = datetime.fromisoformat("2026-05-14T09:12:00+02:00")


def chat(*turns: tuple[str, str]) -> list[Message]:
    return [Message(role, text, AT) for role, text in turns]  # type: ignore[arg-type]


def test_the_model_file_is_shipped_small_and_loads_without_pickle():
    assert MODEL_PATH.is_file() and MODEL_PATH.stat().st_size < 5_000_000
    model = load()
    heads = {"need", "authority", "timing", "budget", "kind", "period"}
    assert heads == set(model.heads)
    assert set(model.settings) <= heads


def test_probabilities_are_a_distribution_per_head():
    reading = shipped().predict("hi my boiler broke and the house is freezing", "need")
    for head, proba in reading.items():
        assert abs(sum(proba.values()) - 1.0) < 1e-4, head
        assert all(0.0 <= p <= 1.0 for p in proba.values())


def test_the_heads_asked_for_get_the_probabilities_all_heads_give_them():
    model = shipped()
    whole = model.predict("So 500 Euro im Monat, bis Ende Juni.", "budget", "Was ist Ihr Budget?")
    some = model.predict("So 500 Euro im Monat, bis Ende Juni.", "budget", "Was ist Ihr Budget?",
                         heads=["budget", "timing"])
    assert some == {"budget": whole["budget"], "timing": whole["timing"]}


def test_a_short_answer_is_read_by_the_model_for_the_asked_slot_only(monkeypatch):
    model = shipped()
    asked_for = []
    predict = model.predict

    def spy(*args, heads=None, **kwargs):
        asked_for.append(heads)
        return predict(*args, heads=heads, **kwargs)

    monkeypatch.setattr(type(model), "predict", lambda self, *a, **k: spy(*a, **k))
    chosen = [slot for slot in ("need", "authority", "timing", "budget") if slot in model.settings]
    assert "budget" in chosen
    extract(chat(("bot", "Was ist Ihr Budget?"), ("lead", "So 500 Euro im Monat.")))
    assert asked_for == [["budget"]]
    extract(chat(("bot", "Danke!"), ("lead", "Alles klar, danke schön.")))  # asked nothing
    assert asked_for == [["budget"]]  # short, and it answers no question: the model is not asked
    extract(chat(("lead", "Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.")))
    assert asked_for == [["budget"], chosen]  # a longer message: every slot the model may read


@pytest.mark.parametrize(("question", "answer"), [
    ("Hi! How can we help you today?", "hi my boiler broke last night and the house is freezing"),
    ("Hi there, how can we help?", "hi, my kitchen tap is leaking under the sink"),
])
def test_a_plain_chat_need_the_rules_miss_is_read_by_the_model(question, answer):
    messages = chat(("bot", question), ("lead", answer))
    assert resolve(extract_with(messages, AT, None))["need"] is None  # the rules alone miss it
    fact = resolve(extract(messages))["need"]
    assert fact is not None and fact.value["has_need"] is True and fact.source == "model"


def test_every_model_proposal_quotes_a_sentence_of_the_lead():
    messages = chat(("bot", "Hi! How can we help?"),
                    ("lead", "Hello there. Our garden fence came down in the storm. Can you fix it?"),
                    ("bot", "Who decides on this?"), ("lead", "thats me and my husband really"))
    for c in extract(messages):
        assert messages[c.message_index].role == "lead"
        assert messages[c.message_index].text[c.span[0]:c.span[1]] == c.quote


def test_without_the_model_the_rules_answer_alone():
    messages = chat(("bot", "Hi! How can we help?"), ("lead", "Budget so 3000 Euro, ich bin der Inhaber."))
    facts = resolve(extract_with(messages, AT, None))
    assert facts["budget"] is not None and facts["budget"].value["min"] == 3000
    assert all(c.source == "rules" for c in extract_with(messages, AT, None))


def test_labels_are_what_a_message_changed():
    conversation = {"id": "x-1", "lead_kind": "buyer", "messages": [
        {"role": "bot", "text": "Wie können wir helfen?"},
        {"role": "lead", "text": "Heizung kaputt", "state": {
            "budget": None, "authority": None, "need": {"has_need": True}, "timing": None}},
        {"role": "bot", "text": "Wer entscheidet?"},
        {"role": "lead", "text": "ich", "state": {
            "budget": None, "authority": {"level": "decision_maker", "role": None},
            "need": {"has_need": True}, "timing": None}},
    ]}
    first, second = examples(conversation)
    assert first.labels["need"] == "true" and first.labels["authority"] == "none"
    assert second.labels["authority"] == "decision_maker" and second.asked == "authority"
    assert second.labels["need"] is None  # unchanged: restated or not touched, left out


def test_features_fold_digits_and_umlauts_and_pair_short_answers_with_the_question():
    names = features("Über 500 €", "budget")
    assert "w:uber" in names and "w:0" in names and "qw:budget:uber" in names
    assert "q:budget" in names


@pytest.mark.parametrize(("text", "asked", "bot"), [
    ("Über 500 € im Monat, ich entscheide das mit meinem Partner.", "budget", "Haben Sie ein Budget?"),
    ("ja", "authority", "Sind Sie die Inhaberin der Praxis?"),
    ("hi my boiler broke and the house is freezing\nwe'd need it fixed asap?", None, ""),
    ("", None, ""),
])
def test_the_fast_feature_lookup_finds_what_the_feature_names_give(text, asked, bot):
    model = shipped()
    assert model is not None
    expected = model.indexes(features(text, asked, bot))
    assert model.text_indexes(text, asked, bot) == expected
    assert model.text_indexes(text, asked, bot) == expected  # the remembered words too
    stacked = model.predict(text, asked, bot)
    assert stacked == {head: model.proba(head, expected) for head in stacked}
