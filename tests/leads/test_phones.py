"""A phone number typed by the lead is picked up into the lead's contact fields, grounded in
the lead's own words; budgets, counts, dates and other numbers never are."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bot.leads.phones import phone_in
from bot.store.db import session_scope
from bot.store.models import EmailMessageRow, Lead
from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}

NUMBERS = [
    ("de", "Meine Nummer: 0176 4412 903", "+491764412903", "0176 4412 903"),
    ("de", "Erreichbar unter +49 170 1234567.", "+491701234567", "+49 170 1234567"),
    ("de", "0176 4412 903", "+491764412903", "0176 4412 903"),
    ("de", "Rufen Sie mich an: 030 1234567, am besten vormittags.", "+49301234567", "030 1234567"),
    ("de", "Tel. 089/12345678", "+498912345678", "089/12345678"),
    ("de", "Handy 0176-44129030", "+4917644129030", "0176-44129030"),
    ("en", "Call me at (555) 123-4567", "+15551234567", "(555) 123-4567"),
    ("en", "(555) 123-4567", "+15551234567", "(555) 123-4567"),
    ("en", "555-123-4567", "+15551234567", "555-123-4567"),
    ("en", "You can reach me on +1 (555) 123-4567 after 5pm", "+15551234567", "+1 (555) 123-4567"),
    ("en", "call me 07911 123456", "+447911123456", "07911 123456"),
    ("en", "my cell is +49 170 1234567", "+491701234567", "+49 170 1234567"),
]

NOT_NUMBERS = [
    ("de", "Budget so 5000 Euro, bis 15.03.2027"), ("de", "Wir haben 1234567 Kunden"),
    ("de", "20.000 € im Jahr"), ("de", "Termin am 12.05.2026 um 14:30"), ("de", "ca. 2.500.000 Umsatz"),
    ("de", "Umsatz 12000000 Euro"), ("de", "Rechnungsnummer 2026000123"),
    ("de", "Kundennummer: 0176 4412 903"),
    ("de", "IBAN DE89 3704 0044 0532 0130 00"), ("de", "Wir sind 12 Leute, Budget 3000-3500 im Monat"),
    ("de", "Fax 089 12345679"), ("en", "Order no 4711-0815-1234"), ("en", "2026-03-15"),
    ("en", "We have a budget of 1500000 dollars"), ("en", "about 25000000 users"),
    ("en", "we spent 1,250,000 last year"), ("en", "Invoice 12345678 from 03/04/2026"),
    ("en", "We are a tax office and lose calls"), ("en", "ask Dr. Patel, his cell is 555-0142"),
    ("en", "call 555-0142"),
]


@pytest.mark.parametrize(("lang", "text", "e164", "quote"), NUMBERS)
def test_a_typed_phone_number_is_found_with_its_quote(lang: str, text: str, e164: str, quote: str) -> None:
    found = phone_in(text, lang=lang)
    assert found is not None and (found.e164, found.quote) == (e164, quote)
    assert text[found.span[0]:found.span[1]] == quote  # grounded in the lead's words


@pytest.mark.parametrize(("lang", "text"), NOT_NUMBERS)
def test_budgets_counts_dates_and_other_numbers_are_no_phone(lang: str, text: str) -> None:
    assert phone_in(text, lang=lang) is None


def _say(client: TestClient, started: dict[str, Any], text: str) -> None:
    response = client.post(f"/api/v1/conversations/{started['conversation_id']}/messages",
                           json={"text": text}, headers={"Authorization": f"Bearer {started['token']}"})
    assert response.status_code == 200, response.text


def _profile(client: TestClient, lead_id: str) -> dict[str, Any]:
    return client.get(f"/api/v1/leads/{lead_id}", headers=KEY).json()["profile"]


@pytest.mark.parametrize(("lang", "lines", "phone"), [
    ("de", ["Wir sind eine Zahnarztpraxis, Budget 5000 Euro, Start am 15.03.2027.",
            "Rufen Sie mich gern an: 0176 4412 903"], "+491764412903"),
    ("en", ["We are a dental practice with 1200000 patients a year.", "Sure, call me at (555) 123-4567"],
     "+15551234567"),
])
def test_a_number_typed_in_chat_reaches_the_lead_record(client: TestClient, lang: str, lines: list[str],
                                                        phone: str) -> None:
    started = client.post("/api/v1/conversations", json={"lang": lang}).json()
    _say(client, started, lines[0])
    assert _profile(client, started["lead_id"])["phone"] is None  # a budget, a count, a date: no phone
    _say(client, started, lines[1])
    profile = _profile(client, started["lead_id"])
    assert (profile["phone"], profile["contact_channel"]) == (phone, "phone")
    with session_scope(client.app.state.services.db) as session:  # type: ignore[attr-defined]
        lead = session.get(Lead, started["lead_id"])
        assert lead is not None
        source = lead.context["phone_from"]
        assert source["via"] == "chat" and source["quote"] in lines[1]


def test_a_phone_the_lead_already_gave_is_kept(client: TestClient) -> None:
    given = {"lang": "de", "lead": {"phone": "+49 30 1234567"}}
    started = client.post("/api/v1/conversations", json=given).json()
    _say(client, started, "Mein Kollege ist unter 0176 4412 903 erreichbar.")
    assert _profile(client, started["lead_id"])["phone"] == "+49 30 1234567"


def test_the_signature_of_a_reply_email_gives_the_phone_not_what_it_quotes(client: TestClient) -> None:
    def mail(msg_id: str, sender: str, body: str) -> bytes:
        return (f"From: {sender}\r\nTo: team@setter.example\r\nSubject: Re: Ihre Anfrage\r\n"
                f"Date: Mon, 30 Nov 2026 09:15:00 +0100\r\nMessage-ID: <{msg_id}>\r\n"
                f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}").encode()
    raw = {**KEY, "Content-Type": "message/rfc822"}
    signed = mail("p1@lead.de", "Anna Berger <anna@kanzlei-berger.de>",
                  "Guten Tag,\r\n\r\nwir brauchen ein neues Telefonsystem.\r\n\r\nMit freundlichen Grüßen\r\n"
                  "Anna Berger\r\nTel. 089/12345678\r\n")
    quoted = mail("p2@lead.de", "Tom Roth <tom@roth.example>",
                  "Passt, danke.\r\n\r\nAm 27.11.2026 um 10:02 schrieb Team <team@setter.example>:\r\n"
                  "> Rufen Sie uns an: 030 7654321\r\n")
    for message in (signed, quoted):
        assert client.post("/api/v1/email/inbound", content=message, headers=raw).status_code == 201
    with session_scope(client.app.state.services.db) as session:  # type: ignore[attr-defined]
        rows = {r.message_id: r.lead_id for r in session.exec(select(EmailMessageRow))}
        anna, tom = session.get(Lead, rows["p1@lead.de"]), session.get(Lead, rows["p2@lead.de"])
        assert anna is not None and anna.phone == "+498912345678"
        assert anna.context["phone_from"]["via"] == "email"
        assert tom is not None and tom.phone is None


@pytest.mark.parametrize("lang", ["de", None])
def test_a_number_after_a_long_list_of_figures_is_still_found(lang: str | None) -> None:
    """`phonenumbers` now gives up after MAX_TRIES figures that are no phone number per pass
    (a message of 10,000 characters of "1/1/1/…" took half a second); a signature's number
    after forty lines of prices, article numbers and dates is still read."""
    figures = " ".join(f"Posten {i}: {100 + i * 7} Euro, Artikel {4000 + i}, am {1 + i % 27}."
                       f"{1 + i % 12}.2026;" for i in range(40))
    found = phone_in(figures + " Erreichbar unter Tel. 0171 1234567.", lang=lang)
    assert found is not None and found.e164 == "+491711234567"
    assert phone_in("1/" * 5000, lang=lang) is None
