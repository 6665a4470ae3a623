"""Publication dates: ISO 8601 metadata values, written dates (en/ro/es) and datelines with a cue."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.ingest.article import Published

DAY_FIRST_LANGS = frozenset({"ro", "es", "fr", "de", "it", "pt"})
"""Languages whose slash dates (``03/04/2024``) are read day first."""

_MONTH_NAMES = (
    ("january", "jan", "enero", "ene", "ianuarie", "ian"),
    ("february", "feb", "febrero", "februarie"),
    ("march", "mar", "marzo", "martie"),
    ("april", "apr", "abril", "abr", "aprilie"),
    ("may", "mayo", "mai"),
    ("june", "jun", "junio", "iunie", "iun"),
    ("july", "jul", "julio", "iulie", "iul"),
    ("august", "aug", "agosto", "ago"),
    ("september", "sep", "sept", "septiembre", "setiembre", "septembrie"),
    ("october", "oct", "octubre", "octombrie"),
    ("november", "nov", "noviembre", "noiembrie", "noi"),
    ("december", "dec", "diciembre", "dic", "decembrie"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun"
    "|luni|marți|marţi|marti|miercuri|joi|vineri|sâmbătă|sâmbăta|sambata|sîmbătă|duminică|duminica"
    "|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?<![\w.])(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<na>\d{1,2})(?P<sep>[./-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4})"
    rf"|(?P<dd>\d{{1,2}}){_ORD}\.?[ \t]{{0,3}}(?:de[ \t]{{1,3}})?(?P<dm>{_MONTH})\b\.?,?[ \t]{{0,3}}"
    r"(?:del?[ \t]{1,3})?(?P<dy>\d{4})"
    rf"|(?P<mm>{_MONTH})\b\.?[ \t]{{1,3}}(?P<md>\d{{1,2}}){_ORD},?[ \t]{{1,3}}(?P<my>\d{{4}})"
    r")(?!\d)"
)
_TIME = (
    r"(?:[ \t]{0,3}(?:[-–—,|@T]|at|la|a las)?[ \t]{0,3}"
    r"(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2}))?(?![\d:])"
    r"(?:[ \t]{0,2}(?P<ampm>[ap]\.?m\.?)(?![\w.]))?"
    r"(?:[ \t]{0,2}(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})(?![\w]))?)?"
)
_DATE_TIME = re.compile(_DATE + _TIME, re.IGNORECASE)
_WEEKDAY_PREFIX = re.compile(rf"(?:{_WEEKDAYS})\b\.?,?[ \t]{{1,3}}", re.IGNORECASE)
_PUBLISHED_CUE = re.compile(
    r"(?P<cue>last updated|updated|actualizat|actualizado"
    r"|published|posted|publicat|publicată|publicado|publicada)\b"
    r"(?:[ \t]{1,3}(?:on|at|la|pe|în|el|a las))?[ \t]{0,3}:?[ \t]{0,3}",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:by|por)[ \t]+(?P<name>[^\W\d_][^\d,|–—]{0,60}?)[ \t]*[,|–—][ \t]*", re.IGNORECASE)
_UPDATED_CUES = frozenset({"last updated", "updated", "actualizat", "actualizado"})
_ISO_LIKE = re.compile(r"\d{4}-?\d{2}-?\d{2}|\d{4}-W\d{2}(?:-\d)?")
_MIN_YEAR, _MAX_YEAR = 1900, 2199
_HEADLINE_MIN_WORDS = 4
# "Kabul, 3 August 2021": a place, a comma, a full date and nothing else.
_PLACE_DATE = re.compile(r"[A-Z][^\W\d_]*(?:[ .'’-]{1,2}[A-Z][^\W\d_]*){0,3},[ \t]*")
# "KABUL, Aug 12 (Reuters) -": a wire dateline with month and day but no year.
_WIRE_DATELINE = re.compile(
    rf"[A-Z][A-Za-z .'’-]{{1,40}}(?:,[ \t]*[A-Z][A-Za-z .'’-]{{1,40}})?,[ \t]*(?P<month>{_MONTH})\.?[ \t]+(?P<day>\d{{1,2}})"
    r"[ \t]*\([^()]{2,30}\)[ \t]*[-–—]",
    re.IGNORECASE,
)
_MAX_LINE = 200
_DATELINE_WINDOW = 15


@dataclass(frozen=True, slots=True)
class _Found:
    value: dt.date | dt.datetime
    end: int


def parse_iso(text: str) -> dt.date | dt.datetime | None:
    """An ISO 8601 date or date-time (``Z`` and offsets allowed), or None."""
    text = text.strip()
    if not 8 <= len(text) <= 40 or not text[:4].isdigit():
        return None
    try:
        if _ISO_LIKE.fullmatch(text):
            value: dt.date | dt.datetime = dt.date.fromisoformat(text)
        else:
            value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if _MIN_YEAR <= value.year <= _MAX_YEAR else None


def is_date_line(line: str) -> bool:
    """True when ``line`` is only a date (optionally with weekday and time), e.g. a page-render date."""
    rest = _strip_weekday(line.strip())
    if len(rest) > 80:
        return False
    match = _DATE_TIME.match(rest)
    return match is not None and match.end() == len(rest)


def find_dateline(lines: Sequence[str], *, dayfirst: bool | None) -> tuple[int, Published] | None:
    """The index and date of the dateline with a publication cue among the first non-blank lines.

    Cues: ``SECTION | DATE``, ``Published:/Posted:/Updated:/Publicat:/Publicado: DATE`` and
    ``By NAME, DATE``. A ``Published`` date is preferred to an ``Updated`` one.
    """
    updated: tuple[int, Published] | None = None
    seen = 0
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        seen += 1
        if seen > _DATELINE_WINDOW:
            break
        if len(text) > _MAX_LINE:
            continue
        found, is_update = _dateline_date(text, dayfirst)
        if found is None:
            continue
        hit = (index, Published(value=found.value, text=text, origin="dateline"))
        if not is_update:
            return hit
        updated = updated or hit
    return updated or _confirmed_header_date(lines) or _date_under_headline(lines)


def _nonblank(lines: Sequence[str], limit: int) -> list[tuple[int, str]]:
    out = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    return out[:limit]


def _confirmed_header_date(lines: Sequence[str]) -> tuple[int, Published] | None:
    """A header timestamp ("August 12, 2021 11:06 AM UTC") that the wire dateline of the story
    confirms ("KABUL, Aug 12 (Reuters) - ..."): the same month and day."""
    head = _nonblank(lines, _DATELINE_WINDOW)
    wire = next((m for _, text in head if (m := _WIRE_DATELINE.match(text))), None)
    if wire is None:
        return None
    month, day = _MONTHS[wire.group("month").lower().rstrip(".")], int(wire.group("day"))
    for index, text in head:
        if is_date_line(text) and (found := _date_at(text, None)) is not None:
            value = found.value
            if (value.month, value.day) == (month, day):
                return index, Published(value=value, text=text, origin="dateline")
    return None


def _date_under_headline(lines: Sequence[str]) -> tuple[int, Published] | None:
    """A date line right under the headline (``Monday, August 16, 2021``): the article's date. A date
    line above the headline is a page-render date and is not used."""
    head = _nonblank(lines, 2)
    if len(head) < 2 or is_date_line(head[0][1]) or len(head[0][1].split()) < _HEADLINE_MIN_WORDS:
        return None
    index, text = head[1]
    found = _date_at(text, None) if is_date_line(text) else None
    return (index, Published(value=found.value, text=text, origin="dateline")) if found else None


def _dateline_date(text: str, dayfirst: bool | None) -> tuple[_Found | None, bool]:
    cue = _PUBLISHED_CUE.match(text)
    if cue is not None:
        return _date_at(text[cue.end() :], dayfirst), cue.group("cue").lower() in _UPDATED_CUES
    byline = _BYLINE.match(text)
    if byline is not None and _is_name(byline.group("name")):
        return _date_at(text[byline.end() :], dayfirst), False
    place = None if _WEEKDAY_PREFIX.match(text) else _PLACE_DATE.match(text)
    if place is not None:  # a press-release dateline: "Kabul, 3 August 2021" (not "Tuesday, ...")
        found = _date_at(text[place.end() :], dayfirst)
        if found is not None and not text[place.end() + found.end :].strip():
            return found, False
    label, bar, rest = text.partition("|")
    label = label.strip()
    if bar and label and len(label) <= 40 and len(label.split()) <= 4 and not any(c.isdigit() for c in label):
        return _date_at(rest.strip(), dayfirst), False
    return None, False


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(w[0].isupper() for w in words)


def _strip_weekday(text: str) -> str:
    match = _WEEKDAY_PREFIX.match(text)
    return text[match.end() :] if match else text


def _date_at(text: str, dayfirst: bool | None) -> _Found | None:
    """The date (and time) written at the very start of ``text``, after an optional weekday."""
    rest = _strip_weekday(text)
    match = _DATE_TIME.match(rest)
    if match is None:
        return None
    value = _to_value(match, dayfirst)
    return None if value is None else _Found(value, len(text) - len(rest) + match.end())


def _to_value(match: re.Match[str], dayfirst: bool | None) -> dt.date | dt.datetime | None:
    g = match.group
    if g("iy"):
        year, month, day = int(g("iy")), int(g("im")), int(g("id"))
    elif g("ny"):
        year, first, second = int(g("ny")), int(g("na")), int(g("nb"))
        if g("sep") != "/" or first > 12 or (dayfirst and second <= 12):
            day, month = first, second
        elif second > 12:
            month, day = first, second
        else:
            return None  # 03/04/2024 without a day-first locale: ambiguous
    elif g("dy"):
        year, month, day = int(g("dy")), _MONTHS[g("dm").lower()], int(g("dd"))
    else:
        year, month, day = int(g("my")), _MONTHS[g("mm").lower()], int(g("md"))
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return _with_time(date, match) if g("h") else date


def _with_time(date: dt.date, match: re.Match[str]) -> dt.date | dt.datetime:
    hour, minute, second = int(match.group("h")), int(match.group("min")), int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").lower()[:1]
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    tz = match.group("tz")
    try:
        tzinfo: dt.tzinfo | None = None
        if tz and tz.upper() in ("Z", "UTC", "GMT"):
            tzinfo = dt.UTC
        elif tz:
            digits = tz[1:].replace(":", "")
            offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            tzinfo = dt.timezone(-offset if tz[0] == "-" else offset)
        return dt.datetime(date.year, date.month, date.day, hour, minute, second, tzinfo=tzinfo)
    except ValueError:
        return date
