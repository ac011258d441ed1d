"""False signals in feed items and political news: words of violence that report no attack,
no harm and no UN statement, each category beside the reports it must still find. Every
sentence here was written for these tests."""

from __future__ import annotations

import pytest

from monitor.classify import Classifier


def signals(classifier: Classifier, title: str, text: str) -> set[str]:
    found = classifier.classify(title, text).signal_names
    return found & {"strike", "casualties", "un_statement"}


# (id, title, text, the signal in question, whether it is found)
CASES = [
    # A headline that ends by dating its subject to another year: history.
    (
        "headline-year-missiles",
        "Border guard fired on a patrol boat in 2019",
        "The guard fired two rockets at the boat, both of which missed, the report says.",
        "strike",
        False,
    ),
    (
        "headline-year-killed",
        "How a village lost its teacher in 1987",
        "The teacher was shot dead outside the school as pupils watched.",
        "casualties",
        False,
    ),
    (
        "headline-year-inside",
        "Two men who left in 2017 die far from home",
        "Both were killed in air strikes on the camp on Monday, their families said.",
        "casualties",
        True,
    ),
    (
        "headline-report-days",
        "Rebels shell the river town in 2024 offensive",
        "Artillery shells hit the market on Sunday, killing four traders.",
        "strike",
        True,
    ),
    # A house or a building that blew up, in an article of no armed conflict: a mishap.
    (
        "house-exploded",
        "Terraced house explodes on a quiet street",
        "A loud explosion destroyed the house and damaged two others, firefighters said.",
        "strike",
        False,
    ),
    (
        "blast-levelled-homes-dead",
        "Two dead after a blast levels three homes",
        "Two residents were found dead after an explosion destroyed three homes at dawn.",
        "casualties",
        False,
    ),
    (
        "house-blown-up-by-rebels",
        "Blast destroys the house of a village chief",
        "Rebels set off a powerful bomb that destroyed the house on Sunday, killing two.",
        "strike",
        True,
    ),
    (
        "house-exploded-in-war",
        "House explodes in the besieged city",
        "An explosion destroyed the house after a drone strike on the district, killing four.",
        "casualties",
        True,
    ),
    # A headline that asks why a past killing happened: an explainer of history.
    (
        "why-was-killed",
        "Why was the reformer killed? Schoolbooks no longer say",
        "The history syllabus was rewritten over the summer.",
        "casualties",
        False,
    ),
    (
        "why-inside-a-headline",
        "Villagers ask why the army fired as three are killed",
        "Soldiers opened fire on a crowd on Tuesday, killing three men, witnesses said.",
        "casualties",
        True,
    ),
    # A violence word set alone in quotation marks: a figure of speech.
    (
        "quoted-killing-festival",
        "Promoters accuse the council of ‘killing’ the summer fair",
        "Licence fees have tripled in two years, the organisers say.",
        "casualties",
        False,
    ),
    (
        "quoted-murdered-remake",
        "Fans say the remake 'murdered' the original",
        "The studio defended the new ending.",
        "casualties",
        False,
    ),
    (
        "quoted-claim-beside-deaths",
        "Militia calls village raid a 'massacre'",
        "Gunmen killed nine farmers in the village on Tuesday, elders said.",
        "casualties",
        True,
    ),
    # Killing called for or wished, not done.
    (
        "call-to-be-killed",
        "Broadcaster drops preacher",
        "His sermons called for converts to be killed, the regulator found.",
        "casualties",
        False,
    ),
    (
        "demand-be-executed",
        "Crowd outside the court",
        "Protesters demanded the former general be hanged for treason.",
        "casualties",
        False,
    ),
    (
        "call-beside-a-killing",
        "Villagers call for protection",
        "Three herders were shot dead on Monday; villagers called for the army to stay.",
        "casualties",
        True,
    ),
    # Harm done to a plan or a business by a policy or a downturn.
    (
        "casualties-of-recession",
        "Small bakeries counted among the casualties of the recession",
        "Dozens have closed since spring.",
        "casualties",
        False,
    ),
    (
        "first-casualty",
        "Truth was the first casualty",
        "Both campaigns traded accusations of lying about casualties of the policy.",
        "casualties",
        False,
    ),
    (
        "casualties-of-shelling",
        "Hospital overwhelmed",
        "Doctors treated dozens of casualties of the shelling overnight.",
        "casualties",
        True,
    ),
    # Killings named by their kind as a topic: the unsolved ones, a tally.
    (
        "unsolved-killings",
        "Unsolved killings reach a record share",
        "Detectives say fewer witnesses come forward than a decade ago.",
        "casualties",
        False,
    ),
    (
        "killings-on-sunday",
        "Two men killed in the market",
        "Two men were killed by a gang in the market on Sunday, police said.",
        "casualties",
        True,
    ),
]


@pytest.mark.parametrize(
    ("title", "text", "signal", "found"),
    [row[1:] for row in CASES],
    ids=[row[0] for row in CASES],
)
def test_false_signal_categories(
    classifier: Classifier, title: str, text: str, signal: str, found: bool
) -> None:
    assert (signal in signals(classifier, title, text)) is found
