"""Limits a public site needs: per-client request rate, request size. ASGI middleware.

A token bucket per client address (refilled at `requests_per_minute`, holding up to `burst`):
this process's own, in a bounded LRU (`shared/local.py`), or one for every worker on every
machine on Redis (`[shared]`); 429 with Retry-After when empty.
Request bodies and URLs over `max_request_bytes` get 413 / 414. Headers are bounded by the
server (uvicorn's h11 limit, 16 KB by default).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from federator.config import LimitSettings
from federator.shared.backends import RateLimiter
from federator.shared.local import LocalRates, TokenBuckets

__all__ = ["Limits", "TokenBuckets"]

UNLIMITED_PREFIXES = ("/static/", "/health", "/metrics")


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
        self,
        app: ASGIApp,
        settings: LimitSettings,
        clock: Callable[[], float] = time.monotonic,
        rates: RateLimiter | None = None,
    ) -> None:
        self.app = app
        self.settings = settings
        self.rates = rates or LocalRates(
            TokenBuckets(
                settings.requests_per_minute, settings.burst, settings.clients_tracked, clock
            )
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
        wait = await self.rates.take(str(client[0]))
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
