"""Storage: dedup keys, article identity, feed records, migrations, full-text search."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import StorageError
from monitor.models import Article, Feed
from monitor.storage import SCHEMA_VERSION, PollRecord, Store, content_hash, normalize_url

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
BODY = "Shells fell on the eastern district overnight, officials in the regional capital said."


def article(
    guid: str | None = "g1",
    url: str = "https://news.example/a",
    title: str = "Title",
    text: str = BODY,
) -> Article:
    return Article(guid, url, title, text, "", NOW - timedelta(hours=1))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "m.db")
    s.sync_feeds([Feed("https://a.example/rss", "a"), Feed("https://b.example/rss", "b")], NOW)
    return s


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://News.Example.com/a/b/", "https://news.example.com/a/b"),
        ("http://www.example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1#section", "https://example.com/a?a=1&b=2"),
        ("https://example.com:443/a?fbclid=123&id=7", "https://example.com/a?id=7"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("", ""),
    ],
)
def test_normalize_url(url: str, key: str) -> None:
    assert normalize_url(url) == key


@given(
    st.from_regex(
        r"https?://[a-zA-Z]{1,8}\.example(/[a-z0-9]{0,6}){0,3}(\?[a-z]{1,3}=[0-9]{1,3})?",
        fullmatch=True,
    )
)
def test_normalize_url_is_idempotent(url: str) -> None:
    assert normalize_url(normalize_url(url)) == normalize_url(url)


def test_short_texts_get_no_content_hash() -> None:
    assert content_hash(article(text="Live updates")) is None
    assert content_hash(article()) == content_hash(article(title="TITLE", text=BODY.upper()))


def test_same_article_in_two_feeds_is_stored_once(store: Store) -> None:
    a, b = store.feed("a"), store.feed("b")
    assert a and b
    first = store.store_articles(
        a, [article(guid=None, url="https://news.example/x?utm_source=a")], NOW
    )
    second = store.store_articles(
        b, [article(guid=None, url="https://news.example/x?utm_source=b")], NOW
    )
    assert first[0].outcome == "new" and second[0].outcome == "seen"
    assert first[0].article_id == second[0].article_id
    assert store.count("articles") == 1
    assert store.article_sources(first[0].article_id) == ["a", "b"]


def test_syndicated_copy_with_another_link_is_found_by_its_text(store: Store) -> None:
    a, b = store.feed("a"), store.feed("b")
    assert a and b
    store.store_articles(a, [article(guid="x1", url="https://one.example/story")], NOW)
    again = store.store_articles(b, [article(guid="y9", url="https://two.example/copy")], NOW)
    assert again[0].outcome == "seen" and store.count("articles") == 1


def test_guid_with_changed_text_is_an_update(store: Store) -> None:
    a = store.feed("a")
    assert a
    [first] = store.store_articles(a, [article()], NOW)
    [again] = store.store_articles(a, [article()], NOW)
    [changed] = store.store_articles(a, [article(text=BODY + " Three people were killed.")], NOW)
    assert (first.outcome, again.outcome, changed.outcome) == ("new", "seen", "updated")
    row = store.article(first.article_id)
    assert row and row["revision"] == 1 and "killed" in row["summary"]
    assert store.count("articles") == 1


def test_plain_guids_are_scoped_to_their_feed(store: Store) -> None:
    a, b = store.feed("a"), store.feed("b")
    assert a and b
    store.store_articles(a, [article(guid="1", url="https://a.example/1", text=BODY)], NOW)
    other = article(
        guid="1",
        url="https://b.example/1",
        text="A different story entirely, "
        "about a harvest festival in a mountain village far from any fighting.",
    )
    [stored] = store.store_articles(b, [other], NOW)
    assert stored.outcome == "new"


@settings(deadline=None)  # each example opens a fresh database file
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["g1", "g2", "g3", None]),
            st.sampled_from(["https://n.example/1", "https://n.example/2"]),
            st.sampled_from(["A", "B"]),
        ),
        max_size=12,
    )
)
def test_storing_twice_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[str | None, str, str]]
) -> None:
    store = Store(tmp_path_factory.mktemp("h") / "m.db")
    store.sync_feeds([Feed("https://a.example/rss", "a")], NOW)
    feed = store.feed("a")
    assert feed
    articles = [article(g, u, t) for g, u, t in entries]
    store.store_articles(feed, articles, NOW)
    before = store.count("articles")
    again = store.store_articles(feed, articles, NOW)
    assert store.count("articles") == before
    assert not any(s.outcome == "new" for s in again)
    store.close()


def test_full_text_search_and_odd_queries(store: Store) -> None:
    a = store.feed("a")
    assert a
    store.store_articles(a, [article(title="Shelling near the river crossing")], NOW)
    assert [r["title"] for r in store.search("shelling")] == ["Shelling near the river crossing"]
    assert store.search("shell*")  # prefix syntax works
    for odd in ['"unbalanced', "AND OR NOT", "crossing)", "(*&^%", "col:umn", ""]:
        store.search(odd)  # never raises


def test_fts_stays_in_sync_with_updates(store: Store) -> None:
    a = store.feed("a")
    assert a
    store.store_articles(a, [article(title="Original headline")], NOW)
    store.store_articles(a, [article(title="Corrected headline")], NOW)
    assert store.search("original") == []
    assert len(store.search("corrected")) == 1


def test_permanent_redirect_is_adopted_only_when_consistent(store: Store) -> None:
    feed = store.feed("a")
    assert feed
    new = "https://a.example/new-rss"

    def poll(target: str | None) -> None:
        nonlocal feed
        assert feed
        feed = store.record_poll(feed, PollRecord(NOW, 200, None, NOW, 5, redirect_target=target))

    poll(new)
    poll(new)
    poll(None)  # the chain broke: start again
    poll(new)
    poll(new)
    assert feed and feed.fetch_url == "https://a.example/rss"
    poll(new)
    assert feed and feed.fetch_url == new and feed.url == "https://a.example/rss"


def test_failures_are_counted_and_reset(store: Store) -> None:
    feed = store.feed("a")
    assert feed
    feed = store.record_poll(feed, PollRecord(NOW, 500, "HTTP 500", NOW, 5))
    feed = store.record_poll(feed, PollRecord(NOW, None, "timed out", NOW, 5))
    assert feed.consecutive_failures == 2
    feed = store.record_poll(feed, PollRecord(NOW, 200, None, NOW, 5, etag='"e"'))
    assert feed.consecutive_failures == 0 and feed.etag == '"e"'


def test_removed_config_feed_is_disabled_not_deleted(store: Store) -> None:
    store.sync_feeds([Feed("https://a.example/rss", "a")], NOW)
    b = store.feed("b")
    assert b and not b.enabled


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer than this monitor"):
        Store(path)


def test_wal_mode(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
