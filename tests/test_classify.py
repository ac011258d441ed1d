"""The classifier on sentences we wrote: signals, hard negatives, counts, actors, score."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pytest

from monitor.classify import Classifier, classification_to_json
from monitor.models import Classification, Level


@functools.cache
def shared_classifier() -> Classifier:
    """One classifier for the whole session (building one takes a second or two)."""
    return Classifier.from_settings(None)


def run(classifier: Classifier, text: str, title: str = "") -> Classification:
    return classifier.classify(title, text)


def ids(table: Sequence[tuple[object, ...]]) -> list[str]:
    """The test ids of a parametrized table: the first field of each row."""
    return [str(row[0]) for row in table]


# -- strike ---------------------------------------------------------------------------

STRIKES = [
    ("airstrike", "Warplanes carried out airstrikes on the outskirts of the city overnight."),
    ("drone-strike", "A drone strike hit a convoy near the border on Tuesday."),
    ("missile-strikes", "The two countries traded missile strikes over the weekend."),
    ("rockets-fired", "Militants fired about forty rockets towards the town on Saturday."),
    ("shelling", "Heavy shelling continued in the eastern districts through the night."),
    ("struck-by-missile", "A hospital was hit by a missile early on Monday."),
    ("ied", "Two soldiers were hurt when an IED exploded beside their patrol vehicle."),
    ("grenade", "Unidentified men hurled a grenade at a police station in the evening."),
    ("suicide-bomber", "A suicide bomber blew himself up outside the ministry."),
    ("bomb-exploded", "A bomb planted on a motorbike exploded near the bus stop."),
    ("military-raid", "Two men died in an army raid on the camp before dawn."),
    ("intercepted", "Air defences shot down six drones over the capital region."),
    ("retaliatory", "Tehran launched retaliatory strikes on Israeli cities."),
    ("blast-rocks", "A powerful blast rocked the market district on Friday."),
    ("bombardment", "The bombardment of the port went on for a third day."),
]


@pytest.mark.parametrize("text", [t for _, t in STRIKES], ids=[i for i, _ in STRIKES])
def test_strike_found(classifier: Classifier, text: str) -> None:
    assert "strike" in run(classifier, text).signal_names


NOT_STRIKES = [
    ("labour-strike", "Dock workers went on strike on Monday over pay and pensions."),
    ("general-strike", "Unions called a general strike across the country for Thursday."),
    ("hunger-strike", "The detained activist is on the tenth day of a hunger strike."),
    ("sport-rockets", "Rockets beat the Kings 112-104 as their guard scored 40 points."),
    ("bombshell", "A bombshell report shook the ministry of finance this week."),
    ("vow", "The commander vowed to strike back at the militants' hideouts."),
    ("threat", "Officials threatened airstrikes if the fighters did not withdraw."),
    ("could", "Analysts warned the standoff could lead to missile strikes."),
    ("would", "A ground offensive would be preceded by heavy shelling, experts say."),
    ("drill", "The navy fired missiles during a live-fire drill in the gulf."),
    ("test", "The country carried out a missile test off its east coast."),
    ("defused", "Police defused an improvised explosive device found near a school."),
    ("denied", "The army denied that any strike had hit the village."),
    ("lucky-strike", "She had a lucky strike at the bowling alley on Sunday."),
    ("lightning", "Lightning struck the church tower during the storm."),
    ("business-blast", "Shareholders blast the board over the failed merger."),
    ("arms-sale", "The government is seeking to buy artillery shells from its allies."),
]


@pytest.mark.parametrize("text", [t for _, t in NOT_STRIKES], ids=[i for i, _ in NOT_STRIKES])
def test_strike_not_found(classifier: Classifier, text: str) -> None:
    assert "strike" not in run(classifier, text).signal_names


# -- casualties and counts ------------------------------------------------------------

KILLED = [
    ("digits", "At least 12 people were killed in the attack.", 12),
    (
        "more-than",
        "More than 250 people have reportedly been killed since the fighting began.",
        250,
    ),
    ("words", "Three soldiers died when their post came under mortar fire.", 3),
    ("compound-words", "Twenty-five villagers were killed by gunmen overnight.", 25),
    ("active", "The blast killed seven people and wounded dozens more.", 7),
    ("active-at-least", "Gunmen opened fire on a bus, killing at least nine passengers.", 9),
    ("headline", "", 4),
    ("parts-added", "Five militants and one soldier were killed in the clash.", 6),
    ("including", "Four people, including two children, were killed in the shelling.", 4),
    ("one-named", "A police officer, identified as Omar Saleh, was killed by gunmen.", 1),
    ("killing-a", "A bomb went off outside the bank, killing a security guard.", 1),
    ("thousands-sep", "The attack killed 1,204 people, officials said.", 1204),
    ("toll", "The death toll from the bombing has risen to 31, officials said.", 31),
    ("age-not-count", "Karim Haddad (42), a shopkeeper, was shot dead by militants.", 1),
    ("a-dozen", "A dozen soldiers were killed in an ambush.", 12),
]


@pytest.mark.parametrize(
    ("text", "killed"), [(t, k) for _, t, k in KILLED], ids=[i for i, _, _ in KILLED]
)
def test_killed_count(classifier: Classifier, text: str, killed: int) -> None:
    title = "Drone strike kills 4 in border town" if not text else ""
    result = run(classifier, text or "Officials gave no further details.", title)
    assert "casualties" in result.signal_names
    assert result.casualties.killed == killed


def test_headline_and_body_toll_not_added(classifier: Classifier) -> None:
    result = run(
        classifier,
        "Eight people were killed when missiles hit the station. Rescuers said the eight "
        "victims included a child.",
        "Missile attack kills 8",
    )
    assert result.casualties.killed == 8


def test_overall_figure_preferred(classifier: Classifier) -> None:
    result = run(
        classifier,
        "Two people were killed in the first blast. In all, 14 people were killed in the "
        "wave of bombings across the city.",
    )
    assert result.casualties.killed == 14


def test_killed_and_injured_kept_apart(classifier: Classifier) -> None:
    result = run(classifier, "Three people were killed and 17 others injured in the blast.")
    assert (result.casualties.killed, result.casualties.injured) == (3, 17)


VAGUE = [
    ("dozens", "Dozens of people were killed in the air raid on the market."),
    ("scores", "Scores of civilians were wounded in the shelling."),
    ("killed-or-injured", "The attack killed or injured 40 people, medics said."),
    ("casualties-word", "There are reports of civilian casualties after the offensive."),
]


@pytest.mark.parametrize("text", [t for _, t in VAGUE], ids=[i for i, _ in VAGUE])
def test_casualties_without_count(classifier: Classifier, text: str) -> None:
    result = run(classifier, text)
    assert "casualties" in result.signal_names
    assert result.casualties.killed is None


NOT_CASUALTIES = [
    ("none-reported", "Several rockets landed in open fields; no casualties were reported."),
    ("earthquake", "The earthquake killed 300 people and injured thousands in the region."),
    ("flood", "At least 40 people died in the floods that swept the valley."),
    ("crash", "Six people were killed in a bus crash on the mountain road."),
    ("disease", "The cholera outbreak has killed 120 people this year."),
    ("obituary", "The former minister died at 91 after a long illness."),
    ("turbulence", "Eleven passengers were injured by severe turbulence on the flight."),
    ("economy", "High interest rates are hurting small businesses, lenders say."),
    ("sport-injury", "The striker injured his hamstring and will miss the final."),
    ("killed-the-deal", "Investors said the tariffs killed the deal."),
    ("sport-team-names", "Rockets beat the Kings after their guard injured his arm."),
    ("illness-fight", "The actor died after fighting cancer for two years."),
]


@pytest.mark.parametrize("text", [t for _, t in NOT_CASUALTIES], ids=[i for i, _ in NOT_CASUALTIES])
def test_casualties_not_found(classifier: Classifier, text: str) -> None:
    assert "casualties" not in run(classifier, text).signal_names


# -- UN statements --------------------------------------------------------------------

UN = [
    ("sg-said", "UN Secretary-General Antonio Guterres said he was alarmed by the fighting."),
    ("spokesman", "The fighting must stop, a United Nations spokesman said on Monday."),
    ("council", "The Security Council issued a statement condemning the attack."),
    ("agency", "The UN refugee agency warned that camps were running out of water."),
    ("called-on-parties", "The United Nations called on both sides to exercise restraint."),
    ("who", "WHO said hospitals in the city were close to collapse."),
    ("appeal", "The UN launched an appeal for $50 million in emergency aid."),
]


@pytest.mark.parametrize("text", [t for _, t in UN], ids=[i for i, _ in UN])
def test_un_statement_found(classifier: Classifier, text: str) -> None:
    assert "un_statement" in run(classifier, text).signal_names


NOT_UN = [
    ("calls-on-un", "The president called on the UN to send peacekeepers."),
    ("urges-un", "Protesters urged the United Nations to act."),
    ("told-council", "The ambassador told the UN Security Council that his country wanted peace."),
    ("envoy-to-un", "The country's envoy to the UN said the talks had failed."),
    ("addressing", "Addressing the UN General Assembly, the prime minister rejected the plan."),
    ("national-sc", "A National Security Council spokesman said the US was watching closely."),
    ("accuses-un", "The minister accused the U.N. of bias."),
    ("no-statement", "British troops arrived to join the UN peacekeeping mission."),
    ("other-sg", "NATO's secretary-general said the alliance was ready."),
    ("who-pronoun", "Residents who fled the town said they heard explosions."),
    ("meeting-only", "The UN Security Council will meet on Friday to discuss the crisis."),
]


@pytest.mark.parametrize("text", [t for _, t in NOT_UN], ids=[i for i, _ in NOT_UN])
def test_un_statement_not_found(classifier: Classifier, text: str) -> None:
    assert "un_statement" not in run(classifier, text).signal_names


# -- other signals --------------------------------------------------------------------

OTHERS = [
    ("threat", "The defence minister vowed revenge for the attack.", "threat"),
    ("mobilization", "The army deployed thousands of troops to the border.", "mobilization"),
    ("reservists", "The government called up 300,000 reservists.", "mobilization"),
    ("nuclear", "Jets struck a nuclear facility south of the capital.", "nuclear"),
    ("deescalation", "Both sides agreed to a ceasefire after talks in Doha.", "de_escalation"),
    ("displacement", "Some 48,500 people have been displaced by the offensive.", "displacement"),
]


@pytest.mark.parametrize(
    ("text", "name"), [(t, n) for _, t, n in OTHERS], ids=[i for i, _, _ in OTHERS]
)
def test_other_signals(classifier: Classifier, text: str, name: str) -> None:
    assert name in run(classifier, text).signal_names


def test_displacement_count(classifier: Classifier) -> None:
    result = run(
        classifier,
        "Aid groups say 48,500 people have been displaced across the province.",
    )
    assert result.casualties.displaced == 48500


def test_nuclear_needs_military_context(classifier: Classifier) -> None:
    result = run(classifier, "The utility plans to extend the life of its nuclear power plant.")
    assert "nuclear" not in result.signal_names


# -- actors ---------------------------------------------------------------------------

ACTORS = [
    ("names", "Israel and Iran exchanged fire.", {"IL", "IR"}),
    ("capitals", "Officials in Tehran and Islamabad spoke by phone.", {"IR", "PK"}),
    ("demonyms", "A Pakistani official met his Iranian counterpart.", {"PK", "IR"}),
    ("city", "Shelling hit Aleppo overnight.", {"SY"}),
    ("hyphenated", "The U.S.-led coalition said the strike was lawful.", {"US"}),
    ("group", "Hezbollah and the Houthis claimed the attacks.", {"Hezbollah", "Houthis"}),
    ("alias", "ISIS claimed the bombing.", {"Islamic State"}),
]


@pytest.mark.parametrize(
    ("text", "actors"), [(t, a) for _, t, a in ACTORS], ids=[i for i, _, _ in ACTORS]
)
def test_actors(classifier: Classifier, text: str, actors: set[str]) -> None:
    assert actors <= set(run(classifier, text).actors)


@pytest.mark.parametrize(
    "text",
    ["Chad Smith scored twice.", "The IT team met IN the office.", "She took the turkey out."],
    ids=["given-name", "capital-codes", "lower-case"],
)
def test_no_false_actors(classifier: Classifier, text: str) -> None:
    assert run(classifier, text).actors == ()


# -- the shapes of the sample articles, in our own words ------------------------------


def test_case_un_chief_and_exchange_of_airstrikes(classifier: Classifier) -> None:
    result = run(
        classifier,
        "The UN Secretary-General said on Thursday that he was deeply troubled by the "
        "continuing exchange of airstrikes between Israel and Iran. Israel hit military "
        "sites in Iran last week and Tehran answered with missile strikes on Israeli towns. "
        "More than 250 people have reportedly been killed in both countries since then.",
        "UN chief urges restraint",
    )
    assert {"un_statement", "strike", "casualties"} <= result.signal_names
    assert result.casualties.killed == 250
    assert {"IL", "IR"} <= set(result.actors)


def test_case_displacement_and_uncounted_casualties(classifier: Classifier) -> None:
    result = run(
        classifier,
        "A UN spokesman said there were reports of civilian casualties in northwest Syria. "
        '"Roughly 48,500 villagers are now displaced," the UN humanitarian office said.',
        "Guterres calls for an end to the fighting in Syria",
    )
    assert {"un_statement", "displacement", "casualties"} <= result.signal_names
    assert result.casualties.displaced == 48500
    assert result.casualties.killed is None
    assert "SY" in result.actors


def test_case_cross_border_strikes(classifier: Classifier) -> None:
    result = run(
        classifier,
        "Pakistan carried out missile strikes inside Iran on Thursday, a day after Iranian "
        "drones struck targets in Pakistan. A UN spokesman said the Secretary-General urged "
        "both countries to exercise maximum restraint.",
        "Islamabad and Tehran trade strikes",
    )
    assert {"un_statement", "strike"} <= result.signal_names
    assert {"IR", "PK"} <= set(result.actors)


# -- evidence, score and level --------------------------------------------------------


def test_veto_reaches_only_nearby_words(classifier: Classifier) -> None:
    # News wires often run sentences together without full stops: a road accident
    # mentioned far along the same run-on sentence does not cancel the killing.
    text = (
        "Two soldiers were killed when militants attacked a checkpoint in the hills on the "
        "night of the fourth reports the local paper police who had gone to the area to "
        "look into an unrelated matter heard the firing while returning from a road accident"
    )
    assert run(classifier, text).casualties.killed == 2
    assert (
        "casualties" not in run(classifier, "Two men were killed in a road accident.").signal_names
    )


def test_evidence_offsets_index_title_and_text(classifier: Classifier) -> None:
    title, text = "Border clash", "A drone strike hit the checkpoint."
    result = run(classifier, text, title)
    joined = f"{title}\n{text}"
    strike = result.signal("strike")
    assert strike is not None
    for ev in strike.evidence:
        assert joined[ev.start : ev.end] == ev.text
    assert strike.evidence[0].text == "drone strike"


def test_score_and_level(classifier: Classifier) -> None:
    quiet = run(classifier, "The central bank left interest rates unchanged.")
    assert (quiet.score, quiet.level, quiet.signals) == (0.0, Level.NONE, ())
    grave = run(classifier, "Airstrikes killed 120 people in the city on Sunday.")
    assert grave.level >= Level.HIGH
    assert grave.score > run(classifier, "Airstrikes hit the city on Sunday.").score
    assert classifier.level_of(0.5) == Level.NONE
    assert classifier.level_of(100.0) == Level.CRITICAL


def test_classify_many_matches_classify(classifier: Classifier) -> None:
    items = [("", t) for _, t in STRIKES[:5] + NOT_STRIKES[:5]] * 15
    many = list(classifier.classify_many(items))
    assert many == [classifier.classify(title, text) for title, text in items]


def test_json_contract(classifier: Classifier) -> None:
    result = run(classifier, "Two soldiers were killed by a roadside bomb.", "Kabul blast")
    obj = classification_to_json(result, "a1")
    assert set(obj) >= {"id", "score", "level", "signals", "casualties", "actors"}
    assert obj["id"] == "a1"
    assert obj["level"] == str(result.level)
    assert set(obj["casualties"]) == {"killed", "injured", "displaced"}
    assert obj["casualties"]["killed"] == 2
    assert obj["actors"] == ["AF"]
    for spans in obj["signals"].values():
        assert all(set(span) == {"text", "start", "end"} for span in spans)


def test_digest_is_stable(classifier: Classifier) -> None:
    assert classifier.digest == Classifier.from_settings(None).digest
    assert len(classifier.digest) == 12
