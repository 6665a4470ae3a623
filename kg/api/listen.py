"""The server's listening socket, bound before anything is printed or started, so a busy port is
one clear error (with the option that fixes it), not a traceback after the endpoint's URL; and
uvicorn serving the application on it."""

from __future__ import annotations

import errno
import os
import socket

import uvicorn
from fastapi import FastAPI

from kg.api.middleware import MAX_HEADER_BYTES
from kg.errors import ListenError


def listen(host: str, port: int, *, send_timeout: float) -> socket.socket:
    """A TCP socket listening on ``host:port``, bound as uvicorn binds one (IPv6 when the host is
    an IPv6 literal, else IPv4: ``localhost`` is 127.0.0.1); :class:`ListenError` when the address
    is in use or cannot be bound.

    Its connections are dropped by the kernel when what the server sends stays unread (or
    unacknowledged) for ``send_timeout`` seconds (TCP_USER_TIMEOUT, where the system has it): a
    closed connection's last bytes wait in its buffers, and a client that never reads would
    otherwise keep them, and the connection, forever."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if hasattr(socket, "TCP_USER_TIMEOUT"):  # Linux; accepted connections inherit it
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, max(1, round(send_timeout * 1000)))
        sock.bind((host, port))
        sock.listen(2048)
    except (socket.gaierror, UnicodeError) as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host!r}: not a host name or address this machine knows ({exc})") from None
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ListenError(
                f"{where} is already in use (another kg serve?); choose another port with --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise ListenError(
                f"not allowed to listen on {where} (ports below 1024 need privileges); choose another with --port"
            ) from None
        raise ListenError(f"cannot listen on {where}: {exc.strerror or exc}; check --host and --port") from None
    return sock


def run_server(application: FastAPI, listener: socket.socket, host: str, port: int) -> None:
    """Serve ``application`` on ``listener`` (bound to ``host:port``) until the server is stopped;
    then close the socket and the application's query workers."""
    try:
        config = uvicorn.Config(
            application,
            host=host,
            port=port,
            log_level=os.environ.get("KG_LOG_LEVEL", "warning"),
            server_header=False,
            http="h11",
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            timeout_graceful_shutdown=10,
        )
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        if application.state.workers is not None:
            application.state.workers.close()
