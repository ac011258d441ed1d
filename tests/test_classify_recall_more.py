"""The classifier's recall on how feeds and incident digests write real attacks and harm:
dates that scope only what they name, and the close calls beside them. Every sentence here
was written for these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run

# -- a time in the possessive dates only the noun it names --------------------------------

POSSESSIVE_DATES_STRIKE = [
    (
        "suspects-of-last-months-ambush",
        "Two men wanted over last month's ambush on a bus were killed in an army raid "
        "on the village of Kornik.",
    ),
    (
        "last-years-bombing-then-shelling",
        "Residents who survived last year's siege fled again as artillery shelling hit the "
        "eastern suburbs of the city.",
    ),
]

POSSESSIVE_DATES_NO_STRIKE = [
    (
        "last-months-bombing-remembered",
        "Mourners gathered at the square to remember last month's bombing of the station.",
    ),
    (
        "last-years-airstrike-inquiry",
        "The ministry published its findings on last year's airstrike on the wedding party.",
    ),
    ("last-month-plain", "Last month a bomb exploded outside the ministry, officials recalled."),
]


@pytest.mark.parametrize(
    ("name", "text"), POSSESSIVE_DATES_STRIKE, ids=ids(POSSESSIVE_DATES_STRIKE)
)
def test_possessive_date_leaves_the_new_attack(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "strike" in run(classifier, text).signal_names


@pytest.mark.parametrize(
    ("name", "text"), POSSESSIVE_DATES_NO_STRIKE, ids=ids(POSSESSIVE_DATES_NO_STRIKE)
)
def test_possessive_date_still_dates_its_noun(classifier: Classifier, name: str, text: str) -> None:
    assert "strike" not in run(classifier, text).signal_names


# -- a date written with its year is background beside the report's own dates ------------

DATED_WITH_YEAR_STRIKE = [
    (
        "district-made-in-a-past-year",
        "Three guards were killed and nine wounded in a bomb blast at a checkpoint in "
        "Mardan District on November 12. It was the first attack in the town since it "
        "was made a district on February 3, 2009.",
    ),
    (
        "day-month-year",
        "A roadside bomb hit a patrol on the Kalat road on 14 October, killing two soldiers. "
        "The road was opened on 2 March 2016.",
    ),
]

DATED_WITH_YEAR_NO_STRIKE = [
    (
        "old-blast-recalled-in-the-news",
        "A bomb blast killed four traders in the bazaar on March 2. The police arrested "
        "the suspect on March 30.",
    ),
    (
        "every-date-with-year",
        "A grenade attack killed a trader on June 1, 2014. The court sentenced the "
        "attacker on August 20, 2016.",
    ),
]


@pytest.mark.parametrize(("name", "text"), DATED_WITH_YEAR_STRIKE, ids=ids(DATED_WITH_YEAR_STRIKE))
def test_date_with_year_does_not_make_the_report_stale(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "strike" in run(classifier, text).signal_names


@pytest.mark.parametrize(
    ("name", "text"), DATED_WITH_YEAR_NO_STRIKE, ids=ids(DATED_WITH_YEAR_NO_STRIKE)
)
def test_yearless_dates_still_tell_an_old_attack(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "strike" not in run(classifier, text).signal_names


# -- a sentence carried out, and attackers at a jail, beside words of proceedings ---------

CARRIED_OUT = [
    (
        "regime-executes-convicted",
        "The regime executes two men convicted of spying for a foreign power.",
    ),
    (
        "hanged-till-death-in-jail",
        "Two militants, convicted by an anti-terrorism court, were hanged till death in "
        "Multan Jail on June 3.",
    ),
    (
        "shot-dead-at-jail-gate",
        "A gang leader was shot dead by two gunmen at the gate of the district jail on "
        "Friday, minutes after his release.",
    ),
]

NOT_CARRIED_OUT = [
    ("sentenced-to-death", "A man convicted of killing his neighbour was sentenced to death."),
    (
        "convicted-of-murder",
        "A court convicted the driver of murder over the killing of a cyclist.",
    ),
    ("died-in-jail", "A prisoner died in jail on Tuesday, the prison service said."),
]


@pytest.mark.parametrize(("name", "text"), CARRIED_OUT, ids=ids(CARRIED_OUT))
def test_sentence_carried_out_is_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert "casualties" in run(classifier, text).signal_names


@pytest.mark.parametrize(("name", "text"), NOT_CARRIED_OUT, ids=ids(NOT_CARRIED_OUT))
def test_proceedings_alone_are_no_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert "casualties" not in run(classifier, text).signal_names


# -- a fighter hurt or killed at war, told by the fighting --------------------------------

FIGHTING_AT_WAR = [
    ("wounded-fighting-in", "A former boxer from Ohio was wounded fighting in the east."),
    (
        "died-while-fighting-alongside",
        "A volunteer medic died while fighting alongside the rebels near the dam.",
    ),
    ("hurt-fighting-for", "Two foreign volunteers were hurt fighting for the brigade."),
]

NOT_FIGHTING_AT_WAR = [
    ("trapped-by-fighting", "An old man died at home, trapped by the fighting in the capital."),
    ("fighting-a-disease", "The singer died after years of fighting cancer."),
    ("injured-fighting-a-fire", "A firefighter was hurt fighting a blaze at a warehouse."),
]


@pytest.mark.parametrize(("name", "text"), FIGHTING_AT_WAR, ids=ids(FIGHTING_AT_WAR))
def test_hurt_fighting_is_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert "casualties" in run(classifier, text).signal_names


@pytest.mark.parametrize(("name", "text"), NOT_FIGHTING_AT_WAR, ids=ids(NOT_FIGHTING_AT_WAR))
def test_fighting_a_blaze_or_trapped_is_no_casualties(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "casualties" not in run(classifier, text).signal_names


# -- bodies in an article of bombardment --------------------------------------------------

BODIES_UNDER_BOMBARDMENT = [
    (
        "bodies-in-streets",
        "Doctors say bodies lie uncollected in the streets of the capital.\n"
        "Heavy shelling went on through the night in the southern districts.",
    ),
    (
        "corpses-at-hospital",
        "Staff ran out of room for the corpses at the main hospital. Airstrikes hit the "
        "district again on Sunday.",
    ),
]

BODIES_WITHOUT_BOMBARDMENT = [
    (
        "bodies-of-migrants",
        "Coastguards said the bodies of eleven migrants washed ashore after a storm.",
    ),
    (
        "bodies-found-after-shelling-history",
        "Police found two bodies in a flat. The building dates from before the shelling "
        "of the town.",
    ),
    ("bodies-in-fitness", "Our bodies need rest after a long week of work."),
]


@pytest.mark.parametrize(
    ("name", "text"), BODIES_UNDER_BOMBARDMENT, ids=ids(BODIES_UNDER_BOMBARDMENT)
)
def test_bodies_under_bombardment_are_casualties(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "casualties" in run(classifier, text).signal_names


@pytest.mark.parametrize(
    ("name", "text"), BODIES_WITHOUT_BOMBARDMENT, ids=ids(BODIES_WITHOUT_BOMBARDMENT)
)
def test_bodies_without_bombardment_are_no_casualties(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "casualties" not in run(classifier, text).signal_names


# -- "off duty" is no "kill off" ----------------------------------------------------------

OFF_DUTY = [
    ("killed-off-duty", "A police sergeant was killed off duty by two gunmen in the market."),
    ("killed-off-duty-hyphen", "An army captain was killed off-duty in a roadside shooting."),
]

KILLED_OFF = [
    (
        "killed-off-a-character",
        "The writers killed off the detective in the final episode of the series.",
    ),
    ("kill-off-a-plan", "Ministers moved to kill off the bill before the summer recess."),
]


@pytest.mark.parametrize(("name", "text"), OFF_DUTY, ids=ids(OFF_DUTY))
def test_killed_off_duty_is_casualties(classifier: Classifier, name: str, text: str) -> None:
    assert "casualties" in run(classifier, text).signal_names


@pytest.mark.parametrize(("name", "text"), KILLED_OFF, ids=ids(KILLED_OFF))
def test_killed_off_a_character_is_no_casualties(
    classifier: Classifier, name: str, text: str
) -> None:
    assert "casualties" not in run(classifier, text).signal_names
