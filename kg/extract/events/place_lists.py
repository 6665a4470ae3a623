"""Places in lists: coordinated names the parser hung elsewhere ("captured Sheberghan to its west, and Kunduz
and Taloqan to its east"), lists after a colon ("cities fall: A, B and C"), and the adjuncts a list may
skip ("to its west", "on Sunday", ", the capital of Daykundi,")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.extract import place_words
from kg.extract.entities import ArticleEntities, local_entity
from kg.extract.records import EntityRef

_DIRECTIONS = place_words.COMPASS_POINTS | frozenset(
    {
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "centre",
        "center",
    }
)
_DIRECTION_WORDS = _DIRECTIONS | {"its", "the", "their", "far", "northern", "southern", "eastern", "western"}
_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "near",
        "outside",
        "from",
        "with",
        "between",
        "around",
        "across",
        "towards",
        "toward",
        "at",
        "on",
        "inside",
        "beyond",
        "along",
    }
)
_SKIP_IN_LIST = frozenset({",", "and", "as", "well", "then", "also", "(", ")", "-", "–", "—", "or", "too", "."})
_NO_ENTITY = local_entity("Thing", "none")


class PlaceLists:
    """The list readers of :class:`~kg.extract.events.places.PlaceFinder`."""

    entities: ArticleEntities
    doc: Doc
    named_in: dict[str, int]
    """Place key -> index of the sentence after the trigger's that names it (:meth:`named_next`)."""

    def _facility_list(self, end: int) -> list[EntityRef]:
        """Facilities listed after a colon that closes the phrase: "took control of the main areas of
        the city: the governor's office, the police headquarters and the prison"."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end + 1].text != ":":
            return []
        out = []
        for token in doc[end + 2 : self.entities.sentence(doc[end]).end]:
            entity = self.entities.entity_at(token)
            if entity is not None and entity.kind in place_words.FACILITY_KINDS and entity not in out:
                out.append(entity)
        return out

    def named_next(self, head: Token) -> list[EntityRef]:
        """ "rebels have captured a northern town ..." and then "... the town of X" or "X, a town of ..." in the
        next sentence: an indefinite town, city or village that the next sentence names with the same noun."""
        noun = head.lemma_.lower()
        if (
            head.tag_ != "NN"
            or place_words.PLACE_NOUN_KIND.get(noun) != "City"
            or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)
        ):
            return []
        doc = self.doc
        sentence = self.entities.sentence(head)
        if sentence.end >= len(doc):
            return []
        following = self.entities.sentence(doc[sentence.end])
        for token in following:
            if token.lemma_.lower() != noun or token.pos_ != "NOUN":
                continue
            named = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            if token.dep_ == "appos":
                named.append(token.head)  # "X, a town of 50,000 people"
            for name in named:
                entity = self.entities.entity_at(name)
                if entity is not None and entity.kind in place_words.CITY_LIKE and entity.kind != "Province":
                    self.named_in[entity.key] = self.entities.sentence_index(name)  # the event's evidence too
                    return [entity]
        return []

    def facilities_alike(self, head: Token, found: list[EntityRef]) -> list[EntityRef]:
        """ "airports in the provinces of A and B", "two army bases in A and B": a plural facility noun placed
        in coordinated towns is one facility in each; the first is found, the others are made alike."""
        if head.tag_ != "NNS" or place_words.facility_noun(head) is None:
            return []
        facility = next((f for f in found if f.kind in place_words.FACILITY_KINDS and f.located_in), None)
        if facility is None:
            return []
        doc = self.doc
        sentence = self.entities.sentence(head)
        town = next(
            (
                t
                for t in doc[head.i + 1 : min(sentence.end, head.i + 10)]
                if (e := self.entities.entity_at(t)) is not None and e.key == facility.located_in
            ),
            None,
        )
        town_entity = self.entities.entity_at(town) if town is not None else None
        if town is None or town_entity is None or not facility.label.startswith(f"{town_entity.label} "):
            return []
        words = facility.label[len(town_entity.label) + 1 :]
        span = self.entities.span_at(town)
        root = doc[span[0] : span[1]].root if span else town
        alike = []
        for other in root.conjuncts:
            entity = self.entities.entity_at(other)
            if entity is not None and entity.kind in place_words.CITY_LIKE and entity.key != facility.located_in:
                alike.append(local_entity(facility.kind, f"{entity.label} {words}", located_in=entity.key))
        return alike

    def _span_end(self, head: Token, found: list[EntityRef]) -> int:
        """Token index of the last token, in the head's clause, of a place already found."""
        last = head.i
        for token in head.subtree:
            entity = self.entities.entity_at(token)
            if entity is not None and entity in found:
                last = max(last, token.i)
        return last

    def colon_list(self, token: Token) -> list[EntityRef]:
        """Places listed after a colon that follows ``token``'s phrase: "cities fall: A, B and C"."""
        doc = self.doc
        sentence = self.entities.sentence(token)
        i = token.i + 1
        while (
            i < sentence.end
            and doc[i].text != ":"
            and (i <= token.i + 3 or (i <= token.i + 6 and doc[i].pos_ in ("ADP", "DET", "ADJ", "NOUN")))
        ):
            i += 1  # "cities fall: A, B", "five capitals in the north: A, B"

        if i >= sentence.end or doc[i].text != ":":
            return []
        places: list[EntityRef] = []
        for j in range(i + 1, sentence.end):
            entity = self.entities.entity_at(doc[j])
            if entity is not None and entity.is_place:
                if entity not in places:
                    places.append(entity)
            elif doc[j].text not in _SKIP_IN_LIST and not doc[j].is_space:
                break
        return places

    def _continuation(self, last: int, head: Token) -> Iterator[EntityRef]:
        """Coordinated places the parser attached elsewhere: "captured Sheberghan to its west, and
        Kunduz and Taloqan to its east"; "conquered Sar-e-Pul and at the end of the day Taloqan"."""
        doc = self.doc
        sentence = self.entities.sentence(head)
        i = last + 1
        seen_conjunction = False
        while i < sentence.end:
            token = doc[i]
            entity = self.entities.entity_at(token)
            if entity is not None and entity.is_place:
                span = self.entities.span_at(token)
                previous = doc[span[0] - 1] if span and span[0] > 0 else None
                if not seen_conjunction or (previous is not None and previous.lower_ in _LOCATIVE_PREPS | {"of", "to"}):
                    return
                if span and doc[span[0] : span[1]].root.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    return  # ", and the airport was reopened": the subject of a clause of its own
                root = doc[span[0] : span[1]].root if span else token
                if root.dep_ == "poss" or (span and span[1] < len(doc) and doc[span[1]].tag_ == "POS"):
                    return  # "X, Chechnya's second-largest city": the owner in a description of X
                if (
                    root.dep_ == "appos"
                    and root.pos_ == "NOUN"
                    and root.head.i <= last
                    and previous is not None
                    and previous.text == ","
                ):
                    i, seen_conjunction = (
                        span[1] if span else i + 1,
                        False,
                    )  # "X, Gaddafi's compound in Y,": X described
                    continue
                after = self.entities.entity_at(doc[span[1]]) if span and span[1] < sentence.end else None
                if after is not None and after.kind in place_words.FACILITY_KINDS:
                    assert span is not None  # ``after`` was read right after the span
                    entity, span = after, self.entities.span_at(doc[span[1]])  # "al-Qaim station": the station
                yield entity
                i = span[1] if span else i + 1
                seen_conjunction = False
                continue
            if (
                token.lower_
                in ("and", ",", "as", "well", "then", "also", "or", ".", "ultimately", "finally", "eventually", "later")
                or token.is_space
            ):
                seen_conjunction = seen_conjunction or token.lower_ in ("and", ",", "or")
                i += 1
                continue
            if (
                token.tag_ == "NNS"
                and token.lemma_.lower() in place_words.PLACE_AFTER_NAME
                and (self.entities.entity_at(doc[i - 1]) or _NO_ENTITY).is_place
            ):
                i += 1  # "A, B and C provinces, and ultimately X": the list's designator
                continue
            if token.lower_ in ("which", "that") and token.head.dep_ == "relcl" and token.head.head.i <= last:
                # "Tabqa, which is southwest of Raqqa, Syria, as well as the Tabqa Dam": the list goes on after the clause
                resume = next(
                    (
                        j + 3
                        for j in range(i, sentence.end - 3)
                        if doc[j].text == "," and " ".join(t.lower_ for t in doc[j + 1 : j + 4]) == "as well as"
                    ),
                    None,
                )
                if resume is None:
                    return
                i, seen_conjunction = resume, True
                continue
            skip = self._skippable(i)
            locating = any(
                t.lower_ in ("from", "of") and doc[t.i - 1].lower_ in place_words.LOCATING_WORDS for t in doc[i:skip]
            )
            if skip and not locating and token.lower_ not in ("near", "outside", "close", "beyond"):
                i = skip  # not ", 100 kilometers from the capital, X" nor ", near the capital, X": X only locates the place taken
                continue
            return

    def _skippable(self, i: int) -> int:
        """End index of an adjunct between list items ("to its west", "in the south", "at the end of
        the day", "(south)", "further north", ", the group's biggest prize so far,"), or 0."""
        doc = self.doc
        token = doc[i]
        if i > 0 and doc[i - 1].text == "," and token.lower_ not in ("and", "or", "as"):
            # an apposition between commas: no verb, no place name, at most eight words
            j = i
            while j < min(len(doc), i + 9) and doc[j].text != ",":
                if doc[j].pos_ in ("VERB", "AUX"):
                    return 0
                if (self.entities.entity_at(doc[j]) or _NO_ENTITY).is_place and _capital_of_before(doc[j], i):
                    j = (self.entities.span_at(doc[j]) or (j, j + 1))[
                        1
                    ]  # ", the capital of Daykundi,": whose capital it is
                    continue
                if (self.entities.entity_at(doc[j]) or _NO_ENTITY).is_place:
                    span = self.entities.span_at(doc[j])
                    if span is None or span[1] >= len(doc) or doc[span[1]].tag_ != "POS":
                        return 0
                    j = span[1]  # ", the country's third-largest city,": a possessive only describes
                j += 1
            return j if j < len(doc) and doc[j].text == "," and j > i else 0
        start = i + 1 if token.pos_ == "ADP" and i + 1 < len(doc) and doc[i + 1].ent_type_ in ("DATE", "TIME") else i
        if doc[start].ent_type_ in ("DATE", "TIME"):  # "on Sunday", "at the end of the day"
            j = start
            while j < len(doc) and doc[j].ent_type_ in ("DATE", "TIME"):
                j += 1
            return j
        if token.text == "(":
            j = i + 1
            while j < len(doc) and j < i + 6 and doc[j].text != ")":
                j += 1
            return j + 1 if j < len(doc) and doc[j].text == ")" else 0
        if token.lower_ in ("to", "in", "at", "further", "farther", "on") and i + 1 < len(doc):
            j = i + 1
            while j < len(doc) and j < i + 5 and doc[j].lower_ in _DIRECTION_WORDS:
                if doc[j].lower_ in _DIRECTIONS:
                    return j + 1
                j += 1
            if token.lower_ in ("further", "farther") and doc[i + 1].lower_ in _DIRECTIONS:
                return i + 2
        return 0


def _capital_of_before(name: Token, start: int) -> bool:
    """Is the apposition from ``start`` to ``name`` "the capital of" (or "capital of the northern
    province of"), saying whose capital a town is, not where it lies?"""
    words = [t.lower_ for t in name.doc[start : name.i]]
    return (
        "capital" in words
        and words[-1:] == ["of"]
        and all(
            w in ("the", "of", "capital", "provincial", "regional", "province", "region", "a", "its")
            or w in place_words.COMPASS_WORDS
            for w in words
        )
    )
