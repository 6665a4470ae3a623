"""Towns no gazetteer knows, made places by what a side does to them ("Ethiopia took X", "the militia took
control of X", "Eritrea abandoned X ... took the town", "X fell to ISIL forces") or by a description ("X
(...) is a city in ..."); control exerted on a day, "was able to retake", sub-districts, castles, a facility
named by its town before its country, a date shared by a conjoined verb, a month-day's year from the
chronology; and what is no town: a headline's capitalised common words, a battle named after a town,
the region unnamed towns lie in. Made-up sentences: invented towns; real countries only where the side
must be known."""

from __future__ import annotations

from tests.extract.helpers import captured, captures


def test_a_name_a_country_or_its_forces_took_is_a_town(extract) -> None:
    taken = captured(extract("Fighting in Eritrea\n\nEthiopia took Zendabar in heavy fighting on Tuesday.\n"))
    assert [a.label for a in taken["Zendabar"].agents] == ["Ethiopia armed forces"]
    control = captured(extract("Fighting in Somalia\n\nThe militia took control of Malutu on Sunday.\n"))
    assert "Malutu" in control
    seized = captured(extract("Fighting in Sudan\n\nSouth Sudanese troops seized Korvessa on Tuesday.\n"))
    assert "Korvessa" in seized  # tagged a person by the model: no sign in the article that it is one
    described = extract("Fighting in Somalia\n\nThe rebels seized Zendabar, a strategic crossroads, on Sunday.\n")
    assert "Zendabar" in captured(described)


def test_a_person_a_side_took_is_no_town(extract) -> None:
    prisoner = extract("Fighting in Nigeria\n\nThe army took Zendabar prisoner on Tuesday.\n")
    assert not captures(prisoner)
    named = extract(
        "Fighting in Nigeria\n\nAbubakar Zendabar leads the group. The army captured Zendabar in a raid on Tuesday.\n"
    )
    assert not captures(named)
    speaker = extract("Fighting in Nigeria\n\nZendabar said the group would fight on. The army seized Zendabar.\n")
    assert not captures(speaker)
    for person in (
        "The troops captured Zendabar, a senior commander, on Tuesday.",
        "The army took Zendabar to court on Tuesday.",
        "The militants took Zendabar with them on Tuesday.",
        "The army captured Zendabar and his bodyguards on Tuesday.",
    ):
        assert "Zendabar" not in captured(extract(f"Fighting in Nigeria\n\n{person}\n")), person
    headline = extract("Troops Seize Major Rebel Town\n\nThe fighting went on for days.\n")
    assert "Rebel Town" not in captured(headline)


def test_the_town_a_side_abandoned_is_the_one_the_other_took(extract) -> None:
    extraction = extract(
        "Fighting in Eritrea\n\nEritrea says it abandoned Zendabar in a tactical retreat. Ethiopia says it took the "
        "town in heavy fighting.\n"
    )
    assert [a.label for a in captured(extraction)["Zendabar"].agents] == ["Ethiopia armed forces"]
    withdrew = extract(
        "Fighting in Eritrea\n\nEritrean troops withdrew from Zendabar on Monday. Ethiopia took the town on Tuesday.\n"
    )
    assert "Zendabar" in captured(withdrew)


def test_control_exerted_on_a_day_is_taken_but_control_exerted_is_held(extract) -> None:
    exerted = extract("Fighting in Syria\n\nOn 18 March, the rebel factions exerted control over Qorvale city.\n")
    assert captured(exerted)["Qorvale"].time.value == "2021-03-18"
    for holds in ("exert control over Qorvale city", "exerted control over Qorvale city for years"):
        assert not captures(extract(f"Fighting in Syria\n\nThe rebel factions {holds}.\n"))


def test_a_sub_district_is_a_district(extract) -> None:
    extraction = extract("Fighting in Iraq\n\nGovernment forces took control of Qorvale sub-district on Sunday.\n")
    taken = captured(extraction)
    assert taken["Qorvale"].places[0].kind == "District"


def test_a_castle_captured_is_the_castle_named_before(extract) -> None:
    extraction = extract(
        "Fighting in Lebanon\n\nThe battle of Zendabar Castle began on June 6. It ended with the rebels capturing "
        "the castle.\n"
    )
    assert "Zendabar Castle" in captured(extraction)


def test_a_facility_is_named_by_its_town_not_its_country(extract) -> None:
    extraction = extract("Fighting in the North\n\nGovernment forces have seized Afghanistan's Vellport airport.\n")
    assert "Vellport airport" in captured(extraction)


def test_a_date_after_a_conjoined_verb_dates_the_capture_before_it(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nThe army announced that it had retaken Qorvale town and secured much of the "
        "surrounding area on 22 July.\n"
    )
    assert captured(extraction)["Qorvale"].time.value == "2021-07-22"
    own = extract("Fighting in Iraq\n\nThe army retook Qorvale town on 20 July and secured Barsolo town on 22 July.\n")
    assert captured(own)["Qorvale"].time.value == "2021-07-20"
    later = extract("Fighting in Iraq\n\nThe army retook Qorvale town and will hand it to the police on 1 September.\n")
    assert captured(later)["Qorvale"].time is None


def test_a_headline_dash_is_no_part_of_a_name(extract) -> None:
    extraction = extract("Troops Occupy Most of Zendabar Airport - 2003\n\nThe troops occupied the airport.\n")
    assert set(captured(extraction)) == {"Zendabar Airport"}


def test_a_town_that_fell_to_a_side_is_a_town(extract) -> None:
    taken = captured(extract("Fighting in Libya\n\nAfter Zendabar fell to ISIL forces, the militants moved west.\n"))
    assert "Zendabar" in taken
    death = extract("Fighting in Libya\n\nAfter Zendabar fell to his death, the militants moved west.\n")
    assert not captures(death)


def test_was_able_to_retake_is_a_retaking_but_will_be_able_to_is_not(extract) -> None:
    able = captured(extract("Fighting in Chad\n\nThe army was able to reclaim the northern town of Qorvale.\n"))
    assert [a.label for a in able["Qorvale"].agents] == ["Chad armed forces"]
    unarmed = extract("Fighting in Chad\n\nGovernment troops with no air support were able to reclaim Qorvale town.\n")
    assert "Qorvale" in captured(unarmed)
    for unsure in (
        "The army was not able to reclaim",
        "The army will be able to reclaim",
        "The army would be able to reclaim",
        "Neither side was able to reclaim",
        "No force was able to reclaim",
    ):
        assert not captures(extract(f"Fighting in Chad\n\n{unsure} the northern town of Qorvale.\n"))


def test_a_headlines_capitalised_common_words_are_no_town(extract) -> None:
    extraction = extract(
        "Militants Retake Strategic Town in the North\n\nMilitants have retaken a strategic town, Qorvale, after "
        "the troops withdrew.\n"
    )
    assert "Strategic Town" not in captured(extraction)
    pushed = extract(
        "Forces Say Insurgents Pushed from Strategic City\n\nForces say they have pushed insurgents out of the "
        "strategic capital of Qorvale.\n"
    )
    assert "Strategic City" not in captured(pushed)


def test_a_battle_named_after_a_town_is_no_person(extract) -> None:
    extraction = extract(
        "Battles of Zendabar (2020-2021)\n\nBetween December 7, 2020, and February 18, 2021, clashes broke out in "
        "and around the town of Zendabar. Rebels captured the town on December 22.\n",
        published=None,
    )
    assert captured(extraction)["Zendabar"].time.value == "2020-12-22"  # a look back from the last full date


def test_an_undated_month_day_follows_the_chronology_of_the_last_full_date(extract) -> None:
    extraction = extract(
        "Battle of the Coast\n\nOn 28 December 2014 the rebels attacked the town of Qorvale. On 2 January the "
        "rebels captured Qorvale.\n",
        published=None,
    )
    assert captured(extraction)["Qorvale"].time.value == "2015-01-02"
    forward = extract(
        "Battle of the Coast\n\nOn 10 January 2016 the rebels attacked the town of Qorvale. On 20 July the army "
        "retook Qorvale.\n",
        published=None,
    )
    assert captured(forward)["Qorvale"].time.value == "2016-07-20"
    later = extract(
        "Battle of the Coast\n\nOn 1 October 2020 the rebels attacked the town of Qorvale. On 15 February the "
        "army retook Qorvale.\n",
        published=None,
    )
    assert captured(later)["Qorvale"].time.value == "2021-02-15"


def test_a_name_described_as_a_city_before_a_parenthesis_is_the_town_taken_later(extract) -> None:
    extraction = extract(
        "Zendabar\n\nZendabar (local spelling: Zendaboow) is a city in southern Somalia, bordered by Kismayo and "
        "Jilib. The town was captured in 2006 by the rebels.\n",
        published=None,
    )
    taken = captured(extraction)
    assert "Zendabar" in taken and "Jilib" not in taken


def test_unnamed_towns_in_a_region_held_by_a_side_are_no_capture_of_the_region(extract) -> None:
    unnamed = extract(
        "Fighting in Somalia\n\nOther key towns in Northmark and Southmark are in the hands of the Vale Front.\n"
    )
    assert not captures(unnamed)
    named = extract("Fighting in Somalia\n\nThe towns of Qorvale and Barsolo are now in the hands of the Vale Front.\n")
    assert {"Qorvale", "Barsolo"} <= set(captured(named))
    counted = extract(
        "Fighting in Somalia\n\nThe rebels attacked the towns of Qorvale and Barsolo last week. The two towns are "
        "now under rebel control.\n"
    )
    assert {"Qorvale", "Barsolo"} <= set(captured(counted))


def test_a_town_that_fell_before_a_decision_fell(extract) -> None:
    extraction = extract(
        "Fighting in Libya\n\nAfter Qorvale fell to the rebels, the government decided to send reinforcements.\n"
    )
    assert "Qorvale" in captured(extraction)
    for unsure in (
        "When Qorvale falls to the rebels, the government plans",
        "After Qorvale falls, it will decide",
        "Once the rebels have seized Qorvale town, they intend",
    ):
        assert not captures(extract(f"Fighting in Libya\n\n{unsure} to send reinforcements.\n"))


def test_the_oil_port_of_a_town_is_the_town(extract) -> None:
    extraction = extract(
        "Fighting in Libya\n\nLoyalist forces drove the rebels from the eastern oil port of Zendabar.\n"
    )
    assert "Zendabar" in captured(extraction)


def test_a_plural_name_with_the_is_a_side_that_takes_towns(extract) -> None:
    taken = captured(
        extract(
            "Fighting in Yemen\n\nOn 25 March the Varnis seized Korvessa. Soon after the Varnis also captured "
            "Zendabar, where they took a minister prisoner.\n"
        )
    )
    assert sorted(taken) == ["Korvessa", "Zendabar"]
    assert [a.label for a in taken["Zendabar"].agents] == ["Varnis"]


def test_a_name_ending_in_air_base_is_a_base_whatever_the_model_said(extract) -> None:
    taken = captured(extract("Fighting in Yemen\n\nOn 25 March the rebels seized Zendabar Air Base after a battle.\n"))
    assert taken["Zendabar Air Base"].places[0].kind == "MilitaryBase"


def test_towns_reoccupied_are_taken(extract) -> None:
    taken = captured(
        extract("Fighting in Somalia\n\nOn July 13, the militants regrouped and reoccupied Zendabar and Malutu.\n")
    )
    assert sorted(taken) == ["Malutu", "Zendabar"]
    assert taken["Malutu"].time.value == "2021-07-13"


def test_a_town_named_with_its_article_in_either_case_is_one_town(extract) -> None:
    taken = captured(
        extract(
            "Fighting in Libya\n\nThe rebels advanced toward the town of al-Zendabar. Al-Zendabar was captured by "
            "the rebels on 7 July.\n"
        )
    )
    assert taken["Al-Zendabar"].time.value == "2021-07-07"


def test_what_a_liberation_frees_is_a_place_and_a_capture_after_a_town_taken_takes_it(extract) -> None:
    freed = extract("Fighting in Iraq\n\nThe envoy congratulated the government on the liberation of Zendabar.\n")
    assert "Zendabar" in captured(freed)
    town = extract(
        "Fighting in Somalia\n\nSomali troops have seized a key town from the militants. The AU force says the "
        "capture of Korvessa gives the government full control of the region.\n"
    )
    assert "Korvessa" in captured(town)
    for person in (
        "The army said on Monday that the capture of Korvessa was a great success.",  # no town taken before
        "Troops seized a key town. The police celebrated the capture of Korvessa, the group's leader, on Monday.",
    ):
        assert not captured(extract(f"Fighting in Somalia\n\n{person}\n")), person


def test_a_name_before_its_country_on_a_line_of_its_own_is_a_place(extract) -> None:
    dateline = extract(
        "Militants take port\n\nAl Zendabar, Yemen\n\nOfficials said the port was quiet.\n", published=None
    )
    assert [m.entity.kind for m in dateline.mentions if m.text == "Al Zendabar"] == ["Place"]  # NER: a person
    minister = extract("Talks resume\n\nAl Zendabar, Yemen's foreign minister, said talks would resume.\n")
    assert not any(m.entity.is_place for m in minister.mentions if m.text == "Al Zendabar")


def test_a_town_a_side_overran_described_without_a_relative_pronoun(extract) -> None:
    taken = captured(
        extract(
            "Fighting in Yemen\n\nThe officials said fighters clashed with troops outside Zendabar, a town the "
            "militants overran earlier this month.\n"
        )
    )
    assert [a.label for a in taken["Zendabar"].agents] == ["militants"]


def test_objects_after_a_second_date_share_the_verb(extract) -> None:
    taken = captured(
        extract(
            "Fighting in Somalia\n\nLast night the forces captured the village of Warhole, and yesterday Dhelbore "
            "and Gorofta, he said.\n"
        )
    )
    assert sorted(taken) == ["Dhelbore", "Gorofta", "Warhole"]


def test_a_name_after_the_town_is_the_town(extract) -> None:
    taken = captured(
        extract(
            "Fighting in Yemen\n\nResidents of the strategic town Lawkor rejoiced after the militants were thrown "
            "out of their town.\n"
        )
    )
    assert list(taken) == ["Lawkor"]


def test_weapons_a_side_seized_are_no_town(extract) -> None:
    seized = extract("Fighting in Yemen\n\nThe militants seized three Humvees and two Toyota Hiluxes on Sunday.\n")
    assert not captured(seized)
    fallen = extract(
        "Fighting in Libya\n\nThe rebels seized a key town on Sunday. Crowds in the capital celebrated the fall of "
        "Zendabar, the group's leader.\n"
    )
    assert "Zendabar" not in captured(fallen)


def test_a_flag_raised_over_a_town_is_the_flags_owners_capture(extract) -> None:
    found = captured(
        extract(
            "Fighting in Chechnya\n\nThe prime minister says the Russian flag has been raised over Chechnya's "
            "second largest city, Gudermes.\n"
        )
    )
    assert [a.country for a in found["Gudermes"].agents] == ["RU"]
    by = captured(
        extract("Fighting in Syria\n\nThe Turkish flag was raised over the town hall of Manbij by Syrian rebels.\n")
    )
    assert [a.label for e in by.values() for a in e.agents] == ["Syrian rebels"]  # who raised it, not whose it is


def test_an_entry_is_not_contested_by_a_participle_that_only_says_where(extract) -> None:
    found = captured(
        extract(
            "Fighting in Somalia\n\nThe force officially entered Kismayo on October 2nd, as al-Shabab militants had "
            "retreated from the town. The majority of the displaced headed to districts surrounding Kismayo.\n",
            published="2012-10-10",
        )
    )
    assert "Kismayo" in found


def test_a_flag_raised_on_the_outskirts_of_a_town_is_no_hold_on_it(extract) -> None:
    for sentence in (
        "Vale Front fighters raised two black flags on the outskirts of Vellport late Sunday.",
        "Two black flags were raised on the outskirts of Vellport late Sunday.",
    ):
        assert "Vellport" not in captured(extract(f"Fighting in the north\n\n{sentence}\n"))


def test_armed_groups_that_took_control_make_the_name_a_town(extract) -> None:
    text = (
        "Fighting in Iraq\n\nNew waves of displacement took place in Ninewa governorate as armed opposition groups "
        "(AOGs) took control of Tal Zendabar. Some families fled Tal Zendabar northwards.\n"
    )
    assert "Tal Zendabar" in captured(extract(text))


def test_the_stronghold_of_a_name_taken_is_a_town_but_not_a_persons_name(extract) -> None:
    text = "Fighting in Syria\n\nA government brigade captured the opposition stronghold of Bab Korvessa on Monday.\n"
    assert "Bab Korvessa" in captured(extract(text))
    person = (
        "Fighting in Syria\n\nGeneral Bab Korvessa said the war would go on. "
        "Troops captured the stronghold of Bab Korvessa on Monday.\n"
    )
    assert "Bab Korvessa" not in captured(extract(person))


def test_towns_over_run_are_taken(extract) -> None:
    text = "Fighting in Chad\n\nRebels over-ran the town of Zendabar on Monday.\n"
    assert "Zendabar" in captured(extract(text))


def test_the_stronghold_of_a_group_is_no_town(extract) -> None:
    text = "Fighting in Nigeria\n\nNigerian troops captured the last stronghold of Boko Haram on Monday.\n"
    assert "Boko Haram" not in captured(extract(text))
