"""Lists of towns the parser splits, facilities in coordinated towns, a base named again as "the camp", an
indefinite town named in the next sentence, and a capture after a negated clause of its own. Made-up sentences:
invented groups, people and villages; real towns only where the gazetteer must know them."""

from __future__ import annotations

from kg.extract import place_words
from tests.extract.helpers import captured, captures


def test_every_name_in_a_list_of_towns_taken_is_a_place_however_parsed(extract) -> None:
    extraction = extract(
        "Fighting in Somalia\n\nOther towns the army and its allies have reclaimed since Friday include "
        "Qorvale Dheyn, Wajid, Barsolo Tuk and Hudur.\n"
    )
    assert {"Qorvale Dheyn", "Waajid", "Barsolo Tuk", "Xuddur"} <= set(captured(extraction))


def test_a_plural_place_noun_after_a_list_makes_every_name_a_town(extract) -> None:
    extraction = extract("Fighting in Somalia\n\nOn Monday the army captured Qorvale, Barsolo and Wajid towns.\n")
    assert {"Qorvale", "Barsolo", "Waajid"} <= set(captured(extraction))


def test_a_capitalised_plural_designator_after_a_list_makes_every_name_a_district(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nOn 14 August an NSAG took control of Qorvale and Barsolo District "
        "Administrative Centres.\n"
    )
    assert {"Qorvale", "Barsolo"} <= set(captured(extraction))


def test_names_in_apposition_to_a_plural_town_noun_are_towns(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nThe Vale Front then captured in the region east of Mosul the towns Qorvale, "
        "Barsolo, Tukal and Dheyn.\n"
    )
    assert {"Qorvale", "Barsolo", "Tukal", "Dheyn"} <= set(captured(extraction))


def test_a_capitalised_plural_county_after_a_list_makes_every_name_a_county(extract) -> None:
    extraction = extract(
        "Fighting in South Sudan\n\nThe mission said opposition forces are now controlling Qorvale and Barsolo "
        "Counties.\n"
    )
    assert {"Qorvale", "Barsolo"} <= set(captured(extraction))


def test_a_town_added_with_as_well_as_is_taken_too(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nThe Vale Front captured Vellport on Tuesday, as well as the city of Dunmere, "
        "the capital of Southmark.\n",
        published="2021-08-11",
    )
    assert {"Vellport", "Dunmere"} <= set(captured(extraction))
    assert captured(extraction)["Dunmere"].time.value == "2021-08-10"


def test_a_list_without_a_conjunction_and_a_person_after_a_town_stay_persons(extract) -> None:
    extraction = extract("Fighting in Somalia\n\nIn Baidoa, Qorvale Dheyn said the army had retaken Wajid.\n")
    assert set(captured(extraction)) == {"Waajid"}
    (speaker,) = [m for m in extraction.mentions if m.text == "Qorvale Dheyn"]
    assert speaker.entity.kind == "Person"


def test_a_plural_facility_in_two_towns_is_one_facility_in_each(extract) -> None:
    airports = extract("Fighting in Yemen\n\nThe rebels captured airports in the provinces of Marib and Shabwah.\n")
    assert {"Ma'rib airport", "Shabwah airport"} <= set(captured(airports))
    bases = extract("Fighting in Yemen\n\nOn Friday the rebels took over two army bases in Ash Shihr and Qorvale.\n")
    assert {"Ash Shihr army base", "Qorvale army base"} <= set(captured(bases))


def test_the_camp_after_a_named_base_in_the_same_sentence_is_that_base(extract) -> None:
    extraction = extract(
        "Fighting in Sri Lanka\n\nRebel units stormed into the Qorvale military base at dawn and overran the "
        "well-fortified camp after hours of fighting.\n"
    )
    assert set(captured(extraction)) == {"Qorvale military base"}


def test_an_indefinite_town_is_the_town_the_next_sentence_names(extract) -> None:
    extraction = extract(
        "Fighting in Syria\n\nActivists say rebels have captured a northern town near the border. "
        "The rebels seized the last army post in the town of Harem on Tuesday.\n"
    )
    harem = captured(extraction)["Harem"]
    assert harem.evidence == (harem.sentence + 1,)  # the sentence that names the town backs the event too
    unnamed = extract(
        "Fighting in Syria\n\nActivists say rebels have captured a northern town near the border. "
        "Fighting went on in Idlib on Tuesday.\n"
    )
    assert "Idlib" not in captured(unnamed)


def test_a_capture_after_but_is_not_negated_by_the_clause_before(extract) -> None:
    extraction = extract(
        "Fighting in Somalia\n\nIt is not clear why the army left the area, but this comes hours after "
        "fighters of the Qorvale Front overran a military base in Baidoa.\n"
    )
    assert "Baidoa military base" in captured(extraction)
    denied = extract("Fighting in Somalia\n\nThe fighters did not overrun the military base in Baidoa.\n")
    assert captured(denied) == {}


def test_a_name_taken_back_before_a_missing_comma_is_the_object(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nIraqi forces have succeeded in taking back Mosul International Airport said the "
        "commander of the coalition.\n"
    )
    assert "Mosul International Airport" in captured(extraction)


def test_rebels_described_by_a_clause_the_parser_split_off_are_the_captors(extract) -> None:
    extraction = extract(
        "Fighting in Haiti\n\nRebels bent on wrestling control of Haiti from President Arlo Vane overran Cap Haitien, "
        "taking the airport.\n"
    )
    assert [a.label for a in captured(extraction)["Cap-Haitien"].agents] == ["rebels"]


def test_a_participle_takes_the_subject_of_the_clause_above_a_subject_that_is_no_actor(extract) -> None:
    extraction = extract(
        "Fighting in Eritrea\n\nEthiopian troops are making progress moving east along the border, taking the "
        "town of Barentu.\n"
    )
    (agent,) = captured(extraction)["Barentu"].agents
    assert agent.country == "ET"


def test_a_town_returned_to_a_sides_control_changed_hands_but_people_returning_to_it_did_not(extract) -> None:
    verb = extract("Fighting in Russia\n\nThe town of Gudermes returned to federal control on Friday.\n")
    noun = extract("Fighting in Russia\n\nOfficials hailed the return to federal control of the city, Gudermes.\n")
    assert "Gudermes" in captured(verb) and "Gudermes" in captured(noun)
    people = extract("Fighting in Russia\n\nRefugees returned to Gudermes after the battle.\n")
    assert captured(people) == {}


def test_a_facility_listed_after_a_date_is_taken_with_the_city(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nThe Taliban overran most of Kandahar on 12 August 2021, including the "
        "Sarposa prison, which held hundreds of inmates.\n"
    )
    assert "Sarposa prison" in captured(extraction)


def test_a_town_after_a_list_of_provinces_takes_the_date_that_follows_it(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nThe Taliban made rapid advances taking control of Kandahar, Uruzgan and Zabul "
        "provinces, and ultimately Kabul on 15 August.\n",
        published="2021-08-20",
    )
    kabul = captured(extraction)["Kabul"]
    assert kabul.time is not None and kabul.time.value == "2021-08-15"
    assert captured(extraction)["Zabul"].time is None


def test_seized_control_read_as_a_modifier_of_control_is_still_a_capture_with_its_date(extract) -> None:
    extraction = extract(
        "Battle of Ajdabiya\n\nOn 26 March 2011, Libyan rebels, backed by extensive allied air raids, seized control "
        "of the frontline oil town of Ajdabiya.\n"
    )
    event = captured(extraction)["Ajdabiya"]
    assert event.time is not None and event.time.value == "2011-03-26"


def test_a_sentences_opening_date_does_not_date_what_was_done_before_it(extract) -> None:
    extraction = extract(
        "Battle of Bangui\n\nOn 18 March 2013, the rebels, having taken over Gambo and Bangassou, threatened to take "
        "up arms again.\n"
    )
    assert captured(extraction)["Gambo"].time is None


def test_a_bridge_one_of_the_towns_bridges_is_taken_not_the_town(extract) -> None:
    entry = extract(
        "Fighting in the north\n\nThe Varn bridge, one of five bridges in Vellport, was captured by government "
        "forces, providing a foothold for the retaking of the city.\n"
    )
    taken = captured(entry)
    assert list(taken) == ["Varn bridge"]  # not "Vellport bridges", nor Vellport: "a foothold for" retaking it
    assert taken["Varn bridge"].places[0].kind == "Facility"


def test_a_victory_over_an_armed_group_in_a_town_takes_the_town(extract) -> None:
    won = extract(
        "Fighting in the north\n\nThe envoy congratulated the army and the people for their victory over the "
        "Vale Front in Vellport.\n"
    )
    assert "Vellport" in captured(won)
    election = extract(
        "Fighting in the north\n\nThe envoy congratulated the party for its victory over its rivals in Vellport.\n"
    )
    assert not captured(election)  # the vanquished are no armed side


def test_a_headlines_verb_and_object_are_no_facilitys_name(extract) -> None:
    extraction = extract(
        "Al-Varna Seizes Major Airport, Oil Terminal in the North\n\nThe militants took the airport on Friday.\n"
    )
    assert not any("Seize" in m.entity.label for m in extraction.mentions)


def test_a_provincial_capital_after_a_town_in_its_province_is_where_the_town_lies(extract) -> None:
    found = captured(
        extract(
            "Fighting in Afghanistan\n\n- The Taliban captures the border town of Islam Qala, Herat, Afghanistan's "
            "biggest border crossing with Iran.\n",
            published="2021-07-09",
        )
    )
    assert "Islam Qala" in found and "Herat" not in found
    for names in ("Islam Qala, Herat and Kandahar", "Islam Qala, Herat, Kandahar and Lashkar Gah"):
        listed = captured(extract(f"Fighting in Afghanistan\n\nThe Taliban captured {names}.\n"))
        assert {"Islam Qala", "Herat", "Kandahar"} <= set(listed)


def test_a_list_of_towns_read_as_an_apposition_falls_whole(extract) -> None:
    text = "Fighting in Italy\n\nThe defenders collapsed. Then Verona, Dunmere, Modena, Ferrara, and Siena fell to the rebels.\n"
    assert {"Verona", "Dunmere", "Modena", "Ferrara", "Siena"} <= set(captured(extract(text)))


def test_control_a_side_announces_it_has_is_taken(extract) -> None:
    text = (
        "Fighting in Syria\n\nOn 3 March, the rebels announced that they have full control over Zendabar city as "
        "well as the nearby towns of Halmet and Korvessa.\n"
    )
    assert {"Zendabar", "Halmet", "Korvessa"} <= set(captured(extract(text)))
    held = "Fighting in Syria\n\nThe rebels have full control over Vellport, residents said.\n"
    assert not captured(extract(held))


def test_a_town_cleared_of_a_groups_fighters_is_named_without_them(extract) -> None:
    text = (
        "Fighting in Iraq\n\nIraqi security forces and tribal fighters have cleared the Iraqi city of Qaim of "
        "Islamic State of Iraq and the Levant terrorists, retaking the city police station.\n"
    )
    assert "Al Qa'im" in captured(extract(text))  # the GeoNames name of the town


def test_control_a_side_claims_it_has_is_held_not_taken(extract) -> None:
    text = (
        "Fighting in Syria\n\nThe government claims it has full control of Zendabar, but rebels hold the outskirts.\n"
    )
    assert not captured(extract(text))


def test_an_oil_field_is_a_facility_and_a_field_alone_is_not(extract, pack_extractor) -> None:
    field = extract("Fighting in the north\n\nThe rebels seized the Dunmere oil fields on Monday.\n")
    assert [(p.label, p.kind) for e in captures(field) for p in e.places] == [("Dunmere oil field", "Facility")]
    oilfield = extract("Fighting in the north\n\nGovernment troops seized the Vellport oilfield on Monday.\n")
    assert [p.label for e in captures(oilfield) for p in e.places] == ["Vellport oilfield"]
    (field_alone,) = [t for t in pack_extractor.nlp("Farmers left the field.") if t.lower_ == "field"]
    assert place_words.facility_noun(field_alone) is None


def test_facilities_in_a_town_named_with_city_after_it_are_that_towns(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nThe Vale Front claimed to have captured the police headquarters and the "
        "prison in Vellport city.\n"
    )
    assert {"Vellport police headquarters", "Vellport prison"} <= set(captured(extraction))
