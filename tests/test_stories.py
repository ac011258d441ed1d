"""Stories: which articles report one event, and what the story's figures become.

Every article here is written for this project. The pairs test what tells events apart and
what ties reports together, with the shipped pair model and reference data."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.models import Casualties, Classification, Level, Signal
from monitor.stories import Assigner, Assignment, MemoryStories, StoryParams, domain_of
from monitor.stories.codec import state_from_json, state_to_json
from monitor.stories.features import Features, features_of, meaning, meaning_cosine, word_vectors
from monitor.stories.similarity import tells_no_event

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def level_of(score: float) -> Level:
    for level, threshold in (
        (Level.CRITICAL, 12),
        (Level.HIGH, 8),
        (Level.ELEVATED, 4),
        (Level.LOW, 1),
    ):
        if score >= threshold:
            return level
    return Level.NONE


_ids = itertools.count(1)


def article(
    title: str,
    text: str,
    *,
    site: str,
    hours: float = 0,
    actors: tuple[str, ...] = (),
    signals: tuple[str, ...] = ("strike",),
    killed: int | None = None,
    score: float = 5.0,
) -> tuple[Features, float]:
    c = Classification(
        score=score,
        level=level_of(score),
        signals=tuple(Signal(s, 1.0, ()) for s in signals),
        casualties=Casualties(killed=killed),
        actors=actors,
    )
    n = next(_ids)
    f = features_of(
        n,
        title=title,
        text=text,
        url=f"https://{site}/news/{n}",
        published=T0 + timedelta(hours=hours),
        classification=c,
        feeds=frozenset({site}),
    )
    return f, score


class World:
    """Stories in memory, assigned as processing assigns them."""

    def __init__(self) -> None:
        self.assigner = Assigner(level_of, StoryParams())
        self.stories = MemoryStories()

    def add(self, item: tuple[Features, float]) -> Assignment:
        f, score = item
        params = self.assigner.params
        state, assignment = self.assigner.assign(
            f,
            self.stories.candidates(f, f.published - params.window, params.max_candidates),
            score=score,
            current=self.stories.current(f.article_id),
        )
        self.stories.put(state, f.article_id)
        return assignment


# --- reports of one event join ----------------------------------------------------------

BORDER_A = article(
    "Iran and Pakistan exchange cross-border strikes on militant hideouts",
    "Pakistan said its aircraft hit militant hideouts inside Iran's Sistan-Baluchestan province "
    "a day after Iranian missiles struck targets in Pakistan's Balochistan, a sharp escalation "
    "between the neighbours. Islamabad recalled its ambassador from Tehran.",
    site="daily-one.example",
    actors=("IR", "PK"),
)
BORDER_B = article(
    "Pakistan strikes back inside Iran after missile attack in Balochistan",
    "Pakistani jets struck what officials called militant hideouts in Iran's Sistan-Baluchestan, "
    "retaliating for Iranian missile strikes on Balochistan. Tehran summoned Pakistan's envoy "
    "as the neighbours traded accusations over the cross-border escalation.",
    site="other-paper.example",
    hours=5,
    actors=("IR", "PK"),
)


def test_two_outlets_on_one_event_make_one_story_with_two_sources() -> None:
    world = World()
    first, second = world.add(BORDER_A), world.add(BORDER_B)
    assert first.created and not second.created
    assert second.story.id == first.story.id
    assert (second.story.articles, second.story.sources) == (2, 2)
    assert second.story.actors == ("IR", "PK")
    assert second.link is not None  # why it joined, for a reader to judge the merge
    assert second.link.actors == ("IR", "PK")
    assert "balochistan" in second.link.names or "balochistan" in second.link.places
    assert "similarity" in second.link.sentence()


MARLOW = (
    "Rocket fire hit the port city of Marlow overnight, killing four dockworkers and "
    "wounding eleven, the regional governor said on Tuesday, as emergency crews searched "
    "the damaged warehouses for survivors."
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            article("Rockets hit Marlow port, four dead", MARLOW, site="a.example", killed=4),
            article(
                "Marlow port strike toll rises to 31",
                "The death toll from the rocket strike on the Marlow port rose to 31, the "
                "regional governor said, as crews pulled more bodies from the warehouses.",
                site="b.example",
                hours=9,
                killed=31,
            ),
        ),
        (
            article("Rockets hit Marlow port, four dead", MARLOW, site="a.example", killed=4),
            article(
                "UN chief condemns deadly rocket strike on Marlow port",
                "The UN Secretary-General condemned the rocket strike on the port of Marlow "
                "that killed four dockworkers, and called for an investigation.",
                site="c.example",
                hours=6,
                signals=("strike", "un_statement"),
                killed=4,
            ),
        ),
        (
            article(
                "Drone strike sets Kessel fuel depot ablaze",
                "A drone hit the fuel depot on the outskirts of Kessel before dawn, starting a "
                "fire that burned for hours, the city's mayor said.",
                site="a.example",
            ),
            article(
                "Kessel mayor says depot fire out after overnight drone attack",
                "Firefighters put out the blaze at Kessel's fuel depot, hit by a drone before "
                "dawn; the mayor said no one was hurt.",
                site="d.example",
                hours=5,
            ),
        ),
        (
            article(
                "Actor Arlo Venn pleads not guilty to fraud charges",
                "The actor Arlo Venn pleaded not guilty on Wednesday to six counts of fraud "
                "over a failed film fund, and his trial was set for the spring.",
                site="a.example",
                actors=("US",),
                signals=(),
            ),
            article(
                "Arlo Venn pleads not guilty to fraud charges in London court",
                "Arlo Venn, the actor, pleaded not guilty to six fraud counts over a film fund "
                "that collapsed, at a hearing in London; a trial date was set for the spring.",
                site="e.example",
                hours=4,
                actors=("GB",),
                signals=(),
            ),
        ),
    ],
    ids=[
        "follow-up-with-higher-toll",
        "un-statement-on-the-strike",
        "paraphrase",
        "a-country-named-in-passing-outside-violence",
    ],
)
def test_reports_of_one_event_join(
    first: tuple[Features, float], second: tuple[Features, float]
) -> None:
    world = World()
    a, b = world.add(first), world.add(second)
    assert b.story.id == a.story.id, f"split: similarity {b.similarity}"


def test_a_follow_up_with_a_higher_toll_raises_killed_and_level_never_sums() -> None:
    world = World()
    first = world.add(
        article("Rockets hit Marlow port, four dead", MARLOW, site="a.example", killed=4, score=5)
    )
    follow = article(
        "Marlow port strike toll rises to 31",
        "The death toll from the rocket strike on the Marlow port rose to 31, the "
        "regional governor said, as crews pulled more bodies from the warehouses.",
        site="b.example",
        hours=10,
        killed=31,
        score=9,
    )
    second = world.add(follow)
    assert second.story.id == first.story.id
    assert second.story.killed == 31
    assert second.change is not None
    assert (second.change.previous, second.change.level) == (Level.ELEVATED, Level.HIGH)
    assert second.change.article_id == follow[0].article_id


# --- distinct events stay apart -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            article(
                "Israeli strike on south Lebanon town kills nine",
                "An Israeli air strike hit a building in the southern Lebanese town of Nabatieh, "
                "killing nine people, the health ministry said.",
                site="a.example",
                actors=("IL", "LB"),
                killed=9,
            ),
            article(
                "Israeli strike near Damascus kills four",
                "An Israeli air strike hit a building near Damascus, killing four people, state "
                "media said, citing a military source.",
                site="b.example",
                hours=2,
                actors=("IL", "SY"),
                killed=4,
            ),
        ),
        (
            article(
                "Russian glide bombs hit Kharkiv, killing five",
                "Russian glide bombs struck a shopping centre in Kharkiv, killing five people "
                "and wounding dozens, the regional governor said.",
                site="a.example",
                actors=("RU", "UA"),
                killed=5,
            ),
            article(
                "Russian missiles hit Odesa, killing five",
                "Russian missiles struck a warehouse in Odesa, killing five people and wounding "
                "dozens, the regional governor said.",
                site="b.example",
                hours=3,
                actors=("RU", "UA"),
                killed=5,
            ),
        ),
        (
            article(
                "Shelling kills three farmers near Tarnow",
                "Artillery shells hit fields outside Tarnow on Monday, killing three farmers, "
                "local officials said.",
                site="a.example",
                killed=3,
            ),
            article(
                "Shelling kills three farmers near Tarnow",
                "Artillery shells hit fields outside Tarnow on Thursday, killing three farmers, "
                "local officials said.",
                site="b.example",
                hours=24 * 4,
                killed=3,
            ),
        ),
        (
            article(
                "Bomb blast at market kills 9",
                "A bomb exploded in a crowded market in the town of Ardin, killing nine people, "
                "police said.",
                site="a.example",
                killed=9,
            ),
            article(
                "Bomb blast at market kills 40",
                "A bomb exploded in a crowded market in the town of Bessel, killing forty "
                "people, police said.",
                site="b.example",
                hours=1,
                killed=40,
            ),
        ),
    ],
    ids=[
        "same-wording-different-country",
        "same-day-different-city",
        "same-place-different-day",
        "different-towns-and-tolls",
    ],
)
def test_distinct_events_stay_apart(
    first: tuple[Features, float], second: tuple[Features, float]
) -> None:
    world = World()
    a, b = world.add(first), world.add(second)
    assert b.story.id != a.story.id, f"merged: similarity {b.similarity}"


def test_later_episodes_of_one_conflict_are_new_stories() -> None:
    world = World()
    first = world.add(BORDER_A)
    late = article(
        BORDER_B[0].title,
        "Pakistani jets struck militant hideouts in Sistan-Baluchestan again, retaliating for "
        "Iranian missile strikes on Balochistan.",
        site="x.example",
        hours=24 * 4,
        actors=("IR", "PK"),
    )
    assert world.add(late).story.id != first.story.id


def test_syndicated_wire_copy_counts_as_one_source() -> None:
    world = World()
    copies = [
        article("Rockets hit Marlow port, four dead", MARLOW, site=site, hours=h, killed=4)
        for h, site in enumerate(["paper-a.example", "paper-b.example", "paper-c.example"])
    ]
    results = [world.add(c) for c in copies]
    story = results[-1].story
    assert (story.articles, story.feeds, story.sources) == (3, 3, 1)
    assert results[1].copy_of == copies[0][0].article_id


def test_update_of_an_article_stays_in_its_story() -> None:
    world = World()
    first = world.add(BORDER_A)
    again = world.add(BORDER_A)
    assert again.story.id == first.story.id and again.story.articles == 1


def test_a_rebuilt_story_takes_its_old_id_back() -> None:
    assigner = Assigner(level_of, StoryParams(), next_id=50)
    f, score = BORDER_A
    _, assignment = assigner.assign(f, [], score=score, previous_id=7, id_free=lambda i: True)
    assert assignment.story.id == 7 and assigner.next_id == 50
    taken, _ = assigner.assign(f, [], score=score, previous_id=7, id_free=lambda i: False)
    assert taken.id == 50


def test_same_articles_same_order_same_stories() -> None:
    items = [BORDER_A, BORDER_B, *[article(f"Talks {n}", "Delegates met.", site="t.example",
                                           hours=n) for n in range(3)]]  # fmt: skip

    def run() -> list[tuple[int, int, Level]]:
        world = World()
        return [(a.story.id, a.story.sources, a.story.level) for a in map(world.add, items)]

    assert run() == run()


def test_a_story_state_survives_its_json() -> None:
    world = World()
    world.add(BORDER_A)
    world.add(BORDER_B)
    [state] = world.stories.stories.values()
    again = state_from_json(state_to_json(state))
    assert state_to_json(again) == state_to_json(state)
    assert again.members == state.members


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.one_of(st.none(), st.integers(0, 500)), st.floats(0, 72)),
        min_size=1,
        max_size=10,
    )
)
def test_story_figures_are_derived_not_summed(events: list[tuple[int, int | None, float]]) -> None:
    world = World()
    topics = ["Marlow port rocket strike", "Kessel border shelling", "Orrin dam drone attack",
              "Tarn valley airstrike"]  # fmt: skip
    seen: dict[int, list[int | None]] = {}
    for topic, killed, hours in sorted(events, key=lambda e: e[2]):
        a = world.add(
            article(
                topics[topic],
                f"Reports on the {topics[topic]} continued.",
                site=f"s{topic}.example",
                hours=hours,
                killed=killed,
            )
        )
        seen.setdefault(a.story.id, []).append(killed)
        story = a.story
        tolls = [k for k in seen[story.id] if k is not None]
        assert story.killed == (max(tolls) if tolls else None)
        assert 1 <= story.sources <= story.articles


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
        ("https://News.Example.org/a", "news.example.org"),
        ("", ""),
    ],
)
def test_domain_of(url: str, domain: str) -> None:
    assert domain_of(url) == domain


# --- places: what names a place and what only looks like one ------------------------------


@pytest.mark.parametrize(
    ("title", "text", "places"),
    [
        pytest.param(
            "Shelling hits Odesa",
            "Governor Vladimir Kostenko said the port was hit.",
            {"odesa"},
            id="a-first-name-that-is-also-a-town",
        ),
        pytest.param(
            "Envoy meets officials",
            "Minister Antony Brekwell flew in from Kessel.",
            {"kessel"},
            id="first-name-before-an-unknown-surname",
        ),
        pytest.param(
            "Blasts reported",
            "Kyiv Mayor Ivan Dorn said drones hit Kharkiv Oblast.",
            {"kyiv", "kharkiv"},
            id="a-place-before-a-title-or-place-noun",
        ),
        pytest.param(
            "Strike Kills at Least Eight in Village Raid",
            "Officials gave no names.",
            set(),
            id="title-case-capitals-name-nothing",
        ),
        pytest.param(
            "Firm invests",
            "It invests in AI, in the UK and in G7 markets.",
            set(),
            id="acronyms-are-no-places",
        ),
        pytest.param(
            "Raid in Qwertyville",
            "Troops entered the village of Brenmoor at dawn.",
            {"qwertyville", "brenmoor"},
            id="unknown-names-after-in-or-a-place-noun",
        ),
    ],
)
def test_places_named(title: str, text: str, places: set[str]) -> None:
    f, _ = article(title, text, site="places.example")
    assert f.places == places


@pytest.mark.parametrize(
    ("title", "no_event"),
    [
        pytest.param("What the ceasefire deal means for the region", True, id="what"),
        pytest.param("Why the port city matters", True, id="why"),
        pytest.param("Border clashes: live updates", True, id="live-page"),
        pytest.param("Morning briefing: storms, strikes and a vote", True, id="briefing"),
        pytest.param("Drone strike on fuel depot: what we know", True, id="what-we-know"),
        pytest.param("Drone strike hits fuel depot in Kessel", False, id="a-report"),
        pytest.param("Parliament votes to extend the ceasefire", False, id="a-vote"),
        pytest.param("Crowds watch as the relief convoy arrives", False, id="watch-as-a-verb"),
    ],
)
def test_titles_that_report_no_event_of_their_own(title: str, no_event: bool) -> None:
    assert tells_no_event(title) is no_event


@pytest.mark.parametrize(
    ("first", "paraphrase", "unrelated"),
    [
        pytest.param(
            (
                "Senate passes the border bill",
                "Senators voted 61 to 38 for the measure on Tuesday.",
            ),
            ("Upper chamber approves frontier legislation", "Lawmakers backed the proposal late."),
            ("Storm floods coastal towns", "Heavy rain left streets under water overnight."),
            id="a-vote-in-other-words",
        ),
        pytest.param(
            ("Troops shell villages near the river", "Artillery fire hit homes before dawn."),
            ("Soldiers bombard hamlets by the river", "Guns pounded houses early in the morning."),
            ("Central bank raises interest rates", "Borrowing costs rise for a third month."),
            id="shelling-in-other-words",
        ),
    ],
)
def test_reports_in_other_words_are_closer_in_meaning_than_unrelated_news(
    first: tuple[str, str], paraphrase: tuple[str, str], unrelated: tuple[str, str]
) -> None:
    a, _ = article(*first, site="one.example")
    b, _ = article(*paraphrase, site="two.example")
    c, _ = article(*unrelated, site="three.example")
    assert meaning_cosine(a, b) > meaning_cosine(a, c) + 0.2
    assert -1.0 <= meaning_cosine(a, c) <= meaning_cosine(a, b) <= 1.0


def test_an_article_with_no_known_word_has_no_meaning_to_compare() -> None:
    a, _ = article("Zzqx vrrk", "Plomf trazz quorble.", site="one.example")
    b, _ = article("Troops shell villages", "Artillery hit homes.", site="two.example")
    assert meaning(a) is None
    assert meaning_cosine(a, b) == 0.0


def test_the_word_vectors_ship_inside_the_package_at_unit_length() -> None:
    wv = word_vectors()
    assert len(wv.index) > 20_000 and wv.vectors.shape == (len(wv.index), len(wv.centre))
    norms = np.linalg.norm(wv.vectors.astype(np.float32) / 127.0, axis=1)
    assert np.all(np.abs(norms - 1.0) < 0.05)


def test_an_updated_article_gets_the_meaning_of_its_new_words() -> None:
    def version(text: str) -> Features:
        return features_of(
            4242,
            title="Latest",
            text=text,
            url="https://one.example/a",
            published=T0,
            classification=Classification(
                score=1.0, level=Level.LOW, signals=(), casualties=Casualties(), actors=()
            ),
        )

    before = meaning(version("Troops shelled villages and artillery hit homes."))
    after = meaning(version("The central bank raised interest rates; borrowing costs rise."))
    assert before is not None and after is not None
    assert float(before @ after) < 0.5
