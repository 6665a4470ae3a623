"""A name the small model took for a person's, read as a place because it is being taken: a capital or a
large city the world gazetteer knows, the subject of "was captured by" a side, the object of "went on to
capture", where a side was driven out of; a fall told after "after" inside a plan; and the province that
holds "key cities of X". Made-up sentences: invented groups, people and villages; real cities only where the
world gazetteer must know them."""

from __future__ import annotations

from tests.extract.helpers import captured


def test_a_large_city_taken_is_that_city_even_where_the_article_names_no_country(extract) -> None:
    extraction = extract(
        "Offensive in the north\n\nThe rebels launched an offensive on Monday to take Vilnius from the army. "
        "After three days of street fighting, the city was captured by rebel forces.\n"
    )
    place = next(p for e in extraction.events for p in e.places if p.label == "Vilnius")
    assert place.kind == "City" and place.country == "LT"
    assert set(captured(extraction)) == {"Vilnius"}


def test_a_city_name_the_article_gives_a_person_stays_a_person(extract) -> None:
    extraction = extract(
        "Offensive in the north\n\nColonel Tampere said the rebels wanted to take Tampere. The rebels then "
        "captured Tampere and his bodyguards.\n"
    )
    assert "Tampere" not in captured(extraction)


def test_a_short_name_captured_by_a_side_is_a_place(extract) -> None:
    extraction = extract("Fighting in Iraq\n\nIn July, Al-Qorvale was captured by Iraqi troops.\n")
    assert set(captured(extraction)) == {"Al-Qorvale"}


def test_a_short_name_captured_by_no_side_is_not_made_a_place(extract) -> None:
    extraction = extract("Fighting in Iraq\n\nIn July, Qorvale Dheyn was captured by a passer-by.\n")
    assert captured(extraction) == {}


def test_what_a_side_went_on_to_capture_it_captured(extract) -> None:
    extraction = extract("Fighting in Iraq\n\nThe army went on to capture Barsolo on 21 September.\n")
    assert set(captured(extraction)) == {"Barsolo"}


def test_where_a_side_was_driven_out_of_is_a_place(extract) -> None:
    extraction = extract(
        "Fighting in Somalia\n\nThe fighting pushed the Islamists out of Qorvale and south into the next "
        "district by Friday.\n"
    )
    assert set(captured(extraction)) == {"Qorvale"}


def test_a_road_regained_after_a_side_was_expelled_is_no_place_driven_out_of(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nThe offensive was a victory for the Kurdish forces, who expelled the militants "
        "from Sinjar and regained control of Highway 47.\n"
    )
    assert set(captured(extraction)) == {"Sinjar"}


def test_a_fall_after_after_is_a_fact_inside_a_plan(extract) -> None:
    extraction = extract(
        "Offensive in the south\n\nThe Finnish general wanted to attack the capital with his own troops after "
        "Tampere had fallen on 6 April.\n"
    )
    assert set(captured(extraction)) == {"Tampere"}


def test_the_province_that_holds_the_key_cities_is_not_taken_with_them(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe army had dislodged the Vale Front from key cities of Northmark including "
        "Vellport and Dunmere.\n"
    )
    assert set(captured(extraction)) == {"Vellport", "Dunmere"}


def test_a_name_an_acronym_captured_is_a_place(extract) -> None:
    extraction = extract(
        "Offensive in the north\n\nDuring the first phase, the KRA passed the border zone and quickly captured "
        "Dong Qorvale in the first battle of the war.\n"
    )
    assert set(captured(extraction)) == {"Dong Qorvale"}


def test_a_name_ending_in_province_is_a_place_whatever_the_model_said(extract) -> None:
    extraction = extract(
        "Offensive in the north\n\nOn Monday the army recaptured Qorvale Dheyn Province from the rebels.\n"
    )
    assert set(captured(extraction)) == {"Qorvale Dheyn Province"}
    assert all(p.kind != "Person" for p in captured(extraction)["Qorvale Dheyn Province"].places)


def test_every_name_after_took_control_of_is_taken_however_the_of_is_parsed(extract) -> None:
    extraction = extract("Fighting in Mali\n\nMalian troops retook Tessit. Rebels took control of Kidal and Gao.\n")
    assert {"Kidal", "Gao"} <= set(captured(extraction))


def test_traffic_forced_from_a_city_drives_no_side_out(extract) -> None:
    extraction = extract(
        "Fighting in the hills\n\nQorvale became a focal point for blocking transport, forcing traffic from "
        "Vellport to Dunmere onto a southern bypass.\n"
    )
    assert captured(extraction) == {}


def test_plans_for_liberating_a_city_take_nothing(extract) -> None:
    extraction = extract(
        "Briefing\n\nThere has been a lot of discussion in recent days about plans for isolating and liberating "
        "Vellport.\n"
    )
    assert captured(extraction) == {}


def test_the_forces_of_a_person_are_no_place_driven_out_of(extract) -> None:
    extraction = extract(
        "Fighting in Mexico\n\nThe battle took place between federal forces and rebel forces of Tomas Qorvale. "
        "After two days the garrison surrendered and the rebels took control of the town.\n"
    )
    assert "Tomas Qorvale" not in captured(extraction)


def test_a_person_captured_by_troops_stays_a_person(extract) -> None:
    extraction = extract("Fighting in Mali\n\nIn June, Tomas Qorvale was captured by French troops near the border.\n")
    assert captured(extraction) == {}


def test_a_state_thrown_out_of_a_league_loses_no_place(extract) -> None:
    extraction = extract("Sanctions\n\nThe federation threw Russia out of the Qorvale Cup on Monday.\n")
    assert captured(extraction) == {}
