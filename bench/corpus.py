"""A SYNTHETIC corpus for benchmarks and fault tests: copies of the seed articles with small
deterministic edits, each labelled as synthetic in its text. Not real reporting."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# (from, to) word swaps; copy i applies the swaps whose bit is set in i (so copies differ).
_SWAPS = (("said", "stated"), ("city", "town"), ("fighters", "militants"), ("Wednesday", "Thursday"))


def variant(text: str, copy: int, seed_name: str) -> str:
    """Copy ``copy`` of a seed: a few word swaps, then a line saying it is synthetic."""
    for bit, (old, new) in enumerate(_SWAPS):
        if copy >> bit & 1:
            text = text.replace(f" {old} ", f" {new} ")
    label = f"(Synthetic variant {copy} of {seed_name}, generated for testing and benchmarks: not a real article.)"
    return f"{text.rstrip()}\n\n{label}\n"


def synthetic_corpus(directory: Path, count: int, *, seeds: Path = SEEDS) -> list[Path]:
    """Write ``count`` synthetic articles into ``directory`` (round-robin over the seeds)."""
    directory.mkdir(parents=True, exist_ok=True)
    originals = sorted(seeds.glob("*.txt"))
    written = []
    for index in range(count):
        seed = originals[index % len(originals)]
        copy = index // len(originals) + 1
        target = directory / f"synthetic_{index:04d}_{seed.stem}.txt"
        target.write_text(variant(seed.read_text(encoding="utf-8"), copy, seed.name), encoding="utf-8")
        written.append(target)
    return written
