"""``kg eval`` with a casualty gold: the articles it names extracted and their casualty figures scored."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli_options import err, error, extractor_for, fail, reader_may_leave
from kg.config import Settings
from kg.errors import KgError


def evaluate_casualties_command(
    gold: Path,
    articles: list[str],
    settings: Settings,
    pack: list[Path] | None,
    floors: tuple[float, float, float],
) -> None:
    """``kg eval`` with a casualty gold: extract the articles given and score their casualty figures."""
    from kg.evaluate import read_articles
    from kg.evaluate_casualties import (
        casualties_from_articles,
        evaluate_casualties,
        format_casualty_report,
        read_casualty_gold,
    )

    try:
        rows = read_casualty_gold(gold)
    except (OSError, ValueError) as exc:
        error(f"cannot read {gold}: {exc}")
        raise typer.Exit(2) from None
    if not articles:
        error("a casualty gold is scored on the articles it names: give them (files or folders) after the gold")
        raise typer.Exit(2)
    try:
        readable = read_articles(articles, max_bytes=settings.max_file_bytes, warn=err.print)
        found, texts = casualties_from_articles(readable, extractor_for(settings, pack), warn=err.print)
    except KgError as exc:
        raise fail(exc) from None
    result = evaluate_casualties(rows, found, texts)
    with reader_may_leave():
        sys.stdout.write(format_casualty_report(result))
        sys.stdout.flush()
    min_precision, min_recall, min_range_exact = floors
    if not result.passes(min_precision=min_precision, min_recall=min_recall, min_range_exact=min_range_exact):
        raise typer.Exit(1)
