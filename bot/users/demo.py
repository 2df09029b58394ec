"""Demo logins for `setter serve --demo`: one setter, one closer, one admin."""

from __future__ import annotations

from sqlmodel import Session

from bot.users import accounts

DEMO_USERS = (("setter@demo.setter.local", "setter", "de"),
              ("closer@demo.setter.local", "closer", "de"),
              ("admin@demo.setter.local", "admin", "en"))


def ensure_demo_users(session: Session) -> list[tuple[str, str, str]]:
    """Create the demo users, or give existing ones a fresh password; (email, role, password)."""
    logins = []
    for email, role, lang in DEMO_USERS:
        password = accounts.generate_password()
        user = accounts.by_email(session, email)
        if user is None:
            accounts.create_user(session, email=email, role=role, password=password, lang=lang)
        else:
            accounts.set_password(session, user, password)
        logins.append((email, role, password))
    return logins
