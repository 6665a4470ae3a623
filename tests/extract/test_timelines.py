"""Timelines: a date alone on its line dates the entries below it up to the next heading; an entry that
opens with its date and a colon ("- May 20: X"); bullets and Wikipedia's worded citation marks; a
headline-style present tense the tagger read as a noun. Made-up text: invented towns from the test pack."""

from __future__ import annotations

from tests.extract.helpers import captured


def test_a_date_heading_dates_the_entries_below_it(extract) -> None:
    timeline = extract(
        "Timeline of the northern war (May 2016)\n\nMay 2016\n\n12 May\n\n- The rebels captured Vellport.\n"
        "- Aid convoys reached the area.\n\n14 May\n\n- The rebels captured Dunmere after a day of fighting.\n",
        published=None,
    )
    taken = captured(timeline)
    assert taken["Vellport"].time.value == "2016-05-12"
    assert taken["Dunmere"].time.value == "2016-05-14"


def test_a_heading_that_is_no_day_ends_the_reach_of_the_one_before(extract) -> None:
    timeline = extract(
        "Timeline of the northern war (May 2016)\n\nMay 2016\n\n12 May\n\n- Talks began.\n\nBackground\n\n"
        "- The rebels captured Vellport.\n",
        published=None,
    )
    assert captured(timeline)["Vellport"].time is None


def test_an_entry_opening_with_its_date_and_a_colon(extract) -> None:
    timeline = extract(
        "Timeline of the northern war in 2015\n\n- May 20: The Vale Front captures Vellport.[citation needed]\n"
        "- 22 May: Government troops retake Dunmere.[4]\n",
        published=None,
    )
    taken = captured(timeline)
    assert taken["Vellport"].time.value == "2015-05-20"
    assert [a.label for a in taken["Vellport"].agents] == ["Vale Front"]
    assert taken["Dunmere"].time.value == "2015-05-22"


def test_a_bulleted_entry_is_read_as_the_sentence_it_is(extract) -> None:
    timeline = extract(
        "Timeline of the northern war (2017)\n\nMarch 2017\n\n1 March\n\n• Talks resume.\n\n2 March\n\n"
        "• The army with air support recaptures "
        "Vellport from the rebels.\n",
        published=None,
    )
    assert captured(timeline)["Vellport"].time.value == "2017-03-02"


def test_a_present_tense_capture_read_as_a_noun_is_the_verb(extract) -> None:
    entry = extract(
        "Timeline of the northern war (2016)\n\n- Opposition fighters, consisting of two local brigades and the "
        "Vale Front capture the village of Vellport.\n",
        published=None,
    )
    taken = captured(entry)
    assert [a.label for a in taken["Vellport"].agents] == ["opposition fighters"]  # no list dash in the name


def test_one_date_on_a_line_of_its_own_is_the_articles_date_not_a_heading(extract) -> None:
    news = extract("Rebels take town\n\nJune 3, 2016\n\nThe rebels captured Vellport.\n", published=None)
    assert captured(news)["Vellport"].time is None


def test_an_entry_without_a_verb_keeps_the_heading_and_numbered_lines_are_no_dates(extract) -> None:
    timeline = extract(
        "Timeline of the northern war (May 2016)\n\nMay 2016\n\n12 May\n\n- Heavy clashes near Dunmere.\n"
        "- The rebels captured Vellport.\n\n14 May\n\n- Talks resume.\n",
        published=None,
    )
    assert captured(timeline)["Vellport"].time.value == "2016-05-12"
    numbered = extract(
        "Rebels take town\n\nArticle 5\n\nThe rebels captured Vellport on 3 June 2016.\n\nArticle 6\n\nThe rebels "
        "captured Dunmere.\n",
        published=None,
    )
    assert captured(numbered)["Dunmere"].time is None


def test_a_taking_told_in_the_present_on_a_dated_page_is_dated_by_the_page(extract) -> None:
    digest = extract(
        "Current events of the day\n\nArmed conflicts\n\nThe Vale Front captures Vellport, the capital of Northmark.\n",
        published="2021-08-15",
    )
    assert captured(digest)["Vellport"].time.value == "2021-08-15"
    past = extract(
        "Current events of the day\n\nArmed conflicts\n\nThe Vale Front captured Vellport, the capital of Northmark.\n",
        published="2021-08-15",
    )
    assert captured(past)["Vellport"].time is None  # the past tense says when no more than the text does
    undated = extract(
        "Current events of the day\n\nArmed conflicts\n\nThe Vale Front captures Vellport, the capital of Northmark.\n",
        published=None,
    )
    assert captured(undated)["Vellport"].time is None
    habit = extract(
        "Current events of the day\n\nArmed conflicts\n\nWhenever the army retreats, the Vale Front captures "
        "Vellport.\n",
        published="2021-08-15",
    )
    assert all(e.time is None for e in captured(habit).values())  # a habit has no day


def test_later_that_day_is_the_day_named_last_even_across_a_paragraph(extract) -> None:
    text = extract(
        "Fighting in Northmark\n\nAccording to the mission, on 17 April 2012, an armed group attacked Dunmere.\n\n"
        "Later that day, another armed group seized the town of Vellport.\n",
        published=None,
    )
    assert captured(text)["Vellport"].time.value == "2012-04-17"
    nothing_named = extract(
        "Fighting in Northmark\n\nThat day an armed group seized the town of Vellport.\n", published=None
    )
    assert captured(nothing_named)["Vellport"].time is None


def test_a_taking_a_dated_page_reports_in_the_present_as_just_done_is_dated_by_the_page(extract) -> None:
    page = "Current events of the day\n\nArmed conflicts\n\n- {}\n"
    done = extract(page.format("A spokesperson says that the Vale Front has captured the city of Vellport."))
    assert captured(done)["Vellport"].time.value == "2021-08-12"
    new_hold = extract(page.format("The Vale Front says that it now controls Vellport, and thus all of Northmark."))
    assert captured(new_hold)["Vellport"].time.value == "2021-08-12"
    told_in_the_past = extract(
        page.format("A spokesperson said that the Vale Front has captured the city of Vellport.")
    )
    assert captured(told_in_the_past)["Vellport"].time is None
    news = extract("Rebels advance\n\nA spokesperson says that the Vale Front has captured the city of Vellport.\n")
    assert captured(news)["Vellport"].time is None  # running news: the day is left open


def test_hours_earlier_is_the_day_named_before_and_a_day_after_counts_back_from_it(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nThe envoy on Wednesday pledged help. Vale Front fighters hours earlier overran "
        "Vellport, a day after seizing Dunmere.\n",
        published="2021-08-12",
    )
    taken = captured(extraction)
    assert taken["Vellport"].time is not None and taken["Vellport"].time.value == "2021-08-11"
    assert taken["Dunmere"].time is not None and taken["Dunmere"].time.value == "2021-08-10"
    assert [a.label for a in taken["Dunmere"].agents] == ["Vale Front"]


def test_hours_after_a_count_past_a_day_give_no_day(extract) -> None:
    extraction = extract(
        "Fighting in Afghanistan\n\nThe Vale Front took Vellport on 5 August. 48 hours later it took Dunmere.\n",
        published="2021-08-12",
    )
    assert captured(extraction)["Vellport"].time.value == "2021-08-05"
    assert captured(extraction)["Dunmere"].time is None or captured(extraction)["Dunmere"].time.value != "2021-08-05"
