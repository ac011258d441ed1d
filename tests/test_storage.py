"""Storage: dedup keys, article identity, feed records, migrations, full-text search, the
index open stories are found by."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import DatabaseDamaged, DatabaseLocked, DatabaseReadOnly, StorageError
from monitor.models import Article, Feed, PollRecord
from monitor.storage import SCHEMA_VERSION, Store
from monitor.stories import Assigner, StoryState, keys_of
from monitor.updates import content_hash, decide_redirect, normalize_url
from tests.test_stories import T0, level_of
from tests.test_stories import article as stories_article

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
    s.feeds.sync([Feed("https://a.example/rss", "a"), Feed("https://b.example/rss", "b")], NOW)
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
    a, b = store.feeds.get("a"), store.feeds.get("b")
    assert a and b
    first = store.articles.store(
        a, [article(guid=None, url="https://news.example/x?utm_source=a")], NOW
    )
    second = store.articles.store(
        b, [article(guid=None, url="https://news.example/x?utm_source=b")], NOW
    )
    assert first[0].outcome == "new" and second[0].outcome == "seen"
    assert first[0].article_id == second[0].article_id
    assert store.articles.count() == 1
    stored = store.articles.get(first[0].article_id)
    assert stored and stored.feeds == ("a", "b")


def test_syndicated_copy_with_another_link_is_found_by_its_text(store: Store) -> None:
    a, b = store.feeds.get("a"), store.feeds.get("b")
    assert a and b
    store.articles.store(a, [article(guid="x1", url="https://one.example/story")], NOW)
    again = store.articles.store(b, [article(guid="y9", url="https://two.example/copy")], NOW)
    assert again[0].outcome == "seen" and store.articles.count() == 1


def test_guid_with_changed_text_is_an_update(store: Store) -> None:
    a = store.feeds.get("a")
    assert a
    [first] = store.articles.store(a, [article()], NOW)
    [again] = store.articles.store(a, [article()], NOW)
    [changed] = store.articles.store(a, [article(text=BODY + " Three people were killed.")], NOW)
    assert (first.outcome, again.outcome, changed.outcome) == ("new", "seen", "updated")
    row = store.articles.get(first.article_id)
    assert row and row.revision == 1 and "killed" in row.summary
    assert store.articles.count() == 1


def test_plain_guids_are_scoped_to_their_feed(store: Store) -> None:
    a, b = store.feeds.get("a"), store.feeds.get("b")
    assert a and b
    store.articles.store(a, [article(guid="1", url="https://a.example/1", text=BODY)], NOW)
    other = article(
        guid="1",
        url="https://b.example/1",
        text="A different story entirely, "
        "about a harvest festival in a mountain village far from any fighting.",
    )
    [stored] = store.articles.store(b, [other], NOW)
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
    store.feeds.sync([Feed("https://a.example/rss", "a")], NOW)
    feed = store.feeds.get("a")
    assert feed
    articles = [article(g, u, t) for g, u, t in entries]
    store.articles.store(feed, articles, NOW)
    before = store.articles.count()
    again = store.articles.store(feed, articles, NOW)
    assert store.articles.count() == before
    assert not any(s.outcome == "new" for s in again)
    store.close()


def test_full_text_search_and_odd_queries(store: Store) -> None:
    a = store.feeds.get("a")
    assert a
    store.articles.store(a, [article(title="Shelling near the river crossing")], NOW)
    search = store.articles.search
    assert [r.title for r in search("shelling")] == ["Shelling near the river crossing"]
    assert search("shell*")  # prefix syntax works
    for odd in ['"unbalanced', "AND OR NOT", "crossing)", "(*&^%", "col:umn", "", "NEAR(a b"]:
        search(odd)  # never raises
    assert [r.title for r in search('river "crossing')] == ["Shelling near the river crossing"]


def test_fts_stays_in_sync_with_updates(store: Store) -> None:
    a = store.feeds.get("a")
    assert a
    store.articles.store(a, [article(title="Original headline")], NOW)
    store.articles.store(a, [article(title="Corrected headline")], NOW)
    assert store.articles.search("original") == []
    assert len(store.articles.search("corrected")) == 1


def test_processing_an_article_leaves_its_words_indexed_as_they_were(store: Store) -> None:
    a = store.feeds.get("a")
    assert a
    store.articles.store(a, [article(title="Shelling near the river crossing")], NOW)

    def index() -> list[tuple[int, bytes]]:
        return [tuple(r) for r in store.db.rows("SELECT id, block FROM articles_fts_data")]

    before = index()
    with store.db.write() as conn:  # what saving a processed article changes
        conn.execute("UPDATE articles SET pending = 0, previous_story_id = 7")
    assert index() == before  # not one word deleted and written again
    assert [r.title for r in store.articles.search("crossing")] == [
        "Shelling near the river crossing"
    ]


def test_permanent_redirect_is_adopted_only_when_consistent(store: Store) -> None:
    feed = store.feeds.get("a")
    assert feed
    new = "https://a.example/new-rss"

    def poll(target: str | None) -> None:
        nonlocal feed
        assert feed
        fetch_url, seen, count = decide_redirect(feed, target, failed=False, redirect_after=3)
        feed = store.feeds.record_poll(
            feed,
            PollRecord(
                NOW,
                200,
                None,
                NOW,
                5,
                fetch_url=fetch_url,
                redirect_target=seen,
                redirect_count=count,
            ),
        )

    poll(new)
    poll(new)
    poll(None)  # the chain broke: start again
    poll(new)
    poll(new)
    assert feed and feed.fetch_url == "https://a.example/rss"
    poll(new)
    assert feed and feed.fetch_url == new and feed.url == "https://a.example/rss"


def test_failures_are_counted_and_reset(store: Store) -> None:
    feed = store.feeds.get("a")
    assert feed
    feed = store.feeds.record_poll(feed, PollRecord(NOW, 500, "HTTP 500", NOW, 5))
    feed = store.feeds.record_poll(feed, PollRecord(NOW, None, "timed out", NOW, 5))


def test_removed_config_feed_is_disabled_not_deleted(store: Store) -> None:
    store.feeds.sync([Feed("https://a.example/rss", "a")], NOW)
    b = store.feeds.get("b")
    assert b and not b.enabled


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer than this monitor"):
        Store(path)


ACCENTED = [
    ("g1", "https://n.example/1", "Ǻngström ridge shelled", "Ṏrder restored in the émoji café."),
    ("g2", "https://n.example/2", "Quiet night", "Nothing to report."),
]


def store_accented(s: Store) -> None:
    feed = s.feeds.get("a")
    assert feed
    s.articles.store(feed, [article(g, u, t, x) for g, u, t, x in ACCENTED], NOW)


@pytest.mark.parametrize("query", ["angstrom", "ANGSTROM", "Ǻngström", "order", "emoji", "cafe"])
def test_search_ignores_accents(store: Store, query: str) -> None:
    store_accented(store)
    assert [hit.title for hit in store.articles.search(query)] == ["Ǻngström ridge shelled"]


def test_an_older_database_is_migrated_to_search_without_accents(tmp_path: Path) -> None:
    from monitor.storage.database import Database
    from monitor.storage.schema import MIGRATIONS

    path = tmp_path / "m.db"
    old = Database(path)  # a database as schema version 5 left it
    for number, migration in enumerate(MIGRATIONS[:5], start=1):
        with old.write() as conn:
            migration(old.utils)
            conn.execute(f"PRAGMA user_version = {number}")
    with old.write() as conn:
        conn.execute(
            "INSERT INTO feeds (url, name, fetch_url, added) VALUES (?, 'a', ?, ?)",
            ("https://a.example/rss", "https://a.example/rss", NOW.isoformat()),
        )
        feed_id = conn.execute("SELECT id FROM feeds").fetchone()[0]
        conn.execute(
            "INSERT INTO articles (feed_id, url, title, summary, content, published, fetched)"
            " VALUES (?, 'https://n.example/1', 'Ǻngström ridge shelled',"
            " 'Ṏrder restored in the émoji café.', '', ?, ?)",
            (feed_id, NOW.isoformat(), NOW.isoformat()),
        )
    old.close()
    with pytest.raises(StorageError, match="older"):
        Store(path, readonly=True)  # a command that only reads never migrates
    with Store(path) as s:
        assert [hit.title for hit in s.articles.search("angstrom")] == ["Ǻngström ridge shelled"]
        s.articles.store(
            s.feeds.get("a"),  # type: ignore[arg-type]
            [article("g3", "https://n.example/3", "Ṏrder", "Ǻ new item.")],
            NOW,
        )
        assert len(s.articles.search("order")) == 2  # the triggers feed the new index


def test_wal_mode(store: Store) -> None:
    assert store.db.value("PRAGMA journal_mode") == "wal"


# --- the database's own faults, mapped at the storage boundary ---------------------------


def damage(path: Path) -> None:
    """Overwrite the middle of a database file with noise, as a failing disk would."""
    data = bytearray(path.read_bytes())
    for at in range(4096, len(data) - 64, 4096):
        data[at + 16 : at + 64] = b"\xa5" * 48
    path.write_bytes(bytes(data))


def filled(path: Path) -> Path:
    with Store(path) as s:
        s.feeds.sync([Feed("https://a.example/rss", "a")], NOW)
        feed = s.feeds.get("a")
        assert feed
        s.articles.store(
            feed,
            [
                article(f"g{i}", f"https://n.example/{i}", text=f"{BODY} Dispatch number {i}.")
                for i in range(200)
            ],
            NOW,
        )
        s.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_a_damaged_database_is_a_storage_error_that_says_so(tmp_path: Path) -> None:
    path = filled(tmp_path / "m.db")
    damage(path)
    with pytest.raises(DatabaseDamaged, match="restore it from a backup"):  # noqa: SIM117
        with Store(path, readonly=True) as s:
            s.articles.search("shells")
            s.queries.status(NOW)


def test_a_file_that_is_no_database_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    path.write_bytes(b"this is a text file, not a database\n" * 200)
    with pytest.raises(DatabaseDamaged):
        Store(path)
    with pytest.raises(DatabaseDamaged):
        Store(path, readonly=True)


def test_reading_never_writes(tmp_path: Path) -> None:
    path = filled(tmp_path / "m.db")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("m.db")}
    with Store(path, readonly=True) as s:
        assert [f.name for f in s.feeds.all()] == ["a"]
        assert s.queries.status(NOW).pending_articles == 200
        with pytest.raises(DatabaseReadOnly):
            s.feeds.sync([], NOW)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("m.db")}
    assert after["m.db"] == before["m.db"]


def test_reading_a_missing_database_says_it_is_not_there_yet(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no database there yet"):
        Store(tmp_path / "none.db", readonly=True)
    assert not (tmp_path / "none.db").exists()


@contextmanager
def immutable_file(path: Path) -> Iterator[Path]:
    """``path`` made immutable (chattr +i) for the block, where the file system and our
    privileges allow it; the test is skipped where they do not."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {done.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    with immutable_file(filled(tmp_path / "m.db")) as path:
        yield path


def test_an_immutable_database_can_be_read_but_not_written(immutable: Path) -> None:
    with Store(immutable, readonly=True) as s:
        assert s.articles.count() == 200
    with pytest.raises(DatabaseReadOnly), Store(immutable) as s:
        s.feeds.sync([], NOW)


def test_a_lock_held_by_another_process_is_a_locked_error(tmp_path: Path) -> None:
    path = filled(tmp_path / "m.db")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "locked"
        with Store(path, busy_timeout=0.2) as s:
            assert s.articles.count() == 200  # WAL: reading goes on under the lock
            with pytest.raises(DatabaseLocked, match="another program"):
                s.feeds.sync([], NOW)
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout
        holder.stdout.close()


def test_story_ids_are_never_given_twice(store: Store) -> None:
    from monitor.models import Classification, Level, Story
    from monitor.storage import Processed

    story = Story(7, "Old story", NOW, NOW, 1.0, Level.LOW, 1, 1, 1)
    a = store.feeds.get("a")
    assert a
    [stored] = store.articles.store(a, [article()], NOW)
    with store.processing.batch() as tx:
        tx.save(
            [Processed(stored.article_id, Classification(1.0, Level.LOW), story, None)],
            [],
            classifier="t",
            now=NOW,
        )
    assert store.processing.next_story_id() == 8
    store.processing.reset()  # every story forgotten, as reclassify does
    assert store.stories.count() == 0
    assert store.processing.next_story_id() == 8


# --- the index open stories are found by ----------------------------------------------


def _story(n: int, title: str, text: str, *, hours: float) -> StoryState:
    """A one-report open story numbered ``n``, as the assigner makes it."""
    f, score = stories_article(title, text, site="paper.example", hours=hours)
    state, _ = Assigner(level_of, next_id=n).assign(f, [], score=score)
    return state


def test_candidates_are_the_open_stories_sharing_most_words_best_first(store: Store) -> None:
    dam = "Engineers at the Quorvane dam near Tessaly reported sabotage of the sluice gates"
    stories = [
        _story(1, "Quorvane dam sabotage at Tessaly", dam, hours=0),
        _story(2, "Sluice gates of the Quorvane dam", "Quorvane sluice repairs went on.", hours=1),
        _story(3, "Tessaly dam sabotage, Quorvane sluice gates", dam, hours=-100),
        _story(4, "Harvest fair in Brelindor", "Farmers showed pumpkins at the fair.", hours=2),
    ]
    with store.processing.batch() as tx:
        tx.save([], [], classifier="test", now=T0, states=stories)
    probe = _story(9, "Sabotage at the Quorvane dam in Tessaly", dam, hours=3).members[0]
    found = store.stories.search(keys_of(probe), T0 - timedelta(hours=24), limit=12)
    # Story 3 shares as much but was last seen before the window; story 4 shares nothing.
    assert [s.id for s in found] == [1, 2]
    assert [s.id for s in store.stories.search(keys_of(probe), T0, limit=1)] == [1]
    assert store.stories.search([], T0, limit=12) == []
