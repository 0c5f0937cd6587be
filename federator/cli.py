"""The `federator` command: `init`, `targets check`, `search`, `serve` and `demo`.

Presentation only; the work is in the core modules.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import TextIO

import aiohttp
from starlette.datastructures import QueryParams

from federator.cli_output import (
    print_cached,
    print_check_header,
    print_check_row,
    print_check_summary,
    print_reading,
    print_search,
)
from federator.config import ConfigError, Settings, Where, config_path, load_settings
from federator.connectors import sru, z3950
from federator.connectors.z3950 import Z3950Check
from federator.errors import TargetError, TargetTimeout
from federator.index import directory
from federator.index.schema import SCHEMA_VERSION
from federator.logs import configure_logging
from federator.models import Target, TargetOutcome, TargetState
from federator.params import FIELD_PARAMS, ParamError, search_request
from federator.search import open_session
from federator.service import SearchService
from federator.sru.explain import ExplainInfo


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="federator",
        description="Federated library catalogue search (samsök) over SRU: pages, JSON API, SRU.",
    )
    parser.add_argument(
        "--config", help="federator.toml (default: $FEDERATOR_CONFIG, ./federator.toml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True)
    targets = commands.add_parser("targets", help="inspect the configured catalogues")
    targets_commands = targets.add_subparsers(dest="targets_command", required=True)
    targets_commands.add_parser("check", help="ask every target for SRU explain")
    search = commands.add_parser("search", help="search every enabled target")
    search.add_argument("words", nargs="*", help="free text; an ISBN alone is a known-item search")
    for field in ("title", "author", "subject", "isbn", "year"):
        search.add_argument(f"--{field}", help=f"search the {field} index")
    search.add_argument("--cql", help="expert CQL, validated before it is sent")
    search.add_argument("--target", action="append", help="only this target id (repeatable)")
    search.add_argument("--show", type=int, default=3, help="records to print per target")
    search.add_argument("--cached", action="store_true", help="answer from the cache index alone")
    search.add_argument(
        "--literal",
        action="store_true",
        help="search the words exactly as typed: no ISBN or format read, no forms, no correction",
    )
    init = commands.add_parser(
        "init", help="write ./federator.toml from federator.example.toml (or for the demo)"
    )
    init.add_argument("--demo", action="store_true", help="for the catalogues of `federator demo`")
    init.add_argument("--base-port", type=int, default=8101, help="with --demo: the demo's")
    init.add_argument("--output", default="federator.toml", help="where (default ./federator.toml)")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    serve = commands.add_parser("serve", help="serve the search pages, the JSON API and SRU")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-json", action="store_true", help="one JSON object per log line")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (one cache writer)")
    demo = commands.add_parser(
        "demo", help="run the 13 demo catalogues and the federator over them"
    )
    demo.add_argument("--port", type=int, default=8000, help="the federator's port")
    demo.add_argument("--base-port", type=int, default=8101, help="catalogue n listens on this + n")
    demo.add_argument(
        "--slow", action="append", default=[], metavar="ID[=MS]", help="make a catalogue slow"
    )
    demo.add_argument(
        "--down", action="append", default=[], metavar="ID", help="leave a catalogue down"
    )
    demo.add_argument(
        "--scale", type=float, default=1.0, help="catalogue sizes (1.0: ~7,000 records)"
    )
    demo.add_argument("--cache-dir", help="the cache index (default ~/.cache/federator/demo-index)")
    return parser


def run_demo_command(args: argparse.Namespace) -> int:
    from federator.demo.run import DemoOptions, parse_slow, run_demo

    configure_logging(logging.WARNING)
    options = DemoOptions(
        port=args.port,
        base_port=args.base_port,
        slow_ms=parse_slow(args.slow),
        down=frozenset(args.down),
        scale=args.scale,
        **({"cache_dir": args.cache_dir} if args.cache_dir else {}),
    )
    try:
        asyncio.run(run_demo(options))
    except ValueError as exc:
        print(f"federator demo: {exc}", file=sys.stderr)
        return 2
    return 0


def serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn  # imported here: the other commands need no web stack

    from federator.web.app import create_app, tune_gc, uvicorn_options
    from federator.web.protocol import WORKER_PROTOCOL

    configure_logging(logging.INFO, as_json=args.log_json)
    server = settings.server
    if not server.public_url:
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        server = replace(server, public_url=f"http://{shown}:{args.port}")
        settings = replace(settings, server=server)
    options = uvicorn_options(settings)
    if args.workers > 1:
        # Each worker process builds its app from the same file; the first to start writes the
        # cache index, the others read it (see README: the cache). Their metrics meet in one
        # directory, so /metrics adds up every worker's.
        os.environ["FEDERATOR_CONFIG"] = settings.source
        os.environ["FEDERATOR_SERVER_PUBLIC_URL"] = server.public_url
        options["http"] = WORKER_PROTOCOL  # by name: options go to the workers by pickle
        with metrics_directory():
            uvicorn.run(
                "federator.web.app:app_from_environment",
                factory=True,
                workers=args.workers,
                host=args.host,
                port=args.port,
                **options,
            )
        return 0
    app = create_app(settings)
    tune_gc()
    uvicorn.run(app, host=args.host, port=args.port, **options)
    return 0


# prometheus_client's files: <kind>_<pid>.db (prometheus_client/values.py, multiprocess.py)
_METRICS_FILE = re.compile(r"(counter|gauge_[a-z]+|histogram|summary)_\d+\.db")


@contextmanager
def metrics_directory() -> Iterator[Path]:
    """The directory where the workers' metrics meet (PROMETHEUS_MULTIPROC_DIR, read by
    prometheus_client when a worker imports it). One given in the environment must exist and be
    empty (old files would be counted) and is never cleared; else we make one and, at exit,
    remove only prometheus_client's files in it and the directory itself."""
    from federator.web.metrics import MULTIPROCESS_DIR

    given = os.environ.get(MULTIPROCESS_DIR)
    if given:
        path = Path(given)
        if not path.is_dir() or any(path.iterdir()):
            message = f"{MULTIPROCESS_DIR}={given} must be an empty directory"
            raise ConfigError(Where("environment", MULTIPROCESS_DIR), "-", message)
        yield path
        return
    path = Path(tempfile.mkdtemp(prefix="federator-metrics-"))
    os.environ[MULTIPROCESS_DIR] = str(path)
    try:
        yield path
    finally:
        del os.environ[MULTIPROCESS_DIR]
        for entry in path.iterdir():
            if _METRICS_FILE.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
                entry.unlink()
        try:
            path.rmdir()
        except OSError:
            logging.getLogger(__name__).warning(
                "metrics directory holds files not ours; left in place", extra={"path": str(path)}
            )


def _settings(args: argparse.Namespace) -> Settings:
    path = config_path(args.config)
    if path is None:
        hint = "pass --config, set FEDERATOR_CONFIG or create ./federator.toml"
        raise ConfigError(Where("(none)", "command line"), "--config", f"no configuration: {hint}")
    return load_settings(path)


def _claim_cache_directory(settings: Settings) -> None:
    """Refuse an unusable cache path before anything starts, naming the file and the key."""
    cache = settings.cache
    if cache.enabled and cache.path:
        try:
            directory.claim(Path(cache.path), SCHEMA_VERSION)
        except directory.CacheDirectoryError as exc:
            raise ConfigError(Where(settings.source, "[cache]"), "path", str(exc)) from exc


async def _check_one(
    settings: Settings, session: aiohttp.ClientSession, target: Target
) -> tuple[Target, ExplainInfo | Z3950Check | TargetError, float]:
    loop = asyncio.get_running_loop()
    started = loop.time()
    result: ExplainInfo | Z3950Check | TargetError
    options = settings.z3950_options(target.id)
    try:
        async with asyncio.timeout(target.timeout_s):
            if options is not None:  # Z39.50: an init, a test search, one record
                ends = started + target.timeout_s
                result = await z3950.check(target, options, deadline=ends)
            else:
                result = await sru.explain(session, target, max_bytes=settings.http.max_body_bytes)
    except TimeoutError:
        result = TargetTimeout(f"no answer within {target.timeout_s:g} s")
    except TargetError as exc:
        result = exc
    return target, result, (loop.time() - started) * 1000


async def check_targets(settings: Settings, out: TextIO) -> int:
    """Explain every target, printing each row as its answer arrives. Exit code 1 if any is down."""
    targets = settings.targets
    failures = 0
    print_check_header(out)
    async with open_session(settings) as session:
        pending = [_check_one(settings, session, t) for t in targets]
        for done in asyncio.as_completed(pending):
            target, result, elapsed_ms = await done
            failures += isinstance(result, TargetError)
            print_check_row(out, target, result, elapsed_ms)
    print_check_summary(out, len(targets), failures)
    return 1 if failures else 0


def _search_params(args: argparse.Namespace) -> QueryParams:
    """The command line as the search parameters the API takes: one parser for both."""
    pairs = [("q", " ".join(args.words))] if args.words else []
    pairs += [(name, getattr(args, name)) for name in (*FIELD_PARAMS, "cql") if getattr(args, name)]
    pairs += [("targets", target_id) for target_id in args.target or ()]
    pairs += [("literal", "1")] if args.literal else []
    return QueryParams(pairs)


async def run_search(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    request = replace(search_request(_search_params(args), settings.targets), fresh=True)
    async with open_session(settings) as session:
        service = SearchService(settings, session)
        try:
            if args.cached:
                cached = await service.search_cached(request)
                print_cached(out, cached)
                return 0 if cached.total else 1
            arrived: dict[str, TargetOutcome] = {}

            def hear(outcome: TargetOutcome) -> None:
                arrived[outcome.status.target] = outcome

            result = await service.search(request, on_outcome=hear)
            await service.cache.flush()  # written through, so --cached finds it later
        finally:
            await service.close()
    outcomes = [arrived.get(s.target) or TargetOutcome(status=s) for s in result.targets]
    print_search(out, request.query, outcomes, args.show)
    print_reading(out, result, args.show)
    return 0 if any(o.status.state is TargetState.OK for o in outcomes) else 1


def init_config(args: argparse.Namespace, out: TextIO) -> int:
    """federator init: a federator.toml to start from; never overwrites one unasked."""
    target = Path(args.output)
    if target.exists() and not args.force:
        print(f"federator init: {target} exists; --force overwrites it", file=sys.stderr)
        return 2
    if args.demo:
        from federator.demo.config_file import demo_toml

        text = demo_toml(args.base_port)
        what = f"the 13 demo catalogues on 127.0.0.1:{args.base_port}-{args.base_port + 12}"
    else:
        text = (files("federator.config") / "federator.example.toml").read_text(encoding="utf-8")
        what = "the county's 5 catalogues, with EXAMPLE addresses to replace"
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: {what}", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return run_demo_command(args)
    if args.command == "init":
        return init_config(args, sys.stdout)
    configure_logging(logging.INFO if args.verbose else logging.WARNING)
    try:
        settings = _settings(args)
        if args.command in ("serve", "search"):
            _claim_cache_directory(settings)
        if args.command == "serve":
            return serve(settings, args)
        if args.command == "targets":
            return asyncio.run(check_targets(settings, sys.stdout))
        return asyncio.run(run_search(settings, args, sys.stdout))
    except ConfigError as exc:
        print(f"federator: configuration error: {exc}", file=sys.stderr)
        return 2
    except ParamError as exc:
        print(f"federator: bad query: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
