"""Match keys for names: the same place or person written in different ways gets the same key.

Keys are for matching only; labels and literals always keep the original spelling.
"""

from __future__ import annotations

import re
import unicodedata

# Romanian legacy cedilla forms -> comma-below forms (ş ţ -> ș ț), so both spellings match.
_CEDILLA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_'’‘`´.]+")
# Persian/Arabic connectors written between name parts: Mazar-i-Sharif, Mazar-e Sharif, Qala-ye Now.
_CONNECTORS = {"e", "i", "ye", "y", "al", "el"}
_FOLDS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ow", "o"), ("q", "k"), ("ph", "f"))


def fold(text: str) -> str:
    """NFC, cedilla->comma, accents removed, casefolded."""
    text = unicodedata.normalize("NFC", text).translate(_CEDILLA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# An apostrophe or an ayn inside a word is no separator: "Ma'rib", "Tall Rif‘at", "Ra's Lanuf" are also written
# "Marib", "Tall Rifat", "Ras Lanuf".
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’‘`´ʿʾ](?=[^\W\d_])")


def name_key(text: str) -> str:
    """A spelling-insensitive key: ``"Mazar-e-Sharif"`` and ``"Mazār-i Sharīf"`` -> ``"mazar sharif"``."""
    parts = [p for p in _SEPARATORS.split(_INNER_APOSTROPHE.sub("", fold(text))) if p]
    if len(parts) > 1:
        parts = [p for p in parts if p not in _CONNECTORS] or parts
    key = " ".join(parts)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)
