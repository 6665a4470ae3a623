"""Mutated inputs: only SkippedInput may escape, and every field that comes out is clean."""

from __future__ import annotations

import random
import re
import unicodedata
import warnings
from pathlib import Path

from kg.errors import SkippedInput
from kg.ingest import read_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Kunduz falls | Planet</title>
<meta property="og:site_name" content="Planet"><link rel="canonical" href="https://planet.example/a">
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-08-09"}</script>
</head><body><header><h1>Planet</h1></header><article><h1>Kunduz falls</h1>
<p>Published: 12 March 2024</p><p>The Taliban captured the northern city of Kunduz on Sunday.</p>
<p>Read more: other news</p><p>Fighting raged<br>for days.</p></article></body></html>"""
TOKENS = [
    b"<",
    b">",
    b"</p>",
    b"<p>",
    b"<script>",
    b"</script>",
    b"&#0;",
    b"&#1;",
    b"&#xFFFE;",
    b"&#x1FFFE;",
    b"&#55296;",
    b"&#x85;",
    b"e&#x301;",
    b"\xcc\x81",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xfe\xff",
    b"\r",
    b"\xc3",
    b"Published: ",
    b"03/04/2024",
    b"| 31-02-2024 25:61 +99:99",
    b"Read more:",
    b"<!--",
    b"<?xml encoding='utf-16'?>",
    b'<meta charset="utf-16">',
    b'<meta charset="x-bogus">',
    b'<meta charset="base64">',
    b"<meta charset=utf-7>",
    b'<html lang="ro">',
    b"<h1>",
    b"</h1>",
    b"<article>",
    b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-99-99","publisher":[1,{"name":{}}]}',
    b'<meta property="article:published_time" content="2024-03-12T10:00:00+99:00">',
    b"<time datetime='x'>",
    b'<link rel="canonical" href="https://x.example/\x01">',
    b" | ",
    b"\t" * 20,
]
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff]")


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 25)):
        pos, roll = rng.randint(0, len(out)), rng.random()
        if roll < 0.5:
            out[pos:pos] = rng.choice(TOKENS)
        elif roll < 0.7:
            del out[pos : pos + rng.randint(0, 200)]
        else:
            out[pos:pos] = rng.randbytes(rng.randint(1, 8))
    return bytes(out)


def test_mutated_inputs_never_crash_and_stay_clean() -> None:
    rng = random.Random(2024)
    corpus = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))] + [PAGE]
    read = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(400):
            data = _mutate(rng, rng.choice(corpus))
            try:
                article = read_text(
                    data, key="k", source_name="k", media_type=rng.choice(["text/plain", "text/html", None])
                )
            except SkippedInput:
                continue
            read += 1
            for value in (article.text, article.title, article.outlet, article.url, article.key):
                assert value is None or (not _BAD.search(value) and unicodedata.is_normalized("NFC", value))
            assert article.text.strip() and article.text == article.text.strip("\n")
            assert "\n\n\n" not in article.text
            assert all(line == line.rstrip() for line in article.text.split("\n"))
            assert article.url is None or article.url.startswith(("http://", "https://"))
    assert read > 200
