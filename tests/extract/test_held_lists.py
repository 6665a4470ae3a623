"""Towns a clause lists as held or taken together: "the towns in rebel hands are A and B", "towns now
under government control include A and B", "the takeover by the rebels of the towns of the north,
including A and B". Made-up sentences: invented towns from the test pack."""

from __future__ import annotations

from tests.extract.helpers import captured


def test_towns_an_armed_group_holds_are_towns_it_took(extract) -> None:
    held = captured(
        extract("Fighting in the north\n\nThe towns in rebel hands are Vellport and Dunmere, officials said.\n")
    )
    assert sorted(held) == ["Dunmere", "Vellport"]
    assert [a.label for a in held["Vellport"].agents] == ["rebels"]
    listed = captured(extract("Fighting in the north\n\nTowns now under rebel control include Vellport and Dunmere.\n"))
    assert sorted(listed) == ["Dunmere", "Vellport"]


def test_towns_a_state_holds_are_taken_only_when_the_hold_is_new(extract) -> None:
    new = captured(
        extract("Fighting in the north\n\nTowns now under government control include Vellport and Dunmere.\n")
    )
    assert sorted(new) == ["Dunmere", "Vellport"]
    kept = captured(extract("Fighting in the north\n\nThe towns under government control are Vellport and Dunmere.\n"))
    assert not kept
    where = captured(extract("Fighting in the north\n\nThe towns in the region are Vellport and Dunmere.\n"))
    assert not where


def test_a_takeover_of_towns_including_some_takes_those(extract) -> None:
    takeover = captured(
        extract(
            "Fighting in the north\n\nThe takeover by the rebels of the main towns of the north, including Vellport "
            "and Dunmere, alarmed the capital.\n"
        )
    )
    assert sorted(takeover) == ["Dunmere", "Vellport"]
    assert takeover["Dunmere"].agents  # the rebels (in the pack's country, the insurgency they name)
    visit = captured(
        extract(
            "Fighting in the north\n\nThe visit by the minister of the main towns of the north, including Vellport "
            "and Dunmere, ended on Sunday.\n"
        )
    )
    assert not visit


def test_names_listed_as_the_towns_held_are_towns(extract) -> None:
    held = captured(
        extract(
            "Fighting in the north\n\nThe towns in rebel hands are Zendabar, Malutu and Korvessa, officials said.\n"
        )
    )
    assert sorted(held) == ["Korvessa", "Malutu", "Zendabar"]
    assert all(place.kind == "City" for event in held.values() for place in event.places)
    rebels = extract("Fighting in the north\n\nThe rebels in the hills are Zendabar and Malutu, officials said.\n")
    assert not captured(rebels)


def test_towns_not_or_no_longer_held_are_not_taken(extract) -> None:
    for line in (
        "The only towns not in rebel hands are Vellport and Dunmere.",
        "Towns no longer under rebel control include Vellport and Dunmere.",
    ):
        assert not captured(extract(f"Fighting in the north\n\n{line}\n")), line


def test_a_group_in_control_of_part_of_a_town_has_not_taken_it(extract) -> None:
    whole = captured(
        extract("Fighting in the north\n\nA local official said the Vale Front is in control of Vellport.\n")
    )
    assert "Vellport" in whole
    half = captured(
        extract("Fighting in the north\n\nA local official said the Vale Front is in control of half of Vellport.\n")
    )
    assert "Vellport" not in half


def test_a_fraction_of_a_place_taken_over_is_no_capture_of_it(extract) -> None:
    part = captured(extract("Fighting in the north\n\nThe Vale Front took over 2/3 of Vellport on 7 September.\n"))
    assert "Vellport" not in part
    counted = captured(
        extract("Fighting in the north\n\nThe Vale Front captured two of the towns, Vellport and Dunmere.\n")
    )
    assert {"Vellport", "Dunmere"} <= set(counted)
