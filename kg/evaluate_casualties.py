"""Casualty figures measured against hand-made reference annotations (``kg eval`` with a casualty gold).

The gold is a TSV with the columns ``doc kind low high victims place date speaker scope figure evidence
notes`` (tests/data/casualties/README.md). A found statement matches a gold row of the same article and
kind whose figure (located by its ``evidence``, unique in the article) overlaps the found figure's words.
Scores: precision and recall of statements, overall and per article; of the matched, the share with
low and high exact, with the speaker right (compared by head word) and with the scope right. A ``trap``
row is a figure that must not come out as a casualty: a statement on it fails the evaluation.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.records import Casualty
from kg.ingest.article import Article

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor

GOLD_COLUMNS = ("doc", "kind", "low", "high", "victims", "place", "date", "speaker", "scope", "figure", "evidence")
TRAP = "trap"
_SPEAKER_FILLER = frozenset({"the", "a", "an", "mr", "mr.", "ms", "ms.", "dr", "dr.", "of", "'s", "’s"})


@dataclass(frozen=True, slots=True)
class CasualtyGold:
    doc: str
    kind: str
    low: int | None
    high: int | None
    speaker: str
    scope: str
    figure: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Found:
    """A statement the system reports, located in its article."""

    doc: str
    start: int
    end: int
    statement: Casualty
    sentence: str


@dataclass(slots=True)
class CasualtyEvaluation:
    matched: list[tuple[CasualtyGold, Found]] = field(default_factory=list)
    missed: list[CasualtyGold] = field(default_factory=list)
    false_positives: list[Found] = field(default_factory=list)
    traps: list[tuple[CasualtyGold, Found]] = field(default_factory=list)
    unlocated: list[CasualtyGold] = field(default_factory=list)
    """Gold rows whose evidence or figure is not in the article (an annotation error)."""

    @property
    def precision(self) -> float:
        found = len(self.matched) + len(self.false_positives) + len(self.traps)
        return len(self.matched) / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = len(self.matched) + len(self.missed)
        return len(self.matched) / gold if gold else 1.0

    def share(self, right: Callable[[CasualtyGold, Found], bool]) -> float:
        return sum(1 for g, f in self.matched if right(g, f)) / len(self.matched) if self.matched else 1.0

    @property
    def range_exact(self) -> float:
        return self.share(range_right)

    @property
    def speaker_accuracy(self) -> float:
        return self.share(speaker_right)

    @property
    def scope_accuracy(self) -> float:
        return self.share(lambda g, f: g.scope == f.statement.scope)

    def per_article(self) -> dict[str, tuple[int, int, int]]:
        """Article -> (gold statements, found, matched)."""
        out: dict[str, list[int]] = {}
        for gold, _ in self.matched:
            counts = out.setdefault(gold.doc, [0, 0, 0])
            counts[0] += 1
            counts[1] += 1
            counts[2] += 1
        for gold in self.missed:
            out.setdefault(gold.doc, [0, 0, 0])[0] += 1
        for found in (*self.false_positives, *(f for _, f in self.traps)):
            out.setdefault(found.doc, [0, 0, 0])[1] += 1
        return {doc: (c[0], c[1], c[2]) for doc, c in sorted(out.items())}

    def passes(self, *, min_precision: float = 0.0, min_recall: float = 0.0, min_range_exact: float = 0.0) -> bool:
        return (
            not self.traps
            and self.precision >= min_precision
            and self.recall >= min_recall
            and self.range_exact >= min_range_exact
        )


def is_casualty_gold(path: Path) -> bool:
    """Is ``path`` a casualty gold (its header has the ``figure`` and ``low`` columns)?"""
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip() and not line.startswith("#"):
                    columns = line.rstrip("\n").split("\t")
                    return "figure" in columns and "low" in columns
    except (OSError, UnicodeDecodeError):
        return False  # not a casualty gold: the capture reader says what is wrong with it
    return False


def read_casualty_gold(path: Path) -> list[CasualtyGold]:
    """The rows of a casualty gold TSV; raises ValueError naming the line of a malformed row."""
    text = "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("#")
    )
    rows = []
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = set(GOLD_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"missing columns: {', '.join(sorted(missing))}")
    for number, row in enumerate(reader, 2):
        try:
            rows.append(
                CasualtyGold(
                    doc=row["doc"],
                    kind=row["kind"],
                    low=int(row["low"]) if row["low"] else None,
                    high=int(row["high"]) if row["high"] else None,
                    speaker=row["speaker"] or "",
                    scope=row["scope"] or "",
                    figure=row["figure"],
                    evidence=row["evidence"],
                )
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"row {number}: {exc}") from None
    return rows


def found_in(doc: str, statements: Iterable[Casualty], sentences: Sequence[str]) -> list[Found]:
    """The statements of one article, located, with their sentences."""
    return [Found(doc, s.figure_start, s.figure_end, s, sentences[s.sentence]) for s in statements]


def casualties_from_articles(
    articles: Sequence[Article], extractor: Extractor, *, warn: Callable[[str], None]
) -> tuple[list[Found], dict[str, str]]:
    """The statements ``extractor`` finds in ``articles`` and each article's text, by source name; an
    article the extractor fails on is scored as finding nothing, and ``warn`` told."""
    found: list[Found] = []
    texts: dict[str, str] = {}
    for article, extraction in extractor.extract_each(articles):
        texts[article.source_name] = article.text
        if isinstance(extraction, Exception):
            warn(f"failed {article.source_name}: {type(extraction).__name__}: {extraction}")
            continue
        sentences = [s.text for s in extraction.sentences]
        found += found_in(article.source_name, extraction.casualties, sentences)
    return found, texts


def evaluate_casualties(
    gold: Iterable[CasualtyGold], found: Iterable[Found], texts: dict[str, str]
) -> CasualtyEvaluation:
    """Match found statements to the gold rows of the articles scored (``texts``: key -> text; a gold
    ``doc`` names the article whose key ends with it)."""
    result = CasualtyEvaluation()
    by_doc: dict[str, list[Found]] = {}
    for item in found:
        by_doc.setdefault(item.doc, []).append(item)
    rows_by_key: dict[str, list[CasualtyGold]] = {}
    for row in gold:
        key = _article_key(row.doc, texts)
        if key is not None:
            rows_by_key.setdefault(key, []).append(row)
    for key, rows in rows_by_key.items():
        # named as the gold names the article, so the report counts each article once
        candidates = [dataclasses.replace(f, doc=rows[0].doc) for f in by_doc.pop(key, [])]
        located = []
        for row in rows:
            span = _locate(row, texts[key])
            if span is None:
                result.unlocated.append(row)
            else:
                located.append((row, span))
        for row, (start, end) in sorted(located, key=lambda r: r[0].kind == TRAP):
            hits = [f for f in candidates if f.start < end and start < f.end]
            if row.kind == TRAP:
                for hit in hits:
                    result.traps.append((row, hit))
                    candidates.remove(hit)
                continue
            same_kind = [f for f in hits if f.statement.kind == row.kind]
            if same_kind:
                best = min(same_kind, key=lambda f: abs(f.start - start))
                result.matched.append((row, best))
                candidates.remove(best)
            else:
                result.missed.append(row)
        result.false_positives += candidates
    return result


def range_right(gold: CasualtyGold, found: Found) -> bool:
    return (gold.low, gold.high) == (found.statement.low, found.statement.high)


def speaker_right(gold: CasualtyGold, found: Found) -> bool:
    """Both empty, or the gold speaker's head word (its last content word) among the found speaker's
    words, or the other way round ("Mr. Dujarric" and "Stéphane Dujarric")."""
    said = found.statement.speaker_text or (found.statement.speaker.label if found.statement.speaker else "")
    if not gold.speaker or not said:
        return not gold.speaker and not said
    gold_words, found_words = _words(gold.speaker), _words(said)
    return bool(gold_words and found_words) and (gold_words[-1] in found_words or found_words[-1] in gold_words)


def _words(text: str) -> list[str]:
    return [w for w in text.lower().replace("’s", " ").replace("'s", " ").split() if w not in _SPEAKER_FILLER]


def _article_key(doc: str, texts: dict[str, str]) -> str | None:
    doc = doc.replace("\\", "/")
    matches = [key for key in texts if key.replace("\\", "/").endswith("/" + doc) or key == doc]
    if not matches:
        name = doc.rsplit("/", 1)[-1]
        matches = [key for key in texts if key.replace("\\", "/").rsplit("/", 1)[-1] == name]
    return matches[0] if len(matches) == 1 else None


def _locate(row: CasualtyGold, text: str) -> tuple[int, int] | None:
    """Where the row's figure is in the article: inside its evidence."""
    at = text.find(row.evidence)
    if at < 0 or not row.figure:
        return None
    inner = row.evidence.find(row.figure)
    if inner < 0:
        return None
    return at + inner, at + inner + len(row.figure)


def format_casualty_report(result: CasualtyEvaluation) -> str:
    """A plain-text report: scores, per-article counts, then every error with its sentence."""
    gold = len(result.matched) + len(result.missed)
    found = len(result.matched) + len(result.false_positives) + len(result.traps)
    lines = [
        f"casualty statements: {gold} in the gold, {found} found, {len(result.matched)} correct",
        f"precision {result.precision:.3f}   recall {result.recall:.3f}",
        f"low/high exact: {result.range_exact:.1%}   speaker: {result.speaker_accuracy:.1%}"
        f"   scope: {result.scope_accuracy:.1%}   (of the {len(result.matched)} found)",
        f"traps triggered: {len(result.traps)}",
        "per article (gold/found/correct): "
        + ", ".join(f"{doc.rsplit('/', 1)[-1]} {g}/{f}/{m}" for doc, (g, f, m) in result.per_article().items()),
    ]
    for row in result.unlocated:
        lines.append(f"UNLOCATED {row.doc}  {row.figure!r}: evidence or figure not in the article")
    for row, item in result.traps:
        lines.append(f"TRAP      {row.doc}  {item.statement.kind} {row.figure!r}: {item.sentence}")
    for item in result.false_positives:
        s = item.statement
        lines.append(f"FALSE +   {item.doc}  {s.kind} {s.figure!r} ({s.low}, {s.high}): {item.sentence}")
    for row in result.missed:
        lines.append(f"MISSED    {row.doc}  {row.kind} {row.figure!r}: {row.evidence}")
    for row, item in result.matched:
        s = item.statement
        if not range_right(row, item):
            lines.append(
                f"RANGE     {row.doc}  {row.figure!r}: gold ({row.low}, {row.high}), found ({s.low}, {s.high})"
            )
        if not speaker_right(row, item):
            lines.append(f"SPEAKER   {row.doc}  {row.figure!r}: gold {row.speaker!r}, found {s.speaker_text!r}")
        if row.scope != s.scope:
            lines.append(f"SCOPE     {row.doc}  {row.figure!r}: gold {row.scope}, found {s.scope}")
    return "\n".join(lines) + "\n"
