"""Check casualty gold TSVs: python3 check.py seeds.tsv dev.tsv test.tsv"""

import sys
from collections import Counter
from pathlib import Path

KINDS = {"killed", "wounded", "captured", "surrendered", "missing", "displaced", "casualties", "trap"}
SCOPES = {"incident", "cumulative", "hypothetical", ""}
COLS = ["doc", "kind", "low", "high", "victims", "place", "date", "speaker", "scope", "figure", "evidence", "notes"]
MAIN = Path(__file__).resolve().parents[3]  # the repository


def text_of(set_name: str, doc: str) -> Path:
    if set_name.startswith("seeds"):
        return MAIN / "seeds" / doc
    return MAIN / "tests" / "data" / doc


def check(path: str) -> int:
    errors = 0
    set_name = Path(path).name
    lines = [l for l in Path(path).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    if header != COLS:
        print(f"{path}: bad header {header}")
        return 1
    kinds, scopes, docs = Counter(), Counter(), Counter()
    for n, line in enumerate(lines[1:], 2):
        f = line.split("\t")
        if len(f) != len(COLS):
            print(f"{path}:{n}: {len(f)} fields")
            errors += 1
            continue
        r = dict(zip(COLS, f))
        p = text_of(set_name, r["doc"])

        def err(msg):
            nonlocal errors
            errors += 1
            print(f"{path}:{n}: {r['doc']}: {msg}")

        if not p.is_file():
            err("no such file")
            continue
        txt = p.read_text(encoding="utf-8")
        c = txt.count(r["evidence"])
        if c != 1:
            err(f"evidence occurs {c} times: {r['evidence']!r}")
        if r["figure"] not in r["evidence"]:
            err(f"figure {r['figure']!r} not in evidence")
        if r["kind"] not in KINDS:
            err(f"bad kind {r['kind']}")
        if r["kind"] != "trap" and r["scope"] not in SCOPES - {""}:
            err(f"bad scope {r['scope']!r}")
        for k in ("low", "high"):
            if r[k] and not r[k].isdigit():
                err(f"{k} not int: {r[k]!r}")
        if r["kind"] != "trap":
            if not r["low"] and not r["high"]:
                err("no low and no high")
            if r["low"].isdigit() and r["high"].isdigit() and int(r["low"]) > int(r["high"]):
                err("low > high")
            if r["date"] and not (len(r["date"]) == 10 and r["date"][4] == "-" and r["date"][7] == "-"):
                err(f"bad date {r['date']}")
        kinds[r["kind"]] += 1
        scopes[r["scope"]] += 1
        docs[r["doc"]] += 1
    print(f"{path}: {len(lines) - 1} rows, {len(docs)} docs, errors={errors}")
    print("  kinds:", dict(kinds))
    print("  scopes:", dict(scopes))
    return errors


if __name__ == "__main__":
    sys.exit(1 if sum(check(p) for p in sys.argv[1:]) else 0)
