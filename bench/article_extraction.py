"""Main-text extraction from real HTML pages, scored on the article-extraction benchmark (issue 20).

The data (tests/data/article_benchmark, see its README.md) is the benchmark of Scrapinghub (now Zyte),
https://github.com/scrapinghub/article-extraction-benchmark: 181 real web pages with hand-checked article
bodies. The scoring below is a port of that repository's ``evaluate.py`` (Copyright (c) 2020 Scrapinghub,
MIT licence; the licence text is tests/data/article_benchmark/LICENSE): each page's text and the true
article body are cut into ``\\w+`` tokens, then into 4-token shingles; the shingles' true positives, false
positives and false negatives are counted and normalised per page (so long pages weigh no more than short
ones); precision is the mean over the pages where something was predicted, recall the mean over the pages
with a true body, F1 their harmonic mean (0 where both are 0: evaluate.py would divide by zero). The
benchmark's bootstrap (its ± figures) and its exact-match accuracy are left out.

kg is scored through ``kg.ingest.read_text(..., media_type="text/html")`` (what ``kg build`` does with an
HTML file); the baseline is ``trafilatura.extract`` with its default options (the library as published).

    python bench/article_extraction.py            # or: python -m bench.article_extraction [--spacy]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "article_benchmark"
NGRAM_N = 4

Page = tuple[str, bytes, str]
"""(key, the page's HTML bytes, its true article body)."""
TpFpFn = tuple[float, float, float]


class Scores(NamedTuple):
    f1: float
    precision: float
    recall: float

    def __str__(self) -> str:
        return f"F1 {self.f1:.3f} P {self.precision:.3f} R {self.recall:.3f}"


@dataclass(slots=True)
class Bodies:
    """One extractor's text for every page, and the time it took."""

    name: str
    texts: dict[str, str]
    seconds: float
    dated: int | None = None
    """Pages with a publication date (kg only: ``Article.published is not None``)."""
    skipped: int = 0
    """Pages for which the extractor gave no text (kg: SkippedInput; trafilatura: None)."""


# ---- the benchmark's scoring (evaluate.py, MIT, Scrapinghub) -------------------------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def _ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    tokens = _tokenize(text)
    result = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            result.append(shingle)
    return result


def string_shingle_matching(true: str, pred: str, ngram_n: int = NGRAM_N) -> TpFpFn:
    """TP/FP/FN over the shingles (token n-grams, with their counts) of one page, divided by their sum.
    A text shorter than ``ngram_n`` tokens is one shorter shingle; an empty text has none."""
    true_shingles = Counter(_ngrams(true, ngram_n))
    pred_shingles = Counter(_ngrams(pred, ngram_n))
    tp = fp = fn = 0.0
    for key in set(true_shingles) | set(pred_shingles):
        true_count = true_shingles.get(key, 0)
        pred_count = pred_shingles.get(key, 0)
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    s = tp + fp + fn
    if s > 0:  # normalise so that longer texts do not weigh more
        return tp / s, fp / s, fn / s
    return tp, fp, fn


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_from_tp_fp_fns(tp_fp_fns: Sequence[TpFpFn]) -> Scores:
    precision = statistics.mean([precision_score(tp, fp, fn) for tp, fp, fn in tp_fp_fns if tp + fp > 0])
    recall = statistics.mean([recall_score(tp, fp, fn) for tp, fp, fn in tp_fp_fns if tp + fn > 0])
    # evaluate.py divides by zero here when precision and recall are both 0; that F1 is 0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(f1, precision, recall)


def score(predictions: dict[str, str], truth: dict[str, str]) -> Scores:
    """The benchmark's F1, precision and recall of ``predictions`` (key -> text) against ``truth``
    (key -> true article body); both must have the same keys."""
    if predictions.keys() != truth.keys():
        raise ValueError("prediction keys do not match ground truth")
    return metrics_from_tp_fp_fns([string_shingle_matching(truth[k], predictions[k]) for k in truth])


# ---- the pages and the extractors ---------------------------------------------------------------------


def load_pages(folder: Path = DATA) -> list[Page]:
    """Every page of the benchmark, in ground-truth order: (key, HTML bytes, true article body)."""
    folder = Path(folder)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (key, gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()), item.get("articleBody", ""))
        for key, item in truth.items()
    ]


def truth_of(pages: Sequence[Page]) -> dict[str, str]:
    return {key: body for key, _, body in pages}


def kg_bodies(pages: Sequence[Page]) -> Bodies:
    """kg's text of each page: ``read_text(..., media_type="text/html").text`` ("" when skipped).
    One untimed call first, so lazy set-up is not counted."""
    from kg.errors import SkippedInput
    from kg.ingest import read_text

    def read(key: str, data: bytes):
        try:
            return read_text(data, key=key, source_name=key, media_type="text/html")
        except SkippedInput:
            return None

    if pages:
        read(pages[0][0], pages[0][1])
    texts: dict[str, str] = {}
    dated = skipped = 0
    started = time.perf_counter()
    for key, data, _ in pages:
        article = read(key, data)
        if article is None:
            skipped += 1
            texts[key] = ""
        else:
            texts[key] = article.text
            dated += article.published is not None
    return Bodies("kg", texts, time.perf_counter() - started, dated, skipped)


def trafilatura_bodies(pages: Sequence[Page]) -> Bodies:
    """trafilatura's text of each page: ``trafilatura.extract(html)`` with its default options on the
    bytes decoded as UTF-8 (errors replaced); "" when it returns None. One untimed call first."""
    import trafilatura

    if pages:
        trafilatura.extract(pages[0][1].decode("utf-8", "replace"))
    texts: dict[str, str] = {}
    skipped = 0
    started = time.perf_counter()
    for key, data, _ in pages:
        text = trafilatura.extract(data.decode("utf-8", "replace"))
        skipped += text is None
        texts[key] = text or ""
    return Bodies("trafilatura", texts, time.perf_counter() - started, None, skipped)


def spacy_seconds(texts: Sequence[str]) -> float:
    """Seconds for spaCy's ``nlp.pipe`` (kg's configured model, plain) over ``texts``, after a warm-up."""
    import spacy

    from kg.config import Settings

    nlp = spacy.load(Settings.from_env().model)
    list(nlp.pipe(texts[:2]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the benchmark folder (default: %(default)s)")
    parser.add_argument("--spacy", action="store_true", help="also time spaCy's nlp.pipe on kg's texts")
    args = parser.parse_args(argv)
    pages = load_pages(args.data)
    truth = truth_of(pages)
    kg, traf = kg_bodies(pages), trafilatura_bodies(pages)
    for run in (kg, traf):
        dated = f", {run.dated} with a publication date" if run.dated is not None else ""
        print(
            f"{run.name:<12} {score(run.texts, truth)}  {run.seconds:.1f} s ({run.seconds / len(pages) * 1000:.1f} ms/page), "
            f"{len(pages)} pages, {run.skipped} without text{dated}"
        )
    if args.spacy:
        s = spacy_seconds([t for t in kg.texts.values() if t])
        print(f"spaCy nlp.pipe on kg's texts: {s:.1f} s; kg's HTML reading is {kg.seconds / s:.2f}x that")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
