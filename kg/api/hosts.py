"""The server's own address. Every IRI the server mints (the service description's endpoint, the
BASE of queries and updates, Graph Store graph names and Locations) starts with one canonical base
URL, ``KG_PUBLIC_URL``, never with the request's Host header; and a request whose Host is not one
the server answers to is refused with 400 before routing (``RequestGuard``)."""

from __future__ import annotations

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
        """Whether a request with this Host header is served."""
        if "*" in self.hosts:
            return True
        if not host:
            return False
        host = host.lower()
        name, _, port = _split(host)
        return host in self.hosts or (bool(port) and name in self.hosts)


def _split(host: str) -> tuple[str, str, str]:
    """``(name, ":", port)`` of ``host[:port]``, IPv6 literals in brackets kept whole."""
    if host.startswith("["):
        name, bracket, rest = host.partition("]")
        return name + bracket, rest[:1], rest[1:]
    return host.rpartition(":") if ":" in host else (host, "", "")


def address(settings: Settings, bind_host: str, bind_port: int) -> Address:
    """The address of a server bound to ``bind_host:bind_port``: ``settings.public_url`` (default
    ``http://HOST:PORT``, 127.0.0.1 for a wildcard HOST) and ``settings.allowed_hosts`` (default:
    the public URL's host, plus the loopback names on the bound port)."""
    host = "127.0.0.1" if bind_host in WILDCARDS else bind_host
    shown = f"[{host}]" if ":" in host else host
    base = (settings.public_url or f"http://{shown}:{bind_port}").rstrip("/")
    if settings.allowed_hosts:
        hosts = {host.strip().lower() for host in settings.allowed_hosts.split(",") if host.strip()}
    else:
        parts = urlsplit(base)
        public = parts.netloc.lower()
        if parts.port == _DEFAULT_PORTS[parts.scheme]:  # browsers leave a default port out of Host
            public = _split(public)[0]
        hosts = {public, *(f"{name}:{bind_port}" for name in LOOPBACK_NAMES)}
    return Address(base, frozenset(hosts))


def public_iri(request: Request) -> str:
    """The canonical IRI of the requested path (its query and fragment left out)."""
    server: Address = request.app.state.address
    return server.iri(request.url.path)
