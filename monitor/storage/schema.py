"""The database schema, versioned with ``PRAGMA user_version`` and migrated forward.

Each migration is one function, run in its own transaction with the version bump; a
database newer than this code is refused rather than guessed at. The tables are described
in the README ("The database").
"""

from __future__ import annotations

import sqlite_utils

from monitor.errors import StorageError
from monitor.storage.database import Database

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


def _migrate_5(db: sqlite_utils.Database) -> None:
    """Operational notices go through the outbox like alerts; feeds count every failed poll;
    story ids come from a counter that never goes back."""
    for statement in (
        """
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            level TEXT NOT NULL,
            decided TEXT NOT NULL
        )
        """,
        # A delivery is now of an alert or of a notice: rebuilt with both, either one set.
        """
        CREATE TABLE deliveries_new (
            id INTEGER PRIMARY KEY,
            alert_id INTEGER REFERENCES alerts(id),
            notice_id INTEGER REFERENCES notices(id),
            notifier TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error TEXT,
            sent TEXT,
            UNIQUE (alert_id, notifier),
            UNIQUE (notice_id, notifier),
            CHECK ((alert_id IS NULL) <> (notice_id IS NULL))
        )
        """,
        """
        INSERT INTO deliveries_new (id, alert_id, notifier, status, attempts, next_attempt,
            last_error, sent)
        SELECT id, alert_id, notifier, status, attempts, next_attempt, last_error, sent
        FROM deliveries
        """,
        "DROP TABLE deliveries",
        "ALTER TABLE deliveries_new RENAME TO deliveries",
        "CREATE INDEX deliveries_due ON deliveries(next_attempt) WHERE status = 'pending'",
        "CREATE INDEX deliveries_status ON deliveries(status)",
        "ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",
        """
        INSERT OR REPLACE INTO meta (key, value) SELECT 'stories.last_id',
            max(coalesce((SELECT max(id) FROM stories), 0),
                coalesce((SELECT max(story_id) FROM alerts), 0),
                coalesce((SELECT max(story_id) FROM story_levels), 0))
        """,
    ):
        db.execute(statement)


def _migrate_6(db: sqlite_utils.Database) -> None:
    """Full-text search that ignores accents, all of them: "angstrom" finds "Ǻngström".

    The index is rebuilt from the articles with ``remove_diacritics 2`` (the default, 1,
    leaves some letters with more than one mark, or marks on letters outside Latin-1). Its
    triggers name it and stay as they are."""
    for statement in (
        "DROP TABLE articles_fts",
        """
        CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (
            "title", "summary", "content",
            tokenize='porter unicode61 remove_diacritics 2',
            content="articles"
        )
        """,
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
    ):
        db.execute(statement)


def _migrate_7(db: sqlite_utils.Database) -> None:
    """Stories find their candidates in the database: each open story's state and the
    words it is found by (FTS5); why each article joined its story; the story an article
    was in before a rebuild, so that ids survive ``reclassify``. The in-memory index of
    every open story, rebuilt at each start, is gone. And indexes for what the dashboard
    reads."""
    for statement in (
        "ALTER TABLE articles ADD COLUMN previous_story_id INTEGER",
        """
        CREATE TABLE story_state (
            story_id INTEGER PRIMARY KEY,
            last_seen TEXT NOT NULL,
            version INTEGER NOT NULL,
            state TEXT NOT NULL
        )
        """,
        "CREATE INDEX story_state_last_seen ON story_state(last_seen)",
        "CREATE VIRTUAL TABLE story_keys USING fts5(keys)",
        """
        CREATE TABLE story_links (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            story_id INTEGER NOT NULL,
            similarity REAL NOT NULL,
            link TEXT
        )
        """,
        "CREATE INDEX story_links_story ON story_links(story_id)",
        # What the dashboard and `monitor status` ask often: a story's alerts, the
        # articles fetched lately, a feed's items per day.
        "CREATE INDEX alerts_story ON alerts(story_id)",
        "CREATE INDEX articles_fetched ON articles(fetched)",
        "CREATE INDEX article_feeds_first_seen ON article_feeds(first_seen, feed_id)",
    ):
        db.execute(statement)


def _migrate_8(db: sqlite_utils.Database) -> None:
    """The full-text index is rewritten only when an article's text changes. Its update
    trigger fired on every change to a row, so that each article processed (its story
    and ``pending`` set) deleted and re-inserted all its words: work that grew with the
    index, about 0.9 ms an article at 575,000 stored against 0.17 ms at 10,000."""
    for statement in (
        'DROP TRIGGER "articles_au"',
        """
        CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "summary", "content"
        ON "articles" BEGIN
          INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "summary", "content")
            VALUES ('delete', old.rowid, old."title", old."summary", old."content");
          INSERT INTO "articles_fts" (rowid, "title", "summary", "content")
            VALUES (new.rowid, new."title", new."summary", new."content");
        END
        """,
    ):
        db.execute(statement)


MIGRATIONS = (
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
    _migrate_5,
    _migrate_6,
    _migrate_7,
    _migrate_8,
)
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "superseded")
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(database: Database) -> None:
    """Bring the schema to ``SCHEMA_VERSION``; a read-only database must already be there."""
    version = int(database.value("PRAGMA user_version"))
    if version > SCHEMA_VERSION:
        raise StorageError(
            database.path,
            f"schema version {version} is newer than this monitor's {SCHEMA_VERSION}: "
            "upgrade the monitor",
        )
    if version == SCHEMA_VERSION:
        return
    if database.readonly:
        raise StorageError(
            database.path,
            f"schema version {version} is older than this monitor's {SCHEMA_VERSION}, and "
            "this command only reads: `monitor poll` or the service migrates it",
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        with database.write():
            MIGRATIONS[number - 1](database.utils)
            database.conn.execute(f"PRAGMA user_version = {number}")
