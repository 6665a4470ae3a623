"""Casualty statements in one sentence: a figure that counts people, what happened to them (the verb or
noun that governs the figure), who caused it, where, and whether it is one incident, a cumulative
total or a hypothetical."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.casualties import words as w
from kg.extract.casualties.figures import QUANTITY_WORDS, Range, figure_range
from kg.extract.entities import ArticleEntities
from kg.extract.mood import mood
from kg.extract.records import EntityRef
from kg.vocab import CasualtyKind, CasualtyScope

_NUMBER_RANGE = re.compile(r"\d[\d,]*[–-]\d[\d,]*")  # "2,000–5,000"
_YEAR = re.compile(r"(1[89]|20)\d\d")
_SKIP_ENTITY_TYPES = frozenset({"PERCENT", "MONEY", "ORDINAL", "TIME", "QUANTITY"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "on", "across", "around", "outside", "inside", "from", "into"})
_DEATH_OBJECTS = frozenset({"dead", "death"})
# words that may precede a number in its figure
_QUALIFIERS = frozenset(
    "at least more than over up to as many fewer less about around some nearly almost approximately roughly an a "
    "estimated between under below above just close no total upwards in excess maximum minimum another further "
    "additional only of to and - –".split()
)
_ARTICLE_FIGURES = {"a": Range(1, 1), "an": Range(1, 1), "no": Range(0, 0)}
_RIGHT_QUALIFIERS = frozenset({"or", "more", "and", "to", "-", "–", "of"})
# "in the past week", "over the last couple of months", "in recent months", "this year"
_PERIOD = re.compile(
    r" (?:(?:the|over|in|during) (?:past|last|recent|previous) (?:[\w,-]+ ){0,3}?(?:hours|days|weeks?|months?|years?|decades?)"
    r"|this (?:month|year)) "
)


@dataclass(slots=True)
class RawCasualty:
    kind: CasualtyKind
    sentence: int
    figure: str
    figure_start: int
    figure_end: int
    range: Range
    trigger: Token
    scope: CasualtyScope = CasualtyScope.INCIDENT
    victims: str | None = None
    victims_entity: EntityRef | None = None
    causer: EntityRef | None = None
    place: EntityRef | None = None
    confidence: float = 0.8


class CasualtyFinder:
    """Finds casualty statements sentence by sentence in one parsed article."""

    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities
        self.doc = entities.doc

    def find(self, sentence: Span, index: int) -> list[RawCasualty]:
        found: list[RawCasualty] = []
        seen: set[tuple[int, str]] = set()
        for top, counted, head in self._figures(sentence):
            relation = _relation(head, counted)
            if relation is None:
                continue
            kind, trigger = relation
            if not self._counts_people(kind, counted, head):
                continue
            kind = _combined(kind, trigger)
            span = _figure_tokens(top, counted)
            start, end = span[0].idx, span[-1].idx + len(span[-1].text)
            text = self.doc.text[start:end]
            figure = _ARTICLE_FIGURES.get(top.lower_) or figure_range(text)
            if figure is None or (start, kind) in seen:
                continue
            scope = _scope(trigger, head, self.entities)
            if scope is None:
                continue  # negated: "no one was killed"
            seen.add((start, kind))
            found.append(
                RawCasualty(
                    kind=kind,
                    sentence=index,
                    figure=text,
                    figure_start=start,
                    figure_end=end,
                    range=figure,
                    trigger=trigger,
                    scope=scope,
                    victims=_victims(_referent(counted)),
                    victims_entity=self._victims_entity(_referent(counted)),
                    causer=self._causer(trigger, head),
                    place=self._place(trigger),
                    confidence=0.6 if counted is None else 0.8,
                )
            )
        return found

    # ---- figures ---------------------------------------------------------------------------------

    def _figures(self, sentence: Span) -> list[tuple[Token, Token | None, Token]]:
        """(the figure's top token, the noun it counts if any, the head of the counted phrase)."""
        out: list[tuple[Token, Token | None, Token]] = []
        for token in sentence:
            if token.lower_ in _ARTICLE_FIGURES and token.dep_ == "det":
                noun = token.head
                if (
                    (noun.tag_ == "NN" or token.lower_ == "no")
                    and _lemma(noun) in w.PEOPLE_NOUNS
                    and not any(c.dep_ == "nummod" for c in noun.children)
                    and (noun.dep_ in ("nsubj", "nsubjpass", "dobj") or noun.head.lower_ == "including")
                ):
                    out.append((token, noun, noun))
                continue
            if not _numlike(token) or token.ent_type_ in _SKIP_ENTITY_TYPES:
                continue
            if any(c.dep_ == "det" and c.lower_ in ("each", "every", "any") for c in token.children):
                continue  # "each one of these deaths"
            if _numlike(token.head) and token.head.i != token.i and token.dep_ != "pobj":
                continue  # part of a larger figure ("thousand" in "five thousand", "tens" in "tens of thousands")
            if token.dep_ == "pobj" and token.head.lower_ == "of" and _numlike(token.head.head):
                continue  # "thousands" in "hundreds of thousands"
            if _YEAR.fullmatch(token.text) and token.ent_type_ == "DATE":
                continue
            if (token.dep_ in ("nummod", "compound") or token.lower_ == "several") and token.head.pos_ in (
                "NOUN",
                "PROPN",
                "ADJ",
            ):
                out.append((token, token.head, token.head))
            else:
                out.append((token, _of_noun(token), token))
        return out

    def _counts_people(self, kind: CasualtyKind, counted: Token | None, head: Token) -> bool:
        """Does the figure count people? A bare number ("40 were killed") does for most kinds; a counted
        noun must name people for captures and displacement (not towns, not retreating soldiers) and
        must not name things for the others ("40 vehicles"); returning or released people are not
        casualties."""
        if _lemma(head.head) in w.UNDOING_VERBS or (counted is not None and _lemma(counted.head) in w.UNDOING_VERBS):
            return False
        if counted is None:
            return kind in w.BARE_KINDS
        counted = _antecedent(counted)
        lemma = _lemma(counted)
        if kind == CasualtyKind.DISPLACED and (lemma in w.MILITARY_NOUNS or counted.lower_ in w.MILITARY_NOUNS):
            return False  # "a thousand soldiers fled": a retreat
        if lemma in w.COUNTED_NOUNS or counted.lower_ in w.STATE_WORDS:
            return True
        if lemma in w.PEOPLE_NOUNS or counted.lower_ in w.PEOPLE_NOUNS:
            return True
        entity = self.entities.resolve(counted)
        if entity is not None:
            return not entity.is_place
        if counted.ent_type_ in w.PEOPLE_ENTITY_TYPES:
            return True
        return (
            kind in w.LOOSE_KINDS
            and lemma not in w.THING_NOUNS
            and counted.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC", "FAC")
        )

    # ---- participants ----------------------------------------------------------------------------

    def _victims_entity(self, counted: Token | None) -> EntityRef | None:
        if counted is None:
            return None
        for token in (counted, *counted.lefts):
            entity = self.entities.resolve(token)
            if entity is not None and not entity.is_place:
                return entity
        return None

    def _causer(self, trigger: Token, head: Token) -> EntityRef | None:
        if trigger.pos_ != "VERB":
            return None
        for child in trigger.children:
            agent = None
            if child.dep_ == "nsubj" and child.i != head.i and _lemma(trigger) in w.TRANSITIVE_VERBS:
                agent = child
            elif child.dep_ == "agent":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is not None and (entity := self.entities.resolve(agent)) is not None and not entity.is_place:
                return entity
        return None

    def _place(self, trigger: Token) -> EntityRef | None:
        for token in trigger.subtree:
            if token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS:
                entity = self.entities.resolve(token)
                if entity is not None and entity.is_place:
                    return entity
                for inner in token.subtree:
                    entity = self.entities.resolve(inner)
                    if entity is not None and entity.is_place:
                        return entity
        return None


# ---- the figure's relation to a casualty word -------------------------------------------------------


def _relation(head: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    """What happened to the people the figure counts, and the word that says it."""
    if counted is not None and (kind := w.COUNTED_NOUNS.get(_lemma(counted))) is not None:
        if kind != CasualtyKind.CAPTURED:
            return kind, counted  # "20 casualties", "20 dead", "20 refugees"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and _lemma(head.head.head) in w.AMOUNT_NOUNS:
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
            return _relation(sibling, sibling)
    return None


def _governed(head: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    """The relation the counted phrase's place in the sentence gives: the subject of "died", the object
    of "killed", the object of "the deaths of"..."""
    dep, governor = head.dep_, head.head
    lemma = _lemma(governor)
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
        return _relation(governor, governor if governor.pos_ != "NUM" else None)
    return None


def _object(verb: Token, counted: Token | None) -> tuple[CasualtyKind, Token] | None:
    lemma = _lemma(verb)
    children = list(verb.children)
    if lemma in w.TRANSITIVE_VERBS:
        return w.TRANSITIVE_VERBS[lemma], verb  # "killed 20"
    if _death_phrase(verb):
        return CasualtyKind.KILLED, verb  # "shot dead three policemen"
    if lemma in w.LEAVE_VERBS and (state := _state_child(verb)) is not None:
        return state  # "left 20 dead"
    counted_lemma = _lemma(counted) if counted is not None else ""
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
    if any(c.dep_ == "prep" and _lemma(c) == "from" and any(_lemma(g) == "home" for g in c.children) for c in children):
        return CasualtyKind.DISPLACED, verb
    return None


def _fleeing(verb: Token) -> bool:
    """ "... from their homes", "... to flee", "... fleeing"."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp", "oprd", "advcl") and _lemma(child) in ("flee", "leave"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("from", "out") and any(_lemma(g) == "home" for g in child.subtree):
            return True
    return False


def _passive(verb: Token) -> tuple[CasualtyKind, Token] | None:
    lemma = _lemma(verb)
    if lemma in w.TRANSITIVE_VERBS:
        return w.TRANSITIVE_VERBS[lemma], verb  # "20 were killed"
    if lemma == "take" and any(_lemma(c) in ("prisoner", "captive", "hostage") for c in verb.children):
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
    lemma = _lemma(verb)
    children = list(verb.children)
    if lemma in w.INTRANSITIVE_VERBS:
        return w.INTRANSITIVE_VERBS[lemma], verb  # "20 died", "20 fled"
    if lemma in w.TRANSITIVE_VERBS and verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in children):
        return w.TRANSITIVE_VERBS[lemma], verb  # "20 killed in blast", "and 30 injured"
    if verb.pos_ in ("ADJ", "VERB") and verb.lower_ in ("dead", "missing", "wounded", "injured"):
        return w.STATE_WORDS[verb.lower_], verb  # "leaving seven dead"
    objects = {_lemma(c) for c in children if c.dep_ == "dobj"}
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
    if lemma == "cross" and counted is not None and w.COUNTED_NOUNS.get(_lemma(counted)) == CasualtyKind.DISPLACED:
        return CasualtyKind.DISPLACED, verb
    return None


def _object_of_preposition(preposition: Token) -> tuple[CasualtyKind, Token] | None:
    word, governor = preposition.lower_, preposition.head
    lemma = _lemma(governor)
    if word == "of" and lemma in w.OF_NOUNS:
        if lemma == "life" and _lemma(governor.head) not in ("claim", "take", "cost", "lose"):
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
            return _relation(governor, governor if governor.pos_ != "NUM" else _of_noun(governor))
        if lemma in w.TRANSITIVE_VERBS:
            return w.TRANSITIVE_VERBS[lemma], governor
        if lemma in w.INTRANSITIVE_VERBS:
            return w.INTRANSITIVE_VERBS[lemma], governor
    return None


def _state(token: Token) -> CasualtyKind | None:
    if token.lower_ in w.STATE_WORDS:
        return w.STATE_WORDS[token.lower_]
    if token.tag_ in ("VBN", "VBG") and _lemma(token) in w.TRANSITIVE_VERBS:
        return w.TRANSITIVE_VERBS[_lemma(token)]
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
        if _lemma(child) in w.TOLL_NOUNS:
            return CasualtyKind.KILLED
        if _lemma(child) in w.AMOUNT_NOUNS:
            for inner in child.subtree:
                if inner.i != child.i and (
                    kind := w.STATE_WORDS.get(inner.lower_) or w.COUNTED_NOUNS.get(_lemma(inner))
                ):
                    return kind
    return None


def _combined(kind: CasualtyKind, trigger: Token) -> CasualtyKind:
    """ "killed and wounded", "killed or injured" sharing one figure: casualties, not distinguished."""
    if kind not in (CasualtyKind.KILLED, CasualtyKind.WOUNDED) or trigger.pos_ not in ("VERB", "ADJ"):
        return kind
    for other in trigger.children:
        if other.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in other.children):
            continue
        other_kind = w.TRANSITIVE_VERBS.get(_lemma(other)) or w.STATE_WORDS.get(other.lower_)
        if other_kind is not None and other_kind != kind and other_kind in (CasualtyKind.KILLED, CasualtyKind.WOUNDED):
            return CasualtyKind.CASUALTIES
    return kind


# ---- scope -------------------------------------------------------------------------------------------


def _scope(trigger: Token, head: Token, entities: ArticleEntities) -> CasualtyScope | None:
    """Incident, cumulative or hypothetical; None when the statement is negated."""
    if any(c.dep_ == "neg" for c in trigger.children):
        return None
    if not mood(trigger, entities).real:
        return CasualtyScope.HYPOTHETICAL
    clause = {t.i: t for t in (*trigger.subtree, *head.subtree)}
    if trigger.dep_ == "conj":
        clause.update({c.i: c for c in trigger.head.children if c.dep_ in ("prep", "advmod", "npadvmod")})
        clause.update({t.i: t for c in list(clause.values()) if c.dep_ == "prep" for t in c.subtree})
    figure = {t.i for t in head.subtree}
    aside = {t.i for c in clause.values() if c.dep_ == "appos" for t in c.subtree}
    tokens = sorted((t for t in clause.values() if t.i not in aside), key=lambda t: t.i)
    text = " " + " ".join(t.lower_ for t in tokens) + " "
    if any(f" {cue} " in text for cue in w.CUMULATIVE_WORDS) or _PERIOD.search(text):
        return CasualtyScope.CUMULATIVE  # "since January", "so far", "in the past week", "this year"
    if any(
        t.lower_ == "between" and t.i not in figure and any(d.ent_type_ == "DATE" for d in t.subtree) for t in tokens
    ):
        return CasualtyScope.CUMULATIVE  # "between 1 January and 9 August"
    verb = trigger.head if trigger.dep_ == "conj" and not _perfect(trigger) else trigger
    if _perfect(verb):
        return CasualtyScope.CUMULATIVE  # "have been killed", "has displaced": a running total
    if _displacement_stock(trigger):
        return CasualtyScope.CUMULATIVE  # "200,000 displaced people", "IDPs", "are displaced", "fleeing"
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if (
        subject is not None
        and _lemma(subject) in w.WAR_NOUNS
        and any(c.dep_ == "aux" and _lemma(c) == "have" for c in trigger.children)
    ):
        return CasualtyScope.CUMULATIVE  # "the conflict has killed 1,000 civilians"
    return CasualtyScope.INCIDENT


def _displacement_stock(trigger: Token) -> bool:
    """A count of the displaced rather than one flight: said by a noun or participle, or in the present
    ("are internally displaced"); "fled", "were displaced" tell of one event."""
    if w.COUNTED_NOUNS.get(_lemma(trigger)) == CasualtyKind.DISPLACED:
        return True
    if w.STATE_WORDS.get(trigger.lower_) != CasualtyKind.DISPLACED and _lemma(trigger) not in ("flee", "displace"):
        return False
    if trigger.tag_ == "VBD":
        return False
    auxiliaries = [c for c in trigger.children if c.dep_ in ("aux", "auxpass")]
    return not any(c.lower_ in ("was", "were") for c in auxiliaries)


def _perfect(verb: Token) -> bool:
    """ "has killed", "have been displaced" (not "had", not "to have been")."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") and c.tag_ in ("VBZ", "VBP") for c in verb.children
    )


# ---- helpers -----------------------------------------------------------------------------------------


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _numlike(token: Token) -> bool:
    return (
        (token.like_num and token.pos_ in ("NUM", "NOUN", "ADJ", "PROPN"))
        or token.lower_ in QUANTITY_WORDS
        or _NUMBER_RANGE.fullmatch(token.text) is not None
    )


def _referent(noun: Token | None) -> Token | None:
    """ "civilians, dozens of whom were killed": the noun a relative pronoun stands for."""
    if noun is None or noun.lower_ not in ("whom", "which", "who"):
        return noun
    for ancestor in noun.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    return None


def _antecedent(noun: Token) -> Token:
    """ "killed several troops, sent several others fleeing": "others" counts what the figure before it
    counted (troops, not civilians)."""
    if noun.lower_ not in ("others", "more"):
        return noun
    sentence = noun.sent
    earlier = [
        t
        for t in sentence
        if t.i < noun.i and t.pos_ == "NOUN" and t.lower_ != noun.lower_ and any(_numlike(c) for c in t.children)
    ]
    return earlier[-1] if earlier else noun


def _of_noun(token: Token) -> Token | None:
    """The noun "dozens of civilians" or "one of the soldiers" counts (through "tens of thousands of")."""
    current = token
    for _ in range(3):
        preposition = next((c for c in current.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if preposition is None:
            return None
        noun = next((c for c in preposition.children if c.dep_ == "pobj"), None)
        if noun is None:
            return None
        if not _numlike(noun):
            return noun
        current = noun
    return None


def _figure_tokens(top: Token, counted: Token | None) -> list[Token]:
    """The figure's words: the number with its qualifiers ("at least 20", "tens of thousands", "20 or
    more", "30 to 40"), or "a policeman" for a singular victim."""
    doc = top.doc
    if top.lower_ in ("a", "an", "no") and counted is not None:
        return list(doc[top.i : counted.i + 1])
    subtree = {t.i for t in top.subtree}
    start = top.i
    while start - 1 in subtree and start - 1 >= top.i - 6:
        start -= 1
    while start < top.i and doc[start].lower_ not in _QUALIFIERS and not _numlike(doc[start]):
        start += 1  # "so far 300": "so far" says the scope, not the figure
    if start >= 2 and doc[start - 1].lower_ == "to" and doc[start - 2].lower_ == "up" and doc[start - 2].dep_ == "prt":
        start -= 2  # "massacring up to 2,000 civilians": "up" hangs from the verb
    end = top.i
    while (
        end + 1 in subtree
        and end + 1 <= top.i + 4
        and (_numlike(doc[end + 1]) or doc[end + 1].lower_ in _RIGHT_QUALIFIERS)
    ):
        end += 1
    while end > top.i and not _numlike(doc[end]) and doc[end].lower_ != "more":
        end -= 1
    return list(doc[start : end + 1])


def _victims(counted: Token | None) -> str | None:
    """The counted noun with its modifiers, without the figure: "Afghan soldiers", "civilians"."""
    if counted is None or counted.lower_ in w.STATE_WORDS:
        return None
    modifiers = [
        t
        for t in counted.lefts
        if t.dep_ in ("amod", "compound", "nmod")
        and not t.like_num
        and t.lower_ not in w.STATE_WORDS
        and t.tag_ != "VBN"
    ]
    words = [*modifiers, counted]
    if len(words) > 1 and words[-1].i - words[0].i + 1 == len(words):
        return counted.doc[words[0].i : counted.i + 1].text
    return counted.text
