"""Casualties in feed items, sixth wave: a feed's sign-up line that runs into the first
sentence, a headline about the accused's lawyers, a jail attacked or broken out of, a
shooting beside a tournament, violence told as an outbreak or an epidemic, gunfire by its
other names, care in hospital after an assault, and a wild animal that kills. Every
sentence here was written for these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run


def has_casualties(classifier: Classifier, text: str, title: str = "") -> bool:
    return "casualties" in run(classifier, text, title).signal_names


# -- violence the rules now read -------------------------------------------------------

FOUND = [
    (
        # A feed's sign-up line ends with no full stop and runs into the report.
        "sign-up-line-runs-into-report",
        "Police appeal for witnesses in Perth's east",
        "Sign up for the evening bulletin, our app and the weekly news podcast A "
        "security guard was shot dead at a warehouse in Midvale overnight, police say.",
    ),
    (
        "jail-attacked",
        "Eleven inmates flee a provincial jail in a deadly attack",
        "Armed men in pickup trucks drove up to the gate before dawn.",
    ),
    (
        "shooting-before-tournament",
        "Shooting kills three ahead of a cycling tournament",
        "Police said the gunfire broke out outside a cafe near the finish line.",
    ),
    (
        "outbreak-of-violence",
        "",
        "At least 12 aid workers have died during the latest outbreak of violence in the "
        "region, the charity said.",
    ),
    (
        "epidemic-of-shootings",
        "",
        "Four pupils were killed on Monday, the newest case in the nation's epidemic of "
        "school shootings.",
    ),
    (
        "firefight-elsewhere",
        "Three dead at a remote border post",
        "A firefight broke out when a band of smugglers tried to cross at night.",
    ),
    ("deadly-kidnapping", "Deadly kidnapping of two engineers in the delta", ""),
    (
        "hospital-after-assault",
        "",
        "The magistrate was taken to hospital after an assault in her chambers on Tuesday.",
    ),
]


@pytest.mark.parametrize(("name", "title", "text"), FOUND, ids=ids(FOUND))
def test_violence_found(classifier: Classifier, name: str, title: str, text: str) -> None:
    assert has_casualties(classifier, text, title)


# -- harm with no violence between people ----------------------------------------------

NOT_FOUND = [
    (
        "lawyers-of-accused-years-later",
        "Lawyers for accused orchard killer seek to keep his interview secret",
        "Lawyers for a man accused of murdering two fruit pickers want his police "
        "interview kept from the press. The pair vanished from a farm in May 2019.",
    ),
    (
        "bear-attacked-and-was-shot",
        "Grizzly bear kills hiker in a national park",
        "The bear attacked and killed a 40-year-old hiker on a trail before it was shot by "
        "a warden, rangers said.",
    ),
    (
        "rampaging-elephant",
        "Farmer dies as a wild elephant tramples a village",
        "The elephant, which has killed four people this year, was driven off by villagers.",
    ),
]


@pytest.mark.parametrize(("name", "title", "text"), NOT_FOUND, ids=ids(NOT_FOUND))
def test_no_violence_found(classifier: Classifier, name: str, title: str, text: str) -> None:
    assert not has_casualties(classifier, text, title)


# -- near misses that keep their reading -----------------------------------------------

NEAR_MISSES = [
    (
        "podcast-retells-a-killing",
        "",
        "In the third season of the crime podcast, the narrator tells how a detective was "
        "shot dead in a lighthouse.",
        False,
    ),
    (
        "outbreak-of-disease",
        "",
        "Nine people have died during the latest outbreak of cholera in the camps.",
        False,
    ),
    ("jail-death-in-custody", "Activist dies in jail after a hunger strike", "", False),
    (
        "keeper-shot-by-gunmen",
        "Elephant keeper shot dead by gunmen at a wildlife park",
        "",
        True,
    ),
    (
        "arms-recovered-after-attack",
        "",
        "Rifles were recovered from the hideout a day after the attack on the depot.",
        False,
    ),
    (
        "player-hurt-in-tournament",
        "",
        "The striker injured his ankle in the opening game of the tournament.",
        False,
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "found"), NEAR_MISSES, ids=ids(NEAR_MISSES))
def test_near_misses(classifier: Classifier, name: str, title: str, text: str, found: bool) -> None:
    assert has_casualties(classifier, text, title) is found
