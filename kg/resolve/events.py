"""One node per real event: the same capture reported by several articles becomes one canonical event.

Reports are grouped by event family (``Handover`` counts as ``TakeControl``), canonical place and
compatible actor, then split into episodes by date: the capture of Mazar-i-Sharif in 1998 is not
the one in 2021. A report without a date joins the episode the other reports date, so an undated
report of Faizabad's capture shares the day another article fixes. The canonical date is the most
precise one any report gives (the reports that gave it are recorded); conflicting dates are kept
and flagged. Corroboration counts independent origins (a wire agency's story carried by two
outlets counts once); the status follows from the claims: ``Contested`` when a statement disputes
the event, ``Corroborated`` when two or more independent origins report it, else ``Claimed``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.namespaces import Minter, slug
from kg.ontology_classes import family
from kg.resolve.collect import ArticleRecord, Corpus, EventRecord
from kg.vocab import DatePrecision

EPISODE_GAP_DAYS = 45
_PRECISION_RANK = {DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}


@dataclass(slots=True)
class CanonicalEvent:
    iri: str
    family: str
    kind: str
    agent: str | None
    place: str | None
    reports: list[str]
    articles: list[str]
    origins: list[str]
    date: str | None = None
    precision: DatePrecision | None = None
    dated_by: list[str] = field(default_factory=list)
    conflicting_dates: list[str] = field(default_factory=list)
    supported_by: list[str] = field(default_factory=list)
    disputed_by: list[str] = field(default_factory=list)
    status: str = "Claimed"


def article_origin(article: ArticleRecord, minter: Minter) -> str:
    """Who the story really comes from: the news agency it names most (a wire story), else its
    outlet, else the article itself (an unknown source counts as independent)."""
    if article.agencies:
        return min(article.agencies, key=lambda a: (-article.agencies[a], a))
    if article.outlet:
        return minter.outlet(article.outlet).value
    return article.iri


def _date(value: str) -> dt.date:
    parts = value.split("-")
    return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


def _compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _date_of(report: EventRecord) -> str:
    """The date of a report known to have one."""
    if report.date is None:
        raise ValueError(f"{report.iri} has no date")
    return report.date


def _rank(report: EventRecord) -> int:
    return _PRECISION_RANK[report.precision or DatePrecision.YEAR]


def _same_episode(a: EventRecord, b: EventRecord) -> bool:
    """Dates that can be one event: one contains the other ("2021-08" and "2021-08-11"), or both
    are at least month-precise and close together."""
    assert a.date and b.date
    if _compatible(a.date, b.date):
        return True
    return min(_rank(a), _rank(b)) >= 2 and abs((_date(a.date) - _date(b.date)).days) <= EPISODE_GAP_DAYS


def _episodes(reports: list[EventRecord], published: dict[str, dt.date | None]) -> list[list[EventRecord]]:
    """Split the reports of one (family, place, actor) into episodes by date."""
    dated = sorted((r for r in reports if r.date), key=lambda r: (r.date, r.iri))
    undated = sorted((r for r in reports if not r.date), key=lambda r: r.iri)
    episodes: list[list[EventRecord]] = []
    for report in dated:
        for episode in episodes:
            if all(_same_episode(report, other) for other in episode):
                episode.append(report)
                break
        else:
            episodes.append([report])
    # an episode dated only to a year before every publication year is history ("in 1998")
    years = [d.year for d in published.values() if d is not None]

    def historical(episode: list[EventRecord]) -> bool:
        finest = max(_rank(r) for r in episode)
        return finest == 1 and (not years or int(_date_of(episode[0])[:4]) < min(years))

    current = [e for e in episodes if not historical(e)]
    leftovers: list[EventRecord] = []
    for report in undated:
        if len(current) == 1:
            current[0].append(report)
            continue
        when = published.get(report.graph)
        if current and when is not None:
            nearest = min(current, key=lambda e: (abs((_date(_date_of(e[0])) - when).days), _date_of(e[0])))
            nearest.append(report)
        else:
            leftovers.append(report)
    if leftovers:
        episodes.append(leftovers)
    return episodes


def resolve_events(
    corpus: Corpus, minter: Minter, canonical: dict[str, str], labels: dict[str, str]
) -> tuple[list[CanonicalEvent], dict[str, str]]:
    """Canonical events, and article-level event IRI -> canonical event IRI."""

    def canon(iri: str | None) -> str | None:
        return None if iri is None else canonical.get(iri, iri)

    published: dict[str, dt.date | None] = {
        graph: _date(a.published[:10]) if a.published else None for graph, a in corpus.articles.items()
    }
    groups: dict[tuple[str, str], list[EventRecord]] = defaultdict(list)
    singles: list[EventRecord] = []
    for record in sorted(corpus.events.values(), key=lambda r: r.iri):
        place = canon(record.places[0]) if record.places else None
        if place is None:
            singles.append(record)
        else:
            groups[(family(record.kind), place)].append(record)

    events: list[CanonicalEvent] = []
    for (event_family, place), reports in sorted(groups.items()):
        for agent, members in sorted(_by_agent(reports, canon).items(), key=lambda item: item[0] or ""):
            for episode in _episodes(members, published):
                events.append(_canonical(event_family, place, agent, episode, corpus, minter, labels))
    for record in singles:
        agent = canon(record.agents[0]) if record.agents else None
        events.append(_canonical(family(record.kind), None, agent, [record], corpus, minter, labels))
    _claims(events, corpus)
    _deduplicate_iris(events)
    mapping = {report: event.iri for event in events for report in event.reports}
    return sorted(events, key=lambda e: e.iri), mapping


def _by_agent(
    reports: list[EventRecord], canon: Callable[[str | None], str | None]
) -> dict[str | None, list[EventRecord]]:
    """Reports by canonical agent; reports without an agent join the most reported agent."""
    by_agent: dict[str | None, list[EventRecord]] = defaultdict(list)
    for report in reports:
        by_agent[canon(report.agents[0]) if report.agents else None].append(report)
    anonymous = by_agent.pop(None, [])
    if not by_agent:
        return {None: anonymous}
    if anonymous:
        main = min(by_agent, key=lambda a: (-len(by_agent[a]), a))
        by_agent[main] += anonymous
    return by_agent


def _canonical(
    event_family: str,
    place: str | None,
    agent: str | None,
    reports: list[EventRecord],
    corpus: Corpus,
    minter: Minter,
    labels: dict[str, str],
) -> CanonicalEvent:
    reports = sorted(reports, key=lambda r: r.iri)
    kinds = Counter(r.kind for r in reports)
    kind = min(kinds, key=lambda k: (-kinds[k], k == event_family, k))
    articles = sorted({corpus.articles[r.graph].iri for r in reports})
    origins = sorted({article_origin(corpus.articles[r.graph], minter) for r in reports})
    dated = [r for r in reports if r.date]
    event = CanonicalEvent(
        iri="",
        family=event_family,
        kind=kind,
        agent=agent,
        place=place,
        reports=[r.iri for r in reports],
        articles=articles,
        origins=origins,
    )
    if dated:
        finest = max(_rank(r) for r in dated)
        candidates = Counter(_date_of(r) for r in dated if _rank(r) == finest)
        chosen = min(candidates, key=lambda d: (-candidates[d], d))
        event.date = chosen
        event.precision = next(r.precision for r in dated if r.date == chosen)
        event.dated_by = sorted(r.iri for r in dated if r.date == chosen)
        event.conflicting_dates = sorted({_date_of(r) for r in dated if not _compatible(_date_of(r), chosen)})
    if place is not None:
        episode = event.date[:4] if event.date else "undated"
        parts = [
            slug(event_family),
            slug(labels.get(agent, "unknown")) if agent else "unknown",
            slug(labels.get(place, place.rsplit("/", 1)[-1])),
            episode,
        ]
    else:
        parts = [slug(event_family), hashlib.sha256(reports[0].iri.encode()).hexdigest()[:16]]
    event.iri = minter.base + "event/" + "/".join(parts)
    return event


def _claims(events: list[CanonicalEvent], corpus: Corpus) -> None:
    by_report = {report: event for event in events for report in event.reports}
    for claim in sorted(corpus.claims.values(), key=lambda c: c.iri):
        for iri in claim.supports:
            if iri in by_report:
                by_report[iri].supported_by.append(claim.iri)
        for iri in claim.disputes:
            if iri in by_report:
                by_report[iri].disputed_by.append(claim.iri)
    for event in events:
        event.supported_by = sorted(set(event.supported_by))
        event.disputed_by = sorted(set(event.disputed_by))
        if event.disputed_by:
            event.status = "Contested"
        elif len(event.origins) >= 2:
            event.status = "Corroborated"
        else:
            event.status = "Claimed"


def _deduplicate_iris(events: list[CanonicalEvent]) -> None:
    """Two episodes in one year get distinct IRIs (ordered by date)."""
    seen: dict[str, int] = {}
    for event in sorted(events, key=lambda e: (e.iri, e.date or "", e.reports[0])):
        count = seen.get(event.iri, 0)
        seen[event.iri] = count + 1
        if count:
            event.iri += f"-{count + 1}"


def contradictions(event: CanonicalEvent) -> list[tuple[str, str]]:
    """Pairs of claims that contradict each other about ``event``."""
    return [(a, b) for a in event.supported_by for b in event.disputed_by if a != b]
