"""The article body from cleaned text: dateline out, page furniture out, headline spotted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.article import Published
from kg.ingest.chrome import strip_chrome
from kg.ingest.dates import DAY_FIRST_LANGS, find_dateline
from kg.ingest.lang import guess_lang
from kg.ingest.sanitize import tidy_lines

# "KABUL, Afghanistan – The Taliban …", "NEW YORK (Reuters) - …": a news lede, not a headline.
_LEDE = re.compile(
    r"([^\W\d_][^\W\d_.'’ -]*(?:[ .'’-]{1,3}[^\W\d_]+){0,4})"
    r"(?:,[^,–—]{1,40}?|(?:,[^,–—]{1,40}?)? \([^()]{1,40}\)) {1,2}[–—-]{1,2} "
)
_SENTENCE_END = (".", "!", "?", '"', "”", "…", ":", ";", ",")
_HEADLINE_WORDS = (3, 25)
_LEAD_WINDOW = 5


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    title: str | None
    """The first line, when it looks like a headline."""
    published: Published | None
    """From a dateline with a publication cue; that line is not in ``text``."""


def clean_body(text: str, *, locale: str | None = None, lead: str | None = None) -> Body:
    """Body of sanitized ``text``; ``locale`` decides slash dates, ``lead`` is a headline to put first."""
    lines = text.split("\n")
    lang = locale or guess_lang(text)
    found = find_dateline(lines, dayfirst=lang in DAY_FIRST_LANGS)
    if found is not None:
        del lines[found[0]]
    lines = strip_chrome(lines)
    if lead and lead not in [line.strip() for line in lines if line.strip()][:_LEAD_WINDOW]:
        lines = [lead, "", *lines]
    body = tidy_lines(lines)
    first = body.partition("\n")[0].strip()
    title = first if "\n" in body and _looks_like_headline(first) else None
    return Body(body, title, found[1] if found else None)


def _looks_like_headline(line: str) -> bool:
    low, high = _HEADLINE_WORDS
    if not low <= len(line.split()) <= high or line.endswith(_SENTENCE_END):
        return False
    lede = _LEDE.match(line)
    return lede is None or not (lede.group(1).isupper() and len(lede.group(1)) >= 3)
