"""uvicorn's HTTP protocol as `setter serve` runs it: what a client may hold and send before
its request reaches the app.

**A deadline for each request.** uvicorn closes a connection that stays idle after a response
(its keep-alive timeout), but nothing bounds the time a client takes to send a request: a
connection that sends nothing, or half a header line, or a body one byte at a time, stays
open for good. A hostile client holding thousands of them uses up the process's file
descriptors, and every other visitor is refused (slowloris). Rate limits cannot see such a
client: no request is ever complete. So the request line, headers and body must all arrive
within SETTER_REQUEST_TIMEOUT seconds (default 60) of the request's first byte, or of the
connection's start for a connection that sends nothing; a request pipelined behind another
in one packet is timed from that packet. Otherwise the connection is closed, after a 408 when
part of a request had arrived (and after the answer to the request before it, which the 408
never cuts). The deadline ends once the request has arrived: a slow answer or a long stream
(the widget's live stream, a reply streamed word by word) is never cut. 60 s allows a 20 MB
email at about 2.7 Mbit/s; the widget's and the API's requests are a few hundred bytes.

**A bound on the request line and headers.** uvicorn's httptools protocol keeps whatever
header a client sends, however long (a 64 MB header was read whole and answered 200): a few
such connections use up the server's memory. The request line and headers together may take
`MAX_HEAD_BYTES` (64 KB; nginx's default allows 32 KB, Node's 16 KB); beyond that the client
gets 431 and the connection is closed. The body has its own limit (`web.body_guard`).

**Its own answers are the API's.** The answers this protocol gives before any request
reaches the app (the 408, the 431, and 400 for bytes that are not an HTTP request: a broken
chunk, two Content-Lengths) carry the API's JSON error body and its security headers
(nosniff, the CSP), like every answer of the app.

Run by hand, uvicorn takes it as `--http web.http_protocol:SetterHttpProtocol`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from bot.settings import get_settings
from web.errors import error_body
from web.security import API_POLICY

log = logging.getLogger(__name__)
MAX_HEAD_BYTES = 64 * 1024  # the request line and headers of one request, together
RECHECK_S = 1.0  # how soon a late request's 408 is tried again while an earlier answer is sent
BAD_REQUEST = ("the request is not valid HTTP/1.1 (its request line, a header or the chunked "
               "body could not be read)")


@functools.cache
def deadline_seconds() -> float:
    """SETTER_REQUEST_TIMEOUT, read once per process."""
    return get_settings().request_timeout


class SetterHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; a request not received in time is answered 408, one whose
    head is too large 431, each with its connection closed; its own error answers are the
    API's JSON with its headers."""

    _deadline: asyncio.TimerHandle | None = None  # set while a request is awaited
    _partial = False  # some of the request has arrived (else the connection sent nothing)
    _earlier: RequestResponseCycle | None = None  # the request before the one being received
    _head_bytes = 0  # bytes received since the last request ended, until the next one's headers
    _in_head = True  # the next request's headers are not complete yet
    _head_too_large = False  # the parser was stopped for it (uvicorn then sends a 400: a 431)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(partial=False)  # a connection that never sends a byte is closed too

    def data_received(self, data: bytes) -> None:
        if self._deadline is None or not self._partial:  # the next request's first bytes
            self._arm(partial=True)
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        # a head still coming: counted by the bytes received (with some of its body, a head
        # that came whole is measured in `on_headers_complete`)
        if self._in_head and self._head_bytes > MAX_HEAD_BYTES and not self.transport.is_closing():
            self._refuse_head()

    def on_headers_complete(self) -> None:
        self._in_head = False
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > MAX_HEAD_BYTES:  # stops the parser before the app sees the request
            self._head_too_large = True
            raise ValueError("request line and headers too large")
        super().on_headers_complete()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._earlier = self.cycle
        if self._deadline is None:  # pipelined: it came in one packet with the one before
            self._arm(partial=True)

    def on_message_complete(self) -> None:
        self._disarm()  # arrived: from now on the answer takes as long as it takes
        self._in_head, self._head_bytes = True, 0  # the next request's head may begin
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self, *, partial: bool) -> None:
        self._disarm()
        self._partial = partial
        self._deadline = self.loop.call_later(deadline_seconds(), self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._partial and self._earlier is not None and not self._earlier.response_complete:
            # a 408 must not come before (or into) the answer to the request pipelined
            # before this one: it is given once that answer is sent
            self._deadline = self.loop.call_later(RECHECK_S, self._expired)
            return
        cycle = self.cycle  # (a finished one on a kept-alive connection: a new request is due)
        if not self._partial or (cycle is not None and cycle.response_started
                                 and not cycle.response_complete):
            self.transport.close()  # nothing was sent, or the app answers this request already
            return
        log.warning("a request from %s did not arrive within %g s: answered 408, closed",
                    self.client[0] if self.client else "?", deadline_seconds())
        self._answer_and_close(b"408 Request Timeout", "request_timeout",
                               f"the request did not arrive within {deadline_seconds():g} seconds; "
                               f"send it again")

    def _refuse_head(self) -> None:
        log.warning("a request from %s sent more than %d bytes of request line and headers: "
                    "answered 431, closed", self.client[0] if self.client else "?", MAX_HEAD_BYTES)
        self._answer_and_close(b"431 Request Header Fields Too Large", "headers_too_large",
                               f"the request line and headers may take {MAX_HEAD_BYTES // 1024} "
                               f"KB together")

    def send_400_response(self, msg: str) -> None:
        """A request the parser cannot read gets the JSON error body and the security headers
        of every other answer (uvicorn's own is plain text, without them)."""
        if self._head_too_large:
            self._refuse_head()
        else:
            self._answer_and_close(b"400 Bad Request", "bad_request", BAD_REQUEST)

    def _answer_and_close(self, status: bytes, code: str, message: str) -> None:
        """Answer the request being received with an error and close the connection; while the
        answer to a request pipelined before it is still being sent (a stream), only close."""
        self._disarm()
        if self.transport.is_closing():
            return
        if self._earlier is None or self._earlier.response_complete:
            self.transport.write(self._error_response(status, code, message))
        self.transport.close()

    def _error_response(self, status: bytes, code: str, message: str) -> bytes:
        """A whole error response, written by the protocol itself (the app never saw the
        request), with the API's error body and headers; the connection is closed after it."""
        body = json.dumps(error_body(code, message)).encode()
        head = [b"HTTP/1.1 " + status]
        head += [name + b": " + value for name, value in self.server_state.default_headers]
        head += [b"content-type: application/json", b"content-length: %d" % len(body),
                 b"x-content-type-options: nosniff", b"referrer-policy: no-referrer",
                 b"content-security-policy: " + API_POLICY.encode(), b"connection: close"]
        return b"\r\n".join(head) + b"\r\n\r\n" + body
