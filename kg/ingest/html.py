"""HTML pages: metadata (title, URL, outlet, publication date) and the main text with chrome removed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs (lxml-stubs is a separate package)
from lxml.etree import _Element as Element  # type: ignore[import-untyped]  # as above

from kg.ingest.article import Published
from kg.ingest.dates import DAY_FIRST_LANGS, parse_date
from kg.ingest.jsonld import find_article
from kg.ingest.sanitize import clean_chars, clean_label, http_url

_ALWAYS_DROP = frozenset("script style noscript template iframe svg canvas object embed button select textarea".split())
_DROP_UNLESS_PROTECTED = frozenset({"form", "nav", "aside"})
_CHROME_WORDS = frozenset(
    "menu nav navbar navigation cookie cookies consent gdpr share sharing social related comment comments "
    "sidebar widget widgets newsletter subscribe subscription advert advertisement advertising ad ads "
    "promo breadcrumb breadcrumbs popup".split()
)
_CLASS_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PARAGRAPH_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol dl blockquote pre table figure figcaption section article main header footer "
    "div address details summary hr".split()
)
_LINE_TAGS = frozenset({"li", "br", "tr", "dt", "dd"})
_CELL_TAGS = frozenset({"td", "th"})
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_SEMANTIC_QUERIES = ("//*[@itemprop='articleBody']", "//article", "//main")
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "date")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_MAX_HEADLINE = 300


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What an HTML page says about itself, and its main text (before the plain-text chrome filter)."""

    text: str
    headline: str | None
    """The first ``<h1>`` (other than the site name), to lead the body."""
    title: str | None
    url: str | None
    outlet: str | None
    published: Published | None
    locale: str | None
    """Primary language subtag from ``<html lang>`` or ``og:locale``."""


EMPTY_PAGE = HtmlPage("", None, None, None, None, None, None)


def parse_html(text: str) -> HtmlPage:
    """Parse ``text`` (decoded, control characters removed, within :mod:`kg.ingest.markup`'s
    limits) with lxml; never fetches anything. ``huge_tree`` lifts libxml2's limits on nesting
    (256 levels to 2,048) and on the length of one text node (10 MB)."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return EMPTY_PAGE
    if root is None:
        return EMPTY_PAGE
    meta = _meta(root)
    article = find_article(el.text or "" for el in root.iter("script") if "ld+json" in (el.get("type") or "").lower())
    for el in [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in _ALWAYS_DROP]:
        _drop(el)
    locale = _locale(root, meta)
    outlet = clean_label(meta.get("og:site_name")) or clean_label(article and article.publisher)
    page_h1 = _first_h1(root, outlet)
    _drop_chrome(root)
    container, semantic = _container(root)
    headline = _first_h1(container, outlet) or page_h1
    published = _meta_date(meta, locale) or _published(article and article.date_published, "jsonld", locale)
    if published is None and semantic:
        published = _time_date(container, locale)
    title_el = root.find(".//title")
    title_text = title_el.text if title_el is not None else None
    title = next((t for t in map(clean_label, (meta.get("og:title"), title_text, headline)) if t), None)
    return HtmlPage(
        text=_serialize(container),
        headline=headline if headline and len(headline) <= _MAX_HEADLINE else None,
        title=_strip_site(title, outlet),
        url=http_url(_canonical(root)) or http_url(meta.get("og:url")),
        outlet=outlet,
        published=published,
        locale=locale,
    )


def _first_h1(root: Element, outlet: str | None) -> str | None:
    return next((h for el in root.iter("h1") if (h := clean_label(_text_of(el))) and h != outlet), None)


def _meta(root: Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content is not None:
            found.setdefault(key, content)
    if "datepublished" not in found:
        for el in root.iterfind(".//*[@itemprop='datePublished']"):
            value = el.get("content") or el.get("datetime") or _text_of(el)
            if value:
                found["datepublished"] = value
                break
    return found


def _locale(root: Element, meta: dict[str, str]) -> str | None:
    raw = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or meta.get("og:locale")
    code = re.split(r"[-_]", raw.strip().lower(), maxsplit=1)[0] if raw else ""
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _published(raw: object, origin: str, locale: str | None) -> Published | None:
    text = clean_label(raw)
    value = parse_date(text, dayfirst=locale in DAY_FIRST_LANGS) if text else None
    return Published(value=value, text=text, origin=origin) if value is not None and text else None


def _meta_date(meta: dict[str, str], locale: str | None) -> Published | None:
    return next((p for key in _DATE_META if (p := _published(meta.get(key), "meta", locale))), None)


def _time_date(container: Element, locale: str | None) -> Published | None:
    return next((p for el in container.iter("time") if (p := _published(el.get("datetime"), "time", locale))), None)


def _canonical(root: Element) -> str | None:
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split():
            href: str | None = el.get("href")
            return href
    return None


def _strip_site(title: str | None, outlet: str | None) -> str | None:
    """``"Headline | Site"`` → ``"Headline"`` when ``Site`` is the outlet's name."""
    if title and outlet:
        for sep in _TITLE_SEPARATORS:
            head, found, tail = title.rpartition(sep)
            if found and head.strip() and tail.strip().casefold() == outlet.casefold():
                return head.strip()
    return title


def _semantic(root: Element) -> list[Element]:
    for query in _SEMANTIC_QUERIES:
        found: list[Element] = root.xpath(query)
        if found:
            return found
    return []


def _drop_chrome(root: Element) -> None:
    """Drop navigation, asides, hidden and chrome-classed elements, but never an ancestor of the text."""
    protected: set[Element] = set()
    for el in _semantic(root):
        protected.add(el)
        protected.update(el.iterancestors())
    dense, _ = _densest(root)
    if dense is not None:
        protected.update(dense.iterancestors())
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el in protected:
            continue
        tag = el.tag.lower()
        if tag in ("html", "body"):
            continue
        if (
            tag in _DROP_UNLESS_PROTECTED
            or (tag in ("header", "footer") and not _inside_article(el))
            or _hidden(el)
            or _CHROME_WORDS.intersection(_CLASS_SPLIT.split(f"{el.get('class', '')} {el.get('id', '')}".lower()))
        ):
            doomed.append(el)
    for el in doomed:
        _drop(el)


def _drop(el: Element) -> None:
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


def _inside_article(el: Element) -> bool:
    return any(a.tag == "article" or a.get("itemprop") == "articleBody" for a in el.iterancestors())


def _hidden(el: Element) -> bool:
    return (
        el.get("hidden") is not None
        or (el.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )


def _container(root: Element) -> tuple[Element, bool]:
    """The element holding the article text, and whether it was marked up as such."""
    dense, dense_score = _densest(root)
    candidates = _semantic(root)
    if candidates:
        best = max(candidates, key=_text_length)
        if _text_length(best) * 3 >= dense_score:
            return best, True
    if dense is not None:
        return dense, False
    body = root.find("body")
    return (body if body is not None else root), False


def _densest(root: Element) -> tuple[Element | None, float]:
    """The element whose ``<p>`` children (and half of its grandchildren's) hold the most text."""
    scores: dict[Element, float] = {}
    for p in root.iter("p"):
        length = _text_length(p)
        parent = p.getparent()
        if parent is None or not length:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return None, 0.0
    best = max(scores, key=scores.__getitem__)
    return best, scores[best]


def _text_length(el: Element) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _text_of(el: Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _serialize(container: Element) -> str:
    """Text of ``container``: blocks become blank-line-separated paragraphs; ``<br>``/``<li>`` new lines."""
    return "\n".join(line.strip() for line in "".join(_pieces(container)).split("\n"))


def _pieces(container: Element) -> Iterator[str]:
    pre = 0
    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            pre += tag == "pre"
            yield _break(tag)
            if tag and el.text:
                yield el.text if pre else _WHITESPACE.sub(" ", el.text)
            continue
        pre -= tag == "pre"
        if tag not in _LINE_TAGS:
            yield _break(tag)
        if el is not container and el.tail:
            yield el.tail if pre else _WHITESPACE.sub(" ", el.tail)


def _break(tag: str) -> str:
    if tag in _PARAGRAPH_TAGS:
        return "\n\n"
    if tag in _LINE_TAGS:
        return "\n"
    return " " if tag in _CELL_TAGS else ""
