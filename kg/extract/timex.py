"""Time expressions in a sentence, resolved against the publication date.

Never invent a date: an expression the text does not tie to a calendar day, month or year
(no publication date to anchor "on Wednesday", "the following days", "since May") resolves
to nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.extract.records import TimeValue
from kg.vocab import DatePrecision

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}

# Month and weekday names must be capitalised ("may" and "march" are verbs too).
_MONTH = r"(?P<month>(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.))"
_WEEKDAY = r"(?P<weekday>(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
# Words before an expression that make it a range bound or a deadline, not the event's time.
_BOUND = r"(?P<bound>since|until|till|before|by|from|after|through)\s+"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        # "6–9 August", "August 6-9", "between 6 and 9 August": the month, not a day
        (
            "day_range",
            rf"(?:(?:on|from|between)\s+)?(?:\d{{1,2}}\s*(?:[–—-]|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH.replace('month', 'month2')}\s+\d{{1,2}}\s*(?:[–—-]|to|and)\s*\d{{1,2}}\b)(?:,?\s+{_YEAR})?",
        ),
        (
            "month_day",
            rf"(?:{_BOUND})?(?:(?:on|in)\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?",
        ),
        (
            "day_month",
            rf"(?:{_BOUND})?(?:(?:on|in)\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",
        ),
        (
            "relative_days",
            # "two days later", "a week before,"; but "a day after seizing X" relates two events (see
            # events.timing.relative_time), it names no day by itself
            r"(?P<n>\d+|one|two|three|four|five|six|seven|a|an)\s+(?P<unit>days?|weeks?)\s+"
            r"(?P<dir>later|afterwards|after(?!\s+\w)|earlier|before(?!\s+\w)|ago)\b",
        ),
        (
            "next_day",
            r"(?:the\s+)?(?P<which>next|following|previous)\s+day\b|(?P<which2>the\s+day\s+(?:after|before))\b",
        ),
        # "later that day", "on the same day", "hours earlier": the day the text last named
        (
            "same_day",
            rf"(?:{_BOUND})?(?:(?:later|earlier)\s+)?(?:on\s+)?(?:that|the\s+same|that\s+same)\s+day\b"
            # "hours later", "a few hours earlier", "6 hours later"; not "48 hours later", "twelve hours later"
            r"|\b(?:a\s+few|several|some|two|three|four|five|six|[1-9])\s+hours\s+(?:earlier|later)\b"
            r"|(?<!\d\s)(?<!ty\s)(?<!teen\s)(?<!welve\s)(?<!even\s)(?<!eight\s)(?<!nine\s)(?<!ten\s)"
            r"\bhours\s+(?:earlier|later)\b",
        ),
        ("weekday", rf"(?:{_BOUND})?(?:(?P<mod>on|late|early|last|this|late\s+on|early\s+on)\s+)?{_WEEKDAY}{_PART}\b"),
        (
            "deictic",
            r"(?:(?:late|early)\s+)?(?P<deictic>overnight|last\s+night|tonight|today|this\s+(?:morning|afternoon|evening)|yesterday|earlier\s+today)\b",
        ),
        (
            "month",
            rf"(?:{_BOUND})?(?:(?:in|during)\s+)?(?:(?P<phase>early|mid|late|the\s+end\s+of|the\s+beginning\s+of)[\s-]+)?{_MONTH}(?:\s+{_YEAR})?\b",
        ),
        ("year", rf"(?:{_BOUND})?(?:in\s+)?{_YEAR}\b"),
        (
            "vague",
            r"\b(?:(?:the\s+)?(?:following|coming|past|last|recent|next)\s+(?:few\s+)?(?:days|weeks|months|years)|this\s+week|last\s+week|next\s+week|this\s+month|last\s+month|in\s+recent\s+(?:days|weeks|months)|for\s+(?:several\s+)?(?:days|weeks|months)|to\s+date|so\s+far|the\s+(?:first\s+)?weekend)\b",
        ),
    )
)


_MONTH_NAME = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
# A word each pattern cannot match without (a necessary condition, cheap to test): a sentence
# without it skips that pattern, whose optional leading groups make a failed scan slow.
_GATES: dict[str, re.Pattern[str]] = {
    kind: re.compile(gate, re.IGNORECASE)
    for kind, gate in (
        ("day_range", _MONTH_NAME),
        ("month_day", _MONTH_NAME),
        ("day_month", _MONTH_NAME),
        ("relative_days", r"day|week"),
        ("next_day", r"day"),
        ("same_day", r"day|hours"),
        ("weekday", r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"),
        ("deictic", r"night|today|morning|afternoon|evening|yesterday"),
        ("month", _MONTH_NAME),
        ("year", r"1[89]\d\d|20\d\d"),
        ("vague", r"day|week|month|year|date|far"),
    )
}

# A sentence without any of these has no time expression: skip the patterns.
_ANY_TIME_WORD = re.compile(
    r"\d|(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|night|today|yesterday|morning|afternoon|evening|later|earlier|ago|day|week|month|year|date|far|before",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression at ``[start, end)`` (offsets into the article text)."""

    start: int
    end: int
    text: str
    value: TimeValue | None
    """None when the expression fixes no calendar date (vague, a bound, or no anchor)."""
    absolute: bool
    """True when the expression names the calendar date itself (not a weekday or "overnight")."""
    full: bool = False
    """True for a date with its year ("15 August 2021", "March 2016"): later days take that year."""
    leading: bool = False
    """True when the expression opens its sentence ("On August 6, ...")."""


def _day(value: dt.date, text: str) -> TimeValue:
    return TimeValue(value=value.isoformat(), precision=DatePrecision.DAY, text=text)


def _last_weekday(anchor: dt.date, weekday: int, *, strictly_before: bool) -> dt.date:
    delta = (anchor.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _year_for(month: int, day: int | None, published: dt.date) -> int:
    """The year of a month(-day) with no year: the publication year, unless that date lies more than
    a week after publication (then the previous year: news reports the past)."""
    try:
        candidate = dt.date(published.year, month, day or 1)
    except ValueError:
        return published.year
    return published.year - 1 if candidate > published + dt.timedelta(days=7) else published.year


def _chronological_year(month: int, day: int, reference: dt.date) -> int:
    """The earliest year that puts the month-day no more than 90 days before the text's last full date (a
    chronology runs forward, with a look back at most a season): "between December 7, 2020 and February 18,
    2021 ... on December 22" is in 2020; "on 28 December 2014 ... on 2 January" in 2015; "on 10 January 2016
    ... on 20 July" in 2016; "on 1 October 2020 ... on 15 February" in 2021."""
    earliest = reference - dt.timedelta(days=90)
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            if dt.date(year, month, day) >= earliest:
                return year
        except ValueError:
            continue  # 29 February
    return reference.year


def resolve(
    match: re.Match[str],
    kind: str,
    *,
    published: dt.date | None,
    reference: dt.date | None,
    year: int | None = None,
    last_day: dt.date | None = None,
) -> TimeValue | None:
    """``year`` is the year the text has set so far (its last full date, else its headline's or its
    first bare year), used for "on 12 August" when the article has no publication date. ``last_day``
    is the last day the text named, in any paragraph: the day of "later that day"."""
    text = match.group(0)
    groups = match.groupdict()
    if groups.get("bound"):
        return None
    if kind in ("month_day", "day_month"):
        month, day = _month_number(groups["month"]), int(groups["day"])
        if groups.get("year"):
            year = int(groups["year"])
        elif published is not None:
            year = _year_for(month, day, published)
        elif year is None:
            return None
        elif reference is not None and reference.year == year:
            year = _chronological_year(month, day, reference)
        try:
            return _day(dt.date(year, month, day), text)
        except ValueError:
            return None
    if kind in ("month", "day_range"):
        month = _month_number(groups.get("month") or groups["month2"])
        if groups.get("year"):
            year = int(groups["year"])
        elif published is not None:
            year = _year_for(month, None, published)
        elif year is None:
            return None
        return TimeValue(value=f"{year:04d}-{month:02d}", precision=DatePrecision.MONTH, text=text)
    if kind == "year":
        return TimeValue(value=groups["year"], precision=DatePrecision.YEAR, text=text)
    if kind == "weekday":
        if published is None:
            return None
        mod = (groups.get("mod") or "").lower()
        weekday = WEEKDAYS[groups["weekday"].lower()]
        return _day(_last_weekday(published, weekday, strictly_before=mod == "last"), text)
    if kind == "deictic":
        if published is None:
            return None
        offset = 1 if groups["deictic"].lower() == "yesterday" else 0
        return _day(published - dt.timedelta(days=offset), text)
    if kind == "relative_days":
        n = int(groups["n"]) if groups["n"].isdigit() else NUMBERS[groups["n"].lower()]
        days = n * (7 if groups["unit"].lower().startswith("week") else 1)
        direction = groups["dir"].lower()
        if direction == "ago":
            return _day(published - dt.timedelta(days=days), text) if published else None
        if reference is None:
            return None
        sign = -1 if direction in ("earlier", "before") else 1
        return _day(reference + dt.timedelta(days=sign * days), text)
    if kind == "next_day":
        if reference is None:
            return None
        which = (groups.get("which") or groups.get("which2") or "").lower()
        sign = -1 if ("previous" in which or "before" in which) else 1
        return _day(reference + dt.timedelta(days=sign), text)
    if kind == "same_day":
        named = reference or last_day
        return _day(named, text) if named is not None else None
    return None  # vague


_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*]\s+)?")


def _day_named_before(found: list[TimeMention]) -> dt.date | None:
    """The last day a sentence has named so far: "On 5 August they took X, and later that day Y"."""
    day = next(
        (t.value for t in reversed(found) if t.absolute and t.value and t.value.precision == DatePrecision.DAY), None
    )
    return dt.date.fromisoformat(day.value) if day is not None else None


def find_times(
    text: str,
    offset: int,
    *,
    published: dt.date | None,
    reference: dt.date | None,
    year: int | None = None,
    last_day: dt.date | None = None,
) -> list[TimeMention]:
    """Time expressions in ``text`` (a sentence starting at ``offset`` in the article), longest first
    at each position, non-overlapping. ``year`` stands in for a missing publication date's year;
    ``last_day`` is the last day named before (see :func:`resolve`)."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    if not _ANY_TIME_WORD.search(text):
        return []
    for kind, pattern in _PATTERNS:
        if not _GATES[kind].search(text):
            continue
        for match in pattern.finditer(text):
            if match.group(0).strip():
                found.append((match.start(), match.end(), kind, match))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[TimeMention] = []
    taken_until = -1
    first_word = len(text) - len(_LIST_MARKER.sub("", text, count=1))  # "- May 20: ..." opens with its date
    for start, end, kind, match in found:
        if start < taken_until:
            continue
        named = _day_named_before(out) if kind == "same_day" else None
        value = resolve(match, kind, published=published, reference=named or reference, year=year, last_day=last_day)
        out.append(
            TimeMention(
                start=offset + start,
                end=offset + end,
                text=match.group(0),
                value=value,
                absolute=kind in ("month_day", "day_month", "month", "year") and value is not None,
                full=kind in ("month_day", "day_month", "day_range", "month")
                and value is not None
                and bool(match.group("year")),
                leading=start == first_word,
            )
        )
        taken_until = end
    return out
