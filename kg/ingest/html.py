"""HTML pages: the main text and metadata (title, URL, outlet, publication date), by trafilatura.

kg keeps its own guards around the library: the page arrives decoded, cleaned of control characters and
within :mod:`kg.ingest.markup`'s limits; lxml parses it with network access off; trafilatura and htmldate
get the parsed tree, so nothing is fetched (htmldate is given the page's own URL only to read a date in its
path); the reader's per-file time limit covers the call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import lxml.html  # type: ignore[import-untyped]  # lxml ships no stubs (lxml-stubs is a separate package)
from lxml import etree

from kg.errors import SkippedInput
from kg.ingest.article import Published
from kg.ingest.sanitize import clean_chars, clean_label, http_url

_MAX_HEADLINE = 300
# Never text, and never for the library to read: code, embedded documents, form controls.
_ALWAYS_DROP = frozenset("script style noscript template iframe svg canvas object embed button select textarea".split())
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Dates come from the page's markup (meta tags, JSON-LD, <time>, date-classed elements), the URL last;
# htmldate takes the earliest plausible one (original_date). Running text is not searched: kg's dateline
# reader, which knows the page's language, reads the text when the markup has no date.
_DATE_SEARCH: dict[str, bool | str] = {
    "extensive_search": False,
    "original_date": True,
    "deferred_url_extractor": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",  # the time and offset when the page gives them, else midnight
}
_ARTICLE_H1 = "//article//h1 | //*[@itemprop='articleBody']//h1 | //main//h1"
"""Headlines inside the article's markup, which beat a site logo set in an ``<h1>``."""
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", ": ")
_FALLBACK_DEPTH = 200
"""Deeper trees skip trafilatura's fallback extractors (readability, jusText), whose time grows with
depth times paragraphs; real pages nest a few dozen levels, a hostile one thousands."""
_FALLBACK_ELEMENTS = 10_000
"""Larger trees skip the fallbacks too (the 181 pages of the article-extraction benchmark have at most 1,600)."""
MAX_ELEMENTS = 30_000
"""Elements left after scripts, styles and hidden ones are dropped. The extractor's XPath queries are
single calls into libxml2 that grow faster than linearly (50,000 paragraphs take 4 s) and that the
per-file deadline cannot interrupt, so larger pages are refused with reason ``too_complex``."""


def _no_fetching(*_: object, **__: object) -> bool:
    raise SkippedInput("too_complex", "the public-suffix list is missing, and kg never downloads it")


@cache
def _libraries() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """trafilatura's ``bare_extraction`` and htmldate's ``find_date``, imported on the first page (plain
    text never pays for them), with their data files read then, not halfway through a page, and a
    missing public-suffix list never turned into a download (tld would fetch it from the web)."""
    import tld.base
    import tld.utils
    import trafilatura.external
    from htmldate import find_date
    from trafilatura import bare_extraction

    tld.base.BaseTLDSourceParser.update_tld_names = classmethod(_no_fetching)  # type: ignore[method-assign, assignment]  # a guard, not an override
    tld.utils.get_tld_names()
    trafilatura.external.jt_stoplist_init()
    return bare_extraction, find_date


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What an HTML page says about itself, and its main text (before the plain-text chrome filter)."""

    text: str
    headline: str | None
    """The page's headline, to lead the body."""
    title: str | None
    url: str | None
    outlet: str | None
    published: Published | None
    """From the page's date markup (meta tags, JSON-LD, ``<time>``, date-classed elements) or its URL."""
    locale: str | None
    """Primary language subtag from ``<html lang>`` or ``og:locale``."""


EMPTY_PAGE = HtmlPage("", None, None, None, None, None, None)


def parse_html(text: str) -> HtmlPage:
    """Parse ``text`` (decoded, control characters removed, within :mod:`kg.ingest.markup`'s
    limits) with lxml, then take the main text and metadata with trafilatura (dates by htmldate).
    ``huge_tree`` lifts libxml2's limits on nesting (256 levels to 2,048) and on the length of one
    text node (10 MB)."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return EMPTY_PAGE
    if root is None:
        return EMPTY_PAGE
    meta = _meta(root)
    locale = _locale(root, meta)
    for el in [el for el in root.iter() if _never_text(el)]:
        _drop(el)
    _clean_text(root)
    _collapse_breaks(root)
    elements, depth = _shape(root)
    if elements > MAX_ELEMENTS:
        raise SkippedInput("too_complex", f"more than {MAX_ELEMENTS} elements for the text extractor")
    bare_extraction, find_date = _libraries()
    url = http_url(_canonical(root)) or http_url(meta.get("og:url"))
    try:
        found = find_date(root, url=url, **_DATE_SEARCH)
    except (ValueError, OverflowError):  # a date markup out of range ("+99:00")
        found = None
    published = _published(found)
    document = bare_extraction(
        root,
        fast=depth > _FALLBACK_DEPTH or elements > _FALLBACK_ELEMENTS,
        include_comments=False,  # reader comments are not the article
        favor_precision=True,  # keeps more page furniture out
        with_metadata=True,
    )
    if document is None or isinstance(document, dict):
        return HtmlPage("", None, None, None, None, published, locale)
    outlet = _outlet(meta, document.sitename)
    marked = _headline(root.xpath(_ARTICLE_H1), outlet)
    headline = marked or _headline(root.iter("h1"), outlet)
    return HtmlPage(
        text=_paragraphs(clean_chars(document.text or "")),
        headline=headline if headline and len(headline) <= _MAX_HEADLINE else None,
        title=marked or _strip_site(clean_label(document.title), outlet, headline) or headline,
        url=url or http_url(document.url),
        outlet=outlet,
        published=published,
        locale=locale,
    )


def _never_text(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    tag = el.tag.lower()
    if tag == "script" and "ld+json" in (el.get("type") or "").lower():
        return False  # JSON-LD metadata, which trafilatura and htmldate read (and never put in the text)
    if tag in _ALWAYS_DROP:
        return True
    hidden = (
        el.get("hidden") is not None
        or (el.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )
    # a modal's aria-hidden wrapper around the whole page stays: never drop the article with it
    return hidden and not el.xpath("boolean(.//article | .//main | .//*[@itemprop='articleBody'])")


def _clean_text(root: etree._Element) -> None:
    """Control characters that character references let in (``&#1;``) out of every text node: lxml
    refuses to copy a tree that holds them, and the library copies the tree it is given."""
    for el in root.iter():
        if el.text and _CONTROL.search(el.text):
            el.text = clean_chars(el.text)
        if el.tail and _CONTROL.search(el.tail):
            el.tail = clean_chars(el.tail)


def _collapse_breaks(root: etree._Element) -> None:
    """One ``<br>`` for a run of them with nothing between (flattened markup is full of such runs)."""
    for br in list(root.iter("br")):
        following = br.getnext()
        if following is not None and following.tag == "br" and not (br.tail or "").strip():
            br.getparent().remove(br)


def _drop(el: etree._Element) -> None:
    """Remove ``el`` and its content, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:  # lxml refuses to store control characters that character references let in
        previous = el.getprevious()
        if previous is not None:
            previous.tail = clean_chars((previous.tail or "") + el.tail)
        else:
            parent.text = clean_chars((parent.text or "") + el.tail)
    parent.remove(el)


def _headline(h1s: Iterable[etree._Element], outlet: str | None) -> str | None:
    return next((h for el in h1s if (h := clean_label(_text_of(el))) and h != outlet), None)


def _shape(root: etree._Element) -> tuple[int, int]:
    """How many elements the tree holds, and how deep it nests."""
    elements = deepest = depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            elements += 1
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return elements, deepest


def _meta(root: etree._Element) -> dict[str, str]:
    """The page's ``<meta>`` contents by property or name (lower case)."""
    return {
        (el.get("property") or el.get("name") or "").lower(): el.get("content")
        for el in root.iter("meta")
        if el.get("content")
    }


def _outlet(meta: dict[str, str], sitename: str | None) -> str | None:
    """``og:site_name`` or ``application-name``, else trafilatura's guess unless it is a host name or
    the Twitter handle (``NYTimes``, ``planet.example``)."""
    named = clean_label(meta.get("og:site_name")) or clean_label(meta.get("application-name"))
    guess = clean_label(sitename)
    handle = (meta.get("twitter:site") or "").lstrip("@").casefold()
    if named or not guess or "." in guess or guess.lstrip("@").casefold() == handle:
        return named
    return guess


def _strip_site(title: str | None, outlet: str | None, headline: str | None) -> str | None:
    """``"Headline | Site"`` and ``"Site: Headline"`` → ``"Headline"`` when ``Site`` is the outlet, or
    when the rest is the page's headline."""
    if not title:
        return title
    site = (outlet or "").casefold()
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and (tail.strip().casefold() == site or head.strip() == headline):
            return head.strip()
        head, found, tail = title.partition(sep)
        if found and tail.strip() and (head.strip().casefold() == site or tail.strip() == headline):
            return tail.strip()
    return title


def _canonical(root: etree._Element) -> str | None:
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split():
            href: str | None = el.get("href")
            return href
    return None


def _text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _paragraphs(text: str) -> str:
    """trafilatura's one paragraph per line, as blank-line-separated paragraphs."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _locale(root: etree._Element, meta: dict[str, str]) -> str | None:
    raw = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or meta.get("og:locale")
    code = re.split(r"[-_]", raw.strip().lower(), maxsplit=1)[0] if raw else ""
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _published(value: str | None) -> Published | None:
    """htmldate's date-time; a naive midnight is a day (htmldate's mark for a date without a time)."""
    try:
        when = dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if when is None or value is None:
        return None
    day_only = when.tzinfo is None and when.time() == dt.time()
    return Published(value=when.date() if day_only else when, text=value, origin="htmldate")
