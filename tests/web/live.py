"""Real sockets for clients that need them (yaz-client, sruthi): demo catalogues and the
federator's app served on threads of their own, on free ports of 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from lxml import etree

from federator.config import Settings
from federator.config.items import PRESETS
from federator.connectors.marc import find_marc_records
from federator.demo.catalogue import DemoIndex
from federator.demo.server import catalogue_app
from federator.models import Target
from federator.web.app import create_app
from federator.xmlsafe import serialise
from tests.realservers import ZEBRA_RECORDS, free_port
from tests.threaded import serve_apps_in_thread


def zebra_records() -> tuple[str, ...]:
    root = etree.parse(str(ZEBRA_RECORDS)).getroot()
    return tuple(serialise(r) for r in find_marc_records(root))


def demo_index(target_id: str = "demo") -> DemoIndex:
    target = Target(
        id=target_id,
        name="Demo",
        url="http://127.0.0.1:1/demo",
        holdings=PRESETS["koha"],
    )
    return DemoIndex(target, zebra_records())


@contextmanager
def demo_catalogue(database: str = "demo") -> Iterator[str]:
    """tests/data/zebra/records.xml served by our SRU server; yields its URL."""
    index = demo_index(database)
    with serve_apps_in_thread({database: lambda: catalogue_app(index, database)}) as roots:
        yield f"{roots[database]}/{database}"


@contextmanager
def federator_app(settings: Settings) -> Iterator[str]:
    """The federator's web app under uvicorn on a free port; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_config=None, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            thread.join(0.01)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
