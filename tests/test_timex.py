"""Time expressions resolved against the publication date; nothing is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.timex import find_times

WEDNESDAY = dt.date(2021, 8, 11)


def values(text: str, *, published=WEDNESDAY, reference=None) -> list[tuple[str, str | None]]:
    return [
        (t.text, t.value.value if t.value else None)
        for t in find_times(text, 0, published=published, reference=reference)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On July 9 the Taliban announce", [("On July 9", "2021-07-09")]),
        ("the Taliban claimed late Wednesday that", [("late Wednesday", "2021-08-11")]),
        ("the overnight capture of", [("overnight", "2021-08-11")]),
        ("on Friday, the insurgents", [("on Friday", "2021-08-06")]),
        ("since last Friday", [("since last Friday", None)]),
        ("In early May, NATO begins", [("In early May", "2021-05")]),
        ("in late June", [("in late June", "2021-06")]),
        ("after capturing the city in 1998", [("in 1998", "1998")]),
        ("before August 31", [("before August 31", None)]),
        ("since August 6", [("since August 6", None)]),
        ("The following days several cities fall", [("The following days", None)]),
        ("the 12th of March 2020", [("the 12th of March 2020", "2020-03-12")]),
        ("yesterday", [("yesterday", "2021-08-10")]),
        ("December 20", [("December 20", "2020-12-20")]),
    ],
)
def test_expressions(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert values(text) == expected


def test_relative_days_need_a_reference() -> None:
    assert values("Two days later, the Taliban seize", reference=dt.date(2021, 7, 2)) == [
        ("Two days later", "2021-07-04")
    ]
    assert values("Two days later, the Taliban seize") == [("Two days later", None)]


def test_that_day_is_the_day_named_last_even_in_an_earlier_paragraph() -> None:
    last = dt.date(2012, 4, 17)
    found = find_times(
        "Later that day, another group seized the town", 0, published=None, reference=None, last_day=last
    )
    assert [(t.text, t.value.value if t.value else None) for t in found] == [("Later that day", "2012-04-17")]
    assert values("On the same day, rebels took it", reference=last) == [("On the same day", "2012-04-17")]
    assert values("That day the group took two villages") == [("That day", None)]  # no day named before
    assert values("until that day the town was quiet", reference=last) == [("until that day", None)]  # a bound
    same_sentence = values("On 5 August they took Kunduz, and later that day Taloqan", reference=last)
    assert same_sentence == [("On 5 August", "2021-08-05"), ("later that day", "2021-08-05")]


def test_without_a_publication_date_relative_expressions_stay_empty() -> None:
    assert values("On Friday, the insurgents seized", published=None) == [("On Friday", None)]
    assert values("overnight", published=None) == [("overnight", None)]
    assert values("On July 9", published=None) == [("On July 9", None)]
    assert values("in 2015", published=None) == [("in 2015", "2015")]


def test_modal_may_and_verb_march_are_not_months() -> None:
    assert values("the Taliban may have committed war crimes") == []
    assert values("they march on Kabul") == []
