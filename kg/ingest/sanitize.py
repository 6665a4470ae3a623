"""Text normalisation shared by every input: newlines, NFC, control characters, blank lines, labels."""

from __future__ import annotations

import re
import unicodedata

from pyoxigraph import NamedNode

_NEWLINES = re.compile("[\r\u0085\u2028\u2029]")
# C0 controls except TAB and LF, DEL, C1 controls, surrogates, BMP noncharacters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Where the astral noncharacters U+1FFFE, U+1FFFF … U+10FFFF live (one range keeps the scan fast).
_HIGH_PLANES = re.compile("[\U0001fffe-\U0010ffff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SCRIPT_LIKE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG_LIKE = re.compile(r"<[^<>]{0,500}>")
_URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\^{}|]")
_MAX_LABEL = 1000
_MAX_URL = 2048


def clean_chars(text: str) -> str:
    """Normalise newlines to ``\\n``, drop control/noncharacter code points and a leading BOM, apply NFC."""
    text = _NEWLINES.sub("\n", text.replace("\r\n", "\n"))
    text = _BAD_CHARS.sub("", text.removeprefix("\ufeff"))
    text = _HIGH_PLANES.sub(_keep_unless_noncharacter, text)
    return unicodedata.normalize("NFC", text)


def tidy_lines(lines: list[str]) -> str:
    """Join lines: trailing whitespace stripped, runs of blank lines collapsed to one, no blank edges."""
    text = "\n".join(line.rstrip() for line in lines)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def sanitize(text: str) -> str:
    """:func:`clean_chars` then :func:`tidy_lines` over the whole text."""
    return tidy_lines(clean_chars(text).split("\n"))


def clean_label(value: object) -> str | None:
    """A one-line metadata string (title, outlet): cleaned, markup-like runs removed; None if empty."""
    if not isinstance(value, str):
        return None
    text = _SCRIPT_LIKE.sub(" ", clean_chars(value[: _MAX_LABEL * 4]))
    text = " ".join(_TAG_LIKE.sub(" ", text).split())[:_MAX_LABEL]
    return text or None


def http_url(value: object) -> str | None:
    """``value`` stripped, if it is an absolute http(s) URL without spaces, quotes, controls or
    noncharacters (and in NFC) that is a valid IRI; else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or rest[0] == "/" or len(url) > _MAX_URL:
        return None
    if _URL_FORBIDDEN.search(url) or clean_chars(url) != url:
        return None
    try:
        NamedNode(url)  # a valid IRI (no U+FFFD, no bad percent-escape, a valid authority...)
    except ValueError:
        return None
    return url


def _keep_unless_noncharacter(match: re.Match[str]) -> str:
    char = match.group()
    return "" if ord(char) & 0xFFFE == 0xFFFE else char
