"""One exception tree for everything kg raises on purpose.

Every error carries a message a user can act on. Subclasses also derive from the matching
built-in (``ValueError``, ``OSError``, ``SyntaxError``, ``TimeoutError``) so callers that only
know the standard library can still catch them sensibly.
"""

from __future__ import annotations


def brief(message: str, limit: int = 200) -> str:
    """``message`` on one line, cut at ``limit`` characters (a parser's list of hundreds of expected
    tokens, a server's multi-line reason)."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class KgError(Exception):
    """Base class of all kg errors."""


class ConfigError(KgError, ValueError):
    """A setting (CLI option or ``KG_*`` environment variable) is invalid."""


class InputError(KgError):
    """An input article cannot be used."""


class SkippedInput(InputError):
    """An input was deliberately not ingested; ``reason`` is a short machine-readable code.

    Reason codes: ``empty``, ``binary``, ``too_large``, ``too_complex``, ``encoding``, ``unsupported``,
    ``not_a_file``, ``symlink``, ``missing``, ``unreadable``, ``timeout``.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class ExtractionError(KgError):
    """The extractor failed on an article (the build records it and carries on)."""


class ModelNotFoundError(ExtractionError):
    """The spaCy model is not installed."""


class ClusterError(KgError, ConnectionError):
    """The Dask cluster of ``kg build --scheduler`` cannot be reached, went away, or its workers
    cannot load kg's extractor."""


class StoreError(KgError, OSError):
    """The triple store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store open for writing."""


class StoreUnavailableError(StoreError):
    """The store stopped answering (a remote server down or unreachable, after bounded retries)."""


class QueryError(KgError, ValueError):
    """A SPARQL query or update was rejected or failed."""


class QuerySyntaxError(QueryError, SyntaxError):
    """The query does not parse."""

    def __init__(self, message: str) -> None:
        SyntaxError.__init__(self, message)

    def __str__(self) -> str:
        return str(self.msg)


class QueryRefusedError(QueryError):
    """The query uses a feature kg refuses (SERVICE, LOAD, updates on a read-only endpoint...)."""


class QueryTooComplexError(QueryError):
    """The query nests deeper than the configured limit."""


class QueryTimeoutError(QueryError, TimeoutError):
    """The query ran past its deadline."""


class ResultTruncatedError(QueryError):
    """The server returned partial results (a row cap or a time limit): never used as complete."""


class ListenError(KgError, OSError):
    """``kg serve`` cannot listen on the address it was given (in use, not allowed, unknown)."""


class ValidationError(KgError):
    """SHACL validation could not be run (not: the data does not conform)."""
