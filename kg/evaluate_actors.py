"""Does the actor a capture names agree with the taker the gold names?

An approximate check by name, for ``kg eval``: the gold's ``actor`` column is free text ("Iraqi security
forces and tribal fighters"), the extractor's agent a label ("Iraq armed forces"). Two names agree when they
share a word that names someone (not "forces", "the", "of"), when they name the same country (by its name or a
demonym), or when one is the other's acronym ("ISIL", "Islamic State of Iraq and the Levant"). Names made of
common words only ("government troops", "the rebels") agree when both are on the same side of a state's
forces and armed groups. Anything else cannot be compared, and counts for neither side.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from kg.gazetteer.countries import country_by_code, country_named, country_of_demonym

# Words that say what kind of body a name is, not which one.
_GENERIC = frozenset(
    {
        "the", "of", "and", "a", "an", "from", "by", "with", "its", "their", "his", "her", "in", "on", "to", "for",
        "pro", "backed", "led", "allied", "loyal", "supported", "affiliated", "other", "some", "several",
        "forces", "force", "troops", "army", "armed", "military", "fighters", "fighter", "militants", "militant",
        "militia", "militias", "rebels", "rebel", "insurgents", "insurgent", "soldiers", "soldier", "units", "unit",
        "security", "government", "governments", "group", "groups", "members", "men", "elements", "gunmen",
        "special", "federal", "national", "regional", "local", "tribal", "combined", "joint", "defense", "defence",
        "regiment", "division", "brigade", "battalion", "corps", "command", "police", "officials", "authorities",
        "loyalist", "loyalists", "government-backed", "peacekeepers", "peacekeeping", "coalition", "elite",
    }
)  # fmt: skip
_STATE_WORDS = frozenset(
    {
        "government",
        "army",
        "military",
        "troops",
        "soldiers",
        "security",
        "federal",
        "national",
        "police",
        "loyalist",
        "loyalists",
    }
)
_ARMED_GROUP_WORDS = frozenset(
    {"rebels", "rebel", "insurgents", "insurgent", "militants", "militant", "militia", "militias", "gunmen"}
)
# Name words many names share: no one is named by them alone.
_WEAK = frozenset(
    {"democratic", "islamic", "people", "peoples", "liberation", "front", "movement", "state", "union", "popular",
     "revolutionary", "republic", "party", "council", "transitional", "free", "united", "patriotic", "resistance"}
)  # fmt: skip
_STATE_ACRONYMS = {"US": "US", "USA": "US", "UK": "GB"}
_CODE_MARK = "@"  # a country's code among the name words: "@IQ"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")


def actors_agree(gold: str, found: str) -> bool | None:
    """True if ``found`` names the taker ``gold`` names, False if it names another, None if the two
    cannot be compared by name (see the module's docstring)."""
    gold_words, found_words = _words(gold), _words(found)
    if not gold_words or not found_words:
        return None
    gold_side, found_side = _side(gold_words), _side(found_words)
    if gold_side is not None and found_side is not None and gold_side != found_side:
        return False  # "Syrian rebels" and "Syria armed forces": one country, two sides
    if _acronym_of(gold_words, found_words) or _acronym_of(found_words, gold_words):
        return True
    gold_names, found_names = _names(gold_words), _names(found_words)
    gold_states, found_states = _countries(gold_names), _countries(found_names)
    gold_names, found_names = gold_names - gold_states, found_names - found_states
    if gold_names and found_names:
        # a word that names someone, not one many names share ("Islamic State", "Islamic Courts Union")
        return gold_names == found_names or any(
            _same_word(a, b) for a in gold_names - _WEAK for b in found_names - _WEAK
        )
    if gold_states and found_states:
        if not gold_states & found_states:
            return False
        return None if gold_names or found_names else True  # "Afghan forces" and "Afghan Taliban": who knows
    if gold_names or found_names or gold_states or found_states:
        return None  # "Taliban" and "the insurgents": the same side or not, the words do not say
    if gold_side is None or found_side is None:
        return None
    return gold_side == found_side


def _words(text: str) -> list[str]:
    """The words of a name: dotted initials joined ("U.S." -> "US"), "X-led" and "X-backed" dropped (a backer,
    not the name), "pro-X" read as X and "anti-X" kept apart from it, an Arabic article dropped ("al-Shabab")."""
    text = re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m[1].replace(".", ""), text.replace("’", "'"))
    out = []
    for word in _WORD.findall(text):
        word = re.sub(r"'s$", "", word)
        lower = word.lower()
        if re.search(r"-(?:led|backed|allied|supported|aligned)$", lower):
            continue  # "US-backed": the backer, not the name
        if lower.startswith("pro-"):
            word = word[4:]
        elif lower.startswith("anti-"):
            word = "anti:" + word[5:]
        elif re.match(r"(?:al|el|ad|ar|as|an)-", lower):
            word = word[3:]
        if word:
            out.append(word)
    return out


def _names(words: list[str]) -> set[str]:
    """The words that name someone, a country (by its name or its demonym, in one to three words) as its ISO
    code ("Iraqi", "Iraq": "IQ"; "Sri Lankan": "LK")."""
    out = set()
    skip = 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        for size in (3, 2):
            phrase = " ".join(words[i : i + size]) if i + size <= len(words) else ""
            country = (country_named(phrase) or country_of_demonym(phrase)) if phrase else None
            if country is not None:
                out.add(_CODE_MARK + country.code)
                skip = size - 1
                break
        else:
            lower = word.lower()
            if lower in _GENERIC:
                continue
            country = country_named(word) or country_of_demonym(word)
            if country is None and word in _STATE_ACRONYMS:
                country = country_by_code(_STATE_ACRONYMS[word])  # "US", from "U.S."
            out.add(_CODE_MARK + country.code if country is not None else lower.removesuffix("s"))
    return out


def _countries(names: set[str]) -> set[str]:
    return {n for n in names if n.startswith(_CODE_MARK)}


def _same_word(a: str, b: str) -> bool:
    """One name word, however spelt: "Tigray"/"Tigrayan", "Shabab"/"Shabaab", "Gaddafi"/"Gadhafi"."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a.startswith("anti:") != b.startswith("anti:"):
        return False
    return a.startswith(b) or b.startswith(a) or Levenshtein.normalized_similarity(a, b) >= 0.8


def _acronym_of(short: list[str], long: list[str]) -> bool:
    """Is a word of ``short`` in capitals the initials of ``long`` ("ISIL", "NSAGs", "GoI")?"""
    parts = [p for w in long for p in w.split("-") if p]  # "non-state": n, s
    capitalised = "".join(p[0] for p in parts if p[:1].isupper())
    every = "".join(p[0] for p in parts).lower()
    for word in short:
        letters = word.replace("-", "")  # "IS-CAP"
        letters = letters.removesuffix("s") if letters.endswith("s") and letters[:-1].isupper() else letters
        if len(letters) < 2 or sum(c.isupper() for c in letters) < 2:
            continue
        if letters == capitalised or letters.lower() == every:
            return True
        if len(capitalised) >= 2 and letters.startswith(capitalised) and len(letters) >= len(capitalised) + 2:
            return True  # "ISIL" and "Islamic State": the acronym of a form of the name two words longer
    return False


def _side(words: list[str]) -> str | None:
    """ "state" or "armed group" for a name of common words only, if its words say which."""
    lowered = {w.lower() for w in words}
    text = " ".join(w.lower() for w in words)
    state = bool(lowered & _STATE_WORDS) or "armed forces" in text  # "Syria armed forces"
    group = bool(lowered & _ARMED_GROUP_WORDS)
    if state == group:
        return None
    return "state" if state else "armed group"
