"""The dashboard's pure parts: SVG plots, what a story page derives (quotes with the words
marked, casualties as they changed, why each article is there), and request filters."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest

from monitor.models import Casualties, Classification, Evidence, Level, Signal, Story
from monitor.storage.records import LevelStep, StoryArticle, StoryDetail, TimelineCount
from monitor.web import plots
from monitor.web.filters import BadRequest, parse_actors, search_query, story_query
from monitor.web.pages import ago, segments, timeline_rows
from monitor.web.story import casualty_changes, highlight, quotes, ties

NOW = datetime(2025, 6, 10, 12, 30, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


# --- plots ------------------------------------------------------------------------------


def test_buckets_end_with_the_current_hour_and_day() -> None:
    hours = plots.buckets(NOW, 3, "hour")
    assert hours == [NOW.replace(minute=0) - timedelta(hours=h) for h in (2, 1, 0)]
    days = plots.buckets(NOW, 2, "day")
    assert days == [datetime(2025, 6, 9, tzinfo=UTC), datetime(2025, 6, 10, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (51, 100)]
)
def test_nice_ceiling(value: int, ceiling: int) -> None:
    assert plots.nice_ceiling(value) == ceiling


def test_timeline_stacks_levels_and_describes_itself() -> None:
    starts = plots.buckets(NOW, 3, "day")
    counts = [
        TimelineCount(starts[0], Level.LOW, 2),
        TimelineCount(starts[2], Level.HIGH, 1),
        TimelineCount(starts[2], Level.CRITICAL, 3),
        TimelineCount(starts[2], Level.NONE, 9),  # not drawn
        TimelineCount(starts[0] - timedelta(days=5), Level.HIGH, 4),  # outside: ignored
    ]
    svg = parse(plots.timeline(counts, starts, "day", ident="t", title="Stories <per> day"))
    rects = svg.findall(f"{SVG}rect")
    assert [r.get("class") for r in rects] == ["lv lv-low", "lv lv-high", "lv lv-critical"]
    heights = [float(r.get("height", 0)) for r in rects]
    assert heights[2] == pytest.approx(3 * heights[1])
    # Stacked: critical sits on high.
    assert float(rects[2].get("y", 0)) + heights[2] == pytest.approx(float(rects[1].get("y", 0)))
    assert svg.findtext(f"{SVG}title") == "Stories <per> day"  # escaped in the markup
    assert "&lt;per&gt;" in str(plots.timeline([], starts, "day", ident="t", title="<per>"))
    desc = svg.findtext(f"{SVG}desc") or ""
    assert desc.startswith("6 stories") and "2025-06-10" in desc and "3 critical" in desc
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "t-t t-d"


def test_empty_timeline_says_so() -> None:
    svg = str(plots.timeline([], plots.buckets(NOW, 48, "hour"), "hour", ident="h", title="x"))
    assert "No story at level low or above" in svg and "<rect" not in svg


def test_level_history_steps_up() -> None:
    first = NOW - timedelta(hours=4)
    steps = [
        LevelStep(first, None, Level.LOW, 1, 1.5),
        LevelStep(first + timedelta(hours=1), Level.LOW, Level.HIGH, 2, 7.0),
    ]
    svg = parse(plots.level_history(steps, first, NOW, now=NOW))
    circles = svg.findall(f"{SVG}circle")
    assert [c.get("class") for c in circles] == ["lv lv-low", "lv lv-high"]
    assert float(circles[1].get("cy", 0)) < float(circles[0].get("cy", 0))  # higher is up
    points = (svg.find(f"{SVG}polyline").get("points") or "").split()  # type: ignore[union-attr]
    assert len(points) == 4  # opened, across, up, on to the last report
    assert "from low" in (circles[1].findtext(f"{SVG}title") or "")


def test_sparkline_scales_to_the_highest_day() -> None:
    days = [date(2025, 6, d) for d in (8, 9, 10)]
    svg = parse(plots.sparkline(days, [0, 5, 10], label="Items"))
    heights = [float(r.get("height", 0)) for r in svg.findall(f"{SVG}rect")]
    assert heights[0] == 0 and heights[2] == pytest.approx(2 * heights[1])
    assert svg.get("aria-label") == "Items: 0, 5, 10"


def test_timeline_rows_hold_every_level() -> None:
    starts = plots.buckets(NOW, 2, "day")
    rows = timeline_rows([TimelineCount(starts[1], Level.HIGH, 2)], starts)
    assert [sum(r.values()) for _, r in rows] == [0, 2] and rows[1][1][Level.HIGH] == 2


# --- a story's page -----------------------------------------------------------------------


TITLE = "Shelling hits Moravka"
TEXT = "Artillery shelled the town of Moravka at dawn. At least 6 people were killed there."


def article(article_id: int, minutes: int, killed: int | None, text: str = TEXT) -> StoryArticle:
    joined = f"{TITLE}\n{text}"
    words = "people were killed"
    start = joined.find(words)
    signals = (Signal("casualties", 2.0, (Evidence(words, start, start + len(words)),)),)
    c = Classification(5.0, Level.ELEVATED, signals, Casualties(killed), ("UA",))
    return StoryArticle(article_id, NOW + timedelta(minutes=minutes), TITLE, "", ("f",), c)


def detail(*articles: StoryArticle) -> StoryDetail:
    story = Story(7, TITLE, NOW, NOW, 5.0, Level.ELEVATED, len(articles), 1, 1, ("UA", "RU"),
                  ("casualties",), 6)  # fmt: skip
    steps = (LevelStep(NOW, None, Level.LOW, 1, 2.0),
             LevelStep(NOW + timedelta(minutes=75), Level.LOW, Level.ELEVATED, 2, 5.0))  # fmt: skip
    return StoryDetail(story, articles, steps, ())


def test_highlight_quotes_the_sentence_around_the_words() -> None:
    joined = f"{TITLE}\n{TEXT}"
    start = joined.find("6 people")
    before, match, after = highlight(joined, Evidence("6 people were killed", start, start + 20))
    assert (before, match, after) == ("At least ", "6 people were killed", " there.")


def test_highlight_does_not_trust_moved_offsets() -> None:
    assert highlight("other text entirely", Evidence("were killed", 3, 14)) == (
        "",
        "were killed",
        "",
    )


def test_quotes_are_distinct_and_counted() -> None:
    d = detail(article(1, 0, 6), article(2, 75, 9))
    texts = {1: f"{TITLE}\n{TEXT}", 2: f"{TITLE}\n{TEXT}"}
    [found] = quotes(d, texts)
    assert found.signal == "casualties" and len(found.quotes) == 1 and found.more == 0
    assert found.quotes[0].article_id == 2  # the newest article's words first
    assert found.quotes[0].match == "people were killed"


def test_casualties_as_they_changed() -> None:
    changes = casualty_changes([article(1, 0, 6), article(2, 30, 4), article(3, 60, 9)])
    assert [(c.article_id, c.killed) for c in changes] == [(1, 6), (3, 9)]


def test_ties_say_what_each_article_shares() -> None:
    notes = ties(detail(article(1, 0, 6), article(2, 75, 9)))
    assert notes[1] == "first report: opened the story; at level low"
    assert notes[2] == (
        "actors UA; signals casualties; 1 h 15 min after the first report; "
        "raised the level from low to elevated"
    )


# --- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("IR-IL", ("IR", "IL")),
        ("ir-il-lb", ("IR", "IL", "LB")),
        ("IR, Hamas", ("IR", "Hamas")),
        ("al-Shabaab", ("al-Shabaab",)),
        ("so + al-Shabaab", ("SO", "al-Shabaab")),
        ("IR,IR", ("IR",)),
        ("  ", ()),
    ],
)
def test_parse_actors(text: str, actors: tuple[str, ...]) -> None:
    assert parse_actors(text) == actors


def test_story_query_lists_every_problem() -> None:
    with pytest.raises(BadRequest) as e:
        story_query({"level": "severe", "since": "forever", "page": "0", "actor": "x" * 201})
    assert [p.split(":")[0] for p in e.value.problems] == ["level", "actor", "since", "page"]
    q = story_query({"level": "High", "actor": "ir-pk", "since": "all", "page": "3"})
    assert q.levels == [Level.HIGH, Level.CRITICAL] and q.actors == ("IR", "PK")
    assert q.offset == 100


def test_search_query_limits() -> None:
    assert search_query({"q": '  "air strikes" OR drone  '}).text == '"air strikes" OR drone'
    for bad in ({"q": "x" * 501}, {"q": "a\x00"}, {"order": "random"}, {"q": "port a*"}):
        with pytest.raises(BadRequest):
            search_query(bad)
    assert search_query({"q": "evac* OR title:port"}).text == "evac* OR title:port"


def test_segments_cut_at_the_marks() -> None:
    assert segments("a port b", ((2, 6),)) == [("a ", False), ("port", True), (" b", False)]
    assert segments("ab", ((5, 9),)) == [("ab", False)]  # marks beyond the text are dropped


def test_ago() -> None:
    assert ago(None, NOW) == "never"
    assert ago(NOW - timedelta(seconds=30), NOW) == "30 s ago"
    assert ago(NOW - timedelta(minutes=20), NOW) == "20 min ago"
    assert ago(NOW - timedelta(hours=5), NOW) == "5 h ago"
    assert ago(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert re.match(r"in the future", ago(NOW + timedelta(minutes=1), NOW))
