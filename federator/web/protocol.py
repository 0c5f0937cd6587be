"""uvicorn's h11 protocol with what a public server needs before a request reaches the app: a
deadline for the request head (slowloris: 300 connections sending a byte now and then held
for 40 s), the 16 KB header cap (h11's; uvicorn's default httptools has none), and its own
400 in the API's JSON error shape instead of plain text."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEADER_BYTES = 16 * 1024


class _HeaderDeadlineProtocol(H11Protocol):
    header_timeout_s = 10.0  # set per server by `protocol_with_header_timeout`
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head = bytearray()
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        # h11 caps only a head still incomplete; one that arrives whole in one read is not
        # capped at all, so the bytes up to the blank line are counted here.
        if self.conn.their_state is h11.IDLE:
            self._head += data[: MAX_HEADER_BYTES + 4]
            end = self._head.find(b"\r\n\r\n")
            if end > MAX_HEADER_BYTES or (end == -1 and len(self._head) > MAX_HEADER_BYTES):
                self._refuse(
                    431, b"Request Header Fields Too Large", "the request head is over 16 KB"
                )
                return
            if end != -1:
                self._head.clear()
        super().data_received(data)

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._head_too_slow)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _head_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()  # no complete request head in time: not worth a reply

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._cancel_header_timer()  # the head has arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_timer()  # the next request on this connection gets as long

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, b"Bad Request", msg)

    def _refuse(self, status: int, reason: bytes, message: str) -> None:
        """Answer in the API's error shape (written raw: h11 may not have seen a request)."""
        code = "bad_request" if status == 400 else "request_head_too_large"
        body = json.dumps({"error": {"code": code, "message": message}}).encode()
        head = (
            b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n" % (status, reason, len(body))
        )
        self._cancel_header_timer()
        self.transport.write(head + body)
        self.transport.close()


def protocol_with_header_timeout(seconds: float) -> type[Any]:
    """The protocol class for uvicorn's `http` option, with this head deadline."""
    return type("HeaderDeadlineProtocol", (_HeaderDeadlineProtocol,), {"header_timeout_s": seconds})


class WorkerProtocol(_HeaderDeadlineProtocol):
    """The same for `--workers N`: uvicorn hands its options to each worker process by pickle,
    and a class made at run time cannot be (it is named by import path instead); each worker
    sets the deadline from its own settings (`set_worker_header_timeout`)."""


WORKER_PROTOCOL = f"{__name__}:WorkerProtocol"


def set_worker_header_timeout(seconds: float) -> None:
    WorkerProtocol.header_timeout_s = seconds
