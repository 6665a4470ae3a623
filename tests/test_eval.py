"""`kg eval`: capture extraction against reference annotations, with the targets CI enforces.

The seed annotations are in-sample (the rules were developed against them); their targets are checked in
tests/test_extract_seeds.py, on the session's extractor. The evaluation sets are
real published texts (VOA, US government, Wikipedia, UN; sources and licences in each SOURCES.tsv),
split into DEV and TEST before any tuning: ``tests/data/af2021`` (the 2021 offensive in
Afghanistan) and ``tests/data/world`` (eight other wars; ``world/dev2``, ten wars, was added to DEV
after the first TEST measurement; ``af2021/dev2`` (mostly traps), ``af2021/dev3``, ``world/dev3`` (thirteen wars) and ``world/dev4``
(VOA stories) after the second; ``af2021/dev4``, ``world/dev5`` (seventeen wars) and ``world/dev6`` (thirteen
wars, mostly facilities) after the third, first measured untuned at F1 0.571, 0.629 and 0.419; ``af2021/dev5``
(UN, VOA and US government texts) and ``world/dev7`` (fifteen wars, mostly news) after the fourth, first measured
untuned at F1 0.471 and 0.667; ``af2021/dev6`` (UN reports, mostly traps) and ``world/dev8`` (thirteen wars, VOA) later
in the same round, first measured at 0.667 and 0.684; ``world/dev9`` (five wars, VOA) at 0.700; ``world/dev10`` (eight wars in Africa and Haiti) and ``world/dev11`` (five wars in
Asia and the Middle East) at 0.833 and 0.706; in the sixth round ``world/dev12`` (nine African wars),
``world/dev13`` (eleven wars in Asia, the Middle East and Europe) and ``af2021/dev7`` (UN and VOA texts, mostly traps)
at 0.333, 0.667 and 0.667, then ``world/dev14`` (VOA news), ``world/dev15`` (Wikipedia battles) and ``world/dev16`` (UN
and US government texts) at 0.737, 0.880 and 0.857, and ``world/dev17`` (VOA news) and ``world/dev18`` (Wikipedia
battles) at 0.783 and 0.818, ``world/dev19`` (VOA, UN and US government) and ``world/dev20`` (Wikipedia, older wars)
at 0.483 and 0.762; in the seventh round ``world/dev21`` (ten African wars, VOA, UN and IRIN news) and ``world/dev22``
(four wars elsewhere, US government and Wikipedia) at 0.833 and 0.267, the second after a fix for a crash it found;
in the eighth round ``world/dev23`` (UN agency and DoD items, eight wars) and ``world/dev24`` (VOA, DoD, OCHA and
Wikipedia, eight wars) at 0.467 and 0.462, then ``world/dev25`` (VOA) and ``world/dev26`` (UN and US government)
at 0.706 and 0.686, and ``world/dev28`` (UN texts: Darfur, Blue Nile, Marawi) at 0.769; in the ninth round
``world/dev29`` (US government, VOA and Wikipedia, eight wars 1950-2008), ``world/dev30`` (African wars, VOA, UN and
Wikipedia), ``world/dev31`` (Middle East and Asia 2009-2024), ``world/dev32`` (VOA only) and ``world/dev33`` (UN, US
government and Wikipedia) at 0.769, 0.759, 0.750, 0.643 and 0.821; in the tenth round ``af2021/dev8`` (Wikipedia,
VOA and OCHA), ``world/dev34`` (VOA and UN news), ``world/dev35`` (Wikipedia timelines), ``world/dev36`` (news of
2000-2013) and ``world/dev37`` (news of 2017-2023) at 0.909, 0.526, 0.607, 0.556 and 0.316, then ``world/dev38``
(news of 2014-2016) and ``world/dev39`` (US government texts) at 0.800 and 0.500; in the eleventh round
``af2021/dev9`` (Wikipedia), ``world/dev40`` (UN texts), ``world/dev41`` (Wikipedia narrative) and ``world/dev42``
(VOA) at 0.714, 0.692, 0.810 and 0.769, then ``af2021/dev10`` (Wikipedia), ``world/dev43`` (African wars) and
``world/dev44`` (the Middle East, the Caucasus and Asia) at 0.880, 0.800 and 0.522; in the twelfth round
``world/dev45`` (Latin America, Europe and older wars), ``world/dev46`` (Asian wars, Wikipedia) and ``world/dev47`` (UN
and US government humanitarian texts) at 0.692, 0.471 and 0.667, then ``world/dev48`` (Wikipedia, older wars) and
``world/dev49`` (US government military histories) at 0.765 and 0.571).
DEV figures are optimistic (the rules were
tuned on them); the TEST floors below were set from one measurement and guard against regressions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import Capture, GoldRow, evaluate, read_gold
from kg.evaluate_actors import actors_agree

DATA = Path(__file__).resolve().parent / "data"


def _eval(gold: Path, articles: Path, *targets: str):
    return CliRunner().invoke(app, ["eval", str(gold), str(articles), *targets])


@pytest.mark.parametrize(
    ("split", "precision", "recall", "traps"),
    [
        ("af2021/dev", 0.95, 0.85, 0),
        ("af2021/dev2", 0.95, 0.5, 0),
        ("af2021/dev3", 0.9, 0.7, 0),
        ("world/dev", 0.9, 0.75, 0),
        ("world/dev2", 0.9, 0.75, 0),
        ("world/dev3", 0.9, 0.7, 0),
        ("world/dev4", 0.9, 0.7, 0),
        ("af2021/dev4", 0.9, 0.7, 0),
        ("world/dev5", 0.85, 0.7, 0),
        ("world/dev6", 0.9, 0.5, 0),
        ("af2021/dev5", 0.9, 0.75, 0),
        ("world/dev7", 0.9, 0.65, 0),
        ("af2021/dev6", 0.9, 0.7, 0),
        # w605: "officials say government troops captured the town", which the rebels deny; kg reports the
        # claim (attributed), the gold calls the town not taken
        ("world/dev8", 0.85, 0.6, 1),
        ("world/dev9", 0.9, 0.6, 0),
        ("world/dev10", 0.9, 0.7, 0),
        ("world/dev11", 0.8, 0.55, 0),
        ("world/dev12", 0.9, 0.6, 0),
        ("world/dev13", 0.9, 0.6, 0),
        ("af2021/dev7", 0.9, 0.5, 0),
        ("world/dev14", 0.9, 0.7, 0),
        ("world/dev15", 0.85, 0.7, 0),
        ("world/dev16", 0.9, 0.75, 0),
        ("world/dev17", 0.9, 0.75, 0),
        ("world/dev18", 0.85, 0.75, 0),
        ("world/dev19", 0.9, 0.5, 0),
        ("world/dev20", 0.85, 0.7, 0),
        ("world/dev21", 0.9, 0.7, 0),
        ("world/dev22", 0.9, 0.25, 0),
        ("world/dev23", 0.9, 0.8, 0),
        ("world/dev24", 0.85, 0.4, 0),
        ("world/dev25", 0.85, 0.7, 0),
        ("world/dev26", 0.9, 0.75, 0),
        ("world/dev28", 0.9, 0.85, 0),
        ("world/dev29", 0.85, 0.8, 0),
        ("world/dev30", 0.8, 0.85, 0),
        ("world/dev31", 0.95, 0.8, 0),
        ("world/dev32", 0.65, 0.65, 0),
        ("world/dev33", 0.95, 0.7, 0),
        ("af2021/dev8", 0.95, 0.85, 0),
        # w3400: the gold names Mukalla, not the airport kg also reports al-Qaida took there
        ("world/dev34", 0.85, 0.8, 0),
        ("world/dev35", 0.9, 0.75, 0),
        ("world/dev36", 0.95, 0.45, 0),
        ("world/dev37", 0.7, 0.5, 0),
        ("world/dev38", 0.95, 0.6, 0),
        ("world/dev39", 0.7, 0.35, 0),
        ("af2021/dev9", 0.85, 0.6, 0),
        ("world/dev40", 0.8, 0.75, 0),
        ("world/dev41", 0.9, 0.85, 0),
        # w4211: "after the fall of the city the battle ... will commence", an outcome foreseen, not reported
        ("world/dev42", 0.65, 0.8, 1),
        ("af2021/dev10", 0.9, 0.85, 0),
        ("world/dev43", 0.95, 0.9, 0),
        ("world/dev44", 0.6, 0.45, 0),
        ("world/dev45", 0.95, 0.7, 0),
        # w4604: "In 1972 Camp Carroll was occupied by the ARVN 56th Regiment", a garrison of the own side, read
        # as a capture
        ("world/dev46", 0.75, 0.3, 1),
        ("world/dev47", 0.95, 0.6, 0),
        ("world/dev48", 0.95, 0.65, 0),
        ("world/dev49", 0.8, 0.5, 0),
        # dev50-dev56 and af2021/dev11 were held out from the round that added them and tuned on in the next
        ("world/dev50", 0.75, 0.5, 0),
        ("world/dev51", 0.8, 0.4, 0),
        ("world/dev52", 0.95, 0.65, 0),
        ("world/dev53", 0.8, 0.45, 0),
        ("world/dev54", 0.85, 0.65, 0),
        ("af2021/dev11", 0.95, 0.95, 0),
        ("world/dev55", 0.95, 0.7, 0),
        ("world/dev56", 0.85, 0.7, 0),
        # dev57 and dev58 were held out from the round that added them and tuned on in the next
        ("world/dev57", 0.95, 0.85, 0),
        ("world/dev58", 0.95, 0.45, 0),
        # dev59 was held out until its first look (P 0.778, R 0.667) and tuned on after it, in the same round
        ("world/dev59", 0.85, 0.65, 0),
    ],
)
def test_dev_set_targets(split: str, precision: float, recall: float, traps: int) -> None:
    folder = DATA / split
    result = _eval(folder / "gold.tsv", folder, "--min-precision", str(precision), "--min-recall", str(recall))
    assert f"traps triggered: {traps}" in result.stdout, result.stdout
    assert result.exit_code == (1 if traps else 0), result.stdout  # a fired trap fails `kg eval` by design
    found = re.search(r"precision ([\d.]+)\s+recall ([\d.]+)", result.stdout)
    assert found is not None and float(found[1]) >= precision and float(found[2]) >= recall, result.stdout


@pytest.mark.parametrize(
    ("split", "precision", "recall"),
    # floors a little under the first TEST measurement (af2021: P 0.923, R 0.545; world: P 0.667, R 0.462)
    [("af2021/test", 0.85, 0.5), ("world/test", 0.6, 0.4)],
)
def test_test_set_floors(split: str, precision: float, recall: float) -> None:
    """The TEST sets are never tuned on; CI holds the extractor above these floors."""
    folder = DATA / split
    result = _eval(folder / "gold.tsv", folder, "--min-precision", str(precision), "--min-recall", str(recall))
    assert result.exit_code == 0, result.stdout
    assert "traps triggered: 0" in result.stdout


def test_the_report_gives_recall_by_construction_and_errors_by_type(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Fighting in the north\nAugust 12, 2021\n\nAugust 6 – Kunduz: The Taliban seize control of the city.\n"
        "The Taliban also took control of Badakhshan province, officials said.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "doc\tplace\tplace_kind\tprovince\tactor\tdate\tkind\tevidence\n"
        "a.txt\tKunduz\tprovincial_capital\tKunduz\tTaliban\t2021-08-06\tcapture\tAugust 6 – Kunduz: The Taliban seize control of the city.\n"
        "a.txt\tFaizabad\tprovincial_capital\tBadakhshan\tTaliban\t\tcapture\ttook control of Badakhshan province\n",
        encoding="utf-8",
    )
    result = _eval(gold, article)
    assert "recall by construction: dated entry 1/1, descriptor 0/1" in result.stdout, result.stdout
    assert "province for capital 1" in result.stdout
    assert "PROVINCE FOR CAPITAL (Badakhshan)" in result.stdout


@pytest.mark.parametrize(
    ("gold", "found", "agree"),
    [
        ("Iraqi security forces and tribal fighters", "Iraq armed forces", True),  # a demonym and its country
        ("Sri Lankan military", "Sri Lanka armed forces", True),  # a country of two words
        ("U.S. forces", "United States Armed Forces", True),  # dotted initials
        ("US-backed Syrian Democratic Forces", "United States Armed Forces", False),  # a backer is not the name
        ("Syrian rebels", "Syria armed forces", False),  # one country, two sides
        ("Islamic State", "Islamic Courts Union", False),  # a word many names share
        ("AU forces", "Australia armed forces", None),  # "AU" is no country here
        ("Islamic State in Iraq and the Levant (ISIL)", "ISIL", True),  # an acronym
        ("ISIL", "Islamic State", True),  # the acronym of a longer form of the name
        ("ISF", "Islamic State", False),  # not of one a word longer
        ("NSAGs", "non-state armed groups", True),  # a plural acronym of hyphenated words
        ("Islamic State's Central African Province", "IS-CAP", True),  # a hyphenated acronym
        ("Tigray Defense Forces", "Tigrayan forces", True),  # a name and its adjective
        ("pro-Gaddafi forces", "forces loyal to Gadhafi", True),  # "pro-X" and another spelling of X
        ("pro-Gaddafi forces", "anti-Gaddafi forces", False),  # the other side
        ("Somali army and clan militias", "al Shabab", False),  # the side driven out
        ("government troops", "the rebels", False),  # common words on two sides
        ("Taliban", "the insurgents", None),  # a name and common words: the words do not say
        ("loyalist forces", "Libya armed forces", None),
    ],
)
def test_an_actor_found_is_compared_with_the_golds_by_name(gold: str, found: str, agree: bool | None) -> None:
    assert actors_agree(gold, found) is agree


def test_the_report_counts_actors_that_name_another_taker(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Fighting in the north\n\nGovernment troops captured Kunduz on Sunday.\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "doc\tplace\tplace_kind\tprovince\tactor\tdate\tkind\tevidence\n"
        "a.txt\tKunduz\tprovincial_capital\tKunduz\tthe rebels\t\tcapture\tGovernment troops captured Kunduz\n",
        encoding="utf-8",
    )
    result = _eval(gold, article)
    assert "wrong actor 1" in result.stdout and "actors: 0/1 agree with the gold's by name" in result.stdout
    assert "ACTOR     a.txt  Kunduz: gold 'the rebels', found " in result.stdout


def test_a_trap_fails_the_evaluation(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The Taliban captured Kunduz on Sunday, officials said.\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "doc\tplace\tplace_kind\tprovince\tactor\tdate\tkind\tevidence\na.txt\tKunduz\tprovincial_capital\tKunduz\tTaliban\t\tnot_capture\tx\n",
        encoding="utf-8",
    )
    result = _eval(gold, article)
    assert result.exit_code == 1 and "TRAP" in result.stdout


@pytest.mark.parametrize(
    ("gold_name", "kind", "found_label"),
    [
        ("Malumfatori (Malam Fatori)", "town", "Malam Fatori"),  # an alternative spelling in parentheses
        ("Presidential palace (Aden)", "facility", "Aden presidential palace"),  # where the facility is
        ("Ethiopian naval base at Massawa", "facility", "Massawa naval base"),
        ("Al Khawkhah district", "district", "Al Khawkhah"),
        ("Zendar Governorate", "province", "Zendar"),  # a province's name without the word
        ("Varok neighborhood", "town", "Varok"),
    ],
)
def test_the_gold_may_spell_a_place_with_its_alternative_or_its_town(
    gold_name: str, kind: str, found_label: str
) -> None:
    row = GoldRow(doc="a.txt", place=gold_name, place_kind=kind, date="", kind="capture", evidence="x")
    capture = Capture(
        doc="a.txt",
        place_iri=None,
        place_label=found_label,
        date="",
        date_text="",
        evidence="x",
        place_kind={"facility": "Facility", "province": "Province"}.get(kind, "City"),
    )
    assert len(evaluate([row], [capture]).true_positives) == 1
    if kind == "province":  # the town the province is named after is not the province
        town = Capture(
            doc="a.txt", place_iri=None, place_label=found_label, date="", date_text="", evidence="x", place_kind="City"
        )
        assert evaluate([row], [town]).true_positives == []
    other = Capture(
        doc="a.txt", place_iri=None, place_label="Dankoro", date="", date_text="", evidence="x", place_kind="City"
    )
    assert evaluate([row], [other]).true_positives == []


def test_a_base_in_the_gold_is_a_facility(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "doc\tplace\tplace_kind\tprovince\tactor\tdate\tkind\tevidence\na.txt\tFaya air base\tbase\t\t\t\tcapture\tx\n",
        encoding="utf-8",
    )
    (row,) = read_gold(gold)
    assert row.place_kind == "facility"


def test_of_two_takings_of_a_place_the_one_by_the_golds_taker_is_scored() -> None:
    row = GoldRow(doc="a.txt", place="Dankoro", place_kind="town", date="", kind="capture", evidence="x", actor="army")
    takings = [
        Capture(doc="a.txt", place_iri=None, place_label="Dankoro", date="", date_text="", evidence="x", agent=agent)
        for agent in ("the rebels", "government troops")
    ]
    result = evaluate([row], takings)
    assert len(result.true_positives) == 1 and result.true_positives[0][1].agent == "government troops"
    assert not result.wrong_actors and not result.false_positives
