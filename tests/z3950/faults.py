"""In-process TCP servers that misbehave on purpose, for the Z39.50 fault matrix.

Nothing here speaks Z39.50: a behaviour either never answers, sends bytes that are not BER, or
relays to a real server (zebrasrv) and breaks the relay at a chosen request. Requests are
counted by turn-taking: Z39.50 as ZOOM uses it is strictly request/answer, so client bytes that
follow server bytes start a new request (1 init, 2 search, 3 and on present).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

# Bytes YAZ's framing refuses at once (two zero octets start no BER element). Printable bytes
# would be read as the start of an HTTP answer, and most binary noise as a BER element still
# arriving: both then cost the response timeout instead (a TargetTimeout).
GARBAGE = b"\0\0garbage" * 16
HTTP_ANSWER = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nnope!"


@dataclass
class FaultServer:
    host: str
    port: int
    requests: int = 0  # requests seen from the client so far
    connections: int = 0
    accepted: asyncio.Event = field(default_factory=asyncio.Event)
    closed_by_client: asyncio.Event = field(default_factory=asyncio.Event)


@contextlib.asynccontextmanager
async def fault_server(
    behaviour: str,
    upstream: tuple[str, int] | None = None,
    *,
    break_at: int = 3,
    answer: bytes = GARBAGE,
) -> AsyncIterator[FaultServer]:
    """behaviour: hang (accept, read, never answer), garbage (answer the init with `answer`),
    relay (pass through, counting requests), hang_at (relay, then swallow request `break_at`),
    cut_at (relay request `break_at`, pass half of its answer, close)."""
    released = asyncio.Event()  # set only when the server closes: hanging handlers then end
    writers: list[asyncio.StreamWriter] = []
    tasks: set[asyncio.Task[object]] = set()
    state = FaultServer(host="127.0.0.1", port=0)

    async def client_gone(reader: asyncio.StreamReader) -> None:
        while await reader.read(65536):
            pass
        state.closed_by_client.set()

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert upstream is not None
        up_reader, up_writer = await asyncio.open_connection(*upstream)
        answered = asyncio.Event()
        answered.set()
        halves = {
            asyncio.create_task(_to_server(reader, up_writer, answered)),
            asyncio.create_task(_to_client(up_reader, writer, answered)),
        }
        try:
            await asyncio.wait(halves, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for half in halves:
                half.cancel()
            await asyncio.gather(*halves, return_exceptions=True)
            up_writer.close()

    async def _to_server(
        reader: asyncio.StreamReader, up: asyncio.StreamWriter, answered: asyncio.Event
    ) -> None:
        while chunk := await reader.read(65536):
            if answered.is_set():
                state.requests += 1
                answered.clear()
            if behaviour == "hang_at" and state.requests >= break_at:
                continue  # swallowed: the server never sees it, the client never hears back
            up.write(chunk)
            await up.drain()
        state.closed_by_client.set()

    async def _to_client(
        up_reader: asyncio.StreamReader, writer: asyncio.StreamWriter, answered: asyncio.Event
    ) -> None:
        while chunk := await up_reader.read(65536):
            if behaviour == "cut_at" and state.requests >= break_at:
                writer.write(chunk[: len(chunk) // 2])
                await writer.drain()
                writer.close()
                return
            writer.write(chunk)
            await writer.drain()
            answered.set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state.connections += 1
        state.accepted.set()
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        writers.append(writer)
        try:
            if behaviour == "garbage":
                await reader.read(65536)  # the init request
                writer.write(answer)
                await writer.drain()
            if behaviour in ("hang", "garbage"):
                await client_gone(reader)
                await released.wait()
            else:
                await relay(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    state.port = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()
        released.set()
        for writer in writers:
            writer.close()
        async with asyncio.timeout(5):
            await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()
