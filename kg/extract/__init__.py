"""Extraction: one article's text in, its sentences, mentions, events and claims out.

The :class:`Extractor` runs spaCy (the model is loaded on first use) and then kg's rules, sentence by sentence:

1. **entities** (:mod:`kg.extract.entities`): mentions of actors and places, linked to the gazetteer where
   possible, with the coreference the later rules need ("the city", "they");
2. **events** (:mod:`kg.extract.events`): typed events with their roles, found by trigger words and the
   dependency parse, kept only when the text asserts them (:mod:`kg.extract.mood`);
3. **claims** (:mod:`kg.extract.claims`): who said what, and which events a statement supports or disputes;
4. **time** (:mod:`kg.extract.timex`, :mod:`kg.extract.events.timing`): the dates the text fixes, each event
   given the one that governs it.

Events reported twice in an article are merged last. What comes out is an :class:`Extraction` of the records in
:mod:`kg.extract.records`. ``Extractor`` is imported on first use, so importing the records does not import spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.records import Claim, EntityRef, Event, Extraction, Mention, Sentence, TimeValue

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor

__all__ = ["Claim", "EntityRef", "Event", "Extraction", "Extractor", "Mention", "Sentence", "TimeValue"]


def __getattr__(name: str) -> object:
    if name == "Extractor":
        from kg.extract.extractor import Extractor

        return Extractor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
