"""Page furniture removal for plain text: menus, share/cookie lines, related links, header widgets.

Generic patterns only (English, Romanian, Spanish). Whole-line rules are conservative: they only
fire on short lines or on lines that start with an explicit cue such as ``Read more:``.
"""

from __future__ import annotations

import re

from kg.ingest.dates import is_date_line

_TRAIL = r"[\s:.!…»›>|*\-–—]*"
_FURNITURE = re.compile(
    r"(?:see also|related|related (?:news|articles?|stories|posts|content|coverage|links|topics)"
    r"|source link|leave a (?:reply|comment)|post a comment|no comments|\d{1,5} comments?|comments?"
    r"|share|share this(?: (?:article|story|post|page))?|tweet|print|e-?mail|home|menu|no menu items!?"
    r"|subscribe(?: now)?|newsletter|advertisements?|advertisment|sponsored(?: content)?|ads?|spot_img"
    r"|accept(?: all| cookies)?(?: read more)?|reject(?: all)?|cookie (?:settings|policy)|manage cookies"
    r"|skip to (?:main )?content|back to top|loading\.\.\.|read more|read also|also read"
    r"|acasă|acasa|ultima oră|ultima ora|publicitate|abonează-te|aboneaza-te|citește și|citeste si"
    r"|vezi și|vezi si|distribuie|inicio|portada|lee también|lee tambien|leer más|leer mas|publicidad"
    r"|suscríbete|suscribete|compartir|noticias relacionadas|\(in spanish\)|\(en español\))" + _TRAIL,
    re.IGNORECASE,
)
# A cue followed by a separator, then a linked headline: "Read more: Taliban seize Kandahar".
_CUE_THEN_LINK = re.compile(
    r"(?:read (?:more|also)|also read|see also|related|more (?:in|from|on)|you may also like"
    r"|citește și|citeste si|vezi și|vezi si|citește mai mult|citeste mai mult"
    r"|lee también|lee tambien|lea también|leer más|leer mas|más en|mas en|te puede interesar"
    r"|noticias relacionadas)(?![\w-])",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[:»›>|]|\s+[-–—]")
_FOOTER_PREFIX = re.compile(
    r"(?:your email address will not be published|do you know what we have posted on"
    r"|share (?:this|on|via)\b|follow us\b|subscribe (?:to|now|for|here)\b|sign up (?:for|to|now)\b"
    r"|join our (?:newsletter|mailing list)|get our newsletter|urmărește-ne|urmareste-ne|urmăriți-ne"
    r"|abonează-te|aboneaza-te|suscríbete|suscribete|síguenos|siguenos|compartir en|comparte\b)",
    re.IGNORECASE,
)
_SOCIAL = frozenset(
    "facebook twitter x whatsapp telegram linkedin pinterest email e-mail mail print reddit "
    "messenger viber copy link share tweet pin".split()
)
_NAME_PUNCT = re.compile(r"[-'’]")
_SOCIAL_SPLIT = re.compile(r"[\s,|·•/]+")
_WEATHER = re.compile(r"[-+−]?\d{1,2}(?:[.,]\d)?\s?°?\s?[CF]")
_INLINE_CUE = re.compile(
    r"(?<=[.!?\"”’»)])[ \t]?(?:Read (?:more|also)|READ (?:MORE|ALSO)|Also read|Citește și|Citeste si"
    r"|Lee también|Leer más)[ \t]?:"
)
_COOKIE_ACTION = tuple(
    "accept|consent|opt-out|opt out|agree|acept|acord|consimț|consimt|you're ok|you are ok|"
    "continue to use|continuing to use|continuând|continuand".split("|")
)
_COOKIE_SELF = tuple(
    "this site|this website|our site|our website|we use|uses cookies|use cookies|site-ul|"
    "acest site|folosim|folosește|foloseste|utilizăm|utilizam|utilizamos|usamos|este sitio|"
    "esta web|nuestro sitio|nuestra web|browsing|navigating|navegar|navigând|navigand".split("|")
)
_HEADER_LINES = 15
_HEADER_END_WORDS = 5
_MAX_RULE_LINE = 600
_MAX_CUE_WORDS = 25


def strip_chrome(lines: list[str]) -> list[str]:
    """Drop furniture lines and cut glued ``Read more:`` links; blank lines are kept for paragraphs."""
    kept: list[str] = []
    in_header = True
    for number, line in enumerate(lines):
        text = line.strip()
        if not text:
            kept.append("")
            continue
        if in_header and (number >= _HEADER_LINES or _ends_header(text)):
            in_header = False
        if is_chrome(text) or (in_header and is_header_chrome(text)):
            continue
        kept.append(cut_inline_link(line))
    return kept


def is_chrome(text: str) -> bool:
    """True when a stripped line is page furniture wherever it appears."""
    if len(text) > _MAX_RULE_LINE:
        return False
    if text.startswith(">>") or _FURNITURE.fullmatch(text):
        return True
    words = text.split()
    if len(words) <= _MAX_CUE_WORDS and _FOOTER_PREFIX.match(text):
        return True
    cue = _CUE_THEN_LINK.match(text) if len(words) <= _MAX_CUE_WORDS else None
    if cue and (_SEPARATOR.match(text, cue.end()) or (len(words) <= 10 and not text.endswith((".", "!", "?")))):
        return True
    if _WEATHER.fullmatch(text) or _is_social_row(text):
        return True
    return _is_cookie_banner(text.lower())


def is_header_chrome(text: str) -> bool:
    """Furniture that only counts in the page header: render dates and lone place-name lines."""
    if is_date_line(text):
        return True
    words = text.split()
    return (
        len(words) <= 2 and len(text) <= 40 and all(w[:1].isupper() and _NAME_PUNCT.sub("", w).isalpha() for w in words)
    )


def cut_inline_link(line: str) -> str:
    """Cut a ``Read more: …`` link glued to the end of a sentence (``…ministry.Read more: X``)."""
    match = _INLINE_CUE.search(line)
    if match is None or len(line[: match.start()].split()) < 3:
        return line
    return line[: match.start()].rstrip()


def _ends_header(text: str) -> bool:
    return len(text.split()) >= _HEADER_END_WORDS and not is_chrome(text) and not is_date_line(text)


def _is_social_row(text: str) -> bool:
    if len(text) > 120:
        return False
    tokens = [t for t in _SOCIAL_SPLIT.split(text.lower()) if t]
    return bool(tokens) and all(t in _SOCIAL for t in tokens)


def _is_cookie_banner(lower: str) -> bool:
    return (
        ("cookie" in lower or "gdpr" in lower)
        and any(a in lower for a in _COOKIE_ACTION)
        and any(s in lower for s in _COOKIE_SELF)
    )
