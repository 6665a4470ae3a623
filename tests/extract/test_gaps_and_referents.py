"""A second object with its own date ("retook A on Sunday and B on Friday"), "the city of X, which fell",
"the locations include ..." after a capture of plural places, takers named by "authorities", by "operations
by X" and by "X says it retook", unnamed armed groups, and "routed the militants in X". Made-up sentences:
invented groups and villages; real countries and towns only where the gazetteer must know them."""

from __future__ import annotations

from tests.extract.helpers import captured, captures


def test_a_second_object_hung_on_the_first_ones_date_is_taken_on_its_own_date(extract) -> None:
    extraction = extract("Fighting in Somalia\n\nThe army recaptured Qorvale on Sunday and Barsolo on Tuesday.\n")
    taken = captured(extraction)
    assert {"Qorvale", "Barsolo"} <= set(taken)
    assert taken["Qorvale"].time.value == "2021-08-08"  # the Sunday before the Thursday of publication
    assert taken["Barsolo"].time.value == "2021-08-10"
    attacked = extract("Fighting in Somalia\n\nThe rebels attacked Qorvale on Sunday and Barsolo on Tuesday.\n")
    assert not captured(attacked)


def test_the_city_of_x_which_fell_is_x(extract) -> None:
    extraction = extract(
        "Fighting in Ivory Coast\n\nThe village lies south of the strategic city of Bouake, which fell to the "
        "rebels early Thursday after two days of fighting.\n"
    )
    assert "Bouake" in captured(extraction)


def test_the_locations_listed_after_a_capture_of_plural_places_were_taken(extract) -> None:
    extraction = extract(
        "Withdrawal in Somalia\n\nSince July, non-state armed groups have taken control of eight locations in "
        "Bakool region of Somalia. The takeover has exposed civilians to risks. The locations include Qorvale "
        "Dheyn, Barsolo Tuk and Wajid.\n"
    )
    taken = captured(extraction)
    assert {"Qorvale Dheyn", "Barsolo Tuk", "Waajid"} <= set(taken)
    assert [a.label for a in taken["Barsolo Tuk"].agents] == ["non-state armed groups"]
    visited = extract(
        "Aid in Somalia\n\nAid workers visited eight locations in Bakool region of Somalia. The locations "
        "include Qorvale Dheyn, Barsolo Tuk and Wajid.\n"
    )
    assert not captured(visited)


def test_authorities_and_a_government_that_says_it_retook_a_town_are_that_states_forces(extract) -> None:
    authorities = extract("Fighting in Chad\n\nOn Sunday, Chadian authorities retook control of the town of Qorvale.\n")
    assert [a.label for a in captured(authorities)["Qorvale"].agents] == ["Chad armed forces"]
    says = extract(
        "Chad Forces Retake Villages From Rebels\n\nRebel forces attacked two villages on Sunday. The Chadian "
        "government says it retook control of Qorvale soon after.\n"
    )
    assert [a.label for a in captured(says)["Qorvale"].agents] == ["Chad armed forces"]


def test_operations_by_a_side_that_resulted_in_a_retaking_name_the_taker(extract) -> None:
    extraction = extract(
        "Fighting in Mozambique\n\nJoint operations by the Mozambican army resulted in the retaking of "
        "Qorvale town in Cabo Delgado.\n"
    )
    assert [a.label for a in captured(extraction)["Qorvale"].agents] == ["Mozambique armed forces"]


def test_routing_a_side_in_a_place_takes_the_place(extract) -> None:
    routed = extract(
        "Fighting in Iraq\n\nIraqi forces have routed the militants in the villages of Qorvale and Barsolo.\n"
    )
    assert {"Qorvale", "Barsolo"} <= set(captured(routed))
    assert [a.label for a in captured(routed)["Qorvale"].agents] == ["Iraq armed forces"]
    repelled = extract("Fighting in Iraq\n\nIraqi forces routed the attack in the village of Qorvale.\n")
    assert not captured(repelled)


def test_a_place_name_the_model_cuts_short_is_read_whole_when_the_gazetteer_knows_it(extract) -> None:
    last_word = extract("Fighting in Bosnia\n\nThe 5th Corps resumed its advance and captured Sanski Most on Sunday.\n")
    assert "Sanski Most" in captured(last_word)
    first_word = extract(
        "Fighting in Chad\n\nThe Chadian government says it retook control of Goz Beida and another nearby "
        "village soon after.\n"
    )
    assert "Goz Beida" in captured(first_word)
    person = extract("Fighting in Somalia\n\nSpokesman Mohamed Farah said the army had retaken Wajid on Sunday.\n")
    assert set(captured(person)) == {"Waajid"}


def test_forces_aligned_with_a_government_are_that_states_forces(extract) -> None:
    extraction = extract(
        "Fighting in Libya\n\nThe takeover of Tarhuna by forces aligned with the Government of National Accord "
        "displaced thousands.\n"
    )
    assert [a.label for a in captured(extraction)["Tarhuna"].agents] == ["Libya armed forces"]


def test_the_vacated_areas_are_the_places_a_side_withdrew_from_just_before(extract) -> None:
    extraction = extract(
        "Fighting in Yemen\n\nGovernment forces withdrew from Ad Durayhimi and Bayt Al Faqih districts on "
        "Friday. Qorvalist forces took control of the vacated areas.\n"
    )
    taken = captured(extraction)
    assert {"Ad Durayhimi", "Bayt al Faqih"} <= set(taken)  # "Ad" belongs to the name
    assert [a.kind for a in taken["Ad Durayhimi"].agents] == ["ArmedGroup"]
    unrelated = extract(
        "Fighting in Yemen\n\nAid workers visited Ad Durayhimi and Bayt Al Faqih districts on Friday. Qorvalist "
        "forces took control of the vacated areas.\n"
    )
    assert not captured(unrelated)


def test_a_bare_participle_after_an_apposition_describes_the_name_before_it(extract) -> None:
    extraction = extract(
        "Fighting in Russia\n\nThe official said repairs will begin in Gudermes, Chechnya's second-largest city, "
        "seized more than a week ago.\n"
    )
    assert set(captured(extraction)) == {"Gudermes"}  # not the region that owns the description
    assert captured(extraction)["Gudermes"].agents == ()  # a passive participle names no taker without "by"


def test_a_site_named_like_an_organisation_is_a_facility(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nIraqi forces regained full control of the Qorvale Oil Refinery after clearing the "
        "massive facility of fighters.\n"
    )
    assert captured(extraction)["Qorvale Oil Refinery"].places[0].kind == "Facility"


def test_a_named_town_cleared_or_secured_in_the_passive_was_taken(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nToward the west, the town of Rutba has been secured. The town of Qorvale has also "
        "been cleared. The main road has been cleared of mines.\n"
    )
    assert set(captured(extraction)) == {"Ar Rutbah", "Qorvale"}


def test_people_of_a_nation_liberated_are_no_place(extract) -> None:
    extraction = extract(
        'Fighting in Iraq\n\n"More than six million Iraqis and Syrians have been liberated from the grip of the '
        'group," the spokesman said.\n'
    )
    assert not captured(extraction)


def test_a_name_the_article_calls_a_town_stays_a_town_where_the_model_reads_a_person(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nIraqi forces had reclaimed the town of Al Qorvadi from the militants. Airstrikes hit "
        "positions around Al Qorvadi before the assault, and Al Qorvadi residents fled.\n"
    )
    assert "Al Qorvadi" in captured(extraction)
    assert all(m.entity.kind != "Person" for m in extraction.mentions if m.text == "Al Qorvadi")


def test_the_area_named_in_apposition_and_victory_over_a_side_in_a_city(extract) -> None:
    area = extract(
        "Fighting in Somalia\n\nThe mission said it captured the area, the village of Qorvale, from the militants.\n"
    )
    assert "Qorvale" in captured(area)
    victory = extract("Fighting in Iraq\n\nThe prime minister has formally declared victory over the group in Mosul.\n")
    assert "Mosul" in captured(victory)


def test_a_historical_capture_is_not_merged_into_the_news_and_the_praised_side_is_the_taker(extract) -> None:
    extraction = extract(
        "Fighting in Syria\n\nThe minister congratulated the Syrian people and the Syrian Democratic Forces for "
        "liberating Raqqa. Raqqa is a city in northern Syria on the Euphrates River. The group captured it in 2014 "
        "and turned its main square into a place of executions.\n"
    )
    raqqa = {e.time.value if e.time else "": e for e in captures(extraction) if e.places[0].label == "Ar Raqqah"}
    assert set(raqqa) == {"", "2014"}  # the liberation and the capture by the group, two events
    assert [a.label for a in raqqa[""].agents] == ["Syrian Democratic Forces"]  # not the minister
    assert "Euphrates River" not in captured(extraction)  # "it" is the city the sentence before is about


def test_an_nsag_is_an_unnamed_armed_group_and_now_having_control_is_a_capture(extract) -> None:
    extraction = extract(
        "Fighting in Sudan\n\nFighting escalated with an NSAG taking control of the town of Qorvale. The army has "
        "reported that it now has control of Barsolo town. The rebels already have control of the port in "
        "Wajid.\n"
    )
    taken = captured(extraction)
    assert {"Qorvale", "Barsolo"} <= set(taken) and "Wajid" not in taken  # "already": held before
    assert [a.kind for a in taken["Qorvale"].agents] == ["ArmedGroup"]


def test_a_place_which_had_been_occupied_and_a_province_in_apposition_to_a_town(extract) -> None:
    occupied = extract(
        "Fighting in Sudan\n\nRefugees lived for weeks in the bushes in Qorvale, which had been occupied by armed "
        "groups, before the journey.\n"
    )
    assert [a.label for a in captured(occupied)["Qorvale"].agents] == ["armed groups"]
    located = extract(
        "Fighting in Sudan\n\nThe rebels have taken full control of the town of Qorvale, South Darfur, from the "
        "government.\n"
    )
    assert set(captured(located)) == {"Qorvale"}  # the province only says where the town is


def test_guards_an_english_word_before_a_name_a_civil_clearing_and_authorities_seizing_goods(extract) -> None:
    as_fell = extract("Fighting in Iraq\n\nAs Mosul fell to the militants, residents fled south.\n")
    assert set(captured(as_fell)) == {"Mosul"}
    debris = extract(
        "Floods in Nigeria\n\nThe town of Qorvale was cleared of debris after the floods. The town of Barsolo has "
        "been cleared for reconstruction, and the town of Wajid was cleared by health officials.\n"
    )
    assert not captured(debris)
    drugs = extract("Crime in Kenya\n\nKenyan authorities seized 200 kilograms of heroin in Mombasa on Sunday.\n")
    assert all(m.entity.kind != "MilitaryForce" for m in drugs.mentions)


def test_an_nsag_is_never_the_group_an_article_names_and_a_continent_is_no_town(extract) -> None:
    extraction = extract(
        "Fighting in Africa\n\nThe Qorvale Liberation Front attacked the army on Monday. The Qorvale Liberation "
        "Front shelled Barsolo. Separately, an NSAG took control of the town of Wajid.\n"
    )
    assert [a.label for a in captured(extraction)["Waajid"].agents] == ["non-state armed group"]
    assert all(m.entity.kind != "City" for m in extraction.mentions if m.text == "Africa")


def test_neighbourhoods_named_together_are_each_taken_by_a_side_that_pushed_in(extract) -> None:
    pushed = captured(
        extract(
            "Fighting in the north\n\nThe Vale Front has pushed further into the heart of Vellport, seizing control "
            "of the Old Zembar and Qorvali neighborhoods in the centre of the city.\n"
        )
    )
    assert {"Old Zembar", "Qorvali"} <= set(pushed)
    assert all(pushed[name].places[0].kind == "District" for name in ("Old Zembar", "Qorvali"))
    aim = extract("Fighting in the north\n\nThe Vale Front pushed to seize control of the Old Zembar neighborhood.\n")
    assert not captured(aim)  # an aim, not a result


def test_it_is_the_town_not_the_province_in_parentheses_nor_where_reporters_were_told(extract) -> None:
    located = captured(
        extract(
            "Fighting in the north\n\nCivilians were killed in the town of Zendabar (Northmark Province) before it was "
            "retaken by government forces on 21 October.\n"
        )
    )
    assert list(located) == ["Zendabar"]
    briefed = captured(
        extract(
            "Fighting in the north\n\nThe situation inside the town of Zendabar was calm, a spokeswoman told "
            "reporters in Vellport, days after it was briefly occupied by rebel forces and then re-taken by "
            "government troops.\n"
        )
    )
    assert list(briefed) == ["Zendabar"]


def test_a_side_thrown_out_of_their_town_lost_the_town_the_residents_live_in(extract) -> None:
    thrown = extract(
        "Fighting in the north\n\nResidents of Dunmere celebrated after the Vale Front was thrown out of their town.\n"
    )
    assert list(captured(thrown)) == ["Dunmere"]
    people = extract("Fighting in the north\n\nThe army forced thousands of people from the region.\n")
    assert not captured(people)


def test_a_side_that_moved_into_the_town_after_the_other_moved_out_took_it(extract) -> None:
    moved = extract(
        "Fighting in the north\n\nThe same happened in Dunmere, where government forces moved into the town on "
        "Tuesday after the Vale Front moved out.\n"
    )
    assert list(captured(moved)) == ["Dunmere"]
    visit = extract("Fighting in the north\n\nAid workers moved into the town of Dunmere on Tuesday.\n")
    assert not captured(visit)


def test_the_provincial_capital_in_an_article_about_a_province_is_its_capital(extract) -> None:
    article = extract(
        "Northmark Province\n\nNorthmark is one of the provinces of the country. Farming is its main trade. The "
        "roads are poor. Many people have left.\n\nOn 8 August 2021, the Vale Front regained control of the "
        "provincial capital.\n",
        published=None,
    )
    assert captured(article)["Vellport"].time.value == "2021-08-08"


def test_moving_in_after_residents_moved_out_is_no_capture(extract) -> None:
    flood = extract(
        "Fighting in the north\n\nThe same happened in Dunmere, where soldiers moved into the town on Tuesday after "
        "residents moved out ahead of the flood.\n"
    )
    assert not captured(flood)
    village = extract(
        "Fighting in the north\n\nAfter the army retook Vellport, families hoped to return to their village.\n"
    )
    assert [m.text for m in village.mentions if m.text == "their village"] == []


def test_the_first_town_a_side_captured_after_entering_a_district_is_the_town(extract) -> None:
    found = captured(
        extract(
            "Fighting in Pakistan\n\nQorvale was the first town that Vale Front militants had captured after "
            "entering the Barsolo district, officials said.\n"
        )
    )
    assert "Qorvale" in found
    assert "Barsolo" not in found  # entering a district on the way is no capture of it


def test_a_town_a_side_returned_to_is_the_town_it_then_recaptured(extract) -> None:
    found = captured(
        extract("Fighting in Libya\n\nOn 27 March 2011, rebels returned to Bin Jawad and recaptured the town.\n")
    )
    assert "Bin Jawwad" in found


def test_the_town_which_a_side_took_is_the_town_named_before(extract) -> None:
    found = captured(
        extract(
            "Fighting in Somalia\n\nPeople fled shelling in Beledweyne, a town on the river. Government forces "
            "have been consolidating their control of the town, which they took earlier this week.\n"
        )
    )
    assert "Beledweyne" in found


def test_it_that_was_captured_in_an_article_about_a_town_is_the_town(extract) -> None:
    text = (
        "Vellport\n\nVellport is a city in Northmark. Vellport was planted with fruit trees.\n\n"
        "The incident occurred in Barsolo.\n\nOn 12 May 2021 it was captured by the Vale Front.\n"
    )
    found = captured(extract(text))
    assert "Vellport" in found and "Barsolo" not in found
    moved = captured(
        extract(
            "Vellport\n\nVellport is a city in Northmark. Vellport was planted with fruit trees.\n\n"
            "The army retreated into Dunmere on Sunday. It was captured by the Vale Front hours later.\n"
        )
    )
    assert "Dunmere" in moved  # where the fighting went is no mention in passing


def test_a_name_opened_by_a_short_word_with_an_apostrophe_is_one_place(extract) -> None:
    found = captured(
        extract("Fighting in Libya\n\nRebel forces advanced from the east, taking Brega and Ra's Qorvale.\n")
    )
    assert "Ra's Qorvale" in found and "Qorvale" not in found
    extraction = extract("Fighting in Yemen\n\nAli's Republican Guard captured the town of Marib.\n")
    assert not any(m.text.startswith("Ali's") for m in extraction.mentions)  # a short name's possessive stays one
