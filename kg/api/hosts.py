"""The server's own address. Every IRI the server mints (the service description's endpoint, the
BASE of queries and updates, Graph Store graph names and Locations) starts with one canonical base
URL, ``KG_PUBLIC_URL``, never with the request's Host header; and a request whose Host is not one
the server answers to is refused with 400 before routing (``RequestGuard``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request

from kg.config import Settings

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")
"""Bind addresses that name no host: the default public URL says 127.0.0.1 instead."""
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Address:
    """Where the server is reached: its canonical base URL (no trailing slash) and the Host header
    values it answers (``host`` matches any port, ``host:port`` that port only; ``*`` anything)."""

    base: str
    hosts: frozenset[str]

    def iri(self, path: str) -> str:
        """The canonical IRI of a path on this server (``/sparql`` -> ``https://kg.example.org/sparql``)."""
        return self.base + path

    def answers(self, host: str | None) -> bool:
        """Whether a request with this Host header is served. A Host that is not a name or address
        with an optional port is not; a port left out is the scheme's default (80 for http)."""
        if "*" in self.hosts:
            return True
        match = _HOST.fullmatch((host or "").lower())
        if match is None:
            return False
        name, port = match.group(1), match.group(2) or str(_DEFAULT_PORTS[urlsplit(self.base).scheme])
        return name in self.hosts or f"{name}:{port}" in self.hosts


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?")
"""A Host header: a name, an IPv4 address or a bracketed IPv6 address, and an optional port."""


def _entry(value: str, default_port: int) -> str:
    """An allowed-hosts entry as :meth:`Address.answers` compares it: ``name`` (any port), or
    ``name:port`` with the scheme's default port written out."""
    match = _HOST.fullmatch(value)
    if match is None or match.group(2) is None:
        return value
    return f"{match.group(1)}:{match.group(2)}"


def address(settings: Settings, bind_host: str, bind_port: int) -> Address:
    """The address of a server bound to ``bind_host:bind_port``: ``settings.public_url`` (default
    ``http://HOST:PORT``, 127.0.0.1 for a wildcard HOST) and ``settings.allowed_hosts`` (default:
    the public URL's host, plus the loopback names on the bound port)."""
    bind_host = bind_host.strip("[]")  # "--host [::1]" and "--host ::1" alike
    host = "127.0.0.1" if bind_host in WILDCARDS else bind_host
    shown = f"[{host}]" if ":" in host else host
    port = "" if bind_port == _DEFAULT_PORTS["http"] else f":{bind_port}"
    base = (settings.public_url or f"http://{shown}{port}").rstrip("/")
    parts = urlsplit(base)
    default_port = _DEFAULT_PORTS[parts.scheme]
    if settings.allowed_hosts:
        hosts = {
            _entry(host.strip().lower(), default_port) for host in settings.allowed_hosts.split(",") if host.strip()
        }
    else:
        public = f"{parts.hostname if ':' not in (parts.hostname or '') else f'[{parts.hostname}]'}:{parts.port or default_port}"
        hosts = {public, *(f"{name}:{bind_port}" for name in LOOPBACK_NAMES)}
    return Address(base, frozenset(hosts))


def public_iri(request: Request) -> str:
    """The canonical IRI of the requested path (its query and fragment left out)."""
    server: Address = request.app.state.address
    return server.iri(request.url.path)
