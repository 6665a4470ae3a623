"""Common news phrasings of a capture and of who made it, each with the gate that keeps its
look-alike out. Made-up sentences: invented groups and people, real towns only for the gazetteer."""

from __future__ import annotations

from kg.gazetteer.countries import country_named
from tests.extract.helpers import captured


def _agents(extraction, place: str) -> list[str]:
    return [a.label for a in captured(extraction)[place].agents]


def test_a_plural_force_noun_opening_a_sentence_is_no_name(extract) -> None:
    extraction = extract(
        "Fighting in Chad\n\nRebels took Faya on Sunday. Rebels have taken Abeche.\n", published="2021-04-20"
    )
    assert _agents(extraction, "Faya-Largeau") == _agents(extraction, "Abeche") == ["rebels"]
    assert not any(m.entity.is_place for m in extraction.mentions if m.text == "Rebels")


def test_bare_troops_are_the_state_forces_unless_a_foreign_force_is_in_the_story(extract) -> None:
    own = extract("Fighting in Chad\n\nTroops took back Faya on Sunday.\n", published="2021-04-20")
    (agent,) = captured(own)["Faya-Largeau"].agents
    assert agent.kind == "MilitaryForce" and agent.country == "TD"
    foreign = extract(
        "French forces arrived in Chad on Friday.\n\nTroops took back Faya on Sunday.\n", published="2021-04-20"
    )
    assert not any(a.country == "TD" for a in captured(foreign)["Faya-Largeau"].agents)


def test_coordinated_takers_are_all_agents(extract) -> None:
    extraction = extract(
        "Chadian and Nigerien troops captured the town of Faya in Chad on Sunday.\n", published="2021-04-20"
    )
    assert {a.country for a in captured(extraction)["Faya-Largeau"].agents} == {"TD", "NE"}


def test_forces_loyal_to_a_person_are_an_armed_group_of_their_own(extract) -> None:
    extraction = extract(
        "Forces loyal to General Varo Dessak seized the town of Faya in Chad on Tuesday.\n", published="2021-04-20"
    )
    (agent,) = captured(extraction)["Faya-Largeau"].agents
    assert agent.kind == "ArmedGroup" and agent.label == "forces loyal to Varo Dessak"


def test_fighters_loyal_to_the_government_are_its_forces(extract) -> None:
    text = "Fighters loyal to Chad's government took control of the town of Faya on Tuesday.\n"
    (agent,) = captured(extract(text, published="2021-04-20"))["Faya-Largeau"].agents
    assert agent.kind == "MilitaryForce" and agent.country == "TD"


def test_government_forces_in_a_story_naming_no_country_stay_a_description(extract) -> None:
    extraction = extract("Government forces recaptured the town of Dankoro from the separatists.\n", published=None)
    (agent,) = captured(extraction)["Dankoro"].agents
    assert (agent.kind, agent.label, agent.country) == ("MilitaryForce", "government forces", None)


def test_a_listed_town_is_not_glued_to_the_next_by_the_model(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nThe rebels have captured the towns of Gwoza, Bama and Dikwa.\n")
    assert set(captured(extraction)) == {"Gwoza", "Bama", "Dikwa"}


def test_a_town_a_relative_clause_or_participle_reports_taken(extract) -> None:
    which = extract("Fighting in Nigeria\n\nGwoza, which the rebels captured last week, is now quiet.\n")
    assert _agents(which, "Gwoza") == ["rebels"]
    participle = extract("Fighting in Nigeria\n\nGwoza, captured by the rebels last week, is now quiet.\n")
    assert _agents(participle, "Gwoza") == ["rebels"]


def test_full_control_is_a_change_of_hands_for_an_armed_group_not_for_the_army(extract) -> None:
    rebels = extract("Fighting in Nigeria\n\nRebels are in full control of Gwoza, residents said.\n")
    assert _agents(rebels, "Gwoza") == ["rebels"]
    army = extract("Fighting in Nigeria\n\nSoldiers are in full control of Gwoza, the governor said.\n")
    still = extract("Fighting in Nigeria\n\nThe army said it was still in full control of Gwoza.\n")
    remains = extract("Fighting in Nigeria\n\nGwoza remains under government control.\n")
    assert captured(army) == captured(still) == captured(remains) == {}


def test_established_control_over_a_town_takes_it(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nRebels established control over Gwoza on Sunday.\n")
    assert "Gwoza" in captured(extraction)


def test_the_liberation_of_a_town_is_taken_but_an_offensive_for_it_is_an_aim(extract) -> None:
    done = extract("Fighting in Nigeria\n\nThe liberation of Gwoza was celebrated by residents.\n")
    assert "Gwoza" in captured(done)
    aim = extract("Fighting in Nigeria\n\nGovernment forces launched an offensive for the liberation of Gwoza.\n")
    battle = extract("Fighting in Nigeria\n\nThe battle for control of Gwoza continues.\n")
    assert captured(aim) == captured(battle) == {}


def test_reports_of_a_fall_that_a_side_denies_are_not_a_fall(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nThe army denied reports that Gwoza had fallen.\n")
    assert captured(extraction) == {}


def test_the_fall_of_a_town_to_a_side_and_rebel_control_name_the_taker(extract) -> None:
    fall = extract("Fighting in Nigeria\n\nAfter the fall of Gwoza to the rebels, thousands fled.\n")
    assert _agents(fall, "Gwoza") == ["rebels"]
    control = extract("Fighting in Nigeria\n\nGwoza came under rebel control on Sunday.\n")
    assert _agents(control, "Gwoza") == ["rebels"]
    hands = extract("Fighting in Nigeria\n\nThe town of Gwoza is now in the hands of the rebels.\n")
    assert _agents(hands, "Gwoza") == ["rebels"]


def test_the_owner_of_an_offensive_that_took_a_town_took_it(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nA rebel offensive that captured Gwoza in March displaced thousands.\n")
    assert _agents(extraction, "Gwoza") == ["rebels"]


def test_an_untagged_two_word_name_that_captured_a_town_is_an_armed_group(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nAnsaru Dema captured Gwoza, residents said.\n")
    (agent,) = captured(extraction)["Gwoza"].agents
    assert (agent.kind, agent.label) == ("ArmedGroup", "Ansaru Dema")


def test_news_names_of_countries_are_the_countries_news_means() -> None:
    assert {country_named(n).code for n in ("Congo", "DR Congo", "DRC", "the Democratic Republic of Congo")} == {"CD"}
    assert {country_named(n).code for n in ("Republic of Congo", "Congo Republic", "Congo-Brazzaville")} == {"CG"}
    assert country_named("Burma").code == "MM" and country_named("Britain").code == "GB"


def test_an_armed_group_that_says_it_is_in_control_of_a_town_reports_taking_it(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nRebels said they were in control of Gwoza.\n")
    event = captured(extraction)["Gwoza"]
    assert [a.label for a in event.agents] == ["rebels"] and event.attributed


def test_a_town_left_to_a_side_passes_to_it(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nGovernment troops withdrew from Gwoza, leaving it to the rebels.\n")
    event = captured(extraction)["Gwoza"]
    assert event.kind == "Handover" and [a.label for a in event.agents] == ["rebels"]


def test_now_occupying_and_a_flag_hoisted_in_a_town_are_captures_but_long_occupying_is_not(extract) -> None:
    now = extract("Fighting in Nigeria\n\nRebels are now occupying Gwoza.\n")
    flag = extract("Fighting in Nigeria\n\nThe militants hoisted their flag in Gwoza on Sunday.\n")
    assert "Gwoza" in captured(now) and "Gwoza" in captured(flag)
    state = extract("Fighting in Nigeria\n\nRebels had been occupying Gwoza for years.\n")
    assert captured(state) == {}


def test_a_one_word_person_listed_with_a_town_is_a_town_of_the_articles_country(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nGwoza and Bama fell to the rebels.\n")
    assert set(captured(extraction)) == {"Gwoza", "Bama"}
    (bama,) = [m for m in extraction.mentions if m.text == "Bama"]
    assert bama.entity.country == "NG" and bama.entity.kind == "City" and "Nigeria" in (bama.reason or "")


def test_a_possessive_town_before_its_fall_and_a_town_now_controlled_by_a_side(extract) -> None:
    fall = extract("Fighting in Nigeria\n\nGwoza's capture by the rebels shocked the government.\n")
    assert [a.label for a in captured(fall)["Gwoza"].agents] == ["rebels"]
    controlled = extract("Fighting in Nigeria\n\nGwoza is now controlled by the rebels.\n")
    assert [a.label for a in captured(controlled)["Gwoza"].agents] == ["rebels"]


def test_a_town_among_those_overrun_and_one_regained(extract) -> None:
    including = extract("Fighting in Nigeria\n\nRebels have overrun several towns, including Gwoza.\n")
    regained = extract("Fighting in Nigeria\n\nThe army regained Gwoza on Sunday.\n")
    assert "Gwoza" in captured(including) and "Gwoza" in captured(regained)


def test_a_town_taken_a_number_of_days_before_a_dated_capture_gets_its_own_day(extract) -> None:
    gerund = captured(extract("Fighting in Nigeria\n\nThe rebels captured Gwoza on Sunday, a day after taking Bama.\n"))
    assert (gerund["Gwoza"].time.value, gerund["Bama"].time.value) == ("2021-08-08", "2021-08-07")
    clause = captured(
        extract("Fighting in Nigeria\n\nTwo days after the rebels captured Bama, they seized Gwoza on Sunday.\n")
    )
    assert (clause["Gwoza"].time.value, clause["Bama"].time.value) == ("2021-08-08", "2021-08-06")
    # the amount hung on the dated verb, not on "after"
    celebrating = captured(
        extract(
            "Fighting in Nigeria\n\nFighters were celebrating Sunday on the streets of Gwoza one day after seizing "
            "the northern town of Bama from the group.\n"
        )
    )
    assert celebrating["Bama"].time.value == "2021-08-07"


def test_an_acronym_that_captured_a_town_is_an_armed_group(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nThe KDF captured Gwoza on Sunday.\n")
    (agent,) = captured(extraction)["Gwoza"].agents
    assert (agent.kind, agent.label) == ("ArmedGroup", "KDF")


def test_a_capitalised_common_word_opening_a_sentence_names_no_group(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nOpposition fighters captured Gwoza on Saturday.\n")
    assert _agents(extraction, "Gwoza") == ["opposition fighters"]


def test_a_code_with_digits_before_fighters_is_a_group_not_a_place(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nK12 fighters entered Gwoza on Sunday night, meeting no resistance.\n")
    assert _agents(extraction, "Gwoza") == ["K12"]
    assert not any(m.entity.is_place for m in extraction.mentions if m.text == "K12")


def test_a_township_is_a_place_taken(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nThe rebels captured Dankoro township on Monday.\n")
    assert captured(extraction)["Dankoro"].places[0].kind == "District"


def test_the_town_after_an_attack_on_a_named_town_is_that_town(extract) -> None:
    extraction = extract(
        "Fighting in Nigeria\n\nThe rebels attacked Gwoza on Friday. On Sunday they captured the town.\n"
    )
    assert _agents(extraction, "Gwoza") == ["rebels"]


def test_a_name_the_parser_left_as_an_adverb_after_a_capture_verb_is_its_object(extract) -> None:
    text = "Fighting in Nigeria\n\nGovernment forces backed by the regional coalition recaptured Gwoza.\n"
    (agent,) = captured(extract(text))["Gwoza"].agents
    assert agent.kind == "MilitaryForce" and agent.country == "NG"


def test_an_untagged_organisation_name_with_its_glue_words_that_takes_control(extract) -> None:
    extraction = extract(
        "Fighting in Nigeria\n\nThe Wurmala People's Liberation Front took control of Gwoza on Monday.\n"
    )
    (agent,) = captured(extraction)["Gwoza"].agents
    assert (agent.kind, agent.label) == ("ArmedGroup", "Wurmala People's Liberation Front")


def test_a_region_named_with_forces_is_a_group_named_with_the_noun(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nBiafran forces said they had captured Gwoza.\n")
    assert _agents(extraction, "Gwoza") == ["Biafran forces"]


def test_a_name_in_the_articles_country_wins_over_a_town_abroad_of_the_hinted_kind(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nThe rebels took the regional capital of Borno on Sunday.\n")
    assert all(p.country in (None, "NG") for e in captured(extraction).values() for p in e.places)
    borno = [m.entity for m in extraction.mentions if m.text == "Borno"]
    assert borno and borno[0].kind == "Province" and borno[0].country == "NG"


def test_the_town_is_not_a_city_abroad_a_road_leads_to_and_may_be_a_border_crossing(extract) -> None:
    text = (
        "Vellport and Ashford Crossing\n\n"
        "The highway from Vellport continues to Lisbon and passes through Ashford Crossing. "
        "On July 9 the entire town fell to the Vale Front without incident.\n"
    )
    assert set(captured(extract(text))) == {"Ashford Crossing"}


def test_cities_under_an_armed_groups_control_including_a_named_one(extract) -> None:
    extraction = extract(
        "Fighting in Nigeria\n\nAll major towns in Borno are under rebel control, including Gwoza and Bama.\n"
    )
    assert {"Gwoza", "Bama"} <= set(captured(extraction))
    assert _agents(extraction, "Gwoza") == ["rebels"]


def test_a_camp_named_camp_x_is_a_base_and_under_control_by_a_side_names_the_taker(extract) -> None:
    text = "Fighting in Nigeria\n\nThe rebels attacked Camp Dankoro on Sunday. The camp is now under control by the rebels.\n"
    event = captured(extract(text))["Camp Dankoro"]
    assert event.places[0].kind == "MilitaryBase" and [a.label for a in event.agents] == ["rebels"]


def test_a_day_after_a_fall_reported_in_the_present_tense_is_the_day_before_the_report(extract) -> None:
    text = "Fighting in Nigeria\n\nA day after Gwoza fell to the rebels without a fight, soldiers continue to hold the road to Bama.\n"
    assert captured(extract(text, published="2021-08-16"))["Gwoza"].time.value == "2021-08-15"


def test_a_list_of_names_before_provinces_is_a_list_of_provinces(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nThe militants took control of Kirkuk, Diyala and Anbar provinces on Monday.\n"
    )
    assert {p.kind for e in captured(extraction).values() for p in e.places} == {"Province"}


def test_the_first_city_to_fall_is_the_one_the_clause_names_not_the_dateline(extract) -> None:
    text = "Fighting in Nigeria\n\nMAIDUGURI - The first town fell to the rebels Friday when the militants overran Gwoza.\n"
    assert set(captured(extract(text))) == {"Gwoza"}


def test_the_town_is_not_where_people_walked_nor_a_city_of_millions(extract) -> None:
    walked = extract("Fighting in Nigeria\n\nThousands walked towards Maiduguri as the rebels seized the town.\n")
    assert "Maiduguri" not in captured(walked)
    capital = extract("Fighting in Nigeria\n\nThe rebels reached Lagos. They seized the town on Sunday.\n")
    assert "Lagos" not in captured(capital)


def test_a_clause_on_an_unnamed_town_lends_it_no_name(extract) -> None:
    text = "Fighting in Nigeria\n\nTroops took control of a key town that lies between the capital, Abuja, and the rebel areas.\n"
    assert captured(extract(text)) == {}


def test_a_rebel_take_over_of_the_town_and_toward_liberating_a_city(extract) -> None:
    done = extract(
        "Fighting in Nigeria\n\nThe rebels attacked Gwoza in June. A skirmish led to a rebel take-over of the town.\n"
    )
    assert "Gwoza" in captured(done)
    aim = extract("Fighting in Nigeria\n\nTroops are progressing toward liberating the key city of Gwoza.\n")
    assert captured(aim) == {}


def test_the_second_largest_city_is_the_city_not_a_quarter_listed_apart(extract) -> None:
    text = "Fighting in Iraq\n\nMilitants took control of the country's second largest city on Tuesday.\n"
    assert set(captured(extract(text))) == {"Mosul"}


def test_a_town_declared_liberated_by_a_side(extract) -> None:
    extraction = extract(
        "Fighting in Nigeria\n\nThe military declared the northeastern town of Gwoza liberated on Monday.\n"
    )
    event = captured(extraction)["Gwoza"]
    assert event.attributed and event.agents[0].kind == "MilitaryForce"


def test_troops_that_advanced_into_a_town_uncontested_took_it(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nOn Sunday divisions of the army advanced into Gwoza.\n")
    assert "Gwoza" in captured(extraction)


def test_the_government_that_recaptured_a_town_is_its_states_forces(extract) -> None:
    (agent,) = captured(extract("Fighting in Nigeria\n\nThe government has also recaptured the town of Gwoza.\n"))[
        "Gwoza"
    ].agents
    assert agent.kind == "MilitaryForce" and agent.country == "NG"


def test_an_entry_whose_troops_were_consolidating_their_positions_took_the_town(extract) -> None:
    text = "Fighting in Nigeria\n\nThe army attacked Gwoza on Friday. On Sunday its troops entered the town and were consolidating their positions.\n"
    assert "Gwoza" in captured(extract(text))


def test_the_outskirts_of_a_town_taken_are_an_advance_on_it_not_its_capture(extract) -> None:
    extraction = extract("Fighting in Nigeria\n\nRebels captured the outskirts of the town of Gwoza on Sunday.\n")
    assert captured(extraction) == {}
    assert any(e.kind == "Advance" and [p.label for p in e.places] == ["Gwoza"] for e in extraction.events)


def test_moving_in_or_taking_over_after_the_other_side_left_a_town_takes_it(extract) -> None:
    moved = extract("Fighting in Nigeria\n\nThe army pulled out of Gwoza and the rebels moved in.\n")
    took = extract("Fighting in Nigeria\n\nSoldiers abandoned their posts in Gwoza and the rebels took over.\n")
    assert _agents(moved, "Gwoza") == _agents(took, "Gwoza") == ["rebels"]


def test_a_town_handed_over_or_that_changed_hands_once_but_not_one_that_changed_hands_often(extract) -> None:
    handed = extract("Fighting in Nigeria\n\nGwoza was handed over to the rebels without a fight.\n")
    assert captured(handed)["Gwoza"].kind == "Handover" and _agents(handed, "Gwoza") == ["rebels"]
    once = extract("Fighting in Nigeria\n\nGwoza changed hands on Sunday.\n")
    often = extract("Fighting in Nigeria\n\nGwoza has changed hands several times.\n")
    assert "Gwoza" in captured(once) and captured(often) == {}


def test_every_name_in_a_list_after_the_villages_of_is_a_village_hyphenated_or_not(extract) -> None:
    text = "Fighting in Somalia\n\nThe army took over the villages of Garisiyani, Booco and Nur-Fanah on Monday.\n"
    assert {"Garisiyani", "Booco", "Nur-Fanah"} <= set(captured(extract(text)))


def test_a_town_among_areas_retaken_and_freed_in_a_battle(extract) -> None:
    text = "Fighting in Nigeria\n\nTroops have succeeded in retaking some areas, including the Adamawa town of Mubi, freed during a battle on Thursday.\n"
    assert "Mubi" in captured(extract(text))


def test_a_lower_case_force_noun_tagged_a_name_is_still_the_states_forces(extract) -> None:
    text = "Fighting in Somalia\n\nSomalia's national army said Tuesday it recaptured the strategic town of Booco from the militants.\n"
    (agent,) = captured(extract(text))["Booco"].agents
    assert agent.kind == "MilitaryForce" and agent.country == "SO"


def test_entering_a_capital_meeting_no_resistance_and_the_provincial_capital_of_a_province_named_before(
    extract,
) -> None:
    unopposed = extract(
        "Fighting in Nigeria\n\nThe rebels entered the town of Gwoza on Sunday, meeting no resistance.\n"
    )
    assert "Gwoza" in captured(unopposed)
    provincial = extract(
        "Fighting in Iraq\n\nFighting raged in Kirkuk province. The militants captured the provincial capital on Sunday.\n"
    )
    assert set(captured(provincial)) == {"Kirkuk"}


def test_the_camp_is_the_articles_camp_not_one_named_once_in_passing(extract) -> None:
    text = (
        "Camp Dankoro\n\nCamp Dankoro is a former airbase in Nigeria. Camp Dankoro held the army's northern command, "
        "and also held Camp Wurmala until 2014. The rebels took control of Nigeria in 2021; the camp is now under control by the rebels.\n"
    )
    assert set(captured(extract(text))) == {"Camp Dankoro"}


def test_a_country_that_says_it_captured_a_town_is_its_forces(extract) -> None:
    text = "Fighting in Nigeria\n\nNigeria says it has captured the strategic town of Gwoza.\n"
    (agent,) = captured(extract(text))["Gwoza"].agents
    assert agent.kind == "MilitaryForce" and agent.country == "NG"


def test_the_countrys_largest_city_in_a_region_is_not_its_largest_city(extract) -> None:
    text = "Fighting in Nigeria\n\nRebels took control of the country's largest city in the north on Sunday.\n"
    assert captured(extract(text)) == {}


def test_taking_back_a_place_and_a_place_again_under_a_sides_control(extract) -> None:
    back = extract("Fighting in Nigeria\n\nTroops have succeeded in taking back the town of Gwoza.\n")
    again = extract("Fighting in Nigeria\n\nHowever Gwoza changed hands, it is again under Nigerian control.\n")
    assert "Gwoza" in captured(back) and "Gwoza" in captured(again)


def test_both_villages_are_the_two_named_just_before(extract) -> None:
    text = "Fighting in Nigeria\n\nRebels attacked Gwoza and Bama on Monday. Troops later retook the two towns.\n"
    extraction = extract(text)
    assert (
        _agents(extraction, "Gwoza") == _agents(extraction, "Bama")
        and captured(extraction)["Gwoza"].agents[0].country == "NG"
    )


def test_troops_that_secured_towns_took_them_but_not_a_release_a_road_or_a_town_they_defended(extract) -> None:
    towns = extract("Fighting in Somalia\n\nTroops have secured the towns of Baidoa and Jowhar.\n")
    assert {"Baidoa", "Jawhar"} <= set(captured(towns))
    misparsed = extract("Fighting in Somalia\n\nTroops secured Baidoa on Monday after the militants fled.\n")
    assert captured(misparsed)["Baidoa"].agents[0].kind == "MilitaryForce"
    for sentence in (
        "The army secured the release of 20 hostages in Baidoa.",
        "The army secured the road between Baidoa and Jowhar.",
        "The army is trying to secure Baidoa.",
        "Security forces have secured Baidoa, a spokesman said, after militants attacked the town overnight.",
    ):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_entering_or_taking_the_town_the_other_side_left_or_was_routed_in(extract) -> None:
    entered = extract("Fighting in Somalia\n\nThe militants abandoned Baidoa. Troops entered the town on Monday.\n")
    assert captured(entered)["Baidoa"].agents[0].kind == "MilitaryForce"
    took = extract("Fighting in Somalia\n\nThe militants routed government troops in Baidoa and took the town.\n")
    assert _agents(took, "Baidoa") == ["militants"]
    contested = extract(
        "Fighting in Somalia\n\nThe militants attacked Baidoa. Troops entered the town, but were pushed back.\n"
    )
    assert captured(contested) == {}


def test_they_in_a_fronted_clause_is_the_main_clauses_subject(extract) -> None:
    extraction = extract("Fighting in Somalia\n\nAfter they captured Baidoa, the militants moved south.\n")
    assert _agents(extraction, "Baidoa") == ["militants"]


def test_a_place_taken_on_a_later_date_in_the_same_clause_gets_that_date(extract) -> None:
    extraction = extract(
        "Fighting in Somalia\n\nThe militants took Baidoa on Monday and Jowhar on Tuesday.\n", published="2021-04-20"
    )
    dates = {place: event.time.value for place, event in captured(extraction).items()}
    assert dates == {"Baidoa": "2021-04-19", "Jawhar": "2021-04-20"}


def test_a_weekday_the_model_glued_to_a_town_is_a_date(extract) -> None:
    text = "Fighting in Pakistan\n\nOfficials say the military gained control of the town of Dankoro Saturday.\n"
    event = captured(extract(text, published="2021-04-20"))["Dankoro"]
    assert event.time is not None and event.time.value == "2021-04-17"


def test_an_undated_text_gives_a_day_the_year_of_a_bare_year_before_it(extract) -> None:
    text = "Battle of Baidoa\n\nThe battle was a 2016 offensive by the army. After capturing Baidoa on 12 August, the army moved north.\n"
    event = captured(extract(text, published=None))["Baidoa"]
    assert event.time is not None and event.time.value == "2016-08-12"


def test_the_goal_of_an_offensive_is_no_event(extract) -> None:
    text = "Fighting in Somalia\n\nThe stated goal of the offensive was the surrender of Baidoa.\n"
    assert captured(extract(text)) == {}


def test_a_district_named_like_a_city_abroad_stays_in_the_articles_country(extract) -> None:
    text = "Fighting in Afghanistan\n\nFighting escalated in Kunar province with the Taliban taking control of Ghaziabad District on Monday.\n"
    (event,) = [e for e in captured(extract(text)).values()]
    assert all(p.country != "IN" for p in event.places)


def test_the_capital_named_to_locate_a_town_is_not_taken_with_it(extract) -> None:
    text = (
        "Fighting in Sierra Leone\n\nOfficials say government forces have lost control of the strategic town of Lunsar, "
        "near the capital, Freetown. The rebels had captured the town on Sunday.\n"
    )
    assert set(captured(extract(text))) == {"Lunsar"}


def test_a_countrys_rebels_are_no_group_named_after_the_country(extract) -> None:
    extraction = extract("Fighting in Sierra Leone\n\nSierra Leone's rebels recaptured Lunsar on Sunday.\n")
    assert not any(m.entity.kind == "ArmedGroup" and m.entity.label == "Sierra Leone" for m in extraction.mentions)
    assert any(m.entity.kind == "Country" and m.entity.country == "SL" for m in extraction.mentions)


def test_the_airport_at_a_town_and_the_base_named_paragraphs_before(extract) -> None:
    at = extract(
        "Fighting in Chad\n\nRebels attacked the airport in Abeche. Loyalist forces later retook the airport at Faya.\n"
    )
    assert any(p.kind == "Airport" and "Faya" in p.label for e in captured(at).values() for p in e.places)
    filler = " ".join(["Residents said the fighting was heavy."] * 8)
    base = extract(
        f"Fighting in Chad\n\nRebels attacked an air base near Faya on Friday. {filler} The army said it had retaken control of the base.\n"
    )
    assert [p.kind for e in captured(base).values() for p in e.places] == ["MilitaryBase"]


def test_a_resident_who_fled_disputes_no_capture(extract) -> None:
    text = (
        "Fighting in Chad\n\nRebels attacked an air base near Faya. A resident said she fled her home near the air base after "
        "rebels attacked the facility. The army said they had retaken control of the base.\n"
    )
    assert [p.kind for e in captured(extract(text)).values() for p in e.places] == ["MilitaryBase"]


def test_a_town_surrendered_lost_or_flagged_and_a_crossing_named_at_a_town(extract) -> None:
    for sentence, place in (
        ("The governor of Maiduguri surrendered the city to the rebels.", "Maiduguri"),
        ("Maiduguri was lost to the rebels on Thursday.", "Maiduguri"),
        ("Rebels raised their flag over the main square in Gwoza.", "Gwoza"),
        ("The rebels have captured 10 of the state's 27 towns, including Maiduguri.", "Maiduguri"),
    ):
        assert place in captured(extract(f"Fighting in Nigeria\n\n{sentence}\n")), sentence
    crossing = extract("Fighting in Afghanistan\n\nThe Taliban took control of the border crossing at Spin Boldak.\n")
    assert "Spin Boldak" in captured(crossing)


def test_a_regions_or_peoples_capital_is_not_the_nations(extract) -> None:
    regional = extract("Fighting in Ethiopia\n\nThe Tigrayan capital fell to federal troops in November.\n")
    assert "Addis Ababa" not in captured(regional)
    national = extract("Fighting in Ethiopia\n\nRebels took the Ethiopian capital in November.\n")
    assert "Addis Ababa" in captured(national)


def test_a_town_declared_liberated_in_the_passive_and_a_name_parsed_as_an_adverb(extract) -> None:
    declared = extract("Fighting in Libya\n\nSirte was declared fully liberated on Sunday.\n")
    assert "Sirte" in captured(declared)
    adverb = extract("Fighting in Libya\n\nA spokesman for the Dessak Brigade said its forces had taken Sirte.\n")
    assert "Sirte" in captured(adverb)


def test_the_forces_or_troops_of_a_person_are_his_followers(extract) -> None:
    forces = extract(
        "Fighting in Libya\n\nThe eastern-based forces of General Ali Dessak took control of Sirte without a fight.\n"
    )
    troops = extract("Fighting in Libya\n\nThe troops of General Ali Dessak took Sirte.\n")
    assert _agents(forces, "Sirte") == ["forces loyal to Ali Dessak"] and _agents(troops, "Sirte") == [
        "troops loyal to Ali Dessak"
    ]


def test_a_town_named_in_apposition_to_a_stronghold_is_linked(extract) -> None:
    event = captured(
        extract("Fighting in Libya\n\nThe fighters captured the last stronghold, Bani Walid, on Monday.\n")
    )["Bani Walid"]
    assert event.places[0].iri is not None and event.places[0].country == "LY"


def test_control_reinstated_or_restored_and_towns_reconquered(extract) -> None:
    for sentence, place in (
        ("The army reinstated full control of Baiji in a counter-attack.", "Bayji"),
        ("Government forces restored control over Baiji on Monday.", "Bayji"),
        ("The victory allowed loyalist forces to reconquer other cities, including Zuwara.", "Zuwarah"),
        (
            "They continued to capture areas to the south and entered Tarhunah on 5 June, effectively ending the offensive.",
            "Tarhuna",
        ),
    ):
        assert place in captured(extract(f"Fighting in Iraq and Libya\n\n{sentence}\n")), sentence


def test_every_town_of_a_plural_and_places_all_now_held(extract) -> None:
    towns = extract(
        "Fighting in Mozambique\n\nThe operations resulted in the retaking of Palma and Mocimboa da Praia towns.\n"
    )
    assert "Mocimboa da Praia" in captured(towns)
    held = extract(
        "Fighting in Syria\n\nA reporter traveled to the villages of Herbel and Manbij, all now controlled by the Dessak Front.\n"
    )
    assert "Herbel" in captured(held)


def test_a_title_case_description_and_a_town_described_by_its_people_are_no_names(extract) -> None:
    headline = extract("Chadian Troops Retake Nigerian Village From Insurgents\n\nThe soldiers arrived on Thursday.\n")
    assert "Nigerian Village" not in captured(headline)
    people = extract("Fighting in Iraq\n\nThe group had captured the town of mostly ethnic Yazidis last year.\n")
    assert "Yazidis" not in captured(people)


def test_a_packs_generic_alias_means_its_actor_only_in_its_region(extract) -> None:
    text = "Fighting in Mozambique\n\nForeign forces and the army retook Mocimboa da Praia on Monday.\n"
    mentions = {m.text.lower(): m.entity for m in extract(text).mentions}
    assert "foreign forces" not in mentions or mentions["foreign forces"].iri is None


def test_the_town_is_the_one_the_sentence_before_is_about(extract) -> None:
    text = (
        "Fighting in Somalia\n\nThe town of Burhakaba lies on the road that runs from the capital, Mogadishu, to Baidoa. "
        "Government forces overran the town on Sunday.\n"
    )
    assert set(captured(extract(text))) == {"Buurhakaba"}


def test_the_city_across_a_border_that_the_sentence_before_names(extract) -> None:
    text = (
        "Croatian offensive\n\nThe Croatian army launched an offensive in July 1995. Croatian forces advanced from Croatia. "
        "The city of Bosansko Grahovo was a stronghold and offered fierce resistance. Croatian forces defeated the defenders. "
        "The city was captured on July 28.\n"
    )
    event = captured(extract(text, published=None))["Bosansko Grahovo"]
    assert event.time is not None and event.time.value == "1995-07-28"


def test_an_aim_at_regaining_control_is_no_capture(extract) -> None:
    text = "Fighting in Nigeria\n\nThe general said the mission remains aimed at regaining government control over Gwoza.\n"
    assert captured(extract(text)) == {}


def test_a_headquarters_named_by_its_town_is_the_town(extract) -> None:
    text = (
        "Fighting in Sri Lanka\n\nThe army attacked Mullaittivu. A week after capturing the rebel headquarters, Kilinochchi, "
        "the military said Thursday that it has overrun another town, Pallai.\n"
    )
    assert "Kilinochchi" in captured(extract(text)) and not any(
        "headquarters" in place for place in captured(extract(text))
    )


def test_a_town_the_text_calls_a_city_once_is_that_town_everywhere(extract) -> None:
    text = (
        "Battle for Dankoro\n\nThe operation aimed at retaking the strategic city of Dankoro near Baghdad.\n\n"
        "In 2014 Dankoro was captured by the Islamic State.\n"
    )
    assert "Dankoro" in captured(extract(text, published=None))


def test_the_refinery_named_before_is_taken_back(extract) -> None:
    text = (
        "Fighting in Iraq\n\nThe militants captured the town and parts of the Baiji oil refinery. "
        "On 19 June 2014, the army reinstated full control of the refinery in a counter-attack.\n"
    )
    assert any(
        p.kind == "Facility" and "refinery" in p.label for e in captured(extract(text)).values() for p in e.places
    )


def test_a_plural_town_noun_keeps_out_the_state_before_it(extract) -> None:
    text = "Fighting in Nigeria\n\nThe rebels captured the Borno state towns of Gwoza and Bama.\n"
    assert not any(p.kind == "Province" for e in captured(extract(text)).values() for p in e.places)


def test_an_entry_before_being_driven_out_is_no_capture(extract) -> None:
    text = "Fighting in Nigeria\n\nThe rebels briefly entered Maiduguri in July before being driven out.\n"
    assert captured(extract(text)) == {}


def test_a_hyphenated_district_name_is_not_the_province_its_last_part_resembles(extract) -> None:
    text = "Fighting in Afghanistan\n\nAfghan commandos retook the district of Dand-e-Ghori on Monday.\n"
    assert {p.kind for e in captured(extract(text)).values() for p in e.places} == {"District"}


def test_the_recovery_of_a_town_from_a_side_is_taken_back_not_by_that_side(extract) -> None:
    event = captured(
        extract("Fighting in Somalia\n\nThe UN welcomed the recovery of the port city Barawe from the Dessak Front.\n")
    )["Barawe"]
    assert not any(a.label == "Dessak Front" for a in event.agents)
    assert captured(extract("Fighting in Somalia\n\nThe economy showed signs of recovery in Barawe.\n")) == {}


def test_a_list_goes_on_after_a_clause_and_through_a_name_no_model_knows(extract) -> None:
    clause = extract(
        "Fighting in Syria\n\nThe Dessak Front liberated Tabqa, which is southwest of Raqqa, Syria, as well as the Tabqa Dam on May 10.\n"
    )
    assert {"Al-Tabqa", "Tabqa Dam"} <= set(captured(clause))
    through = extract("Fighting in Somalia\n\nGovernment forces captured Luq, Dankaroo and El-Waq towns on Monday.\n")
    assert {"Luuq", "El Wak"} <= set(captured(through))


def test_what_a_side_occupied_and_handed_over_is_not_where_it_came_from(extract) -> None:
    text = "Fighting in Angola\n\nForeign forces entered Angola from Namibia, occupied all of southern Angola and handed it over to the rebels.\n"
    assert "Namibia" not in captured(extract(text))


def test_a_mountain_is_no_person_and_its_outpost_is_its_own(extract) -> None:
    extraction = extract(
        "Golan fighting\n\nOn October 6, 1973, commandos attacked and captured the IDF outpost on Mount Hermon.\n",
        published=None,
    )
    assert any(
        p.kind == "MilitaryBase" and "Mount Hermon" in p.label for e in captured(extraction).values() for p in e.places
    )
    assert not any(m.entity.kind == "Person" for m in extraction.mentions)


def test_a_full_date_sets_the_year_before_a_bare_one_in_its_sentence(extract) -> None:
    text = (
        "First Battle of Dankoro\n\nThe battle was fought from February 9-March 20, 1986 (with combat lasting until early 1988). "
        "On February 9, the Vale Front captured Dankoro.\n"
    )
    event = captured(extract(text, published=None))["Dankoro"]
    assert event.time is not None and event.time.value == "1986-02-09"


def test_look_alikes_of_this_rounds_rules_stay_out(extract) -> None:
    for sentence in (
        "Nairobi condemned the attack. The militants captured the city on Monday.",  # a capital speaking is no topic
        "Baidoa's recovery from the drought has been slow.",
        "Security forces secured Baidoa ahead of Sunday's election.",
    ):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence
    drove = extract("Fighting in Somalia\n\nTroops entered Baidoa on Monday and drove the militants out.\n")
    assert "Baidoa" in captured(drove)  # they drove others out: no contest of their entry
    reinforced = extract("Fighting in Somalia\n\nAfter they overran Baidoa, the army sent reinforcements.\n")
    assert not captured(reinforced)["Baidoa"].agents  # "they" need not be the army


def test_an_airport_taken_in_a_town_the_sentence_names_is_that_towns(extract) -> None:
    text = (
        "Fighting in Somalia\n\nThe militants seized Baidoa airport on Monday. Residents fled. Shops closed. Markets emptied. "
        "Schools shut. In Jowhar the militants also took the airport.\n"
    )
    assert {"Baidoa airport", "Jawhar airport"} <= set(captured(extract(text)))


# ---- seventh round -------------------------------------------------------------------------------


def test_a_passive_takeover_of_a_described_town_takes_the_town_not_its_province(extract) -> None:
    text = "Fighting in Somalia\n\nJowhar, capital of Middle Shabelle region, was overrun on Sunday, residents said.\n"
    assert set(captured(extract(text))) == {"Jawhar"}


def test_walking_into_a_town_is_an_entry(extract) -> None:
    assert "Baidoa" in captured(extract("Fighting in Somalia\n\nThe militants walked into Baidoa on Saturday.\n"))
    assert captured(extract("Fighting in Somalia\n\nAid workers walked into Baidoa on Monday.\n")) == {}


def test_a_list_goes_on_through_a_possessive_description(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants took Baidoa, Somalia's fourth-largest town, and Jowhar, the regional capital, on Thursday.\n"
    assert {"Baidoa", "Jawhar"} <= set(captured(extract(text)))
    owner = "Fighting in Somalia\n\nThe militants took Baidoa, the capital of the region and Jowhar's rival.\n"
    assert set(captured(extract(owner))) == {"Baidoa"}  # "Jowhar's rival" only describes


def test_a_colon_list_after_a_collection_and_a_locative(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants seized a string of towns in the south: Baidoa, Jowhar and Marka.\n"
    assert {"Baidoa", "Jawhar", "Marka"} <= set(captured(extract(text)))


def test_an_overrun_read_as_a_noun_keeps_its_object_phrase(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants have overrun much of Middle Shabelle, including its capital, Jowhar.\n"
    assert "Jawhar" in captured(extract(text))


def test_a_flag_that_flies_over_a_town_is_its_owners_hold(extract) -> None:
    flies = captured(extract("Fighting in Somalia\n\nThe Varan Front's flag now flies over Baidoa.\n"))
    assert [a.label for a in flies["Baidoa"].agents] == ["Varan Front"]
    for sentence in (
        "The national flag still flies over Baidoa.",
        "A flag flies over Baidoa.",
        "The Varan Front's flag no longer flies over Baidoa.",
        "The Varan Front's flag once flew over Baidoa.",
    ):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence
    province = extract(
        "Fighting in Somalia\n\nThe troops raised their flag above the Middle Shabelle region offices.\n"
    )
    assert not any(p.kind == "Province" for e in captured(province).values() for p in e.places)


def test_a_name_tagged_as_an_adjective_before_a_group_noun_is_part_of_it(extract) -> None:
    text = (
        "Fighting in Somalia\n\nIslamic Dawn militants stormed Baidoa and seized the town after a week of fighting.\n"
    )
    assert [a.label for a in captured(extract(text))["Baidoa"].agents] == ["Islamic Dawn"]


def test_fighters_from_a_town_are_not_its_followers_and_clearing_them_takes_it(extract) -> None:
    text = "Fighting in Somalia\n\nSomali forces have cleared the last militants from Baidoa, officials said.\n"
    event = captured(extract(text))["Baidoa"]
    assert [a.country for a in event.agents] == ["SO"]


def test_reentering_a_town_as_the_other_side_withdraws_is_a_capture(extract) -> None:
    text = "Fighting in Somalia\n\nVaran fighters reentered Baidoa as government troops withdrew.\n"
    assert "Baidoa" in captured(extract(text))
    for sentence in ("Displaced residents reentered Baidoa on Monday.", "Aid convoys entered Baidoa on Monday."):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_a_title_case_place_noun_in_a_headline_is_no_name(extract) -> None:
    text = "Troops Recapture Village from Militants\n\nSomali troops recaptured Baidoa on Sunday.\n"
    assert set(captured(extract(text))) == {"Baidoa"}


def test_a_side_of_a_place_is_that_place(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants seized control of the east coast of Pemba Island on Monday.\n"
    extraction = extract(text)
    assert not any(m.text.lower().endswith("coast") for m in extraction.mentions)
    assert "West Bank" in captured(
        extract("Fighting\n\nThe militants seized the West Bank on Monday.\n")
    )  # a name, not a side


def test_a_name_before_a_lowercase_valley_is_no_crash(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants held ground in the middle Shabelle River valley on Monday.\n"
    assert extract(text).sentences  # place_kind_from_context once raised KeyError on "valley"


def test_a_name_described_by_a_possessive_place_noun_is_a_place(extract) -> None:
    text = "Fighting in Mozambique\n\nThe troops took Nkolundo, the insurgents' main base, in September.\n"
    assert "Nkolundo" in captured(extract(text))
    official = extract(
        "Fighting in Somalia\n\nThe army arrested Qoryoley, the militants' town administrator, on Monday.\n"
    )
    assert not any(m.entity.is_place and m.text == "Qoryoley" for m in official.mentions)


def test_the_town_of_a_name_the_model_took_for_a_date_is_a_town(extract) -> None:
    text = "Fighting in Somalia\n\nThe Varan Front captured the strategic town of Mahaday after government forces withdrew.\n"
    assert "Mahaday" in captured(extract(text))
    weekday = extract("Fighting in Somalia\n\nThe army will hold talks in the town of Monday.\n")
    assert not any(m.entity.is_place and m.text == "Monday" for m in weekday.mentions)


def test_bare_militants_are_not_a_group_named_later_in_their_sentence(extract) -> None:
    extraction = extract("Fighting in Somalia\n\nThe militants overran a Varan Mission base near Baidoa.\n")
    assert all(a.label != "Varan Mission" for e in captured(extraction).values() for a in e.agents)
    claimed = captured(
        extract("Fighting in Somalia\n\nThe militants overran Baidoa, the Varan Front said in a statement.\n")
    )
    assert [a.label for a in claimed["Baidoa"].agents] == ["Varan Front"]  # named later as the claimant: the same side


def test_clearing_a_named_group_from_a_town_takes_the_town(extract) -> None:
    text = "Fighting in Somalia\n\nThe army said it had cleared the Varan Front from Baidoa.\n"
    assert "Baidoa" in captured(extract(text))
    court = "Fighting in Somalia\n\nThe court cleared Ahmed Hassan from Baidoa of all charges.\n"
    assert captured(extract(court)) == {}


def test_handing_a_town_back_passes_it_to_the_recipient(extract) -> None:
    event = captured(
        extract("Fighting in Somalia\n\nUnder the deal, the Varan Front handed Baidoa back to Somalia.\n")
    )["Baidoa"]
    assert event.kind == "Handover" and [a.country for a in event.agents] == ["SO"]
    assert (
        captured(extract("Fighting in Somalia\n\nThe governor handed a letter to the army commander in Baidoa.\n"))
        == {}
    )


def test_a_description_between_commas_is_no_second_place(extract) -> None:
    text = "Fighting in Somalia\n\nThe Varan Front captured Baidoa, the governor's compound in the south, on Tuesday.\n"
    assert set(captured(extract(text))) == {"Baidoa"}


def test_a_town_that_became_the_nth_to_be_taken(extract) -> None:
    taken = extract(
        "Fighting in Somalia\n\nBaidoa became the ninth town to be captured by the Varan Front in less than a week.\n"
    )
    assert [a.label for a in captured(taken)["Baidoa"].agents] == ["Varan Front"]
    for sentence in (
        "Baidoa is the ninth town to be visited by the envoy.",
        "Baidoa became the third town to be attacked this week.",
    ):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_a_list_goes_on_after_whose_capital_a_town_is(extract) -> None:
    text = (
        "Fighting in Somalia\n\nThe Varan Front captured Jowhar, the capital of Middle Shabelle, as well as Baidoa.\n"
    )
    assert {"Jawhar", "Baidoa"} <= set(captured(extract(text)))
    located = "Fighting in Somalia\n\nThe Varan Front captured Jowhar, 90 kilometres from Baidoa, the capital of Bay.\n"
    assert "Baidoa" not in captured(extract(located))  # a town that only locates the one taken


def test_one_side_of_a_crossing_taken_is_the_crossing(extract) -> None:
    text = "Fighting in Northmark\n\nThe Afghan side of the Ashford border crossing was captured by the insurgents.\n"
    assert "Ashford Crossing" in captured(extract(text))


def test_the_office_of_the_governor_is_a_facility_of_the_town(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants entered Baidoa on Friday. They took control of the office of the governor.\n"
    assert "Baidoa governor office" in captured(extract(text))
    lawyer = "Fighting in Somalia\n\nThe militants entered Baidoa on Friday. They met at the office of a lawyer.\n"
    assert set(captured(extract(lawyer))) == {"Baidoa"}


def test_a_list_goes_on_after_ultimately(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants captured Jowhar on 8 August, Marka on 9 August and ultimately Baidoa on 15 August.\n"
    assert {"Jawhar", "Marka", "Baidoa"} <= set(captured(extract(text)))


def test_towns_taken_include_a_list(extract) -> None:
    passive = captured(extract("Fighting in Somalia\n\nTowns captured by the Varan Front include Marka and Jowhar.\n"))
    assert {"Marka", "Jawhar"} <= set(passive) and [a.label for a in passive["Marka"].agents] == ["Varan Front"]
    relative = extract(
        "Fighting in Somalia\n\nOther towns the Somali army has reclaimed since Friday include Marka, Jowhar and Baidoa.\n"
    )
    assert {"Marka", "Jawhar", "Baidoa"} <= set(captured(relative))
    for sentence in ("Towns visited by the envoy include Marka and Jowhar.", "The towns include Marka and Jowhar."):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_returning_to_a_town_the_other_side_left_takes_it(extract) -> None:
    event = captured(
        extract("Fighting in Somalia\n\nVaran fighters returned to Marka after Somali forces withdrew on Friday.\n")
    )["Marka"]
    assert event.kind == "TakeControl"
    for sentence in (
        "Residents returned to Marka after the militants left.",
        "The militants returned to Marka on Friday.",
        "The militants returned to Marka after journalists left.",
        "The militants returned to Marka after they withdrew last week.",
        "The militants returned to Marka before Somali forces withdrew.",
    ):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_now_in_charge_of_a_town(extract) -> None:
    assert "Marka" in captured(
        extract("Fighting in Somalia\n\nSomali forces are now in charge of Marka after the militants fled.\n")
    )
    for sentence in ("Somali forces are now in charge of security in Marka.", "Elders are now in charge of Marka."):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_wresting_a_town_from_a_side_and_forces_allied_with_a_government(extract) -> None:
    wrested = captured(
        extract("Fighting in Somalia\n\nSomali government forces wrested Marka from the Varan Front in April.\n")
    )
    assert [a.country for a in wrested["Marka"].agents] == ["SO"]
    allied = captured(extract("Fighting in Somalia\n\nForces allied with the government captured the town of Marka.\n"))
    assert [a.country for a in allied["Marka"].agents] == ["SO"]


def test_gunmen_named_after_a_group_are_its_members(extract) -> None:
    text = "Fighting in Somalia\n\nSoldiers fled as Varan Haram gunmen overran the town of Marka.\n"
    assert [a.kind for a in captured(extract(text))["Marka"].agents] == ["ArmedGroup"]


def test_a_loss_is_the_losers_not_the_takers(extract) -> None:
    event = captured(extract("Fighting in Somalia\n\nThe Varan Front's loss of Marka was a heavy blow.\n"))["Marka"]
    assert all(a.label != "Varan Front" for a in event.agents)


def test_a_town_that_became_the_sixth_to_fall(extract) -> None:
    assert "Marka" in captured(extract("Fighting in Somalia\n\nMarka, a port town, became the sixth to fall.\n"))
    assert "Marka" in captured(extract("Fighting in Somalia\n\nMarka was the first to fall.\n"))
    for sentence in (
        "Marka will be the next to fall.",
        "Marka would become the ninth town to be captured by the Varan Front if it fell.",
    ):
        assert captured(extract(f"Fighting in Somalia\n\n{sentence}\n")) == {}, sentence


def test_the_town_described_as_a_provinces_capital_after_a_comma(extract) -> None:
    text = "Fighting in Northmark\n\nThe insurgents overran the town, the provincial capital of Northmark, on Sunday.\n"
    assert "Vellport" in captured(extract(text))


def test_a_compound_and_a_headquarters_are_two_facilities(extract) -> None:
    text = "Fighting in Somalia\n\nThe militants captured the governor's compound and police headquarters in Marka.\n"
    assert {"Marka governor compound", "Marka police headquarters"} <= set(captured(extract(text)))
    order = captured(extract("Fighting in Somalia\n\nThe militants captured the airport and Marka police station.\n"))
    assert "Marka police station" in order and not any(not p.label for e in order.values() for p in e.places)
    station = "Fighting in Somalia\n\nThe militants captured the Marka airport police station.\n"
    assert not any(p.kind == "Airport" for e in captured(extract(station)).values() for p in e.places)


def test_a_taking_after_which_people_try_to_flee_happened(extract) -> None:
    text = (
        "Fighting in South Sudan\n\nThousands have fled to Vellport, and some are now trying to cross the border "
        "after government forces took control of Dunmere on Wednesday.\n"
    )
    assert "Dunmere" in captured(extract(text))
    aim = "Fighting in South Sudan\n\nThe rebels are trying to take control of Dunmere.\n"
    assert "Dunmere" not in captured(extract(aim))


def test_an_order_to_take_a_place_and_the_objective_of_taking_it_are_no_capture(extract) -> None:
    order = (
        'Fighting in Chad\n\nThe general gave his order: "Go to Dunmere. Take the governor\'s palace and the town!"\n'
    )
    assert not captured(extract(order))
    objective = (
        "Fighting in Chad\n\nThe police found the rebels' plan to launch an assault on 20 August, with the primary "
        "objective of taking Dunmere.\n"
    )
    assert "Dunmere" not in captured(extract(objective))
    done = "Fighting in Chad\n\nThe rebels took Dunmere on 20 August, the primary objective of their assault.\n"
    assert "Dunmere" in captured(extract(done))


def test_a_passive_sharing_its_were_with_the_clause_before_is_a_passive(extract) -> None:
    text = "Fighting in Greece\n\nThe Ottoman lines were breached and Athens taken on Monday by the Greek army.\n"
    assert "Athens" in captured(extract(text))


def test_a_plan_to_leave_after_a_taking_is_no_taking(extract) -> None:
    text = "Fighting in Chad\n\nUnder the deal, the rebels would withdraw after government troops entered Dunmere.\n"
    assert "Dunmere" not in captured(extract(text))
