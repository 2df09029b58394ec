"""The lead's preferred way to be contacted after a hand-off: email or phone, validated."""

from __future__ import annotations

from typing import Literal

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.clock import utcnow
from bot.store.models import Lead

Channel = Literal["email", "phone"]


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
