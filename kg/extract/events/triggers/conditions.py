"""What the rules test of a trigger and its clause: the conditions of the trigger tables, and the checks
the handlers share ("now", "still", armed takers, a definite place noun)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.events.triggers.trigger import Trigger
from kg.extract.records import EntityRef
from kg.extract.timex import MONTHS, WEEKDAYS
from kg.vocab import EventKind


def who_left_after(verb: Token) -> Token | None:
    """The subject of an "after"/"once"/"as" clause on ``verb`` that says someone left: "(hours) after
    the troops left/withdrew/pulled out"."""
    clauses = [c for c in verb.children if c.dep_ == "advcl"]
    clauses += [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "after" for g in c.children if g.dep_ == "pcomp"
    ]
    for clause in clauses:
        marked = (
            any(c.dep_ == "mark" and c.lower_ in ("after", "once", "as") for c in clause.children)
            or clause.dep_ == "pcomp"
        )
        left = clause.pos_ == "VERB" and (
            lx.WITHDRAWAL_TRIGGERS.get(clause.lemma_.lower()) == EventKind.WITHDRAWAL
            or (clause.lemma_.lower() == "move" and any(c.lower_ == "out" for c in clause.children))
        )  # "after the troops left", "after the Peshmerga moved out"
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if marked and left and subject is not None:
            return subject
    return None


def no_place_name(token: Token, entity: EntityRef | None) -> bool:
    """A name that is neither a place's nor a person's: "cleared the Varan Front from X" (not "cleared
    Ahmed Hassan from X of all charges")."""
    return token.pos_ == "PROPN" and entity is not None and not entity.is_place and entity.kind != "Person"


def holds_now(t: Trigger) -> bool:
    """A state said of the present and as new: "flies", "is flying", "now flies"; not "still flies",
    "no longer flies", "once flew", "flew until 2012"."""
    present = t.token.tag_ in ("VBZ", "VBP") or (
        t.token.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in t.children)
    )
    negated = any(c.dep_ == "neg" or c.lower_ in ("longer", "once", "never") for c in t.children)
    return present and not negated and not _still(t)


def progressive(verb: Token) -> bool:
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)


def under_control(t: Trigger) -> bool:
    under = t.prep("under")
    return under is not None and any(g.lemma_.lower() == "control" for g in under.children)


def returned_to_control(t: Trigger) -> bool:
    """ "X returned to government control", "the return to federal control of X"."""
    to = t.prep("to")
    return to is not None and any(g.dep_ == "pobj" and g.lemma_.lower() in ("control", "hand") for g in to.children)


def in_control(t: Trigger) -> bool:
    """ "X are (now, in full) control of Y"; the handler decides whose hold counts as a change of hands."""
    inside = t.prep("in")
    control = (
        next(
            (
                g
                for g in inside.children
                if g.lemma_.lower() == "control" or (g.lemma_.lower() == "charge" and reported_new(t))
            ),
            None,
        )
        if inside is not None
        else None
    )
    return control is not None and not _still(t)  # "now in charge of X"; but "in charge of security" is no place


def all_armed(actors: list[EntityRef]) -> bool:
    """Are there takers, all of them armed sides (no residents, officials or aid workers)?"""
    return bool(actors) and all(a.kind in actor_words.ARMED_ACTOR_KINDS for a in actors)


def state_side(actors: list[EntityRef]) -> bool:
    return any(a.kind in ("MilitaryForce", "GovernmentBody", "Country") for a in actors)


def under_control_or_hands(t: Trigger) -> bool:
    """ "X is (now) under the insurgents' control", "X is now in the hands of Y", "X is back in
    government hands"; the handler decides whose hold counts as a change of hands."""
    under = (
        t.prep("under")
        or t.prep("in")
        or next(
            (
                p
                for c in t.children
                if c.lower_ in ("back", "again")
                for p in c.children
                if p.dep_ == "prep" and p.lower_ in ("in", "under")
            ),
            None,
        )
    )
    held = (
        [g for g in under.children if g.dep_ == "pobj" and g.lemma_.lower() in ("control", "hand")]
        if under is not None
        else []
    )
    return bool(held) and not _still(t) and not in_control(t)


def held_towns(t: Trigger) -> Token | None:
    """The "towns" of "the towns in rebel hands are A, B and C", "towns now under their control include
    A and B": a plural place noun held by a side, whose members the clause lists."""
    subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
    if (
        t.lemma not in ("be", "include")
        or subject is None
        or subject.tag_ != "NNS"
        or place_words.PLACE_NOUN_KIND.get(subject.lemma_.lower()) != "City"
        or not any(c.dep_ in ("attr", "dobj") and c.pos_ == "PROPN" for c in t.children)
    ):
        return None
    held = any(
        c.dep_ == "prep"
        and c.lower_ in ("in", "under")
        and any(g.dep_ == "pobj" and g.lemma_.lower() in ("control", "hand") for g in c.children)
        for c in subject.children
    )
    negated = any(
        c.dep_ == "neg" or c.lower_ in ("no", "longer", "never") for c in (*subject.subtree, *t.children)
    )  # "the only towns not in rebel hands", "towns no longer under their control"
    return subject if held and not negated else None


def reported_new(t: Trigger) -> bool:
    """ "now", "since Sunday", "already": the report says when a hold began or that it is new."""
    return any(c.dep_ == "advmod" and c.lower_ in ("now", "already") for c in t.children) and not _still(t)


def _still(t: Trigger) -> bool:
    """ "still in control of", "remains under government control": a hold kept, no change of hands."""
    return t.lemma == "remain" or any(c.dep_ == "advmod" and c.lower_ in ("still", "firmly") for c in t.children)


def out_of_or_from(t: Trigger) -> bool:
    """ "drove X out of Y", "driven from Y"."""
    return any(c.dep_ in ("prep", "prt") and c.lower_ in ("from", "out") for c in t.children)


def gave_control(verb: Token) -> bool:
    """Does the clause of an entry say it gave control ("effectively", "unopposed", "without a fight",
    ", completing their takeover", "and took control")?"""
    clause = [t for t in verb.subtree if t.i > verb.i and not (t.dep_ in ("ccomp", "relcl") and t.head.i == verb.i)]
    clause += [t for c in verb.children if c.dep_ in ("conj", "advcl") for t in c.subtree]
    words = {t.lower_ for t in clause} | {c.lower_ for c in verb.children if c.dep_ == "advmod"}
    if words & lx.ENTRY_CONTROL_CUES:
        return True
    # "without a fight", "meeting no resistance", "with little resistance"
    return bool(words & {"without", "no", "little"}) and bool(words & {"fight", "resistance", "opposition", "battle"})


def uncontested_entry(verb: Token) -> bool:
    """Does nothing after an entry, in its sentence or the next, contest it ("but", "however",
    "were repelled", "pushed back", "the outskirts"; not "the districts surrounding X", which only says where)?"""
    doc = verb.doc
    sentence = next(s for s in doc.sents if s.start <= verb.i < s.end)
    if any(t.lower_ in place_words.EDGE_WORDS for t in verb.subtree):
        return False  # "entered the outskirts of X": not X
    if any(c.dep_ == "conj" and c.lemma_.lower() in lx.FIGHT_VERBS for c in verb.children):
        return False  # "entered X and clashed with police"
    following = [t for t in sentence if t.i > verb.i]
    after = next((s for s in doc.sents if s.start >= sentence.end), None)
    if after is not None:
        following += list(after)
    return not any(
        t.lower_ in lx.ENTRY_CONTRAST_WORDS
        or (t.lemma_.lower() in lx.ENTRY_REPULSION_LEMMAS and not (t.dep_ == "acl" and t.tag_ == "VBG"))
        or (t.lemma_.lower() in ("push", "drive", "beat", "force") and any(c.lower_ == "back" for c in t.children))
        or (
            _passive(t) and t.lemma_.lower() in ("push", "drive", "chase", "kick", "expel", "oust", "dislodge")
        )  # "before being driven out"
        for t in following
    )


def listed_before(quantifier: Token) -> Token:
    """The list an "all" or "both" after a comma or a dash sums up: its first item, however parsed."""
    if quantifier.dep_ == "appos":
        return quantifier.head
    i = max(quantifier.i - 1, 0)
    while i > 0 and quantifier.doc[i].is_punct:
        i -= 1
    item = quantifier.doc[i]
    while item.dep_ == "conj" and item.head.i != item.i:
        item = item.head
    return item


def definite_place(token: Token) -> bool:
    """ "the town", "this city": a definite description of a place, not a pronoun nor a bare noun; also the
    relative pronoun of one ("the town, which they took")."""
    if token.lower_ in lx.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in place_words.PLACE_NOUN_KIND
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
    )


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def names_a_place(token: Token) -> bool:
    """Does a noun phrase name a place or a place noun ("freed the town", not "freed 20 hostages")?"""
    return (
        token.ent_type_ in ("GPE", "LOC", "FAC")
        or token.lemma_.lower() in place_words.PLACE_NOUNS
        or (token.pos_ == "PROPN" and token.ent_type_ not in ("PERSON", "NORP", "ORG"))
    )


def described_by(t: Trigger) -> tuple[Token, ...]:
    """The noun a participle describes: "the town of X, freed during a battle"."""
    return (t.token.head,) if t.token.dep_ in ("acl", "amod") and t.token.tag_ == "VBN" else ()


def moved_in(t: Trigger) -> bool:
    """ "took over", "moved in" with nothing after: into or over what, the sentence said before."""
    words = t.particle | {c.lower_ for c in t.children if c.dep_ == "advmod"}
    return ("over" in words and t.lemma == "take") or ("in" in words and t.lemma != "take")


def declared_taken(t: Trigger) -> bool:
    """ "declared the city of X liberated", "declared X free of militants"."""
    return any(
        c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.lower_ in lx.DECLARED_TAKEN_WORDS
        for o in (t.token, *t.objects)
        for c in o.children
    ) or any(
        c.dep_ in ("amod", "acl") and c.lower_ in lx.DECLARED_TAKEN_WORDS and c.i > o.i
        for o in t.objects
        for c in o.children
    )


def always(_: Trigger) -> bool:
    return True


def has_object(t: Trigger) -> bool:
    return bool(t.objects)


def has_object_or_passive_subject(t: Trigger) -> bool:
    return bool(t.objects or t.passive_subjects or participle_of_place(t))


def participle_of_place(t: Trigger) -> Token | None:
    """The place noun a past participle qualifies: "the three taken towns" (towns)."""
    noun = t.token.head
    if t.token.dep_ == "amod" and t.token.tag_ == "VBN" and noun.lemma_.lower() in place_words.PLACE_NOUNS:
        return noun
    return None


def exerted_on_a_day(verb: Token) -> bool:
    """Does the sentence of "exerted control over X" give a day or a month, and the verb no span of time
    ("on 18 March, factions exerted control over X"; not "exerted control over X for years")?"""
    return any(e.label_ == "DATE" and any(t.lower_ in _MONTH_WORDS for t in e) for e in verb.sent.ents) and not any(
        c.dep_ == "prep" and c.lower_ in ("for", "throughout", "until", "since") for c in verb.children
    )


_MONTH_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)


def announced_held(verb: Token) -> bool:
    """Is ``verb`` the present-tense "have" of what a side announced ("announced that they have full control
    over X"): control declared, a capture? (Not "claims it has control": a claim of holding.)"""
    return (
        verb.tag_ in ("VBP", "VBZ")
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in _DECLARING_VERBS
        and verb.head.tag_ == "VBD"
    )


_DECLARING_VERBS = frozenset({"announce", "declare", "proclaim"})
