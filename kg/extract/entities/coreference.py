"""What a noun phrase refers to when it names nothing itself: pronouns ("they", "it", "he", "who"),
members of a group ("fighters from the group"), definite descriptions ("the city", "the facility")
and cities described by their country ("the Afghan capital", "the country's third-largest city")."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.extract import actor_words, place_words, speech_words
from kg.extract import lexicon as lx
from kg.extract.entities.context import ArticleContext, country_code
from kg.extract.entities.places import PlaceLinker
from kg.extract.entities.refs import (
    followers,
    local_entity,
    loyalty_word,
    phrase_start,
    side_prefix,
    unnamed_armed_group,
)
from kg.extract.entities.registry import MentionRegistry
from kg.extract.entities.world_places import largest_cities
from kg.extract.records import EntityRef
from kg.gazetteer.countries import country_of_demonym
from kg.gazetteer.world import WorldGazetteer
from kg.vocab import LinkMethod

# What a place is only mentioned in, in passing: "the incident occurred in A", "talks were held at A".
_PASSING_PREPOSITIONS = frozenset({"in", "at", "near", "around", "outside", "inside"})
# Verbs whose place is where the fighting went, not a mention in passing.
_MOVES = lx.ENTRY_MOTION_VERBS | lx.ONWARD_VERBS | lx.ENTRY_VERBS | frozenset(lx.WITHDRAWAL_TRIGGERS)
_ACTOR_KINDS_FOR_THEY = (
    "ArmedGroup",
    "MilitaryForce",
    "ForeignForce",
    "GovernmentBody",
    "Organization",
    "InternationalOrganization",
    "GroupOfPeople",
)


class Coreference:
    """Resolves the noun phrases of one parsed article to the mentions registered for it."""

    def __init__(
        self,
        registry: MentionRegistry,
        context: ArticleContext,
        places: PlaceLinker,
        world: WorldGazetteer | None,
        forces_of: Callable[[str], EntityRef],
    ) -> None:
        self.forces_of = forces_of
        """The armed forces of a state, by ISO code."""
        self.registry = registry
        self.context = context
        self.places = places
        self.world = world

    def resolve(self, token: Token) -> EntityRef | None:
        """What a noun phrase head refers to: a mention, or by coreference a pronoun ("they", "it",
        "he", "who") or a definite description ("the city", "the facility", "this town")."""
        registry = self.registry
        if (entity := registry.entity_at(token)) is not None:
            return entity
        lower, lemma = token.lower_, token.lemma_.lower()
        if lower in lx.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.resolve(token.head.head)
        if lower in lx.PLURAL_PRONOUNS:
            if (main := self._main_subject_after(token)) is not None:
                return main
            if (speaker := self._speaker_of(token)) is not None:
                return speaker
            self._describe_groups_before(token)
            found = registry.antecedent(token, kinds=_ACTOR_KINDS_FOR_THEY, window=2)
            return None if found is not None and found in self._told(token) else found
        if lower in lx.PERSON_PRONOUNS:
            return registry.antecedent(token, kinds=("Person",), window=3)
        if lower in lx.THING_PRONOUNS and (shared := self._shared_object(token)) is not None:
            return shared  # "occupied all of southern Angola and handed it over": what the first verb took
        if lower in lx.THING_PRONOUNS:
            kinds: tuple[str, ...] = ("City", "District", "Province", "Place", *place_words.FACILITY_KINDS)
            if (
                token.dep_ in ("nsubj", "nsubjpass", "dobj")
                and (topic := self._previous_subject(token, kinds)) is not None
            ):
                # "Ramadi was a stronghold in Anbar. It was conquered ...", "X is a city on the Y River. ISIS
                # captured it": the subject stays the topic
                return topic
            found = registry.antecedent(token, kinds=kinds, window=2)
            if token.dep_ == "nsubjpass" and (found is None or self._only_in_passing(found, token)):
                # "The incident occurred in A. On 12 May it was captured": what the article is about, not A
                return self._topic(kinds) or found
            return found
        if lower in actor_words.UNNAMED_ARMED_GROUP_ACRONYMS:  # "an NSAG took control of X", untagged
            return registry.relabel(token.i, token.i + 1, unnamed_armed_group(lower), LinkMethod.DESCRIBED, 0.6)
        if lemma in ("member", "element", "remnant"):  # "200 members of the Hamas security force": that force
            for of in (
                g
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ):
                if (whole := self.resolve(of)) is not None and not whole.is_place:
                    return whole
        if (
            lemma in actor_words.ARMED_GROUP_NOUNS
            or lemma in actor_words.FORCE_NOUNS
            or lemma in actor_words.GROUP_NOUNS
            or lemma == "actor"  # "non-state armed actors"
        ):
            # "fighters from the group", "M23 rebels", "troops of the Xian army": the actor they belong to
            members = [c for c in token.children if c.dep_ in ("compound", "nmod", "poss", "amod")]
            objects = [
                (c.lower_, g)
                for c in token.children
                if c.dep_ == "prep" and c.lower_ in ("of", "from", "with", "loyal")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            members += [g for _, g in objects]
            # "the militias of X captured A, B", the parser reading X's words as compounds of A: X
            members += [
                t
                for word, g in objects
                if word in ("of", "from") and ((named := registry.entity_at(g)) is None or named.is_place)
                for t in g.lefts
                if t.dep_ in ("compound", "nmod")
            ]
            for member in members:
                if (prefix := side_prefix(member)) is not None and prefix.lower_ == "anti":
                    continue  # "anti-IS militias": not the group they fight
                entity = registry.entity_at(member)
                if entity is None and member.dep_ == "poss" and member.lower_ in ("its", "their"):
                    # "the government said its forces had retaken X": the forces of whoever "its" is
                    entity = registry.antecedent(member, kinds=_ACTOR_KINDS_FOR_THEY, window=1)
                    state = entity.country if entity is not None and entity.kind == "GovernmentBody" else None
                    if entity is None and any(
                        t.lemma_.lower() == "government"
                        for t in registry.doc[registry.sentence(member).start : member.i]
                    ):
                        state = self.context.focus_country  # "the government said its forces ...", no body named
                    if state and lemma in actor_words.FORCE_NOUNS:
                        entity = self.forces_of(state)
                if entity is not None and not entity.is_place and entity.kind not in ("Person", "GroupOfPeople"):
                    return entity
                if (
                    entity is not None
                    and entity.kind == "Person"
                    and (member.dep_ in ("poss", "compound") or (member.dep_ == "pobj" and member.head.lower_ == "of"))
                    and lemma not in actor_words.GROUP_NOUNS
                ):
                    return self._followers(token, entity)  # "Haftar's forces", "the forces of X": forces loyal to him
            if (loyal := self._loyal_to(token)) is not None:
                return loyal
            if (group := self._unnamed_armed_group(token)) is not None:
                return group
            if (forces := self._forces_named_before(token)) is not None:
                return forces
        if (
            token.dep_ == "appos"
            and lemma in place_words.PLACE_NOUN_KIND
            and (named := self._described_by_apposition(token)) is not None
        ):
            return named  # "Birao, the first town that rebels captured": the town is the name it describes
        if (named := self._named_by_of(token)) is not None:
            return named  # "the strategic city of X, which fell": the city is X
        determiners = {c.lower_ for c in token.lefts if c.dep_ in ("det", "poss")}
        if (
            token.pos_ == "NOUN"
            and lemma in ("city", "town", "capital")
            and (described := self._described_city(token)) is not None
        ):
            return described
        if lemma in place_words.PLACE_NOUN_KIND and any(
            c.lower_ in lx.RANK_WORDS or c.ent_type_ == "ORDINAL" for c in token.lefts
        ):
            return None  # "the first Afghan city (fell ... when they overran X)": a new referent, named elsewhere
        if (
            token.pos_ == "NOUN"
            and (
                determiners & {"the", "this", "that"}
                or (
                    determiners & {"their", "our"}
                    and lemma in ("town", "city")
                    and token.dep_ == "pobj"
                    and token.head.lower_ in ("of", "from")
                )
            )  # "residents of X celebrated after the militants were thrown out of their town"
            and lemma in place_words.PLACE_NOUN_KIND
            and token.tag_ != "NNS"
        ):
            kind = place_words.PLACE_NOUN_KIND[lemma]
            if (
                kind == "City"
                and lemma == "capital"
                and not any(c.lower_ in place_words.SUBNATIONAL for c in token.lefts)
            ):
                return None
            kinds = place_words.FACILITY_KINDS if lemma in ("facility", "compound") else (kind,)
            if lemma == "town":
                kinds = (kind, "BorderCrossing")  # "Islam Qala ... the entire town fell": a crossing is a town too
            # "the city" is not one abroad that a road leads to: in a country the story is about
            window = (
                0 if set(kinds) <= place_words.NAMED_FACILITY_KINDS else 5
            )  # a base or an airport, named once, stays the topic (0: whole text)
            found = (
                registry.antecedent(token, kinds=kinds, window=1, countries=self.context.story_countries)
                or self._previous_topic(token, kinds)  # "The town of X is on the road to Y. ... overran the town": X
                or (self._place_of_no_kind_before(token, kinds) if lemma in ("town", "village", "city") else None)
                or registry.antecedent(token, kinds=kinds, window=window, countries=self.context.story_countries)
            ) or (registry.focal(kind) if kind == "City" else None)
            if found is None and lemma == "capital" and any(c.lower_ in place_words.SUBNATIONAL for c in token.lefts):
                # "fighting raged in Kunduz province ... captured the provincial capital": the province's
                province = registry.antecedent(
                    token, kinds=("Province",), window=3, countries=self.context.story_countries
                ) or self._province_of_the_article(token)
                found = self.places.capital_of(province) if province is not None else None
            if lemma in ("town", "village"):  # "the town" is no national capital nor a city of millions
                found = self._small_place_before(token, found, kinds)
            if lemma == "camp" and found is not None and "camp" not in found.label.lower():
                return None  # "attacked an army base near the Kenyan base ... overran the camp": which, unsaid
            topic = registry.headline_place(kinds)
            if (
                found is not None
                and topic is not None
                and found != topic
                and registry.mentions_of(found) == 1 < registry.mentions_of(topic)
            ):
                return topic  # "Camp A ... also held Camp B until 2014 ... the camp is now ...": the article's camp
            return found
        return None

    def _province_of_the_article(self, token: Token) -> EntityRef | None:
        """The province an article's headline names, when the text before ``token`` names no other (an
        article about the province: "the provincial capital" is its capital)."""
        headline = self.registry.headline_place(("Province",))
        last = self.registry.antecedent(token, kinds=("Province",), window=0)
        return headline if last is None or last == headline else None

    def _place_of_no_kind_before(self, token: Token, kinds: tuple[str, ...]) -> EntityRef | None:
        """A name its context alone made a place, of no known kind, in this sentence or the one before, when
        no known town is named there ("Eritrea abandoned X. Ethiopia took the town": X)."""
        registry = self.registry
        if registry.antecedent(token, kinds=kinds, window=2, countries=self.context.story_countries) is not None:
            return None
        return registry.antecedent(token, kinds=("Place",), window=2, method=LinkMethod.CONTEXT)

    def _named_by_of(self, noun: Token) -> EntityRef | None:
        """The place "the city of X" names: X, when X is a place of the noun's kind ("the capital of X" names
        X's capital, not X, and is left to the caller)."""
        lemma = noun.lemma_.lower()
        kind = place_words.PLACE_NOUN_KIND.get(lemma)
        if noun.pos_ != "NOUN" or kind is None or lemma == "capital" or noun.tag_ == "NNS":
            return None
        for name in (g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children):
            entity = self.registry.entity_at(name)
            if (
                name.dep_ == "pobj"
                and entity is not None
                and entity.is_place
                and place_words.noun_fits(kind, entity.kind)
            ):
                return entity
        return None

    def _speaker_of(self, pronoun: Token) -> EntityRef | None:
        """ "The rebels told reporters they had taken X": "they" opening what a group said is that group,
        not whom it told."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or verb.dep_ != "ccomp" or verb.head.i > pronoun.i:
            return None
        said = verb.head
        if said.lemma_.lower() not in speech_words.REPORTING_VERBS:
            return None
        subject = next((c for c in said.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON" or subject.tag_ not in ("NNS", "NNPS", "NNP"):
            return None
        entity = self.resolve(subject)
        if entity is not None and entity.kind == "Person":
            entity = self.side_of_person(subject)  # "X, an Iraqi army colonel, told reporters they had captured Y"
        return entity if entity is not None and entity.kind in _ACTOR_KINDS_FOR_THEY else None

    def side_of_person(self, name: Token) -> EntityRef | None:
        """The armed side a person speaks for, as the words around his name say ("Taliban spokesman X",
        "X, an Iraqi army colonel", "coalition commander X"); None for anyone else (a minister, a witness)."""
        sides = (self._side_named(t) for t in name.subtree if t.i != name.i)
        return next((e for e in sides if e is not None and e.kind in actor_words.ARMED_ACTOR_KINDS), None)

    def _side_named(self, token: Token) -> EntityRef | None:
        """The actor a word of a speaker's title names: "Taliban" in "Taliban spokesman", "Iraqi army" in
        "an Iraqi army colonel"."""
        if token.lemma_.lower() in actor_words.FORCE_NOUNS and token.i > 0:
            country = country_of_demonym(token.doc[token.i - 1].text)
            if country is not None:
                return self.forces_of(country.code)
        return self.registry.entity_at(token)

    def _told(self, pronoun: Token) -> list[EntityRef]:
        """Whom the speaker of the clause ``pronoun`` opens told it ("told reporters they ...")."""
        verb = pronoun.head
        if verb.dep_ != "ccomp":
            return []
        heads = [c for c in verb.head.children if c.dep_ in ("dobj", "dative")]
        return [e for h in heads if (e := self.registry.entity_at(h)) is not None]

    def _main_subject_after(self, pronoun: Token) -> EntityRef | None:
        """The subject of the main clause a fronted clause's "they" anticipates: "After they captured X,
        the militants moved south"."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or verb.dep_ != "advcl" or verb.head.i < verb.i:
            return None
        if verb.head.lemma_.lower() not in lx.ONWARD_VERBS:
            return None  # "After they overran X, the army sent reinforcements": they need not be the army
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.i > verb.i), None)
        if subject is None or subject.pos_ == "PRON":
            return None
        entity = self.resolve(subject)
        return entity if entity is not None and entity.kind in _ACTOR_KINDS_FOR_THEY else None

    def _small_place_before(self, token: Token, found: EntityRef | None, kinds: tuple[str, ...]) -> EntityRef | None:
        """``found``, or when it is a national capital or a large city ("Lunsar, near the capital,
        Freetown. ... captured the town"), the place named before it, up to twice."""
        registry = self.registry
        for _ in range(3):  # the place, then up to two before it
            if (
                found is None
                or found.world is None
                or not (found.world.capital or found.world.population >= place_words.LARGE_CITY_POPULATION)
            ):
                return found
            before = max((s.start for s in registry.spans if s.entity == found and s.start < token.i), default=None)
            if before is None:
                return None
            token = registry.doc[before]
            found = registry.antecedent(token, kinds=kinds, window=2, countries=self.context.story_countries)
        return None

    def _describe_groups_before(self, pronoun: Token) -> None:
        """Register the armed men a "they" may refer to that no name stands for ("Rebels said they
        ..."): descriptions are otherwise registered only when an event asks about them."""
        sentence = self.registry.sentence(pronoun)
        for token in self.registry.doc[sentence.start : pronoun.i]:
            lemma = token.lemma_.lower()
            if (
                token.i not in self.registry.by_token
                and token.tag_ == "NNS"
                and lemma in actor_words.ARMED_GROUP_NOUNS | actor_words.FORCE_NOUNS
            ):
                self.resolve(token)

    def _loyal_to(self, token: Token) -> EntityRef | None:
        """ "Forces loyal to General X", "soldiers believed to be loyal to X", "fighters loyal to the
        government", "forces aligned with X": a government's are its state's forces; a person's or a group's, an armed group of
        their own, labelled by whom they follow."""
        if token.pos_ != "NOUN" or token.lemma_.lower() in actor_words.GROUP_NOUNS:
            return None
        loyal = loyalty_word(token)
        if loyal is None:
            return None
        leader = next(
            (
                g
                for c in loyal.children
                if c.dep_ == "prep" and (c.lower_ == "to" or (c.lower_ == "with" and loyal.lower_ != "loyal"))
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )  # "loyal to X", "allied with X"
        if leader is None:
            return None
        followed = self.registry.entity_at(leader) or next(
            (e for c in leader.children if c.dep_ == "appos" and (e := self.registry.entity_at(c)) is not None), None
        )  # "loyal to former vice president X": X
        if leader.lemma_.lower() == "government" or (followed is not None and followed.kind == "GovernmentBody"):
            state = (
                (followed.country if followed is not None else None)
                or next(
                    (
                        code
                        for t in leader.subtree
                        if (e := self.registry.entity_at(t)) is not None and (code := country_code(e))
                    ),
                    None,
                )
                or self.context.focus_country
            )
            return (
                self.registry.relabel(token.i, token.i + 1, self.forces_of(state), LinkMethod.DESCRIBED, 0.6)
                if state
                else None
            )
        if followed is None or followed.is_place:
            return None
        if followed.kind != "Person":
            return self.registry.relabel(token.i, token.i + 1, followed, LinkMethod.DESCRIBED, 0.6)
        return self._followers(token, followed)

    def _followers(self, token: Token, leader: EntityRef) -> EntityRef:
        """The armed men of a person ("forces loyal to X", "X's fighters"): an armed group of their own."""
        members = token.lower_ if token.tag_ == "NNS" else token.lemma_.lower() + "s"
        return self.registry.relabel(token.i, token.i + 1, followers(members, leader), LinkMethod.DESCRIBED, 0.6)

    def _described_by_apposition(self, noun: Token) -> EntityRef | None:
        """The named place an apposition describes: the name just before its comma (the parser may
        hang the apposition further back), else the phrase it hangs from."""
        doc, start = self.registry.doc, noun.left_edge.i
        for candidate in ((doc[start - 2] if start >= 2 and doc[start - 1].text == "," else None), noun.head):
            entity = self.registry.entity_at(candidate) if candidate is not None else None
            if entity is not None and entity.is_place:
                return entity
        return None

    def _unnamed_armed_group(self, token: Token) -> EntityRef | None:
        """ "Rebels", "rebel forces", "Islamist groups", "Kurdish fighters": an armed group the text
        does not name. Bare ("the rebels"), it is the armed group the article names most, if any;
        otherwise it is registered as an actor of its own, labelled by its words (such actors are
        never merged across articles: "rebels" in two wars are not one group)."""
        lemma = token.lemma_.lower()
        modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound")]
        armed = (
            lemma in actor_words.ARMED_GROUP_NOUNS
            or (
                lemma in actor_words.FORCE_NOUNS | actor_words.GROUP_NOUNS
                and any(m.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS for m in modifiers)
            )
            or (
                lemma in actor_words.FORCE_NOUNS and token.tag_ == "NNS" and _against_or_for_someone(modifiers)
            )  # "opposition forces", "pro-Saleh troops"
            or (
                lemma in actor_words.GROUP_NOUNS | {"actor"}
                and any(m.lower_ == "armed" for m in modifiers)
                and (token.tag_ == "NNS" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.lefts))
            )  # "non-state armed groups", "armed actors"; not "the armed group" (the one named before)
        )
        attribute = (
            token.dep_ in ("compound", "amod") and token.head.pos_ == "NOUN" and lemma in actor_words.ARMED_GROUP_NOUNS
        )  # "rebel control"
        if (
            not armed
            or token.pos_ not in ("NOUN", "ADJ")
            or not (token.tag_ == "NNS" or lemma in actor_words.GROUP_NOUNS | {"militia", "insurgency"} or attribute)
        ):
            return None
        if attribute:
            group = self.registry.dominant_armed_group()
            label = lemma if lemma.endswith("s") else lemma + "s"
            return (
                group
                if group is not None
                else self.registry.relabel(
                    token.i, token.i + 1, local_entity("ArmedGroup", label), LinkMethod.DESCRIBED, 0.55
                )
            )
        distinguishing = [m for m in modifiers if m.lemma_.lower() not in actor_words.ARMED_GROUP_NOUNS]
        if (
            not distinguishing
            and (group := self.registry.dominant_armed_group()) is not None
            and not self.registry.first_named_later_as_object(group, token)
        ):
            return group
        start = phrase_start(token, modifiers)
        while start < token.i and self.registry.entity_at(self.registry.doc[start]) is not None:
            start += 1  # "Libyan special forces": the words no other mention holds
        start = min([start] + [p.i for m in modifiers if (p := _pro(m)) is not None])  # "pro-Saleh troops": whom
        # they follow is what names them
        label = self.registry.doc[start : token.i + 1].text
        label = label if any(c.isupper() for c in label[1:]) else label.lower()
        # the mention keeps clear of the names inside it: "anti-X militias" holds X's own mention
        first = max([start] + [i + 1 for i in range(start, token.i) if i in self.registry.by_token])
        return self.registry.relabel(first, token.i + 1, local_entity("ArmedGroup", label), LinkMethod.DESCRIBED, 0.6)

    def _forces_named_before(self, token: Token) -> EntityRef | None:
        """ "The Xian military said its forces retook A ... 'the forces captured B'": a bare "the forces",
        "the troops" or "the army" is the state's or foreign force named last (in the three sentences up to
        it), not an armed group."""
        if token.lemma_.lower() not in actor_words.BARE_FORCE_NOUNS or any(
            c.dep_ in ("amod", "compound", "nmod", "poss") for c in token.children
        ):
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in token.children):
            return None
        return self.registry.antecedent(token, kinds=("MilitaryForce", "ForeignForce"), window=3)

    def _shared_object(self, pronoun: Token) -> EntityRef | None:
        """The place a verb coordinated before the pronoun's took as its object ("took X and handed it over")."""
        verb = pronoun.head
        if pronoun.dep_ != "dobj" or verb.dep_ != "conj":
            return None
        for obj in (c for c in verb.head.children if c.dep_ == "dobj"):
            if obj.lower_ in place_words.PLACE_PART_NOUNS or obj.lemma_.lower() in place_words.PLACE_PART_NOUNS:
                obj = next(
                    (
                        g
                        for c in obj.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children
                        if g.dep_ == "pobj"
                    ),
                    obj,
                )
            entity = self.registry.entity_at(obj)
            if entity is not None and entity.is_place:
                return entity
        return None

    def _previous_topic(self, token: Token, kinds: tuple[str, ...]) -> EntityRef | None:
        """The place the sentence before ``token``'s is about: its subject ("X is ...", "The town of X is ...")."""
        root = self._root_before(token)
        if root is None or root.lemma_.lower() in speech_words.SPEAKING_VERBS:
            return None  # "Nairobi condemned the attack": a government speaking, not the town the text is about
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lemma_.lower() in place_words.PLACE_NOUN_KIND:
            subject = next(
                (
                    g
                    for c in subject.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                ),
                subject,
            )
        entity = self.registry.entity_at(subject) if subject is not None else None
        abroad = (
            entity is not None and entity.country is not None and entity.country not in self.context.story_countries
        )
        return entity if entity is not None and entity.kind in kinds and not abroad else None

    def _previous_subject(self, token: Token, kinds: tuple[str, ...]) -> EntityRef | None:
        """The place that is the subject of the sentence before ``token``'s, if ``token`` opens its own or is
        the object of its main verb ("X is a city on the Y River. ISIS captured it")."""
        sentence = self.registry.sentence(token)
        opening = token.i - sentence.start <= 1 or (token.dep_ == "dobj" and token.head.i == sentence.root.i)
        root = self._root_before(token) if opening else None
        subject = (
            next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
        )
        entity = self.registry.entity_at(subject) if subject is not None else None
        return entity if entity is not None and entity.kind in kinds else None

    def _only_in_passing(self, place: EntityRef, pronoun: Token) -> bool:
        """Is ``place``'s last mention before ``pronoun`` the object of a locative preposition in a clause
        about something else ("the incident occurred in A")?"""
        i = pronoun.i - 1
        while i >= 0:
            span = self.registry.by_token.get(i)
            if span is not None and span.entity == place:
                break
            i -= 1
        else:
            return False
        head = self.registry.doc[i]
        while head.dep_ in ("compound", "amod") and head.head.i != head.i:
            head = head.head
        verb = head.head.head
        return (
            head.dep_ == "pobj"
            and head.head.lower_ in _PASSING_PREPOSITIONS
            and verb.pos_ == "VERB"
            and lx.verb_lemma(verb) not in _MOVES
        )  # not "the army retreated into A. It was captured": A was where the fighting went

    def _topic(self, kinds: tuple[str, ...]) -> EntityRef | None:
        """The place the headline names and the article names again: what it is about."""
        topic = self.registry.headline_place(kinds)
        return topic if topic is not None and self.registry.mentions_of(topic) >= 2 else None

    def _root_before(self, token: Token) -> Token | None:
        """The root of the sentence before ``token``'s, over blank lines; None in the first sentence."""
        sentence = self.registry.sentence(token)
        if sentence.start == 0:
            return None
        doc, before = self.registry.doc, sentence.start - 1
        while before > 0 and doc[before].is_space:
            before -= 1
        return self.registry.sentence(doc[before]).root

    def _described_city(self, token: Token) -> EntityRef | None:
        """A city described by its country: "the Afghan capital", "the capital" (of the country the
        article is about), "Syria's capital", "the country's third-largest city"."""
        lefts = list(token.lefts)
        words = {c.lower_ for c in lefts}
        if words & place_words.SUBNATIONAL or words & {"other", "another"}:
            return None  # "the provincial capital", "the other capital": an antecedent, not the nation's
        code = None
        for child in lefts:
            if child.dep_ == "poss" and child.lemma_.lower() in ("country", "nation"):
                code = self.context.focus_country
            elif (
                child.dep_ == "poss"
                and (entity := self.registry.entity_at(child)) is not None
                and entity.kind == "Country"
            ):
                code = country_code(entity)
            elif (
                child.dep_ in ("amod", "compound")
                and child.is_title
                and (country := country_of_demonym(child.text)) is not None
            ):
                code = country.code
        superlative = {t.lower_ for c in lefts for t in c.subtree} & {"largest", "biggest"}
        if superlative and any(c.dep_ == "prep" and c.lower_ in ("in", "of") for c in token.children):
            return None  # "the country's largest city in the north": the largest of a region, not of the country
        if token.lemma_.lower() == "capital" and not superlative:
            if token.tag_ == "NNS" or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
                return None  # "the capitals of the provinces", "the capital of X": not the nation's
            if any(
                c.dep_ in ("amod", "compound", "nmod") and c.is_title and country_of_demonym(c.text) is None
                for c in lefts
            ):
                return None  # "the Tigrayan capital": a region's or a people's, not the nation's
            definite = "the" in words or code is not None
            return self.places.national_capital(code or self.context.focus_country or "") if definite else None
        if not superlative or code is None or self.world is None:
            return None
        rank = next(
            (lx.ORDINALS[w] for c in lefts for t in c.subtree for w in t.lower_.split("-") if w in lx.ORDINALS), 1
        )
        cities = largest_cities(self.world, code)
        return self.places.world_entity(cities[rank - 1]) if len(cities) >= rank else None


def _against_or_for_someone(modifiers: list[Token]) -> bool:
    """Do the words before "forces" make them a side's of its own: "opposition", "resistance", or a
    leader's followers ("pro-Saleh"; not "pro-government", the state's)?"""
    return any(
        m.lower_ in ("opposition", "resistance") or (_pro(m) is not None and m.lower_ != "government")
        for m in modifiers
    )


def _pro(word: Token) -> Token | None:
    """The "pro" of "pro-X" before ``word``, if it has one."""
    prefix = side_prefix(word)
    return prefix if prefix is not None and prefix.lower_ == "pro" else None
