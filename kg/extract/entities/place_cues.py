"""What a name's syntax says of it as a place: the kind its context implies ("the district of X", "X
district"), a place noun describing it ("X, a town in Y"), and whether it is a place being taken (the object
of a capture verb, "the fall of X", "towns the army retook include X")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract import actor_words, place_words, speech_words
from kg.extract import lexicon as lx
from kg.extract.doc_text import doc_text
from kg.extract.entities.refs import is_acronym
from kg.extract.entities.registry import MentionRegistry
from kg.gazetteer.countries import country_named


class TakenPlaceCues:
    """The capture cues of :class:`~kg.extract.entities.places.PlaceLinker`."""

    registry: MentionRegistry

    def _taken(self, token: Token) -> bool:
        """Is ``token`` the object of a capture verb, listed with a place, or listed as one of the towns
        taken ("retook X", "A and X", "towns the army retook include X")? Not the subject of a gapped clause
        ("A occupied B and X the south")."""
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if after is not None and after.pos_ == "DET" and "DATE" not in (after.ent_type_, after.head.ent_type_):
            return False
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and lx.verb_lemma(
            head
        ) in lx.CAPTURE_VERBS | lx.ENTRY_VERBS | lx.HANDOVER_VERBS | {
            "take",
            "control",
            "hold",
            "clear",
            "lose",
            "secure",
        }:
            return True  # "retook X", "entered X", "stormed X", "having taken over X", "now control X", "X was handed over", "X was lost"
        if token.dep_ == "dobj" and head.lemma_.lower() == "include" and taken_towns_verb(head) is not None:
            return True  # "towns the army has reclaimed include X"
        if (
            token.dep_ == "nsubj"
            and head.lemma_.lower() == "change"
            and any(c.dep_ == "dobj" and c.lemma_.lower() == "hand" for c in head.children)
        ):
            return True  # "X changed hands"
        if token.dep_ == "nsubj" and any(
            c.dep_ == "prep"
            and c.lower_ in ("under", "in")
            and any(g.lemma_.lower() in ("control", "hand") for g in c.children)
            for c in head.children
        ):
            return True  # "X is now under their control", "X has been in rebel hands since"
        if any(
            c.dep_ in ("relcl", "acl")
            and lx.verb_lemma(c) in lx.CAPTURE_VERBS
            and (
                c.dep_ == "acl"
                or any(g.dep_ in ("dobj", "nsubjpass") and g.lower_ in lx.RELATIVE_PRONOUNS for g in c.children)
            )
            for c in token.children
        ):
            return True  # "X, which the rebels captured", "X, captured by the rebels"
        if token.dep_ == "pobj" and head.lower_ == "over" and lx.verb_lemma(head.head) == "take":
            return True  # "having taken over X", "over" read as a preposition
        if token.dep_ == "conj" and (
            (entity := self.registry.entity_at(head)) is not None
            and entity.is_place
            or head.ent_type_ in ("GPE", "LOC")
        ):
            return True  # "Dessie and X"
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.CAPTURE_NOUNS | {"control"}:
            return True  # "the fall of X", "regained control of X"
        if (
            token.dep_ == "pobj"
            and head.lower_ == "of"
            and any(c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in head.head.children)
        ):
            return True  # "took control of X", "of" read as the verb's
        if token.dep_ == "conj" and head.pos_ == "PROPN" and head.i < token.i and self._taken(head):
            return True  # "took control of A and X", whatever the model made of A
        if token.dep_ == "poss" and head.lemma_.lower() in lx.CAPTURE_NOUNS:
            return True  # "X's fall"
        if stronghold_taken(token):
            return True  # "captured the opposition stronghold of X"
        if (
            token.dep_ == "pobj"
            and head.lower_ == "including"
            and head.head.i != token.i
            and (head.head.lemma_.lower() in {"control", "hand"} | lx.CAPTURE_NOUNS or self._taken(head.head))
        ):
            return True  # "overran several towns, including X", "the takeover of several towns, including X"
        if token.dep_ == "nsubj" and head.lemma_.lower() in lx.FALL_VERBS:
            return True  # "X fell to the rebels"
        if (
            token.dep_ == "pobj"
            and head.lower_ in ("from", "of")
            and any(
                a.lemma_.lower() in lx.DISLODGE_VERBS | {"clear"} and a.pos_ == "VERB"
                for a in list(token.ancestors)[1:4]
            )
        ):
            return True  # "drove the militants out of X", "cleared the last fighters from X"
        if token.dep_ == "conj" and head.dep_ in ("dobj", "nsubjpass") and lx.verb_lemma(head.head) in lx.CAPTURE_VERBS:
            return True
        if (verb := gapping_verb(token)) is not None and lx.verb_lemma(verb) in lx.CAPTURE_VERBS:
            return True  # "retook A on Sunday and X on Friday"
        first = listed_first(token)
        return first is not None and self._taken(first)  # "include A, B, C and X", however parsed

    def taking_verb(self, token: Token) -> Token:
        """The verb that governs ``token`` as a place taken: its head, the first conjunct's, the first of a
        surface list's, or for "towns [the army retook] include X" the verb that took the towns."""
        if (verb := gapping_verb(token)) is not None:
            return verb
        described = next(
            (c for c in token.children if c.dep_ in ("relcl", "acl") and lx.verb_lemma(c) in lx.CAPTURE_VERBS), None
        )
        if described is not None:
            return described  # "X, which had been occupied by armed groups"
        first = listed_first(token)
        listed = first if first is not None else token
        while listed.dep_ == "conj" and listed.head.i != listed.i:
            if (verb := gapping_verb(listed)) is not None:
                return verb  # "captured A last night, and yesterday B and X"
            listed = listed.head
        verb = listed.head
        if verb.lemma_.lower() == "include" and listed.dep_ == "dobj":
            return taken_towns_verb(verb) or verb
        return verb


_SIDE_TAKING_VERBS = frozenset({"capture", "seize", "take", "overtake", "conquer"})
# "took X prisoner", "captured X alive": a person taken, not a place
_TAKEN_AS_A_PERSON = frozenset({"prisoner", "hostage", "captive", "alive", "custody", "court", "them", "home"})


def stronghold_taken(token: Token) -> bool:
    """Is ``token`` X in "captured the rebel stronghold of X": a stronghold whose owner is named before it
    ("rebel", "opposition", "their") is taken, and its "of" names the place, whatever the model tagged it
    (in "the last stronghold of X", X is the owner)?"""
    head = token.head
    stronghold = head.head
    owned = any(
        c.dep_ in ("amod", "compound", "poss") and (c.lemma_.lower() in _OWNER_WORDS or c.ent_type_ in ("NORP", "ORG"))
        for c in stronghold.children
    )
    return (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and stronghold.lemma_.lower() in _STRONGHOLD_NOUNS
        and owned
        and stronghold.dep_ in ("dobj", "nsubjpass")
        and lx.verb_lemma(stronghold.head) in lx.CAPTURE_VERBS | {"take"}
    )


_STRONGHOLD_NOUNS = frozenset({"stronghold", "bastion"})
# Words before "stronghold" that name its owner: "the rebel stronghold of X", "their stronghold of X".
_OWNER_WORDS = actor_words.ARMED_GROUP_NOUNS | {"opposition", "government", "their", "its", "his"}


def a_stronghold_taken(name: Span) -> bool:
    """Is ``name`` the stronghold's in "captured the stronghold of X", a name the model took for a person's
    (not an organisation's: "the stronghold of Boko Haram" is the group's), with no description after it
    (", the rebel leader") and nowhere in the article a person's?"""
    doc = name.doc
    described = name.end + 1 < len(doc) and doc[name.end].text == "," and doc[name.end + 1].pos_ == "DET"
    return (
        name.label_ in ("PERSON", "GPE", "LOC", "FAC")
        and not described
        and stronghold_taken(name.root)
        and not a_person_elsewhere(name)
    )


def taken_by_a_side(verb: Token, name: Span) -> bool:
    """Is ``name`` (a short name no gazetteer knows) the object of "took", "seized", "captured" or "took
    control of" whose subject is a country, a people or an armed force ("Ethiopia took X", "the rebels
    seized X", "the army went on to capture X"), the subject of "was captured by" or of "fell to" such a
    side, and called nowhere in the article a person's (no title before it, no reporting verb after it, not
    the end of a longer name)? Such a name is a place: a side that takes a person takes them prisoner."""
    if sum(not t.is_punct for t in name) > 2 or _described_as_no_place(name.root) or counted(name):
        return False  # "captured X, a top commander": a person; "took control of X, the telecom company";
        # "seized three X": things
    if (control := _control_over(name.root)) is not None:
        return _a_sides_place(control.head, name)  # "took control of X"
    if name.root.dep_ == "nsubj" and lx.verb_lemma(verb) in lx.FALL_VERBS:
        taker = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children), None)
        return taker is not None and _a_side(taker) and not _title_case(name.sent) and not a_person_elsewhere(name)
    if lx.verb_lemma(verb) in _SIDE_TAKING_VERBS and name.root.dep_ == "nsubjpass" and name.root.head.i == verb.i:
        if sum(t.is_alpha and t.text.capitalize() not in place_words.ARABIC_ARTICLES for t in name) > 1:
            return False  # "X Y was captured by troops": a person's first and last name, taken prisoner
        taker = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        return taker is not None and _a_side(taker) and not _title_case(name.sent) and not a_person_elsewhere(name)
    if lx.verb_lemma(verb) not in _SIDE_TAKING_VERBS or name.root.dep_ not in ("dobj", "conj"):
        return False
    complements = [g for c in verb.children for g in (c, *(c.children if c.dep_ == "prep" else ()))]
    if any(t.lemma_.lower() in _TAKEN_AS_A_PERSON or t.lower_ in _TAKEN_AS_A_PERSON for t in complements):
        return False  # "took X prisoner", "took X to court", "took X with them"
    if any(
        c.dep_ == "conj" and any(g.dep_ == "poss" and g.lower_ in ("his", "her") for g in c.children)
        for c in name.root.children
    ):
        return False  # "captured X and his bodyguards"
    return _a_sides_place(verb, name)


# Nouns of taking whose "of" names a place when it names anything ("the liberation of X"); the others name a
# place only after the article has reported a town taken ("seized a key town ... the capture of X").
_PLACE_TAKING_NOUNS = frozenset({"liberation", "retaking", "recapture", "reconquest"})
_TAKING_NOUNS = lx.CAPTURE_NOUNS - _PLACE_TAKING_NOUNS - {"loss", "occupation", "clearance", "handover"}


def named_in_a_capture_noun(name: Span) -> bool:
    """Is ``name`` (a short name no gazetteer knows) what "the liberation of X" frees, or what "the capture of X"
    takes just after the article reported a town, city or village taken ("troops seized a key town ... the
    capture of X gives the government ...")? Not a name the article gives a title or a first name anywhere."""
    root = name.root
    if len(name) > 3 or root.dep_ != "pobj" or root.head.lower_ != "of" or _described_as_no_place(root):
        return False
    noun = root.head.head.lemma_.lower()
    if noun not in _PLACE_TAKING_NOUNS | _TAKING_NOUNS or a_person_elsewhere(name):
        return False
    return noun in _PLACE_TAKING_NOUNS or any(
        token.tag_ == "NN"
        and place_words.PLACE_NOUN_KIND.get(token.lemma_.lower()) == "City"
        and token.dep_ in ("dobj", "nsubjpass")
        and lx.verb_lemma(token.head) in _SIDE_TAKING_VERBS | lx.CAPTURE_VERBS
        for token in tokens_before(root, sentences=3)
    )


def counted(name: Span) -> bool:
    """Is ``name`` counted ("three Humvees", "two Toyota Hiluxes"): things, not a place?"""
    return any(c.dep_ == "nummod" for c in name.root.children) or (
        name.start > 0 and name.doc[name.start - 1].like_num and name.doc[name.start - 1].ent_type_ == "CARDINAL"
    )


def _described_as_no_place(token: Token) -> bool:
    """Does an apposition describe ``token`` as a person or a body ("X, a senior commander", "X, the telecom
    company")? ("X, a strategic crossroads", "X, a mining hub" describe a place.)"""
    return any(
        c.dep_ == "appos" and c.lemma_.lower() in _PERSON_OR_BODY_NOUNS | actor_words.PERSON_TITLES
        for c in token.children
    )


_PERSON_OR_BODY_NOUNS = frozenset(
    {
        "commander",
        "leader",
        "spokesman",
        "spokesperson",
        "chief",
        "official",
        "member",
        "deputy",
        "founder",
        "son",
        "brother",
        "company",
        "firm",
        "group",
        "party",
        "movement",
        "organisation",
        "organization",
    }
)


_CONTROL_TAKING_VERBS = frozenset({"take", "seize", "gain", "assume", "wrest", "exert", "establish", "regain"})


def _control_over(token: Token) -> Token | None:
    """The noun "control" in "took control of X", "exerted control over X" (``token`` is X or a conjunct of it)."""
    first = token.head if token.dep_ == "conj" else token
    if first.dep_ != "pobj" or first.head.lower_ not in ("of", "over"):
        return None
    control = first.head.head
    if (
        control.lemma_.lower() == "control"
        and control.dep_ == "dobj"
        and lx.verb_lemma(control.head) in _CONTROL_TAKING_VERBS
    ):
        return control
    return None


_LEAVING_VERBS = frozenset({"abandon", "evacuate", "vacate"})
_WITHDRAWAL_VERBS = frozenset({"withdraw", "retreat", "pull", "flee"})


def left_by_a_side(name: Span) -> bool:
    """Is ``name`` (a short name no gazetteer knows) a place a country, a people or an armed force
    abandoned or withdrew from ("Eritrea abandoned X", "the troops withdrew from X"), and nowhere in the
    article a person's?"""
    root = name.root
    if len(name) > 2:
        return False
    if root.dep_ == "dobj" and lx.verb_lemma(root.head) in _LEAVING_VERBS:
        return _a_sides_place(root.head, name)
    if root.dep_ == "pobj" and root.head.lower_ == "from" and lx.verb_lemma(root.head.head) in _WITHDRAWAL_VERBS:
        return _a_sides_place(root.head.head, name)
    return False


def _a_sides_place(verb: Token, name: Span) -> bool:
    """Is the subject of ``verb`` a country, a people or an armed force, and ``name`` not a headline's
    common nouns ("Troops Seize Rebel Town") nor anywhere in the article a person's?"""
    if _title_case(name.sent):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    while (
        subject is None
        and (
            verb.dep_ in ("conj", "xcomp")
            or (verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))
        )
        and verb.head.i != verb.i
    ):
        verb = verb.head  # "retook A and took X"; "went on to capture X", "launched an offensive to take X"
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.pos_ == "PRON" and verb.dep_ == "ccomp":
        # "Eritrea says it abandoned X": the speaker
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject is not None and _a_side(subject) and not a_person_elsewhere(name)


def _a_side(token: Token) -> bool:
    """Does ``token`` name a country, a people, an armed force or an organisation ("Ethiopia", "Eritrean",
    "the rebels", "ISIL forces", "M23")?"""
    return (
        token.ent_type_ in ("GPE", "NORP")
        or (token.pos_ == "PROPN" and token.ent_type_ == "ORG")
        or is_acronym(token.text)  # "the PAVN", "M23"
        or country_named(token.text) is not None  # "Eritrea says", untagged
        or token.lemma_.lower() in actor_words.FORCE_NOUNS | actor_words.ARMED_GROUP_NOUNS
        or (
            token.lemma_.lower() in actor_words.GROUP_NOUNS
            and any(c.lower_ == "armed" or c.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS for c in token.children)
        )  # "armed opposition groups", "rebel groups"
        or _a_people(token)
        or _an_armed_groups_name(token)
    )


def _an_armed_groups_name(token: Token) -> bool:
    """Is ``token`` the head of a name its own words call an armed group's ("the Islamic State", "the
    Northern Liberation Front")?"""
    if token.pos_ != "PROPN" or token.ent_type_ in ("PERSON", "GPE", "LOC", "FAC"):
        return False
    words = {token.lower_} | {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
    return bool(words & actor_words.ARMED_GROUP_NAME_WORDS) and bool(
        words & (actor_words.ORGANIZATION_HEAD_WORDS | {"state"})
    )


def _a_people(token: Token) -> bool:
    """ "the Houthis", "the Serbs" (whatever the model tagged them): a plural name with "the" names a people
    or a movement, never one person."""
    return (
        token.pos_ == "PROPN"
        and token.text.endswith("s")
        and token.text[:1].isupper()
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(c.dep_ == "compound" for c in token.children)
    )


def headline_words(span: Span) -> bool:
    """Is ``span`` common words a Title Case headline capitalised, which the article writes in lowercase
    elsewhere: the phrase ("Militants Retake Strategic Town" ... "retaken a strategic town"), or each word
    before a place noun ("Pushed from Strategic City" ... "the strategic capital")?"""
    if not _title_case(span.sent):
        return False
    text = doc_text(span.doc)
    if re.search(rf"\b{re.escape(span.text.lower())}\b", text):
        return True
    *words, last = span
    return (
        bool(words)
        and last.lemma_.lower() in place_words.PLACE_NOUN_KIND
        and all(re.search(rf"\b{re.escape(w.lower_)}\b", text) for w in words)
    )


def _title_case(sentence: Span) -> bool:
    """Is the sentence a headline: capitalised as one (no lowercase word longer than a preposition), with
    nothing so written before it (a date line at most)?"""
    if sentence.start_char > _HEADLINE_ZONE:
        return False  # a headline is at the top: and no article is read again for each of its names
    words = [t for t in sentence if t.is_alpha]
    return len(words) >= 3 and not _LONG_LOWERCASE_WORD.search(sentence.doc[: sentence.end].text)


_LONG_LOWERCASE_WORD = re.compile(r"\b[a-z]{5,}\b")
_HEADLINE_ZONE = 400
"""Characters from the top of an article within which its headline begins (after a date line)."""


def _positions(doc: Doc) -> dict[str, list[int]]:
    """Where each word stands in ``doc`` (made once per document)."""
    positions: dict[str, list[int]] | None = doc.user_data.get("kg_word_positions")
    if positions is None:
        positions = {}
        for token in doc:
            positions.setdefault(token.text, []).append(token.i)
        doc.user_data["kg_word_positions"] = positions
    return positions


def a_person_elsewhere(name: Span) -> bool:
    """Does the article give ``name`` a title, a reporting verb, or a first name anywhere?"""
    doc, words = name.doc, [t.text for t in name]
    for i in _positions(doc).get(words[0], ()):
        if [t.text for t in doc[i : i + len(words)]] != words:
            continue
        before = doc[i - 1] if i > 0 else None
        after = doc[i + len(words)] if i + len(words) < len(doc) else None
        if before is not None and before.lower_.rstrip(".") in actor_words.PERSON_TITLES:
            return True  # "Colonel X"
        if doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "I":
            return True  # "Abubakar X"
        if after is not None and after.lemma_.lower() in speech_words.REPORTING_VERBS and after.pos_ == "VERB":
            return True  # "X said"
    return False


def gapping_verb(token: Token) -> Token | None:
    """The verb of "retook A on Sunday and X on Friday" for X, a second object the parser hangs on the
    first object's date as its conjunct, or of "captured A last night, and yesterday X (and Y)", hung on the
    verb itself; None when ``token`` is no such object."""
    date = token.head
    if (
        token.dep_ == "conj"
        and token.pos_ in ("NOUN", "PROPN")
        and date.pos_ == "VERB"
        and any(c.dep_ == "dobj" for c in date.children)
        and [t.lower_ for t in token.doc[max(0, token.left_edge.i - 3) : token.left_edge.i]] == ["as", "well", "as"]
    ):
        return date  # "captured A on Tuesday, as well as the city of X"
    if token.dep_ != "conj" or token.pos_ != "PROPN" or token.ent_type_ in ("DATE", "TIME"):
        return None
    if date.pos_ == "VERB":
        dated = any(c.ent_type_ in ("DATE", "TIME") for c in token.children)
        return date if dated and any(c.dep_ == "dobj" for c in date.children) else None
    if date.ent_type_ != "DATE" or date.dep_ != "pobj" or date.head.dep_ != "prep":
        return None
    verb = date.head.head
    return verb if verb.pos_ == "VERB" and any(c.dep_ == "dobj" for c in verb.children) else None


def gapped_objects(verb: Token) -> list[Token]:
    """The second objects of a gapped coordination on ``verb`` ("retook A on Sunday and X on Friday": X;
    "captured A last night, and yesterday X": X)."""
    dates = [date for prep in verb.children if prep.dep_ == "prep" for date in prep.children if date.dep_ == "pobj"]
    return [conj for head in (*dates, verb) for conj in head.children if gapping_verb(conj) == verb]


def listed_first(token: Token) -> Token | None:
    """The first name of the surface list that ``token`` is a later member of ("A, B, C and X"; "A and X"),
    however the parser attached its members: the last token of the first name, or None when ``token`` is
    not in such a list. Members are capitalised names separated by commas, and the list ends with "and"
    or "or" before its last member."""
    doc = token.doc
    i = _member_start(doc, token.i) - 1
    first: Token | None = None
    conjunction = False
    while i > 0:
        if doc[i].lower_ in ("and", "or") and first is None:
            conjunction = True  # only the last member follows the conjunction
            i -= 1
            if doc[i].text == ",":
                i -= 1
        elif doc[i].text == ",":
            i -= 1
        else:
            break
        if not _member(doc[i]):
            return None
        first = doc[i]
        i = _member_start(doc, i) - 1
    if first is None or conjunction:
        return first
    j = token.i + 1  # a middle member: the list must go on to a conjunction
    while j < len(doc) and (doc[j].text == "," or _member(doc[j])):
        j += 1
    return first if j < len(doc) and doc[j].lower_ in ("and", "or") else None


def _list_designator(span: Span) -> str | None:
    """The place kind of a plural place noun right after the surface list ``span`` is in: "A, B and C towns"."""
    doc = span.doc
    j = span.end
    joined = False
    while j < len(doc) and (doc[j].text == "," or doc[j].lower_ in ("and", "or") or _member(doc[j])):
        joined = joined or doc[j].lower_ in ("and", "or")
        if joined and doc[j].tag_ in ("NNP", "NNPS") and designator_kind(doc[j]) is not None:
            break  # "A and B Counties", "A and B District Administrative Centres": the designator, capitalised
        j += 1
    if j == span.end or j >= len(doc) or not joined:
        return None
    after = doc[j]
    kind = designator_kind(after)
    if kind is None:
        return None
    plural = _plural(after) or (
        after.dep_ == "compound" and after.head.i > after.i and _plural(after.head)
    )  # "A and B districts", "A and B District Administrative Centres"
    return kind if plural else None


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")  # "counties", "centres"


def designator_kind(token: Token) -> str | None:
    """The place kind a word after a name says ("district", "Counties"), if it says one."""
    lower = token.lower_
    for word in (token.lemma_.lower(), lower, _singular(lower)):
        if word in place_words.PLACE_AFTER_NAME:
            return place_words.PLACE_NOUN_KIND.get(word)
    return None


def _plural(token: Token) -> bool:
    """A plural noun, also one capitalised in a name-like phrase that the tagger took for a singular proper
    noun ("Centres")."""
    lower = token.lower_
    return token.tag_ in ("NNS", "NNPS") or (
        token.tag_ == "NNP"
        and lower.endswith("s")
        and _singular(lower) in place_words.PLACE_AFTER_NAME | {"centre", "center"}
    )


def _member(token: Token) -> bool:
    """A word of a listed name: a capitalised proper noun, or a hyphen inside one ("El-Waq")."""
    if token.text == "-":
        return not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_
    return token.is_title and token.pos_ == "PROPN"


def _member_start(doc: Doc, i: int) -> int:
    """Where the listed name ending at token ``i`` starts."""
    while i > 0 and _member(doc[i - 1]):
        i -= 1
    return i


def taken_towns_verb(include: Token) -> Token | None:
    """The capture verb of the towns that ``include`` lists: "towns [captured by X] include", or the
    parse that hangs "include" on the verb ("other towns the army has reclaimed include")."""
    subject = next((c for c in include.children if c.dep_ == "nsubj"), None)
    if (
        subject is not None
        and subject.tag_ == "NNS"
        and place_words.PLACE_NOUN_KIND.get(subject.lemma_.lower()) == "City"
    ):
        return next(
            (c for c in subject.children if c.dep_ in ("acl", "relcl") and lx.verb_lemma(c) in lx.CAPTURE_VERBS), None
        ) or _earlier_taker(subject)
    if subject is not None and subject.tag_ == "NNS" and subject.lemma_.lower() in place_words.AREA_NOUNS:
        return _earlier_taker(subject)
    verb = include.head
    if include.dep_ in ("conj", "advcl") and lx.verb_lemma(verb) in lx.CAPTURE_VERBS:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if (
            len(subjects) == 2
            and subjects[0].tag_ == "NNS"
            and place_words.PLACE_NOUN_KIND.get(subjects[0].lemma_.lower()) == "City"
        ):
            return verb
    return None


def _earlier_taker(subject: Token) -> Token | None:
    """ "[armed groups took control of eight locations.] The locations include A, B and C": the verb of
    the two sentences before that took the plural the definite subject takes up; None when no such verb."""
    lemma = subject.lemma_.lower()
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in subject.children):
        return None
    if any(c.dep_ in ("acl", "relcl", "prep") for c in subject.children):
        return None  # "the towns he visited include", "the areas near X include": other places
    for token in tokens_before(subject, sentences=2):
        if token.lemma_.lower() != lemma or token.tag_ != "NNS":
            continue
        verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else token.head
        if token.dep_ == "pobj" and verb.lemma_.lower() == "control":
            verb = verb.head  # "took control of eight locations"
        if token.dep_ in ("dobj", "pobj") and (
            lx.verb_lemma(verb) in lx.CAPTURE_VERBS
            or (lx.verb_lemma(verb) in ("take", "seize", "gain", "assume", "regain") and verb is not token.head)
        ):
            return verb
    return None


def tokens_before(token: Token, *, sentences: int) -> list[Token]:
    """The tokens of the ``sentences`` sentences before ``token``'s, in text order."""
    doc, start = token.doc, token.sent.start
    earlier: list[Token] = []
    for _ in range(sentences):
        if start == 0:
            break
        sentence = doc[start - 1].sent
        earlier = [*sentence, *earlier]
        start = sentence.start
    return earlier


def a_side_driven_out_of(name: Span) -> bool:
    """Is ``name`` X in "pushed the Islamists out of X", "drove the rebels from X": where a side was driven
    out of is a place (whatever the model tagged it), unless the article calls X a person's elsewhere?"""
    root = name.root
    if root.dep_ != "pobj" or root.head.lower_ not in ("of", "from"):
        return False
    verb = root.head.head
    if verb.lower_ == "out" and verb.dep_ in ("prep", "prt", "advmod"):
        verb = verb.head  # "out of X"
    return (
        verb.lemma_.lower() in lx.DISLODGE_VERBS
        and any(
            c.dep_ == "dobj" and _a_side(c) and c.ent_type_ != "GPE" and country_named(c.text) is None
            for c in verb.children
        )  # an armed side, not a state ("threw Russia out of the league")
        and not _title_case(name.sent)
        and not a_person_elsewhere(name)
    )


def taken_by_a_verb(token: Token) -> bool:
    """Is ``token`` the object of a verb of taking ("to take X", "seized X", "took control of X"), or the
    subject of "was captured" or "fell to"? (Not a noun's "the fall of X", which may name a person.)"""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass"):
        return lx.verb_lemma(head) in lx.CAPTURE_VERBS | {"take"}
    if token.dep_ == "nsubj":  # "X fell to the rebels" (not "X fell ill")
        return lx.verb_lemma(head) in lx.FALL_VERBS and any(
            c.dep_ == "prep" and c.lower_ in ("to", "into") for c in head.children
        )
    return _control_over(token) is not None


def takes_over(token: Token) -> bool:
    """Is ``token`` (or the first of its conjuncts) what "took over" takes: a place, in a war report; or
    one of the places "the locations [taken control of before] include"?"""
    first = token.head if token.dep_ == "conj" else token
    if first.dep_ == "pobj" and first.head.lower_ == "over":
        return lx.verb_lemma(first.head.head) == "take"
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "dobj" and first.head.lemma_.lower() == "include":
        taker = taken_towns_verb(first.head)
        return taker is not None and any(c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in taker.children)
    return (
        first.dep_ == "dobj"
        and lx.verb_lemma(first.head) == "take"
        and any(c.dep_ == "prt" and c.lower_ == "over" for c in first.head.children)
    )


def place_kind_from_context(span: Span) -> str | None:
    """The place kind a name's syntactic context implies: "the district of Panjwai" -> District,
    "a ninth provincial capital, Faizabad" -> City, "Panjwai district" -> District."""
    root = span.root
    after = span.doc[span.end] if span.end < len(span.doc) else None
    adjective = span.label_ == "NORP" or root.pos_ == "ADJ"  # "the mainly Kurdish town of X": no name
    if (
        after is not None
        and after.lemma_.lower() in place_words.PLACE_AFTER_NAME
        and after.pos_ == "NOUN"
        and root.dep_ != "poss"
        and not adjective
    ):
        return place_words.PLACE_NOUN_KIND.get(after.lemma_.lower())  # "Panjwai district"; not "the rebels' capital"
    designator = _list_designator(span)
    if designator is not None:
        return designator  # "captured A, B and C towns": every name in the list is a town
    if (
        after is not None
        and span.start > 0
        and span.doc[span.start - 1].lower_ in ("and", "or")
        and _plural(after)
        and (kind := designator_kind(after)) is not None
    ):
        return kind  # "A and B Counties": the last name of the list the designator ends
    before = span.doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.lemma_.lower() in ("town", "city", "village")
        and before.tag_ == "NN"
        and before.head.i == root.i
        and before.dep_ in ("compound", "nmod", "amod")
    ):
        return "City"  # "the strategic town X"
    listed = root
    while listed.dep_ == "conj" and listed.head.i != listed.i:
        listed = listed.head  # "the villages of A, B and C": C is listed where A stands
    if (
        listed.i != root.i
        and listed.dep_ == "pobj"
        and listed.head.lower_ == "of"
        and listed.head.head.lemma_.lower() in place_words.PLACE_NOUN_KIND
    ):
        return place_words.PLACE_NOUN_KIND[listed.head.head.lemma_.lower()]
    if (
        listed.i != root.i
        and listed.dep_ == "appos"
        and listed.head.tag_ == "NNS"
        and listed.head.lemma_.lower() in place_words.PLACE_NOUN_KIND
    ):
        return place_words.PLACE_NOUN_KIND[listed.head.lemma_.lower()]  # "the towns A, B and C"
    if (kind := _kind_of_members(listed)) is not None:
        return kind  # "the towns in rebel hands are A, B and C", "towns they hold include A and C"
    head = root.head
    if root.dep_ == "appos" and head.lemma_.lower() in place_words.PLACE_NOUN_KIND:
        return place_words.PLACE_NOUN_KIND[head.lemma_.lower()]
    if root.dep_ == "nsubj" and head.lemma_ == "be":
        for attr in head.children:
            if (
                attr.dep_ == "attr"
                and attr.i > root.i
                and attr.tag_ == "NN"
                and attr.lemma_.lower() in ("city", "town", "village")
                and any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in attr.children)
            ):
                return "City"  # "X (Somali: Y) is a city in southern Somalia", "X was the first town they took"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() == "capital":
        return "Province"  # "the regional capital of X": X is what has the capital
    described = (
        any(t.lower_ in actor_words.PEOPLE_DESCRIPTION_WORDS for t in span.doc[head.i + 1 : span.start])
        if root.dep_ == "pobj"
        else False
    )
    if (
        root.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in place_words.PLACE_NOUN_KIND
        and not described
    ):
        if head.head.tag_ == "NNS" and not any(c.dep_ == "conj" for c in root.children):
            return None  # "key cities of X": X holds the cities (but "the villages of A and B" are villages)
        noun = head.head.lemma_.lower()
        # "the oil port of X": a port town, as "the town of X" is a town; but "the town of mostly ethnic Yazidis"
        # names its people
        return "City" if noun in ("port", "seaport") else place_words.PLACE_NOUN_KIND[noun]
    located = head if root.dep_ == "conj" and head.dep_ == "pobj" else root  # "bases in A and X": where A is
    if located.dep_ == "pobj" and located.head.lower_ in ("in", "near", "outside") and _locates_facility(located.head):
        return "City"  # "an army base in X", "took over two bases in X and Y": where a facility is
    return None


def _kind_of_members(listed: Token) -> str | None:
    """The kind of the plural place noun a copula or "include" says ``listed`` is one of: "the towns ...
    are A, B and C", "towns ... include A" (not "the rebels are A", nor the "towns" said to be a place)."""
    verb = listed.head
    if not (
        (listed.dep_ == "attr" and verb.lemma_ == "be") or (listed.dep_ == "dobj" and verb.lemma_.lower() == "include")
    ):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.tag_ != "NNS":
        return None
    return place_words.PLACE_NOUN_KIND.get(subject.lemma_.lower())


def _locates_facility(prep: Token) -> bool:
    """Does ``prep`` say where a facility is: hung on the facility noun, or on the verb right after
    the facility that is its object (the parser's usual attachment: "took over [two bases] [in X]")?"""
    head = prep.head
    if place_words.facility_noun(head) is not None and head.pos_ == "NOUN":
        return True
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return (
        before is not None
        and before.dep_ == "dobj"
        and before.head.i == head.i
        and place_words.facility_noun(before) is not None
        and before.pos_ == "NOUN"
    )


def _dateline_country(doc: Doc, start: int) -> bool:
    """Does a country's name start at ``start`` and end its line (or come before a dash)?"""
    for size in (1, 2, 3):
        end = start + size
        if end > len(doc) or country_named(doc[start:end].text) is None:
            continue
        after = doc[end] if end < len(doc) else None
        if after is None or "\n" in after.text or after.text in ("-", "–", "—"):
            return True
    return False


def described_as_place(ent: Span) -> bool:
    """ "X, the capital of Y", "X, a town in Y": an apposition after the name that is a place noun; or
    "X, Yemen" as a dateline."""
    doc = ent.doc
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    if _dateline_country(doc, i + 1):
        return True  # "Al Mukalla, Yemen" on its line, or before the story's dash: a dateline
    window = doc[i + 1 : min(len(doc), i + 7)]
    if len(window) >= 3 and window[0].like_num and window[1].lower_ in place_words.DISTANCE_UNITS:
        return True  # "X, 10 miles northeast of Y": a place located by distance
    for j, token in enumerate(window):
        if token.lemma_.lower() in place_words.PLACE_NOUN_KIND and token.pos_ == "NOUN":
            return token.dep_ not in (
                "poss",
                "compound",
                "nmod",
            )  # not "X, the town's district commissioner", "X, the town administrator"
        owner = token.pos_ in ("NOUN", "PROPN") and j + 1 < len(window) and window[j + 1].tag_ == "POS"
        if (
            token.pos_ not in ("DET", "ADJ", "ADV", "NUM")
            and token.text != "-"  # "second-largest"
            and token.tag_ != "POS"
            and not owner
            and not token.lower_.endswith(("ern", "est"))
        ):
            return False  # but "X, the insurgents' main base", "X, Gaddafi's compound"
    return False
