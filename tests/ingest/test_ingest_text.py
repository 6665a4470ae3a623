"""Sanitising and page-furniture removal on plain text."""

from __future__ import annotations

import random
import time

import pytest

from kg.ingest import read_text
from kg.ingest.chrome import cut_inline_link, is_chrome, strip_chrome
from kg.ingest.sanitize import clean_label, http_url, sanitize

BODY = [
    "Afghan President Ashraf Ghani flew to the besieged northern city of Mazar-i-Sharif on Wednesday to rally "
    "his forces, as Taliban fighters took more than a quarter of the country’s provincial capitals.",
    "The loss of Mazar would be a catastrophic blow to the Kabul government and would represent the total "
    "collapse of its control over the north, long a stronghold of anti-Taliban militias.",
    "Officials said the insurgents had also captured Faizabad overnight, the ninth city to fall since Friday.",
]


def _plain(text: str):
    return read_text(text.encode("utf-8"), key="a.txt", source_name="a.txt", media_type="text/plain")


def test_controls_and_noncharacters_removed() -> None:
    raw = "Kabul\x07 fell\x1b today\x00.\ufffe\uffff\U0001fffe\ufdd0 Tab\tkept\x7f\x85next"
    assert sanitize(raw) == "Kabul fell today. Tab\tkept\nnext"
    assert sanitize("lone \ud800surrogate \udfff") == "lone surrogate "[:-1]


def test_newlines_nfc_and_blank_lines() -> None:
    raw = "\ufeff\n\n  Title line  \r\n\r\n\r\n\r\nCafe\u0301  “quoted” – dash\rsecond\u2028third\n\n\n"
    assert sanitize(raw) == "  Title line\n\nCafé  “quoted” – dash\nsecond\nthird"


def test_controls_in_article_bytes() -> None:
    text = "\n\n".join(BODY)
    data = text.replace("Wednesday", "Wed\x01nes\x0bday\ufffe").encode("utf-8")
    assert _plain(data.decode()).text == text


def test_label_and_url_helpers() -> None:
    assert clean_label("  A <b>bold</b>\n title\x00 ") == "A bold title"
    assert clean_label("<script>alert(1)</script>") is None
    assert clean_label("News <style>p {}</style>today <script>x()") == "News today"
    assert clean_label(42) is None
    assert http_url(" https://example.org/a?b=c ") == "https://example.org/a?b=c"
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//example.org/x",
        "/relative",
        "ftp://x.org/",
        "https://exa mple.org/",
        'https://x.org/"onmouseover=',
        "http://",
        None,
        3,
    ]:
        assert http_url(bad) is None


RO_FRAME = [
    "Acasă",
    "Ultima oră",
    "12°C",
    "Cluj-Napoca",
    "joi, 14 martie 2024",
    "",
    "Taliban fighters take Faizabad as Ghani visits Mazar",
    "",
    BODY[0],
    "",
    "Citește și: Guvernul a adoptat un nou pachet de măsuri",
    "",
    BODY[1],
    "",
    "Publicitate",
    "",
    BODY[2],
    "",
    "Citeste si",
    "Abonează-te la newsletter",
    "Distribuie",
    "Acest site folosește cookie-uri pentru a vă oferi o experiență mai bună. Prin continuarea navigării "
    "sunteți de acord cu utilizarea lor. Accept",
]
ES_FRAME = [
    "Inicio",
    "martes, 12 de marzo de 2024 - 10:15",
    "21 °C",
    "Madrid",
    "",
    "Taliban fighters take Faizabad as Ghani visits Mazar",
    "",
    BODY[0],
    "",
    "Lee también: El Gobierno aprueba nuevas medidas",
    BODY[1],
    "",
    "Leer más",
    "Publicidad",
    BODY[2],
    "Más en Internacional",
    "(in spanish)",
    "Suscríbete a nuestro boletín",
    "Compartir en Facebook",
    "Este sitio web utiliza cookies para mejorar su experiencia. Al navegar acepta su uso. Aceptar",
]


@pytest.mark.parametrize("frame", [RO_FRAME, ES_FRAME], ids=["ro", "es"])
def test_foreign_furniture_around_english(frame: list[str]) -> None:
    article = _plain("\n".join(frame))
    assert article.text == "\n\n".join(["Taliban fighters take Faizabad as Ghani visits Mazar", *BODY])
    assert article.title == "Taliban fighters take Faizabad as Ghani visits Mazar"
    assert article.lang == "en"
    assert article.published is None  # a bare date in the header is when the page was rendered


def test_english_furniture() -> None:
    frame = [
        "Home",
        "Menu",
        "Skip to content",
        "Tuesday, February 27, 2024 10:32 am",
        "London",
        "",
        "Taliban fighters take Faizabad as Ghani visits Mazar",
        "Share this article",
        "Facebook Twitter WhatsApp Email",
        BODY[0],
        "Read more: Taliban seize Kunduz",
        "Read also » Biden defends withdrawal",
        ">> Related: Ghani flees",
        BODY[1],
        "See also",
        "Related articles",
        "Advertisement",
        "Sign up for our daily newsletter",
        BODY[2],
        "Leave a comment",
        "3 Comments",
        "Your email address will not be published. Required fields are marked *",
        "Post a Comment",
        "No comments:",
        "Accept",
        "Accept Read More",
        "Source link",
        "No menu items!",
        "spot_img",
        "Follow us on Twitter",
        "Back to top",
    ]
    article = _plain("\n".join(frame))
    assert article.text == "\n".join(["Taliban fighters take Faizabad as Ghani visits Mazar", *BODY])


def test_body_sentences_that_mention_cues_survive() -> None:
    body = [
        BODY[0],
        "Analysts said they would read more: the figures, they argued, were still incomplete.",
        "More in Kabul were killed on Tuesday than in any attack this year, officials said.",
        "Share prices in Karachi fell sharply after the news, traders said on Wednesday.",
        "Related groups have also been accused of using cookies and consent forms to track users.",
        "Kabul",
        "NERVE AXIS",
        "Fierce fighting",
        "Tuesday, February 27, 2024",
        BODY[1],
    ]
    assert _plain("\n".join(body)).text == "\n".join(body)


def test_inline_read_more_is_cut() -> None:
    line = 'Some parts have been cleared," said a source from the ministry.Read more: Notorious Warlord Returns'
    assert cut_inline_link(line) == 'Some parts have been cleared," said a source from the ministry.'
    assert cut_inline_link("He told us. Read also: Another story here") == "He told us."
    assert cut_inline_link("You can read more: in the report.") == "You can read more: in the report."


@pytest.mark.parametrize(
    "line",
    [
        "6 C",
        "21°C",
        "-3 °C",
        "spot_img",
        "No menu items!",
        ">> Biden says Afghans must fight",
        "related news",
        "More in (in spanish)",
        "Do You Know What we Have Posted on",
        "Leave a Reply",
        "Acasă",
        "Inicio",
        "Lee también",
        "Leer más",
        "Publicidad",
        "Suscríbete",
        "Ultima oră",
        "Publicitate",
        "Abonează-te",
        "Citește și: Ceva",
        "Más en Internacional",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


def test_header_rules_only_apply_in_the_header() -> None:
    lines = [
        "București",
        "vineri, 19 aprilie 2024 - 7:26",
        "Taliban capture Kandahar and Herat as embassies leave",
        BODY[0],
        "București",
        "vineri, 19 aprilie 2024 - 7:26",
    ]
    assert strip_chrome(lines) == lines[2:]


def test_a_megabyte_line_of_junk_is_fast() -> None:
    rng = random.Random(7)
    alphabet = "ab .,:;!?\"'”’»)|-–>Read more also:Citește și 0123456789°C\t"
    junk = "".join(rng.choice(alphabet) for _ in range(2**20))
    started = time.perf_counter()
    strip_chrome([junk, junk[:5000], "Read more:" + junk])
    assert time.perf_counter() - started < 1.0
    started = time.perf_counter()
    _plain(junk)
    assert time.perf_counter() - started < 2.0


def test_hyphenated_cue_words_are_prose() -> None:
    body = [BODY[0], "Related-party deals rose", "More-or-less settled terms", BODY[1]]
    assert _plain("\n".join(body)).text == "\n".join(body)
