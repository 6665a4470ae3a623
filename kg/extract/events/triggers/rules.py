"""Trigger words: tables from a verb's or a noun's lemma to the rules that read events off it.

A lemma's rules are tried in the order of the tables below; the first whose condition holds
decides, whether or not it finds an event ("took control of" before "take", "take over" before
"take X").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Token

from kg.extract import lexicon as lx
from kg.extract.entities.place_cues import taken_towns_verb
from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.attacks import AttackRules
from kg.extract.events.triggers.capture import CaptureRules
from kg.extract.events.triggers.conditions import (
    always,
    announced_held,
    declared_taken,
    described_by,
    exerted_on_a_day,
    gave_control,
    has_object,
    has_object_or_passive_subject,
    held_towns,
    holds_now,
    in_control,
    moved_in,
    names_a_place,
    out_of_or_from,
    reported_new,
    returned_to_control,
    uncontested_entry,
    under_control,
    under_control_or_hands,
    who_left_after,
)
from kg.extract.events.triggers.control import ControlRules
from kg.extract.events.triggers.movement import MovementRules
from kg.extract.events.triggers.nouns import NounRules, control_transferred, entry_into
from kg.extract.events.triggers.persons import PersonEventRules
from kg.extract.events.triggers.trigger import Trigger
from kg.vocab import EventKind

Handler = Callable[["TriggerRules", Trigger], Iterator[RawEvent]]
Rule = tuple[Callable[[Trigger], bool], Handler]


class TriggerRules(CaptureRules, ControlRules, MovementRules, AttackRules, PersonEventRules, NounRules):
    """Reads the events off the trigger words of one parsed article."""

    def events_at(self, token: Token, index: int) -> Iterator[RawEvent]:
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos in ("VERB", "AUX"):
            lemma = lx.verb_lemma(token)  # the lemmatiser leaves "retook" and "reentered" alone
            if lemma in VERB_RULES:  # most verbs trigger nothing: no Trigger for them
                yield from self._apply(VERB_RULES, Trigger.at(token, lemma, index))
        elif token.lower_ in lx.CAPTURE_VERB_FORMS and self.entities.entity_at(token) is None:
            yield from self._mistagged_capture(token, index)
        elif pos == "NOUN" and lemma in lx.CAPTURE_VERBS and _verb_read_as_noun(token):
            yield from self._apply(VERB_RULES, Trigger.at(token, lemma, index))
        elif pos in ("NOUN", "PROPN"):
            if (
                token.lower_ == "over"
                and token.i >= 2
                and token.doc[token.i - 1].text == "-"
                and token.doc[token.i - 2].lower_ == "take"
            ):
                lemma = "takeover"  # "a rebel take-over of the town", split at its hyphen
            if lemma in NOUN_RULES:
                yield from self._apply(NOUN_RULES, Trigger.at(token, lemma, index))
        if lemma == "besieged" or (lemma == "besiege" and token.dep_ == "amod"):
            places = self.places.places_of(token.head)
            if places:
                yield RawEvent(EventKind.SIEGE, index, token, token, places=places, confidence=0.7)

    def _apply(self, table: dict[str, tuple[Rule, ...]], trigger: Trigger) -> Iterator[RawEvent]:
        for applies, handle in table.get(trigger.lemma, ()):
            if applies(trigger):
                yield from handle(self, trigger)
                return

    def _mistagged_capture(self, token: Token, index: int) -> Iterator[RawEvent]:
        """ "the Taliban overran Kohsan" with "overran" tagged as a name: the next place named is the
        object, or for a passive ("X was overrun by"), the nearest place named before it."""
        trigger = Trigger.at(token, lx.CAPTURE_VERB_FORMS[token.lower_], index)
        if trigger.objects:  # the parse still gave it an object: read it as the verb it is
            events = list(self._apply(VERB_RULES, trigger))
            if events:
                yield from events
                return
        doc, sentence = self.doc, self.entities.sentence(token)
        passive = token.i > sentence.start and doc[token.i - 1].lemma_.lower() == "be"
        window = (
            range(token.i - 1, max(sentence.start, token.i - 12) - 1, -1)
            if passive
            else range(token.i + 1, min(sentence.end, token.i + 5))
        )
        for i in window:
            entity = self.entities.entity_at(doc[i])
            if entity is not None and entity.is_place and entity.kind != "Country":
                if passive:  # "Taloqan, capital of Takhar province, was overrun": the place the apposition describes
                    described = next(
                        (
                            e
                            for a in doc[i].ancestors
                            if a.dep_ == "appos" and (e := self.entities.entity_at(a.head)) is not None and e.is_place
                        ),
                        None,
                    )
                    entity = described or entity
                places = [entity]
                event = RawEvent(EventKind.TAKE_CONTROL, index, token, token, places=places, confidence=0.7)
                by = next(
                    (
                        doc[j + 1]
                        for j in range(token.i + 1, min(sentence.end - 1, token.i + 3))
                        if doc[j].lower_ == "by"
                    ),
                    None,
                )
                agent = self.entities.resolve(by) if by is not None else None
                subjects = (
                    [] if passive or agent is not None else self.actors.subjects_of(token)
                )  # its subject, if parsed as one
                if agent is None and not passive and not subjects:
                    agent = next(
                        (
                            e
                            for t in reversed(doc[sentence.start : token.i])
                            if (e := self.entities.entity_at(t)) and not e.is_place
                        ),
                        None,
                    )
                if subjects:
                    event.agents = subjects
                elif agent is not None and not agent.is_place:
                    event.agents = [agent]
                else:
                    self.actors.default_agent(event)
                yield event
                return


def _table(*rules: tuple[Iterable[str], Callable[[Trigger], bool], Handler]) -> dict[str, tuple[Rule, ...]]:
    """Each lemma's rules, in the order given."""
    table: dict[str, list[Rule]] = {}
    for lemmas, applies, handle in rules:
        for lemma in lemmas:
            table.setdefault(lemma, []).append((applies, handle))
    return {lemma: tuple(found) for lemma, found in table.items()}


def _verb_read_as_noun(token: Token) -> bool:
    """ "Opposition fighters, consisting of A and B, capture the village of X": a headline-style present
    tense the tagger read as a noun, with the subject and the object a verb has."""
    return any(c.dep_ == "nsubj" for c in token.children) and any(c.dep_ == "dobj" for c in token.children)


VERB_RULES = _table(
    (lx.CONTROL_VERBS, lambda t: (t.object("control") or t.object("hold")) is not None, TriggerRules._take_control),
    (
        ("take", *lx.ENTRY_MOTION_VERBS),
        lambda t: moved_in(t) and not t.objects and not t.passive_subjects and t.prep("into") is None,
        TriggerRules._moved_in_after_withdrawal,
    ),
    (
        ("transfer", "hand", "give", "cede", "turn"),
        lambda t: t.object("control") is not None and t.prep("to") is not None,
        TriggerRules._control_handed,
    ),
    (("take", "hand"), lambda t: "over" in t.particle, TriggerRules._over),
    (
        ("hand",),
        lambda t: (
            (any(c.lower_ == "back" for c in t.children) or t.prep("to") is not None)
            and has_object_or_passive_subject(t)
        ),
        TriggerRules._over,
    ),
    (("change",), lambda t: t.object("hand") is not None, TriggerRules._changed_hands),
    (("take",), lambda t: has_object_or_passive_subject(t) and not (t.particle - {"back"}), TriggerRules._take),
    (("claim",), lambda t: t.object("victory") is not None, TriggerRules._victory),
    (("lose",), lambda t: t.object("control") is not None, TriggerRules._lose_control),
    (("lose",), has_object_or_passive_subject, TriggerRules._lose_place),
    (("declare", "proclaim", "announce"), lambda t: t.object("victory") is not None, TriggerRules._victory),
    (("declare", "proclaim", "pronounce"), declared_taken, TriggerRules._declared_taken),
    (("clear",), has_object_or_passive_subject, TriggerRules._clear),
    (("secure",), has_object_or_passive_subject, TriggerRules._secure),
    (
        ("claim", "declare", "announce", "proclaim"),
        lambda t: t.object("control") is not None,
        TriggerRules._take_control,
    ),
    (  # "factions exerted control over X on 18 March"; but "the group exerts control over X" holds it
        ("exert",),
        lambda t: t.object("control") is not None and t.token.tag_ == "VBD" and exerted_on_a_day(t.token),
        TriggerRules._take_control,
    ),
    (
        ("have",),  # "it now has control of X"; but "already has control of X" held it before
        lambda t: (
            t.object("control") is not None
            and (any(c.dep_ == "advmod" and c.lower_ == "now" for c in t.children) or announced_held(t.token))
        ),
        TriggerRules._take_control,
    ),
    (("come",), lambda t: under_control(t), TriggerRules._come_under),
    (("be",), in_control, TriggerRules._in_control),
    (("be", "include"), lambda t: held_towns(t) is not None, TriggerRules._held_towns_listed),
    (("be",), lambda t: under_control_or_hands(t), TriggerRules._under_control),
    (
        ("control", "hold"),
        lambda t: (has_object_or_passive_subject(t) or bool(described_by(t))) and reported_new(t),
        TriggerRules._now_control,
    ),
    (lx.DISLODGE_VERBS, lambda t: out_of_or_from(t), TriggerRules._dislodge),
    (("rout",), lambda t: has_object(t) and t.prep("in") is not None, TriggerRules._routed_in),
    (("claim",), has_object, TriggerRules._claim),
    (lx.CAPTURE_VERBS, always, TriggerRules._capture),
    (
        ("free",),
        lambda t: any(names_a_place(o) for o in t.objects or t.passive_subjects or described_by(t)),
        TriggerRules._capture,
    ),
    (lx.FALL_VERBS, always, TriggerRules._fall),
    (("surrender", "cede", "yield"), has_object, TriggerRules._cede),
    (("leave", "abandon"), lambda t: has_object(t) and bool(t.prep("to")), TriggerRules._cede),
    (("break",), lambda t: t.prep("into") is not None, TriggerRules._break_into),
    (("set",), lambda t: t.object("sight") is not None, TriggerRules._set_sights),
    (lx.THREAT_TRIGGERS, has_object, TriggerRules._threat),
    (
        ("enter",),
        lambda t: bool(t.objects) and (gave_control(t.token) or uncontested_entry(t.token)),
        TriggerRules._enter,
    ),
    (
        lx.FLAG_VERBS,
        lambda t: any(o.lemma_.lower() in lx.FLAG_NOUNS for o in (*t.objects, *t.passive_subjects)),
        TriggerRules._flag_over,
    ),
    (
        ("fly", "flutter"),
        lambda t: holds_now(t) and any(c.dep_ == "nsubj" and c.lemma_.lower() in lx.FLAG_NOUNS for c in t.children),
        TriggerRules._flag_flies,
    ),
    (("return",), returned_to_control, TriggerRules._returned_to_control),
    (
        ("return",),
        lambda t: t.prep("to") is not None and who_left_after(t.token) is not None,
        TriggerRules._return_after_withdrawal,
    ),
    (
        ("include",),
        lambda t: bool(t.objects) and taken_towns_verb(t.token) is not None,
        TriggerRules._towns_taken_include,
    ),
    (
        lx.ENTRY_MOTION_VERBS,
        lambda t: t.prep("into") is not None and uncontested_entry(t.token),
        TriggerRules._move_into,
    ),
    (lx.ATTACK_TRIGGERS, always, TriggerRules._attack),
    (lx.SURRENDER_TRIGGERS, lambda t: not t.objects, TriggerRules._surrender),
    (
        lx.WITHDRAWAL_TRIGGERS,
        lambda t: (t.lemma != "pull" or "out" in t.particle) and not t.passive_subjects,
        TriggerRules._withdrawal,
    ),
    (lx.VISIT_TRIGGERS, always, TriggerRules._visit),
    (lx.RELEASE_TRIGGERS, has_object_or_passive_subject, TriggerRules._release),
    (lx.ADVANCE_TRIGGERS, always, TriggerRules._advance),
    (lx.APPOINTMENT_TRIGGERS, always, TriggerRules._appointment),
)
NOUN_RULES = _table(
    (("transfer", "handover"), lambda t: control_transferred(t) is not None, TriggerRules._transfer_of_control),
    (lx.CAPTURE_NOUNS, always, TriggerRules._capture_noun),
    # "the recovery of the port city X from the militants": taken back from a side
    (
        ("recovery",),
        lambda t: bool(t.of()) and any(c.dep_ == "prep" and c.lower_ == "from" for c in t.token.subtree),
        TriggerRules._recovery,
    ),
    (lx.PRIZE_NOUNS, lambda t: t.token.dep_ == "attr", TriggerRules._prize),
    (
        ("victory",),
        lambda t: t.token.dep_ != "dobj" and t.prep("over") is not None,
        TriggerRules._victory_over,
    ),
    (
        set(lx.ATTACK_TRIGGERS) - {"fight", "fighting", "battle", "clash", "offensive"},
        always,
        TriggerRules._attack_noun,
    ),
    (lx.SURRENDER_TRIGGERS, always, TriggerRules._surrender_noun),
    (
        lx.WITHDRAWAL_TRIGGERS.keys() & {"withdrawal", "departure", "flight", "evacuation"},
        always,
        TriggerRules._withdrawal_noun,
    ),
    (("visit",), always, TriggerRules._visit_noun),
    (("return",), returned_to_control, TriggerRules._returned_to_control),
    (("entry",), lambda t: entry_into(t) is not None and uncontested_entry(t.token), TriggerRules._entry_noun),
)
