"""Capture extraction measured against hand-made reference annotations.

The gold format is a TSV with columns ``doc place place_kind province actor date kind evidence``;
``kind`` is ``capture`` (must be found), ``not_capture`` (a trap: no capture of that place may come
out of that article, unless it is dated as an ``optional`` row of the same place says) or
``optional`` (acceptable either way). Scores are per (article, place).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from kg.errors import SkippedInput
from kg.evaluate_actors import actors_agree
from kg.extract.nlp import ENTRY_HEADING
from kg.extract.records import EntityRef, Extraction
from kg.gazetteer import Gazetteer, load_gazetteer, wkt_point
from kg.gazetteer.world_data import load_world
from kg.ingest import InputRef, iter_inputs, read_input
from kg.ingest.article import Article
from kg.names import name_key
from kg.namespaces import GAZ, sparql_prefixes
from kg.store import Store

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor

_KINDS = {
    "provincial_capital": {"City"},
    "national_capital": {"City"},
    "city": {"City", "Place"},
    "province": {"Province"},
    "border_crossing": {"BorderCrossing"},
    "facility": {"Prison", "MilitaryBase", "Airport", "Facility"},
    "district": {"District", "Place"},
}
CAPTURE_KINDS = frozenset({"TakeControl", "Handover"})
_REPORTED = re.compile(r"\b(?:said|says|say|claimed|claims|claim|announced|announce|according|told|tweeted)\b")
_WITHIN_KM = 25.0
GEONAMES_PREFIX = "https://sws.geonames.org/"


@dataclass(frozen=True, slots=True)
class GoldRow:
    doc: str
    place: str
    place_kind: str
    date: str
    kind: str
    evidence: str
    actor: str = ""
    point: tuple[float, float] | None = None
    """``(lat, lon)`` of the place, where the gold gives one."""

    @property
    def names(self) -> tuple[str, ...]:
        """The place's name and the other ways the gold spells it: the alternative a parenthesis gives
        ("Malumfatori (Malam Fatori)"); a facility's town in a parenthesis or after "at" ("Presidential
        palace (Aden)", "Ethiopian naval base at Massawa": Aden's palace, Massawa's naval base); a
        district's, neighbourhood's, province's, region's or city's name without the word ("Al Khawkhah district", "Warak
        neighborhood", "Lahij Governorate", "Idleb City")."""
        if (found := re.fullmatch(r"(.+?)\s*\((.+)\)", self.place)) is not None:
            name, inner = found.groups()
            return (self.place, f"{inner} {name}") if self.place_kind == "facility" else (self.place, name, inner)
        if (
            self.place_kind == "facility"
            and (found := re.fullmatch(r"(.+?) (?:at|in|near) (.+)", self.place)) is not None
        ):
            return (self.place, f"{found[2]} {found[1]}")
        if (found := re.fullmatch(r"(.+?) (?:[Nn]eighbou?rhood|[Qq]uarter)", self.place)) is not None or (
            self.place_kind == "district" and (found := re.fullmatch(r"(.+?) [Dd]istrict", self.place)) is not None
        ):
            return (self.place, found[1])
        if (
            self.place_kind in ("province", "region")
            and (found := re.fullmatch(r"(.+?) (?:[Gg]overnorate|[Pp]rovince|[Rr]egion|[Ss]tate)", self.place))
            is not None
        ):
            return (self.place, found[1])
        if (
            self.place_kind in ("city", "provincial_capital", "national_capital", "town")
            and (found := re.fullmatch(r"(.+?) [Cc]ity", self.place)) is not None
        ):
            return (self.place, found[1])  # "Idleb City": the city of Idleb
        return (self.place,)

    @property
    def construction(self) -> str:
        """The construction class the evidence shows (the first that applies)."""
        text = self.evidence
        if ENTRY_HEADING.match(text):
            return "dated entry"
        if self.place_kind in ("facility", "border_crossing"):
            return "facility"
        lowered = text.lower()
        if "capital of" in lowered or "capitals of" in lowered:
            return "capital of"
        if name_key(self.place) not in name_key(text):
            return "descriptor"
        if _REPORTED.search(lowered):
            return "claimed"
        return "plain"


@dataclass(frozen=True, slots=True)
class Capture:
    """A capture the system reports: one (article, place)."""

    doc: str
    place_iri: str | None
    place_label: str
    date: str
    date_text: str
    evidence: str
    place_kind: str = "Place"
    agent: str = ""
    point: tuple[float, float] | None = None
    """``(lat, lon)`` of the place found, where a gazetteer gives one."""
    within: str | None = None
    """The IRI of the place a facility found is in, where a gazetteer gives one."""


@dataclass(slots=True)
class Evaluation:
    true_positives: list[tuple[GoldRow, Capture]] = field(default_factory=list)
    false_negatives: list[GoldRow] = field(default_factory=list)
    false_positives: list[Capture] = field(default_factory=list)
    trap_violations: list[tuple[GoldRow, Capture]] = field(default_factory=list)
    dated_gold: int = 0
    dates_correct: int = 0
    date_errors: list[tuple[GoldRow, Capture]] = field(default_factory=list)
    unsupported_dates: list[tuple[GoldRow, Capture]] = field(default_factory=list)
    """A day-precise date where the gold says the text fixes none (an invented date)."""
    wrong_places: dict[int, tuple[str, Capture]] = field(default_factory=dict)
    """Index of a missed gold row -> (error type, the capture found instead): a province for its capital,
    a facility for its city, a city for its facility."""
    missing_actors: list[tuple[GoldRow, Capture]] = field(default_factory=list)
    actors_compared: int = 0
    wrong_actors: list[tuple[GoldRow, Capture]] = field(default_factory=list)
    """Found captures whose actor the gold's can be compared with by name (see :mod:`kg.evaluate_actors`);
    of those, the ones naming another taker."""
    located: int = 0
    located_within: int = 0
    """Found captures whose gold row gives coordinates; of those, within 25 km of them."""

    def by_construction(self) -> dict[str, tuple[int, int]]:
        """Construction class -> (gold captures, found)."""
        out: dict[str, list[int]] = {}
        for row, _ in self.true_positives:
            out.setdefault(row.construction, [0, 0])[0] += 1
            out[row.construction][1] += 1
        for row in self.false_negatives:
            out.setdefault(row.construction, [0, 0])[0] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives) + len(self.trap_violations)
        return len(self.true_positives) / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_correct / self.dated_gold if self.dated_gold else 1.0

    def passes(self, *, min_precision: float = 0.0, min_recall: float = 0.0, min_date_accuracy: float = 0.0) -> bool:
        """No trap fired, and each score at least its floor (``kg eval`` exits 1 otherwise)."""
        return (
            not self.trap_violations
            and self.precision >= min_precision
            and self.recall >= min_recall
            and self.date_accuracy >= min_date_accuracy
        )


# Place kinds some annotators wrote for what the conventions call a facility.
_GOLD_KIND_SYNONYMS = {"base": "facility", "airport": "facility", "prison": "facility"}


def read_gold(path: Path) -> list[GoldRow]:
    """The rows of a gold TSV; optional ``lat`` and ``lon`` columns give the place's coordinates."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
    return [
        GoldRow(
            r["doc"],
            r["place"],
            _GOLD_KIND_SYNONYMS.get(r["place_kind"], r["place_kind"]),
            (r.get("date") or "").strip(),
            r["kind"],
            r.get("evidence") or "",
            actor=(r.get("actor") or "").strip(),
            point=_point(r.get("lat"), r.get("lon")),
        )
        for r in rows
    ]


def _point(lat: str | None, lon: str | None) -> tuple[float, float] | None:
    try:
        return (float(lat), float(lon)) if lat and lon else None
    except ValueError:
        return None


def read_articles(paths: Sequence[str], *, max_bytes: int, warn: Callable[[str], None]) -> list[Article]:
    """The articles among ``paths`` (files, directories); one that cannot be read is left out, and
    ``warn`` told (``skipped KEY: reason``)."""
    readable = []
    for item in iter_inputs(paths):
        if isinstance(item, InputRef):
            try:
                readable.append(read_input(item, max_bytes=max_bytes))
            except SkippedInput as exc:
                warn(f"skipped {item.key}: {exc}")
    return readable


def captures_from_articles(
    articles: Sequence[Article], extractor: Extractor, *, warn: Callable[[str], None]
) -> list[Capture]:
    """The captures ``extractor`` finds in ``articles``, each document named by its source name; an
    article the extractor fails on is scored as finding nothing, and ``warn`` told."""
    captures = []
    for article, extraction in extractor.extract_each(articles):
        if isinstance(extraction, Exception):
            warn(f"failed {article.source_name}: {type(extraction).__name__}: {extraction}")
        else:
            captures += captures_from_extraction(article.source_name, extraction)
    return captures


def captures_from_extraction(doc: str, extraction: Extraction) -> list[Capture]:
    out = []
    disputed = {i for claim in extraction.claims for i in claim.disputes}
    for index, event in enumerate(extraction.events):
        if event.kind not in CAPTURE_KINDS or (event.attributed and index in disputed):
            continue  # a claimed capture the article also quotes a denial of: contested, not reported
        for place in event.places:
            out.append(
                Capture(
                    doc=doc,
                    place_iri=place.iri,
                    place_label=place.label,
                    date=event.time.value if event.time else "",
                    date_text=event.time.text if event.time else "",
                    evidence=extraction.sentences[event.sentence].text,
                    place_kind=place.kind,
                    agent=event.agents[0].label if event.agents else "",
                    point=_entity_point(place),
                    within=place.located_in
                    if place.located_in and place.located_in.startswith(("http://", "https://"))
                    else None,
                )
            )
    return out


def _entity_point(place: EntityRef) -> tuple[float, float] | None:
    if place.world is not None and place.world.lat is not None and place.world.lon is not None:
        return (place.world.lat, place.world.lon)
    gazetteer = load_gazetteer()
    if place.iri is not None and place.iri in gazetteer and (point := gazetteer[place.iri].point) is not None:
        return (point[1], point[0])
    return None


_STORE_CAPTURES = (
    sparql_prefixes(("kg", "sem", "rdfs", "schema", "prov", "oa", "geo"))
    + """
SELECT ?name ?place ?label ?kind ?date ?text ?sentence ?agent ?wkt WHERE {
  ?event a kg:TakeControl ; sem:hasPlace ?place ; kg:evidence ?evidence .
  FILTER NOT EXISTS { ?event kg:attributedOnly true . ?denial kg:disputes ?event }
  ?evidence prov:wasDerivedFrom ?article ; kg:sentence ?sentence ; oa:start ?start .
  FILTER NOT EXISTS { ?event kg:evidence/oa:start ?earlier FILTER(?earlier < ?start) }
  ?article kg:sourceName ?name .
  ?place rdfs:label ?label .
  OPTIONAL { ?place a ?type . FILTER(STRSTARTS(STR(?type), STR(kg:))) BIND(STRAFTER(STR(?type), "#") AS ?kind) }
  OPTIONAL { ?event kg:date ?date ; kg:dateText ?text }
  OPTIONAL { ?event kg:agent/rdfs:label ?agent }
  OPTIONAL { ?place geo:hasGeometry/geo:asWKT ?wkt }
  OPTIONAL { ?place schema:containedInPlace ?within }
}"""
)


def captures_from_store(store: Store) -> list[Capture]:
    """The captures each article graph in ``store`` reports (documents named by file name)."""
    out = []
    for row in store.select_rows(_STORE_CAPTURES):
        iri = str(row["place"])
        out.append(
            Capture(
                doc=str(row["name"]),
                place_iri=iri if iri.startswith((GAZ.iri, GEONAMES_PREFIX)) else None,
                place_label=str(row["label"]),
                date=str(row.get("date", "")),
                date_text=str(row.get("text", "")),
                evidence=str(row["sentence"]),
                place_kind=str(row.get("kind", "Place")),
                agent=str(row.get("agent", "")),
                point=_wkt_point(str(row.get("wkt", ""))),
                within=str(row["within"]) if row.get("within") is not None else None,
            )
        )
    return out


def _wkt_point(wkt: str) -> tuple[float, float] | None:
    point = wkt_point(wkt)
    return (point[1], point[0]) if point else None


def format_report(result: Evaluation) -> str:
    """A plain-text report: scores, recall by construction class, errors by type, then every error
    with its evidence."""
    gold = len(result.true_positives) + len(result.false_negatives)
    found = len(result.true_positives) + len(result.false_positives) + len(result.trap_violations)
    wrong = [error for error, _ in result.wrong_places.values()]
    lines = [
        f"captures per (article, place): {gold} in the gold, {found} found, {len(result.true_positives)} correct",
        f"precision {result.precision:.3f}   recall {result.recall:.3f}   F1 {result.f1:.3f}",
        f"traps triggered: {len(result.trap_violations)}",
        f"dates: {result.dates_correct}/{result.dated_gold} exact"
        + (f" ({result.date_accuracy:.1%})" if result.dated_gold else ""),
        f"days given where the text fixes none: {len(result.unsupported_dates)}",
        "recall by construction: "
        + ", ".join(f"{name} {hit}/{total}" for name, (total, hit) in result.by_construction().items()),
        "errors by type: "
        + ", ".join(
            f"{name} {count}"
            for name, count in (
                ("missed", len(result.false_negatives) - len(wrong)),
                *(
                    (kind, wrong.count(kind))
                    for kind in ("province for capital", "facility for city", "city for facility")
                ),
                ("missing date", sum(1 for _, c in result.date_errors if not c.date)),
                ("wrong date", sum(1 for _, c in result.date_errors if c.date)),
                ("missing actor", len(result.missing_actors)),
                ("wrong actor", len(result.wrong_actors)),
                ("false capture", len(result.false_positives)),
                ("trap", len(result.trap_violations)),
            )
        ),
    ]
    if result.actors_compared:
        right = result.actors_compared - len(result.wrong_actors)
        lines.append(f"actors: {right}/{result.actors_compared} agree with the gold's by name")
    if result.located:
        lines.append(
            f"coordinates: {result.located_within}/{result.located} within {_WITHIN_KM:.0f} km of the gold point"
        )
    for row, capture in result.trap_violations:
        lines.append(f"TRAP      {row.doc}  {row.place}: {capture.evidence}")
    for capture in result.false_positives:
        lines.append(f"FALSE +   {capture.doc}  {capture.place_label} {capture.date}: {capture.evidence}")
    for number, row in enumerate(result.false_negatives):
        error = result.wrong_places.get(number)
        label = f"{error[0].upper()} ({error[1].place_label})" if error else "MISSED"
        lines.append(f"{label:<9} {row.doc}  {row.place} [{row.construction}]: {row.evidence}")
    for row, capture in result.unsupported_dates:
        lines.append(
            f"UNDATED   {row.doc}  {row.place}: gold has no date, found {capture.date} from {capture.date_text!r}"
        )
    for row, capture in result.date_errors:
        lines.append(
            f"DATE      {row.doc}  {row.place}: gold {row.date}, found {capture.date or '(none)'} from {capture.date_text!r}"
        )
    for row, capture in result.missing_actors:
        lines.append(f"NO ACTOR  {row.doc}  {row.place}: gold {row.actor!r}: {capture.evidence}")
    for row, capture in result.wrong_actors:
        lines.append(
            f"ACTOR     {row.doc}  {row.place}: gold {row.actor!r}, found {capture.agent!r}: {capture.evidence}"
        )
    return "\n".join(lines) + "\n"


# The designator a found name may end with where the gold's name has none, by the gold's kind.
_DESIGNATORS_OF = {
    "district": ("district",),
    "province": ("province", "governorate", "oblast", "prefecture", "county", "state"),
    "region": ("region", "province", "governorate", "oblast", "county", "state"),
}


class _Matcher:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def matches(self, row: GoldRow, capture: Capture) -> bool:
        return any(
            self._matches_name(row, name, capture)
            # a province's name without "Governorate" names its capital too: the capture must not be the town;
            # and "Idleb City" without "City" names the province too: the capture must be the city
            and (name == row.place or row.place_kind not in ("province", "region") or capture.place_kind != "City")
            and (name == row.place or not row.place.lower().endswith(" city") or capture.place_kind == "City")
            for name in row.names
        )

    def _matches_name(self, row: GoldRow, name: str, capture: Capture) -> bool:
        kinds = _KINDS.get(row.place_kind)
        if capture.place_iri is not None and capture.place_iri.startswith(GEONAMES_PREFIX):
            # a world place: any place the gold name can be ("Kobani" is GeoNames' "Ayn al Arab")
            if capture.place_iri in {p.iri for p in load_world().candidates(name)}:
                return True
        elif capture.place_iri is not None:
            candidates = {e.iri for e in self.gazetteer.lookup(name) if kinds is None or e.kind in kinds}
            if candidates:
                return capture.place_iri in candidates
        gold_key, found_key = name_key(name), name_key(capture.place_label)
        words = found_key.rsplit(" ", 1)
        if len(words) == 2 and words[1] in _DESIGNATORS_OF.get(row.place_kind, ()):
            found_key = words[0]  # "Al Shirqat District" found for the gold's district "Al Shirqat"
        facility = capture.place_kind in _KINDS["facility"] | {"BorderCrossing"}
        if row.place_kind == "facility" and facility and (gold_key in found_key or found_key in gold_key):
            return True  # "Presidential palace" / "Kabul presidential palace"
        gold_words, found_words = gold_key.split(), found_key.split()
        if (
            row.place_kind == "facility"
            and facility
            and gold_words[-1:] == found_words[-1:]
            and gold_words[0] in found_words
        ):
            return True  # "Mosul International Airport" / "Mosul airport": the same city's facility of that kind
        if (
            row.place_kind == "facility"
            and facility
            and gold_words[-1:] == found_words[-1:]
            and capture.within is not None
        ):
            # "Dhale military sites" / "Ad Dali' military sites": the same kind, in a place the gold's first word can be
            return capture.within in {p.iri for p in load_world().candidates(gold_words[0])} | {
                e.iri for e in self.gazetteer.lookup(gold_words[0])
            }
        if gold_key.replace(" ", "") == found_key.replace(" ", ""):
            return True  # "Shah Wali Kot" / "Shahwalikot": one name, spaced or not
        return gold_key == found_key or Levenshtein.normalized_similarity(gold_key, found_key) >= 0.85


def evaluate(gold: Iterable[GoldRow], captures: Iterable[Capture], *, gazetteer: Gazetteer | None = None) -> Evaluation:
    """Score captures against gold rows; only documents that appear in the gold are scored."""
    matcher = _Matcher(gazetteer or load_gazetteer())
    gold = list(gold)
    docs = {row.doc for row in gold}
    captures = [c for c in captures if c.doc in docs]
    result = Evaluation()
    used: set[int] = set()
    for row in (r for r in gold if r.kind == "capture"):
        found = [(i, c) for i, c in enumerate(captures) if c.doc == row.doc and matcher.matches(row, c)]
        if not found:
            result.false_negatives.append(row)
            continue
        # the taking the gold means, where the article reports several of the place (by two sides, or years apart)
        index, capture = max(
            found,
            key=lambda f: (
                f[1].date == row.date,
                bool(row.actor) and actors_agree(row.actor, f[1].agent) is True,
                len(f[1].date),
            ),
        )
        used.update(i for i, _ in found)
        result.true_positives.append((row, capture))
        if row.actor and not capture.agent:
            result.missing_actors.append((row, capture))
        elif row.actor and (agree := actors_agree(row.actor, capture.agent)) is not None:
            result.actors_compared += 1
            if not agree:
                result.wrong_actors.append((row, capture))
        if row.point is not None and capture.point is not None:
            result.located += 1
            result.located_within += _km(row.point, capture.point) <= _WITHIN_KM
        if row.date:
            result.dated_gold += 1
            if _same_date(row.date, capture):
                result.dates_correct += 1
            else:
                result.date_errors.append((row, capture))
        elif len(capture.date) == 10 and not any(r.kind == "optional" and r.doc == row.doc and r.date for r in gold):
            result.unsupported_dates.append((row, capture))
    for index, capture in enumerate(captures):
        if index in used:
            continue
        optional = [r for r in gold if r.kind == "optional" and r.doc == capture.doc and matcher.matches(r, capture)]
        traps = [r for r in gold if r.kind == "not_capture" and r.doc == capture.doc and matcher.matches(r, capture)]
        if traps and not any(r.date and capture.date.startswith(r.date) for r in optional):
            result.trap_violations.append((traps[0], capture))
        elif not optional and not traps:
            result.false_positives.append(capture)
    for number, row in enumerate(result.false_negatives):
        for capture in (c for c in captures if c.doc == row.doc):
            error = _wrong_place(row, capture)
            if error is not None:
                result.wrong_places[number] = (error, capture)
                break
    return result


def _wrong_place(row: GoldRow, capture: Capture) -> str | None:
    """How a capture found in the same article missed the gold place, if it is near it."""
    gold, found = name_key(row.place), name_key(capture.place_label)
    facility = capture.place_kind in _KINDS["facility"] | {"BorderCrossing"}
    if row.place_kind in ("provincial_capital", "national_capital", "city") and facility and gold in found:
        return "facility for city"
    if row.place_kind == "facility" and not facility and found and found in gold:
        return "city for facility"
    if (
        row.place_kind in ("provincial_capital", "city")
        and capture.place_kind == "Province"
        and row.evidence
        and found in name_key(row.evidence)
    ):
        return "province for capital"
    return None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _same_date(gold: str, capture: Capture) -> bool:
    if capture.date == gold:
        return True
    if "overnight" in capture.date_text.lower() and len(gold) == len(capture.date) == 10:
        return abs(dt.date.fromisoformat(gold) - dt.date.fromisoformat(capture.date)) <= dt.timedelta(days=1)
    return False
