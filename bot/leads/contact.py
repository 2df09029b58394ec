"""The lead's preferred way to be contacted after a hand-off: email or phone, validated."""

from __future__ import annotations

from typing import Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.clock import utcnow
from bot.leads.phones import phone_in
from bot.store.models import Lead

Channel = Literal["email", "phone"]
# a lead who opted out or asked for erasure: no new personal data is kept from their words
NOT_WANTED = frozenset({"do_not_contact", "erasure_requested", "erased"})


class ContactError(ValueError):
    """An address or number that cannot be used; the message says why."""


def normalise(channel: str, value: str, *, region: str = "DE") -> str:
    """The email address (normalised) or the phone number in E.164; ContactError if invalid."""
    value = value.strip()
    if not value or len(value) > 320:
        raise ContactError("please enter an email address or phone number")
    if channel == "email":
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ContactError(f"not a valid email address: {exc}") from None
    if channel == "phone":
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            raise ContactError("not a phone number") from None
        if not phonenumbers.is_valid_number(number):
            raise ContactError("not a valid phone number (with area code, e.g. +49 30 1234567)")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ContactError("the channel must be email or phone")


def save_contact(lead: Lead, channel: Channel, value: str) -> None:
    """Store the channel on the lead with the address or number the lead gave for it."""
    if channel == "email":
        lead.email = value
    else:
        lead.phone = value
    lead.contact_channel = channel
    lead.updated_at = utcnow()


def pick_up_phone(lead: Lead, text: str, *, message_id: str | None, via: str) -> str | None:
    """A phone number the lead typed (in chat, or in an email's own text and signature),
    stored on a lead that has none yet, with the quote and message it came from (in
    `context["phone_from"]`); it becomes the contact channel when none was chosen. Returns
    the number stored, in E.164."""
    if lead.phone or set(lead.flags or []) & NOT_WANTED:
        return None
    found = phone_in(text, lang=lead.lang, country=lead.country)
    if found is None:
        return None
    lead.phone = found.e164
    lead.contact_channel = lead.contact_channel or "phone"
    lead.context = {**(lead.context or {}), "phone_from": {
        "quote": found.quote, "message_id": message_id, "span": list(found.span), "via": via}}
    lead.updated_at = utcnow()
    return found.e164
