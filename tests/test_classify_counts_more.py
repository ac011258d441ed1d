"""The killed count on more ways news writes it: dates with a shortened month, a total
that "has gone up to" a figure, one victim told twice in one sentence, and a pair in a
list of victims. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.test_classify import ids, run


def killed_of(classifier: Classifier, text: str, title: str = "") -> int | None:
    return run(classifier, text, title).casualties.killed


# -- dates with a shortened month ------------------------------------------------------

SHORT_MONTHS = [
    (
        "oct-before-dead",
        "The hostage, seized on Oct. 7, was shot dead by her captors, the army said.",
        1,
    ),
    ("sept-before-killed", "A guard shot on Sept. 4 by gunmen at the depot has died.", 1),
    ("jan-date-then-toll", "Gunmen killed three traders in the market on Jan. 9.", 3),
    ("feb-date-no-count", "Troops shot a man dead at the checkpoint on Feb. 2, police said.", 1),
]
SHORT_MONTHS_COUNTED = [
    ("number-after-shortened-word", "The militants killed 5 villagers near the Oct. road.", 5),
    ("full-month-still-date", "Rebels killed a farmer in the hills on March 8.", 1),
]


@pytest.mark.parametrize(("name", "text", "killed"), SHORT_MONTHS, ids=ids(SHORT_MONTHS))
def test_shortened_month_is_a_date(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(
    ("name", "text", "killed"), SHORT_MONTHS_COUNTED, ids=ids(SHORT_MONTHS_COUNTED)
)
def test_counts_beside_months_still_read(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


# -- a total that rose to a figure -----------------------------------------------------

TOTALS = [
    (
        "total-gone-up",
        "The total rebels killed in the encounter in the forest has gone up to three.",
        3,
    ),
    (
        "total-raised",
        "Police said the total insurgents gunned down during the sweep has now raised to four.",
        4,
    ),
    (
        "overall-total-rose",
        "The overall total killed in the bombing of the bus rose to 11 on Monday.",
        11,
    ),
]
NOT_TOTALS = [
    ("a-total-of", "A total of 12 policemen were killed in the ambush on the convoy.", 12),
    (
        "total-of-something-else",
        "Gunmen killed two guards and stole the total takings of the shop on Sunday.",
        2,
    ),
    (
        "total-over-months",
        "Over the last six months the total killed in the district has risen to 40. A bomb "
        "killed two soldiers on Friday.",
        2,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), TOTALS, ids=ids(TOTALS))
def test_total_risen_to(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_TOTALS, ids=ids(NOT_TOTALS))
def test_not_a_risen_total(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


# -- one victim told twice -------------------------------------------------------------

RESTATED = [
    (
        "killing-of-who-shot-dead",
        "Students marched over the killing of a 19-year-old cashier who was shot dead by a patrol.",
        1,
    ),
    (
        "murder-of-name-who-died",
        "A teenager is charged with the murder of 70-year-old Rosa Venn who died in hospital.",
        1,
    ),
    (
        "death-of-who-shot-and-killed",
        "Riots spread over the death of a taxi driver who was shot and killed at a roadblock.",
        1,
    ),
    (
        "killing-of-two-who-died",
        "Villagers demanded an inquiry into the killing of a ranger and a porter who died in "
        "the ambush.",
        2,
    ),
]
NOT_RESTATED = [
    (
        "second-victim-who-died",
        "A farmer was shot dead and a herder who was wounded later died in hospital.",
        2,
    ),
    (
        "new-clause-before-who",
        "The killing of a judge was avenged when a gunman who fled was shot dead.",
        2,
    ),
    (
        "semicolon-before-who",
        "The killing of a judge enraged the town; a clerk who saw it was also shot dead.",
        2,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), RESTATED, ids=ids(RESTATED))
def test_one_victim_told_twice(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_RESTATED, ids=ids(NOT_RESTATED))
def test_another_victim_after_who(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


# -- a pair in a list of victims -------------------------------------------------------

PAIRS = [
    ("couple-and-daughters", "A couple and their two daughters were killed in an airstrike.", 4),
    ("parents-and-sons", "Her parents and three brothers died when a shell hit the flat.", 5),
    ("twins-and-cousins", "Twins and four cousins were killed by a drone strike on the farm.", 6),
]
NOT_PAIRS = [
    ("one-and-sons", "A farmer and his two sons were killed in shelling near the river.", 3),
    ("couple-alone", "An elderly couple was killed when a rocket hit their house.", 2),
]


@pytest.mark.parametrize(("name", "text", "killed"), PAIRS, ids=ids(PAIRS))
def test_pair_in_a_list(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_PAIRS, ids=ids(NOT_PAIRS))
def test_single_or_pair_alone(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


# -- two matches of one phrase ---------------------------------------------------------

ONE_PHRASE = [
    (
        "dead-bodies-of-named",
        "Three dead bodies of kidnapped traders, named as Ravi Sen and his two nephews, were "
        "recovered with bullet wounds near the canal.",
        3,
    ),
    (
        "two-dead-bodies",
        "Two dead bodies with gunshot wounds were recovered from a ditch after the clash.",
        2,
    ),
]
NOT_ONE_PHRASE = [
    (
        "dead-then-bodies-apart",
        "Four soldiers were killed in the ambush, and the bodies of two rebels were left "
        "at the roadside.",
        4,
    ),
    ("single-match", "Militants shot dead two shopkeepers in the bazaar on Tuesday.", 2),
]


@pytest.mark.parametrize(("name", "text", "killed"), ONE_PHRASE, ids=ids(ONE_PHRASE))
def test_adjacent_matches_one_phrase(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_ONE_PHRASE, ids=ids(NOT_ONE_PHRASE))
def test_matches_apart(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


# -- victims told between dashes -------------------------------------------------------

DASH_ASIDES = [
    (
        "aside-kin",
        "The captors said the hostages — a woman and her three sons — had been killed in "
        "an air strike.",
        4,
    ),
    (
        "aside-number",
        "The patrol — five soldiers from the northern brigade — were killed by a roadside bomb.",
        5,
    ),
]
NOT_DASH_ASIDES = [
    (
        "aside-not-victims",
        "Rebels said they downed a helicopter — their third this month — and killed two pilots.",
        2,
    ),
    (
        "dash-opens-clause",
        "Eight people were wounded in the blast — and one child was killed, medics said.",
        1,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), DASH_ASIDES, ids=ids(DASH_ASIDES))
def test_victims_between_dashes(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_DASH_ASIDES, ids=ids(NOT_DASH_ASIDES))
def test_dashes_not_around_victims(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


# -- a killing noun in quotes ----------------------------------------------------------

QUOTED = [
    (
        "quoted-honour-killing",
        "Dozens rallied against the 'honour killing' of a 20-year-old singer by her uncle.",
        1,
    ),
    (
        "curly-quoted-killing",
        "Hundreds protested the “targeted killing” of a young councillor in the port town.",
        1,
    ),
]
NOT_QUOTED = [
    (
        "quoted-many",
        "Dozens rallied against the 'mass killing' of villagers by the militia last week.",
        None,
    ),
    (
        "quoted-word-no-of",
        "Police called it an 'honour killing' after a woman was shot dead by her brother.",
        1,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), QUOTED, ids=ids(QUOTED))
def test_quoted_killing_of_one(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_QUOTED, ids=ids(NOT_QUOTED))
def test_quoted_killing_not_one(
    classifier: Classifier, name: str, text: str, killed: int | None
) -> None:
    assert killed_of(classifier, text) == killed


# -- a role and a name opening the sentence --------------------------------------------

ROLE_AND_NAME = [
    (
        "role-name-comma",
        "Bus driver Amir Sheikh, wounded in a grenade attack on Friday, died in hospital "
        "on Sunday.",
        1,
    ),
    (
        "the-role-name-bracket",
        "The head constable Om Das (40), hurt in a landmine blast, succumbed on Friday.",
        1,
    ),
    (
        "role-name-who",
        "Police constable Ravi Nath, who was hurt in a grenade attack on Monday, succumbed "
        "on Wednesday.",
        1,
    ),
]
# Not one victim: the opening names more than one person.
NOT_ROLE_AND_NAME = [
    ("plural-role", "Two guards Amir Sheikh and Om Das, hurt in the blast, died on Sunday."),
    (
        "role-name-and-another",
        "Bus driver Amir Sheikh and a guard, hurt in the blast on Friday, died in hospital.",
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), ROLE_AND_NAME, ids=ids(ROLE_AND_NAME))
def test_opens_with_role_and_name(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text"), NOT_ROLE_AND_NAME, ids=ids(NOT_ROLE_AND_NAME))
def test_opens_with_no_single_role(classifier: Classifier, name: str, text: str) -> None:
    assert killed_of(classifier, text) != 1


# -- his or her victim is one told already ---------------------------------------------

OWNED = [
    (
        "his-dead-body",
        "Gunmen seized a constable, shot him dead and threw his dead body into a canal.",
        1,
    ),
    (
        "her-murder",
        "A shopkeeper was stabbed to death and her murder sparked a strike in the town.",
        1,
    ),
    ("his-death", "Troops killed a rebel commander and his death was confirmed by the group.", 1),
]
NOT_OWNED = [
    (
        "his-kin-killed",
        "A soldier was shot dead and his brother was killed in the same attack.",
        2,
    ),
    (
        "her-own-sentence",
        "A guard was shot dead at the gate. Her death was the third this month in the town.",
        1,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), OWNED, ids=ids(OWNED))
def test_possessive_victim_told_already(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_OWNED, ids=ids(NOT_OWNED))
def test_possessive_kin_is_another(
    classifier: Classifier, name: str, text: str, killed: int
) -> None:
    assert killed_of(classifier, text) == killed


# -- names listed before a participle --------------------------------------------------

NAMES_LISTED = [
    (
        "names-then-killed",
        "Detectives are tracing the contacts of rebel leaders Omar Dar, Sami Tal and Ravi "
        "Sen, killed in a raid on Monday.",
        3,
    ),
    (
        "names-with-aliases",
        "Police questioned friends of Omar Dar alias Tiger and Sami Tal alias Moon, shot "
        "dead by troops on Friday.",
        2,
    ),
]
NOT_NAMES_LISTED = [
    (
        "places-listed",
        "In Osk and Varn, killed civilians were buried on Sunday after the shelling.",
        None,
    ),
    (
        "from-places",
        "From Osk and Varn, killed and wounded soldiers were flown to the capital on Friday.",
        None,
    ),
]


@pytest.mark.parametrize(("name", "text", "killed"), NAMES_LISTED, ids=ids(NAMES_LISTED))
def test_names_before_participle(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_NAMES_LISTED, ids=ids(NOT_NAMES_LISTED))
def test_no_names_before_participle(
    classifier: Classifier, name: str, text: str, killed: int | None
) -> None:
    assert killed_of(classifier, text) == killed


# -- hedged figures after the verb -----------------------------------------------------

HEDGED = [
    ("no-fewer-than", "The shelling killed no fewer than 12 civilians in the market.", 12),
    ("in-excess-of", "Air raids killed in excess of 40 villagers overnight, medics said.", 40),
    ("a-minimum-of", "The car bomb killed a minimum of 14 shoppers on Saturday.", 14),
    ("well-over", "Artillery fire killed well over 100 soldiers on the ridge this week.", 100),
    ("toll-no-fewer", "The toll of the mosque bombing rose to no fewer than 20 on Monday.", 20),
]
NOT_HEDGED = [
    ("no-one", "The rocket killed no one when it hit the empty school, police said.", None),
    ("close-to-distance", "A sniper killed a man close to 30 metres from the gate.", 1),
]


@pytest.mark.parametrize(("name", "text", "killed"), HEDGED, ids=ids(HEDGED))
def test_hedged_figure(classifier: Classifier, name: str, text: str, killed: int) -> None:
    assert killed_of(classifier, text) == killed


@pytest.mark.parametrize(("name", "text", "killed"), NOT_HEDGED, ids=ids(NOT_HEDGED))
def test_no_hedged_figure(classifier: Classifier, name: str, text: str, killed: int | None) -> None:
    assert killed_of(classifier, text) == killed
