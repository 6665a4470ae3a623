"""Write each evaluation article's ``NAME.txt.meta.json`` sidecar (url, title, outlet, publication
date) from the ``SOURCES.tsv`` beside it: ``python tests/data/sidecars.py tests/data/af2021 tests/data/world``."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def write_sidecars(folder: Path) -> int:
    count = 0
    for sources in sorted(folder.rglob("SOURCES.tsv")):
        with sources.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                url = row["url"].split(" ")[0]
                meta = {
                    "url": url,
                    "title": row.get("title") or None,
                    "outlet": (row.get("outlet") or "").split(" (")[0] or None,
                }
                if row.get("published"):
                    meta["published"] = row["published"]
                target = sources.parent / (row["file"] + ".meta.json")
                target.write_text(
                    json.dumps({k: v for k, v in meta.items() if v}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8",
                )
                count += 1
    return count


if __name__ == "__main__":
    print(sum(write_sidecars(Path(arg)) for arg in sys.argv[1:]), "sidecars written")
