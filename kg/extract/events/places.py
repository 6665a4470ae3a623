"""The places a phrase names: names, descriptions, coordinations, appositions and lists."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.entities import ArticleEntities, local_entity
from kg.extract.entities.facilities import coordinated_facility_modifier
from kg.extract.entities.place_cues import designator_kind, gapped_objects, headline_words, tokens_before
from kg.extract.entities.refs import clean_name
from kg.extract.events.place_lists import PlaceLists
from kg.extract.records import EntityRef
from kg.vocab import LinkMethod


class PlaceFinder(PlaceLists):
    """Finds the places the phrases of one parsed article denote."""

    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities
        self.doc = entities.doc
        self.named_in = {}

    def places_of(self, head: Token, *, named_only: bool = False) -> list[EntityRef]:
        """The places a noun phrase denotes: its name, the name in "the city of X" or in an apposition
        ("the sixth provincial capital, Albak"), coordinated names, a colon list, or (unless
        ``named_only``) what a definite description or pronoun refers to."""
        found: list[EntityRef] = []
        self._collect_places(head, found, named_only=named_only, depth=0)
        if found:
            last = max(self._span_end(head, found), head.i)
            for extra in self._continuation(last, head):
                if extra not in found:
                    found.append(extra)
            found += [f for f in self._facility_list(head.right_edge.i) if f not in found]
            found += [f for f in self.facilities_alike(head, found) if f not in found]
        found += [f for f in self._including_after(head) if f not in found]
        if head.dep_ == "dobj":
            for second in gapped_objects(head.head):  # "retook A on Sunday and X on Friday"
                self._collect_places(second, found, named_only=True, depth=1)
        if not found:
            found = self.named_next(head) or self._vacated(head)
        found += [f for f in self._along_with(head) if f not in found]
        return [f for f in found if not self._locator(f, head, found)]

    def _wider_than_towns(self, head: Token, pobj: Token) -> bool:
        """Is ``pobj`` the province or country that holds the towns of "key cities of Anbar", not a town?"""
        wider = self.entities.entity_at(pobj)
        return (
            head.tag_ == "NNS"
            and place_words.PLACE_NOUN_KIND.get(head.lemma_.lower()) == "City"
            and wider is not None
            and wider.kind in ("Province", "Country", "Region")
        )

    def _locator(self, place: EntityRef, head: Token, found: list[EntityRef]) -> bool:
        """Is ``place`` only where another found place lies ("Muhajeriya, South Darfur": the province in
        apposition to the town)?"""
        if place.kind not in ("Province", "Region") and not self._capital_for_its_province(place):
            return False
        for token in head.subtree:
            beside = token.dep_ == "appos" or (
                token.dep_ == "conj" and place.kind == "City" and not _in_a_list(token)
            )  # "Islam Qala, Herat, the biggest crossing", not "Islam Qala, Herat, Kandahar and X"
            if beside and self.entities.entity_at(token) == place:
                town = self.entities.entity_at(token.head)
                if (
                    town is not None
                    and town in found
                    and town.kind in ("City", "Place", "District", "BorderCrossing")
                    and town != place
                    and (place.kind != "City" or (town.located_in is not None and town.located_in == place.located_in))
                ):
                    return True  # "the border town of Islam Qala, Herat, ...": Herat province, by its capital's name
        return False

    def _capital_for_its_province(self, place: EntityRef) -> bool:
        """Is ``place`` a provincial capital that shares its province's name (which it may stand for)?"""
        gazetteer = self.entities.gazetteer
        province = place.located_in
        if place.kind != "City" or province is None or province not in gazetteer:
            return False
        capital = gazetteer.capital_of(province)
        return capital is not None and capital.iri == place.iri and gazetteer[province].label == place.label

    def _vacated(self, head: Token) -> list[EntityRef]:
        """ "[forces withdrew from A and B districts.] Rebels took control of the vacated areas": the places
        a side withdrew from or vacated in the two sentences before."""
        if head.tag_ != "NNS" or not any(
            c.dep_ == "amod" and c.lower_ in ("vacated", "abandoned") for c in head.children
        ):
            return []
        found: list[EntityRef] = []
        for verb in tokens_before(head, sentences=2):
            if verb.pos_ != "VERB" or lx.verb_lemma(verb) not in ("withdraw", "vacate", "abandon", "leave", "pull"):
                continue
            places = self.locative_places(verb, preps=("from", "out"))
            if lx.verb_lemma(verb) in ("vacate", "abandon", "leave"):
                places += [p for c in verb.children if c.dep_ == "dobj" for p in self.places_of(c, named_only=True)]
            found += [p for p in places if p.kind not in ("Country", "Province") and p not in found]
        return found

    def _along_with(self, head: Token) -> list[EntityRef]:
        """ "X along with the capitals of A and B", "together with Y": places added to the phrase."""
        found: list[EntityRef] = []
        doc = self.doc
        tokens = [*head.subtree, *doc[head.right_edge.i + 1 : min(len(doc), head.right_edge.i + 3)]]
        for token in tokens:
            if token.lower_ == "with" and token.i > 0 and doc[token.i - 1].lower_ in ("along", "together"):
                for pobj in (c for c in token.children if c.dep_ == "pobj"):
                    self._collect_places(pobj, found, named_only=True, depth=1)
        return found

    def _including_after(self, head: Token) -> list[EntityRef]:
        """ ", including the towns of A and B" right after the phrase (or after a short locative: "several
        buildings in the city, including X"), which the parser hung elsewhere."""
        doc = self.doc
        i = head.right_edge.i + 1
        if i < len(doc) and doc[i].lower_ == "in" and doc[i].head.i != head.i:
            end = min(len(doc), i + 5)
            while i < end and doc[i].text != "," and doc[i].pos_ in ("ADP", "DET", "NOUN", "ADJ"):
                i += 1  # "in the city", hung on the verb
        if i + 1 < len(doc) and doc[i].pos_ == "ADP" and doc[i + 1].ent_type_ == "DATE":
            i += 1
            while i < len(doc) and doc[i].ent_type_ == "DATE":
                i += 1  # "overran most of the city on 12 August, including the prison"
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i >= len(doc) or doc[i].lower_ != "including" or doc[i].head.i == head.i:
            return []
        found: list[EntityRef] = []
        for pobj in (c for c in doc[i].children if c.dep_ == "pobj"):
            self._collect_places(pobj, found, named_only=True, depth=1)
        return found

    def _collect_places(self, head: Token, found: list[EntityRef], *, named_only: bool, depth: int) -> None:
        if depth > 6:
            return
        if head.lower_ in lx.RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.dep_ == "attr":
            head = head.head.head  # "X was the first town that the militants captured": the town the copula names
        if head.dep_ in ("compound", "nmod") and place_words.facility_noun(head.head):
            facility = self.entities.entity_at(head.head)
            if facility is not None and facility.kind in place_words.FACILITY_KINDS:
                head = head.head  # "al-Qaim station": the town only names where the station is
        entity = self.entities.entity_at(head)
        plural = (
            entity is None
            and head.tag_ in ("NNS", "NNPS")
            and designator_kind(head) in ("City", "District", "Province")
        )  # "A and B towns", "A and B Counties"
        if plural:
            for child in head.lefts:  # "the retaking of Palma and Mocimboa da Praia towns": every name the plural holds
                known = self.entities.entity_at(child)
                wider = (
                    known is not None
                    and known.kind in ("Province", "Country", "Region")
                    and designator_kind(head) == "City"
                )
                if (
                    child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN" and not wider
                ):  # not "the Borno state towns"
                    self._collect_places(child, found, named_only=True, depth=depth + 1)
        elif entity is None:
            # a name inside the phrase: "the Spin Boldak border crossing", "the Kahmard district centre";
            # but "the Borno state town" is a town in that state, not the state
            town = place_words.PLACE_NOUN_KIND.get(head.lemma_.lower()) == "City"
            placelike = (
                head.lemma_.lower()
                in place_words.PLACE_NOUNS | place_words.PLACE_PART_NOUNS | place_words.FACILITY_NOUNS
                or head.pos_ == "PROPN"
            )
            named_after = town and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
            for child in (
                _compounds(head) if placelike and not named_after else ()
            ):  # not "a Pantsir air defense system",
                # nor the country in "the western C.A.R. town of Bossangoa"
                if (e := self.entities.entity_at(child)) is not None and e.is_place:
                    entity = None if town and e.kind in ("Province", "Country", "Region") else e
                    break
        if _near(head):
            return  # a Title Case headline: "Troops Seize Rebel Town Near X", X parsed as the object
        if entity is not None and entity.kind == "City" and _a_side_of_town(head):
            return  # "recaptured eastern X": a part of the city, not the city
        if entity is not None and entity.is_place:
            if entity.kind == "Province" and (city := self._city_in_parentheses(head)) is not None:
                entity = city  # "captured Samangan (Aibak)": the province's name used for its city
            if entity not in found:
                found.append(entity)
            # "the governor's compound and police headquarters": the compound too
            if (
                (modifier := coordinated_facility_modifier(head)) is not None
                and (other := self.entities.entity_at(modifier)) is not None
                and other.kind in place_words.FACILITY_KINDS
                and other not in found
                and other != entity
            ):
                found.append(other)
            # "southern Tigray, including the towns of A and B"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "including":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._collect_places(pobj, found, named_only=True, depth=depth + 1)
                elif child.dep_ == "appos" and child.pos_ == "NOUN":
                    # "Herat, the third-largest city, and Kandahar": the list goes on through the description
                    for conj in (g for g in child.children if g.dep_ == "conj" and _after_conjunction(g)):
                        if (other := self.entities.entity_at(conj)) is not None and other.kind == entity.kind:
                            self._collect_places(conj, found, named_only=True, depth=depth + 1)
        elif (
            head.dep_ == "attr"
            and head.lemma_.lower() in place_words.PLACE_NOUNS
            and (subject := self._copula_subject(head)) is not None
        ):
            if subject not in found:
                found.append(subject)  # "Bentiu is the other capital seized by the rebels"
        elif head.lemma_.lower() == "capital" and (capitals := self._capitals_of(head, depth)) is not None:
            found.extend(c for c in capitals if c not in found)
        elif head.lemma_.lower() in place_words.AREA_NOUNS and any(c.dep_ == "appos" for c in head.children):
            for appos in (c for c in head.children if c.dep_ == "appos"):  # "captured the area, the village of X,"
                self._collect_places(appos, found, named_only=True, depth=depth + 1)
        elif (
            head.lemma_.lower() in place_words.PLACE_NOUNS or place_words.facility_noun(head) is not None
        ):  # "the refinery", "the palace"
            before = len(found)
            crossing = place_words.PLACE_NOUN_KIND.get(head.lemma_.lower()) == "BorderCrossing"
            for child in head.children:
                if child.dep_ == "prep" and (
                    child.lower_ == "of" or (child.lower_ == "at" and crossing)
                ):  # "the border crossing at X"
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and not self._wider_than_towns(head, pobj):
                            self._collect_places(pobj, found, named_only=True, depth=depth + 1)
                elif child.dep_ == "appos" and not _near(child):
                    self._collect_places(child, found, named_only=True, depth=depth + 1)
                    if (
                        not found
                        and child.pos_ == "PROPN"
                        and (e := self._named_by_apposition(child, head)) is not None
                    ):
                        found.append(e)  # "a third frontier post, Abu Nasr Farahi": a place the models missed
                elif child.dep_ == "prep" and (
                    child.lower_ == "including"
                    or (child.lower_ == "as" and any(g.lower_ == "such" for g in child.children))
                ):
                    for pobj in child.children:  # "towns, including X", "towns, such as X and Y"
                        if pobj.dep_ == "pobj":
                            self._collect_places(pobj, found, named_only=True, depth=depth + 1)
            if len(found) == before:
                found.extend(e for e in self._apposition_after(head) if e not in found)
            if len(found) == before and (named := _copula_complement(head)) is not None:
                self._collect_places(named, found, named_only=True, depth=depth + 1)  # "the towns taken were A and B"
            if len(found) == before:
                found.extend(e for e in self.colon_list(head) if e not in found)
            if len(found) == before and not named_only and head.tag_ == "NNS" and (count := _pair_count(head)):
                if (
                    place_words.PLACE_NOUN_KIND.get(head.lemma_.lower()) == "City"
                ):  # "took control of both villages": the two just named
                    found.extend(
                        e for e in self.entities.antecedents(head, kinds=("City",), count=count) if e not in found
                    )
            elif len(found) == before and not named_only:
                entity = self.entities.resolve(head)
                if entity is not None and entity.is_place and entity not in found:
                    found.append(entity)
        elif head.lemma_.lower() in place_words.PLACE_PART_NOUNS or head.lower_ in place_words.PLACE_PART_NOUNS:
            # "its outskirts", "the gates of Kabul": the place whose part it is; "some areas, including X"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "including":
                    for pobj in (g for g in child.children if g.dep_ == "pobj"):
                        self._collect_places(pobj, found, named_only=True, depth=depth + 1)
                elif child.dep_ == "poss":
                    entity = self.entities.resolve(child)
                    if entity is not None and entity.is_place and entity not in found:
                        found.append(entity)
                elif child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._collect_places(pobj, found, named_only=named_only, depth=depth + 1)
        elif head.lemma_.lower() in place_words.COLLECTION_NOUNS:  # "a string of provincial capitals: A, B and C"
            for pobj in (
                g
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ):
                self._collect_places(pobj, found, named_only=named_only, depth=depth + 1)
        elif head.pos_ == "NUM" and head.dep_ in ("dobj", "nsubjpass", "nsubj") and "/" not in head.text:
            # "captured 10 of the 34 provincial capitals, including Ghazni": the ones the phrase names (but
            # "2/3 of the valley" is a part of one)
            for pobj in (
                g
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ):
                self._collect_places(pobj, found, named_only=True, depth=depth + 1)
        elif not named_only and head.pos_ == "PRON":
            entity = self.entities.resolve(head)
            if entity is not None and entity.is_place and entity not in found:
                found.append(entity)
        people = (
            head.pos_ == "NOUN"
            and head.lemma_.lower() in actor_words.FORCE_NOUNS | actor_words.ARMED_GROUP_NOUNS
            and head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.head.head.lemma_.lower() in place_words.LOSS_OF_LIFE_NOUNS
        )
        # "the loss of the soldiers and X": a list of people, not of places
        for child in () if people else head.children:
            if child.dep_ == "conj" and (
                self._names_a_place(child) or _after_conjunction(child) or any(g.dep_ == "conj" for g in child.children)
            ):
                # "A, B and C"; but "Pul-e-Khumri, capital of Baghlan province" is a description
                self._collect_places(child, found, named_only=True, depth=depth + 1)
            elif (
                child.dep_ == "appos"
                and self._names_a_place(child)
                and any(g.dep_ == "conj" and self._names_a_place(g) for g in child.children)
            ):
                # "A, B, C and D fell" parsed with B in apposition to A and C coordinated with B: one list
                self._collect_places(child, found, named_only=True, depth=depth + 1)

    def _city_in_parentheses(self, head: Token) -> EntityRef | None:
        """The city a parenthesis names after a province's name: "Samangan (Aibak)"."""
        for child in head.children:
            if child.dep_ == "appos" and child.left_edge.i > 0 and self.doc[child.left_edge.i - 1].text == "(":
                entity = self.entities.entity_at(child)
                if entity is not None and entity.is_place and entity.kind == "City":
                    return entity
        return None

    def _copula_subject(self, noun: Token) -> EntityRef | None:
        """The place a copula says ``noun`` is ("X is the town ..."), if its subject names one."""
        subject = (
            next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if noun.head.lemma_ in ("be", "become")
            else None
        )
        entity = self.entities.entity_at(subject) if subject is not None else None
        return entity if entity is not None and entity.is_place else None

    def _capitals_of(self, head: Token, depth: int) -> list[EntityRef] | None:
        """ "the capital of (the province of) X", "the capitals of A and B": the capital cities, which the
        gazetteers know, not the provinces (None when the phrase names no province or country)."""
        named: list[EntityRef] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    if (
                        place_words.PLACE_NOUN_KIND.get(pobj.lemma_.lower()) in ("Province", "Region")
                        and self.entities.entity_at(pobj) is None
                    ):
                        # "the capital of the northern province of Samangan", "of the breakaway region of X"
                        pobj = next(
                            (
                                g
                                for c in pobj.children
                                if c.dep_ == "prep" and c.lower_ == "of"
                                for g in c.children
                                if g.dep_ == "pobj"
                            ),
                            pobj,
                        )
                    tokens = [pobj, *(c for c in pobj.children if c.dep_ == "conj")]
                    province_noun = place_words.PLACE_NOUN_KIND.get(
                        pobj.lemma_.lower()
                    ) == "Province" or pobj.lower_ in (
                        "state",
                        "states",
                    )
                    if province_noun and self.entities.entity_at(pobj) is None:  # "the capital of Borno state"
                        # "the capitals of Takhar and Sar-e-Pul provinces": the names modify the noun
                        names = [c for c in pobj.children if c.dep_ in ("compound", "nmod")]
                        tokens += [*names, *(g for c in names for g in c.children if g.dep_ == "conj")]
                    for token in tokens:
                        entity = self.entities.entity_at(token)
                        if entity is None and province_noun and any(c.lower_ == "the" for c in token.children):
                            entity = self.entities.resolve(token)  # "the capital of the province": the one named
                        if entity is not None and entity.is_place and entity not in named:
                            named.append(entity)
        regions = [p for p in named if p.kind in ("Province", "Country", "Region")]
        if not regions:
            return None
        # a region's capital no gazetteer knows is no place found: never the region instead
        return [c for p in named if (c := self.entities.capital_of(p) if p in regions else p) is not None]

    def _named_by_apposition(self, name: Token, noun: Token) -> EntityRef | None:
        """A proper name in apposition to a place noun is that kind of place, whatever NER said."""
        known = self.entities.entity_at(name)
        if known is not None and (
            known.is_place or known.iri is not None or known.kind in actor_words.ARMED_ACTOR_KINDS
        ):
            return known if known.is_place else None  # a side the linking found stays one
        start = min([name.i, *[c.i for c in name.lefts if c.dep_ == "compound"]])
        kind = place_words.PLACE_NOUN_KIND.get(noun.lemma_.lower(), "Place")
        if any(c.lower_ in ("frontier", "border") for c in noun.lefts):
            kind = "BorderCrossing"
        label = self.doc[start : name.i + 1].text
        world = self.entities.world
        found = (
            world.resolve(
                clean_name(label), self.entities.context.place_context, kind_hint=kind if kind == "City" else None
            )
            if world
            else None
        )
        if (
            found is not None
            and found.place.kind == "City"
            and found.place.country == self.entities.focus_country
            and kind in ("City", "Place")
        ):
            # "the last stronghold, Bani Walid": a town of the article's country the models missed
            entity = self.entities.places.world_entity(found.place)
            return self.entities.relabel(
                start,
                name.i + 1,
                entity,
                LinkMethod.WORLD,
                0.7,
                reason=f"named in apposition to a place noun; {found.reason}",
            )
        return self.entities.relabel(start, name.i + 1, local_entity(kind, label), LinkMethod.CONTEXT, 0.6)

    def _names_a_place(self, token: Token) -> bool:
        entity = self.entities.entity_at(token) or next(
            (e for c in token.lefts if c.dep_ in ("compound", "nmod") and (e := self.entities.entity_at(c))), None
        )
        return entity is not None and entity.is_place

    def _apposition_after(self, head: Token) -> list[EntityRef]:
        """ ", Islam Qala" after "Afghanistan's biggest border crossing with Iran": an apposition the
        parser attached elsewhere. The name must follow a comma and suit the head noun's kind."""
        kind = place_words.PLACE_NOUN_KIND.get(head.lemma_.lower())
        if head.lemma_.lower() == "headquarters" and not any(c.dep_ in ("compound", "nmod") for c in head.lefts):
            kind = "City"  # "the rebel headquarters, Kilinochchi": a movement's seat is a town
        doc = self.doc
        end = min(head.right_edge.i + 3, self.entities.sentence(head).end)  # the comma, then the name
        # not inside a clause on the noun: "a key town that lies between the capital, Freetown, and ..."
        end = min([end, *(c.left_edge.i for c in head.children if c.dep_ in ("relcl", "acl") and c.i > head.i)])
        for i in range(head.i + 1, end):
            if doc[i - 1].text != ",":
                continue
            capital = next(
                (t for t in doc[i : min(i + 3, len(doc))] if t.lemma_.lower() == "capital" and t.pos_ == "NOUN"), None
            )
            if (
                kind == "City"
                and capital is not None
                and all(t.pos_ in ("DET", "ADJ") and t.lower_ not in lx.FORMER_WORDS for t in doc[i : capital.i])
            ):
                capitals = self._capitals_of(capital, 1)  # "overran the city, the provincial capital of Takhar,"
                if capitals:
                    return capitals
            entity = self.entities.entity_at(doc[i])
            if entity is not None and entity.is_place and place_words.noun_fits(kind, entity.kind):
                return [entity]
        return []

    def victory_places(self, victory: Token) -> list[EntityRef]:
        """Where a victory was won: "victory in X", "victory over the group in X" (the place hung on the
        vanquished, or right after it wherever the parser hung it)."""
        places = self.locative_places(victory, preps=("in", "at", "over"))
        for over in (c for c in victory.children if c.dep_ == "prep" and c.lower_ == "over"):
            places += [
                p
                for g in over.children
                if g.dep_ == "pobj"
                for p in self.locative_places(g, preps=("in", "at"))
                if p not in places
            ]
            after = over.right_edge.i + 1  # "declared victory over the group in X" with "in X" hung elsewhere
            if after < len(victory.doc) and victory.doc[after].lower_ == "in":
                places += [
                    p
                    for g in victory.doc[after].children
                    if g.dep_ == "pobj"
                    for p in self.places_of(g, named_only=True)
                    if p not in places
                ]
        return places

    def places_after_control(self, control: Token) -> list[EntityRef]:
        """The X in "took control of X", also when an adjunct intervenes ("took control, further
        north, of Sheberghan")."""
        for child in control.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "over"):  # "established control over X"
                return [p for g in child.children if g.dep_ == "pobj" for p in self.places_of(g)]
        sentence = self.entities.sentence(control)
        for i in range(control.i + 1, min(sentence.end, control.i + 8)):
            token = self.doc[i]
            if token.lower_ in ("of", "over"):
                return [p for g in token.children if g.dep_ == "pobj" for p in self.places_of(g)]
            if token.pos_ == "VERB":
                break
        return []

    def contextual_place(self, heads: Sequence[Token]) -> list[EntityRef]:
        """A proper-noun object of a capture verb that no model recognised ("capture Burka in northern
        Baghlan province"): a place, a district when a province is given."""
        out = []
        heads = [*heads, *(c for h in heads for c in h.children if c.dep_ == "conj")]
        for head in heads:
            if (
                head.pos_ != "PROPN"
                or self.entities.entity_at(head) is not None
                or head.ent_type_ in ("PERSON", "NORP", "ORG")
            ):
                continue
            if (
                head.lower_ in place_words.PLACE_NOUN_KIND or head.lemma_.lower() in place_words.PLACE_NOUN_KIND
            ) and not any(c.dep_ == "compound" for c in head.children):
                continue  # "Troops Recapture Village": a Title Case common noun, no name
            start = head.i
            while (
                start > self.entities.sentence(head).start
                and self.doc[start - 1].dep_ == "compound"
                and self.doc[start - 1].pos_ == "PROPN"
            ):
                start -= 1
            if headline_words(self.doc[start : head.i + 1]):
                continue  # "Militants Retake Strategic Town", with "a strategic town" in the text
            name = self.doc[start : head.i + 1].text
            province = next((p for p in self.locative_places(head, preps=("in",)) if p.kind == "Province"), None)
            described = next(
                (
                    place_words.PLACE_NOUN_KIND[c.lemma_.lower()]
                    for c in head.children
                    if c.dep_ == "appos" and c.lemma_.lower() in place_words.PLACE_NOUN_KIND
                ),
                None,
            )
            verb = head.head.head if head.dep_ == "conj" else head.head
            if province is None and described is None and verb.lemma_.lower() not in lx.PLACE_ONLY_CAPTURE_VERBS:
                continue  # a capitalised object with no place context may be anything
            kind = described or ("District" if province is not None else "Place")
            entity = local_entity(kind, name, located_in=province.key if province else None)
            out.append(self.entities.add(start, head.i + 1, entity, LinkMethod.CONTEXT, 0.6))
        return out

    def locative_places(
        self, token: Token, preps: tuple[str, ...] = ("in", "near", "at", "outside")
    ) -> list[EntityRef]:
        places: list[EntityRef] = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        places += [p for p in self.places_of(pobj, named_only=child.lower_ != "to") if p not in places]
        return places


def _a_side_of_town(name: Token) -> bool:
    """ "eastern X", "west X": a compass word in lower case before a city's name names a part of it (but
    "central X" is where the city is held from)."""
    return any(
        c.dep_ in ("amod", "compound") and c.i < name.i and c.text.islower() and c.lower_ in _SIDE_WORDS
        for c in name.children
    )


_SIDE_WORDS = (place_words.COMPASS_ADJECTIVES | place_words.COMPASS_POINTS) - {"central"}


def _copula_complement(noun: Token) -> Token | None:
    """The name a copula gives its subject: "the three taken towns were A, B and C" (A)."""
    if noun.dep_ != "nsubj" or noun.head.lemma_ != "be":
        return None
    return next((c for c in noun.head.children if c.dep_ == "attr" and c.pos_ == "PROPN"), None)


def _pair_count(noun: Token) -> int | None:
    """How many places "both towns", "the two villages", "all three towns" stand for."""
    words = {c.lower_ for c in noun.children if c.dep_ in ("det", "nummod", "predet", "amod")}
    if "both" in words or "two" in words:
        return 2
    return 3 if "three" in words else None


def _near(name: Token) -> bool:
    """Is ``name`` a point of reference in a Title Case headline ("Rebel Town Near X"), where the
    parser reads "Near" as part of the name?"""
    return any(c.dep_ in ("compound", "nmod") and c.lower_ in ("near", "outside") for c in name.children)


def _compounds(head: Token) -> Iterator[Token]:
    """The noun-phrase modifiers left of ``head``, through chains of compounds."""
    for child in head.lefts:
        if child.dep_ in ("compound", "nmod", "amod"):
            yield child
            yield from _compounds(child)


def _after_conjunction(token: Token) -> bool:
    """Is ``token`` coordinated by "and"/"or" (not only by a comma, as an apposition is)?"""
    previous = token.doc[token.i - 1] if token.i > 0 else None
    return (
        previous is not None
        and (previous.dep_ == "cc" or previous.lower_ in ("and", "or"))
        or any(c.dep_ == "cc" for c in token.head.children if c.i < token.i)
    )


def _in_a_list(name: Token) -> bool:
    """Is ``name`` a member of a list that goes on after it ("A, B, C and D") or ends with it ("A and B")?"""
    doc = name.doc
    if any(c.dep_ in ("conj", "cc") for c in name.children):
        return True
    i = name.i + 1  # a name's head is its last word
    if i < len(doc) and doc[i].lower_ in ("and", "or"):
        return True
    if i + 1 < len(doc) and doc[i].text == "," and (doc[i + 1].lower_ in ("and", "or") or _listed_name(doc[i + 1])):
        return True
    return any(c.dep_ == "cc" for c in name.head.children)


def _listed_name(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and not (token.i + 1 < len(token.doc) and token.doc[token.i + 1].tag_ == "POS")
    )
