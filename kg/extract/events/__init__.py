"""Typed events with roles, found by trigger words and the dependency parse.

The rules are written against constructions, not sentences: a capture verb and its object
("captured Kunduz"), "control" verbs ("took control of"), a place that "fell (to X)", a place
"handed over", nominalisations ("the capture of", "the taking of", "X remains the Taliban's
biggest prize"), lists and coordination ("fall: Sheberghan, Kunduz, ..."), appositions ("the
sixth provincial capital, Albak"). Planned, threatened, conditional, negated or modal
captures are not captures; threats become :kg:`Threat` events.

``triggers`` maps trigger lemmas to those rules, ``places`` and ``actors`` find their roles,
:mod:`kg.extract.mood` decides whether an event is asserted, ``timing`` dates it, and
``finder`` puts them together.
"""

from kg.extract.events.finder import EventFinder
from kg.extract.events.raw import RawEvent

__all__ = ["EventFinder", "RawEvent"]
