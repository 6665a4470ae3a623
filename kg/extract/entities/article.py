"""The entities of one article: the mention registry, filled by the place, person, actor and
facility linkers in turn, with the coreference lookups the event and claim rules use."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.entities.actors import ActorLinker, country_in, sided
from kg.extract.entities.context import ArticleContext
from kg.extract.entities.coreference import Coreference
from kg.extract.entities.facilities import FacilityLinker
from kg.extract.entities.persons import Persons, join_split_names, titled
from kg.extract.entities.place_cues import (
    counted,
    described_as_place,
    headline_words,
    place_kind_from_context,
)
from kg.extract.entities.places import PlaceLinker
from kg.extract.entities.refs import clean_name, entity_from_entry, local_entity, unnamed_armed_group
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.gazetteer import Gazetteer
from kg.gazetteer.countries import country_named, country_of_demonym
from kg.gazetteer.world import WorldGazetteer
from kg.vocab import LinkMethod


class ArticleEntities(MentionRegistry):
    """Entity mentions of one parsed article and coreference lookups over them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, world: WorldGazetteer | None = None) -> None:
        super().__init__(doc)
        self.gazetteer = gazetteer
        self.world = world
        self.context = ArticleContext(doc, gazetteer, world)
        self.countries = self.context.countries
        self.focus_country = self.context.focus_country
        """The country the article is about: the one it names most often."""
        self.places = PlaceLinker(self, self.context, gazetteer, world)
        self.persons = Persons(self)
        self.actors = ActorLinker(self, self.context, self.places, gazetteer)
        self.facilities = FacilityLinker(self)
        self.coreference = Coreference(self, self.context, self.places, world, self.actors.forces_of)
        self._link_named_entities()
        self.places.add_untagged()
        self.places.relink_listed_persons()
        self.places.retype_lists_under_a_designator()
        self.actors.add_untagged_takers()
        self.actors.add_untagged_acronym_takers()
        self._one_sense_per_name()
        self.actors.add_acronyms()
        self.facilities.add_all()
        self.actors.add_descriptors()
        self.actors.add_forces()

    def _link_named_entities(self) -> None:
        ents = join_split_names(
            [
                named
                for e in self.doc.ents
                if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART")
                and (named := _one_name(e)) is not None
            ]
        )
        ents = [
            self._whole_place_name(_name_before_its_designator(_with_its_untagged_head(e)))
            for e in _split_before_a_plural_place_noun(_join_across_an_apostrophe(ents))
        ]
        places, persons, actors = self.places, self.persons, self.actors
        # Persons first, so a surname elsewhere tagged ORG/GPE ("Dostum", "Ghani") resolves to the person; but
        # not a name the article calls a place ("the town of X" once, X tagged a person elsewhere).
        # (in any case: "the town of al-Qawalish" there, "Al-Qawalish was captured" here)
        placed = {clean_name(e.text).casefold() for e in ents if place_kind_from_context(e) is not None}
        for ent in ents:
            if (
                ent.label_ == "PERSON"
                and len(ent) <= 2
                and (country_of_demonym(ent.text) is not None or country_named(ent.text) is not None)
            ):
                continue  # "Nigerien", "Sri Lankan" read as a name: a nationality; "Ethiopia says": the country
            if (
                ent.label_ == "PERSON"
                and len(ent) > 1
                and (
                    ent[0].lower_ in place_words.LANDFORM_WORDS
                    or ent[-1].lower_ in place_words.NAMED_SITE_NOUNS | place_words.DIVISION_DESIGNATORS
                )
            ):
                # "Mount Hermon", "Lake Chad", "X Castle", "X Province": a landform, a site or a division,
                # whatever the model said; in "A Governorate's X District", X
                places.link(_after_a_possessive(ent))
            elif clean_name(ent.text).casefold() in actor_words.UNNAMED_ARMED_GROUP_ACRONYMS:
                continue  # "NSAG": linked below, whatever the model tagged it
            elif ent.label_ == "PERSON" and not ent.ent_id_ and sided(ent) and actors.group_by_context(ent):
                continue  # "the pro-government X": a side, whatever the model or the article's other sentences made of X
            elif ent.label_ == "PERSON" and not ent.ent_id_ and clean_name(ent.text).casefold() in placed:
                if not places.link_by_context(ent):
                    places.link(ent)  # "the town of X" elsewhere in the article: X here too
            elif (
                ent.label_ == "PERSON"
                and not ent.ent_id_
                and not _common_word_inside(ent)
                and not places.link_by_context(ent)
                and not actors.group_by_context(ent)
            ):
                persons.add(ent)
        for ent in ents:
            if not any(c.isalpha() for c in ent.text):
                continue  # "[36]": a citation marker, not a name
            if ent.label_ in ("PRODUCT", "WORK_OF_ART"):
                # "retook Jaʿār and X" read as a title: a place only by a place noun or a verb that takes places
                # (not "seized three Humvees")
                if (
                    place_kind_from_context(ent) is not None
                    or described_as_place(ent)
                    or (
                        ent.root.dep_ in ("dobj", "conj")
                        and lx.verb_lemma(places.taking_verb(ent.root)) in lx.PLACE_ONLY_CAPTURE_VERBS
                    )
                ):
                    places.link_by_context(ent)
                continue
            if clean_name(ent.text).casefold() in actor_words.UNNAMED_ARMED_GROUP_ACRONYMS:
                self.add(ent.start, ent.end, unnamed_armed_group(ent.text), LinkMethod.DESCRIBED, 0.6)
                continue  # "NSAGs" tagged as an organisation: no group's name
            if ent.label_ in ("GPE", "LOC") and (end := actors.organization_name_end(ent)) is not None:
                name = Span(self.doc, ent.start, end, label="ORG")  # "Donetsk People's Republic": a body, not the city
                self.add(
                    name.start,
                    name.end,
                    local_entity(actors.organization_kind(name), clean_name(name.text), country=country_in(name)),
                    LinkMethod.NER,
                    0.6,
                )
            elif (
                ent.ent_id_
                and ent.ent_id_ in self.gazetteer
                and (full_name := self._foreign_place_in_a_name(ent)) is not None
            ):
                persons.add(full_name)  # "spokesman Mohamed Farah" in a story about Somalia: no Afghan city
            elif ent.ent_id_ and ent.ent_id_ in self.gazetteer and self._generic_name_abroad(ent):
                continue  # "foreign forces" in a story about Mozambique: not a pack's coalition
            elif ent.ent_id_ and ent.ent_id_ in self.gazetteer:
                self.add(ent.start, ent.end, entity_from_entry(self.gazetteer[ent.ent_id_]), LinkMethod.GAZETTEER, 0.95)
            elif ent.label_ in ("PERSON", "ORG") and len(ent) <= 4 and country_named(clean_name(ent.text)) is not None:
                places.link(
                    ent
                )  # "Ethiopia says it has captured X", "Sierra Leone's rebels": the country read as a person or a body
            elif ent.label_ == "PERSON" and len(ent) <= 2 and country_of_demonym(ent.text) is not None:
                actors.norp(ent)
            elif ent.label_ == "PERSON":
                continue
            elif ent.label_ in ("GPE", "LOC") and titled(ent) and country_named(ent.text) is None:
                persons.add(ent)  # "President Aden said"; but "Ethiopia says" is the country
            elif (person := persons.known(ent.text)) is not None:
                self.add(ent.start, ent.end, person, LinkMethod.COREFERENCE, 0.8)
            elif (entry := places.exact(ent.text)) is not None:
                self.add(ent.start, ent.end, entity_from_entry(entry), LinkMethod.GAZETTEER, 0.9)
            elif ent.label_ == "NORP" and country_of_demonym(ent.text) is None and places.link_by_context(ent):
                continue
            elif ent.label_ == "NORP":
                actors.norp(ent)
            elif ent.label_ == "ORG" and _names_an_operation(ent):
                continue  # "Operation Free Sinjar", "the Liberation of Mosul": what was done, not who did it
            elif ent.label_ == "ORG" and (places.link_by_context(ent) or actors.group_by_context(ent)):
                continue
            elif (
                ent.label_ == "ORG"
                and len(ent) > 1
                and (
                    ent[-1].lemma_.lower() in place_words.BUILDING_NAME_NOUNS | place_words.NAMED_SITE_NOUNS
                    or ent[0].lower_ in ("camp", "fort")
                )
            ):
                # "Marawi City Hall", "Camp Shorabak", "Bayji Oil Refinery": a building, a base or a site, whatever
                # NER called it
                places.link(ent)
            elif (
                ent.label_ in ("GPE", "LOC")
                and len(ent) == 1
                and country_named(ent.text) is None
                and country_of_demonym(ent.text) is not None
            ):
                actors.norp(ent)  # "Ukrainian troops" with the nationality tagged a place
            elif ent.label_ in ("GPE", "LOC") and any(c.isdigit() for c in ent.text) and actors.group_by_context(ent):
                continue  # "M23 fighters": a code with digits names no place
            elif ent.label_ in ("GPE", "LOC", "FAC") and not counted(ent):
                places.link(ent)  # but "two Toyota Hiluxes" counts things
            elif (
                ent.label_ == "ORG" and actors.organization_kind(ent) == "Organization" and places.link_known_city(ent)
            ):
                continue
            elif ent.label_ == "ORG" and (entry := actors.descriptor_of_country(ent.text)) is not None:
                # "the Defence Ministry"
                self.add(ent.start, ent.end, entity_from_entry(entry), LinkMethod.DESCRIPTOR, 0.75)
            elif ent.label_ == "ORG":
                ent = Span(self.doc, actors.name_start(ent), ent.end, label="ORG")
                label = clean_name(ent.text).removeprefix("the ").removeprefix("The ")
                kind = actors.organization_kind(ent)
                self.add(ent.start, ent.end, local_entity(kind, label, country=country_in(ent)), LinkMethod.NER, 0.6)

    def _generic_name_abroad(self, ent: Span) -> bool:
        """Is ``ent`` a pack actor's common-noun alias ("foreign forces", "international troops") in a
        story about a country the packs do not describe? Such words name that actor only in its region."""
        entry = self.gazetteer[ent.ent_id_]
        generic = any(alias.islower() and alias == ent.text.lower() for alias in entry.aliases)
        return (
            entry.is_actor
            and entry.country is None
            and generic
            and self.focus_country not in (None, *self.gazetteer.countries)
        )

    def _whole_place_name(self, ent: Span) -> Span:
        """A place name the model cut short of its last word ("Sanski Most" tagged "Sanski"), when the world
        gazetteer knows the whole name."""
        end = ent.end
        if ent.label_ not in ("GPE", "LOC") or ent.ent_id_ or end >= len(self.doc) or self.world is None:
            return ent
        after = self.doc[end]
        if not after.is_title or after.ent_type_ or after.is_sent_start or not ent.text[-1:].isalpha():
            return ent
        if not self.world.candidates(f"{ent.text} {after.text}"):
            return ent
        return Span(self.doc, ent.start, end + 1, label=ent.label_)

    def _foreign_place_in_a_name(self, ent: Span) -> Span | None:
        """The person's name a region-pack place of another country than the article's is part of
        ("Mohamed Farah"): the capitalised proper nouns right before it, or None."""
        entry = self.gazetteer[ent.ent_id_]
        if not entry.is_place or not entry.country or self.focus_country in (None, entry.country):
            return None
        start = ent.start
        sentence_start = self.sentence(ent[0]).start
        while start > sentence_start and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].is_title:
            start -= 1
        return Span(self.doc, start, ent.end, label="PERSON") if start < ent.start else None

    def _one_sense_per_name(self) -> None:
        """A name the model read as a person or a group, or did not tag, in one sentence and that the
        article names as a linked place elsewhere is that place ("fighting in northern Sanaa" beside
        "the capital, Sanaa"), unless a title makes it a person ("President X", "X said")."""
        # linked places, and towns the text itself calls one ("the strategic city of Jurf Al Sakhar")
        named = [
            s
            for s in self.spans
            if s.entity.is_place
            and (
                s.entity.iri is not None
                or (s.method in (LinkMethod.CONTEXT, LinkMethod.NER) and s.entity.kind in ("City", "District"))
            )
        ]
        places = {self.doc[s.start : s.end].text: s.entity for s in named}
        for span in list(self.spans):
            if (
                span.entity.is_place
                or span.entity.iri is not None
                or span.method not in (LinkMethod.NER, LinkMethod.CONTEXT)
            ):
                continue
            words = self.doc[span.start : span.end]
            place = places.get(words.text)
            if place is not None and not titled(words):
                self.relabel(span.start, span.end, place, LinkMethod.COREFERENCE, 0.7)
        longest = max((s.end - s.start for s in named), default=0)
        i = 0
        while i < len(self.doc):
            token = self.doc[i]
            if i in self.by_token or token.pos_ != "PROPN" or not token.is_title:
                i += 1
                continue
            for n in range(min(longest, len(self.doc) - i), 0, -1):
                words = self.doc[i : i + n]
                place = places.get(words.text)
                if place is not None and not any(j in self.by_token for j in range(i, i + n)) and not titled(words):
                    # "Ramadi is the capital of ...", no model tagged it
                    self.add(i, i + n, place, LinkMethod.COREFERENCE, 0.7)
                    i += n - 1
                    break
            i += 1

    # ---- lookups beyond the registry's -----------------------------------------------------------

    def side_of_person(self, name: Token) -> EntityRef | None:
        """The armed side a person speaks for (see :meth:`Coreference.side_of_person`)."""
        return self.coreference.side_of_person(name)

    def resolve(self, token: Token) -> EntityRef | None:
        """What a noun phrase head refers to (see :meth:`Coreference.resolve`)."""
        return self.coreference.resolve(token)

    def capital_of(self, place: EntityRef) -> EntityRef | None:
        """The capital of a province or a country, when a gazetteer knows it."""
        return self.places.capital_of(place)

    def forces_of(self, code: str) -> EntityRef:
        """The armed forces of the state ``code`` (see :meth:`ActorLinker.forces_of`)."""
        return self.actors.forces_of(code)


def _one_name(ent: Span) -> Span | None:
    """The name in an entity span: within one line, without whitespace at its ends; None for a
    Title Case headline the model read as one name ("Haftar's Forces Seize Key Libyan Coastal Town")."""
    start, end = ent.start, ent.end
    for token in ent:
        listed = (
            token.i + 1 < len(ent.doc) and ent.doc[token.i + 1].dep_ == "conj"
        )  # "the towns of A, B and C" as one name
        if "\n" in token.text or (
            token.text == "," and (ent.label_ in ("GPE", "LOC", "FAC") or listed) and token.i > ent.start
        ):
            end = token.i  # "Mitú, Vaupés Department": the place, then where it lies
            break
        if token.dep_ in ("aux", "auxpass") and token.lemma_ in ("have", "be") and token.i > ent.start:
            end = token.i  # "... of A, B Have Fallen" read as one name: the name, then its verb
            break
        if token.lower_ in ("in", "near") and token.text.islower() and token.i > ent.start:
            end = token.i  # "Shire in Tigray" read as one name: the place, then where it lies
            break
        if (
            token.lower_ == "of"
            and token.i > ent.start
            and ent.label_ in ("GPE", "LOC", "FAC", "ORG")
            and any(
                t.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS
                for t in ent.doc[token.i + 1 : min(len(ent.doc), ent.end + 6)]
            )  # "... of Islamic State of Iraq and the Levant terrorists"
            and not any(t.lower_ in actor_words.ORGANIZATION_HEAD_WORDS for t in ent.doc[ent.start : token.i])
        ):
            end = token.i  # "cleared X of Islamic State fighters" read as one name: the place, then whom it is rid of
            break
        if (
            token.text in ("-", "–", "—")
            and token.i > ent.start
            and token.whitespace_
            and ent.doc[token.i - 1].whitespace_
        ):
            end = token.i  # "Baghdad Airport - 2003": a spaced dash ends a name (a hyphen joins one)
            break
    doc = ent.doc
    while start < end and doc[start].is_space:
        start += 1
    while ent.label_ in ("GPE", "LOC") and not ent.ent_id_ and start > 0 and _name_before(doc[start - 1], start, end):
        start -= 1  # "Goz Beida" with only "Beida" tagged: the name's first word too
    if (
        start > 0
        and _arabic_article(doc[start - 1])
        and ent.label_ in ("GPE", "LOC", "FAC", "PERSON")
        and not ent.ent_id_
    ):
        start -= 1  # "Ad Durayhimi" with "Durayhimi" tagged: the article belongs to the name
    while end > start and (doc[end - 1].is_space or doc[end - 1].pos_ == "CCONJ"):
        end -= 1
    if start >= end or headline_words(doc[start:end]):
        return None  # "Retake Strategic Town", with "a strategic town" in the text: no name
    if any(
        (t.pos_ == "VERB" and t.lemma_.lower() in lx.CAPTURE_VERBS | set(lx.ATTACK_TRIGGERS))
        or (end - start >= 4 and lx.capture_verb_form(t.lower_))
        for t in doc[start:end]
    ):
        return None
    return (
        ent
        if (start, end) == (ent.start, ent.end)
        else Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.ent_id_)
    )


def _with_its_untagged_head(ent: Span) -> Span:
    """ "Cao Bằng" with only "Cao" tagged: the untagged capitalised word the name's last word modifies ends
    the name (not a title, a place noun, an organisation's head word or a headline's verb, "X Falls to Y", and
    not inside a longer name)."""
    doc = ent.doc
    if ent.end >= len(doc) or ent.label_ not in ("ORG", "PERSON", "GPE", "LOC") or ent.ent_id_:
        return ent  # a name a gazetteer matched is whole
    head = doc[ent.end]
    word = head.lower_
    if (
        ent[-1].head.i != head.i
        or ent[-1].dep_ != "compound"
        or head.ent_type_
        or head.pos_ != "PROPN"
        or head.tag_ != "NNP"
        or not head.is_title
        or lx.capture_verb_form(word)
        or word.removesuffix("s") in lx.FALL_VERBS | lx.CONTROL_VERBS
        or word in place_words.PLACE_NOUN_KIND
        or word in actor_words.ORGANIZATION_HEAD_WORDS
        or word.rstrip(".") in actor_words.PERSON_TITLES
        or (head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "PROPN")
    ):
        return ent
    return Span(doc, ent.start, head.i + 1, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.ent_id_)


def _split_before_a_plural_place_noun(ents: list[Span]) -> list[Span]:
    """ "the Old Raqqa and Daraiya" tagged one organisation before "neighborhoods": the names a plural place
    noun after them lists, each its own."""
    out: list[Span] = []
    for ent in ents:
        doc = ent.doc
        after = doc[ent.end] if ent.end < len(doc) else None
        joints = [t.i for t in ent if t.lower_ in ("and", ",")]
        if (
            after is None
            or not joints
            or after.tag_ != "NNS"
            or after.lemma_.lower() not in place_words.PLACE_NOUN_KIND
        ):
            out.append(ent)
            continue
        start = ent.start
        for end in [*joints, ent.end]:
            start += start < end and doc[start].lower_ == "the"  # "the Old Zembar and the Qorvali"
            if start < end and doc[start].text[:1].isupper():
                out.append(Span(doc, start, end, label=ent.label_))
            start = end + 1
    return out


def _name_before_its_designator(ent: Span) -> Span:
    """ "Barsolo District", "Barsolo District Administrative Centre", or "Barsolo Counties" after "A and", tagged
    one organisation: the name before the designator; the words from it on say what the place is, as they do
    when the model leaves them out."""
    if (
        ent.label_ not in ("ORG", "FAC")
        or len(ent) < 2
        or any(t.lower_ in actor_words.ARMED_GROUP_NAME_WORDS for t in ent)
    ):
        return ent  # but "Islamic State Khorasan Province" is a group's name
    listed = ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("and", "or", ",")
    for k in range(1, len(ent)):
        word = ent[k]
        if (
            word.tag_ in ("NNP", "NNPS")
            and word.lower_ in _DESIGNATORS  # not "Kabul Municipality", a body
            and (
                (k < len(ent) - 1 and all(t.lower_ in _DESIGNATOR_TAIL for t in ent[k + 1 :]))
                or (k == len(ent) - 1 and (listed or not word.lower_.endswith("s")))  # "X District", "A and B Counties"
            )
        ):
            start = ent.start + (ent[0].lower_ == "the")  # "the Char Asiab District": the name, without "the"
            return Span(ent.doc, start, ent.start + k, label=ent.label_) if start < ent.start + k else ent
    return ent


_DESIGNATORS = frozenset({"district", "districts", "province", "provinces", "county", "counties"})
_DESIGNATOR_TAIL = frozenset({"administrative", "centre", "center", "centres", "centers", "headquarters"})


def _names_an_operation(ent: Span) -> bool:
    """ "Operation Free Sinjar", "the Liberation of Mosul", "Battle of X": the name of a military operation
    or of an event, which the model may tag an organisation."""
    words = [t for t in ent if t.lower_ != "the"]
    if len(words) < 2:
        return False
    first = words[0].lower_
    return first == "operation" or (first in _EVENT_NAME_WORDS and words[1].lower_ == "of")


_EVENT_NAME_WORDS = frozenset(
    {
        "liberation",
        "battle",
        "siege",
        "fall",
        "capture",
        "recapture",
        "offensive",
        "sack",
        "defence",
        "defense",
    }
)


def _join_across_an_apostrophe(ents: list[Span]) -> list[Span]:
    """ "Ra's Lanuf" read as a person "Ra" and a place "Lanuf": the Arabic "Ra's" (a cape) opens the name after it
    (a word the tokeniser splits like a possessive)."""
    out: list[Span] = []
    for ent in ents:
        previous = out[-1] if out else None
        doc = ent.doc
        if (
            previous is not None
            and len(previous) == 1
            and previous.text.lower() in lx.APOSTROPHE_NAME_OPENINGS
            and previous.end + 1 == ent.start
            and doc[previous.end].text in ("'s", "’s")
            and not previous[0].whitespace_
        ):
            out[-1] = Span(doc, previous.start, ent.end, label=ent.label_)
            continue
        out.append(ent)
    return out


def _common_word_inside(ent: Span) -> bool:
    """Does a lowercase preposition, determiner, verb or noun stand inside ``ent`` ("Battles of Bambari")?
    No person's name has one ("Abu Bakr al-Baghdadi", "Iyad ag Ghaly" have particles)."""
    return any(
        t.is_alpha
        and t.is_lower
        and t.pos_ in ("ADP", "DET", "VERB", "AUX", "NOUN")
        and t.lower_ not in place_words.NAME_CONNECTORS
        for t in ent[1:-1]
    )


def _arabic_article(token: Token) -> bool:
    """ "Ad" in "Ad Durayhimi": the Arabic article written apart, inside a sentence and read as part of a name
    (not "As" or "At" opening an English sentence)."""
    return (
        token.text in place_words.ARABIC_ARTICLES
        and token.pos_ == "PROPN"
        and token.dep_ == "compound"
        and not token.is_sent_start
    )


def _name_before(token: Token, start: int, end: int) -> bool:
    """Is ``token`` an untagged first word of the place name ``doc[start:end]`` ("Goz" in "Goz Beida")?"""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and not token.ent_type_
        and token.dep_ == "compound"
        and start <= token.head.i < end
        and not token.is_sent_start
        and (token.i == 0 or token.doc[token.i - 1].lower_.rstrip(".") not in actor_words.PERSON_TITLES)
        and token.lower_ not in lx.CAPTURE_VERB_FORMS
        and token.lemma_.lower() not in lx.CAPTURE_VERBS | set(lx.ATTACK_TRIGGERS)
    )


def _after_a_possessive(ent: Span) -> Span:
    """The name after the last possessive inside ``ent`` ("Salah ad Din Governorate's Al Shirqat District" ->
    "Al Shirqat District"), or ``ent``."""
    cut = max((t.i + 1 for t in ent if t.tag_ == "POS" and t.i + 1 < ent.end), default=ent.start)
    return Span(ent.doc, cut, ent.end, label=ent.label_)
