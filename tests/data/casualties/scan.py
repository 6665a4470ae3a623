"""The TEST selection rule of the casualty gold: count each article's sentences that hold both a number and a
casualty word; the articles with at least three were annotated. Usage, from tests/data:
``python casualties/scan.py 'af2021/test/*.txt' 'world/test/*.txt' | sort -rn``."""

from __future__ import annotations

import glob
import re
import sys

NUMBER = (
    r"(\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|dozen|dozens|hundreds|thousands|scores|several)\b)"
)
CASUALTY = (
    r"(kill|dead|death|died|wound|injur|casualt|captur|surrender|missing|displac|flee|fled|refugee|prisoner|"
    r"hostage|abduct|kidnap|execut|massacr|toll|bodies|lost their lives|shot)"
)


def hits(path: str) -> list[str]:
    """The sentences of the article at ``path`` with a number and a casualty word."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    sentences = re.split(r"(?<=[.!?\"”])\s+|\n+", text)
    return [s.strip() for s in sentences if re.search(NUMBER, s, re.I) and re.search(CASUALTY, s, re.I)]


if __name__ == "__main__":
    for pattern in sys.argv[1:]:
        for path in sorted(glob.glob(pattern)):
            print(len(hits(path)), path)
