"""A parsed document's text and words, read once: spaCy's ``Doc.text`` joins every token again on each access."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "kg_text"
_WORDS_KEY = "kg_words"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call (the tokens never change after parsing)."""
    text: str | None = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def doc_words(doc: Doc) -> list[str]:
    """The text of each token of ``doc``, read once (each ``doc[i]`` makes a new Token object)."""
    words: list[str] | None = doc.user_data.get(_WORDS_KEY)
    if words is None:
        words = [t.text for t in doc]
        doc.user_data[_WORDS_KEY] = words
    return words
