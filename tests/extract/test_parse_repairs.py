"""Captures the small model's parse hides: an object it made a second subject, a "which" it made a subject, a
participle with its "by" hung on the clause, what a side "moved on to" take, "the capture by X of Y" with the
"by" on the verb, the towns a copula names, a name cut short or run into the headline's verb. And what is no
capture: the subject of a gapped clause, a part of a city, "anti-X" fighters who are not X, a group with a side,
a list of people lost, the occupier "under the occupation of". Made-up sentences: invented groups, people and
villages; real cities only where the world gazetteer must know them."""

from __future__ import annotations

from tests.extract.helpers import captured


def test_an_object_read_as_a_second_subject_is_taken(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nOn September 22, Northern Security Forces (NSF) recaptured Southmark "
        "Governorate’s Al Qorvale District from the VLF.\n"
    )
    event = captured(extraction)["Al Qorvale District"]
    assert [a.label for a in event.agents] == ["Northern Security Forces"]


def test_the_antecedent_of_a_which_read_as_a_subject_is_taken(extract) -> None:
    extraction = extract(
        "Returns in the north\n\nReturns to Dunmere, which the Vale Front (VLF) recaptured from the army in late "
        "January, increased in April.\n"
    )
    event = captured(extraction)["Dunmere"]
    assert [a.label for a in event.agents] == ["Vale Front"]


def test_towns_described_by_a_participle_with_its_by_are_taken_even_inside_a_plan(extract) -> None:
    extraction = extract(
        "The army's plan\n\nThe army's next objective, he said, would be to retake the towns of Qorvale, "
        "Amberlin and Tosk, seized by Vale Front fighters when they began their revolt in May.\n"
    )
    found = captured(extraction)
    assert {"Qorvale", "Amberlin", "Tosk"} <= set(found)
    assert all(any(a.label == "Vale Front" for a in found[name].agents) for name in ("Qorvale", "Tosk"))


def test_a_plan_to_retake_towns_is_still_no_capture_of_them(extract) -> None:
    extraction = extract(
        "The army's plan\n\nThe army's next objective would be to retake the towns of Qorvale and Amberlin, "
        "which lie near the border.\n"
    )
    assert captured(extraction) == {}


def test_the_capture_by_a_side_of_a_town_with_the_by_on_the_verb(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe defence minister confirmed the capture by the Vale Front of Dunmere, "
        "60 km west of the capital.\n"
    )
    event = captured(extraction)["Dunmere"]
    assert [a.label for a in event.agents] == ["Vale Front"]


def test_the_taken_towns_a_copula_names(extract) -> None:
    extraction = extract(
        "Offensive in the north\n\nThe Vale Front seized three towns on Monday. The three taken towns were "
        "Qorvale, Amberlin, and Tosk; they were taken over without any resistance.\n"
    )
    assert {"Qorvale", "Amberlin", "Tosk"} <= set(captured(extraction))


def test_the_subject_of_a_gapped_clause_is_no_place_taken(extract) -> None:
    extraction = extract(
        "The war in 1975\n\nThe Vale Front occupied Dunmere and KRMA the central south, while the Free Army "
        "mostly occupied the coast.\n"
    )
    assert set(captured(extraction)) == {"Dunmere"}
    assert next(m for m in extraction.mentions if m.text == "KRMA").entity.kind == "Organization"
    extraction = extract("Fighting in the north\n\nThe rebels captured Dunmere and Vellport the next day.\n")
    assert {"Dunmere", "Vellport"} <= set(captured(extraction))


def test_a_part_of_a_city_is_no_capture_of_the_city(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe Vale Front recaptured eastern Vellport on Tuesday after a week of fighting.\n"
    )
    assert "Vellport" not in captured(extraction)
    extraction = extract("Fighting in the north\n\nThe Vale Front took control of central Vellport on Monday.\n")
    assert "Vellport" in captured(extraction)  # the centre is where a city is held from


def test_a_name_the_model_cut_short_is_whole(extract) -> None:
    extraction = extract(
        "The war in 1979\n\nChinese forces ended up capturing Cao Bằng along with other territories in northern "
        "Vietnam.\n"
    )
    assert {name.replace("ằ", "a") for name in captured(extraction)} == {"Cao Bang"}


def test_a_headline_verb_is_no_part_of_a_name(extract) -> None:
    extraction = extract(
        "Officials Say the Northern Cities of Mosul, Kirkuk Have Fallen\n\nU.S.-led forces captured Kirkuk in Iraq.\n"
    )
    kirkuk = next(m for m in extraction.mentions if m.text == "Kirkuk")
    assert kirkuk.entity.kind == "City" and not any("Fallen" in m.text for m in extraction.mentions)
    for headline in ("Vellport Falls to Vale Front", "Rebels Take Vellport, Dunmere Falls"):
        extraction = extract(f"{headline}\n\nThe town was taken on Monday.\n")
        assert "Vellport" in captured(extraction) and not any("Falls" in m.text for m in extraction.mentions)


def test_fighters_against_a_group_are_not_that_group(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe Vale Liberation Front (VLF) held Dunmere for a year. On Tuesday, anti-VLF "
        "militias captured Vellport.\n"
    )
    event = captured(extraction)["Vellport"]
    assert [a.label for a in event.agents] == ["anti-VLF militias"]


def test_a_group_with_a_side_is_no_place_it_lost(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThree towns in Northmark have been taken over by the counter-government group "
        "Dorvan Shal, taking them from a rival group, the pro-government Ahlu Tervan.\n"
    )
    kinds = {m.text: m.entity.kind for m in extraction.mentions}
    assert kinds["Ahlu Tervan"] == "ArmedGroup" and kinds["Dorvan Shal"] == "ArmedGroup"
    assert "Ahlu Tervan" not in captured(extraction)
    extraction = extract(
        "A report\n\nThe leader of an opposition group, Ramon Tavel, said the pro-government Tervan Daily "
        "newspaper had lied.\n"
    )
    kinds = {m.text: m.entity.kind for m in extraction.mentions}
    assert kinds.get("Ramon Tavel") == "Person" and "ArmedGroup" not in kinds.values()


def test_the_loss_of_soldiers_and_fighters_is_no_loss_of_a_place(extract) -> None:
    extraction = extract(
        "A statement\n\nWe grieve for the loss of the heroic soldiers and Korvania who gave their lives in Dunmere.\n"
    )
    assert captured(extraction) == {}
    extraction = extract("Fighting\n\nThe rebels captured 30 soldiers and the town of Dunmere on Monday.\n")
    assert set(captured(extraction)) == {"Dunmere"}


def test_under_the_occupation_of_a_state_it_is_the_occupier(extract) -> None:
    extraction = extract(
        "A hill in the north\n\nUnder the occupation of the Republic of Tervania, the name of the hill was Qorvale.\n"
    )
    assert captured(extraction) == {}
    extraction = extract("Fighting\n\nLife under the occupation of Dunmere by the Vale Front was harsh.\n")
    assert set(captured(extraction)) == {"Dunmere"}


def test_what_a_side_moved_on_to_capture_it_captured(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nAfter the capture of Dunmere, the Vale Front moved on to capture Vellport on "
        "3 March.\n"
    )
    event = captured(extraction)["Vellport"]
    assert [a.label for a in event.agents] == ["Vale Front"] and event.time is not None


def test_aid_entering_a_town_takes_nothing(extract) -> None:
    extraction = extract(
        "Aid in the north\n\nThe port is the primary point of access for humanitarian assistance entering Vellport.\n"
    )
    assert captured(extraction) == {}


def test_a_sides_entry_into_a_town_takes_it(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe departure of President Tarvel and entry of Vale Front forces into Vellport "
        "on 15 August saw the de facto disintegration of the Government.\n",
        published="2021-09-01",
    )
    event = captured(extraction)["Vellport"]
    assert [a.label for a in event.agents] == ["Vale Front"] and event.time is not None
    assert event.time.value == "2021-08-15"


def test_an_entry_of_aid_or_one_prevented_takes_nothing(extract) -> None:
    for text in (
        "The entry of aid convoys into Dunmere resumed on Monday.",
        "The army prevented the entry of Vale Front fighters into Dunmere on Monday.",
        "The entry of Vale Front forces into Vellport was blocked by the army.",
        "Talks on the entry of Vale Front forces into Vellport continued on Monday.",
        "The rebels demanded the entry of their fighters into Vellport.",
        "The army prevented the capture of Dunmere on Monday.",
        "The capture of Dunmere was prevented by the army.",
        "Residents of Vellport fear the city's takeover by the rebels.",
    ):
        assert captured(extract(f"Fighting in the north\n\n{text}\n")) == {}, text


def test_the_citys_takeover_is_the_city_named_before(extract) -> None:
    extraction = extract(
        "Flights resume\n\nThe first flight landed in Vellport on Monday since the city's takeover by the Vale "
        "Front on August 15.\n"
    )
    event = captured(extraction)["Vellport"]
    assert event.time is not None and event.time.value == "2021-08-15"


def test_a_capture_a_later_clause_responds_to_takes_not_its_date(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nIn direct response to the capture of Dunmere, the council passed a resolution "
        "on 23 September.\n",
        published="2021-10-01",
    )
    assert captured(extraction)["Dunmere"].time is None
    extraction = extract(
        "Fighting in the north\n\nThe offensive contributed to the fall of Dunmere on 5 May.\n", published="2021-10-01"
    )
    event = captured(extraction)["Dunmere"]
    assert event.time is not None and event.time.value == "2021-05-05"


def test_the_capital_of_a_region_no_gazetteer_knows_is_not_the_region(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nVale Front officials are claiming control of the capital of the breakaway "
        "region of Tervania, a claim the army denied.\n"
    )
    assert captured(extraction) == {}


def test_the_capital_of_the_province_named_before(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe Vale Front attacked Northmark province on Monday. On Tuesday it seized the "
        "capital of the province.\n"
    )
    assert set(captured(extraction)) == {"Vellport"}


def test_a_headlines_transfer_of_control_read_as_a_noun_is_a_handover(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe Afghan military transfers control of Vellport airfield to the Vale Front.\n"
    )
    event = next(iter(captured(extraction).values()))
    assert event.kind == "Handover" and [a.label for a in event.agents] == ["Vale Front"]
    assert event.time is not None and event.time.value == "2021-08-12"  # a digest's present: the report's day
    extraction = extract(
        "Fighting in the north\n\nThe transfer of control of Dunmere to the Vale Front was completed on Monday.\n"
    )
    assert [a.label for a in captured(extraction)["Dunmere"].agents] == ["Vale Front"]


def test_a_transfer_of_control_between_allies_takes_nothing(extract) -> None:
    extraction = extract(
        "Fighting in the north\n\nThe US military transfers control of Vellport Airfield to the Afghan army.\n"
    )
    assert captured(extraction) == {}
    assert any(e.kind == "Withdrawal" for e in extraction.events)
    extraction = extract(
        "Fighting in the north\n\nThe transfer of control of Dunmere to the army was completed on Monday.\n"
    )
    assert captured(extraction)["Dunmere"].kind == "Handover"  # no giver named: whoever held it handed it over
    extraction = extract(
        "Fighting in the north\n\nThe handover of control of Dunmere to the Vale Front was completed on Monday.\n"
    )
    assert [a.label for a in captured(extraction)["Dunmere"].agents] == ["Vale Front"]
