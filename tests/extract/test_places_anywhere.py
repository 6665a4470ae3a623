"""Places beyond the region packs: world-gazetteer links with reasons, recovered mistypings, and
the gates that keep persons persons. Made-up sentences about real places."""

from __future__ import annotations

from kg.extract.records import Mention
from tests.extract.helpers import captured


def _mentions(extraction, text: str) -> list[Mention]:
    return [m for m in extraction.mentions if m.text == text]


def test_a_place_is_linked_with_its_geonames_iri_coordinates_and_reason(extract) -> None:
    extraction = extract("Militants seized Mosul, Iraq's second-largest city, on Tuesday.\n", published="2014-06-10")
    (mention,) = _mentions(extraction, "Mosul")
    place = mention.entity
    assert place.iri is not None and place.iri.startswith("https://sws.geonames.org/")
    assert place.world is not None and place.country == "IQ"
    assert abs(place.world.lat - 36.34) < 0.25 and abs(place.world.lon - 43.13) < 0.25
    assert mention.method == "world" and mention.reason


def test_an_ambiguous_name_is_read_in_the_articles_country(extract) -> None:
    extraction = extract(
        "Syrian rebels said they had pushed into Hama, the fourth city of Syria, after fighting near Homs.\n",
        published="2014-06-10",
    )
    (mention,) = _mentions(extraction, "Hama")
    assert mention.entity.country == "SY"
    assert "Syria" in (mention.reason or "")


def test_a_province_word_after_a_name_makes_it_the_province(extract) -> None:
    extraction = extract(
        "Rebels took control of most of Idlib province while the army held the city of Aleppo.\n",
        published="2015-05-01",
    )
    kinds = {m.text: m.entity.kind for m in extraction.mentions}
    assert kinds.get("Idlib province") == "Province" or kinds.get("Idlib") == "Province"
    assert kinds.get("Aleppo") == "City"


def test_the_city_of_x_is_a_city_whatever_ner_said(extract) -> None:
    found = captured(
        extract(
            "Houthi fighters captured the city of Marib on Friday, officials in Yemen said.\n", published="2021-02-12"
        )
    )
    places = [p for e in found.values() for p in e.places]
    assert [p.country for p in places] == ["YE"]


def test_a_titled_person_is_never_a_place(extract) -> None:
    extraction = extract("President Aden said the talks in Yemen would resume on Monday.\n", published="2015-01-12")
    assert all(not m.entity.is_place for m in _mentions(extraction, "Aden"))


def test_a_speaker_is_not_a_place(extract) -> None:
    extraction = extract('"We will hold the line," Homs said on Monday in Syria.\n', published="2015-01-12")
    assert all(not m.entity.is_place for m in _mentions(extraction, "Homs"))


def test_an_unknown_small_name_is_not_guessed_across_the_world(extract) -> None:
    extraction = extract("Fighting was reported in Qorvash on Monday.\n", published="2015-01-12")
    assert all(m.entity.iri is None for m in _mentions(extraction, "Qorvash"))


def test_an_article_without_a_date_keeps_weekdays_undated(extract) -> None:
    found = captured(extract("Rebels captured Marib in Yemen on Saturday.\n", published=None))
    assert all(e.time is None for e in found.values())


def test_absolute_dates_keep_their_precision(extract) -> None:
    day = captured(extract("Rebels captured Marib in Yemen on 8 December 2024.\n", published=None))
    month = captured(extract("Rebels captured Marib in Yemen in January 2025.\n", published=None))
    assert [(e.time.value, e.time.precision) for e in day.values()] == [("2024-12-08", "day")]
    assert [(e.time.value, e.time.precision) for e in month.values()] == [("2025-01", "month")]


def test_a_pronoun_subject_continues_the_previous_subject_and_a_province_stays_a_province(extract) -> None:
    text = (
        "Fighting went on in Iraq. Ramadi is the capital of the Anbar Province and one of the largest cities in Iraq. "
        "It was partially conquered by militants when fighting erupted in the Anbar Province.\n"
    )
    extraction = extract(text, published="2015-05-20")
    assert {m.entity.kind for m in extraction.mentions if "Anbar" in m.text} == {"Province"}
    assert {p.label for e in extraction.events if e.kind == "TakeControl" for p in e.places} <= {"Ramadi"}


def test_a_large_city_no_model_tagged_is_linked_in_its_country_and_named_the_same_way_after(extract) -> None:
    text = "Iraqi forces held the line in Iraq. Ramadi was one of the government's last strongholds.\n"
    extraction = extract(text, published="2015-05-20")
    (mention,) = _mentions(extraction, "Ramadi")
    assert mention.entity.kind == "City" and mention.entity.country == "IQ"


def test_a_name_with_an_inner_apostrophe_is_a_name(extract) -> None:
    found = captured(
        extract(
            "The Houthis took Amran in Yemen, leading them to the late capture of Sana'a.\n", published="2014-09-30"
        )
    )
    assert any(p.country == "YE" and p.kind == "City" and p.label == "Sanaa" for e in found.values() for p in e.places)


def test_a_region_pack_place_of_another_country_inside_a_persons_name_is_no_place(extract) -> None:
    text = (
        "Somali forces captured the town of Afmadow in southern Somalia on Thursday.\n"
        "Somali military spokesman Mohamed Farah told reporters that forces surrounded the town for days.\n"
    )
    extraction = extract(text, published="2012-05-31")
    assert not any(m.entity.is_place for m in extraction.mentions if "Farah" in m.text)


def test_the_country_before_town_of_x_is_not_the_town(extract) -> None:
    text = "Rebels advanced in the Central African Republic.\nThe rebels have also taken the western C.A.R. town of Bossangoa.\n"
    found = captured(extract(text, published="2013-03-20"))
    assert set(found) == {"Bossangoa"}


def test_a_country_name_is_the_country_even_where_the_context_expects_a_town(extract) -> None:
    extraction = extract(
        "Officials say they have taken the port of Umm Qasr in southern Iraq.\n", published="2003-03-22"
    )
    assert {m.entity.kind for m in extraction.mentions if m.text == "Iraq"} == {"Country"}  # not Arak, Iran


def test_the_port_of_a_town_is_the_town(extract) -> None:
    extraction = extract(
        "Officials say their troops now control the port of Umm Qasr in southern Iraq.\n", published="2003-03-22"
    )
    assert set(captured(extraction)) == {"Umm Qasr"}


def test_a_title_case_description_is_no_facility_name(extract) -> None:
    extraction = extract(
        "Coalition Forces Capture Major Iraqi Port\n\nThe fighting went on in Iraq.\n", published="2003-03-22"
    )
    assert not [m for m in extraction.mentions if "Major" in m.text]


def test_a_region_packs_spelling_is_not_matched_in_an_article_about_another_country(extract) -> None:
    away = extract("Fighting went on in Gaza. Hamas captured the city of Vellpert on Monday.\n", published="2007-06-12")
    assert not any(m.entity.label == "Vellport" for m in away.mentions)
    near = extract("Fighting went on in Afghanistan. The Vale Front captured the city of Vellpert on Monday.\n")
    assert any(m.entity.label == "Vellport" for m in near.mentions)  # in the pack's own country, the spelling is read
