"""The server's listening socket, bound before anything is printed or started, so a busy port is
one clear error (with the option that fixes it), not a traceback after the endpoint's URL."""

from __future__ import annotations

import errno
import socket

from kg.errors import ListenError


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host:port`` (an IPv6 literal gives an IPv6 socket), as uvicorn
    binds one; :class:`ListenError` when the address is in use or cannot be bound."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ListenError(f"cannot listen on {host!r}: not a host name or address this machine knows ({exc})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            raise ListenError(f"{where} is already in use (another kg serve?); choose another port with --port") from None
        if exc.errno == errno.EACCES:
            raise ListenError(f"not allowed to listen on {where} (ports below 1024 need privileges); choose another with --port") from None
        raise ListenError(f"cannot listen on {where}: {exc.strerror or exc}; check --host and --port") from None
    return sock
