"""Police and riot sentences of the sixth reading wave, by the ways they are written: a
toll that names no cause, lives taken by a riot, a victim who opens the sentence as "one
more", killings told as a case, a saying, a rumour, a memory, the ground of relief or an
event named by its full date, and the near misses beside each that must keep their
reading. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run


def has_casualties(classifier: Classifier, text: str) -> bool:
    return "casualties" in run(classifier, text).signal_names


# -- what the rules now read as casualties ---------------------------------------------

FOUND = [
    # Lives taken by the violence the sentence names.
    ("lives-taken-by-rioting", "The rioting in the old town has taken another 14 lives."),
    (
        "heavy-toll-of-lives",
        "The mob fury raged for a third day, taking a heavy toll of human lives in Rampur.",
    ),
]


@pytest.mark.parametrize(("name", "text"), FOUND, ids=ids(FOUND))
def test_lives_taken_are_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert has_casualties(classifier, text)


# -- what the rules no longer read as casualties ---------------------------------------

NOT_FOUND = [
    # A toll with no cause of the deaths in the article.
    ("toll-put-at", "Officially, the death toll was put at 212 in the state, 90 of them in Surat."),
    ("toll-stands", "The official toll now stands at 415 and is creeping towards the 450 mark."),
    # A killing told as a case.
    (
        "case-of-the-lynching",
        "In the case of the lynching of the retired judge, the minister said the guard fired "
        "first.",
    ),
    # A saying about killing in general.
    ("whoever-kills", "Whoever kills in the name of faith betrays every faith, the priest said."),
    # Harm only rumoured.
    (
        "rumour-shot-dead",
        "Youths set off firecrackers on rumours that a gang leader, Kalu Shah, had been shot dead.",
    ),
    # The dead remembered.
    (
        "in-memory-of",
        "The fair was called off in memory of the pilgrims who were burnt to death by a mob.",
    ),
    # An event named by its full date with the year, its dead told after it.
    (
        "full-date-event",
        "He said the August 4, 2017 ambush in which nine Special Task Force constables were "
        "killed was the work of a gang.",
    ),
    # The dead as the ground of relief.
    (
        "dependants-of-the-killed",
        "Loans will go first to widows and dependants of persons killed in the riots.",
    ),
]


@pytest.mark.parametrize(("name", "text"), NOT_FOUND, ids=ids(NOT_FOUND))
def test_not_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert not has_casualties(classifier, text)


# -- near misses: what must keep its reading -------------------------------------------

STILL_FOUND = [
    ("toll-of-the-riots", "The death toll in the riots in Meerpur rose to 31 on Monday."),
    ("toll-of-communal-clashes", "The toll in the communal clashes has gone up to 17."),
    (
        "relief-after-sunday-firing",
        "Jobs will go to the dependants of the four men killed in the police firing on Sunday.",
    ),
    (
        "death-before-compensation",
        "Rebels raided the market at Dhola on Friday. They said they regret the killing of a "
        "farmer in the raid but offered no compensation.",
    ),
    ("those-who-killed", "Those who killed the two constables on Friday will be punished."),
    (
        "full-date-after-the-dead",
        "Nine constables were killed in an ambush on August 4, 2017, the police said.",
    ),
]

STILL_NOT_FOUND = [
    ("took-own-life", "The shopkeeper took his own life a week after the riot."),
    ("toll-on-their-lives", "The curfew has taken a heavy toll on their lives and trade."),
    ("floods-took-lives", "The floods have taken 30 lives in the district."),
]


@pytest.mark.parametrize(("name", "text"), STILL_FOUND, ids=ids(STILL_FOUND))
def test_near_misses_stay_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert has_casualties(classifier, text)


@pytest.mark.parametrize(("name", "text"), STILL_NOT_FOUND, ids=ids(STILL_NOT_FOUND))
def test_near_misses_stay_negative(classifier: Classifier, name: str, text: str) -> None:
    assert not has_casualties(classifier, text)


# -- the count -------------------------------------------------------------------------

ONE_MORE = [
    (
        "one-more-succumbed",
        "One more man from Lalpur who was being treated for knife wounds succumbed on Sunday.",
        1,
    ),
    (
        "another-succumbed",
        "Another youth from the mill area, under treatment for burns after the riot, "
        "succumbed today.",
        1,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), ONE_MORE, ids=ids(ONE_MORE))
def test_one_more_victim_counts_one(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert run(classifier, text).casualties.killed == killed
