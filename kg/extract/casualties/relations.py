"""What happened to the people a figure counts: the verb or noun that governs the counted phrase ("20
were killed", "killed 20", "20 died", "left 20 dead", "the deaths of 20", "the death toll rose to 20",
"20 displaced people", "forced 20 from their homes") gives the kind."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.casualties import words as w
from kg.extract.casualties.phrases import lemma_of, of_noun
from kg.vocab import CasualtyKind

_DEATH_OBJECTS = frozenset({"dead", "death"})


def relation(head: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    """What happened to the people the figure counts, and the word that says it."""
    if counted is not None and (kind := w.COUNTED_NOUNS.get(lemma_of(counted))) is not None:
        if kind != CasualtyKind.CAPTURED:
            return kind, counted  # "20 casualties", "20 dead", "20 refugees"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and lemma_of(head.head.head) in w.AMOUNT_NOUNS:
        head = head.head.head  # "a total of 20 people were displaced"
    found = _governed(head, counted)
    if found is not None:
        return found
    for noun in dict.fromkeys(n for n in (counted, head) if n is not None):
        for child in noun.children:
            if child.dep_ in ("amod", "acl") and (kind := _state(child)) is not None:
                return kind, child  # "20 displaced people", "people displaced by the fighting", "others wounded"
    if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        # "killed 75 militants in X and 30 in Y": the number stands for the verb's own object
        sibling = next(
            (c for c in head.head.children if c.dep_ in ("dobj", "nsubjpass") and c.i < head.i),
            None,
        )
        if sibling is not None and any(c.like_num for c in sibling.subtree):
            return relation(sibling, sibling)
    return None


def _governed(head: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    """The relation the counted phrase's place in the sentence gives: the subject of "died", the object
    of "killed", the object of "the deaths of"..."""
    dep, governor = head.dep_, head.head
    lemma = lemma_of(governor)
    if dep == "nsubjpass":
        return _passive(governor)
    if dep == "nsubj":
        return _subject(governor, counted)
    if dep == "dobj":
        return _object(governor, counted)
    if dep == "pobj":
        return _object_of_preposition(governor)
    if dep == "attr" and lemma == "be" and (toll := _toll_kind(governor)) is not None:
        return toll, governor  # "the toll was 50"
    if dep == "attr" and lemma == "be":
        return _state_child(governor)  # "there were 75 soldiers unaccounted for"
    if dep in ("conj", "appos") and governor.pos_ in ("NOUN", "PROPN", "NUM") and governor.i != head.i:
        return relation(governor, governor if governor.pos_ != "NUM" else None)
    return None


def _object(verb: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    lemma = lemma_of(verb)
    children = list(verb.children)
    if lemma in w.TRANSITIVE_VERBS:
        return w.TRANSITIVE_VERBS[lemma], verb  # "killed 20"
    if _death_phrase(verb):
        return CasualtyKind.KILLED, verb  # "shot dead three policemen"
    if lemma in w.LEAVE_VERBS and (state := _state_child(verb)) is not None:
        return state  # "left 20 dead"
    counted_lemma = lemma_of(counted) if counted is not None else ""
    if lemma == "take" and w.COUNTED_NOUNS.get(counted_lemma) == CasualtyKind.CAPTURED:
        return CasualtyKind.CAPTURED, verb  # "took 20 prisoners"
    if lemma in w.HOLD_VERBS and counted_lemma in w.PEOPLE_NOUNS:
        return CasualtyKind.CAPTURED, verb  # "holding 20 civilians"
    if lemma == "lose" and counted_lemma in w.PEOPLE_NOUNS:
        return CasualtyKind.KILLED, verb  # "lost 20 soldiers"
    if lemma in w.FORCE_OUT_VERBS and _fleeing(verb):
        return CasualtyKind.DISPLACED, verb  # "forced 20 from their homes", "sent thousands fleeing"
    if (toll := _toll_kind(verb)) is not None:
        return toll, verb  # "the number of displaced could reach 650,000"
    if any(
        c.dep_ == "prep" and lemma_of(c) == "from" and any(lemma_of(g) == "home" for g in c.children) for c in children
    ):
        return CasualtyKind.DISPLACED, verb
    return None


def _fleeing(verb: Token) -> bool:
    """ "... from their homes", "... to flee", "... fleeing"."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp", "oprd", "advcl") and lemma_of(child) in ("flee", "leave"):
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in ("from", "out")
            and any(lemma_of(g) == "home" for g in child.subtree)
        ):
            return True
    return False


def _passive(verb: Token) -> tuple[CasualtyKind, Token] | None:
    lemma = lemma_of(verb)
    if lemma in w.TRANSITIVE_VERBS:
        return w.TRANSITIVE_VERBS[lemma], verb  # "20 were killed"
    if lemma == "take" and any(lemma_of(c) in ("prisoner", "captive", "hostage") for c in verb.children):
        return CasualtyKind.CAPTURED, verb  # "20 were taken prisoner"
    if _death_phrase(verb):
        return CasualtyKind.KILLED, verb  # "shot dead", "beaten to death", "found dead"
    if lemma in w.FORCE_OUT_VERBS and _fleeing(verb):
        return CasualtyKind.DISPLACED, verb  # "20 were forced from their homes"
    return _state_child(verb)


def _death_phrase(verb: Token) -> bool:
    """ "shot dead", "beaten to death", "found dead"."""
    return any(c.lower_ in _DEATH_OBJECTS for c in verb.children) or any(
        c.dep_ == "prep" and any(g.lower_ == "death" for g in c.children) for c in verb.children
    )  # "20 were left wounded"


def _subject(verb: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    lemma = lemma_of(verb)
    children = list(verb.children)
    if lemma in w.INTRANSITIVE_VERBS:
        return w.INTRANSITIVE_VERBS[lemma], verb  # "20 died", "20 fled"
    if lemma in w.TRANSITIVE_VERBS and verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in children):
        return w.TRANSITIVE_VERBS[lemma], verb  # "20 killed in blast", "and 30 injured"
    if verb.pos_ in ("ADJ", "VERB") and verb.lower_ in ("dead", "missing", "wounded", "injured"):
        return w.STATE_WORDS[verb.lower_], verb  # "leaving seven dead"
    objects = {lemma_of(c) for c in children if c.dep_ == "dobj"}
    if lemma == "lose" and objects & {"life", "lives"}:
        return CasualtyKind.KILLED, verb  # "20 lost their lives"
    if lemma == "seek" and objects & w.REFUGE_NOUNS:
        return CasualtyKind.DISPLACED, verb  # "20 sought refuge"
    if lemma == "lay" and objects & {"arm", "arms", "weapon"}:
        return CasualtyKind.SURRENDERED, verb  # "20 laid down their arms"
    if lemma in w.FORCE_OUT_VERBS and verb.tag_ == "VBN" and _fleeing(verb):
        return CasualtyKind.DISPLACED, verb
    if lemma in ("be", "remain", "go", "lie", "become", "report", "stay"):
        return _state_child(verb)  # "20 are missing", "20 remain unaccounted for"
    if lemma == "cross" and counted is not None and w.COUNTED_NOUNS.get(lemma_of(counted)) == CasualtyKind.DISPLACED:
        return CasualtyKind.DISPLACED, verb
    return None


def _object_of_preposition(preposition: Token) -> tuple[CasualtyKind, Token] | None:
    word, governor = preposition.lower_, preposition.head
    lemma = lemma_of(governor)
    if word == "of" and lemma in w.OF_NOUNS:
        if lemma == "life" and lemma_of(governor.head) not in ("claim", "take", "cost", "lose"):
            return None
        return w.OF_NOUNS[lemma], governor  # "the deaths of 20", "claimed the lives of 20"
    if word in ("of", "at") and lemma in w.TOLL_NOUNS:
        return CasualtyKind.KILLED, governor  # "a toll of 50"
    if word in ("to", "at") and (toll := _toll_kind(governor)) is not None:
        return toll, governor  # "the death toll rose to 50", "put the death toll at over 100"
    if (
        word == "to"
        and lemma in w.TRANSITIVE_VERBS
        and any(c.dep_ == "prt" and c.lower_ == "up" for c in governor.children)
    ):
        return w.TRANSITIVE_VERBS[lemma], governor  # "massacring up to 2,000 civilians"
    if word == "with" and governor.dep_ in ("nsubj", "nsubjpass"):
        return _governed(governor, None)  # "my unit, with 20 soldiers, surrendered"
    if word in ("including", "among"):
        if governor.pos_ in ("NOUN", "PROPN", "NUM"):
            return relation(governor, governor if governor.pos_ != "NUM" else of_noun(governor))
        if lemma in w.TRANSITIVE_VERBS:
            return w.TRANSITIVE_VERBS[lemma], governor
        if lemma in w.INTRANSITIVE_VERBS:
            return w.INTRANSITIVE_VERBS[lemma], governor
    return None


def _state(token: Token) -> CasualtyKind | None:
    if token.lower_ in w.STATE_WORDS:
        return w.STATE_WORDS[token.lower_]
    if token.tag_ in ("VBN", "VBG") and lemma_of(token) in w.TRANSITIVE_VERBS:
        return w.TRANSITIVE_VERBS[lemma_of(token)]
    return None


def _state_child(verb: Token) -> tuple[CasualtyKind, Token] | None:
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "attr", "advcl") and (kind := _state(child)) is not None:
            return kind, child
    return None


def _toll_kind(verb: Token) -> CasualtyKind | None:
    """ "the death toll rose to", "put the toll at", "the number of displaced could reach": the kind the
    subject or object counts."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if lemma_of(child) in w.TOLL_NOUNS:
            return CasualtyKind.KILLED
        if lemma_of(child) in w.AMOUNT_NOUNS:
            for inner in child.subtree:
                if inner.i != child.i and (
                    kind := w.STATE_WORDS.get(inner.lower_) or w.COUNTED_NOUNS.get(lemma_of(inner))
                ):
                    return kind
    return None


def combined(kind: CasualtyKind, trigger: Token) -> CasualtyKind:
    """ "killed and wounded", "killed or injured" sharing one figure: casualties, not distinguished."""
    if kind not in (CasualtyKind.KILLED, CasualtyKind.WOUNDED) or trigger.pos_ not in ("VERB", "ADJ"):
        return kind
    for other in trigger.children:
        if other.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in other.children):
            continue
        other_kind = w.TRANSITIVE_VERBS.get(lemma_of(other)) or w.STATE_WORDS.get(other.lower_)
        if other_kind is not None and other_kind != kind and other_kind in (CasualtyKind.KILLED, CasualtyKind.WOUNDED):
            return CasualtyKind.CASUALTIES
    return kind
