"""Attributed statements: "X said ...", "“...,” said X", "X told AFP that ...", "According to X, ...".

A claim records the speaker (an entity when the text names one, else how the text describes
them), their role ("a local lawmaker"), whom they told ("told AFP"), what they said (the quoted
words, or the reported clause), whether the article says it could not be confirmed, and which
events found in the sentence it reports.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract import place_words, speech_words
from kg.extract.entities import ArticleEntities
from kg.extract.records import EntityRef
from kg.vocab import ClaimStance

_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,}?)[\"“”„«»]")
_TRIM = " ,.;:“”\"„«»'‘’"
# Verbs whose object says what was reported: "confirmed the taking of Taloqan".
_OBJECT_CONTENT_VERBS = frozenset({"confirm", "announce", "deny", "claim", "report", "acknowledge", "admit"})
# Subjects that are documents, not people: their author is the speaker.
_DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "report",
        "tweet",
        "post",
        "communique",
        "release",
        "letter",
        "message",
        "video",
        "announcement",
        "bulletin",
    }
)


@dataclass(slots=True)
class RawClaim:
    sentence: int
    quote: str
    quote_start: int  # char offsets of what was said, to find the events it reports
    quote_end: int
    reporting_verb: Token
    speaker: EntityRef | None = None
    speaker_text: str | None = None
    role: str | None = None
    told_to: EntityRef | None = None
    stance: ClaimStance = ClaimStance.SUPPORTS
    unconfirmed: bool = False
    confidence: float = 0.75
    events: list[int] = field(default_factory=list)
    pronoun: bool = False


class ClaimFinder:
    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities
        self.doc = entities.doc

    def find(self, sentence: Span, index: int) -> list[RawClaim]:
        claims = []
        text = sentence.text
        unconfirmed = any(cue in text.lower() for cue in speech_words.UNCONFIRMED_CUES)
        for token in sentence:
            if token.pos_ != "VERB" or token.lemma_.lower() not in speech_words.REPORTING_VERBS:
                continue
            claim = self._claim(token, sentence, index)
            if claim is not None:
                claim.unconfirmed = unconfirmed
                claims.append(claim)
        if not claims:
            claim = self._according_to(sentence, index)
            if claim is not None:
                claim.unconfirmed = unconfirmed
                claims.append(claim)
        return claims

    # ---- one reporting verb ------------------------------------------------------------------------

    def _claim(self, verb: Token, sentence: Span, index: int) -> RawClaim | None:
        children = list(verb.children)
        if any(c.dep_ in ("nsubjpass", "auxpass", "neg") for c in children):
            return None  # "his statement could not be confirmed", "did not say"
        subject = self._subject(verb)
        if subject is None or subject.lower_ in ("it", "this", "that", "which", "there"):
            return None
        content = self._content(verb, sentence)
        if content is None:
            return None
        start, end = content
        quote = self.entities.text[start:end].strip(_TRIM)
        if len(quote) < 3:
            return None
        claim = RawClaim(sentence=index, quote=quote, quote_start=start, quote_end=end, reporting_verb=verb)
        self._speaker(claim, subject)
        claim.told_to = self._addressee(verb)
        if verb.lemma_.lower() in speech_words.DENIAL_VERBS:
            claim.stance = ClaimStance.DISPUTES
        return claim

    @staticmethod
    def _subject(verb: Token) -> Token | None:
        for current in (verb, verb.head if verb.dep_ == "conj" else None):
            if current is None:
                continue
            subject = next((c for c in current.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.ent_type_ not in ("DATE", "TIME"):
                return subject
        return None

    def _content(self, verb: Token, sentence: Span) -> tuple[int, int] | None:
        """Character span of what was said: the reported clause (or, for "confirmed the taking of
        Taloqan", the object), else the quoted words."""
        complement = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i != verb.i), None)
        if complement is None and verb.lemma_.lower() in _OBJECT_CONTENT_VERBS:
            complement = next((c for c in verb.children if c.dep_ == "dobj"), None)
        quotes = [
            (sentence.start_char + m.start(1), sentence.start_char + m.end(1)) for m in _QUOTE.finditer(sentence.text)
        ]
        if complement is not None:
            start = complement.left_edge.idx
            last = max(
                (
                    c.right_edge
                    for c in verb.children
                    if c.dep_ == "conj" and c.i > complement.i and verb.lemma_.lower() in _OBJECT_CONTENT_VERBS
                ),
                key=lambda t: t.i,
                default=complement.right_edge,
            )
            end = last.idx + len(last.text)
            # a quotation that begins inside the clause extends it to the closing quote mark
            for q_start, q_end in quotes:
                if start <= q_start <= end:
                    end = max(end, q_end)
            if complement.i > verb.i or not quotes:
                return start, end
        if quotes:
            return quotes[0][0], quotes[-1][1]
        return None

    def _speaker(self, claim: RawClaim, subject: Token) -> None:
        entity = self.entities.resolve(subject)
        appositive = next((c for c in subject.children if c.dep_ == "appos"), None)
        claim.pronoun = subject.pos_ == "PRON"
        claim.speaker_text = _np_text(subject)
        if entity is not None and entity.is_place and entity.kind != "Country":
            # "in Badakhshan's capital Faizabad, a local lawmaker told AFP": the parser made the place
            # the subject and the speaker its apposition
            entity = None
            if appositive is not None:
                subject, appositive = appositive, None
                entity = self.entities.resolve(subject)
                claim.speaker_text = _np_text(subject)
        if entity is None and subject.lemma_.lower() in _DOCUMENT_NOUNS:
            # "a Defense Ministry statement said": the statement's author
            entity = next(
                (
                    e
                    for t in subject.subtree
                    if t.i != subject.i and (e := self.entities.entity_at(t)) is not None and not e.is_place
                ),
                None,
            )
        elif entity is None and appositive is not None and (named := self.entities.resolve(appositive)) is not None:
            # "a spokesman for the Taliban, Zabihullah Mujahid"
            entity = named
            claim.role = _np_text(subject)
        elif entity is None and not claim.pronoun:
            claim.role = _np_text(subject)
        elif entity is not None and appositive is not None:
            claim.role = _np_text(appositive)
        claim.speaker = entity
        if entity is None:
            claim.confidence = 0.6

    def _addressee(self, verb: Token) -> EntityRef | None:
        for child in verb.children:
            if child.dep_ in ("dative", "dobj", "iobj") or (child.dep_ == "prep" and child.lower_ == "to"):
                target = child if child.dep_ != "prep" else next((g for g in child.children if g.dep_ == "pobj"), None)
                if target is not None and (entity := self.entities.resolve(target)) is not None and not entity.is_place:
                    return entity
        return None

    def _according_to(self, sentence: Span, index: int) -> RawClaim | None:
        """ "According to X, CLAUSE" (X is the speaker; the rest of the sentence is what they said)."""
        for token in sentence:
            if token.lower_ == "according" and token.i + 2 < sentence.end and self.doc[token.i + 1].lower_ == "to":
                to = self.doc[token.i + 1]
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    return None
                phrase_end = pobj.right_edge.i + 1
                rest = [t for t in sentence if t.i >= phrase_end and not t.is_punct] or [
                    t for t in sentence if t.i < token.i
                ]
                if not rest:
                    return None
                if token.i > sentence.start:
                    rest = [t for t in sentence if t.i < token.i]
                start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
                claim = RawClaim(
                    sentence=index,
                    quote=self.entities.text[start:end].strip(_TRIM),
                    quote_start=start,
                    quote_end=end,
                    reporting_verb=token,
                )
                self._speaker(claim, pobj)
                return claim
        return None


_PLACE_KINDS_FOR_TOPIC = ("City", "District", "Province", "Place", *place_words.FACILITY_KINDS)


def claim_topic(claim: RawClaim, entities: ArticleEntities) -> tuple[EntityRef | None, int]:
    """The place a statement is about and its polarity on the attackers holding it: +1 ("the whole
    city is under Taliban control"), -1 ("the Taliban were fleeing", "has not fallen"), 0 unknown."""
    doc = entities.doc
    span = doc.char_span(claim.quote_start, claim.quote_end, alignment_mode="expand")
    if span is None:
        return None, 0
    places = [
        entity
        for token in span
        if token.pos_ in ("NOUN", "PROPN", "PRON")
        and (entity := entities.resolve(token)) is not None
        and entity.kind in _PLACE_KINDS_FOR_TOPIC
    ]
    # the most specific place: "Kandahar's airport" is about the airport, not the city
    place = next((p for p in places if p.kind in place_words.FACILITY_KINDS), places[0] if places else None)
    score = 0
    for token in span:
        lemma = token.lemma_.lower()
        sign = 0
        if lemma in speech_words.CONTROL_GAINED and token.pos_ in ("VERB", "NOUN"):
            sign = 1
        elif lemma in speech_words.CONTROL_DENIED and token.pos_ in ("VERB", "NOUN", "ADJ"):
            bystander = lemma == "flee" and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in speech_words.BYSTANDER_WORDS for c in token.children
            )
            sign = 0 if bystander else -1
        elif lemma == "control" and token.pos_ == "NOUN":
            sign = _controller_sign(token, entities)
        if sign and any(
            c.dep_ == "aux" and (c.lower_ in speech_words.MODALS or c.lower_ == "to") for c in token.children
        ):
            sign = 0  # "will fall if ...", "trying to regain": predictions and attempts are not facts
        if sign and any(c.dep_ == "neg" for c in (token, *token.children, token.head) if c is not None):
            sign = -sign
        score += sign
    return place, (score > 0) - (score < 0)


def _controller_sign(control: Token, entities: ArticleEntities) -> int:
    """ "under Taliban control" / "the Taliban control ..." (+1); "still in government control" (-1)."""
    candidates = [c for c in control.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
    if control.head.lower_ == "of" or control.dep_ in ("pobj", "dobj"):
        verb = control.head.head if control.dep_ == "pobj" else control.head
        candidates += [c for c in verb.children if c.dep_ == "nsubj"]
    for candidate in candidates:
        entity = entities.resolve(candidate)
        if entity is None:
            continue
        if entity.kind == "ArmedGroup":
            return 1
        if entity.kind in ("GovernmentBody", "MilitaryForce"):
            return -1
    return 0


def _text(span: Span) -> str:
    return span.text.strip(_TRIM)


def _np_text(head: Token) -> str:
    """A noun phrase without its relative clauses and trailing appositions: "Commander Nicole
    Ferrara, spokeswoman for ..., who declared: ..." -> "Commander Nicole Ferrara"."""
    cut = {
        t.i for c in head.children if c.dep_ in ("relcl", "appos", "acl", "punct") and c.i > head.i for t in c.subtree
    }
    tokens = [t for t in head.subtree if t.i not in cut]
    end = head.i
    for t in tokens:
        if t.i > end and all(u.i in {x.i for x in tokens} for u in head.doc[end + 1 : t.i + 1]):
            end = t.i
    return _text(head.doc[head.left_edge.i : end + 1])


def resolve_pronoun_speakers(claims: list[RawClaim]) -> None:
    """ "“...,” he said.": the speaker of the closest claim in the two sentences before, if any
    (quotes continue the person just quoted), else the pronoun's antecedent."""
    for i, claim in enumerate(claims):
        if not claim.pronoun:
            continue
        previous = next(
            (
                p
                for p in reversed(claims[:i])
                if claim.sentence - 2 <= p.sentence < claim.sentence and (p.speaker or p.role)
            ),
            None,
        )
        if previous is not None:
            claim.speaker, claim.role = previous.speaker, previous.role
            claim.speaker_text = previous.speaker_text
        claim.pronoun = False


def link_role_to_named_speaker(claims: list[RawClaim]) -> None:
    """ "A local lawmaker told AFP that ..." followed by "“...,” said Zabihullah Attiq.": the role
    introduced without a name belongs to the person named in the next sentence's claim."""
    for previous, current in itertools.pairwise(claims):
        if (
            previous.speaker is None
            and previous.role
            and current.speaker is not None
            and current.speaker.kind == "Person"
            and current.role is None
            and current.sentence - previous.sentence == 1
        ):
            current.role = previous.role
            previous.speaker = current.speaker
            previous.confidence = 0.65
