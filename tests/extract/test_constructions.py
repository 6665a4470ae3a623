"""Capture constructions, one made-up sentence (or entry) each, with invented places and groups.

Each test names the construction class it covers; `kg eval` reports recall by the same classes.
"""

from __future__ import annotations

from tests.extract.helpers import captured, captures

HEADER = "Fighting in the north\nAugust 12, 2021\n\n"


# ---- dated list entries ------------------------------------------------------------------------


def test_dated_entry_gives_its_date_and_heading_place_to_the_city(extract) -> None:
    found = captured(
        extract(HEADER + "August 6 – Vellport: The Vale Front seize control of the city after days of fighting.\n")
    )
    assert set(found) == {"Vellport"}
    assert found["Vellport"].time is not None and found["Vellport"].time.value == "2021-08-06"
    assert [a.label for a in found["Vellport"].agents] == ["Vale Front"]


def test_dated_entry_about_the_province_is_about_its_heading_capital(extract) -> None:
    found = captured(
        extract(
            HEADER
            + "August 7 – Vellport: The insurgents say they have taken control of the northern province of Northmark.\n"
        )
    )
    assert set(found) == {"Vellport"}
    assert found["Vellport"].time.value == "2021-08-07"


def test_dated_entry_without_a_capture_gives_none(extract) -> None:
    assert captures(extract(HEADER + "August 9 – Vellport: Fighting continues near the city, residents say.\n")) == []


# ---- "the capital of X" ------------------------------------------------------------------------------


def test_capital_of_a_province_is_the_capital_not_the_province(extract) -> None:
    found = captured(
        extract(HEADER + "The Vale Front seized the capital of the northern province of Northmark on Tuesday.\n")
    )
    assert set(found) == {"Vellport"}


def test_capitals_of_two_provinces(extract) -> None:
    found = captured(extract(HEADER + "The insurgents captured the capitals of Northmark and Southmark.\n"))
    assert set(found) == {"Vellport", "Dunmere"}


def test_a_place_taken_along_with_the_capitals_of_two_provinces(extract) -> None:
    text = (
        HEADER
        + "Vale Front fighters overran large parts of Qorvash along with the capitals of Northmark and Southmark provinces on Sunday.\n"
    )
    assert {"Vellport", "Dunmere"} <= set(captured(extract(text)))


def test_took_over_a_city_the_parser_made_the_subject_of_a_later_clause(extract) -> None:
    text = (
        HEADER
        + "Earlier Sunday, the Vale Front took over Dunmere, capital of Southmark province and the last major city outside the capital to have been under government control.\n"
    )
    assert set(captured(extract(text))) == {"Dunmere"}


def test_a_copula_names_the_capital_a_participle_says_was_seized(extract) -> None:
    found = captured(
        extract(HEADER + "Dunmere is the other capital seized by soldiers believed to be loyal to the Vale Front.\n")
    )
    assert set(found) == {"Dunmere"}


def test_the_eastern_capital_of_a_province_fell(extract) -> None:
    found = captured(
        extract(HEADER + "The eastern capital of the Southmark province fell to the Vale Front on Monday.\n")
    )
    assert set(found) == {"Dunmere"}
    assert [a.label for a in found["Dunmere"].agents] == ["Vale Front"]


# ---- descriptors for places ----------------------------------------------------------------------


def test_the_provincial_capital_is_the_city_just_named(extract) -> None:
    text = (
        HEADER
        + "The Vale Front attacked Vellport from three sides. By nightfall they had captured the provincial capital.\n"
    )
    assert set(captured(extract(text))) == {"Vellport"}


def test_a_nations_capital_by_its_demonym(extract) -> None:
    found = captured(extract(HEADER + "Rebels entered the Chadian capital unopposed on Sunday.\n"))
    assert [p.country for e in found.values() for p in e.places] == ["TD"]
    assert all(p.kind == "City" for e in found.values() for p in e.places)


def test_a_bare_capital_is_the_capital_of_the_country_the_article_is_about(extract) -> None:
    text = HEADER + "Rebels from Chad's north advanced for weeks. On Sunday the rebels took over the capital.\n"
    places = [p for e in captures(extract(text)) for p in e.places]
    assert [p.country for p in places] == ["TD"]


# ---- phrasal and less common triggers -------------------------------------------------------------


def test_took_over(extract) -> None:
    assert set(captured(extract(HEADER + "The Vale Front took over Dunmere on Friday.\n"))) == {"Dunmere"}


def test_fell_to(extract) -> None:
    found = captured(extract(HEADER + "Dunmere fell to the Vale Front on Friday.\n"))
    assert [a.label for a in found["Dunmere"].agents] == ["Vale Front"]


def test_fell_under_someones_control(extract) -> None:
    found = captured(extract(HEADER + "After two days of clashes Dunmere fell under the Vale Front's control.\n"))
    assert [a.label for a in found["Dunmere"].agents] == ["Vale Front"]


def test_claimed_victory_in(extract) -> None:
    found = captured(extract(HEADER + "The Vale Front claimed victory in Dunmere on Friday.\n"))
    assert found["Dunmere"].attributed


def test_entered_effectively_is_a_capture(extract) -> None:
    found = captured(
        extract(HEADER + "The Vale Front entered Dunmere on Friday, completing their takeover of the south.\n")
    )
    assert set(found) == {"Dunmere"}


def test_entered_without_control_is_an_assault(extract) -> None:
    extraction = extract(HEADER + "The Vale Front entered Dunmere on Friday and clashed with police.\n")
    assert captures(extraction) == []
    assert "Assault" in {e.kind for e in extraction.events}


def test_overran_large_parts_of(extract) -> None:
    assert set(captured(extract(HEADER + "The insurgents overran large parts of Vellport overnight.\n"))) == {
        "Vellport"
    }


def test_allowed_to_take_control_happened(extract) -> None:
    text = HEADER + "The siege of Vellport ended on Sunday, allowing the Vale Front to take control of the city.\n"
    assert set(captured(extract(text))) == {"Vellport"}


def test_retook_two_places_no_model_knows(extract) -> None:
    found = captured(extract(HEADER + "Government troops retook Qorvash and Elmbrook on Friday.\n"))
    assert set(found) == {"Qorvash", "Elmbrook"}


def test_having_taken_over_two_towns_no_gazetteer_knows(extract) -> None:
    found = captured(
        extract(
            HEADER
            + "On Monday, the Vale Front, having taken over Qorvash and Elmbrook, threatened to march on Dunmere.\n"
        )
    )
    assert set(found) == {"Qorvash", "Elmbrook"}  # "over" read as a preposition; the participle's subject is the agent
    assert all([a.label for a in e.agents] == ["Vale Front"] for e in found.values())


def test_a_place_after_a_distance_only_locates_the_place_taken(extract) -> None:
    text = (
        HEADER
        + "The Vale Front took control of the town of Qorvash, less than 100 kilometers from the capital, Dunmere, on Monday.\n"
    )
    assert set(captured(extract(text))) == {"Qorvash"}


def test_a_place_the_losers_retreated_to_is_not_the_city_retaken(extract) -> None:
    text = HEADER + (
        "Dunmere was seized by the Vale Front in April. After three months of fighting, government troops "
        "retook the city as the insurgents retreated to Vellport.\n"
    )
    assert "Vellport" not in captured(extract(text))


def test_a_title_case_headline_near_a_place_does_not_take_it(extract) -> None:
    text = "Government Troops Seize Major Rebel Town Near Dunmere\nAugust 12, 2021\n\nGovernment troops took control of Qorvash on Sunday.\n"
    assert "Dunmere" not in captured(extract(text))


def test_a_place_name_opening_an_organisations_name_is_the_organisation(extract) -> None:
    extraction = extract(
        HEADER + "Dunmere was seized by the separatist group, the Vellport People's Republic, on Monday.\n"
    )
    (mention,) = [m for m in extraction.mentions if m.text.startswith("Vellport")]
    assert mention.text == "Vellport People's Republic" and not mention.entity.is_place


def test_a_period_beginning_on_a_day_dates_the_capture(extract) -> None:
    found = captured(
        extract(
            HEADER + "The town of Dunmere was occupied by the Vale Front for nine days, beginning on 3 August 2021.\n"
        )
    )
    assert found["Dunmere"].time is not None and found["Dunmere"].time.value == "2021-08-03"


def test_an_undated_articles_headline_year_dates_its_days(extract) -> None:
    text = "Battle of Dunmere (2021)\n\nThe fighting lasted until the city of Dunmere was overrun by the Vale Front on 8 August.\n"
    found = captured(extract(text, published=None))
    assert found["Dunmere"].time is not None and found["Dunmere"].time.value == "2021-08-08"
    two_years = "Dunmere, 2020 and 2021\n\nThe city of Dunmere was overrun by the Vale Front on 8 August.\n"
    assert captured(extract(two_years, published=None))["Dunmere"].time is None  # which year, the headline does not say


# ---- facilities ----------------------------------------------------------------------------------


def test_an_airport_taken_is_linked_to_its_city(extract) -> None:
    extraction = extract(
        HEADER + "The siege ended, allowing the Vale Front to take control of the airport in Vellport.\n"
    )
    (event,) = captures(extraction)
    (place,) = event.places
    assert place.kind == "Airport" and place.located_in is not None and place.located_in.endswith("/city/vellport")


def test_a_prison_and_police_headquarters_in_a_list(extract) -> None:
    text = (
        HEADER
        + "The Vale Front took control of the main areas of Dunmere: the governor's office, the police headquarters and the prison.\n"
    )
    kinds = {p.kind for e in captures(extract(text)) for p in e.places}
    assert "Prison" in kinds


def test_a_named_border_crossing(extract) -> None:
    found = captured(extract(HEADER + "The insurgents seized the Ashford border crossing on Wednesday.\n"))
    assert [p.kind for e in found.values() for p in e.places] == ["BorderCrossing"]


def test_an_institution_taken_without_the_is_a_facility_of_the_city_just_named(extract) -> None:
    text = HEADER + "Vale Front fighters entered Dunmere on Monday, seizing control of a presidential palace.\n"
    labels = {p.label: p for e in captures(extract(text)) for p in e.places}
    assert "Dunmere presidential palace" in labels
    assert labels["Dunmere presidential palace"].located_in.endswith("/city/dunmere")


def test_bases_in_a_town_no_gazetteer_knows_are_that_towns_bases(extract) -> None:
    text = HEADER + "On Monday, tribesmen took over two deserted army bases in Qorvash and Elmbrook, near Dunmere.\n"
    labels = {p.label for e in captures(extract(text)) for p in e.places}
    assert "Qorvash army base" in labels  # "bases": spaCy's lemma is "basis"; the parser hangs "in" on the verb


def test_a_definite_institution_after_another_facility_is_a_facility_of_its_own(extract) -> None:
    text = (
        HEADER
        + "The Vale Front took the airport in Vellport on Sunday. On Monday, the group captured the government headquarters.\n"
    )
    labels = {p.label for e in captures(extract(text)) for p in e.places}
    assert {"Vellport airport", "Vellport government headquarters"} <= labels


def test_named_buildings_listed_after_several_buildings_in_the_city_are_taken(extract) -> None:
    text = HEADER + (
        "Vale Front fighters attacked Dunmere on Monday and occupied several buildings in the city, "
        "including Dunmere City Hall, Korvane State University and the city jail.[12]\n"
    )
    extraction = extract(text)
    labels = {p.label for e in captures(extraction) for p in e.places}
    assert {"Dunmere City Hall", "Korvane State University"} <= labels
    assert not any(m.text == "[12]" for m in extraction.mentions)  # a citation marker is no name


def test_an_unnamed_facility_before_its_town_is_named_after_the_town(extract) -> None:
    text = (
        HEADER
        + "Reports said the insurgents took control of an army corps base in Dunmere after hundreds of soldiers surrendered.\n"
    )
    assert "Dunmere army corps base" in {p.label for e in captures(extract(text)) for p in e.places}


def test_the_prison_there_is_the_prison_of_the_place_just_named(extract) -> None:
    text = HEADER + "The Vale Front said its fighters captured the Dunmere air base and the prison there.\n"
    assert "Dunmere air base prison" in {p.label for e in captures(extract(text)) for p in e.places}


def test_the_city_hall_in_the_city_of_x(extract) -> None:
    text = HEADER + "Police have driven the insurgents out of the city hall in the eastern city of Dunmere.\n"
    assert "Dunmere city hall" in {p.label for e in captures(extract(text)) for p in e.places}


def test_now_control_it(extract) -> None:
    text = HEADER + "Residents said Vale Front fighters attacked the town of Qorvash late Friday and now control it.\n"
    assert set(captured(extract(text))) == {"Qorvash"}


def test_unnumbered_government_buildings_are_no_facility(extract) -> None:
    text = HEADER + "The Vale Front captured Vellport on Monday and seized several government buildings.\n"
    assert {p.label for e in captures(extract(text)) for p in e.places} == {"Vellport"}


# ---- a side's own claim ------------------------------------------------------------------------------


def test_a_sides_own_claim_is_a_claimed_capture(extract) -> None:
    extraction = extract(
        HEADER + "The Vale Front said they had captured Dunmere, a claim that could not be verified.\n"
    )
    found = captured(extraction)
    assert set(found) == {"Dunmere"}
    assert found["Dunmere"].attributed
    assert extraction.claims and extraction.claims[0].unconfirmed


# ---- gates: what is not a capture ----------------------------------------------------------------------


def test_the_army_saying_it_defeated_the_militants_bears_out_its_retaking(extract) -> None:
    text = HEADER + (
        "The army says it has retaken Dunmere from the Vale Front.\n"
        'The army said on Monday, "Our troops have defeated the militants in Dunmere."\n'
    )
    extraction = extract(text)
    (index,) = [i for i, e in enumerate(extraction.events) if e.kind == "TakeControl"]
    (defeated,) = [c for c in extraction.claims if "defeated" in c.quote]
    assert index in defeated.supports and index not in defeated.disputes


def test_the_subject_of_a_counterattack_retook_the_places(extract) -> None:
    # the parser hangs "retook" on the noun "counterattack"; the troops are still who retook them
    text = (
        HEADER
        + "The governor tells reporters that government troops launched a counterattack and retook Dunmere and Qorvash on Monday.\n"
    )
    found = captured(extract(text))
    assert set(found) == {"Dunmere", "Qorvash"}
    assert all(e.agents and e.agents[0].kind == "MilitaryForce" for e in found.values())


def test_threat_is_not_a_capture(extract) -> None:
    extraction = extract(HEADER + "The Vale Front threatened to capture Vellport within days.\n")
    assert captures(extraction) == []
    assert "Threat" in {e.kind for e in extraction.events}


def test_modal_is_not_a_capture(extract) -> None:
    assert captures(extract(HEADER + "Officials warned the insurgents could take Vellport within 90 days.\n")) == []


def test_negation_is_not_a_capture(extract) -> None:
    assert captures(extract(HEADER + '"Vellport has not fallen and it will not fall," the governor said.\n')) == []


def test_question_is_not_a_capture(extract) -> None:
    assert captures(extract(HEADER + "Will the Vale Front capture Vellport before winter?\n")) == []


def test_plans_are_not_a_capture(extract) -> None:
    assert captures(extract(HEADER + "The Vale Front has set its sights on Vellport.\n")) == []


def test_denial_is_not_an_asserted_capture(extract) -> None:
    extraction = extract(HEADER + "The ministry denied that Vellport had fallen to the insurgents.\n")
    assert all(e.attributed for e in captures(extraction))


def test_plural_towns_are_not_the_last_city_named(extract) -> None:
    text = HEADER + "Troops patrolled Vellport on Monday. Officials visited the newly liberated towns.\n"
    assert captures(extract(text)) == []


def test_a_subject_of_its_own_clause_is_not_in_the_list(extract) -> None:
    text = (
        HEADER
        + "On Friday the Vale Front had retaken full control of Dunmere, and the Vellport airport was reopened.\n"
    )
    assert set(captured(extract(text))) == {"Dunmere"}


# ---- a side dislodged, control changing hands -----------------------------------------------------


def test_drove_them_out_of_a_place_is_a_capture_by_the_driver(extract) -> None:
    found = captured(extract(HEADER + "Government troops drove the Vale Front out of Dunmere on Monday.\n"))
    assert set(found) == {"Dunmere"}
    assert found["Dunmere"].agents and found["Dunmere"].agents[0].kind in ("MilitaryForce", "ForeignForce")


def test_driven_from_a_place_by_a_side(extract) -> None:
    found = captured(extract(HEADER + "The insurgents were driven from Dunmere by the Vale Front on Monday.\n"))
    assert [a.label for a in found["Dunmere"].agents] == ["Vale Front"]


def test_lost_control_of_a_place_to_a_side(extract) -> None:
    found = captured(extract(HEADER + "The army lost control of Dunmere to the Vale Front on Friday.\n"))
    assert [a.label for a in found["Dunmere"].agents] == ["Vale Front"]


def test_came_under_the_control_of(extract) -> None:
    found = captured(extract(HEADER + "The town of Dunmere came under the control of the Vale Front on Saturday.\n"))
    assert [a.label for a in found["Dunmere"].agents] == ["Vale Front"]


def test_now_in_control_of_is_a_capture_but_remaining_in_control_is_not(extract) -> None:
    assert set(captured(extract(HEADER + "The Vale Front is now in control of Dunmere, residents said.\n"))) == {
        "Dunmere"
    }
    assert captures(extract(HEADER + "Government troops remain in control of Dunmere despite the attacks.\n")) == []


def test_a_town_no_gazetteer_knows_is_kept_when_the_text_calls_it_a_town(extract) -> None:
    assert set(captured(extract(HEADER + "The Vale Front seized the town of Qorvash on Monday.\n"))) == {"Qorvash"}


def test_an_attack_repelled_and_preparations_are_not_captures(extract) -> None:
    assert captures(extract(HEADER + "The Vale Front attacked Dunmere on Monday but was repelled.\n")) == []
    assert captures(extract(HEADER + "Government troops are preparing to retake Dunmere from the Vale Front.\n")) == []


def test_close_to_capturing_and_on_the_verge_of_falling_are_not_captures(extract) -> None:
    assert captures(extract(HEADER + "The Vale Front appeared to be close to capturing Vellport on Monday.\n")) == []
    assert captures(extract(HEADER + "Dunmere was on the verge of falling to the Vale Front.\n")) == []


def test_an_ethnic_adjective_before_a_town_is_no_place_name(extract) -> None:
    found = captured(extract(HEADER + "The Vale Front captured the mainly Kurdish town of Dunmere on Monday.\n"))
    assert set(found) == {"Dunmere"}


# ---- round 8: a province named for its capital, "when" clauses, appositions described later -------------


def test_a_province_name_with_its_capital_in_parentheses_is_the_capital(extract) -> None:
    text = "Fall of Northmark\n\nThe Fall of Northmark occurred on 9 August 2021 when the Vale Front captured Northmark (Vellport), the capital of the province.\n"
    found = captured(extract(text))
    assert set(found) == {"Vellport"}  # the province of the title and of "the fall of" is the same place: its capital
    assert found["Vellport"].time.value == "2021-08-09"  # the date the "when" clause qualifies


def test_a_town_an_apposition_describes_is_the_place_its_relative_clause_reports_taken(extract) -> None:
    text = (
        HEADER
        + "The village of Dunmere lies 150 kilometers south of Vellport, the first town that the Vale Front captured on August 3.\n"
    )
    found = captured(extract(text))
    assert set(found) == {"Vellport"}


# ---- round 9: ledes after headlines, entries, particles, perfect infinitives, routes and seats ------------


def test_a_lede_after_a_headline_is_one_sentence(extract) -> None:
    extraction = extract("Insurgents Advance in the North\n\nVellport fell to the Vale Front on Sunday.\n")
    assert "Vellport fell to the Vale Front on Sunday." in [s.text for s in extraction.sentences]
    assert set(captured(extraction)) == {"Vellport"}


def test_taken_over_with_the_place_as_the_particles_object(extract) -> None:
    assert set(captured(extract(HEADER + "The Vale Front have taken over Vellport.\n"))) == {"Vellport"}


def test_an_uncontested_entry_is_a_capture_and_a_contested_one_is_not(extract) -> None:
    assert set(captured(extract(HEADER + "Vale Front fighters entered Vellport on Sunday.\n"))) == {"Vellport"}
    assert set(captured(extract(HEADER + "Government troops moved into Vellport on Monday.\n"))) == {"Vellport"}
    contested = (
        HEADER + "Vale Front fighters entered Vellport on Sunday. However, they were repelled by government troops.\n"
    )
    assert captured(extract(contested)) == {}
    assert captured(extract(HEADER + "Vale Front fighters entered the outskirts of Vellport on Sunday.\n")) == {}


def test_a_side_that_claims_to_have_taken_a_place_reports_a_capture(extract) -> None:
    assert set(captured(extract(HEADER + "The Vale Front claimed to have taken Vellport on Sunday.\n"))) == {"Vellport"}
    assert captured(extract(HEADER + "The Vale Front hoped to take Vellport on Sunday.\n")) == {}


def test_the_city_is_not_the_seat_of_a_government_nor_where_a_road_leads(extract) -> None:
    text = HEADER + (
        "The Vale Front say they have captured the city of Vellport from the government in Dunmere.\n"
        "A spokesman said on Monday the city fell within hours.\n"
        "Earlier, the Vale Front seized the road junction leading to Dunmere, and captured most of the city.\n"
    )
    assert set(captured(extract(text))) == {"Vellport"}


def test_a_flag_raised_over_a_place_is_its_capture(extract) -> None:
    assert set(captured(extract(HEADER + "The Vale Front raised their flag over Vellport on Sunday.\n"))) == {
        "Vellport"
    }
    found = captured(
        extract(HEADER + "Government troops raised the national flag over the administration building in Vellport.\n")
    )
    assert [p.kind for e in found.values() for p in e.places] == ["Facility"]


def test_stations_plants_barracks_and_camps_are_facilities_but_a_refugee_camp_is_not_taken(extract) -> None:
    text = (
        HEADER
        + "The Vale Front seized the radio station, the cement plant and an army barracks in Vellport on Sunday.\n"
    )
    kinds = sorted(p.kind for e in captures(extract(text)) for p in e.places)
    assert kinds == ["Facility", "Facility", "MilitaryBase"]
    assert captures(extract(HEADER + "The Vale Front overran a camp for displaced people near Vellport.\n")) == []


def test_the_camp_is_a_camp_named_before_not_another_base(extract) -> None:
    text = (
        HEADER
        + "The Vale Front attacked an army post near the police base in Vellport. The fighters overran the camp.\n"
    )
    assert not [p for e in captures(extract(text)) for p in e.places if "base" in p.label]


def test_a_town_naming_a_listed_facility_is_not_taken_itself(extract) -> None:
    text = HEADER + "The Vale Front captured Vellport cement plant, Dunmere station and the water station.\n"
    labels = {p.label for e in captures(extract(text)) for p in e.places}
    assert "Dunmere" not in labels and any("station" in label for label in labels)


# ---- round 9c: ranked falls, surrendered towns, "now under control", places lost to a side ---------------


def test_the_nth_capital_to_fall_fell_but_the_next_to_fall_did_not(extract) -> None:
    assert set(
        captured(extract(HEADER + "Vellport became the second provincial capital to fall to the Vale Front.\n"))
    ) == {"Vellport"}
    assert (
        captured(extract(HEADER + "Vellport could be the next provincial capital to fall to the Vale Front.\n")) == {}
    )


def test_a_town_that_surrendered_or_whose_surrender_was_negotiated_passed_to_the_side(extract) -> None:
    found = captured(extract(HEADER + "The city of Vellport surrendered to the Vale Front on Friday.\n"))
    assert set(found) == {"Vellport"} and found["Vellport"].kind == "Handover"
    assert [a.label for a in found["Vellport"].agents] == ["Vale Front"]
    assert set(
        captured(extract(HEADER + "Local elders negotiated the surrender of Vellport to the Vale Front.\n"))
    ) == {"Vellport"}


def test_a_place_now_under_a_sides_control_or_lost_to_it_or_whose_control_it_claims(extract) -> None:
    assert set(captured(extract(HEADER + "Vellport is now under Vale Front control, officials said.\n"))) == {
        "Vellport"
    }
    lost = captured(extract(HEADER + "Government troops lost Vellport to the Vale Front on Friday.\n"))
    assert [a.label for a in lost["Vellport"].agents] == ["Vale Front"]
    assert set(captured(extract(HEADER + "The Vale Front claimed control of Vellport.\n"))) == {"Vellport"}


def test_the_governors_office_is_a_facility_and_pushing_into_a_town_takes_it(extract) -> None:
    found = captured(extract(HEADER + "Fighters raised the Vale Front flag over the governor's office in Vellport.\n"))
    assert [p.kind for e in found.values() for p in e.places] == ["Facility"]
    assert set(captured(extract(HEADER + "The Vale Front pushed into Vellport on Friday.\n"))) == {"Vellport"}


# ---- round 9d: victory declared, places cleared, freed, back in a side's hands, lost -----------------------


def test_victory_declared_cleared_freed_and_back_in_hands_are_captures(extract) -> None:
    for sentence in (
        "Government forces declared victory over the Vale Front in Vellport.",
        "The army said it had cleared Vellport of militants.",
        "Vellport was freed from Vale Front control on Tuesday.",
        "Vellport is back in government hands.",
        "The Vale Front now hold most of Vellport.",
        "The Vale Front lost Vellport on Tuesday.",
    ):
        assert set(captured(extract(HEADER + sentence + "\n"))) == {"Vellport"}, sentence


def test_freeing_hostages_or_a_besieged_base_and_clearing_a_road_are_not_captures(extract) -> None:
    for sentence in (
        "Troops freed 20 hostages in Vellport.",
        "Troops managed to free the army base in Vellport.",
        "The Vale Front cleared the road of mines.",
        "The army lost 20 soldiers in Vellport.",
    ):
        assert captured(extract(HEADER + sentence + "\n")) == {}, sentence
