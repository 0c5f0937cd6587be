"""federator.toml + FEDERATOR_* environment -> a frozen `Settings`.

The only reader of os.environ (callers pass it in). Every mistake is a `ConfigError` naming the
file, the target and the key, raised at start, so a typo never surfaces as a failed search.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from federator.config.reader import (
    ConfigError,
    Rules,
    Where,
    checked_url,
    known_keys,
    read_table,
)
from federator.config.targets import parse_targets
from federator.ill.lenders import CRITERIA, LenderRules
from federator.models import Target
from federator.z3950.options import Z3950Options

__all__ = [
    "ConfigError",
    "Where",
    "Settings",
    "SharedSettings",
    "load_settings",
    "parse_settings",
    "config_path",
]

ENV_PREFIX = "FEDERATOR_"


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchSettings:
    deadline_s: float = 5.0  # one search never takes longer than this
    breaker_failures: int = 3  # consecutive failures that suspend a target
    breaker_cooldown_s: float = 30.0  # first suspension; doubles after each failed probe
    breaker_max_cooldown_s: float = 600.0
    recent_works: int = 1000  # merged works kept in memory for /api/v1/record/{id}
    # Records fetched from one catalogue for one search at most, the next pages included.
    max_fetch_depth: int = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpSettings:
    max_body_bytes: int = 10_000_000  # an answer larger than this is an error, read or not
    limit_per_host: int = 4  # parallel connections to one catalogue
    user_agent: str = "federator/0.1 (samsök Region Örebro län)"


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheSettings:
    enabled: bool = True
    path: str = ""  # the index directory; "" keeps it in memory (gone at exit)
    ttl_s: float = 180.0  # an identical search this recent is answered without the catalogues
    results: int = 200  # catalogue answers kept in the result cache
    merged: int = 50  # finished answers kept, so a repeat is not merged again
    merged_ttl_s: float = 60.0  # for at most this long (and never beyond ttl_s)
    max_documents: int = 200_000  # oldest records out first beyond this
    max_age_s: float = 2_592_000.0  # 30 days: older records are dropped
    commit_interval_s: float = 1.0  # write-through commits at most this often
    prune_interval_s: float = 60.0  # max_documents and max_age_s are applied this often
    writer_heap_mb: int = 20  # tantivy's indexing arena (15 at least)


@dataclass(frozen=True, slots=True, kw_only=True)
class LimitSettings:
    requests_per_minute: int = 300  # per client address, pages and API alike
    burst: int = 60  # requests a client may make at once before the rate applies
    max_live_searches: int = 32  # beyond this, searches are answered from the cache or 503
    max_request_bytes: int = 65_536  # request bodies (POST /sru) and URLs longer are refused
    clients_tracked: int = 10_000  # rate-limit memory stays bounded under many addresses


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerSettings:
    # How patrons and other systems reach this federator (links in OpenSearch and SRU
    # explain): never taken from a request's Host header. "" = http://HOST:PORT served on.
    public_url: str = ""
    # Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; nobody else's are.
    trusted_proxies: tuple[str, ...] = ()
    # A connection must send a whole request head within this; slow ones are closed.
    header_timeout_s: float = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedSettings:
    """State shared by every worker on every machine, on a Redis (or Valkey) server."""

    # redis://[:password@]host:port/db, rediss://..., unix:///path; "" keeps state per process.
    url: str = ""
    key_prefix: str = "federator:"  # every key we write starts with this; we touch no others
    # Each Redis call, connecting included; slower is a fault. 60 concurrent first calls on
    # this 2-core machine with 3 busy processes took up to 0.39 s, mostly opening connections.
    timeout_s: float = 0.5
    retry_s: float = 2.0  # after a fault, local state this long before Redis is tried again
    max_memory_mb: float = 256.0  # cached answers and works in Redis; oldest out beyond it
    works_ttl_s: float = 86_400.0  # works behind record pages kept this long in Redis

    @property
    def is_enabled(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True, slots=True, kw_only=True)
class PagesSettings:
    # Covers by ISBN: a URL with {isbn} (ISBN-13), e.g. Open Library's; "" shows no covers.
    # The patron's browser fetches them: the CSP admits that one origin for images.
    cover_url: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    targets: tuple[Target, ...]
    search: SearchSettings = field(default_factory=SearchSettings)
    http: HttpSettings = field(default_factory=HttpSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    shared: SharedSettings = field(default_factory=SharedSettings)
    ill: LenderRules = field(default_factory=LenderRules)
    # Z39.50 targets' connection options, by target id (SRU targets need none).
    z3950: tuple[tuple[str, Z3950Options], ...] = ()
    pages: PagesSettings = field(default_factory=PagesSettings)
    source: str = "<defaults>"

    @property
    def enabled_targets(self) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.enabled)

    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def z3950_options(self, target_id: str) -> Z3950Options | None:
        return next((o for i, o in self.z3950 if i == target_id), None)


_SECTIONS: dict[str, type] = {
    "search": SearchSettings,
    "http": HttpSettings,
    "cache": CacheSettings,
    "limits": LimitSettings,
    "server": ServerSettings,
    "shared": SharedSettings,
    "pages": PagesSettings,
    "ill": LenderRules,
}


_HTTP = ("http", "https")


def _public_url(data: Any, where: Where) -> str:
    if data == "":
        return ""
    return checked_url(data, where, "public_url", _HTTP, "an http(s) URL or ''").rstrip("/")


def _addresses(data: Any, where: Where) -> tuple[str, ...]:
    listed = data.split(",") if isinstance(data, str) else data  # the environment: a,b,c
    if not isinstance(listed, list) or not all(isinstance(a, str) for a in listed):
        raise ConfigError(where, "trusted_proxies", f"must be a list of addresses, got {data!r}")
    found = []
    for address in (a.strip() for a in listed if a.strip()):
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            message = f"{address!r} is not an IP address or network"
            raise ConfigError(where, "trusted_proxies", message) from None
        found.append(address)
    return tuple(found)


def _redis_url(data: Any, where: Where) -> str:
    if data == "":
        return ""
    describe = "a redis:// or rediss:// URL with a host, a unix:// socket path, or ''"
    if isinstance(data, str) and data.startswith("unix:"):
        return checked_url(data, where, "url", ("unix",), describe, needs_host=False)
    return checked_url(data, where, "url", ("redis", "rediss"), describe)


def _key_prefix(data: Any, where: Where) -> str:
    if not isinstance(data, str) or not data or any(c.isspace() for c in data):
        raise ConfigError(where, "key_prefix", f"must be a non-empty word, got {data!r}")
    return data


def _cover_url(data: Any, where: Where) -> str:
    if data == "":
        return ""
    checked_url(data, where, "cover_url", _HTTP, "an http(s) URL or ''")
    if "{isbn}" not in data:
        raise ConfigError(where, "cover_url", "must contain {isbn}")
    return str(data)


def _lender_order(data: Any, where: Where) -> tuple[str, ...]:
    listed = data.split(",") if isinstance(data, str) else data  # the environment: a,b,c
    if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
        raise ConfigError(where, "lender_order", f"must be a list of rule names, got {data!r}")
    names = [c.strip() for c in listed if c.strip()]
    for name in names:
        if name not in CRITERIA:
            message = f"{name!r} is not one of {', '.join(CRITERIA)}"
            raise ConfigError(where, "lender_order", message)
    if len(set(names)) != len(names):
        raise ConfigError(where, "lender_order", f"names a rule twice: {names!r}")
    return tuple(names)


_SECTION_RULES = Rules(positive=True)
_RULES = {
    "server": Rules(
        parsers={"public_url": _public_url, "trusted_proxies": _addresses},
        bounds={"header_timeout_s": (0.1, 300)},
    ),
    "shared": Rules(
        positive=True,
        parsers={"url": _redis_url, "key_prefix": _key_prefix},
        bounds={"timeout_s": (0.001, 10), "retry_s": (0.01, 3600), "max_memory_mb": (1, 1e6)},
    ),
    "pages": Rules(parsers={"cover_url": _cover_url}),
    "ill": Rules(parsers={"lender_order": _lender_order}, bounds={"suggestions": (1, 20)}),
}


def section_keys() -> dict[str, list[str]]:
    """Every [section] key, for the README check."""
    return {name: known_keys(cls) for name, cls in _SECTIONS.items()}


def parse_settings(
    data: Mapping[str, Any], environ: Mapping[str, str], source: str = "<string>"
) -> Settings:
    where = Where(source, "top level")
    for key in data:
        if key != "targets" and key not in _SECTIONS:
            raise ConfigError(
                where, key, f"unknown section; known: targets, {', '.join(_SECTIONS)}"
            )
    sections = {}
    for name, cls in _SECTIONS.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(where, name, "must be a table")
        prefix = f"{ENV_PREFIX}{name}_"
        rules = _RULES.get(name, _SECTION_RULES)
        at = Where(source, f"[{name}]")
        values = read_table(cls, table, at, rules, environ=environ, env_prefix=prefix)
        sections[name] = cls(**values)
    targets, z3950 = parse_targets(data.get("targets", []), source, environ)
    return Settings(targets=targets, z3950=tuple(z3950.items()), source=source, **sections)


def load_settings(path: Path | str, environ: Mapping[str, str] | None = None) -> Settings:
    """Read a TOML file; FEDERATOR_<SECTION>_<KEY> in `environ` overrides the file."""
    environ = os.environ if environ is None else environ
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(Where(str(path), "file"), "-", f"cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Where(str(path), "file"), "-", f"invalid TOML: {exc}") from None
    return parse_settings(data, environ, str(path))


def config_path(given: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """--config, else FEDERATOR_CONFIG, else ./federator.toml if it exists."""
    environ = os.environ if environ is None else environ
    if given:
        return Path(given)
    if environ.get(f"{ENV_PREFIX}CONFIG"):
        return Path(environ[f"{ENV_PREFIX}CONFIG"])
    local = Path("federator.toml")
    return local if local.exists() else None


def process_environment() -> Mapping[str, str]:
    """The environment, for entry points that build settings without a file (the demo)."""
    return os.environ
