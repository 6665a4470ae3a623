"""What a name's syntax says of it as a place: the kind its context implies ("the district of X", "X
district"), a place noun describing it ("X, a town in Y"), and whether it is a place being taken (the object
of a capture verb, "the fall of X", "towns the army retook include X")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.entities.registry import MentionRegistry


class TakenPlaceCues:
    """The capture cues of :class:`~kg.extract.entities.places.PlaceLinker`."""

    registry: MentionRegistry

    def _taken(self, token: Token) -> bool:
        """Is ``token`` the object of a capture verb, listed with a place, or listed as one of the towns
        taken ("retook X", "A and X", "towns the army retook include X")?"""
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and lx.verb_lemma(
            head
        ) in lx.CAPTURE_VERBS | lx.ENTRY_VERBS | lx.HANDOVER_VERBS | {
            "take",
            "control",
            "hold",
            "clear",
            "lose",
            "secure",
        }:
            return True  # "retook X", "entered X", "stormed X", "having taken over X", "now control X", "X was handed over", "X was lost"
        if token.dep_ == "dobj" and head.lemma_.lower() == "include" and taken_towns_verb(head) is not None:
            return True  # "towns the army has reclaimed include X"
        if (
            token.dep_ == "nsubj"
            and head.lemma_.lower() == "change"
            and any(c.dep_ == "dobj" and c.lemma_.lower() == "hand" for c in head.children)
        ):
            return True  # "X changed hands"
        if token.dep_ == "nsubj" and any(
            c.dep_ == "prep"
            and c.lower_ in ("under", "in")
            and any(g.lemma_.lower() in ("control", "hand") for g in c.children)
            for c in head.children
        ):
            return True  # "X is now under their control", "X has been in rebel hands since"
        if any(
            c.dep_ in ("relcl", "acl")
            and lx.verb_lemma(c) in lx.CAPTURE_VERBS
            and (
                c.dep_ == "acl"
                or any(g.dep_ in ("dobj", "nsubjpass") and g.lower_ in lx.RELATIVE_PRONOUNS for g in c.children)
            )
            for c in token.children
        ):
            return True  # "X, which the rebels captured", "X, captured by the rebels"
        if token.dep_ == "pobj" and head.lower_ == "over" and lx.verb_lemma(head.head) == "take":
            return True  # "having taken over X", "over" read as a preposition
        if token.dep_ == "conj" and (
            (entity := self.registry.entity_at(head)) is not None
            and entity.is_place
            or head.ent_type_ in ("GPE", "LOC")
        ):
            return True  # "Dessie and X"
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.CAPTURE_NOUNS | {"control"}:
            return True  # "the fall of X", "regained control of X"
        if token.dep_ == "poss" and head.lemma_.lower() in lx.CAPTURE_NOUNS:
            return True  # "X's fall"
        if (
            token.dep_ == "pobj"
            and head.lower_ == "including"
            and head.head.i != token.i
            and (head.head.lemma_.lower() in ("control", "hand") or self._taken(head.head))
        ):
            return True  # "overran several towns, including X"
        if token.dep_ == "nsubj" and head.lemma_.lower() in lx.FALL_VERBS:
            return True  # "X fell to the rebels"
        if (
            token.dep_ == "pobj"
            and head.lower_ in ("from", "of")
            and any(a.lemma_.lower() in lx.DISLODGE_VERBS | {"clear"} for a in list(token.ancestors)[1:4])
        ):
            return True  # "drove the militants out of X", "cleared the last fighters from X"
        return (
            token.dep_ == "conj" and head.dep_ in ("dobj", "nsubjpass") and lx.verb_lemma(head.head) in lx.CAPTURE_VERBS
        )


def taken_towns_verb(include: Token) -> Token | None:
    """The capture verb of the towns that ``include`` lists: "towns [captured by X] include", or the
    parse that hangs "include" on the verb ("other towns the army has reclaimed include")."""
    subject = next((c for c in include.children if c.dep_ == "nsubj"), None)
    if (
        subject is not None
        and subject.tag_ == "NNS"
        and place_words.PLACE_NOUN_KIND.get(subject.lemma_.lower()) == "City"
    ):
        return next(
            (c for c in subject.children if c.dep_ in ("acl", "relcl") and lx.verb_lemma(c) in lx.CAPTURE_VERBS), None
        )
    verb = include.head
    if include.dep_ in ("conj", "advcl") and lx.verb_lemma(verb) in lx.CAPTURE_VERBS:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if (
            len(subjects) == 2
            and subjects[0].tag_ == "NNS"
            and place_words.PLACE_NOUN_KIND.get(subjects[0].lemma_.lower()) == "City"
        ):
            return verb
    return None


def takes_over(token: Token) -> bool:
    """Is ``token`` (or the first of its conjuncts) what "took over" takes: a place, in a war report."""
    first = token.head if token.dep_ == "conj" else token
    if first.dep_ == "pobj" and first.head.lower_ == "over":
        return lx.verb_lemma(first.head.head) == "take"
    return (
        first.dep_ == "dobj"
        and lx.verb_lemma(first.head) == "take"
        and any(c.dep_ == "prt" and c.lower_ == "over" for c in first.head.children)
    )


def place_kind_from_context(span: Span) -> str | None:
    """The place kind a name's syntactic context implies: "the district of Panjwai" -> District,
    "a ninth provincial capital, Faizabad" -> City, "Panjwai district" -> District."""
    root = span.root
    after = span.doc[span.end] if span.end < len(span.doc) else None
    adjective = span.label_ == "NORP" or root.pos_ == "ADJ"  # "the mainly Kurdish town of X": no name
    if (
        after is not None
        and after.lemma_.lower() in place_words.PLACE_AFTER_NAME
        and after.pos_ == "NOUN"
        and root.dep_ != "poss"
        and not adjective
    ):
        return place_words.PLACE_NOUN_KIND.get(after.lemma_.lower())  # "Panjwai district"; not "the rebels' capital"
    listed = root
    while listed.dep_ == "conj" and listed.head.i != listed.i:
        listed = listed.head  # "the villages of A, B and C": C is listed where A stands
    if (
        listed is not root
        and listed.dep_ == "pobj"
        and listed.head.lower_ == "of"
        and listed.head.head.lemma_.lower() in place_words.PLACE_NOUN_KIND
    ):
        return place_words.PLACE_NOUN_KIND[listed.head.head.lemma_.lower()]
    head = root.head
    if root.dep_ == "appos" and head.lemma_.lower() in place_words.PLACE_NOUN_KIND:
        return place_words.PLACE_NOUN_KIND[head.lemma_.lower()]
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() == "capital":
        return "Province"  # "the regional capital of X": X is what has the capital
    described = (
        any(t.lower_ in actor_words.PEOPLE_DESCRIPTION_WORDS for t in span.doc[head.i + 1 : span.start])
        if root.dep_ == "pobj"
        else False
    )
    if (
        root.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in place_words.PLACE_NOUN_KIND
        and not described
    ):
        return place_words.PLACE_NOUN_KIND[
            head.head.lemma_.lower()
        ]  # but "the town of mostly ethnic Yazidis" names its people
    located = head.head if root.dep_ == "conj" and head.dep_ == "pobj" else root
    if located.dep_ == "pobj" and located.head.lower_ in ("in", "near", "outside") and _locates_facility(located.head):
        return "City"  # "an army base in X", "took over two bases in X and Y": where a facility is
    return None


def _locates_facility(prep: Token) -> bool:
    """Does ``prep`` say where a facility is: hung on the facility noun, or on the verb right after
    the facility that is its object (the parser's usual attachment: "took over [two bases] [in X]")?"""
    head = prep.head
    if place_words.facility_noun(head) is not None and head.pos_ == "NOUN":
        return True
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return (
        before is not None
        and before.dep_ == "dobj"
        and before.head.i == head.i
        and place_words.facility_noun(before) is not None
        and before.pos_ == "NOUN"
    )


def described_as_place(ent: Span) -> bool:
    """ "X, the capital of Y", "X, a town in Y": an apposition after the name that is a place noun."""
    doc = ent.doc
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    window = doc[i + 1 : min(len(doc), i + 7)]
    if len(window) >= 3 and window[0].like_num and window[1].lower_ in place_words.DISTANCE_UNITS:
        return True  # "X, 10 miles northeast of Y": a place located by distance
    for j, token in enumerate(window):
        if token.lemma_.lower() in place_words.PLACE_NOUN_KIND and token.pos_ == "NOUN":
            return token.dep_ not in (
                "poss",
                "compound",
                "nmod",
            )  # not "X, the town's district commissioner", "X, the town administrator"
        owner = token.pos_ in ("NOUN", "PROPN") and j + 1 < len(window) and window[j + 1].tag_ == "POS"
        if (
            token.pos_ not in ("DET", "ADJ", "ADV", "NUM")
            and token.tag_ != "POS"
            and not owner
            and not token.lower_.endswith(("ern", "est"))
        ):
            return False  # but "X, the insurgents' main base", "X, Gaddafi's compound"
    return False
