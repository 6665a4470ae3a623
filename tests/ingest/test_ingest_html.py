"""HTML: main text, metadata, JSON-LD, and hostile markup."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from typing import Any

import pytest

from kg.errors import SkippedInput
from kg.ingest import read_text

P1 = "The Taliban captured the strategic northern city of Kunduz on Sunday, officials said, after days of fighting."
P2 = "Government forces withdrew to the airport, where hundreds of soldiers later surrendered to the insurgents."


def _html(page: str | bytes, **kwargs: Any):
    data = page.encode("utf-8") if isinstance(page, str) else page
    return read_text(data, key="page.html", source_name="page.html", media_type="text/html", **kwargs)


NEWS_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Taliban seize Kunduz | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="og:title" content="Taliban seize Kunduz - Daily Planet">
<meta property="og:url" content="https://planet.example/og-url">
<meta property="article:published_time" content="2021-08-09T10:15:00+04:30">
<link rel="canonical" href="https://planet.example/world/taliban-kunduz">
</head><body class="single has-sidebar">
<header class="site-header"><div class="logo">Daily Planet</div><nav><ul><li>Home</li><li>World</li></ul></nav></header>
<div id="cookie-banner">We use cookies on this site. Accept</div>
<main><article><header><h1>Taliban seize Kunduz</h1></header>
<div class="share-buttons">Share on Facebook</div>
<p>{P1[: P1.index(" city")]}
   {P1[P1.index(" city") + 1 :]}</p>
<p>Fighting raged<br>for days.</p>
<h2>Fierce fighting</h2>
<ul><li>Kunduz</li><li>Sar-e-Pul</li></ul>
<div class="related-posts"><p>Related: other story</p></div>
<p hidden>hidden text</p><p style="display: none">also hidden</p><p aria-hidden="true">aria hidden</p>
<p>{P2}</p>
<div class="comments"><p>Great article!</p></div>
</article></main>
<aside><p>Most read: something else entirely</p></aside><footer class="site-footer">Copyright 2021</footer>
</body></html>"""


def test_news_page() -> None:
    article = _html(NEWS_PAGE)
    # trafilatura's lines become paragraphs; list items keep its "- " marks
    assert article.text == "\n\n".join(
        ["Taliban seize Kunduz", P1, "Fighting raged", "for days.", "Fierce fighting", "- Kunduz", "- Sar-e-Pul", P2]
    )
    assert article.title == "Taliban seize Kunduz"
    assert article.outlet == "Daily Planet"
    assert article.url == article.key == "https://planet.example/world/taliban-kunduz"
    assert article.published is not None
    assert article.published.origin == "htmldate"  # from the meta tag, with its time and offset
    assert article.published.value == dt.datetime(2021, 8, 9, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=4.5)))
    assert article.media_type == "text/html"
    assert article.lang == "en"


def test_stdin_html_is_sniffed() -> None:
    article = read_text(NEWS_PAGE.encode(), key="-", source_name="<stdin>")
    assert article.media_type == "text/html"
    assert article.key == "https://planet.example/world/taliban-kunduz"


def test_stdin_key_without_url() -> None:
    article = read_text(P1.encode(), key="-", source_name="<stdin>")
    assert article.key == f"stdin:{article.sha256}"
    assert article.media_type == "text/plain"


HOSTILE = f"""<html><head>
<title>Kunduz falls <script>alert('TITLE_SCRIPT')</script></title>
<meta property="og:site_name" content="&lt;script&gt;alert('OUTLET_SCRIPT')&lt;/script&gt;Planet">
<meta property="og:url" content="javascript:alert('OGURL')">
<link rel="canonical" href="  javascript:alert('CANONICAL')">
<script>var SCRIPT_SECRET = 1;</script>
<style>body::after {{ content: "STYLE_SECRET"; }}</style>
</head><body onload="BODY_ONLOAD_SECRET()">
<article>
<p>{P1}<script>document.write("INLINE_SCRIPT_SECRET")</script></p>
<p><img src="x" onerror="alert('ONERROR_SECRET')" alt="">{P2}<a href="javascript:alert('HREF_SECRET')">link</a></p>
<noscript>NOSCRIPT_SECRET</noscript><template><p>TEMPLATE_SECRET</p></template>
<svg><text>SVG_SECRET</text><script>SVG_SCRIPT_SECRET</script></svg>
<iframe srcdoc="&lt;p&gt;IFRAME_SECRET&lt;/p&gt;">IFRAME_BODY_SECRET</iframe>
<form><input value="FORM_SECRET"><button>BUTTON_SECRET</button></form>
<canvas>CANVAS_SECRET</canvas><object>OBJECT_SECRET</object>
<!-- COMMENT_SECRET -->
<?php echo "PI_SECRET"; ?>
</article></body></html>"""


def test_no_script_text_reaches_any_field() -> None:
    article = _html(HOSTILE)
    fields = [article.text, article.title or "", article.outlet or "", article.url or "", article.key]
    for field in fields:
        assert "SECRET" not in field and "alert" not in field and "javascript" not in field.lower(), field
    assert article.text == f"{P1}\n\n{P2}link"
    assert article.title == "Kunduz falls"
    assert article.outlet == "Planet"
    assert article.url is None and article.key == "page.html"


def _jsonld_page(data: object, extra_head: str = "", body: str = "") -> str:
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script>{extra_head}</head>'
        f"<body><article>{body or f'<p>{P1}</p><p>{P2}</p>'}</article></body></html>"
    )


def test_jsonld_graph_without_fetching_context(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    data = {
        "@context": "https://schema.org/remote-context-that-must-not-be-fetched.jsonld",
        "@graph": [
            {"@type": "WebPage"},
            {
                "@type": ["ReportageNewsArticle"],
                "datePublished": "2021-08-10T08:00:00Z",
                "publisher": {"@type": "Organization", "name": "Agency News"},
            },
        ],
    }
    article = _html(_jsonld_page(data))
    assert attempts == []
    assert article.published is not None
    assert article.published.origin == "htmldate"
    assert article.published.value == dt.datetime(2021, 8, 10, 8, tzinfo=dt.UTC)
    assert article.outlet == "Agency News"


def test_jsonld_list_of_objects_and_meta_priority() -> None:
    data = [{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "datePublished": "2021-08-10"}]
    assert _html(_jsonld_page(data)).published.value == dt.date(2021, 8, 10)  # type: ignore[union-attr]
    meta = '<meta property="article:published_time" content="2021-08-09">'
    assert _html(_jsonld_page(data, meta)).published.value == dt.date(2021, 8, 9)  # type: ignore[union-attr]


def test_deeply_nested_jsonld_is_ignored() -> None:
    deep = '{"a":' * 10_000 + "1" + "}" * 10_000
    page = f'<html><head><script type="application/ld+json">{deep}</script></head><body><article><p>{P1}</p></article></body></html>'
    started = time.perf_counter()
    article = _html(page)
    assert time.perf_counter() - started < 2.0
    assert article.text == P1 and article.published is None


def test_broken_and_huge_jsonld_are_ignored() -> None:
    for script in [
        '{"@type": "NewsArticle", "datePublished": ',
        "[" * 70 + "]" * 70,
        '"' + "x" * 2**20 + '"',
    ]:
        page = f'<html><head><script type="application/ld+json">{script}</script></head><body><p>{P1}</p></body></html>'
        assert _html(page).published is None


def test_ten_thousand_nested_divs() -> None:
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{P1}</p>" + "</div>" * 10_000 + "</body></html>"
    started = time.perf_counter()
    try:
        _html(page)
    except SkippedInput as exc:  # libxml2 stops at depth 256: nothing readable is left
        assert exc.reason == "empty"
    assert time.perf_counter() - started < 2.0


def test_time_element_inside_article() -> None:
    page = f'<html><body><article><p><time datetime="2021-08-11T15:48">Aug 11</time></p><p>{P1}</p></article></body></html>'
    published = _html(page).published
    assert published is not None and published.origin == "htmldate"
    assert published.value == dt.datetime(2021, 8, 11, 15, 48)


def test_text_dateline_in_html() -> None:
    page = f"<html><body><article><p>Published: 12 March 2024</p><p>{P1}</p></article></body></html>"
    article = _html(page)
    assert article.published is not None and article.published.origin == "dateline"
    assert article.published.value == dt.date(2024, 3, 12)
    assert article.text == P1


def test_html_lang_decides_slash_dates() -> None:
    page = f'<html lang="ro-RO"><body><article><p>Publicat: 03/04/2024</p><p>{P1}</p></article></body></html>'
    assert _html(page).published.value == dt.date(2024, 4, 3)  # type: ignore[union-attr]
    assert _html(page.replace('lang="ro-RO"', 'lang="en"')).published is None


def test_densest_block_without_article_markup() -> None:
    page = (
        "<html><body><div class='top'><p>Short teaser</p></div>"
        f"<div class='content'><p>{P1}</p><p>{P2}</p></div>"
        "<div class='bottom'><p>Copyright</p></div></body></html>"
    )
    text = _html(page).text
    assert f"{P1}\n\n{P2}" in text and "Copyright" not in text


def test_wrapper_with_chrome_class_is_kept() -> None:
    page = f"<html><body><div id='main-with-sidebar'><div class='text'><p>{P1}</p><p>{P2}</p></div></div></body></html>"
    assert _html(page).text == f"{P1}\n\n{P2}"


def test_title_fallbacks_and_headline() -> None:
    page = f"<html><head><title>Kunduz falls to the Taliban</title></head><body><h1>Kunduz falls</h1><div><p>{P1}</p></div></body></html>"
    article = _html(page)
    assert article.title == "Kunduz falls"  # trafilatura prefers the page's <h1> to its <title>
    assert article.text == f"Kunduz falls\n\n{P1}"
    page = f"<html><body><h1>Kunduz falls</h1><article><p>{P1}</p></article></body></html>"
    assert _html(page).title == "Kunduz falls"


def test_relative_canonical_is_ignored() -> None:
    page = f'<html><head><link rel="canonical" href="/world/x"><meta property="og:url" content="https://a.example/x"></head><body><p>{P1}</p></body></html>'
    assert _html(page).url == "https://a.example/x"


def test_headline_inside_the_article_beats_the_logo() -> None:
    page = f"<html><body><div class='top'><h1>The Planet</h1></div><article><h1>Kunduz falls</h1><p>{P1}</p></article></body></html>"
    article = _html(page)
    assert article.title == "Kunduz falls"
    assert article.text == f"Kunduz falls\n\n{P1}"


def test_a_hidden_wrapper_around_the_whole_page_keeps_the_article() -> None:
    """Modal libraries set aria-hidden on the page behind a dialog; a saved page keeps it."""
    page = (
        f'<html><body><div id="root" aria-hidden="true"><article><p>{P1}</p><p>{P2}</p></article></div></body></html>'
    )
    assert _html(page).text == f"{P1}\n\n{P2}"


def test_the_site_name_leaves_the_title() -> None:
    head = '<meta property="og:site_name" content="Daily Planet">'
    for title in ("Kunduz falls | Daily Planet", "Daily Planet: Kunduz falls"):
        page = f"<html><head><title>{title}</title>{head}</head><body><div><p>{P1}</p></div></body></html>"
        assert _html(page).title == "Kunduz falls"


def test_a_host_name_or_twitter_handle_is_no_outlet() -> None:
    page = f'<html><head><meta name="twitter:site" content="@DailyPlanetNews"></head><body><article><p>{P1}</p></article></body></html>'
    assert _html(page).outlet is None
