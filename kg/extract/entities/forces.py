"""States' forces named by a common noun ("Syria's army", "French troops", "security forces", "the government
has recaptured X"), groups named before a group noun ("Islamic State militants"), and the descriptors that
mean a known actor in context ("the insurgents")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import actor_words, place_words, speech_words
from kg.extract import lexicon as lx
from kg.extract.entities.context import ArticleContext, country_code
from kg.extract.entities.refs import clean_name, entity_from_entry, followers, local_entity, loyalty_word, phrase_start
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.extract.timex import MONTHS
from kg.gazetteer import Entry, Gazetteer
from kg.gazetteer.countries import country_by_code, country_of_demonym
from kg.names import name_key
from kg.vocab import LinkMethod


class StateForces:
    """The forces and descriptors of :class:`~kg.extract.entities.actors.ActorLinker`."""

    registry: MentionRegistry
    context: ArticleContext
    gazetteer: Gazetteer

    def add_forces(self) -> None:
        """State forces named by a common noun: "Syria's army", "government troops", "security forces"
        are the forces of the country the article is about (or the one named), never another's; and
        "the rebels" is the armed group the article names most, when it names one. In an article that
        names no country, "government forces" stays the description it is."""
        registry = self.registry
        by_token = registry.by_token
        focus_country = self.context.focus_country
        group = registry.dominant_armed_group()
        foreign = any(span.entity.kind == "ForeignForce" for span in registry.spans)
        for token in registry.doc:
            lemma = token.lemma_.lower()
            if token.i in by_token or token.pos_ != "NOUN":
                continue
            modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")]
            start = phrase_start(token, modifiers)
            if any(i in by_token for i in range(start, token.i)):
                owner = next((by_token[m.i].entity for m in modifiers if m.i in by_token), None)
                code = country_code(owner) if owner is not None else None
                home = None
                owners = [m for m in modifiers if m.i in by_token]
                if code is not None and [m.lower_ for m in owners] == ["government"]:
                    # "government forces", no state named: the state's whose towns they take
                    home = self._state_of_the_places_taken(token)
                    code = home or code
                owned = token.i - 1 in by_token or any(m.dep_ == "poss" and m.i in by_token for m in modifiers)
                if lemma in actor_words.FORCE_NOUNS and code is not None and owned:
                    # "Syria's army"
                    forces = self.forces_of(code, at_home=home is not None)
                    registry.add(token.i, token.i + 1, forces, LinkMethod.DESCRIPTOR, 0.7)
                continue
            words = {m.lower_ for m in modifiers}
            nationality = next(
                (
                    c.code
                    for m in modifiers
                    if m.is_title and m.dep_ in ("amod", "compound") and (c := country_of_demonym(m.text))
                ),
                None,
            )
            people = [
                m
                for m in modifiers
                if m.dep_ in ("amod", "compound")
                and m.is_title
                and m.lower_ not in actor_words.COMMON_GROUP_MODIFIERS
                and (m.tag_ in ("NNP", "NNPS") or not m.is_sent_start)
            ]  # "Special forces" opening a sentence: no name
            nationality = nationality or next(
                (
                    code
                    for c in token.rights
                    if c.dep_ == "prep" and c.lower_ == "from"
                    for g in c.children
                    if g.dep_ == "pobj" and (e := registry.entity_at(g)) is not None and (code := country_code(e))
                ),
                None,
            )  # "soldiers from Chad and Niger": Chad's (one actor per phrase)
            if lemma in actor_words.FORCE_NOUNS and nationality is not None:
                # "Malian troops", untagged
                registry.add(start, token.i + 1, self.forces_of(nationality), LinkMethod.DESCRIPTOR, 0.7)
            elif (
                lemma == "force"
                and token.tag_ == "NNS"
                and len(people) == 1
                and people[0].i == token.i - 1
                and (leader := self._person_named(people[0])) is not None
            ):
                # "Gaddafi forces", the name untagged there: the men of a person named elsewhere, no group of
                # their own to be taken for "the rebels"
                registry.add(token.i - 1, token.i + 1, followers("forces", leader), LinkMethod.DESCRIBED, 0.6)
            elif lemma == "force" and token.tag_ == "NNS" and len(people) == 1 and people[0].i == token.i - 1:
                # "Biafran forces": forces named after a people or a region, no state's
                registry.add(
                    token.i - 1,
                    token.i + 1,
                    local_entity("ArmedGroup", registry.doc[token.i - 1 : token.i + 1].text),
                    LinkMethod.CONTEXT,
                    0.6,
                )
            elif (
                lemma in ("government", "authority")
                and token.dep_ == "nsubj"
                and (governed := nationality or (None if modifiers else focus_country)) is not None
                and (self._takes_a_place(token.head) or self._says_it_took(token.head))
            ):
                registry.add(
                    start, token.i + 1, self.forces_of(governed), LinkMethod.DESCRIPTOR, 0.6
                )  # "the government has recaptured X", "Ukrainian authorities retook control of X"
            elif lemma in actor_words.FORCE_NOUNS and (
                lemma not in ("unit", "division", "personnel", "brigade", "battalion")
                or words & actor_words.STATE_FORCE_CUES  # "an elite government brigade", not "a brigade"
            ):
                definite = any(c.dep_ == "det" and c.lower_ in ("the", "its") for c in token.lefts)
                state = words & actor_words.STATE_FORCE_CUES or (lemma in ("army", "military", "police") and definite)
                # bare "troops", "soldiers": the state's, in a story with no foreign force in it
                of_someone = (
                    any(c.dep_ == "prep" and c.lower_ == "of" for c in token.rights) or loyalty_word(token) is not None
                )  # "the troops of General X", "soldiers believed to be loyal to X" (however parsed): his
                state = state or (
                    lemma in ("troop", "soldier")
                    and token.tag_ == "NNS"
                    and not modifiers
                    and not foreign
                    and not of_someone
                )
                home = self._state_of_the_places_taken(token) if state else None
                governed = home or focus_country
                if state and governed is not None:
                    forces = self.forces_of(governed, at_home=home is not None)
                    registry.add(start, token.i + 1, forces, LinkMethod.DESCRIPTOR, 0.65)
                elif state:  # no country named: the forces as the text describes them, this article's own
                    label = registry.doc[start : token.i + 1].text.lower()
                    registry.add(start, token.i + 1, local_entity("MilitaryForce", label), LinkMethod.DESCRIBED, 0.55)
            elif lemma in actor_words.ARMED_GROUP_NOUNS and (name := self._group_name(token)) is not None:
                # "Islamic State militants": the name before the noun is the group's
                registry.add(
                    name[0],
                    name[1],
                    local_entity("ArmedGroup", registry.doc[name[0] : name[1]].text),
                    LinkMethod.CONTEXT,
                    0.6,
                )
            elif (
                lemma in actor_words.ARMED_GROUP_NOUNS
                and group is not None
                and group.iri is None
                and not words - {"the", "armed", "rebel", "islamist", "jihadist"}
                and not registry.first_named_later_as_object(group, token)
                and not any(c.dep_ == "prep" and c.lower_ in ("of", "from", "loyal") for c in token.children)
            ):  # not "the militias of X": X's
                registry.add(start, token.i + 1, group, LinkMethod.DESCRIPTOR, 0.6)

    def _person_named(self, word: Token) -> EntityRef | None:
        """The person the article names whose name ends in ``word`` ("Gaddafi" for "Muammar Gaddafi")."""
        key = name_key(word.text)
        for span in self.registry.spans:
            entity = span.entity
            if entity.kind == "Person" and name_key(entity.label.split()[-1]) == key:
                return entity
        return None

    def _state_of_the_places_taken(self, force: Token) -> str | None:
        """The one country whose towns ``force`` takes in its clause ("government forces captured X in Y",
        "X was retaken by government forces"): a state's forces there are that state's, whichever country
        the article names most (a newscast, a story told from the country refugees fled to); None when the
        places taken lie in no known country or in several."""
        registry = self.registry
        if force.dep_ == "nsubj":
            verb = force.head
        elif force.dep_ == "pobj" and force.head.dep_ == "agent":
            verb = force.head.head
        else:
            return None
        taken = [
            c
            for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("of", "over", "into"))
        ]
        countries = set()
        for t in (t for head in taken for t in head.subtree):
            entity = registry.entity_at(t)
            if entity is None or not entity.is_place or entity.country is None:
                continue
            if entity.kind != "Country":
                countries.add(entity.country)
            elif t.dep_ == "pobj" and t.head.lower_ == "in" and self._a_place(t.head.head):
                countries.add(entity.country)  # "X in Y", "the stronghold of X in Y": a town somewhere in Y
        return countries.pop() if len(countries) == 1 else None

    def _a_place(self, token: Token) -> bool:
        """Does ``token`` name a place, or is it a place noun ("the stronghold")?"""
        entity = self.registry.entity_at(token)
        return (entity is not None and entity.is_place) or (
            token.pos_ == "NOUN" and token.lemma_.lower() in place_words.PLACE_NOUNS
        )

    def _takes_a_place(self, verb: Token) -> bool:
        """Is ``verb`` a capture verb whose object names a place ("retook control of X"; not "seized 200
        kilograms of heroin")?"""
        objects = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("of", "over"))]
        return takes_places(verb) and any(
            ((e := self.registry.entity_at(t)) is not None and e.is_place)
            or (t.pos_ == "NOUN" and t.lemma_.lower() in place_words.PLACE_NOUN_KIND)  # "retook control of the city"
            for o in objects
            for t in o.subtree
        )

    def _says_it_took(self, verb: Token) -> bool:
        """ "[the government] says it retook X": a reporting verb whose clause has "it" take a place."""
        return verb.lemma_.lower() in speech_words.REPORTING_VERBS and any(
            c.dep_ == "ccomp"
            and self._takes_a_place(c)
            and any(g.dep_ == "nsubj" and g.lower_ == "it" for g in c.children)
            for c in verb.children
        )

    def _group_name(self, noun: Token) -> tuple[int, int] | None:
        """Token span of a proper name right before a group noun ("Islamic State militants"), if it is
        no nationality."""
        doc = self.registry.doc
        end = noun.i
        start = end
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and start - 1 not in self.registry.by_token
            and doc[start - 1].lower_ not in MONTHS
            and doc[start - 1].ent_type_ != "DATE"
        ):
            start -= 1  # "Islamic State militants"; not "March" in "on 23 March Séléka rebels"
        if (
            start < end
            and start > 0
            and doc[start - 1].pos_ == "ADJ"
            and doc[start - 1].is_title
            and start - 1 not in self.registry.by_token
            and (country_of_demonym(doc[start - 1].text) is None and not _common_at_start(doc[start - 1]))
        ):
            start -= 1  # "Islamic" tagged as an adjective before "State"
        if start == end or end - start > 4:
            return None
        if end - start == 1 and (country_of_demonym(doc[start].text) is not None or _common_at_start(doc[start])):
            return None
        return start, end

    def descriptor_of_country(self, text: str) -> Entry | None:
        """The region-pack actor of the article's country that ``text`` describes ("Defence Ministry")."""
        if self.context.focus_country is None:
            return None
        key = clean_name(text).removeprefix("the ").removeprefix("The ").casefold()
        for entry in self.gazetteer:
            if (
                entry.is_actor
                and entry.country == self.context.focus_country
                and key in (d.casefold() for d in entry.descriptors)
            ):
                return entry
        return None

    def forces_of(self, code: str, *, at_home: bool = False) -> EntityRef:
        """The armed forces of the state ``code``: a region pack's actor when it has one, else a local
        actor, foreign unless the article is about that country or they fight at home (``at_home``)."""
        forces = [entry for entry in self.gazetteer if entry.kind == "MilitaryForce" and entry.country == code]
        if forces:  # the state's main forces: the entry with descriptors, else the most aliases
            return entity_from_entry(
                max(forces, key=lambda entry: (bool(entry.descriptors), len(entry.aliases), entry.iri))
            )
        country = country_by_code(code)
        name = country.name if country else code
        kind = "MilitaryForce" if at_home or code == self.context.focus_country else "ForeignForce"
        return local_entity(kind, f"{name} armed forces", country=code)

    def add_descriptors(self) -> None:
        """Common nouns that mean a known actor in context ("the insurgents" = the Taliban), only when
        the article also names that actor or is about its country."""
        registry = self.registry
        named = {s.entity.key for s in registry.spans}
        descriptors: dict[str, Entry] = {}
        for entry in self.gazetteer:
            # a pack actor's descriptors ("government forces") mean it only where the article names it
            # or is about its country
            if entry.is_actor and (
                entry.iri in named or (entry.country is not None and entry.country == self.context.focus_country)
            ):
                for descriptor in entry.descriptors:
                    descriptors.setdefault(descriptor.lower(), entry)
        if not descriptors:
            return
        longest = max(len(d.split()) for d in descriptors)
        heads = {d.split()[-1] for d in descriptors}
        for token in registry.doc:
            if token.i in registry.by_token or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.lower_ not in heads and token.lemma_.lower() not in heads:
                continue
            for size in range(longest, 0, -1):
                start = token.i - size + 1
                if start < 0:
                    continue
                words = registry.doc[start : token.i + 1]
                phrase = " ".join(t.lower_ for t in words)
                lemma_phrase = " ".join([*(t.lower_ for t in words[:-1]), token.lemma_.lower()])
                described = descriptors.get(phrase) or descriptors.get(lemma_phrase)
                if described is not None and not any(t.i in registry.by_token for t in words):
                    registry.add(start, token.i + 1, entity_from_entry(described), LinkMethod.DESCRIPTOR, 0.7)
                    break


def takes_places(verb: Token) -> bool:
    """Is ``verb`` a capture verb ("captured", "retook", "overran")?"""
    return lx.verb_lemma(verb) in lx.CAPTURE_VERBS


def _common_at_start(token: Token) -> bool:
    """ "Opposition fighters", "Government troops" opening a sentence: a capitalised common word."""
    return bool(token.is_sent_start) and token.lower_ in actor_words.COMMON_GROUP_MODIFIERS
