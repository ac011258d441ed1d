"""The killed count on more ways news writes it: an age with hyphens after a count, a
passive killing whose subject a deed describes, a victim with a long name or a role after
"the murder of", kin listed with their ages, the toll of the attack told after its
victims, a toll someone "put at" a figure, attackers killed after their attack, "were
shot and killed", and a murder charge in the shooting or stabbing of a victim. Every
sentence here was written for these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run


def killed_of(classifier: Classifier, text: str, title: str = "") -> int | None:
    return run(classifier, text, title).casualties.killed


COUNTED = [
    # An age with hyphens after a count belongs to the victims' noun, and the list goes on.
    (
        "age-after-count",
        "Gunmen raided the village school, killing two eight-year-old pupils and four teachers.",
        6,
    ),
    ("age-after-count-passive", "Seven 15-year-old cadets were killed in the mortar attack.", 7),
    # A deed that tells who the passive's subject is: the killing befell them.
    (
        "deed-describes-subject",
        "Troops shot dead a suspect at a checkpoint near Tavra on Sunday. In a second raid "
        "on Monday, four gunmen accused of the bus bombing were killed.",
        4,
    ),
    # "The murder of" a victim with a four-word name, the line broken after "of", and a role
    # after the name that says who he is.
    (
        "murder-of-long-name-and-role",
        "GUNMEN SHOT DEAD A DIPLOMAT IN THE CAPITAL. THE MINISTRY CONDEMNED THE MURDER OF\n"
        "LUIS FERNANDO OTERO VALDEZ, FIRST SECRETARY OF THE CONSULATE.",
        1,
    ),
    # Kin listed with their ages before the verb: a couple is two, each child one more.
    (
        "kin-with-ages",
        "Shelling hit a house in Berovo overnight. A couple, their 4-month-old daughter and "
        "7-year-old son were killed.",
        4,
    ),
    # The toll of the attack, told after its victims in a clause on it, holds them.
    (
        "whole-toll-after-victims",
        "A nurse and her son were shot dead at the market in an attack that left five people dead.",
        5,
    ),
    # A toll someone puts at a figure.
    (
        "put-the-toll-at",
        "A car bomb exploded outside the court in Selmar. Hospital officials put the toll at 31.",
        31,
    ),
    # Attackers killed after their attack add to their victims.
    (
        "attackers-killed-after",
        "Two gunmen opened fire on a bus near Korva, killing three passengers, before they "
        "were shot dead by police.",
        5,
    ),
    # A murder charge in a harm: the victims of the harm named after it.
    (
        "murder-in-the-stabbing-of",
        "A woman was charged with murder in the stabbing of a taxi driver in Penwick.",
        1,
    ),
    ("shot-and-killed", "Three men were shot and killed outside a bar in Dunmere on Friday.", 3),
]

NEAR_MISSES = [
    # A range and a plain count stay as they were.
    ("range-not-age", "A rocket attack on the depot killed 10-12 workers.", 10),
    # The deed's own dead, told in a relative clause, are not the event's.
    (
        "deed-in-relative-clause",
        "Troops shot dead a suspect at a checkpoint. The suspect was blamed for a bombing in "
        "which 40 people were killed.",
        1,
    ),
    # Other victims of the attack, named as such, still add up.
    (
        "other-victims-after-relative",
        "Two soldiers were killed in a blast that killed three civilians.",
        5,
    ),
    # Attackers arrested after their attack are no more dead.
    (
        "attackers-arrested-after",
        "Two gunmen opened fire on a bus near Korva, killing three passengers, before they "
        "were arrested by police.",
        3,
    ),
    # In the active, the number before "shot and killed" counts the killers.
    (
        "killers-shot-and-killed",
        "Three masked men shot and killed a guard outside the bank in Dunmere.",
        1,
    ),
    # A charge of assault in a shooting kills no one.
    (
        "assault-in-the-shooting-of",
        "A man was charged with assault in the shooting of two guards in Penwick.",
        None,
    ),
    # A toll not put at a figure gives none.
    (
        "toll-not-put-at-figure",
        "A car bomb exploded outside the court. The mayor said it was too early to put the "
        "toll into words.",
        None,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), COUNTED, ids=ids(COUNTED))
def test_killed_counted(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NEAR_MISSES, ids=ids(NEAR_MISSES))
def test_near_misses_keep_their_count(
    classifier: Classifier, name: str, text: str, killed: int | None
) -> None:
    assert killed_of(classifier, text) == killed


def test_shot_and_killed_hurts_no_one(classifier: Classifier) -> None:
    """The victims of "were shot and killed" are the killed, not also the hurt."""
    found = run(classifier, "Two women were shot and killed at a bus stop in Orlen.", "")
    assert (found.casualties.killed, found.casualties.injured) == (2, None)
