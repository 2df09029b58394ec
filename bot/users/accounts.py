"""Users and roles: create, authenticate, list; passwords only as argon2 hashes."""

from __future__ import annotations

import re
import secrets
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from bot.clock import utcnow
from bot.store.models import UserRow

Role = Literal["setter", "closer", "admin"]
ROLES: tuple[Role, ...] = ("setter", "closer", "admin")
LANGS = ("de", "en")
MIN_PASSWORD = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# verified when the email is unknown, so a wrong email costs as much time as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UserError(ValueError):
    """A user that cannot be created or changed; the message says why."""


def generate_password() -> str:
    """A random password for a new user (printed once, never stored in clear)."""
    return secrets.token_urlsafe(12)


def _check(email: str, role: str, password: str, lang: str) -> None:
    if not EMAIL.match(email):
        raise UserError(f"{email!r} is not an email address")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters")
    if lang not in LANGS:
        raise UserError(f"unknown language {lang!r}; use de or en")


def by_email(session: Session, email: str) -> UserRow | None:
    """The user with this email (case-insensitive), or None."""
    query = select(UserRow).where(UserRow.email == email.strip().lower())
    return session.exec(query).first()


def create_user(session: Session, *, email: str, role: str, password: str,
                lang: str = "de") -> UserRow:
    """A new user; the email is stored lower-case and must be new."""
    email = email.strip().lower()
    _check(email, role, password, lang)
    if by_email(session, email) is not None:
        raise UserError(f"{email} already has an account")
    user = UserRow(email=email, role=role, lang=lang, password_hash=_hasher.hash(password),
                   created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> UserRow | None:
    """The active user whose password this is, or None; old hashes are upgraded."""
    user = by_email(session, email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.add(user)
    return user


def list_users(session: Session, *, role: str | None = None) -> list[UserRow]:
    """Users ordered by email, optionally of one role."""
    query = select(UserRow)
    if role:
        query = query.where(UserRow.role == role)
    return list(session.exec(query.order_by(col(UserRow.email))))


def closers(session: Session) -> list[UserRow]:
    """Active closers, the people a setter can hand a lead to."""
    return [user for user in list_users(session, role="closer") if user.active]


def set_lang(session: Session, user: UserRow, lang: str) -> None:
    """The user's interface language."""
    if lang not in LANGS:
        raise UserError(f"unknown language {lang!r}; use de or en")
    user.lang = lang
    session.add(user)


def set_active(session: Session, user: UserRow, active: bool) -> None:
    """Enable or disable a login; disabling also ends the user's sessions."""
    user.active = active
    end_sessions(session, user)


def end_sessions(session: Session, user: UserRow) -> None:
    """Invalidate every session cookie issued to the user so far (logout)."""
    user.session_epoch += 1
    session.add(user)


def set_password(session: Session, user: UserRow, password: str) -> None:
    """A new password; existing sessions end."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters")
    user.password_hash = _hasher.hash(password)
    end_sessions(session, user)
