"""Figures as ranges: the words that count people ("at least 20", "dozens", "twenty-two") read as
(low, high) by the convention the README documents; ``None`` for a bound the words leave open."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_SCALES) | {"and", "a"}

# Quantity words without a number: (low, high). "dozens" is 24-99, "hundreds" 200-999, and so on.
VAGUE_QUANTITIES: dict[str, tuple[int, int]] = {
    "dozen": (12, 12),
    "dozens": (24, 99),
    "several dozen": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "several": (3, 9),
}
QUANTITY_WORDS = frozenset({"dozen", "dozens", "scores", "hundreds", "thousands", "millions", "several", "tens"})

_DIGITS = re.compile(r"\d+(?:[,.]\d{3})*(?:\.\d+)?")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_RANGE = re.compile(r"^(?:between\s+)?(?P<a>.+?)\s*(?:\band\b|\bto\b|-|–|—)\s*(?P<b>.+)$")
_AT_LEAST = ("at least", "or more", "and more", "no fewer than", "no less than", "a minimum of", "upwards of")
_MORE_THAN = ("more than", "over", "above", "in excess of", "upward of")
_AT_MOST = ("up to", "as many as", "at most", "as much as", "a maximum of", "no more than", "not more than")
_FEWER_THAN = ("fewer than", "less than", "under", "below")
# words that qualify a figure without changing its value ("about 20" is 20, 20)
_APPROXIMATE = (
    "about", "around", "some", "nearly", "almost", "approximately", "roughly", "an estimated", "estimated",
    "a total of", "a further", "another", "an additional", "at", "least", "reportedly", "just", "close to",
    "only", "a", "an", "the", "total", "of", "more", "other", "others",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Range:
    low: int | None
    high: int | None

    @property
    def best(self) -> int | None:
        """The single best figure: the value when exact, the bound the words give when only one is
        ("at least 20" is 20), none for a range of two bounds ("dozens", "30 to 40")."""
        if self.low == self.high or self.high is None:
            return self.low
        return self.high if self.low is None else None


def number_value(text: str) -> int | None:
    """ "1,008" -> 1008, "3 million" -> 3000000, "twenty-two" -> 22, "Seventeen thousand five
    hundred" -> 17500, "a dozen" -> 12; None when the words are not a number."""
    words = text.lower().replace("-", " ").replace(",", "").split()
    if not words:
        return None
    if words[0] in ("a", "one") and len(words) >= 2 and words[1] == "half":
        words = words[1:]
    if words[0] == "half" and len(words) >= 2:
        whole = number_value(" ".join(["one", *words[1:]]))
        return whole // 2 if whole else None  # "a half-million"
    if words[-1] == "dozen" and len(words) <= 2:
        return 12 * (number_value(" ".join(words[:-1])) or 1) if words[:-1] != [] else 12
    digits = _DIGITS.fullmatch(words[0].replace(",", ""))
    total, current = 0, 0
    if digits:
        if len(words) == 1 and _DOTTED_THOUSANDS.fullmatch(words[0]):
            return int(words[0].replace(".", ""))  # "1.500 people": no one counts people in fractions
        try:
            value = float(words[0])
        except ValueError:  # "1.000.000": dots as thousands separators
            value = float(words[0].replace(".", ""))
        for scale in words[1:]:
            if scale not in _SCALES:
                return None
            value *= _SCALES[scale]
        return int(value)
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
            seen = True
        elif word not in ("and", "a"):
            return None
    return total + current if seen else None


def is_number_word(word: str) -> bool:
    return word.lower() in _NUMBER_WORDS or bool(_DIGITS.fullmatch(word.replace(",", "")))


def figure_range(text: str) -> Range | None:
    """The range the figure's words give, by the convention; None if they give none."""
    words = " ".join(text.lower().replace("–", "-").split())
    words = re.sub(r"\s+of$", "", words)
    for prefix in _AT_LEAST:
        if words.startswith(prefix + " ") or words.endswith(" " + prefix):
            value = _value(words.replace(prefix, " "))
            return Range(value, None) if value is not None else None
    for prefix in _AT_MOST:
        if words.startswith(prefix + " "):
            value = _value(words[len(prefix) :])
            return Range(None, value) if value is not None else None
    for prefix in _MORE_THAN:
        if words.startswith(prefix + " "):
            value = _value(words[len(prefix) :])
            return Range(value + 1, None) if value is not None else None
    for prefix in _FEWER_THAN:
        if words.startswith(prefix + " "):
            value = _value(words[len(prefix) :])
            return Range(None, value - 1) if value is not None else None
    stripped = _strip(words)
    if stripped in VAGUE_QUANTITIES:
        return Range(*VAGUE_QUANTITIES[stripped])
    range_match = _RANGE.match(stripped)
    if range_match and number_value(stripped) is None:
        low, high = _value(range_match["a"]), _value(range_match["b"])
        if low is not None and high is not None and low < high:
            return Range(low, high)
    value = _value(stripped)
    return Range(value, value) if value is not None else None


def _strip(words: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in _APPROXIMATE:
            if words.startswith(word + " "):
                words, changed = words[len(word) + 1 :], True
            if words.endswith(" " + word):
                words, changed = words[: -len(word) - 1], True
    return words.strip()


def _value(words: str) -> int | None:
    stripped = _strip(" ".join(words.split()))
    if stripped == "dozen":
        return 12
    if stripped in VAGUE_QUANTITIES:
        return None
    return number_value(stripped)
