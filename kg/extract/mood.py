"""Is an event asserted? Negated, modal, conditional, planned, threatened or questioned ones are not."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import lexicon as lx
from kg.extract import speech_words
from kg.extract.entities import ArticleEntities


@dataclass(frozen=True, slots=True)
class Mood:
    real: bool
    threat_by: Token | None = None  # the governor whose subject threatens ("threatening to invade")


def mood(trigger: Token, entities: ArticleEntities) -> Mood:
    """Is the event asserted as having happened? Planned, threatened, attempted, conditional,
    negated, modal or questioned events are not."""
    sentence = entities.sentence(trigger)
    if sentence.text.rstrip().endswith("?"):
        return Mood(False)
    if _imperative(trigger, sentence):
        return Mood(False)  # "Take the palace and the legislative building!": an order
    current = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
            return Mood(False)
        # the verb the nominal hangs from decides: "The loss of Mazar would be a blow"
        while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
            if current.lemma_.lower() in speech_words.IRREALIS_GOVERNORS and current.pos_ in ("NOUN", "ADJ"):
                return Mood(False)
            if current.dep_ in ("dobj", "nsubjpass") and current.head.lemma_.lower() in speech_words.PREVENTION_VERBS:
                return Mood(False)  # "the army prevented the capture of X", "the entry into X was blocked"
            if (
                current.dep_ == "pobj"
                and current.head.lower_ in ("for", "toward", "towards")
                and current.head.head.lemma_.lower() in speech_words.EFFORT_NOUNS
            ):
                return Mood(False)  # "an offensive for the liberation of X", "the battle for control of X": an aim
            current = current.head
        if current.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in speech_words.AIM_NOUNS for c in current.children
        ):
            return Mood(False)  # "the goal of the offensive was the surrender of X": an aim
    for _ in range(8):
        children = list(current.children)
        if any(
            c.dep_ == "neg" or (c.lower_ in speech_words.NEGATIONS and c.dep_ in ("neg", "advmod", "preconj"))
            for c in children
        ):
            return Mood(False)
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in speech_words.MODALS for c in children):
            return Mood(False)
        if _conditional(current):
            return Mood(False)
        if (
            any(
                c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
                for c in children
            )
            and current.i == trigger.i
        ):
            return Mood(False)
        if current.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "having" for c in children):
            return Mood(True)  # "having taken over X, they threatened ...": done before whatever follows
        if (
            current.dep_ == "advcl"
            and (current.tag_ == "VBD" or any(c.dep_ == "aux" and c.lower_ == "had" for c in children))
            and any(c.dep_ == "mark" and c.lower_ in _FACT_MARKS for c in children)
            and not any(_modal(a) or _conditional(a) for a in current.ancestors)
        ):
            break  # "people are trying to flee after the army took X (had taken X)": what they try is not the
            # taking (but "the rebels would withdraw after the army entered X" is a plan)
        if current.i == trigger.i and _reduced_relative(current):
            break  # "to retake the towns, seized by the rebels in May": the seizing is a fact of its own
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
        head = current.head
        head_lemma = head.lemma_.lower()
        if (
            infinitive
            and current.dep_ == "xcomp"
            and head_lemma == "able"
            and head.head.tag_ == "VBD"
            and not _no_one(head.head)
        ):
            current = head.head  # "the army was able to reclaim X": it did (but not "will be able to")
            continue
        if (
            current.dep_ in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "prep", "pobj")
            and head_lemma in speech_words.IRREALIS_GOVERNORS
            and not _before_the_main_clause(current)
            and not _done_alongside(current)
        ):
            return Mood(False, threat_by=head if head_lemma in speech_words.THREAT_GOVERNORS else None)
        if current.dep_ == "dobj" and current.pos_ == "NOUN" and head_lemma in speech_words.DENIAL_VERBS:
            return Mood(False)  # "denied reports that X had fallen"
        if current.dep_ == "pcomp" and head.lower_ in ("toward", "towards"):
            return Mood(False)  # "progressing toward liberating X": not yet
        if (
            current.dep_ in ("pcomp", "pobj")
            and head.lower_ in ("to", "of", "at", "for")
            and head.head.lemma_.lower() in speech_words.IRREALIS_GOVERNORS | speech_words.AIM_NOUNS
        ):
            return Mood(False)  # "close to capturing", "on the verge of falling", "aimed at regaining", "the
            # objective of taking X", "plans for liberating X"
        perfect = infinitive and any(c.dep_ == "aux" and c.lower_ == "have" for c in children)
        if (
            perfect
            and current.dep_ in ("xcomp", "ccomp")
            and head_lemma in speech_words.REPORTING_VERBS | speech_words.SEEMING_VERBS
        ):
            current = head  # "claimed to have taken X", "is said to have seized X": reported as done
            continue
        if infinitive and current.dep_ in ("xcomp", "ccomp") and head_lemma in speech_words.IMPLICATIVE_GOVERNORS:
            current = head  # "allowed the insurgents to take control": it happened if the allowing did
            continue
        if (
            infinitive
            and current.dep_ in ("xcomp", "advcl")
            and head_lemma in ("go", "move")
            and any(c.dep_ == "prt" and c.lower_ == "on" for c in head.children)
        ):
            current = head  # "the army went (moved) on to capture X": it did, if the going on happened
            continue
        if (
            infinitive
            and current.dep_ in ("acl", "relcl")
            and ((_ranked(head) and not _modal(head.head)) or (head.dep_ == "attr" and ranked_copula(head.head)))
        ):
            break  # "became the tenth provincial capital to fall": it fell (not "would become ... if")
        if infinitive and current.dep_ == "xcomp" and ranked_copula(head):
            break  # "became the sixth to fall"
        if infinitive and current.dep_ in ("advcl", "acl", "relcl", "xcomp", "ccomp", "csubj", "nsubj", "ROOT"):
            return Mood(False, threat_by=head if head_lemma in speech_words.THREAT_GOVERNORS else None)
        if current.dep_ == "conj" and current.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in children):
            break  # "it is not clear why ..., but this comes after they overran X": a clause of its own
        if current.dep_ in ("xcomp", "conj", "acl", "advcl") and current.i != head.i:
            current = head
            continue
        break
    return Mood(True)


# Conjunctions that open a clause in the simple past as a fact, whatever the main clause is about.
_FACT_MARKS = frozenset({"after", "since", "because"})
_RANKS = lx.ORDINAL_WORDS | {"latest", "last", "only", "biggest", "largest"}


def _conditional(verb: Token) -> bool:
    """Is ``verb``'s clause a condition ("if the town falls")?"""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)


def _imperative(verb: Token, sentence: Span) -> bool:
    """Is ``verb`` an order: a bare verb with no subject that opens a sentence with an exclamation mark or
    a quotation mark in it ("Take the palace!")?"""
    if verb.tag_ != "VB" or verb.dep_ != "ROOT":
        return False
    first = next((t for t in sentence if not (t.is_punct or t.is_space)), None)
    return (
        first is not None
        and first.i == verb.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)
        and any(t.text == "!" or t.is_quote for t in sentence)
    )


def ranked_copula(verb: Token) -> bool:
    """ "X became the sixth (to fall)", "X was the latest": a copula whose complement ranks X among
    things that already happened, said as fact (not "would become", not "the next")."""
    return (
        verb.lemma_ in ("be", "become")
        and not _modal(verb)
        and any(
            c.dep_ == "attr" and ((c.ent_type_ == "ORDINAL" and c.lower_ != "next") or c.lower_ in _RANKS)
            for c in verb.children
        )
    )


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _ranked(noun: Token) -> bool:
    """A noun ranked among things that already happened: "the tenth capital (to fall)", "the latest city"."""
    return noun.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in _RANKS or (c.ent_type_ == "ORDINAL" and c.lower_ != "next") for c in noun.lefts
    )


def _before_the_main_clause(clause: Token) -> bool:
    """Is ``clause`` an adverbial clause of what happened first ("after X fell, the government decided to
    ...")? It is no complement of the verb it hangs on, and that verb's mood is not its own."""
    return (
        clause.dep_ == "advcl"
        and (
            clause.tag_ == "VBD"
            or clause.tag_ == "VBN"
            and any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children)
        )  # "after X fell", "once X had fallen"; not "when X falls", "once they have seized X"
        and any(
            c.dep_ == "mark" and c.lower_ in ("after", "once", "since", "because", "when") and c.i < clause.i
            for c in clause.children
        )
    )


def _done_alongside(clause: Token) -> bool:
    """ "have pushed into X, seizing control of Y": a participle that goes with a past or perfect verb, done
    with it (not "pushing to seize", "aiming at seizing")."""
    head = clause.head
    return (
        clause.dep_ == "advcl"
        and clause.tag_ == "VBG"
        and not any(c.dep_ in ("mark", "aux") for c in clause.children)
        and (head.tag_ == "VBD" or (head.tag_ == "VBN" and any(c.dep_ == "aux" for c in head.children)))
    )


def _reduced_relative(verb: Token) -> bool:
    """A past participle with its "by", set off by a comma, that the parser hung on the clause: "to retake
    the towns of A and B, seized by the rebels in May"."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBN"
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and any(c.dep_ == "agent" for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "mark") for c in verb.children)
    )


def _no_one(verb: Token) -> bool:
    """Is the subject of ``verb`` nobody ("neither side", "no force", "none of them")?"""
    return any(
        c.dep_ == "nsubj"
        and (
            c.lower_ in ("none", "nobody", "neither")
            or any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in c.children)
        )
        for c in verb.children
    )
