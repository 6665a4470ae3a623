"""Actors no region pack knows: typed from the text's own cues, acronyms joined to their long
form, and generic descriptors read as the forces of the country the article is about."""

from __future__ import annotations

from kg.extract.entities.article import ArticleEntities
from tests.extract.helpers import captured


def _actor(extraction, text: str):
    found = [m.entity for m in extraction.mentions if m.text == text]
    assert found, [m.text for m in extraction.mentions]
    return found[0]


def test_acronym_and_long_form_are_one_armed_group(extract) -> None:
    text = (
        "Fighters of the Northern Liberation Army (NLA) advanced in Chad on Monday.\n"
        "NLA fighters captured Faya on Tuesday, residents said.\n"
    )
    extraction = extract(text, published="2021-04-20")
    long_form = _actor(extraction, "Northern Liberation Army")
    assert long_form.kind == "ArmedGroup"
    assert _actor(extraction, "NLA") == long_form


def test_a_group_noun_before_a_name_makes_it_an_armed_group(extract) -> None:
    extraction = extract(
        "The rebel group Kordan Jadid seized the town of Faya in Chad on Monday.\n", published="2021-04-20"
    )
    found = captured(extraction)
    agents = [a for e in found.values() for a in e.agents]
    assert [a.kind for a in agents] == ["ArmedGroup"]


def test_two_nationalities_of_troops_are_two_state_forces(extract) -> None:
    extraction = extract(
        "Chadian and Nigerien troops pushed the insurgents out of Diffa in Niger on Sunday.\n", published="2015-02-09"
    )
    forces = {
        m.entity.country: m.entity for m in extraction.mentions if m.entity.kind in ("MilitaryForce", "ForeignForce")
    }
    assert set(forces) == {"TD", "NE"}
    assert forces["NE"].kind == "MilitaryForce" and forces["TD"].kind == "ForeignForce"


def test_government_troops_are_the_forces_of_the_articles_country(extract) -> None:
    text = "Rebels attacked Faya in northern Chad on Monday. Government troops retook the town of Faya on Tuesday.\n"
    extraction = extract(text, published="2021-04-20")
    force = _actor(extraction, "Government troops")
    assert force.kind == "MilitaryForce" and force.country == "TD"
    assert force.iri is None  # not the built-in pack's forces of another country
    (event,) = [e for e in captured(extraction).values()]
    assert event.agents == (force,)


def test_the_rebels_are_the_armed_group_the_article_names(extract) -> None:
    text = "The Kordan Liberation Front attacked Faya in Chad on Monday. On Tuesday the rebels captured Faya.\n"
    extraction = extract(text, published="2021-04-20")
    (event,) = captured(extraction).values()
    assert [a.label for a in event.agents] == ["Kordan Liberation Front"]


def test_a_ministry_is_a_government_body(extract) -> None:
    extraction = extract("The Chadian Ministry of Defence said the army held Faya.\n", published="2021-04-20")
    kinds = {m.entity.kind for m in extraction.mentions if "Ministry" in m.text}
    assert kinds == {"GovernmentBody"}


def test_a_country_that_takes_a_place_stands_for_its_forces(extract) -> None:
    extraction = extract(
        "Following Chad's capture of the town of Faya, Chadian troops advanced north.\n", published="2021-04-20"
    )
    (event,) = captured(extraction).values()
    assert [(a.kind, a.country) for a in event.agents] == [("MilitaryForce", "TD")]


def test_a_month_before_a_group_is_no_part_of_its_name_and_a_city_after_rebels_stays_a_city(extract) -> None:
    text = (
        "Rebels advanced on Bangui, the capital of the Central African Republic.\n"
        "At 23 March Kordan rebels entered Bangui's outskirts. Three days later, they captured Damara.\n"
    )
    extraction = extract(text, published="2013-03-30")
    assert {m.entity.kind for m in extraction.mentions if m.text == "Bangui"} == {"City"}
    assert not any("March" in m.entity.label for m in extraction.mentions if m.entity.kind == "ArmedGroup")


def test_its_forces_after_the_government_said_are_the_states_forces(extract) -> None:
    text = "Fighting went on in Chad.\nThe government said in a message that its forces have retaken Faya, and are clearing out rebels.\n"
    found = captured(extract(text, published="2021-04-20"))
    (agent,) = found["Faya-Largeau"].agents
    assert agent.kind == "MilitaryForce" and agent.country == "TD"


def test_unnamed_rebels_are_an_actor_of_their_own_when_the_article_names_no_group(extract) -> None:
    extraction = extract("Rebel forces captured the town of Faya in Chad on Monday.\n", published="2021-04-20")
    (event,) = captured(extraction).values()
    assert [(a.kind, a.label) for a in event.agents] == [("ArmedGroup", "rebel forces")]
    mention = next(m for m in extraction.mentions if m.entity == event.agents[0])
    assert mention.text == "Rebel forces" and mention.method == "described"  # with its span, as every mention


def test_described_groups_of_two_articles_are_not_merged(tmp_path, minter) -> None:
    from kg.build import build
    from kg.extract.extractor import Extractor
    from kg.store import OxigraphStore

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rebels seized the town of Faya in Chad on Monday.\n")
    (corpus / "b.txt").write_text("Rebels seized the town of Bor in South Sudan on Monday.\n")
    with OxigraphStore(tmp_path / "kg") as store:
        build([str(corpus)], store=store, extractor=Extractor(), minter=minter, max_file_bytes=10**6)
        rows = store.select_rows(
            "PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT DISTINCT ?actor WHERE { ?event a kg:CanonicalEvent ; kg:agent ?actor }"
        )
    assert len(rows) == 2  # one "rebels" per war


def test_members_of_a_force_are_that_force(extract) -> None:
    extraction = extract(
        "At least 200 members of the Kordan security force have taken control of the town of Faya in Chad.\n",
        published="2021-04-20",
    )
    (event,) = captured(extraction).values()
    assert [a.label.split()[0] for a in event.agents] == ["Kordan"]  # the force named, not "members"


def _takers(extraction, place: str) -> list[str]:
    return [a.label for a in captured(extraction)[place].agents]


def test_bare_the_forces_are_the_state_forces_named_before_not_the_group(extract) -> None:
    text = (
        "The Chadian military said its forces had pushed Kordan Jadid out of Faya. Kordan Jadid fighters fled. "
        'A spokesman said: "Last night the forces captured the village of Qorvale."\n'
    )
    takers = _takers(extract(text, published="2021-04-20"), "Qorvale")
    assert takers and "Kordan Jadid" not in takers
    brigade = (
        "The Kordan Brigade attacked Faya in Chad. Government forces shelled its positions. "
        "On Monday the brigade captured the town of Qorvale.\n"
    )
    assert _takers(extract(brigade, published="2021-04-20"), "Qorvale") == ["Kordan Brigade"]  # a group's own word


def test_the_group_the_sentence_names_as_the_loser_is_not_the_default_captor(extract) -> None:
    text = (
        "Kordan Jadid attacked Faya in Chad. Kordan Jadid fighters shelled Abeche. "
        "Qorvale was taken on Monday after Kordan Jadid fighters fled.\n"
    )
    assert _takers(extract(text, published="2021-04-20"), "Qorvale") == []
    partitive = (
        "Kordan Jadid attacked Faya in Chad. Kordan Jadid fighters shelled Abeche. "
        "Hundreds of Kordan Jadid fighters stormed the base and the town of Qorvale was taken on Monday.\n"
    )
    assert _takers(extract(partitive, published="2021-04-20"), "Qorvale") == ["Kordan Jadid"]


def test_a_subject_nearer_the_verb_wins_over_a_misparsed_source(extract) -> None:
    text = (
        "According to a local lawmaker, Barsolo Dheyn Tukal, Chadian government forces assumed full control of "
        "Faya on Sunday.\n"
    )
    takers = _takers(extract(text, published="2021-04-20"), "Faya-Largeau")
    assert takers and "Tukal" not in " ".join(takers)


def test_who_praises_a_capture_did_not_make_it(extract) -> None:
    text = "Minister Barsolo Tukal congratulated the president and the people for freeing the town of Faya.\n"
    assert _takers(extract(text, published="2021-04-20"), "Faya-Largeau") == []
    praised = extract(
        "Fighting in Chad\n\nThe embassy commends the Chadian army for the successful liberation of Faya.\n",
        published="2021-04-20",
    )
    assert [a.kind for a in captured(praised)["Faya-Largeau"].agents] in (["MilitaryForce"], ["ForeignForce"])


def test_they_in_what_a_group_told_someone_is_the_group(extract) -> None:
    text = (
        "Kordan Jadid fighters attacked Abeche. The Chadian army fighters told Radio Qorvale they captured "
        "Faya on Friday.\n"
    )
    takers = _takers(extract(text, published="2021-04-20"), "Faya-Largeau")
    assert "Radio Qorvale" not in takers


def test_a_spokesman_announcing_a_capture_speaks_for_his_side(extract) -> None:
    own = extract("Vale Front spokesman Barsolo Tukal announced the capture of Vellport on Sunday.\n")
    assert _takers(own, "Vellport") == ["Vale Front"]
    minister = extract("Minister Barsolo Tukal announced the capture of Vellport on Sunday.\n")
    assert "Barsolo Tukal" not in _takers(minister, "Vellport")


def test_an_operation_named_like_an_organisation_is_no_actor(extract) -> None:
    text = (
        "Fighting in Iraq\n\nThe embassy commends the fighters for the liberation of Sinjar and notes the role of "
        "the army in Operation Free Sinjar.\n"
    )
    extraction = extract(text, published="2015-11-13")
    assert not any(m.text.startswith("Operation") for m in extraction.mentions if not m.entity.is_place)
    assert "Operation Free Sinjar" not in _takers(extraction, "Sinjar")


def test_opposition_and_a_leaders_troops_are_sides_of_their_own(extract) -> None:
    text = (
        "Opposition forces took control of Faya in Chad on Monday. "
        "Pro-Tukal troops seized control of Abeche airport on Tuesday.\n"
    )
    extraction = extract(text, published="2021-04-20")
    assert _takers(extraction, "Faya-Largeau") == ["opposition forces"]
    assert [a.kind for a in captured(extraction)["Abeche airport"].agents] == ["ArmedGroup"]


def test_a_name_a_nationality_opens_is_one_armed_group_and_takes_the_towns_it_lists(extract) -> None:
    text = (
        "Fighting in Iraq\n\nIn August the Islamic State captured Qorvale, Sinjar, Barsolo Tukal and Dheyn in "
        "northern Iraq. Islamic State militants later seized Vorlen.\n"
    )
    extraction = extract(text, published="2014-08-20")
    found = captured(extraction)
    assert {"Qorvale", "Sinjar", "Barsolo Tukal", "Dheyn", "Vorlen"} <= set(found)
    takers = {a.label for e in found.values() for a in e.agents}
    assert takers == {"Islamic State"}
    assert {a.kind for e in found.values() for a in e.agents} == {"ArmedGroup"}


def test_control_handed_to_a_side_is_its_capture_and_between_allies_a_withdrawal(extract) -> None:
    given = extract("The Afghan army transferred control of Vellport to the Vale Front on Sunday.\n")
    assert _takers(given, "Vellport") == ["Vale Front"]
    handed = extract("The Afghan army handed control of Dunmere over to the Vale Front on Sunday.\n")
    assert _takers(handed, "Dunmere") == ["Vale Front"]
    allies = extract("Fighting in Afghanistan\n\nUS forces handed control of Vellport to Afghan forces on Friday.\n")
    assert "Vellport" not in captured(allies)


def test_government_forces_are_the_state_whose_town_they_take_not_the_one_the_story_is_told_from(extract) -> None:
    text = (
        "Refugees pour into Niger from Chad\n\n"
        "In Niger, aid agencies are seeing more refugees every day, after government forces captured the rebel "
        "stronghold of Korvane in Chad over the weekend. Camps in Diffa and Zinder in Niger are full, officials in "
        "Niger said.\n"
    )
    extraction = extract(text, published="2014-05-06")
    (event,) = captured(extraction).values()
    assert [(a.country, a.kind) for a in event.agents] == [("TD", "MilitaryForce")]


def test_a_people_named_as_the_subject_took_the_town_not_the_articles_armed_group(extract) -> None:
    text = (
        "The Vale Front held Vellport for a year. The Vale Front fought on in the south.\n"
        "Within three days the Chadians had captured Vellport, and pressed their drive south.\n"
    )
    extraction = extract(text, published="2021-04-20")
    (event,) = captured(extraction).values()
    assert [(a.country, a.kind) for a in event.agents] == [("TD", "ForeignForce")]


def test_a_name_the_tagger_read_as_a_common_noun_is_an_armed_group_of_its_own(extract) -> None:
    text = (
        "The Vale Front held the north for a year. The Vale Front fought on.\n"
        "- SEVAR captures Korvane and Halmet villages near Vellport, cutting the road to the south.\n"
    )
    extraction = extract(text, published="2021-04-20")
    agents = {a.label for e in captured(extraction).values() for a in e.agents}
    assert agents == {"SEVAR"}


def test_a_leaders_forces_are_his_men_not_the_rebels(extract) -> None:
    text = (
        "Fighting in Chad\n\nColonel Aldo Korvan ruled Chad for decades. Korvan forces held Dunmere in March, and Korvan forces "
        "shelled Vellport. Korvan forces took Halmet.\n"
        "On 27 March, rebels returned to Dunmere and recaptured the town.\n"
    )
    extraction = extract(text, published="2011-03-28")
    agents = {a.label for a in captured(extraction)["Dunmere"].agents}
    assert agents == {"rebels"}
    assert {a.label for a in captured(extraction)["Halmet"].agents} == {"forces loyal to Aldo Korvan"}


def test_coalition_forces_and_numbered_units_are_no_armed_group_taking_the_towns(extract) -> None:
    text = (
        "Fighting in Iraq\n\nThe mission of Coalition and Iraqi Forces was to restore order in Dunmere, and the 2nd "
        "Battalion of the 3rd Armored Cavalry Regiment led the effort.\n"
        "By September, the terrorists and insurgents had seized control of Dunmere.\n"
    )
    extraction = extract(text, published="2005-09-10")
    kinds = {m.text: m.entity.kind for m in extraction.mentions}
    assert kinds["Coalition and Iraqi Forces"] == "ForeignForce"
    assert kinds["the 2nd Battalion of the 3rd Armored Cavalry Regiment"] == "MilitaryForce"
    assert {a.label for a in captured(extraction)["Dunmere"].agents} == {"terrorists", "insurgents"}


def test_government_forces_of_a_state_named_stay_that_states(extract) -> None:
    text = "Fighting in Somalia\n\nEthiopia's government forces captured Baidoa in Somalia on Sunday.\n"
    (event,) = captured(extract(text, published="2006-12-24")).values()
    assert [a.country for a in event.agents] == ["ET"]


def test_we_in_a_quote_is_the_speakers_side_not_the_articles_group(extract) -> None:
    governor = (
        "Kordan Jadid attacked Faya in Chad. Kordan Jadid fighters shelled Abeche. Governor Barsolo Tukal said "
        "the army had overpowered the fighters. “We passed through many villages and finally we captured "
        "the town of Qorvale,” he said.\n"
    )
    assert _takers(extract(governor, published="2021-04-20"), "Qorvale") == []  # his side, unnamed
    spokesman = (
        "Fighting in the north\n\n“We have captured the town of Dunmere,” Vale Front spokesman Barsolo Tukal said.\n"
    )
    assert _takers(extract(spokesman), "Dunmere") == ["Vale Front"]


def test_the_militias_of_a_group_are_that_groups_not_the_articles(extract, pack_extractor) -> None:
    text = (
        "Kordan Jadid attacked Faya in Chad. Kordan Jadid militias shelled Abeche. During the last few weeks, "
        "government forces and the militias of Ahlu Barsolo Wal-Tuk captured Qorvale, Dankoro and Tibesti "
        "towns.\n"
    )
    doc = pack_extractor.nlp(text)
    entities = ArticleEntities(doc, pack_extractor.gazetteer, pack_extractor.world)
    first, second = (entities.resolve(t) for t in doc if t.text == "militias")
    assert first is not None and first.label == "Kordan Jadid"
    assert second is not None and "Ahlu Barsolo Wal-Tuk" in second.label  # the parser reads the name as compounds
    assert "Kordan Jadid" not in _takers(extract(text, published="2021-04-20"), "Qorvale")  # not the default


def test_a_side_that_fled_as_a_place_fell_leaves_the_article_s_taker(extract) -> None:
    fled = "Fighting in the north\n\nThe Vale Front captured Vellport on Monday. Government troops fled as the town of Dunmere was captured on Tuesday.\n"
    assert _takers(extract(fled), "Dunmere") == ["Vale Front"]


def test_loyalty_is_the_nouns_own_not_a_foes_nor_a_denied_one(extract) -> None:
    foe = "Fighting in Chad\n\nSoldiers drove out militiamen loyal to Barsolo Tukal and recaptured the town of Faya in Chad.\n"
    assert "Barsolo Tukal" not in " ".join(_takers(extract(foe, published="2021-04-20"), "Faya-Largeau"))
    denied = "Fighting in Chad\n\nThe troops, who are not loyal to Barsolo Tukal, retook the town of Faya in Chad.\n"
    assert "Barsolo Tukal" not in " ".join(_takers(extract(denied, published="2021-04-20"), "Faya-Largeau"))


def test_a_place_taken_by_one_side_and_retaken_by_the_other_is_two_takings(extract) -> None:
    text = (
        "Army retakes Vellport\n\nGovernment troops recaptured Vellport on Friday after a week of fighting. "
        "The Vale Front took control of Vellport three years ago.\n"
    )
    extraction = extract(text)
    takings = [e for e in extraction.events if e.kind == "TakeControl" and e.places[0].label == "Vellport"]
    assert sorted(a.kind for e in takings for a in e.agents) == ["ArmedGroup", "MilitaryForce"]
    one_side = extract(
        "Army retakes Vellport\n\nGovernment troops captured Vellport on Friday. Soldiers seized the "
        "town of Vellport on Friday.\n"
    )
    assert len([e for e in one_side.events if e.kind == "TakeControl"]) == 1  # one taking told twice


def test_a_taking_no_sentence_credits_goes_to_the_side_the_article_shows_taking_places(extract) -> None:
    offensive = (
        "Army offensive in Chad\n\nThe Kordan Jadid rebels held Faya, Abeche and Qorvale. Kordan Jadid fighters "
        "shelled the road. The Chadian army captured Faya on Monday. The Chadian army seized Abeche on Tuesday. "
        "The town of Qorvale was captured on Wednesday.\n"
    )
    assert _takers(extract(offensive, published="2021-04-20"), "Qorvale") == ["Chad armed forces"]
    rebels = (
        "Rebels advance in Chad\n\nKordan Jadid fighters shelled the road. Kordan Jadid fighters captured Faya on "
        "Monday. The town of Qorvale was captured on Wednesday.\n"
    )
    assert _takers(extract(rebels, published="2021-04-20"), "Qorvale") == ["Kordan Jadid"]


def test_a_title_read_as_an_organisation_takes_nothing(extract) -> None:
    text = "Statement by Barsolo Tukal, Spokesperson - Capture of Faya in Chad\n\nThe capture was welcomed.\n"
    assert "Spokesperson" not in _takers(extract(text, published="2021-04-20"), "Faya-Largeau")


def test_soldiers_believed_to_be_loyal_to_a_leader_are_his_not_the_states(extract) -> None:
    text = (
        "Fighting in Chad\n\nThe army said its forces retook Abeche. Faya is the other town seized by soldiers "
        "believed to be loyal to former vice president Barsolo Tukal.\n"
    )
    assert _takers(extract(text, published="2021-04-20"), "Faya-Largeau") == ["soldiers loyal to Barsolo Tukal"]


def test_the_takers_a_phrase_counts_or_places_are_who_it_says(extract) -> None:
    foreign = "Fighting in Chad\n\nSoldiers from Niger have retaken the Chadian town of Faya from Kordan Jadid.\n"
    assert _takers(extract(foreign, published="2021-04-20"), "Faya-Largeau") == ["Niger armed forces"]
    counted = "Fighting in Chad\n\nOn Sunday, hundreds of vigilantes seized control of the town of Faya in Chad.\n"
    assert _takers(extract(counted, published="2021-04-20"), "Faya-Largeau") == ["vigilantes"]
    brigade = "Fighting in Chad\n\nAn elite government brigade captured the rebel stronghold of Faya in Chad.\n"
    assert _takers(extract(brigade, published="2021-04-20"), "Faya-Largeau") == ["Chad armed forces"]


def test_a_person_named_after_a_group_and_a_comma_is_its_leader_not_the_group(extract) -> None:
    text = (
        "Fighting in Chad\n\nVigilantes seized the town of Faya in Chad. The leader of one vigilante group, "
        "Barsolo Tukal, said they will not disarm.\n"
    )
    extraction = extract(text, published="2021-04-20")
    assert all(m.entity.kind != "ArmedGroup" for m in extraction.mentions if "Tukal" in m.text)


def test_the_articles_taker_is_not_given_a_taking_whose_sentence_names_a_side(extract) -> None:
    text = (
        "Fighting in the north\n\nThe Vale Front seized Vellport on Sunday. Government troops recaptured Dunmere on "
        "Monday. Government troops retook the town of Qorvale on Tuesday. The town of Barsolo was seized from "
        "government troops on Wednesday.\n"
    )
    extraction = extract(text)
    assert _takers(extraction, "Qorvale") == _takers(extraction, "Dunmere") != []  # the article's taker, named
    assert _takers(extraction, "Barsolo") != _takers(extraction, "Dunmere")  # taken from them: not theirs
    told_twice = extract(
        "Fighting in the north\n\nThe Vale Front captured Vellport on Saturday. Government troops lost control of "
        "Vellport on Saturday.\n"
    )
    assert len([e for e in told_twice.events if e.kind == "TakeControl"]) == 1  # one taking, by both sides' words


def test_an_acronym_a_town_fell_to_or_was_seized_by_is_an_armed_group(extract) -> None:
    extraction = extract(
        "Fighting in the east\n\nQorvale fell to the ZRF after weeks of fighting. Barsolo fell to the K44 on "
        "Monday. The town of Tukal was seized by the QNDAA on Tuesday.\n"
    )
    takers = {place: [a.label for a in event.agents] for place, event in captured(extraction).items()}
    assert takers == {"Qorvale": ["ZRF"], "Barsolo": ["K44"], "Tukal": ["QNDAA"]}
    assert all(a.kind == "ArmedGroup" for event in captured(extraction).values() for a in event.agents)


def test_a_long_form_that_holds_a_country_name_is_the_groups_whole_name(extract) -> None:
    extraction = extract(
        "Fighting in Iraq\n\nMilitants from the Islamic Front of Iraq and Syria (IFIS) seized Qorvale on Tuesday. "
        "IFIS then took Barsolo.\n"
    )
    takers = {place: [a.label for a in event.agents] for place, event in captured(extraction).items()}
    assert takers == {"Qorvale": ["Islamic Front of Iraq and Syria"], "Barsolo": ["Islamic Front of Iraq and Syria"]}


def test_a_long_form_ending_in_province_that_names_a_group_is_the_group(extract) -> None:
    extraction = extract(
        "Fighting in Nigeria\n\nFighters of the Islamic State Dunmere Province (ISDP) seized Qorvale. ISDP later "
        "took Barsolo.\n"
    )
    takers = {a.label for event in captured(extraction).values() for a in event.agents}
    assert takers == {"Islamic State Dunmere Province"}
    assert all(a.kind == "ArmedGroup" for event in captured(extraction).values() for a in event.agents)


def test_a_country_named_with_its_acronym_stays_the_country(extract) -> None:
    extraction = extract("Fighting in the north\n\nRebels in the Central African Republic (CAR) seized Qorvale.\n")
    assert [a.label for a in captured(extraction)["Qorvale"].agents] == ["rebels"]
    country = next(m.entity for m in extraction.mentions if m.text == "the Central African Republic")
    assert country.kind == "Country"


def test_an_acronym_a_seat_or_a_duty_fell_to_is_no_armed_group(extract) -> None:
    extraction = extract(
        "Politics\n\nThe seat fell to the ZNP in the election. Responsibility for the camps fell to the QNHCR. "
        "The weapons were seized by the KBI.\n"
    )
    assert captured(extraction) == {}
    assert not [m for m in extraction.mentions if m.entity.kind == "ArmedGroup"]
