"""The mentions of one article, at most one over any token, and the lookups over them: what a token
names, the latest mention of some kinds ("the city", "they"), the place a dated list entry is about,
and the place and armed group the article names most."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon as lx
from kg.extract import place_words, speech_words
from kg.extract.doc_text import doc_text
from kg.extract.nlp import ENTRY_HEADING
from kg.extract.records import EntityRef, Mention
from kg.vocab import LinkMethod


@dataclass(slots=True)
class MentionSpan:
    """One registered mention: an entity over tokens ``[start, end)`` and how it was found."""

    start: int  # token index
    end: int  # token index, exclusive
    entity: EntityRef
    method: LinkMethod
    confidence: float
    reason: str | None = None


class MentionRegistry:
    """The entity mentions of one parsed article, and lookups over them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self._sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in self._sentences]
        self.spans: list[MentionSpan] = []
        self.by_token: dict[int, MentionSpan] = {}
        self._focal: dict[str, EntityRef | None] = {}
        """Kind -> the article's focal place of that kind, until the next mention is added."""
        self._headings = {m.start(): m.span(1) for m in ENTRY_HEADING.finditer(self.text)}
        """Line start -> character span of the place heading a dated list entry on that line."""

    # ---- building ------------------------------------------------------------------------------

    def add(
        self,
        start: int,
        end: int,
        entity: EntityRef,
        method: LinkMethod,
        confidence: float,
        *,
        reason: str | None = None,
    ) -> EntityRef:
        """Register a mention over tokens ``[start, end)`` unless one already covers them."""
        if any(i in self.by_token for i in range(start, end)):
            return self.by_token[start].entity if start in self.by_token else entity
        span = MentionSpan(start, end, entity, method, confidence, reason)
        self.spans.append(span)
        for i in range(start, end):
            self.by_token[i] = span
        self._focal.clear()
        return entity

    def relabel(
        self,
        start: int,
        end: int,
        entity: EntityRef,
        method: LinkMethod,
        confidence: float,
        *,
        reason: str | None = None,
        keep_links: bool = True,
    ) -> EntityRef:
        """Replace what the models made of tokens ``[start, end)`` (a place NER called a person); a
        gazetteer link stands unless ``keep_links`` is false (a sense the context picks among its own)."""
        overlapping = {id(s): s for i in range(start, end) if (s := self.by_token.get(i)) is not None}
        for span in overlapping.values():
            if span.entity.iri is not None and keep_links:
                return span.entity  # gazetteer links stand
            self.spans.remove(span)
            for i in range(span.start, span.end):
                self.by_token.pop(i, None)
        return self.add(start, end, entity, method, confidence, reason=reason)

    # ---- lookups ---------------------------------------------------------------------------------

    def sentence(self, token: Token) -> Span:
        """The sentence of ``token`` (``Token.sent`` recomputes every sentence of the document)."""
        return self._sentences[bisect.bisect_right(self._sentence_starts, token.i) - 1]

    def sentence_index(self, token: Token) -> int:
        """The index of ``token``'s sentence."""
        return bisect.bisect_right(self._sentence_starts, token.i) - 1

    def sentence_before(self, token: Token) -> Span:
        """The sentence before ``token``'s (its own when it is the first)."""
        return self._sentences[max(0, bisect.bisect_right(self._sentence_starts, token.i) - 2)]

    def entity_at(self, token: Token) -> EntityRef | None:
        span = self.by_token.get(token.i)
        return span.entity if span else None

    def span_at(self, token: Token) -> tuple[int, int] | None:
        span = self.by_token.get(token.i)
        return (span.start, span.end) if span else None

    def mentions_in(self, start: int, end: int) -> list[EntityRef]:
        seen: list[EntityRef] = []
        for i in range(start, end):
            span = self.by_token.get(i)
            if span is not None and span.start == i and span.end <= end and span.entity not in seen:
                seen.append(span.entity)
        return seen

    def antecedent(
        self,
        token: Token,
        *,
        kinds: tuple[str, ...],
        window: int = 3,
        countries: frozenset[str] | None = None,
        method: LinkMethod | None = None,
    ) -> EntityRef | None:
        """The most recent mention before ``token`` whose kind is one of ``kinds``, within ``window``
        sentences (the current one included; 0: the whole text before it); with ``countries``, none known
        to lie in another country, unless it is what the last sentences are about (:meth:`_topic_nearby`);
        with ``method``, one linked that way."""
        starts = self._sentence_starts
        current = bisect.bisect_right(starts, token.i) - 1
        floor = starts[max(0, current - window + 1)] if window else 0
        i = token.i - 1
        while i >= floor:  # back from the token, so the cost is the window's, not the article's
            span = self.by_token.get(i)
            if span is None:
                i -= 1
                continue
            foreign = (
                countries is not None
                and bool(countries)
                and span.entity.country is not None
                and span.entity.country not in countries
                and not self._topic_nearby(span, token)
            )
            if (
                span.start >= floor
                and span.end <= token.i
                and span.entity.kind in kinds
                and (method is None or span.method == method)
                and not foreign
                and self._salient(span)
            ):
                return span.entity
            i = span.start - 1
        return None

    def antecedents(self, token: Token, *, kinds: tuple[str, ...], count: int, window: int = 3) -> list[EntityRef]:
        """The ``count`` most recent distinct mentions before ``token`` of one of ``kinds`` ("both towns",
        "the two villages"), within ``window`` sentences; fewer found, none."""
        found: list[EntityRef] = []
        probe = token
        for _ in range(count * 3):
            entity = self.antecedent(probe, kinds=kinds, window=window)
            if entity is None:
                break
            if entity not in found:
                found.append(entity)
            if len(found) == count:
                return found
            before = min(s.start for s in self.spans if s.entity == entity and s.start < probe.i)
            probe = self.doc[before]
        return []

    def _topic_nearby(self, span: MentionSpan, token: Token) -> bool:
        """Is ``span`` the subject, the named place ("The city of X was ...") or the place taken ("to take X")
        of ``token``'s sentence or one of the two before? Then a place abroad is what "the city" means."""
        root = self.doc[span.start : span.end].root
        if bisect.bisect_right(self._sentence_starts, token.i) - bisect.bisect_right(self._sentence_starts, root.i) > 2:
            return False
        named = (
            root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and root.head.head.lemma_.lower() in place_words.PLACE_NOUN_KIND
        )
        subject = (
            root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() not in speech_words.SPEAKING_VERBS
        )  # not "Nairobi condemned"
        taken = root.dep_ == "dobj" and lx.verb_lemma(root.head) in lx.CAPTURE_VERBS | {"take"}
        return subject or taken or (named and root.head.head.dep_ in ("nsubj", "nsubjpass"))

    def _salient(self, span: MentionSpan) -> bool:
        """Can this mention be what "the city" refers to? Not a place named only to locate another
        ("150 km southwest of Kabul", "north of Kabul"), one a side fell back to ("retreated to X"),
        nor a dateline ("KABUL, Aug 12 (Reuters) -")."""
        root = self.doc[span.start : span.end].root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "leading to Benghazi and Tobruk": Tobruk stands where Benghazi does
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("of", "from")
            and root.head.head.lower_ in place_words.LOCATING_WORDS
        ):
            return False
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("to", "towards", "toward")
            and root.head.head.lemma_.lower() in lx.WITHDRAWAL_TRIGGERS
        ):
            return False  # "the insurgents retreated to X": where they went, not the city the text is about
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("in", "of")
            and (
                root.head.head.lemma_.lower() in place_words.SEAT_OF_POWER_NOUNS
                or self.doc[max(root.head.i - 1, 0)].lemma_.lower() in place_words.SEAT_OF_POWER_NOUNS
            )
        ):
            return False  # "the government in Tripoli" (however the parser hung it): a side's seat, not the city the text is about
        if root.dep_ == "pobj" and root.head.lower_ in ("towards", "toward"):
            return False  # "walking towards X as the rebels seized the town": where people went
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "from"
            and root.head.head.lemma_.lower() in lx.ENTRY_VERBS | lx.ENTRY_MOTION_VERBS
        ):
            return False  # "entered Angola from X, occupied ... and handed it over": where they came from
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("to", "towards", "toward")
            and root.head.head.lemma_.lower() in place_words.ROUTE_LEADING_WORDS
        ):
            return False  # "the road leading to X": where a road goes
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "in"
            and self.doc[max(root.head.i - 1, 0)].lemma_.lower() in speech_words.AUDIENCE_NOUNS
        ):
            return False  # "told reporters in Geneva" (however the parser hung it): where a statement was made
        if self._locator_in_parentheses(span):
            return False  # "the town of X (Homs Governorate) before it was retaken": where X lies
        sentence = self.sentence(root)
        return sum(t.is_alpha for t in sentence) >= 4 or self._in_heading(root.idx)

    def _locator_in_parentheses(self, span: MentionSpan) -> bool:
        """Is ``span`` in parentheses right after another place's name ("X (Homs Governorate)")?"""
        doc = self.doc
        if span.start < 2 or span.end >= len(doc) or doc[span.start - 1].text != "(" or doc[span.end].text != ")":
            return False
        before = self.by_token.get(span.start - 2)
        return before is not None and before.entity.is_place and before.entity != span.entity

    def _in_heading(self, char: int) -> bool:
        return any(start <= char < end for start, end in self._headings.values())

    def entry_heading(self, sentence: Span) -> EntityRef | None:
        """The place that heads the dated list entry ``sentence`` is part of ("August 6 – Zaranj: The
        insurgents seize control of the city ..."): what "the city" and the entry's events are about."""
        line = self.text.rfind("\n", 0, sentence.start_char) + 1
        span = self._headings.get(line)
        if span is None:
            return None
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is None:
            return None
        places = [e for t in tokens if (e := self.entity_at(t)) is not None and e.is_place]
        return places[0] if len(set(places)) == 1 else None

    def headline_place(self, kinds: tuple[str, ...]) -> EntityRef | None:
        """The place of one of ``kinds`` that the article's first sentence (its headline or lede) names."""
        end = self._sentences[0].end if self._sentences else 0
        return next(
            (s.entity for s in sorted(self.spans, key=lambda s: s.start) if s.start < end and s.entity.kind in kinds),
            None,
        )

    def mentions_of(self, entity: EntityRef) -> int:
        """How many mentions the article has of ``entity``."""
        return sum(1 for span in self.spans if span.entity.key == entity.key)

    def focal(self, kind: str) -> EntityRef | None:
        """The place of ``kind`` the article is about: named at least three times and half as often again
        as any other (what "the city" means when no city was named just before)."""
        if kind in self._focal:
            return self._focal[kind]
        counts: dict[str, tuple[int, EntityRef]] = {}
        for span in self.spans:
            if span.entity.kind == kind:
                n, _ = counts.get(span.entity.key, (0, span.entity))
                counts[span.entity.key] = (n + 1, span.entity)
        ranked = sorted(counts.values(), key=lambda c: -c[0])
        focal = None
        if ranked and ranked[0][0] >= 3 and not (len(ranked) > 1 and 2 * ranked[0][0] < 3 * ranked[1][0]):
            focal = ranked[0][1]
        self._focal[kind] = focal
        return focal

    def dominant_armed_group(self) -> EntityRef | None:
        """The armed group the article names most often (the default captor)."""
        counts: dict[str, tuple[int, EntityRef]] = {}
        for span in self.spans:
            # "Kurdish fighters" names no one
            if span.entity.kind == "ArmedGroup" and span.method != LinkMethod.DESCRIBED:
                n, _ = counts.get(span.entity.key, (0, span.entity))
                counts[span.entity.key] = (n + 1, span.entity)
        if not counts:
            return None
        return max(counts.values(), key=lambda c: c[0])[1]

    def first_named_later_as_object(self, entity: EntityRef, token: Token) -> bool:
        """Is ``entity`` first named after ``token`` in its sentence, and there not as a subject? Then a
        bare "the militants" is someone else: "the militants overran an AMISOM base" (but "the
        militants overran X, the Varan Front said" is the same side, claiming it)."""
        spans = [span for span in self.spans if span.entity.key == entity.key]
        if not spans:
            return False
        first = min(spans, key=lambda span: span.start)
        sentence = self.sentence(token)
        if not token.i < first.start < sentence.end:
            return False
        return self.doc[first.start : first.end].root.dep_ not in ("nsubj", "nsubjpass")

    def mentions(self, sentence_index: dict[int, int]) -> list[Mention]:
        """All mentions as character spans; ``sentence_index`` maps a token index to its sentence."""
        out = []
        for span in sorted(self.spans, key=lambda s: s.start):
            first, last = self.doc[span.start], self.doc[span.end - 1]
            start, end = first.idx, last.idx + len(last.text)
            out.append(
                Mention(
                    start=start,
                    end=end,
                    text=self.text[start:end],
                    entity=span.entity,
                    sentence=sentence_index[span.start],
                    method=span.method,
                    confidence=span.confidence,
                    reason=span.reason,
                )
            )
        return out
