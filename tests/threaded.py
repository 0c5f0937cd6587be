"""In-process servers on a thread of their own, for tests whose client blocks (TestClient,
yaz-client, sruthi).

Starlette's TestClient runs the app on its own event loop and blocks the test while it does, so
a server on the test's loop would never get to answer: these have their own loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from aiohttp import web

from federator.config import Settings
from federator.web.app import create_app, uvicorn_options
from tests.fakesru import Handler
from tests.realservers import free_port

AppFactory = Callable[[], web.Application]


@contextmanager
def serve_apps_in_thread(apps: dict[str, AppFactory]) -> Iterator[dict[str, str]]:
    """Each app on a port of its own (built on the server loop); yields name -> root URL."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    urls: dict[str, str] = {}

    async def main() -> None:
        runners = []
        for name, factory in apps.items():
            runner = web.AppRunner(factory(), shutdown_timeout=0.1, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            urls[name] = f"http://127.0.0.1:{runner.addresses[0][1]}"
            runners.append(runner)
        ready.set()
        await stop.wait()
        for runner in runners:
            await runner.cleanup()
        # Handlers still waiting (a hanging target) are cancelled and awaited, not left pending.
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(30), "servers did not start"
    try:
        yield urls
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


@contextmanager
def serve_in_thread(handlers: dict[str, Callable[[], Handler]]) -> Iterator[dict[str, str]]:
    """Serve each handler factory at /<name> of one port; yields name -> base URL."""

    def app() -> web.Application:
        application = web.Application()
        for name, factory in handlers.items():
            application.router.add_route("*", f"/{name}", factory())
        return application

    with serve_apps_in_thread({"app": app}) as roots:
        yield {name: f"{roots['app']}/{name}" for name in handlers}


@contextmanager
def serve_federator(settings: Settings) -> Iterator[str]:
    """The federator's app under real uvicorn on a thread, with the options `federator serve`
    gives it; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, **uvicorn_options(settings)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(400):
            if server.started or not thread.is_alive():
                break
            threading.Event().wait(0.025)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
