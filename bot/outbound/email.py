"""Sending email over SMTP (`SETTER_SMTP_URL`): the message, its Message-ID, List-Unsubscribe.

URL forms: `smtp://host:25` (plain), `smtp+starttls://user:pass@host:587` (STARTTLS),
`smtps://user:pass@host:465` (implicit TLS). User and password are URL-decoded. Every sent
message gets a fresh Message-ID (recorded, so that replies find their thread), a
`List-Unsubscribe` header with a one-click URL (RFC 8058) and the same link in its footer.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol
from urllib.parse import unquote, urlsplit

from bot.settings import Settings

SCHEMES = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("ssl", 465)}


class SmtpUrlError(ValueError):
    """SETTER_SMTP_URL cannot be used; the message says how to write it."""


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to hand messages to the mail server."""

    host: str
    port: int
    security: str = "plain"  # plain | starttls | ssl
    username: str | None = None
    password: str | None = None
    timeout: float = 20.0

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        """Parse `smtp://`, `smtp+starttls://` or `smtps://` URLs."""
        parts = urlsplit(url.strip())
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise SmtpUrlError("SETTER_SMTP_URL must look like smtp://host:25, "
                               "smtp+starttls://user:password@host:587 or smtps://user:password@host:465")
        security, default_port = SCHEMES[parts.scheme]
        return cls(host=parts.hostname, port=parts.port or default_port, security=security,
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None)


class Mailer(Protocol):
    """Hands one message to a mail server; raises on failure."""

    def send(self, message: EmailMessage) -> None:
        """Send the message to its To address."""
        ...


class SmtpMailer:
    """A mailer that opens one SMTP connection per message (approvals are rare)."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    def send(self, message: EmailMessage) -> None:
        """Deliver over SMTP; smtplib/OSError propagate to the caller."""
        cfg = self.config
        if cfg.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with client:
            if cfg.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if cfg.username:
                client.login(cfg.username, cfg.password or "")
            client.send_message(message)


@dataclass(frozen=True)
class Outgoing:
    """A message ready to send, with what must be recorded about it."""

    message: EmailMessage
    message_id: str  # without <>
    unsubscribe_token: str

    @property
    def unsubscribe_hash(self) -> str:
        """The stored form of the unsubscribe token."""
        return hash_token(self.unsubscribe_token)


def hash_token(token: str) -> str:
    """SHA-256 of an unsubscribe token (only the hash is stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Outbox:
    """A mailer plus the sender address and the public base URL for unsubscribe links."""

    mailer: Mailer
    sender: str
    public_url: str

    @classmethod
    def from_settings(cls, settings: Settings, mailer: Mailer | None = None) -> Outbox | None:
        """The outbox of SETTER_SMTP_URL, or None when sending is not configured."""
        if mailer is None:
            if settings.smtp_url is None or not settings.smtp_url.get_secret_value().strip():
                return None
            mailer = SmtpMailer(SmtpConfig.from_url(settings.smtp_url.get_secret_value()))
        return cls(mailer=mailer, sender=settings.email_from, public_url=settings.public_url)

    def unsubscribe_url(self, token: str) -> str:
        """The link that marks the recipient do-not-contact."""
        return f"{self.public_url.rstrip('/')}/email/unsubscribe/{token}"

    def compose(self, *, to: str, subject: str, body: str, footer: str,
                in_reply_to: str | None = None, references: Sequence[str] = ()) -> Outgoing:
        """The message with a new Message-ID, threading headers and List-Unsubscribe."""
        token = secrets.token_urlsafe(24)
        url = self.unsubscribe_url(token)
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "setter.invalid"
        message_id = make_msgid(domain=domain)
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id
        if in_reply_to:
            message["In-Reply-To"] = f"<{in_reply_to}>"
        refs = [r for r in references if r] + ([in_reply_to] if in_reply_to and in_reply_to
                                                not in references else [])
        if refs:
            message["References"] = " ".join(f"<{r}>" for r in refs[-20:])
        message["List-Unsubscribe"] = f"<{url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        footer = footer.replace("{url}", url)
        message.set_content(f"{body.rstrip()}\n\n-- \n{footer}\n")
        return Outgoing(message, message_id.strip("<>"), token)
