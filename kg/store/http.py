"""HTTP for remote stores: credentials, what a server's answer means, and bounded retries.

One answer (:class:`Reply`) is judged the same way whichever client fetched it: success, a
partial result (never used as complete), an error worth another attempt (:class:`Transient`), or
an error to report at once (a ``QueryError`` or ``StoreError`` with a message a user can act on).
"""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

import httpx

from kg.errors import (
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTruncatedError,
    StoreError,
    StoreUnavailableError,
)
from kg.store import virtuoso

T = TypeVar("T")


class Transient(Exception):
    """A failure another attempt may not have: connection refused or reset, 5xx, a Virtuoso
    checkpoint abort. Internal: it becomes :class:`StoreUnavailableError` once retries run out."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff: ``attempts`` tries, waiting base, 2*base, 4*base... (at most ``max_delay``)."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delays(self) -> Iterator[float]:
        for attempt in range(self.attempts - 1):
            yield min(self.base_delay * 2**attempt, self.max_delay)


def retrying(
    send: Callable[[], T], *, policy: RetryPolicy, what: str, sleep: Callable[[float], None] = time.sleep
) -> T:
    """``send()``, again after each :class:`Transient` failure while the policy allows."""
    delays = policy.delays()
    waited = 0.0
    while True:
        try:
            return send()
        except Transient as exc:
            delay = next(delays, None)
            if delay is None:
                raise StoreUnavailableError(
                    f"{what}: {exc} (gave up after {policy.attempts} attempts over {waited:.1f} s); "
                    "is the server running and reachable?"
                ) from exc
            sleep(delay)
            waited += delay


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer, whichever client fetched it. ``headers`` keys are lower-case."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def server(self) -> str:
        return self.headers.get("server", "")


def check(reply: Reply, *, what: str, is_virtuoso: bool) -> Reply:
    """``reply`` if it is a complete success; else raise what it means."""
    if 200 <= reply.status < 300:
        _check_complete(reply)
        return reply
    message = error_text(reply.body)
    status = reply.status
    if status in (401, 403):
        raise StoreError(
            f"{what}: the server refused access (HTTP {status}: {message}). Set KG_STORE_USER and "
            "KG_STORE_PASSWORD (Virtuoso: dba credentials on the digest-authenticated /sparql-auth "
            "endpoint, or GRANT SPARQL_UPDATE to the SPARQL user)"
        )
    if status == 404:
        if is_virtuoso:  # Virtuoso answers 404 while a checkpoint holds the database
            raise Transient(f"HTTP 404 from Virtuoso (a checkpoint?): {message}")
        raise StoreError(f"{what}: no SPARQL service at {reply.url} (HTTP 404)")
    if status in (408, 425, 429) or status >= 502:
        raise Transient(f"HTTP {status}: {message}")
    if status >= 500:
        if not is_virtuoso or virtuoso.is_transient(reply.body):
            raise Transient(f"HTTP {status}: {message}")
        if virtuoso.is_permission_error(reply.body):
            raise StoreError(
                f"{what}: Virtuoso refused the operation ({message}). Use the /sparql-auth endpoint with "
                'KG_STORE_USER / KG_STORE_PASSWORD, or GRANT SPARQL_UPDATE TO "SPARQL"'
            )
        raise QueryError(f"the server rejected it (HTTP {status}): {message}")
    if status == 400:
        raise QuerySyntaxError(f"the server rejected it (HTTP 400): {message}")
    raise QueryError(f"the server rejected it (HTTP {status}): {message}")


def _check_complete(reply: Reply) -> None:
    state = reply.headers.get("x-sql-state")
    message = reply.headers.get("x-sql-message", "")
    if state and (state.startswith("40") or virtuoso.is_transient(message.encode())):
        # Virtuoso can answer 200 to a request whose transaction deadlocked ("SR172: Transaction
        # deadlocked") and was rolled back: another attempt is worth it, the answer is not
        raise Transient(f"the server's transaction was aborted: {message[:200]}")
    if state == virtuoso.TIMEOUT_STATE:
        raise QueryTimeoutError("the query ran past its time limit (the server returned partial results)")
    if reply.status == 206 or state:
        detail = reply.headers.get("x-sql-message", "")[:200]
        raise ResultTruncatedError(
            f"the server returned partial results (HTTP {reply.status}, SQL state {state}): {detail}"
        )
    cap = reply.headers.get("x-sparql-maxrows")
    if cap:
        raise ResultTruncatedError(
            f"the server cut the result at {cap} rows (Virtuoso ResultSetMaxRows): add a LIMIT, or raise "
            "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"
        )


def error_text(body: bytes, limit: int = 300) -> str:
    """The server's error message, without the echo of the (possibly huge) request."""
    text = body.decode("utf-8", "replace")
    text = re.split(r"\n\s*SPARQL (?:query|update):", text, maxsplit=1)[0]
    text = re.sub(r"<[^>]+>", " ", text) if text.lstrip().startswith("<") else text
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- credentials -------------------------------------------------------------------------------------


class ChallengeAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server's challenge asks for (Virtuoso: Digest;
    Fuseki and GraphDB: Basic). The scheme is learnt from the first 401."""

    def __init__(self, user: str, password: str) -> None:
        self._schemes = {"basic": httpx.BasicAuth(user, password), "digest": httpx.DigestAuth(user, password)}
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is None:
            response = yield request
            challenge = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
            if response.status_code != 401 or challenge not in self._schemes:
                return
            self._scheme = challenge
        yield from self._schemes[self._scheme].auth_flow(request)


def httpx_auth(user: str, password: str) -> httpx.Auth | None:
    return ChallengeAuth(user, password) if user else None


def urllib_opener(url: str, user: str, password: str) -> urllib.request.OpenerDirector:
    """An opener of its own (never installed globally) answering Basic and Digest challenges."""
    if not user:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password)
    return urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
    )
