"""kg's main text of real HTML pages, scored on the public article-extraction benchmark (issue 20):
181 pages with hand-checked article bodies (tests/data/article_benchmark, MIT, Scrapinghub), scored by
bench/article_extraction.py, a port of the benchmark's own evaluate.py (4-gram shingles, per-page
precision and recall averaged). trafilatura's default extraction scores F1 0.953 there; the full
comparison, with timings, is the html section of bench/run.py."""

from __future__ import annotations

import gzip
import json

import pytest

from bench.article_extraction import (
    DATA,
    Scores,
    kg_bodies,
    load_pages,
    metrics_from_tp_fp_fns,
    score,
    string_shingle_matching,
    truth_of,
)

FLOOR = 0.95
"""kg's F1 on the 181 pages may not fall below this (the benchmark's F1, as its evaluate.py computes it)."""
PAGES = 181


def test_the_scoring_port_on_made_up_texts() -> None:
    text = "The Taliban captured Kunduz on Sunday, officials said."
    assert score({"a": text}, {"a": text}) == Scores(1.0, 1.0, 1.0)
    assert string_shingle_matching("one two three four", "five six seven eight") == (0.0, 0.5, 0.5)
    assert score({"a": "five six seven eight"}, {"a": "one two three four"}) == Scores(0.0, 0.0, 0.0)
    # \w+ tokens, case kept: punctuation and spacing do not count, letter case does
    assert string_shingle_matching("One, two; three -- four!", "One two three four") == (1.0, 0.0, 0.0)
    assert string_shingle_matching("one two three four", "One two three four") == (0.0, 0.5, 0.5)
    # by hand: truth 1-2-3-4-5-6 has the shingles 1234 2345 3456, the prediction 1-2-3-4-5 has 1234 2345:
    # TP 2, FP 0, FN 1, divided by their sum 3; precision 1, recall 2/3, F1 2 * (2/3) / (5/3) = 0.8
    truth, pred = "one two three four five six", "one two three four five"
    assert string_shingle_matching(truth, pred) == pytest.approx((2 / 3, 0.0, 1 / 3))
    assert score({"b": pred}, {"b": truth}) == pytest.approx(Scores(0.8, 1.0, 2 / 3))
    # averaged per page, not per shingle: page a perfect, page b as above -> P 1, R 5/6, F1 10/11
    assert score({"a": text, "b": pred}, {"a": text, "b": truth}) == pytest.approx(Scores(10 / 11, 1.0, 5 / 6))
    # a page with nothing predicted counts for recall (0) but not for precision
    assert score({"a": text, "b": ""}, {"a": text, "b": truth}) == pytest.approx(Scores(2 / 3, 1.0, 0.5))
    # fewer tokens than the shingle size: one shorter shingle
    assert string_shingle_matching("Kunduz fell", "Kunduz fell") == (1.0, 0.0, 0.0)
    assert metrics_from_tp_fp_fns([(0.5, 0.5, 0.0), (1.0, 0.0, 0.0)]) == Scores(0.8571428571428571, 0.75, 1.0)
    with pytest.raises(ValueError, match="keys"):
        score({"a": text}, {"a": text, "b": truth})


def test_the_benchmark_data_is_whole() -> None:
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    files = sorted(p.name.removesuffix(".html.gz") for p in (DATA / "html").glob("*.html.gz"))
    assert sorted(truth) == files and len(files) == PAGES
    assert all(set(item) == {"articleBody", "url"} and item["articleBody"].strip() for item in truth.values())
    assert (DATA / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    key = files[0]
    assert gzip.decompress((DATA / "html" / f"{key}.html.gz").read_bytes()).lstrip()[:1] == b"<"


@pytest.mark.slow
def test_kg_main_text_on_the_article_extraction_benchmark() -> None:
    pages = load_pages()
    assert len(pages) == PAGES
    bodies = kg_bodies(pages)
    result = score(bodies.texts, truth_of(pages))
    assert result.f1 >= FLOOR, (
        f"kg's F1 {result.f1:.3f} (precision {result.precision:.3f}, recall {result.recall:.3f}) is under "
        f"{FLOOR}; {bodies.skipped} pages without text"
    )
