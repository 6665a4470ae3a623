"""`kg eval` with a casualty gold: casualty figures against hand annotations of real published texts.

The gold (tests/data/casualties, README there) covers the five seeds, 27 DEV articles and 10 TEST articles
(chosen by a rule fixed before reading them). The rules were tuned on the seeds and DEV only; TEST was run
once at the end. The floors below sit just under the figures measured when they were set (seeds: precision
1.000, recall 1.000, low/high exact 94.1%; DEV: 0.990, 0.920, 98.1%; TEST, once: 0.911, 0.911, 100%) and guard
against regressions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate_casualties import (
    CasualtyGold,
    Found,
    evaluate_casualties,
    is_casualty_gold,
    read_casualty_gold,
    speaker_right,
)
from kg.extract.records import Casualty
from kg.vocab import CasualtyKind, CasualtyScope

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "casualties"


def _articles(gold: Path, base: Path) -> list[str]:
    return sorted({str(base / row.doc) for row in read_casualty_gold(gold)})


def _eval(gold: Path, articles: list[str], *targets: str):
    return CliRunner().invoke(app, ["eval", str(gold), *articles, *targets])


@pytest.mark.parametrize(
    ("name", "base", "precision", "recall", "exact", "traps"),
    [
        ("seeds.tsv", ROOT / "seeds", 0.95, 0.95, 0.9, 0),
        ("dev.tsv", ROOT / "tests" / "data", 0.95, 0.9, 0.95, 0),
        # measured once: 0.911, 0.911, 100%; the four traps are families counted beside their people and
        # returnees "in need" of aid ("40 families (approximately 2,800 people) displaced"), left out by the gold
        ("test.tsv", ROOT / "tests" / "data", 0.9, 0.9, 0.95, 4),
    ],
)
def test_casualty_figures_meet_their_floors(
    name: str, base: Path, precision: float, recall: float, exact: float, traps: int
) -> None:
    gold = GOLD / name
    result = _eval(
        gold,
        _articles(gold, base),
        "--min-precision",
        str(precision),
        "--min-recall",
        str(recall),
        "--min-range-exact",
        str(exact),
    )
    assert f"traps triggered: {traps}\n" in result.stdout, result.stdout
    assert result.exit_code == (1 if traps else 0), result.stdout  # a fired trap fails `kg eval` by design
    # the floors themselves, read off the report (the exit code alone would hide them behind the traps)
    found = re.search(r"precision (\S+)\s+recall (\S+)\nlow/high exact: (\S+)%", result.stdout)
    assert found is not None, result.stdout
    assert float(found[1]) >= precision and float(found[2]) >= recall and float(found[3]) / 100 >= exact


def test_the_gold_is_recognised_and_read() -> None:
    assert is_casualty_gold(GOLD / "dev.tsv")
    assert not is_casualty_gold(ROOT / "tests" / "data" / "af2021" / "dev" / "gold.tsv")
    rows = read_casualty_gold(GOLD / "seeds.tsv")
    assert any(r.kind == "trap" for r in rows) and any(r.low is None and r.high is not None for r in rows)


# ---- the scorer on invented rows -------------------------------------------------------------------

TEXT = "The Vale Front said 12 guards were killed. It seized 40 trucks."


def _found(figure: str, kind: CasualtyKind, low: int | None, high: int | None, speaker: str | None = None) -> Found:
    start = TEXT.index(figure)
    statement = Casualty(
        kind=kind,
        sentence=0,
        figure=figure,
        figure_start=start,
        figure_end=start + len(figure),
        low=low,
        high=high,
        best=low,
        scope=CasualtyScope.INCIDENT,
        trigger="killed",
        speaker_text=speaker,
    )
    return Found("t.txt", start, start + len(figure), statement, TEXT)


def _gold(kind: str, figure: str, evidence: str, low: int | None = None, high: int | None = None) -> CasualtyGold:
    return CasualtyGold("t.txt", kind, low, high, "the Vale Front", "incident", figure, evidence)


def test_a_statement_matches_by_kind_and_figure_overlap() -> None:
    gold = [_gold("killed", "12", "12 guards were killed", 12, 12)]
    result = evaluate_casualties(
        gold, [_found("12 guards", CasualtyKind.KILLED, 12, 12, "Vale Front")], {"t.txt": TEXT}
    )
    assert (len(result.matched), result.precision, result.recall, result.range_exact) == (1, 1.0, 1.0, 1.0)
    assert result.speaker_accuracy == 1.0
    wrong_kind = evaluate_casualties(gold, [_found("12", CasualtyKind.WOUNDED, 12, 12)], {"t.txt": TEXT})
    assert (wrong_kind.matched, len(wrong_kind.missed), len(wrong_kind.false_positives)) == ([], 1, 1)


def test_a_statement_on_a_trap_fails_the_evaluation() -> None:
    gold = [_gold("trap", "40 trucks", "It seized 40 trucks.")]
    result = evaluate_casualties(gold, [_found("40", CasualtyKind.CAPTURED, 40, 40)], {"t.txt": TEXT})
    assert len(result.traps) == 1 and not result.passes()


def test_speakers_compare_by_head_word() -> None:
    found = _found("12", CasualtyKind.KILLED, 12, 12, "Mr. Dujarric")
    assert speaker_right(CasualtyGold("t", "killed", 12, 12, "Stéphane Dujarric", "", "12", ""), found)
    assert not speaker_right(CasualtyGold("t", "killed", 12, 12, "", "", "12", ""), found)


def test_a_gold_row_whose_evidence_is_not_in_the_article_is_reported() -> None:
    result = evaluate_casualties([_gold("killed", "12", "not in the text")], [], {"t.txt": TEXT})
    assert len(result.unlocated) == 1 and result.recall == 1.0


def test_a_casualty_gold_without_articles_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["eval", str(GOLD / "seeds.tsv")])
    assert result.exit_code == 2


def test_the_gold_passes_its_own_checks() -> None:
    """Every row: its article exists, the evidence occurs once in it, the figure is in the evidence, kind and
    scope are allowed, low <= high (tests/data/casualties/check.py)."""
    import subprocess
    import sys

    checked = subprocess.run(
        [sys.executable, "check.py", "seeds.tsv", "dev.tsv", "test.tsv"], cwd=GOLD, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
