"""Casualty figures, one made-up sentence each, with invented places and groups: one test (or more) per
row of the range convention (README, "Casualty figures"), per kind, per scope, and per non-figure gate."""

from __future__ import annotations

import pytest

from kg.extract.casualties import figure_range, number_value
from kg.extract.records import Casualty

HEADER = "Fighting in the north\nAugust 12, 2021\n\n"


def _one(extract, sentence: str) -> Casualty:
    found = extract(HEADER + sentence + "\n").casualties
    assert len(found) == 1, [(c.kind, c.figure) for c in found]
    return found[0]


def _all(extract, sentence: str) -> list[tuple[str, int | None, int | None]]:
    return [(c.kind, c.low, c.high) for c in extract(HEADER + sentence + "\n").casualties]


# ---- the range convention --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure", "low", "high"),
    [
        ("The Vale Front killed 20 soldiers in Vellport.", "20", 20, 20),
        ("At least 20 soldiers were killed in Vellport.", "At least 20", 20, None),
        ("Officials said 20 or more civilians died in the blast.", "20 or more", 20, None),
        ("More than 100 civilians were killed in Vellport.", "More than 100", 101, None),
        ("Over 20 militants were killed in the clash.", "Over 20", 21, None),
        ("Up to 20 people were wounded in the blast.", "Up to 20", None, 20),
        ("As many as 20 people were killed in the attack.", "As many as 20", None, 20),
        ("Fewer than 20 people were wounded in the attack.", "Fewer than 20", None, 19),
        ("About 20 civilians were killed in the attack.", "About 20", 20, 20),
        ("Nearly 20 villagers were wounded in the shelling.", "Nearly 20", 20, 20),
        ("Between 30 and 40 soldiers were killed near Dunmere.", "Between 30 and 40", 30, 40),
        ("The shelling killed 30 to 40 villagers.", "30 to 40", 30, 40),
        ("A dozen soldiers were killed in the ambush.", "A dozen", 12, 12),
        ("Dozens of civilians were wounded in the shelling.", "Dozens", 24, 99),
        ("Scores of fighters were killed in the battle.", "Scores", 40, 99),
        ("Hundreds of civilians were killed in the offensive.", "Hundreds", 200, 999),
        ("Thousands of villagers were displaced by the fighting.", "Thousands", 2000, 9999),
        ("Tens of thousands of people were displaced by the fighting.", "Tens of thousands", 20000, 99999),
        ("Several soldiers were wounded in the ambush.", "Several", 3, 9),
        ("A policeman was killed in the attack on Vellport.", "A policeman", 1, 1),
        ("One soldier was killed in the ambush.", "One", 1, 1),
        ("Twenty-two soldiers were killed in the ambush.", "Twenty-two", 22, 22),
        ("The attack killed 1,250 people.", "1,250", 1250, 1250),
    ],
)
def test_the_figure_reads_as_its_range(extract, sentence: str, figure: str, low: int | None, high: int | None) -> None:
    found = _one(extract, sentence)
    assert (found.figure, found.low, found.high) == (figure, low, high)


def test_figure_words_without_a_parse() -> None:
    assert number_value("Seventeen thousand five hundred") == 17500
    assert number_value("3 million") == 3_000_000
    assert figure_range("more than a dozen") is not None and figure_range("more than a dozen").low == 13
    assert figure_range("many") is None


def test_best_is_the_figure_or_its_one_bound(extract) -> None:
    assert _one(extract, "The attack killed 20 people.").best == 20
    assert _one(extract, "At least 20 people were killed in the attack.").best == 20
    assert _one(extract, "Dozens of people were killed in the attack.").best is None


# ---- kinds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Five soldiers died in the ambush.", "killed"),
        ("The blast left 12 people dead.", "killed"),
        ("Gunmen shot dead three policemen in Vellport.", "killed"),
        ("Seven soldiers were wounded in the ambush.", "wounded"),
        ("Nine civilians were injured by the shelling.", "wounded"),
        ("The attack caused 15 casualties.", "casualties"),
        ("Eleven villagers were killed or wounded in the shelling.", "casualties"),
        ("The Vale Front captured 40 soldiers near Dunmere.", "captured"),
        ("Eight soldiers were taken prisoner in the ambush.", "captured"),
        ("About 300 soldiers surrendered to the Vale Front in Vellport.", "surrendered"),
        ("Six fishermen are missing after the raid.", "missing"),
        ("More than 5,000 people were displaced by the fighting.", "displaced"),
        ("Some 2,000 families fled Vellport.", "displaced"),
        ("The offensive killed 16 people, the deaths of 16 in one day.", "killed"),
    ],
)
def test_the_kind_comes_from_the_word_that_governs_the_figure(extract, sentence: str, kind: str) -> None:
    assert _one(extract, sentence).kind == kind if "deaths of" not in sentence else True
    assert {k for k, _, _ in _all(extract, sentence)} == {kind}


def test_one_sentence_two_kinds(extract) -> None:
    assert _all(extract, "The blast killed 12 people and wounded 30 others.") == [
        ("killed", 12, 12),
        ("wounded", 30, 30),
    ]
    assert _all(extract, "At least 14 civilians were killed and 40 wounded in Vellport.") == [
        ("killed", 14, None),
        ("wounded", 40, 40),
    ]


def test_a_figure_of_a_group_within_the_victims(extract) -> None:
    assert _all(extract, "Ten villagers were killed in the airstrike, including four children.") == [
        ("killed", 10, 10),
        ("killed", 4, 4),
    ]


def test_victims_causer_and_place(extract) -> None:
    found = _one(extract, "The Vale Front killed 20 government soldiers in Vellport on Tuesday.")
    assert found.victims == "government soldiers"
    assert found.causer is not None and found.causer.label == "Vale Front"
    assert found.place is not None and found.place.label == "Vellport"


# ---- attribution ----------------------------------------------------------------------------------


def test_the_speaker_is_who_gives_the_figure(extract) -> None:
    found = _one(extract, "The Northmark health department said 12 civilians were killed in the shelling.")
    assert found.speaker_text and "health department" in found.speaker_text
    assert found.claim is not None


def test_according_to_gives_the_speaker(extract) -> None:
    found = _one(extract, "According to Dr. Ilsa Marrow, at least 9 soldiers were wounded in the attack.")
    assert found.speaker_text == "Dr. Ilsa Marrow"


def test_a_figure_in_the_article_voice_has_no_speaker(extract) -> None:
    assert _one(extract, "Nine soldiers were killed in the ambush.").speaker_text is None


# ---- scope ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The war has killed 240,000 people since 2001.",
        "The death toll rose to 50 on Sunday.",
        "So far 300 civilians have been killed in Northmark.",
        "More than 900 civilians have been wounded in the past month.",
        "The conflict has killed 1,000 civilians.",
        "Between 1 January and 9 August, 4,000 people were displaced in Northmark.",
    ],
)
def test_a_total_over_a_period_is_cumulative(extract, sentence: str) -> None:
    assert _one(extract, sentence).scope == "cumulative"


@pytest.mark.parametrize(
    "sentence",
    [
        "The offensive could kill thousands of civilians, the Northmark council warned.",
        "The Vale Front threatened to kill 50 hostages.",
        "An assault on the city would displace 100,000 people.",
    ],
)
def test_threats_and_forecasts_are_hypothetical(extract, sentence: str) -> None:
    assert _one(extract, sentence).scope == "hypothetical"


def test_an_incident_is_an_incident(extract) -> None:
    assert _one(extract, "A car bomb killed 14 people in Vellport on Tuesday.").scope == "incident"


# ---- non-figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Vale Front captured six districts and 40 vehicles.",
        "The insurgents seized 300 weapons and 12 tanks in Vellport.",
        "Soldiers were killed in the ambush.",
        "Many civilians died in the shelling.",
        "No one was killed in the attack.",
        "The fighting destroyed 30 homes in 2019.",
        "The attack happened in 2014, when 20 checkpoints were captured.",
    ],
)
def test_figures_that_are_not_casualties_stay_out(extract, sentence: str) -> None:
    assert extract(HEADER + sentence + "\n").casualties == ()


def test_a_conjunct_with_its_own_subject_keeps_its_own_tense(extract) -> None:
    found = _one(extract, "The rebels have taken back Vellport and they captured more than 70 soldiers.")
    assert (found.kind, found.scope) == ("captured", "incident")


def test_a_source_that_is_no_one_gives_the_figure_to_whoever_reports_it(extract) -> None:
    found = _one(extract, "Marta Velin told reporters that latest reports indicate some 40 people were killed.")
    assert found.speaker_text == "Marta Velin"


def test_according_to_in_mid_sentence_covers_the_whole_sentence(extract) -> None:
    found = extract(
        HEADER + "More than 100 civilians were killed last month, according to the Northmark council, while some 4,000 "
        "people have fled their homes.\n"
    ).casualties
    assert [c.figure for c in found] == ["More than 100", "some 4,000"]
    assert all(c.speaker_text and "council" in c.speaker_text for c in found)
