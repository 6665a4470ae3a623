"""Mentions of actors and places in a parsed article, linked to the gazetteer where possible, and
the coreference the event and claim rules need ("the city", "they", "the facility", "who")."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon as lx
from kg.extract.model import EntityRef, Mention
from kg.gazetteer import Entry, Gazetteer
from kg.namespaces import slug
from kg.names import name_key

_LOCATING_WORDS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "km", "kilometres",
     "kilometers", "miles", "outskirts", "edge", "away"}
)
_ACTOR_KINDS_FOR_THEY = ("ArmedGroup", "MilitaryForce", "GovernmentBody", "Organization", "InternationalOrganization", "GroupOfPeople")


@dataclass(slots=True)
class _Span:
    start: int  # token index
    end: int  # token index, exclusive
    entity: EntityRef
    method: str
    confidence: float


def entity_from_entry(entry: Entry) -> EntityRef:
    return EntityRef(key=entry.iri, kind=entry.kind, label=entry.label, iri=entry.iri, located_in=entry.province)


def local_entity(kind: str, label: str, **extra: str | None) -> EntityRef:
    """An entity the gazetteer does not know. Places share one key per name whatever kind the context
    suggested ("Kahmard" in a headline, "the Kahmard district centre" later)."""
    from kg.gazetteer import PLACE_KINDS

    family = "Place" if kind in PLACE_KINDS and kind not in lx.FACILITY_KINDS else kind
    return EntityRef(key=f"{family}:{slug(label)}", kind=kind, label=label, **extra)


class ArticleEntities:
    """Entity mentions of one parsed article and coreference lookups over them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.text = doc.text  # ``Doc.text`` joins every token again on each access
        self.gazetteer = gazetteer
        self._sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in self._sentences]
        self._spans: list[_Span] = []
        self._by_token: dict[int, _Span] = {}
        self._fuzzy_index = gazetteer.place_keys()
        self._persons: dict[str, EntityRef] = {}
        self._link_named_entities()
        self._add_facilities()
        self._add_descriptors()

    # ---- building ------------------------------------------------------------------------------

    def add(self, start: int, end: int, entity: EntityRef, method: str, confidence: float) -> EntityRef:
        """Register a mention over tokens ``[start, end)`` unless one already covers them."""
        if any(i in self._by_token for i in range(start, end)):
            return self._by_token[start].entity if start in self._by_token else entity
        span = _Span(start, end, entity, method, confidence)
        self._spans.append(span)
        for i in range(start, end):
            self._by_token[i] = span
        return entity

    def relabel(self, start: int, end: int, entity: EntityRef, method: str, confidence: float) -> EntityRef:
        """Replace what the models made of tokens ``[start, end)`` (a place NER called a person)."""
        for span in [s for s in self._spans if s.start < end and start < s.end]:
            if span.entity.iri is not None:
                return span.entity  # gazetteer links stand
            self._spans.remove(span)
            for i in range(span.start, span.end):
                self._by_token.pop(i, None)
        return self.add(start, end, entity, method, confidence)

    def _link_named_entities(self) -> None:
        ents = _join_split_names([e for e in self.doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")])
        # Persons first, so a surname elsewhere tagged ORG/GPE ("Dostum", "Ghani") resolves to the person.
        for ent in ents:
            if ent.label_ == "PERSON" and not ent.ent_id_ and not self._place_by_context(ent):
                self._person(ent)
        for ent in ents:
            if ent.ent_id_ and ent.ent_id_ in self.gazetteer:
                self.add(ent.start, ent.end, entity_from_entry(self.gazetteer[ent.ent_id_]), "gazetteer", 0.95)
            elif ent.label_ == "PERSON":
                continue
            elif (person := self._known_person(ent.text)) is not None:
                self.add(ent.start, ent.end, person, "coreference", 0.8)
            elif (entry := self._exact(ent.text)) is not None:
                self.add(ent.start, ent.end, entity_from_entry(entry), "gazetteer", 0.9)
            elif ent.label_ in ("GPE", "LOC", "FAC", "NORP") and (match := self.fuzzy_place(ent)) is not None:
                entry, score = match
                self.add(ent.start, ent.end, entity_from_entry(entry), "fuzzy", round(0.6 + 0.3 * score, 2))
            elif ent.label_ in ("GPE", "LOC", "FAC"):
                kind = self.place_kind_from_context(ent) or "Place"
                self.add(ent.start, ent.end, local_entity(kind, _clean(ent.text)), "ner", 0.7)
            elif ent.label_ == "ORG":
                self.add(ent.start, ent.end, local_entity("Organization", _clean(ent.text)), "ner", 0.6)

    def _place_by_context(self, ent: Span) -> bool:
        """"the Kahmard district centre" with "Kahmard" tagged as a person: a name right before a place
        noun ("district", "province", "city") is that kind of place."""
        after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        if after is None or after.lemma_.lower() not in ("district", "province", "city", "town", "village", "valley"):
            return False
        match = self.fuzzy_place(ent)
        if match is not None:
            self.add(ent.start, ent.end, entity_from_entry(match[0]), "fuzzy", round(0.6 + 0.3 * match[1], 2))
        else:
            kind = lx.PLACE_NOUN_KIND.get(after.lemma_.lower(), "Place")
            self.add(ent.start, ent.end, local_entity(kind, _clean(ent.text)), "context", 0.65)
        return True

    def _person(self, ent: Span) -> None:
        tokens = [t for t in ent if t.is_alpha or "-" in t.text]
        if not tokens:
            return
        name = _clean(ent.text).removesuffix("‘s")
        person = self._known_person(name) or local_entity("Person", name)
        if len(tokens) > 1:
            # A full name: later (and earlier) single-name mentions of the same surname refer to it.
            self._persons.setdefault(name_key(tokens[-1].text), person)
            self._persons[name_key(name)] = person
        self.add(ent.start, ent.end, person, "ner", 0.8)

    def _known_person(self, text: str) -> EntityRef | None:
        key = name_key(text.removesuffix("'s").removesuffix("’s"))
        return self._persons.get(key)

    def _exact(self, text: str) -> Entry | None:
        key = name_key(text)
        for k, entry in self._fuzzy_index:
            if k == key:
                return entry
        return None

    def fuzzy_place(self, ent: Span) -> tuple[Entry, float] | None:
        """The gazetteer place a misspelt name most likely is ("Albak" -> Aibak), if close enough:
        similarity >= 0.8 when the context says it is a place, >= 0.88 otherwise."""
        key = name_key(ent.text)
        if len(key) < 4:
            return None
        context = self.place_kind_from_context(ent)
        threshold = 0.8 if (context or ent.label_ in ("GPE", "LOC")) else 0.88
        best: tuple[float, Entry] | None = None
        for candidate, entry in self._fuzzy_index:
            if candidate[:1] != key[:1]:
                continue
            if context and context in lx.CITY_LIKE and entry.kind not in lx.CITY_LIKE:
                continue
            score = Levenshtein.normalized_similarity(key, candidate)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, entry)
        return (best[1], best[0]) if best else None

    @staticmethod
    def place_kind_from_context(span: Span) -> str | None:
        """The place kind a name's syntactic context implies: "the district of Panjwai" -> District,
        "a ninth provincial capital, Faizabad" -> City, "Panjwai district" -> District."""
        root = span.root
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if after is not None and after.lemma_.lower() in lx.PLACE_NOUN_KIND and after.pos_ == "NOUN":
            return lx.PLACE_NOUN_KIND[after.lemma_.lower()]
        head = root.head
        if root.dep_ == "appos" and head.lemma_.lower() in lx.PLACE_NOUN_KIND:
            return lx.PLACE_NOUN_KIND[head.lemma_.lower()]
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.PLACE_NOUN_KIND:
            return lx.PLACE_NOUN_KIND[head.head.lemma_.lower()]
        return None

    def _add_facilities(self) -> None:
        """Facilities named by a place and a facility noun ("Badghis provincial prison", "Kunduz
        airport", "the city's prison", "the air base in Kandahar"), by a name of their own
        ("Pul-e-Charkhi prison"), or definite and in a city just named ("took the city: ... and the
        prison"). Gazetteer facilities are kept; "the facility" after one is coreference, not new."""
        for token in self.doc:
            lemma = token.lemma_.lower()
            if lemma not in lx.FACILITY_NOUNS or token.pos_ not in ("NOUN", "PROPN") or token.i in self._by_token:
                continue
            first = min([token.i, *[c.left_edge.i for c in token.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]])
            covered = [i for i in range(first, token.i) if i in self._by_token]
            named = [self._by_token[i] for i in covered if self._by_token[i].entity.iri is None and not self._by_token[i].entity.is_place]
            if named and named[0].start >= first and all(s.end <= token.i for s in named):
                # "Pul-e-Charkhi prison" with the name read as an organisation: the facility's own name
                name_start = min(s.start for s in named)
                label = self.doc[name_start : token.i + 1].text
                city = self.antecedent(token, kinds=("City",), window=2)
                kind = "Prison" if token.lemma_.lower() in ("prison", "jail") else lx.PLACE_NOUN_KIND.get(lemma, "Facility")
                self.relabel(name_start, token.i + 1, local_entity(kind, label, located_in=city.key if city else None), "facility", 0.7)
                continue
            if covered:
                first = max(first, max(covered) + 1)  # the place's own mention stays: "[Badghis] [provincial prison]"
            modifiers = self.doc[first : token.i]
            words = [
                t.text
                for t in self.doc[first : token.i + 1]
                if t.i not in self._by_token
                and (t.i == token.i or t.dep_ in ("compound", "nmod", "nummod") or t.lower_ in lx.FACILITY_NAME_ADJECTIVES)
                and t.lower_ not in ("city", "town")
            ]
            kind = lx.PLACE_NOUN_KIND.get(lemma, "Facility")
            if any(t.lemma_.lower() in lx.PRISON_MODIFIERS for t in modifiers):
                kind = "Prison"  # "Parwan detention facility"
            place = self._facility_anchor(token)
            if place is None and any(t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod") for t in modifiers):
                label = " ".join(words)  # a name of its own: "Pul-e-Charkhi prison"
                city = self.antecedent(token, kinds=("City",), window=2)
                self.add(first, token.i + 1, local_entity(kind, label, located_in=city.key if city else None), "facility", 0.7)
                continue
            if place is None and (unit := self._unit_name(token)) is not None:
                # "the headquarters of the army's 217th Pamir Corps"
                city = self.antecedent(token, kinds=("City",), window=2)
                self.add(first, token.i + 1, local_entity(kind, f"{unit} {token.text}", located_in=city.key if city else None), "facility", 0.65)
                continue
            same_kind = lx.FACILITY_KINDS if lemma in ("facility", "compound") else (kind,)
            if place is None and self._definite(token) and self.antecedent(token, kinds=same_kind, window=3) is None:
                place = self.antecedent(token, kinds=("City",), window=2)  # the sentence or the one before
            if place is None:
                continue
            facility = local_entity(kind, " ".join([place.label, *words]), located_in=place.key)
            self.add(first, token.i + 1, facility, "facility", 0.75)

    def _unit_name(self, noun: Token) -> str | None:
        """The named unit or body a facility belongs to: "headquarters of the army's 217th Pamir Corps"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                known = self.entity_at(pobj) if pobj is not None else None
                if known is not None and known.kind == "Organization" and known.iri is None:
                    return known.label
                if pobj is not None and pobj.pos_ == "PROPN" and known is None:
                    words = [t for t in pobj.subtree if t.dep_ in ("compound", "nummod", "amod") or t.i == pobj.i]
                    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        return None

    @staticmethod
    def _definite(noun: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.lefts)

    def _facility_anchor(self, noun: Token) -> EntityRef | None:
        for child in noun.lefts:
            if child.dep_ in ("compound", "nmod", "poss", "amod"):
                entity = self.entity_at(child)
                if entity is None and child.dep_ == "poss" and child.lemma_.lower() in ("city", "town", "province"):
                    entity = self.antecedent(child, kinds=("City",) if child.lemma_.lower() != "province" else ("Province",))
                if entity is not None and entity.is_place:
                    return entity
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "near", "outside"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (entity := self.entity_at(pobj)) is not None and entity.is_place:
                        return entity
        return None

    def _add_descriptors(self) -> None:
        """Common nouns that mean a known actor in context ("the insurgents" = the Taliban), only when
        the article also names that actor."""
        named = {s.entity.key for s in self._spans}
        descriptors: dict[str, Entry] = {}
        for entry in self.gazetteer:
            if entry.is_actor and entry.iri in named:
                for descriptor in entry.descriptors:
                    descriptors.setdefault(descriptor.lower(), entry)
        if not descriptors:
            return
        longest = max(len(d.split()) for d in descriptors)
        heads = {d.split()[-1] for d in descriptors}
        for token in self.doc:
            if token.i in self._by_token or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.lower_ not in heads and token.lemma_.lower() not in heads:
                continue
            for size in range(longest, 0, -1):
                start = token.i - size + 1
                if start < 0:
                    continue
                words = self.doc[start : token.i + 1]
                phrase = " ".join(t.lower_ for t in words)
                lemma_phrase = " ".join([*(t.lower_ for t in words[:-1]), token.lemma_.lower()])
                entry = descriptors.get(phrase) or descriptors.get(lemma_phrase)
                if entry is not None and not any(t.i in self._by_token for t in words):
                    self.add(start, token.i + 1, entity_from_entry(entry), "descriptor", 0.7)
                    break

    # ---- lookups ---------------------------------------------------------------------------------

    def sentence(self, token: Token) -> Span:
        """The sentence of ``token`` (``Token.sent`` recomputes every sentence of the document)."""
        return self._sentences[bisect.bisect_right(self._sentence_starts, token.i) - 1]

    def entity_at(self, token: Token) -> EntityRef | None:
        span = self._by_token.get(token.i)
        return span.entity if span else None

    def span_at(self, token: Token) -> tuple[int, int] | None:
        span = self._by_token.get(token.i)
        return (span.start, span.end) if span else None

    def mentions_in(self, start: int, end: int) -> list[EntityRef]:
        seen: list[EntityRef] = []
        for span in sorted(self._spans, key=lambda s: s.start):
            if start <= span.start and span.end <= end and span.entity not in seen:
                seen.append(span.entity)
        return seen

    def antecedent(self, token: Token, *, kinds: tuple[str, ...], window: int = 3) -> EntityRef | None:
        """The most recent mention before ``token`` whose kind is one of ``kinds``, within ``window``
        sentences (the current one included)."""
        starts = self._sentence_starts
        current = bisect.bisect_right(starts, token.i) - 1
        floor = starts[max(0, current - window + 1)] if window else 0
        best: _Span | None = None
        for span in self._spans:
            if floor <= span.start and span.end <= token.i and span.entity.kind in kinds and self._salient(span):
                if best is None or span.start > best.start:
                    best = span
        return best.entity if best else None

    def _salient(self, span: _Span) -> bool:
        """Can this mention be what "the city" refers to? Not a place named only to locate another
        ("150 km southwest of Kabul", "north of Kabul") nor a dateline ("KABUL, Aug 12 (Reuters) -")."""
        root = self.doc[span.start : span.end].root
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "from") and root.head.head.lower_ in _LOCATING_WORDS:
            return False
        sentence = self.sentence(root)
        return sum(t.is_alpha for t in sentence) >= 4

    def resolve(self, token: Token) -> EntityRef | None:
        """What a noun phrase head refers to: a mention, or by coreference a pronoun ("they", "it",
        "he", "who") or a definite description ("the city", "the facility", "this town")."""
        if (entity := self.entity_at(token)) is not None:
            return entity
        lower, lemma = token.lower_, token.lemma_.lower()
        if lower in lx.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.resolve(token.head.head)
        if lower in lx.PLURAL_PRONOUNS:
            return self.antecedent(token, kinds=_ACTOR_KINDS_FOR_THEY, window=2)
        if lower in lx.PERSON_PRONOUNS:
            return self.antecedent(token, kinds=("Person",), window=3)
        if lower in lx.THING_PRONOUNS:
            return self.antecedent(token, kinds=("City", "District", "Province", "Place", *lx.FACILITY_KINDS), window=2)
        determiners = {c.lower_ for c in token.lefts if c.dep_ in ("det", "poss")}
        if token.pos_ == "NOUN" and determiners & {"the", "this", "that"} and lemma in lx.PLACE_NOUN_KIND:
            kind = lx.PLACE_NOUN_KIND[lemma]
            if kind == "City" and lemma == "capital" and not any(c.lower_ == "provincial" for c in token.lefts):
                return None  # "the capital" is the national capital, unless said otherwise
            kinds = lx.FACILITY_KINDS if lemma in ("facility", "compound") else (kind,)
            return self.antecedent(token, kinds=kinds, window=5) or (self.focal(kind) if kind == "City" else None)
        return None

    def focal(self, kind: str) -> EntityRef | None:
        """The place of ``kind`` the article is about: named at least three times and half as often again
        as any other (what "the city" means when no city was named just before)."""
        counts: dict[str, tuple[int, EntityRef]] = {}
        for span in self._spans:
            if span.entity.kind == kind:
                n, _ = counts.get(span.entity.key, (0, span.entity))
                counts[span.entity.key] = (n + 1, span.entity)
        ranked = sorted(counts.values(), key=lambda c: -c[0])
        if not ranked or ranked[0][0] < 3 or (len(ranked) > 1 and 2 * ranked[0][0] < 3 * ranked[1][0]):
            return None
        return ranked[0][1]

    def dominant_armed_group(self) -> EntityRef | None:
        """The armed group the article names most often (the default captor)."""
        counts: dict[str, tuple[int, EntityRef]] = {}
        for span in self._spans:
            if span.entity.kind == "ArmedGroup":
                n, _ = counts.get(span.entity.key, (0, span.entity))
                counts[span.entity.key] = (n + 1, span.entity)
        if not counts:
            return None
        return max(counts.values(), key=lambda c: c[0])[1]

    def mentions(self, sentence_index: dict[int, int]) -> list[Mention]:
        """All mentions as character spans; ``sentence_index`` maps a token index to its sentence."""
        out = []
        for span in sorted(self._spans, key=lambda s: s.start):
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
                )
            )
        return out


def _join_split_names(ents: list[Span]) -> list[Span]:
    """"Mohammad Yosouf" (PERSON) + "Farahmand" (GPE): a person's last name the model tagged as
    something else, right after the rest of the name, belongs to the person."""
    out: list[Span] = []
    for ent in ents:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.label_ == "PERSON"
            and previous.end == ent.start
            and not ent.ent_id_
            and len(ent) == 1
            and ent[0].pos_ == "PROPN"
        ):
            out[-1] = Span(ent.doc, previous.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def _clean(text: str) -> str:
    return text.removesuffix("'s").removesuffix("’s").strip(" ,.;:()\"'“”")
