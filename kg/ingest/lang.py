"""A tiny, dependency-free language guesser (en, es, ro, fr, de, it, pt) from stopword ratios."""

from __future__ import annotations

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is was that for with on as by at from his her they have has had been "
        "were said it this which their who after an be not are will would but",
        "es": "el la los las del que y en por con para una un se es su al lo como más pero fue ha sus "
        "este esta también entre sobre han desde muy sin",
        "ro": "și în de la cu pe un o care din că au este nu să mai pentru ce fost sunt ale lui iar după "
        "prin acest această fi dar sau si ca sa dupa intr într",
        "fr": "le la les des du et est une un que qui dans pour pas sur au aux avec ce il elle ont été "
        "sont par mais plus ses leur cette",
        "de": "der die das und ist nicht mit von zu den dem ein eine auf für sich auch im es sie er wird "
        "wurde hat bei nach aus dass werden",
        "it": "il lo la gli le di che è e per non una un del della dei nel con sono ha si da al alla "
        "anche più ma come questo stato",
        "pt": "o os a as de do da dos das que e em no na um uma para com não por se mais foi ao seu sua "
        "também são pelo pela",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 20
_MIN_RATIO = 0.15
_MIN_LEAD = 1.5


def guess_lang(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is short or no language clearly leads."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < _MIN_WORDS:
        return None
    scores = sorted(
        ((sum(w in stop for w in words) / len(words), lang) for lang, stop in _STOPWORDS.items()),
        reverse=True,
    )
    (best, lang), (second, _) = scores[0], scores[1]
    if best < _MIN_RATIO or best < _MIN_LEAD * second:
        return None
    return lang
