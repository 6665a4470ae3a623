"""From raw casualty statements to records: the speaker of each figure (the claim whose words hold it),
and the date of the incident."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.casualties.statements import RawCasualty
from kg.extract.claims import RawClaim
from kg.extract.records import Casualty, Event
from kg.extract.timex import TimeMention
from kg.vocab import CasualtyScope, DatePrecision, EventKind


def casualty_records(
    raw: Sequence[RawCasualty],
    claims: Sequence[RawClaim],
    times: Sequence[Sequence[TimeMention]],
    events: Sequence[Event] = (),
) -> list[Casualty]:
    """One record per statement: the speaker from the claim whose content (or sentence, for "X said"
    around it) holds the figure, the day from a date in the statement's clause, and the incident: the
    event of its sentence whose words are nearest the figure's verb."""
    out = []
    for item in raw:
        incident = _incident(item, events) if item.scope == CasualtyScope.INCIDENT else None
        claim = _claim_of(item, claims)
        time = None
        if item.scope == CasualtyScope.INCIDENT:
            clause = list(item.trigger.subtree)
            start, end = clause[0].idx, clause[-1].idx + len(clause[-1].text)
            time = next(
                (
                    t.value
                    for t in times[item.sentence]
                    if t.value is not None and t.value.precision == DatePrecision.DAY and start <= t.start < end
                ),
                None,
            )
        out.append(
            Casualty(
                kind=item.kind,
                sentence=item.sentence,
                figure=item.figure,
                figure_start=item.figure_start,
                figure_end=item.figure_end,
                low=item.range.low,
                high=item.range.high,
                best=item.range.best,
                scope=item.scope,
                trigger=item.trigger.text,
                victims=item.victims,
                victims_entity=item.victims_entity,
                causer=item.causer,
                place=item.place,
                time=time,
                speaker=claim.speaker if claim and claim.speaker and not claim.speaker.is_place else None,
                speaker_text=(claim.speaker_text or claim.role) if claim else None,
                claim=claim.reporting_verb.idx if claim else None,
                event=incident,
                confidence=item.confidence,
            )
        )
    return out


# "latest reports indicate", "evidence suggests": sources that are no one; the figure is whoever reports them
_GENERIC_SOURCES = frozenset({"reports", "evidence", "information", "indications", "data"})


def _claim_of(item: RawCasualty, claims: Sequence[RawClaim]) -> RawClaim | None:
    inside = [
        c
        for c in claims
        if c.sentence == item.sentence
        and c.quote_start <= item.figure_start < c.quote_end
        and not (c.speaker is None and (c.speaker_text or "").lower().split()[-1:] in ([g] for g in _GENERIC_SOURCES))
    ]
    if not inside:
        # "..., according to X, while ...": the source named for the sentence gives all its figures
        inside = [c for c in claims if c.sentence == item.sentence and c.reporting_verb.lower_ == "according"]
    # the innermost: "X said Y told AFP that 20 died" is Y's figure
    return min(inside, key=lambda c: c.quote_end - c.quote_start, default=None)


def _incident(item: RawCasualty, events: Sequence[Event]) -> int | None:
    """The event the figure counts the casualties of: the event of its sentence nearest its verb, one
    with a place first; else the latest event so far at the figure's place ("fighters attacked X. The
    ministry said 12 were killed in the attack."); else a placeless event of its sentence."""
    anchor = item.trigger.idx
    own = [
        (not e.places, abs(e.trigger_start - anchor), i)
        for i, e in enumerate(events)
        if e.kind != EventKind.STATEMENT and (e.sentence == item.sentence or item.sentence in e.evidence)
    ]
    if own and not min(own)[0]:
        return min(own)[2]
    if item.place is not None:
        earlier = [
            (e.sentence, i)
            for i, e in enumerate(events)
            if e.kind != EventKind.STATEMENT and e.sentence <= item.sentence and item.place in e.places
        ]
        if earlier:
            return max(earlier)[1]
    return min(own)[2] if own else None
