"""Limits a public site needs: per-client request rate, request size. ASGI middleware.

A token bucket per client address (refilled at `requests_per_minute`, holding up to `burst`),
in a bounded LRU so a flood of addresses cannot grow memory; 429 with Retry-After when empty.
Request bodies and URLs over `max_request_bytes` get 413 / 414. Headers are bounded by the
server (uvicorn's h11 limit, 16 KB by default).
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from federator.config import LimitSettings

UNLIMITED_PREFIXES = ("/static/", "/health", "/metrics")


class TokenBuckets:
    def __init__(
        self, per_minute: int, burst: int, capacity: int, clock: Callable[[], float]
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.capacity = capacity
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, time

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        now = self.clock()
        tokens, then = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self.capacity:
            self._buckets.popitem(last=False)
        return wait


def _refusal(
    status: int, code: str, message: str, extra: list[tuple[bytes, bytes]]
) -> tuple[Message, Message]:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return (
        {"type": "http.response.start", "status": status, "headers": headers + extra},
        {"type": "http.response.body", "body": body},
    )


class Limits:
    def __init__(
        self, app: ASGIApp, settings: LimitSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.settings = settings
        self.buckets = TokenBuckets(
            settings.requests_per_minute, settings.burst, settings.clients_tracked, clock
        )

    async def _refuse(
        self, send: Send, status: int, code: str, message: str, retry_after: float | None = None
    ) -> None:
        extra = (
            [(b"retry-after", str(math.ceil(retry_after)).encode())]
            if retry_after is not None
            else []
        )
        start, body = _refusal(status, code, message, extra)
        await send(start)
        await send(body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNLIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        limit = self.settings.max_request_bytes
        if len(scope["path"]) + len(scope.get("query_string", b"")) > limit:
            await self._refuse(
                send, 414, "uri_too_long", f"the address is longer than {limit} bytes"
            )
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send, 413, "too_large", f"the request body is over {limit} bytes")
            return
        client = scope.get("client") or ("unknown", 0)
        wait = self.buckets.take(str(client[0]))
        if wait > 0:
            await self._refuse(
                send, 429, "too_many_requests", "too many requests; try again shortly", wait
            )
            return
        await self.app(scope, self._capped(receive, limit), send)

    @staticmethod
    def _capped(receive: Receive, limit: int) -> Receive:
        """A body sent without Content-Length is counted as it arrives."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    return {"type": "http.disconnect"}
            return message

        return counted
