"""The read-only queries the dashboard adds to storage: the timeline, story filters by actor
pair and watch with paging, facets, items per feed and day, search with snippets, and
articles by id. On a real SQLite file written with the storage API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from monitor.models import Level
from monitor.storage import Store
from monitor.storage.articles import _marked
from tests.webdb import HOSTILE_TITLE, build

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("storage") / "monitor.db"
    build(path, NOW)
    with Store(path, readonly=True) as s:
        yield s


def test_timeline_by_day_and_hour(store: Store) -> None:
    days = {
        (c.start, c.level): c.stories
        for c in store.stories.timeline(NOW - timedelta(days=14), "day")
    }
    today = datetime(2025, 6, 10, tzinfo=UTC)
    assert days == {
        (datetime(2025, 5, 31, tzinfo=UTC), Level.LOW): 1,
        (datetime(2025, 6, 9, tzinfo=UTC), Level.ELEVATED): 1,
        (today, Level.CRITICAL): 1,
        (today, Level.HIGH): 1,
    }
    hours = store.stories.timeline(NOW - timedelta(hours=48), "hour")
    assert [(c.start.hour, c.level) for c in hours] == [
        (6, Level.ELEVATED),  # 30 hours before noon
        (7, Level.CRITICAL),  # story 1, first seen five hours before noon
        (10, Level.HIGH),
    ]
    assert all(c.start.tzinfo is UTC for c in hours)


def test_timeline_by_actors(store: Store) -> None:
    since = NOW - timedelta(days=30)
    pair = store.stories.timeline(since, "day", ("IR", "PK"))
    assert [(c.level, c.stories) for c in pair] == [(Level.ELEVATED, 1)]
    either_case = store.stories.timeline(since, "day", ("ir", "il"))
    assert [(c.level, c.stories) for c in either_case] == [(Level.CRITICAL, 1)]
    assert store.stories.timeline(since, "day", ("IL", "PK")) == []


def test_story_list_filters_and_pages(store: Store) -> None:
    def ids(**filters: object) -> list[int]:
        return [s.id for s in store.stories.list(**filters)]  # type: ignore[arg-type]

    assert ids() == [3, 1, 2, 4]  # last seen first
    assert ids(actors=("IR",)) == [1, 2]
    assert ids(actors=("IR", "IL")) == [1]
    assert ids(watch="iran-strikes") == [1]
    assert ids(watch="no-such-watch") == []
    assert ids(limit=2) == [3, 1] and ids(limit=2, offset=2) == [2, 4]
    assert ids(actor="SD", signal="un_statement") == [4]


def test_facets(store: Store) -> None:
    recent = store.stories.facets(NOW - timedelta(days=7))
    assert recent.actors == ("IL", "IR", "PK", "RU", "UA")
    assert recent.signals == ("casualties", "strike")
    assert recent.watches == ("iran-strikes",)
    assert "SD" in store.stories.facets(NOW - timedelta(days=30)).actors


def test_items_per_day(store: Store) -> None:
    rows = store.feeds.items_per_day(NOW - timedelta(days=14))
    counts = {(r.feed, r.day): r.items for r in rows}
    assert counts[("harbour-times", date(2025, 6, 10))] == 2
    assert counts[("northern-post", date(2025, 6, 9))] == 1
    assert counts[("northern-post", date(2025, 5, 31))] == 1
    assert counts[("valley-herald", date(2025, 6, 10))] == 2  # with the pending article
    assert not any(r.feed == "quiet-gazette" for r in rows)
    assert store.feeds.items_per_day(NOW + timedelta(days=1)) == []


def test_find_marks_the_matching_words(store: Store) -> None:
    result = store.articles.find("port Varnell", newest=True)
    assert not result.as_words
    assert result.hits[0].title == "Death toll rises to 14 after Varnell port strikes"
    for hit in result.hits:
        words = {hit.snippet[a:b].lower() for a, b in hit.marks}
        assert words <= {"port", "varnell"} and words
        assert "\x02" not in hit.snippet and "\x03" not in hit.snippet


def test_find_reads_bad_syntax_as_words(store: Store) -> None:
    result = store.articles.find('"Ostrava depot AND (')
    assert result.as_words
    assert [h.title for h in result.hits] == [HOSTILE_TITLE]
    assert store.articles.find("(((").hits == ()
    assert store.articles.search("Ostrava") == list(store.articles.find("Ostrava").hits)


def test_newest_first_and_best_first(store: Store) -> None:
    newest = [h.title for h in store.articles.find("killed", newest=True).hits]
    assert newest[0] == HOSTILE_TITLE  # the last stored of the three
    best = [h.title for h in store.articles.find("killed").hits]
    assert sorted(best) == sorted(newest)
    recent = [h.title for h in store.articles.find("killed", within=2).hits]
    assert sorted(recent) == sorted(newest[:2])  # only the two newest matches are ranked


def test_many_keeps_the_order_asked(store: Store) -> None:
    records = store.articles.many([3, 1, 999, 2])
    assert [r.id for r in records] == [3, 1, 2]
    assert records[1].feeds == ("harbour-times",)


def test_alerts_paged_and_by_status(store: Store) -> None:
    assert len(store.outbox.alerts(status="failed")) == 1
    assert store.outbox.alerts(status="pending") == []
    assert store.outbox.alerts(offset=1) == []


@pytest.mark.parametrize(
    ("snippet", "text", "marks"),
    [
        ("a \x02port\x03 b", "a port b", ((2, 6),)),
        ("\x02x\x03\x02y\x03", "xy", ((0, 1), (1, 2))),
        ("plain", "plain", ()),
        (None, "", ()),
    ],
    ids=["one", "adjacent", "none", "null"],
)
def test_snippet_markers(
    snippet: str | None, text: str, marks: tuple[tuple[int, int], ...]
) -> None:
    assert _marked(snippet) == (text, marks)


def test_nothing_is_written_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    build(path, NOW)
    before = path.stat().st_mtime_ns
    with Store(path, readonly=True) as s:
        s.stories.timeline(NOW - timedelta(days=30), "day")
        s.stories.facets(NOW - timedelta(days=30))
        s.feeds.items_per_day(NOW - timedelta(days=30))
        s.articles.find("port")
    assert path.stat().st_mtime_ns == before
