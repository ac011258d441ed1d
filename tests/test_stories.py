"""Stories: which articles report one event, and what the story's figures become."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.models import Casualties, Classification, Level, Signal
from monitor.stories import Item, StoryIndex, StoryParams, domain_of, item_from

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


def classification(
    actors: tuple[str, ...] = (),
    signals: tuple[str, ...] = ("strike",),
    killed: int | None = None,
    score: float = 5.0,
) -> Classification:
    return Classification(
        score=score,
        level=level_of(score),
        signals=tuple(Signal(s, 1.0, ()) for s in signals),
        casualties=Casualties(killed=killed),
        actors=actors,
    )


_ids = iter(range(1, 10_000))


def item(
    title: str,
    text: str,
    *,
    url: str,
    hours: float = 0,
    actors: tuple[str, ...] = (),
    signals: tuple[str, ...] = ("strike",),
    killed: int | None = None,
    score: float = 5.0,
    feeds: tuple[str, ...] = (),
) -> Item:
    return item_from(
        next(_ids),
        title=title,
        text=text,
        url=url,
        published=T0 + timedelta(hours=hours),
        feeds=feeds or (domain_of(url),),
        classification=classification(actors, signals, killed, score),
    )


BORDER_A = item(
    "Iran and Pakistan exchange cross-border strikes on militant hideouts",
    "Pakistan said its aircraft hit militant hideouts inside Iran's Sistan-Baluchestan province "
    "a day after Iranian missiles struck targets in Pakistan's Balochistan, a sharp escalation "
    "between the neighbours. Islamabad recalled its ambassador from Tehran.",
    url="https://daily-one.example/world/iran-pakistan",
    actors=("IR", "PK"),
)
BORDER_B = item(
    "Pakistan strikes back inside Iran after missile attack in Balochistan",
    "Pakistani jets struck what officials called militant hideouts in Iran's Sistan-Baluchestan, "
    "retaliating for Iranian missile strikes on Balochistan. Tehran summoned Pakistan's envoy "
    "as the neighbours traded accusations over the cross-border escalation.",
    url="https://other-paper.example/asia/pakistan-iran-strikes",
    hours=5,
    actors=("IR", "PK"),
)
SYRIA = item(
    "Offensive in northern Syria forces thousands from their homes",
    "Fighting around Aleppo displaced thousands of families as armed groups advanced on "
    "government positions, aid agencies said, with casualties reported among civilians.",
    url="https://daily-one.example/world/syria-offensive",
    hours=6,
    actors=("SY",),
    signals=("casualties", "displacement"),
)
ISRAEL_2024 = item(
    "Israel and Iran trade airstrikes as region braces for wider war",
    "Israeli aircraft struck sites in Iran after Iranian missiles targeted Israel, officials said, "
    "and the UN chief urged restraint from both sides.",
    url="https://daily-one.example/world/israel-iran-2024",
    hours=-24 * 400,
    actors=("IL", "IR"),
)
ISRAEL_2025 = item(
    "Israel and Iran exchange strikes for a fourth day",
    "Iranian missiles hit Israeli cities and Israel struck Iranian military sites as the "
    "exchange of strikes entered a fourth day, with the UN Secretary-General calling for calm.",
    url="https://paper-two.example/israel-iran-day-four",
    hours=8,
    actors=("IL", "IR"),
)


def fresh() -> StoryIndex:
    return StoryIndex(level_of, StoryParams())


def test_two_outlets_on_one_event_make_one_story_with_two_sources() -> None:
    index = fresh()
    first, second = index.assign(BORDER_A), index.assign(BORDER_B)
    assert first.created and not second.created
    assert second.story.id == first.story.id
    assert (second.story.articles, second.story.sources) == (2, 2)
    assert second.story.actors == ("IR", "PK")


def test_distinct_events_make_distinct_stories() -> None:
    index = fresh()
    ids = {index.assign(i).story.id for i in (ISRAEL_2024, BORDER_A, SYRIA, ISRAEL_2025, BORDER_B)}
    assert len(ids) == 4  # the two Israel-Iran exchanges, 400 days apart, stay apart


WIRE = (
    "Rocket fire hit the port city of Marlow overnight, killing four dockworkers and "
    "wounding eleven, the regional governor said on Tuesday, as emergency crews searched "
    "the damaged warehouses for survivors."
)


def test_syndicated_wire_copy_counts_as_one_source() -> None:
    index = fresh()
    copies = [
        item(
            "Rockets hit Marlow port, four dead",
            WIRE,
            url=f"https://{site}/wire/marlow",
            hours=h,
            actors=("XK",),
            feeds=(site,),
        )
        for h, site in enumerate(["paper-a.example", "paper-b.example", "paper-c.example"])
    ]
    results = [index.assign(c) for c in copies]
    story = results[-1].story
    assert (story.articles, story.feeds, story.sources) == (3, 3, 1)
    assert results[1].copy_of == copies[0].article_id


def test_follow_up_with_higher_toll_raises_killed_and_level() -> None:
    index = fresh()
    first = index.assign(
        item(
            "Strike on Marlow market kills four",
            WIRE,
            url="https://a.example/1",
            actors=("XK",),
            killed=4,
            score=5,
        )
    )
    follow = item(
        "Marlow market strike toll rises to 31",
        "The death toll from the rocket strike on the Marlow market rose to 31, the "
        "regional governor said, as crews searched damaged warehouses near the port.",
        url="https://b.example/2",
        hours=10,
        actors=("XK",),
        killed=31,
        score=9,
    )
    second = index.assign(follow)
    assert second.story.id == first.story.id
    assert second.story.killed == 31  # the highest stated, never 4 + 31
    assert second.change is not None
    assert (second.change.previous, second.change.level) == (Level.ELEVATED, Level.HIGH)
    assert second.change.article_id == follow.article_id


def test_story_closes_after_its_window() -> None:
    index = fresh()
    first = index.assign(BORDER_A)
    late = item(
        BORDER_B.title,
        "Pakistani jets struck militant hideouts in Sistan-Baluchestan "
        "again, retaliating for Iranian missile strikes on Balochistan.",
        url="https://x.example/late",
        hours=24 * 3,
        actors=("IR", "PK"),
    )
    assert index.assign(late).story.id != first.story.id
    assert index.expire(T0 + timedelta(days=10)) and not index.stories


def test_same_articles_same_order_same_stories() -> None:
    articles = [ISRAEL_2024, BORDER_A, SYRIA, ISRAEL_2025, BORDER_B]

    def run() -> list[tuple[int, int, int]]:
        index = fresh()
        return [(a.story.id, a.story.sources, a.story.level) for a in map(index.assign, articles)]

    assert run() == run()


def test_update_of_an_article_stays_in_its_story() -> None:
    index = fresh()
    first = index.assign(BORDER_A)
    again = index.assign(BORDER_A)
    assert again.story.id == first.story.id and again.story.articles == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.one_of(st.none(), st.integers(0, 500)), st.floats(0, 72)),
        min_size=1,
        max_size=12,
    )
)
def test_story_figures_are_derived_not_summed(events: list[tuple[int, int | None, float]]) -> None:
    index = fresh()
    topics = [
        "Marlow port rocket strike",
        "Kessel border shelling",
        "Orrin dam drone attack",
        "Tarn valley airstrike",
    ]
    seen: dict[int, list[int | None]] = {}
    for topic, killed, hours in events:
        a = index.assign(
            item(
                topics[topic],
                f"Reports on the {topics[topic]} continued.",
                url=f"https://s{topic}.example/{hours}",
                hours=hours,
                killed=killed,
            )
        )
        seen.setdefault(a.story.id, []).append(killed)
        story = a.story
        tolls = [k for k in seen[story.id] if k is not None]
        assert story.killed == (max(tolls) if tolls else None)
        assert 1 <= story.sources <= story.articles
        assert story.level >= level_of(story.score) or story.level > Level.NONE


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
