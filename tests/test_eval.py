"""`kg eval`: capture extraction against reference annotations, with the targets CI enforces.

The seed annotations are in-sample (the rules were developed against them). The dev set
(tests/data/heldout/dev) was written by someone who had not seen the rules, to measure
generalisation; it has since been used for development too, so its figures are optimistic as well.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _eval(gold: Path, articles: Path, *targets: str):
    return CliRunner().invoke(app, ["eval", str(gold), str(articles), *targets])


def test_seed_targets() -> None:
    result = _eval(DATA / "seed_captures.tsv", ROOT / "seeds", "--min-precision", "0.95", "--min-recall", "0.95", "--min-date-accuracy", "0.9")
    assert result.exit_code == 0, result.stdout
    assert "traps triggered: 0" in result.stdout


def test_dev_set_targets() -> None:
    dev = DATA / "heldout" / "dev"
    result = _eval(dev / "gold.tsv", dev, "--min-precision", "0.93", "--min-recall", "0.95", "--min-date-accuracy", "0.85")
    assert result.exit_code == 0, result.stdout
    assert "traps triggered: 0" in result.stdout


def test_a_trap_fails_the_evaluation(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The Taliban captured Kunduz on Sunday, officials said.\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    gold.write_text("doc\tplace\tplace_kind\tprovince\tactor\tdate\tkind\tevidence\na.txt\tKunduz\tprovincial_capital\tKunduz\tTaliban\t\tnot_capture\tx\n", encoding="utf-8")
    result = _eval(gold, article)
    assert result.exit_code == 1 and "TRAP" in result.stdout
