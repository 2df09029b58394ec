"""A local SMTP server (aiosmtpd) that keeps what it receives, and lead helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the test SMTP server received."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class LocalSMTP(Controller):
    """aiosmtpd's threaded server on a port the kernel picks when binding (no port race)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = int(self.server.sockets[0].getsockname()[1])  # bound: the real port
        super()._trigger_server()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, str]]:
    """A running SMTP server on 127.0.0.1 and its SETTER_SMTP_URL."""
    inbox = Inbox()
    # ready_timeout bounds the wait for the server thread to answer; generous, for a loaded machine
    controller = LocalSMTP(inbox, hostname="127.0.0.1", port=0, ready_timeout=60)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()
