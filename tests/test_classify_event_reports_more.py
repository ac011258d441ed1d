"""The classifier on more ways event reports and wire copy write what is past or not yet
counted: dates written with their weekday, a speech's long list of the many who were
killed, and a toll foreseen with its figure. Every sentence here was written for these
tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run

# -- dates written with their weekday -----------------------------------------------------

# "On Wednesday, 7 February" is a date like "on 7 February": the latest date of a report
# makes a killing dated weeks before it the past, and a killing dated in the same days
# stays news.
WEEKDAY_DATES = [
    (
        "weeks-before-day-month",
        "Two students were killed on 3 October, and the minister spoke of it in parliament"
        " on Tuesday, 21 November.",
        False,
    ),
    (
        "weeks-before-month-day",
        "A judge was shot dead on March 12. The minister spoke on Wednesday, April 26.",
        False,
    ),
    (
        "weeks-before-no-comma",
        "A judge was shot dead on 12 March. His brother gave a speech in his memory on"
        " Friday 28 April.",
        False,
    ),
    (
        "capitals",
        "TWO GUARDS WERE KILLED ON 16 NOVEMBER. THE COLONEL SPOKE TO THE PRESS ON"
        " WEDNESDAY, 7 FEBRUARY.",
        False,
    ),
    (
        "same-week",
        "Two students were killed on 3 October, and the minister spoke of it in parliament"
        " on Tuesday, 7 October.",
        True,
    ),
    (
        "days-apart",
        "A judge was shot dead on 12 March; the police chief was moved to a new post on"
        " Friday, March 14.",
        True,
    ),
    (
        "killing-dated-by-weekday",
        "Talks broke down on 20 April. Two farmers were shot dead on Saturday, 4 May.",
        True,
    ),
    (
        "weekday-date-after-the-event",
        "A bomb killed four soldiers at a checkpoint on Monday, 9 October, the army said.",
        True,
    ),
]


@pytest.mark.parametrize(("name", "text", "found"), WEEKDAY_DATES, ids=ids(WEEKDAY_DATES))
def test_dates_with_their_weekday(
    classifier: Classifier, name: str, text: str, found: bool
) -> None:
    assert ("casualties" in run(classifier, text).signal_names) is found


# -- the many who were killed, in a long list ---------------------------------------------

# A speech that honours "many pilots, sailors and border guards" who "have been killed" speaks
# of a cause, not of one event, however long the list before the verb;
# the same list dated to the days of the report is news.
MANY_IN_A_LIST = [
    (
        "capitals",
        "MANY PILOTS, SAILORS, AND BORDER GUARDS HAVE BEEN KILLED, AND THE NATION WILL NOT"
        " FORGET THEM, THE GENERAL SAID.",
        False,
    ),
    (
        "three-kinds",
        "Many nurses, doctors and ambulance drivers have been killed in the years of war,"
        " the minister said in a speech.",
        False,
    ),
    (
        "short-list",
        "Many farmers and herders have died for this land, the governor told the crowd.",
        False,
    ),
    (
        "dated-today",
        "Many villagers, traders and their sons have been killed since Monday in the raids,"
        " the mayor said today.",
        True,
    ),
    (
        "counted",
        "Guards, drivers and two mechanics were killed, twelve in all, when"
        " the convoy was ambushed on Sunday.",
        True,
    ),
]


@pytest.mark.parametrize(("name", "text", "found"), MANY_IN_A_LIST, ids=ids(MANY_IN_A_LIST))
def test_many_killed_in_a_long_list(
    classifier: Classifier, name: str, text: str, found: bool
) -> None:
    assert ("casualties" in run(classifier, text).signal_names) is found


# -- a toll foreseen ----------------------------------------------------------------------

# "The death toll could reach 65" foresees a figure: no casualty and no count of its own. The
# dead the report has counted stand, and a toll that "could rise" with no figure tells of
# dead already there.
TOLLS_FORESEEN = [
    ("could-reach", "Officials said the death toll could reach at least 65.", False, None),
    ("expected-to-climb", "The toll is expected to climb to 100, the governor said.", False, None),
    (
        "counted-and-foreseen",
        "Rescuers found six bodies after the bombing and warned the toll could rise to 20.",
        True,
        6,
    ),
    (
        "could-rise-no-figure",
        "Nine villagers were shot dead by the gang, and the police said the toll could rise.",
        True,
        9,
    ),
    ("rose-to", "The death toll from the shelling rose to 40 on Sunday.", True, 40),
    ("has-reached", "The toll of the riots has reached 30, the police said.", True, 30),
]


@pytest.mark.parametrize(
    ("name", "text", "found", "killed"), TOLLS_FORESEEN, ids=ids(TOLLS_FORESEEN)
)
def test_tolls_foreseen(
    classifier: Classifier, name: str, text: str, found: bool, killed: int | None
) -> None:
    result = run(classifier, text)
    assert ("casualties" in result.signal_names) is found
    assert result.casualties.killed == killed
