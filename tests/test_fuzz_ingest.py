"""A time-boxed fuzz of the HTML/text ingester: random bytes, mutated seed pages and generated tag
soup give an Article with clean fields, or a SkippedInput with a known reason; nothing else.

The example counts are sized for about 30 s in all on a CI runner; ``KG_FUZZ_SCALE`` multiplies
them (``KG_FUZZ_SCALE=50`` for a long local run). Every example must finish within the Hypothesis
deadline, so a hang or a blow-up fails the run instead of stalling it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import SkippedInput
from kg.ingest import Article, read_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_BYTES = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
PAGE = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Kunduz falls | Planet</title>'
    b'<meta property="og:site_name" content="Planet"><link rel="canonical" href="https://planet.example/a">'
    b'<meta property="article:published_time" content="2021-08-09T10:00:00+04:30">'
    b'<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    b'"datePublished": "2021-08-09", "publisher": {"name": "Planet"}}</script></head><body>'
    b'<nav><a href="/">Acas\xc4\x83</a> Cite\xc8\x99te \xc8\x99i</nav><article><h1>Kunduz falls</h1>'
    b"<p>Published: 12 March 2024</p><p>The Taliban captured the northern city of Kunduz on Sunday.</p>"
    b"<p>Fighting raged<br>for days.</p><script>var x = 1;</script></article></body></html>"
)
TOKENS = [
    b"<",
    b">",
    b"</p>",
    b"<p>",
    b"<div>",
    b"</div>",
    b"<script>",
    b"</script>",
    b"<style>",
    b"<noscript>",
    b"<template>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"<?xml encoding='utf-16'?>",
    b"&#0;",
    b"&#xD800;",
    b"&#x1FFFE;",
    b"&#x85;",
    b"&amp;",
    b"&",
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\r",
    b"\x1b",
    b"\xe2\x80\xa8",
    b'<meta charset="utf-16">',
    b'<meta charset="x-bogus">',
    b"<meta charset=utf-7>",
    b'<html lang="ro">',
    b"<html lang='en\"@x'>",
    b"<article>",
    b"<h1>",
    b"</h1>",
    b"<time datetime='x'>",
    b'<script type="application/ld+json">{"@context": "http://127.0.0.1:9/ctx", "@type": "NewsArticle"}',
    b'<script type="application/ld+json">' + b"[" * 5000,
    b'<link rel="canonical" href="https://x/\x01">',
    b"Published: ",
    b"03/04/2024",
    b"12 martie 2024",
    "Citește și".encode(),
    "Lee también".encode(),
    b"Read more:",
    b" | ",
    b"\t" * 50,
    b"<div>" * 500,
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
]
REASONS = {"empty", "binary", "too_large", "too_complex", "encoding", "unsupported", "timeout"}
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff]")
MEDIA_TYPES = st.sampled_from([None, "text/plain", "text/html"])

_SCALE = float(os.environ.get("KG_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * _SCALE)),
        deadline=dt.timedelta(seconds=5),  # generous for a loaded CI runner; a hang or blow-up is far slower
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        print_blob=True,
    )


def _check(data: bytes, media_type: str | None) -> None:
    """Reading ``data`` gives a clean Article or a typed skip; nothing else escapes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            article = read_text(data, key="fuzz", source_name="fuzz", media_type=media_type)
        except SkippedInput as exc:
            assert exc.reason in REASONS, exc
            return
    assert isinstance(article, Article)
    for value in (article.text, article.title, article.outlet, article.url, article.key):
        assert value is None or (not _BAD.search(value) and unicodedata.is_normalized("NFC", value)), value
    assert article.text.strip() and article.text == article.text.strip("\n")
    assert article.url is None or article.url.startswith(("http://", "https://"))
    assert article.lang is None or re.fullmatch("[a-z]{2}", article.lang)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed article or page with tokens inserted, spans deleted or random bytes spliced in."""
    out = bytearray(draw(st.sampled_from([*SEED_BYTES, PAGE])))
    for _ in range(draw(st.integers(1, 20))):
        pos = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["token", "delete", "bytes", "repeat"]))
        if action == "token":
            out[pos:pos] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del out[pos : pos + draw(st.integers(0, 400))]
        elif action == "bytes":
            out[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        else:
            out[pos:pos] = out[pos : pos + draw(st.integers(1, 64))] * draw(st.integers(2, 200))
    return bytes(out)


@st.composite
def tag_soup(draw: st.DrawFn) -> bytes:
    """Generated markup: tokens, words and arbitrary text in any order and nesting."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(TOKENS),
                st.sampled_from([b"Kunduz ", b"the Taliban ", b"said on Sunday. ", b"\n\n", b"<p>", b"</p>"]),
                st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
            ),
            max_size=120,
        )
    )
    return b"".join(parts)


@pytest.mark.threat("D6")
@fuzz(2000)
@given(data=st.binary(max_size=8192), media_type=MEDIA_TYPES)
def test_random_bytes(data: bytes, media_type: str | None) -> None:
    _check(data, media_type)


@pytest.mark.threat("D6", "H7", "H11")
@fuzz(1000)
@given(data=mutated(), media_type=MEDIA_TYPES)
def test_mutated_seed_pages(data: bytes, media_type: str | None) -> None:
    _check(data, media_type)


@pytest.mark.threat("D6", "H5")
@fuzz(1500)
@given(data=tag_soup(), media_type=st.sampled_from(["text/html", None]))
def test_tag_soup(data: bytes, media_type: str | None) -> None:
    _check(data, media_type)
