"""Strikes as feed items write them, read after the sixth wave of labels: a headline that
pleads for help (no plea in court), drones "shot down" (no drone shot of a camera), a
warplane downed by air defence, wars long over named in passing, explosions at a fuel
station, and bombs sent to an army as arms supplied. Every sentence here was written for
these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run


def has_strike(classifier: Classifier, text: str, title: str = "") -> bool:
    return "strike" in run(classifier, text, title).signal_names


# -- strikes the rules missed ----------------------------------------------------------

STRIKES = [
    (
        "headline-pleads-for-help",
        "Stranded aid workers plead for safe passage out of the enclave",
        "The group has sheltered for nine days under the continuing bombardment of the "
        "northern districts.",
    ),
    (
        "drones-shot-down-headline",
        "Army says eleven rebel drones shot down, as talks stall in the capital",
        "The defence ministry gave no further details.",
    ),
    (
        "warplane-downed",
        "Rebels down a government warplane near Maridal",
        "The pilot ejected over the hills, the rebel command said.",
    ),
    (
        "gunship-brought-down",
        "",
        "Insurgents brought down an army helicopter gunship over the valley on Friday.",
    ),
]


@pytest.mark.parametrize(("name", "title", "text"), STRIKES, ids=ids(STRIKES))
def test_strike_found(classifier: Classifier, name: str, title: str, text: str) -> None:
    assert has_strike(classifier, text, title)


# -- no strike: history, mishaps and arms supplied -------------------------------------

NOT_STRIKES = [
    (
        "iraq-war-veteran",
        "Iraq war: the medic who rebuilt her life",
        "Corporal Dana Welk was badly wounded by a roadside bomb on her second tour.",
    ),
    (
        "fuel-station-explosions",
        "Fuel station hit by two explosions near Tarvel",
        "Firefighters said nine people were injured in the explosions on the ring road.",
    ),
    (
        "bombs-sent-to-an-army",
        "Ottland sends Varnia 500-pound guided bombs for its war",
        "After shipping artillery shells and rockets last month, the government is now "
        "sending glide bombs.",
    ),
]


@pytest.mark.parametrize(("name", "title", "text"), NOT_STRIKES, ids=ids(NOT_STRIKES))
def test_no_strike(classifier: Classifier, name: str, title: str, text: str) -> None:
    assert not has_strike(classifier, text, title)


# -- near misses: read the same before and after these changes -------------------------

NEAR_MISSES = [
    (
        "pleads-innocent-to-old-bombing",
        "Bomber pleads innocent to charges",
        "He is accused of planting the device that exploded at the depot in 2019.",
        False,
    ),
    (
        "jet-downs-an-object",
        "",
        "A fighter jet shot down an unidentified object over the northern lakes on Sunday.",
        False,
    ),
    (
        "warplane-crash",
        "",
        "A warplane went down in a training flight after an engine fault, the air force said.",
        False,
    ),
    (
        "drones-sent-at-a-city",
        "",
        "The army sent drones that struck two warehouses in the port overnight.",
        True,
    ),
]


@pytest.mark.parametrize(("name", "title", "text", "want"), NEAR_MISSES, ids=ids(NEAR_MISSES))
def test_near_misses(classifier: Classifier, name: str, title: str, text: str, want: bool) -> None:
    assert has_strike(classifier, text, title) is want
