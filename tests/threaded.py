"""In-process fault servers on a thread of their own, for tests whose client blocks (TestClient).

Starlette's TestClient runs the app on its own event loop and blocks the test while it does, so
a fault server on the test's loop would never get to answer: this one has its own loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from aiohttp import web

from tests.fakesru import Handler


@contextmanager
def serve_in_thread(handlers: dict[str, Callable[[], Handler]]) -> Iterator[dict[str, str]]:
    """Serve each handler factory at /<name> on 127.0.0.1; yields name -> base URL."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    urls: dict[str, str] = {}

    async def main() -> None:
        app = web.Application()
        for name, factory in handlers.items():
            app.router.add_route("*", f"/{name}", factory())  # built on this loop (its Events too)
        runner = web.AppRunner(app, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        urls.update({name: f"http://127.0.0.1:{port}/{name}" for name in handlers})
        ready.set()
        await stop.wait()
        await runner.cleanup()
        # Handlers still waiting (a hanging target) are cancelled and awaited, not left pending.
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(10), "fault servers did not start"
    try:
        yield urls
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()
