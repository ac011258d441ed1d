"""The SQLite database: schema, migrations and every query. The only module with SQL.

Opened in WAL mode with a busy timeout, so the daemon writes while ``monitor status``,
``sqlite-utils`` or Datasette read. The schema is versioned with ``PRAGMA user_version``
and migrated forward on open, each step in its own transaction.

Articles are deduplicated by three keys, tried in order: the GUID (scoped to its feed
unless it is itself a URL), the normalized link, and a hash of the text. The same article
seen in two feeds is stored once and ``article_feeds`` remembers both; an entry whose GUID
or link comes back with other text is an update of the same row (``revision`` counts them).

Every write that follows a fetch is one short transaction, committed before the caller
goes on: a process killed a moment later loses nothing that was stored.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlite_utils

from monitor.errors import FeedExistsError, StorageError
from monitor.models import (
    Alert,
    Article,
    Casualties,
    Classification,
    Evidence,
    Feed,
    FeedState,
    Level,
    LevelChange,
    Signal,
    Source,
    Story,
)
from monitor.rules import Decision, Previous

Outcome = Literal["new", "updated", "seen"]

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|"
    r"ocid|cmpid|at_medium|at_campaign|at_custom\d|ns_mchannel|ns_source|ns_campaign|"
    r"ns_linkname|ns_fee|xtor|smid|sr_share|ito|rss|ref|ref_src|taid)$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")
MIN_HASHED_CHARS = 80
_FEEDS = """(SELECT group_concat(feeds.name, char(31)) FROM article_feeds
    JOIN feeds ON feeds.id = article_feeds.feed_id
    WHERE article_feeds.article_id = articles.id) AS feeds"""


def normalize_url(url: str) -> str:
    """A link's identity: lower-case scheme and host, no default port, fragment,
    tracking parameters (``utm_*``, ``fbclid``, ...) or trailing slash; other query
    parameters sorted."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if host.startswith("www."):
        host = host[4:]
    scheme = parts.scheme.lower()
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    # http and https copies of one link are one article.
    if scheme in ("http", "https"):
        scheme = "https"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def content_hash(article: Article) -> str | None:
    """A hash of the article's words, or None when there is too little text to be sure
    that equal hashes mean the same article."""
    words = _WORDS.findall(f"{article.title}\n{article.text}".lower())
    text = " ".join(words)
    if not article.text or len(text) < MIN_HASHED_CHARS:
        return None
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def guid_key(feed_id: int, guid: str | None) -> str | None:
    """A GUID that is a URL is global; any other is only unique within its feed."""
    if not guid:
        return None
    if guid.startswith(("http://", "https://")):
        return normalize_url(guid)
    return f"{feed_id}:{guid}"


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``-free ``+00:00`` offset, to the second."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# --- schema -----------------------------------------------------------------------------


def _migrate_1(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL DEFAULT 'config',
            enabled INTEGER NOT NULL DEFAULT 1,
            interval REAL,
            tags TEXT NOT NULL DEFAULT '[]',
            fetch_url TEXT NOT NULL,
            title TEXT,
            site_url TEXT,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_polled TEXT,
            last_success TEXT,
            last_status INTEGER,
            last_error TEXT,
            last_warning TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_due TEXT,
            items_seen INTEGER NOT NULL DEFAULT 0,
            items_new INTEGER NOT NULL DEFAULT 0,
            duration_ms INTEGER,
            redirect_target TEXT,
            redirect_count INTEGER NOT NULL DEFAULT 0,
            polls INTEGER NOT NULL DEFAULT 0,
            added TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            guid TEXT,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            content TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL,
            updated TEXT,
            fetched TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 0,
            guid_key TEXT,
            url_key TEXT,
            content_hash TEXT
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX articles_guid_key ON articles(guid_key) WHERE guid_key IS NOT NULL"
    )
    db.execute("CREATE INDEX articles_url_key ON articles(url_key) WHERE url_key <> ''")
    db.execute(
        "CREATE INDEX articles_content_hash ON articles(content_hash)"
        " WHERE content_hash IS NOT NULL"
    )
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("CREATE INDEX articles_feed ON articles(feed_id)")
    db.execute(
        """
        CREATE TABLE article_feeds (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            first_seen TEXT NOT NULL,
            PRIMARY KEY (article_id, feed_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX article_feeds_feed ON article_feeds(feed_id)")
    db.table("articles").enable_fts(
        ["title", "summary", "content"], create_triggers=True, tokenize="porter unicode61"
    )


def _migrate_2(db: sqlite_utils.Database) -> None:
    """Classifications, stories and the processing queue."""
    for statement in (
        "ALTER TABLE articles ADD COLUMN pending INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE articles ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id)",
        "CREATE INDEX articles_pending ON articles(published, id) WHERE pending = 1",
        "CREATE INDEX articles_story ON articles(story_id)",
        """
        CREATE TABLE classifications (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            score REAL NOT NULL,
            level TEXT NOT NULL,
            killed INTEGER,
            injured INTEGER,
            displaced INTEGER,
            actors TEXT NOT NULL,
            signals TEXT NOT NULL,
            evidence TEXT NOT NULL,
            classifier TEXT NOT NULL,
            classified TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            headline TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            score REAL NOT NULL,
            level TEXT NOT NULL,
            articles INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            feeds INTEGER NOT NULL,
            actors TEXT NOT NULL,
            signals TEXT NOT NULL,
            killed INTEGER,
            injured INTEGER,
            displaced INTEGER,
            updated TEXT NOT NULL
        )
        """,
        "CREATE INDEX stories_last_seen ON stories(last_seen)",
        """
        CREATE TABLE story_levels (
            id INTEGER PRIMARY KEY,
            story_id INTEGER NOT NULL REFERENCES stories(id),
            at TEXT NOT NULL,
            previous TEXT,
            level TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id),
            score REAL NOT NULL
        )
        """,
        "CREATE INDEX story_levels_story ON story_levels(story_id)",
        """
        CREATE VIEW articles_classified AS
        SELECT articles.id, articles.published, feeds.name AS feed, articles.title, articles.url,
            classifications.score, classifications.level, classifications.killed,
            classifications.injured, classifications.displaced, classifications.actors,
            classifications.signals, articles.story_id
        FROM articles
        JOIN feeds ON feeds.id = articles.feed_id
        LEFT JOIN classifications ON classifications.article_id = articles.id
        """,
    ):
        db.execute(statement)


def _migrate_3(db: sqlite_utils.Database) -> None:
    """The alert outbox: every alert decided, and its delivery to each notifier."""
    for statement in (
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            watch TEXT NOT NULL,
            story_id INTEGER NOT NULL,
            level TEXT NOT NULL,
            previous_level TEXT,
            headline TEXT NOT NULL,
            decided TEXT NOT NULL,
            not_before TEXT NOT NULL,
            superseded_by INTEGER REFERENCES alerts(id),
            payload TEXT NOT NULL
        )
        """,
        "CREATE INDEX alerts_watch_story ON alerts(watch, story_id)",
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            alert_id INTEGER NOT NULL REFERENCES alerts(id),
            notifier TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error TEXT,
            sent TEXT,
            UNIQUE (alert_id, notifier)
        )
        """,
        "CREATE INDEX deliveries_due ON deliveries(next_attempt) WHERE status = 'pending'",
    ):
        db.execute(statement)


def _migrate_4(db: sqlite_utils.Database) -> None:
    """A small key-value table: the daemon's heartbeat and what it is doing."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


MIGRATIONS = (_migrate_1, _migrate_2, _migrate_3, _migrate_4)
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "superseded")
SCHEMA_VERSION = len(MIGRATIONS)


# --- the store ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing one parsed article did."""

    article_id: int
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class PollRecord:
    """The outcome of one poll of one feed, as recorded in ``feeds``."""

    polled: datetime
    status: int | None
    error: str | None
    next_due: datetime
    duration_ms: int
    items_seen: int = 0
    items_new: int = 0
    warning: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    title: str | None = None
    site_url: str | None = None
    redirect_target: str | None = None
    """The permanent redirect seen on this poll, if any."""


class Store:
    """The monitor's database. One instance per process; not shared between threads."""

    def __init__(self, path: Path | str, *, redirect_after: int = 3) -> None:
        self.path = Path(path)
        self.redirect_after = redirect_after
        self._lock_file: TextIO | None = None
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = sqlite_utils.Database(conn)
            if str(path) != ":memory:":
                self.db.enable_wal()
            conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StorageError(f"cannot open database {path}: {e}") from e

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.conn.close()
        if self._lock_file is not None:
            self._lock_file.close()  # releases the processing lock
            self._lock_file = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so it never deadlocks."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"database {self.path} has schema version {version}, newer than this "
                f"monitor's {SCHEMA_VERSION}: upgrade the monitor"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                MIGRATIONS[number - 1](self.db)
                self.conn.execute(f"PRAGMA user_version = {number}")

    def lock(self) -> bool:
        """Take this database's processing lock for the life of the process; False if
        another process (a running daemon) holds it.

        Only the holder classifies, clusters and delivers, so two processes never number
        stories or send alerts at once; polling and reading need no lock."""
        if str(self.path) == ":memory:":
            return True
        if self._lock_file is not None:
            return True
        lock_file = open(f"{self.path}.lock", "a+")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_file.close()
            return False
        self._lock_file = lock_file
        return True

    def status(self, since: datetime) -> dict[str, Any]:
        """Counts for ``monitor status``: feed health, recent articles, stories, alerts."""
        one = self.conn.execute
        feeds = {"ok": 0, "failing": 0, "never": 0, "disabled": 0}
        for enabled, polled, failures in one(
            "SELECT enabled, last_polled, consecutive_failures FROM feeds"
        ).fetchall():
            state = (
                "disabled"
                if not enabled
                else "never"
                if polled is None
                else "failing"
                if failures
                else "ok"
            )
            feeds[state] += 1
        deliveries = dict.fromkeys(DELIVERY_STATUSES, 0)
        deliveries.update(one("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall())
        return {
            "last_poll": one("SELECT max(last_polled) FROM feeds").fetchone()[0],
            "feeds": feeds,
            "failing": self._rows(
                "SELECT name, consecutive_failures AS failures, last_error AS error FROM feeds"
                " WHERE enabled = 1 AND consecutive_failures > 0"
                " ORDER BY consecutive_failures DESC, name LIMIT 10"
            ),
            "articles_24h": one(
                "SELECT count(*) FROM articles WHERE fetched >= ?", (iso(since),)
            ).fetchone()[0],
            "stories_24h": one(
                "SELECT count(*) FROM stories WHERE last_seen >= ?", (iso(since),)
            ).fetchone()[0],
            "alerts_24h": one(
                "SELECT count(*) FROM alerts WHERE decided >= ?", (iso(since),)
            ).fetchone()[0],
            "pending_articles": self.pending_count(),
            "deliveries": deliveries,
        }

    def set_meta(self, values: dict[str, str]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items()
            )

    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # --- feeds -------------------------------------------------------------------------

    def sync_feeds(self, feeds: Sequence[Feed], now: datetime) -> None:
        """Make the configured feeds the ``config`` feeds of the database.

        New ones are added, changed ones updated; a feed no longer configured is disabled,
        not deleted, so its articles keep their source. Feeds added by command stay.
        """
        with self.transaction() as conn:
            urls = []
            for feed in feeds:
                urls.append(feed.url)
                conn.execute(
                    """
                    INSERT INTO feeds (url, name, source, enabled, interval, tags, fetch_url, added)
                    VALUES (?, ?, 'config', ?, ?, ?, ?, ?)
                    ON CONFLICT(url) DO UPDATE SET
                        name = excluded.name, source = 'config', enabled = excluded.enabled,
                        interval = excluded.interval, tags = excluded.tags
                    """,
                    (
                        feed.url,
                        feed.name,
                        int(feed.enabled),
                        feed.interval,
                        json.dumps(list(feed.tags)),
                        feed.url,
                        iso(now),
                    ),
                )
            marks = ",".join("?" * len(urls))
            conn.execute(
                f"UPDATE feeds SET enabled = 0 WHERE source = 'config' AND url NOT IN ({marks})",  # noqa: S608
                urls,
            )

    def add_feed(self, feed: Feed, now: datetime, source: str = "cli") -> FeedState:
        """Add one feed; FeedExistsError if its URL or name is already taken."""
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO feeds (url, name, source, enabled, interval, tags, fetch_url,"
                    " added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        feed.url,
                        feed.name,
                        source,
                        int(feed.enabled),
                        feed.interval,
                        json.dumps(list(feed.tags)),
                        feed.url,
                        iso(now),
                    ),
                )
        except sqlite3.IntegrityError:
            existing = self.conn.execute(
                "SELECT name, url FROM feeds WHERE url = ? OR name = ?", (feed.url, feed.name)
            ).fetchone()
            raise FeedExistsError(existing[0], existing[1]) from None
        state = self.feed(feed.name)
        assert state is not None
        return state

    def feeds(self, *, enabled_only: bool = False) -> list[FeedState]:
        where = "WHERE enabled = 1" if enabled_only else ""
        sql = f"SELECT * FROM feeds {where} ORDER BY name"  # noqa: S608
        return [_feed_state(row) for row in self._rows(sql)]

    def feed(self, name_or_url: str) -> FeedState | None:
        rows = self._rows(
            "SELECT * FROM feeds WHERE name = ? OR url = ?", (name_or_url, name_or_url)
        )
        return _feed_state(rows[0]) if rows else None

    def feed_rows(self) -> list[dict[str, Any]]:
        """Every feed with its health columns and article count, for tables and export."""
        return self._rows(
            """
            SELECT feeds.*, (SELECT count(*) FROM article_feeds af WHERE af.feed_id = feeds.id)
                AS articles
            FROM feeds ORDER BY name
            """
        )

    def disable_feed(self, feed_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE feeds SET enabled = 0 WHERE id = ?", (feed_id,))

    def record_poll(self, feed: FeedState, record: PollRecord) -> FeedState:
        """Record one poll's outcome and return the feed's new state.

        A permanent redirect replaces ``fetch_url`` only once the same target has been
        seen on ``redirect_after`` polls in a row; anything else resets the count.
        """
        failed = record.error is not None
        target, count, fetch_url = None, 0, feed.fetch_url
        if record.redirect_target and not failed:
            same = record.redirect_target == feed.redirect_target
            target, count = record.redirect_target, (feed.redirect_count + 1 if same else 1)
            if count >= self.redirect_after:
                fetch_url, target, count = record.redirect_target, None, 0
        with self.transaction() as conn:
            conn.execute(
                """
                UPDATE feeds SET
                    last_polled = ?, last_status = ?, last_error = ?, last_warning = ?,
                    next_due = ?, duration_ms = ?, items_seen = ?, items_new = ?,
                    consecutive_failures = CASE WHEN ? THEN consecutive_failures + 1 ELSE 0 END,
                    last_success = CASE WHEN ? THEN last_success ELSE ? END,
                    polls = polls + CASE WHEN ? THEN 0 ELSE 1 END,
                    etag = CASE WHEN ? THEN etag ELSE ? END,
                    last_modified = CASE WHEN ? THEN last_modified ELSE ? END,
                    body_hash = coalesce(?, body_hash),
                    title = coalesce(?, title), site_url = coalesce(?, site_url),
                    redirect_target = ?, redirect_count = ?, fetch_url = ?
                WHERE id = ?
                """,
                (
                    iso(record.polled),
                    record.status,
                    record.error,
                    record.warning,
                    iso(record.next_due),
                    record.duration_ms,
                    record.items_seen,
                    record.items_new,
                    failed,
                    failed,
                    iso(record.polled),
                    failed,
                    failed,
                    record.etag,
                    failed,
                    record.last_modified,
                    record.body_hash,
                    record.title,
                    record.site_url,
                    target,
                    count,
                    fetch_url,
                    feed.id,
                ),
            )
        state = self.feed(feed.url)
        assert state is not None
        return state

    # --- articles ------------------------------------------------------------------------

    def store_articles(
        self, feed: FeedState, articles: Sequence[Article], fetched: datetime
    ) -> list[Stored]:
        """Store a feed's parsed articles in one transaction; what happened to each."""
        results = []
        with self.transaction() as conn:
            for article in articles:
                results.append(self._store_one(conn, feed, article, fetched))
        return results

    def _store_one(
        self, conn: sqlite3.Connection, feed: FeedState, article: Article, fetched: datetime
    ) -> Stored:
        gkey = guid_key(feed.id, article.guid)
        ukey = normalize_url(article.url)
        chash = content_hash(article)
        columns = "SELECT id, title, summary, content FROM articles"
        row = None
        if gkey:
            row = conn.execute(f"{columns} WHERE guid_key = ?", (gkey,)).fetchone()
        if row is None and ukey:
            # The condition repeats the partial index's, or SQLite scans the table.
            row = conn.execute(
                f"{columns} WHERE url_key = ? AND url_key <> '' LIMIT 1", (ukey,)
            ).fetchone()
        same_text = False
        if row is None and chash:
            row = conn.execute(f"{columns} WHERE content_hash = ? LIMIT 1", (chash,)).fetchone()
            same_text = row is not None
        if row is None:
            cursor = conn.execute(
                """
                INSERT INTO articles (feed_id, guid, url, title, summary, content, author,
                    language, published, updated, fetched, guid_key, url_key, content_hash, backlog)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    feed.id,
                    article.guid,
                    article.url,
                    article.title,
                    article.summary,
                    article.content,
                    article.author,
                    article.language,
                    iso(article.published),
                    iso(article.updated),
                    iso(fetched),
                    gkey,
                    ukey,
                    chash,
                    int(feed.polls == 0),
                ),
            )
            article_id = int(cursor.lastrowid or 0)
            outcome: Outcome = "new"
        else:
            article_id, *old_text = row
            changed = not same_text and old_text != [
                article.title,
                article.summary,
                article.content,
            ]
            if changed:
                conn.execute(
                    """
                    UPDATE articles SET title = ?, summary = ?, content = ?, author = ?,
                        updated = ?, content_hash = ?, revision = revision + 1, pending = 1
                    WHERE id = ?
                    """,
                    (
                        article.title,
                        article.summary,
                        article.content,
                        article.author,
                        iso(article.updated or fetched),
                        chash,
                        article_id,
                    ),
                )
            outcome = "updated" if changed else "seen"
        conn.execute(
            "INSERT OR IGNORE INTO article_feeds (article_id, feed_id, first_seen)"
            " VALUES (?, ?, ?)",
            (article_id, feed.id, iso(fetched)),
        )
        return Stored(article_id, outcome)

    # --- processing: classification and stories -------------------------------------------

    def pending_articles(self, limit: int) -> list[dict[str, Any]]:
        """Stored articles not yet classified and clustered (or changed since), oldest
        published first, each with ``feeds``: the names of every feed it was seen in."""
        return self._article_rows(
            """
                SELECT articles.id, articles.title, articles.summary, articles.content,
                    articles.url, articles.published, articles.backlog, articles.story_id,
                    {_FEEDS}
                FROM articles WHERE pending = 1 ORDER BY published, id LIMIT ?
                """,
            (limit,),
        )

    def pending_count(self) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM articles WHERE pending = 1").fetchone()[0]
        )

    def save_processed(
        self,
        classified: Sequence[tuple[int, Classification]],
        stories: Sequence[tuple[int, Story]],
        changes: Sequence[tuple[int, LevelChange, float]],
        decisions: Sequence[Decision] = (),
        *,
        classifier: str,
        now: datetime,
    ) -> None:
        """Record, in one transaction, the classifications of articles, the stories they
        are in (``(article_id, story)``), level changes (``(story_id, change, score)``) and
        the alerts decided on them: a decision is never stored without its articles, nor
        articles marked processed without their alerts."""
        with self.transaction() as conn:
            for article_id, c in classified:
                conn.execute(
                    """
                    INSERT OR REPLACE INTO classifications (article_id, score, level, killed,
                        injured, displaced, actors, signals, evidence, classifier, classified)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        article_id,
                        c.score,
                        str(c.level),
                        c.casualties.killed,
                        c.casualties.injured,
                        c.casualties.displaced,
                        json.dumps(list(c.actors)),
                        json.dumps([s.name for s in c.signals]),
                        json.dumps(
                            {
                                s.name: [
                                    {"text": e.text, "start": e.start, "end": e.end}
                                    for e in s.evidence
                                ]
                                for s in c.signals
                            }
                        ),
                        classifier,
                        iso(now),
                    ),
                )
            for article_id, story in stories:
                conn.execute(
                    """
                    INSERT OR REPLACE INTO stories (id, headline, first_seen, last_seen, score,
                        level, articles, sources, feeds, actors, signals, killed, injured,
                        displaced, updated)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        story.id,
                        story.headline,
                        iso(story.first_seen),
                        iso(story.last_seen),
                        story.score,
                        str(story.level),
                        story.articles,
                        story.sources,
                        story.feeds,
                        json.dumps(list(story.actors)),
                        json.dumps(list(story.signals)),
                        story.killed,
                        story.injured,
                        story.displaced,
                        iso(now),
                    ),
                )
                conn.execute(
                    "UPDATE articles SET story_id = ?, pending = 0 WHERE id = ?",
                    (story.id, article_id),
                )
            for story_id, change, score in changes:
                conn.execute(
                    "INSERT INTO story_levels (story_id, at, previous, level, article_id, score)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        story_id,
                        iso(change.at),
                        str(change.previous) if change.previous is not None else None,
                        str(change.level),
                        change.article_id,
                        score,
                    ),
                )
            for decision in decisions:
                self._insert_alert(conn, decision)

    def _insert_alert(self, conn: sqlite3.Connection, decision: Decision) -> None:
        """Insert one alert and a pending delivery per notifier. An undelivered alert of the
        same watch and story at a lower level is superseded: only the highest goes out,
        and it reports the level last actually sent as its previous one."""
        alert = decision.alert
        older = conn.execute(
            """
            SELECT alerts.id, alerts.previous_level FROM alerts
            WHERE watch = ? AND story_id = ? AND superseded_by IS NULL AND NOT EXISTS (
                SELECT 1 FROM deliveries WHERE alert_id = alerts.id AND status <> 'pending')
            """,
            (alert.watch, alert.story.id),
        ).fetchall()
        if older:
            earliest = min(older, key=lambda row: row[0])
            previous = Level.parse(earliest[1]) if earliest[1] else None
            alert = dataclasses.replace(alert, previous_level=previous)
        cursor = conn.execute(
            """
            INSERT OR IGNORE INTO alerts (key, watch, story_id, level, previous_level, headline,
                decided, not_before, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                alert.key,
                alert.watch,
                alert.story.id,
                str(alert.level),
                str(alert.previous_level) if alert.previous_level is not None else None,
                alert.story.headline,
                iso(alert.decided),
                iso(decision.not_before),
                json.dumps(alert_to_json(alert)),
            ),
        )
        if not cursor.rowcount:
            return  # this (watch, story, level) was decided before: never twice
        alert_id = cursor.lastrowid
        for row_id, _ in older:
            conn.execute("UPDATE alerts SET superseded_by = ? WHERE id = ?", (alert_id, row_id))
            conn.execute(
                "UPDATE deliveries SET status = 'superseded' WHERE alert_id = ?", (row_id,)
            )
        for notifier in decision.notify:
            conn.execute(
                "INSERT INTO deliveries (alert_id, notifier, next_attempt) VALUES (?, ?, ?)",
                (alert_id, notifier, iso(decision.not_before)),
            )

    def previous_alerts(self, story_ids: Iterable[int]) -> dict[tuple[str, int], Previous]:
        """The highest level already decided, and when, for each watch of these stories."""
        ids = sorted(set(story_ids))
        found: dict[tuple[str, int], Previous] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = self.conn.execute(
                "SELECT watch, story_id, level, decided FROM alerts"  # noqa: S608
                f" WHERE story_id IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
            for watch, story_id, level, decided in rows:
                candidate = Previous(Level.parse(level), datetime.fromisoformat(decided))
                key = (watch, story_id)
                if key not in found or candidate.level > found[key].level:
                    found[key] = candidate
        return found

    # --- deliveries ----------------------------------------------------------------------

    def recover_deliveries(self) -> int:
        """Deliveries left 'sending' by a process that died are tried again: an alert may
        then arrive twice, never zero times. How many were recovered."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE deliveries SET status = 'pending' WHERE status = 'sending'"
            )
        return cursor.rowcount

    def due_deliveries(self, now: datetime, limit: int = 500) -> list[Delivery]:
        rows = self._rows(
            """
            SELECT deliveries.id, deliveries.notifier, deliveries.attempts, alerts.watch,
                alerts.payload
            FROM deliveries JOIN alerts ON alerts.id = deliveries.alert_id
            WHERE deliveries.status = 'pending' AND deliveries.next_attempt <= ?
                AND alerts.not_before <= ?
            ORDER BY deliveries.id LIMIT ?
            """,
            (iso(now), iso(now), limit),
        )
        return [
            Delivery(
                r["id"],
                r["notifier"],
                r["attempts"],
                r["watch"],
                alert_from_json(json.loads(r["payload"])),
            )
            for r in rows
        ]

    def next_delivery_time(self) -> datetime | None:
        """When the next pending delivery falls due, if any is pending."""
        row = self.conn.execute(
            """
            SELECT max(min(deliveries.next_attempt), min(alerts.not_before))
            FROM deliveries JOIN alerts ON alerts.id = deliveries.alert_id
            WHERE deliveries.status = 'pending'
            """
        ).fetchone()
        return from_iso(row[0]) if row and row[0] else None

    def mark_sending(self, ids: Sequence[int]) -> None:
        self._mark(
            ids, "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = ?"
        )

    def mark_sent(self, ids: Sequence[int], now: datetime) -> None:
        self._mark(
            ids,
            "UPDATE deliveries SET status = 'sent', sent = ?, last_error = NULL WHERE id = ?",
            iso(now),
        )

    def mark_retry(self, ids: Sequence[int], when: datetime, error: str) -> None:
        self._mark(
            ids,
            "UPDATE deliveries SET status = 'pending', next_attempt = ?,"
            " last_error = ? WHERE id = ?",
            iso(when),
            error,
        )

    def mark_failed(self, ids: Sequence[int], error: str) -> None:
        self._mark(
            ids, "UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?", error
        )

    def _mark(self, ids: Sequence[int], sql: str, *params: Any) -> None:
        with self.transaction() as conn:
            conn.executemany(sql, [(*params, i) for i in ids])

    def retry_failed(self, now: datetime) -> int:
        """Failed deliveries are made pending again, due now, with their attempts reset."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = ?"
                " WHERE status = 'failed'",
                (iso(now),),
            )
        return cursor.rowcount

    def alerts(self, *, status: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Alerts, newest first, each with its deliveries; ``status`` keeps those with a
        delivery in that state."""
        where, params = "", []
        if status:
            where = (
                "WHERE EXISTS (SELECT 1 FROM deliveries d"
                " WHERE d.alert_id = alerts.id AND d.status = ?)"
            )
            params.append(status)
        rows = self._rows(
            f"SELECT id, key, watch, story_id, level, previous_level, headline, decided,"  # noqa: S608
            f" not_before, superseded_by FROM alerts {where} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        for row in rows:
            row["deliveries"] = self._rows(
                "SELECT notifier, status, attempts, next_attempt, last_error, sent"
                " FROM deliveries WHERE alert_id = ? ORDER BY notifier",
                (row["id"],),
            )
        return rows

    def open_story_articles(self, since: datetime) -> list[dict[str, Any]]:
        """The processed articles of stories seen since ``since``, with their stored
        classification, to rebuild the story index at start-up."""
        return self._article_rows(
            """
                SELECT articles.id, articles.title, articles.summary, articles.content,
                    articles.url, articles.published, articles.story_id, stories.level AS
                    story_level, classifications.*,
                    {_FEEDS}
                FROM stories
                JOIN articles ON articles.story_id = stories.id AND articles.pending = 0
                JOIN classifications ON classifications.article_id = articles.id
                WHERE stories.last_seen >= ?
                ORDER BY articles.published, articles.id
                """,
            (iso(since),),
        )

    def stories(
        self,
        *,
        since: datetime | None = None,
        levels: Sequence[Level] = (),
        actor: str | None = None,
        limit: int = 50,
    ) -> list[dict[str, Any]]:
        """Stories last seen since ``since``, at one of ``levels``, naming ``actor``;
        latest first. JSON columns are decoded."""
        where, params = ["1"], []
        if since is not None:
            where.append("last_seen >= ?")
            params.append(iso(since))
        if levels:
            where.append(f"level IN ({','.join('?' * len(levels))})")
            params.extend(str(level) for level in levels)
        if actor:
            where.append("EXISTS (SELECT 1 FROM json_each(stories.actors) WHERE value = ?)")
            params.append(actor)
        sql = (
            f"SELECT * FROM stories WHERE {' AND '.join(where)} "  # noqa: S608
            "ORDER BY last_seen DESC, id DESC LIMIT ?"
        )
        return [_story_row(row) for row in self._rows(sql, (*params, limit))]

    def story(self, story_id: int) -> dict[str, Any] | None:
        """One story with ``items``, its articles (each with its classification and feeds),
        and ``levels``, its level history."""
        rows = self._rows("SELECT * FROM stories WHERE id = ?", (story_id,))
        if not rows:
            return None
        story = _story_row(rows[0])
        story["items"] = [
            {
                **row,
                "actors": json.loads(row["actors"] or "[]"),
                "signals": json.loads(row["signals"] or "[]"),
                "evidence": json.loads(row["evidence"] or "{}"),
            }
            for row in self._article_rows(
                """
                SELECT articles.id, articles.published, articles.title, articles.url,
                    classifications.score, classifications.level, classifications.killed,
                    classifications.injured, classifications.displaced, classifications.actors,
                    classifications.signals, classifications.evidence,
                    {_FEEDS}
                FROM articles LEFT JOIN classifications ON classifications.article_id = articles.id
                WHERE articles.story_id = ? ORDER BY articles.published, articles.id
                """,
                (story_id,),
            )
        ]
        story["levels"] = self._rows(
            "SELECT at, previous, level, article_id, score FROM story_levels"
            " WHERE story_id = ? ORDER BY id",
            (story_id,),
        )
        return story

    def classified_articles(self, since: datetime) -> list[dict[str, Any]]:
        """Articles published since ``since`` with their stored classification and feeds,
        in publication order (to replay them through the rules)."""
        return self._article_rows(
            """
                SELECT articles.id, articles.title, articles.summary, articles.content,
                    articles.url, articles.published, classifications.*,
                    {_FEEDS}
                FROM articles JOIN classifications ON classifications.article_id = articles.id
                WHERE articles.published >= ? ORDER BY articles.published, articles.id
                """,
            (iso(since),),
        )

    def max_story_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0])

    def reset_processing(self) -> int:
        """Forget every classification-derived story so all articles are processed again;
        how many articles are now pending."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET story_id = NULL, pending = 1")
            conn.execute("DELETE FROM story_levels")
            conn.execute("DELETE FROM stories")
        return self.pending_count()

    def article(self, article_id: int) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM articles WHERE id = ?", (article_id,))
        return rows[0] if rows else None

    def article_sources(self, article_id: int) -> list[str]:
        """The names of every feed an article was seen in, first first."""
        rows = self.conn.execute(
            """
            SELECT feeds.name FROM article_feeds JOIN feeds ON feeds.id = article_feeds.feed_id
            WHERE article_id = ? ORDER BY first_seen, feeds.name
            """,
            (article_id,),
        ).fetchall()
        return [r[0] for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search, best match first. FTS5 syntax (``"a phrase"``, ``OR``) works;
        a query that is not valid syntax is searched for as plain words instead of failing."""
        columns = ["id", "published", "title", "url", "feed_id"]
        table = self.db.table("articles")
        try:
            return list(table.search(query, columns=columns, limit=limit))
        except sqlite3.OperationalError:
            words = " ".join(_WORDS.findall(query))
            if not words:
                return []
            return list(table.search(words, columns=columns, limit=limit, quote=True))

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])  # noqa: S608

    def _article_rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a query over ``articles`` that selects ``{_FEEDS}``: each with ``feeds``,
        the names of every feed the article was seen in."""
        return [
            {**row, "feeds": row["feeds"].split("\x1f") if row["feeds"] else []}
            for row in self._rows(sql.replace("{_FEEDS}", _FEEDS), params)
        ]

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert due to go to one notifier."""

    id: int
    notifier: str
    attempts: int
    watch: str
    alert: Alert


def alert_to_json(alert: Alert) -> dict[str, Any]:
    """An alert as stored in the outbox, complete enough to deliver it later."""

    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return iso(value)
        if isinstance(value, Level):
            return str(value)
        if isinstance(value, tuple | list):
            return [encode(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return value

    return dict(encode(alert))


def alert_from_json(data: dict[str, Any]) -> Alert:
    s = data["story"]
    story = Story(
        **{
            **s,
            "first_seen": from_iso(s["first_seen"]),
            "last_seen": from_iso(s["last_seen"]),
            "level": Level.parse(s["level"]),
            "actors": tuple(s["actors"]),
            "signals": tuple(s["signals"]),
        }
    )
    return Alert(
        key=data["key"],
        watch=data["watch"],
        description=data["description"],
        story=story,
        level=Level.parse(data["level"]),
        previous_level=Level.parse(data["previous_level"]) if data["previous_level"] else None,
        reasons=tuple(data["reasons"]),
        evidence=tuple(
            Signal(e["name"], e["weight"], tuple(Evidence(**q) for q in e["evidence"]))
            for e in data["evidence"]
        ),
        sources=tuple(
            Source(**{**src, "published": from_iso(src["published"])}) for src in data["sources"]
        ),
        decided=datetime.fromisoformat(data["decided"]),
    )


def _story_row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "actors": json.loads(row["actors"]), "signals": json.loads(row["signals"])}


def classification_from_row(row: dict[str, Any]) -> Classification:
    """A stored classification (a ``classifications`` row) as a value."""
    evidence = json.loads(row["evidence"])
    return Classification(
        score=row["score"],
        level=Level.parse(row["level"]),
        signals=tuple(
            Signal(name, 0.0, tuple(Evidence(e["text"], e["start"], e["end"]) for e in spans))
            for name, spans in evidence.items()
        ),
        casualties=Casualties(row["killed"], row["injured"], row["displaced"]),
        actors=tuple(json.loads(row["actors"])),
    )


def _feed_state(row: dict[str, Any]) -> FeedState:
    return FeedState(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        fetch_url=row["fetch_url"],
        enabled=bool(row["enabled"]),
        interval=row["interval"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        etag=row["etag"],
        last_modified=row["last_modified"],
        body_hash=row["body_hash"],
        consecutive_failures=row["consecutive_failures"],
        next_due=from_iso(row["next_due"]),
        redirect_target=row["redirect_target"],
        redirect_count=row["redirect_count"],
        polls=row["polls"],
    )
