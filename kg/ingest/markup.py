"""A linear pre-scan of HTML before lxml sees it: one lxml parse is a call into C that no deadline
can interrupt, and libxml2 is quadratic in the attributes of one element (80,000 take 8 s), so
markup past these limits is refused with reason ``too_complex``. Markup nested deeper than
libxml2 accepts (it drops everything past 2,048 levels) is flattened instead, keeping its text.
"""

from __future__ import annotations

import re
from itertools import islice

from kg.errors import SkippedInput

MAX_TAGS = 200_000
"""Start tags, end tags and comments in one page (a news page has a few thousand; the whole Rust
book on one HTML page has 50,000)."""
MAX_ATTRIBUTES = 256
"""Attributes on one element (real pages stay under 50). libxml2's time grows with the bytes times
this count: 10 MiB of elements with 256 attributes each parse in about 2 s, with 1,000 in 4 to 8 s."""
MAX_DEPTH = 1_000
"""Elements nested deeper lose their tags (not their text), except those that shape the text
(paragraphs, headings, lists, tables, ``<article>``), which may go on to :data:`HARD_DEPTH`."""
HARD_DEPTH = 1_500
"""No element is kept deeper (libxml2 drops everything past 2,048 levels)."""

NAMES_IN_ONE_TAG = 20_000
"""Name-like words in one start tag, quotes ignored: a stray quote must not hide attributes from
the count above (``<div " a0 a1 ... ">``); 20,000 still parse in about half a second."""

_MARK = re.compile(r"<[A-Za-z/!]")
_TAG_REST = re.compile(r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
"""The rest of a tag up to its ``>``, which quoted attribute values may hold (``title=">"``), as libxml2 reads it."""
_NAME_LIKE = re.compile(r"\s[A-Za-z_:][-\w:.]*")
_TAG = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\s/<>]*))")
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
# A start tag closes open elements of these kinds first (libxml2's implied end tags, simplified).
_CLOSES = {
    "p": {"p"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "tr": {"td", "th", "tr"},
    "option": {"option"},
}
_KEEP = frozenset("article main p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table tr td th blockquote pre".split())
_BLOCKS = _KEEP | {"div", "section", "header", "footer", "figure", "details"}


def check_markup(text: str) -> str:
    """``text`` itself, or flattened (see :data:`MAX_DEPTH`; a dropped block becomes a line break);
    raise ``SkippedInput("too_complex")`` past :data:`MAX_TAGS` or :data:`MAX_ATTRIBUTES`. Linear in
    the length of ``text``: one pass over its tags, which a stack models as libxml2 nests them."""
    if sum(1 for _ in islice(_MARK.finditer(text), MAX_TAGS + 1)) > MAX_TAGS:
        raise SkippedInput("too_complex", f"more than {MAX_TAGS} tags")
    cuts: list[tuple[int, int, str]] = []  # (start, end, replacement) of tags dropped by flattening
    stack: list[tuple[str, bool]] = []  # open elements: (name, dropped)
    open_count: dict[str, int] = {}
    depth = 0  # of the elements kept
    pos = 0
    while (match := _TAG.search(text, pos)) is not None:
        if match.group(1):  # a comment
            end = text.find("-->", match.end())
            if end < 0:
                break
            pos = end + 3
            continue
        rest = _TAG_REST.match(text, match.end())
        if rest is None:
            break
        close = rest.end() - 1
        pos = tag_end = close + 1
        name = match.group(3).lower()
        if match.group(2):
            if open_count.get(name):
                while True:
                    top, dropped = stack.pop()
                    open_count[top] -= 1
                    depth -= not dropped
                    if top == name:
                        break
                if dropped:
                    cuts.append((match.start(), pos, ""))
            continue
        attributes = text[match.end() : close]
        if len(attributes) > 2 * MAX_ATTRIBUTES and (
            _attribute_count(attributes) > MAX_ATTRIBUTES
            or sum(1 for _ in islice(_NAME_LIKE.finditer(attributes), NAMES_IN_ONE_TAG + 1)) > NAMES_IN_ONE_TAG
        ):
            raise SkippedInput("too_complex", f"more than {MAX_ATTRIBUTES} attributes on one <{name[:20]}>")
        if name in _RAW_TEXT:
            end_tag = re.compile(rf"</{re.escape(name)}\b", re.IGNORECASE).search(text, pos)
            if end_tag is None:
                break
            pos = end_tag.start()
        if name in _VOID or attributes.endswith("/"):
            continue
        while stack and stack[-1][0] in _CLOSES.get(name, ()):
            top, dropped = stack.pop()
            open_count[top] -= 1
            depth -= not dropped
        dropped = name not in _RAW_TEXT and (depth >= HARD_DEPTH or (depth >= MAX_DEPTH and name not in _KEEP))
        if dropped:
            cuts.append((match.start(), tag_end, "<br>" if name in _BLOCKS else ""))
        else:
            depth += 1
        stack.append((name, dropped))
        open_count[name] = open_count.get(name, 0) + 1
    return _cut(text, cuts) if cuts else text


def _attribute_count(attributes: str) -> int:
    """Attributes in the inside of a start tag, counted up to one past the limit."""
    count = 0
    for count, _ in enumerate(_ATTRIBUTE.finditer(attributes), start=1):
        if count > MAX_ATTRIBUTES:
            break
    return count


def _cut(text: str, cuts: list[tuple[int, int, str]]) -> str:
    pieces: list[str] = []
    pos = 0
    for start, end, replacement in cuts:
        pieces += (text[pos:start], replacement)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
