"""Feeds: the configured and added feeds, and the record of every poll."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from monitor.errors import FeedExistsError
from monitor.models import Feed, FeedState, PollRecord
from monitor.storage.codec import feed_state, iso, when
from monitor.storage.database import Database
from monitor.storage.records import FeedDay, FeedHealth


class Feeds:
    def __init__(self, db: Database) -> None:
        self.db = db

    def sync(self, feeds: Sequence[Feed], now: datetime) -> None:
        """Make the configured feeds the ``config`` feeds of the database.

        New ones are added, changed ones updated; a feed no longer configured is disabled,
        not deleted, so its articles keep their source. Feeds added by command stay.
        """
        with self.db.write() as conn:
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

    def add(self, feed: Feed, now: datetime, source: str = "cli") -> FeedState:
        """Add one feed; FeedExistsError if its URL or name is already taken."""
        try:
            with self.db.write() as conn:
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
            existing = self.db.row(
                "SELECT name, url FROM feeds WHERE url = ? OR name = ?", (feed.url, feed.name)
            )
            assert existing is not None
            raise FeedExistsError(existing["name"], existing["url"]) from None
        state = self.get(feed.name)
        assert state is not None
        return state

    def all(self, *, enabled_only: bool = False) -> list[FeedState]:
        where = "WHERE enabled = 1" if enabled_only else ""
        sql = f"SELECT * FROM feeds {where} ORDER BY name"  # noqa: S608
        return [feed_state(row) for row in self.db.rows(sql)]

    def get(self, name_or_url: str) -> FeedState | None:
        row = self.db.row(
            "SELECT * FROM feeds WHERE name = ? OR url = ? ORDER BY name = ? DESC LIMIT 1",
            (name_or_url, name_or_url, name_or_url),
        )
        return feed_state(row) if row is not None else None

    def tags(self) -> dict[str, frozenset[str]]:
        """Every feed's tags by its name, configured and added alike."""
        return {f.name: frozenset(f.tags) for f in self.all()}

    def health(self) -> list[FeedHealth]:
        """Every feed with how its polls have gone and how many articles it brought."""
        rows = self.db.rows(
            """
            SELECT feeds.*, (SELECT count(*) FROM article_feeds af WHERE af.feed_id = feeds.id)
                AS articles
            FROM feeds ORDER BY name
            """
        )
        return [
            FeedHealth(
                feed=feed_state(row),
                source=row["source"],
                title=row["title"],
                site_url=row["site_url"],
                last_polled=when(row["last_polled"]),
                last_success=when(row["last_success"]),
                last_status=row["last_status"],
                last_error=row["last_error"],
                last_warning=row["last_warning"],
                failures=row["failures"],
                items_seen=row["items_seen"],
                items_new=row["items_new"],
                duration_ms=row["duration_ms"],
                articles=row["articles"],
            )
            for row in rows
        ]

    def items_per_day(self, since: datetime) -> list[FeedDay]:
        """How many items each feed brought on each day (UTC) since ``since``: articles
        first seen in it, counted in every feed that carried them. Days without items are
        left out."""
        # Grouped by day first: grouped by feed first, SQLite walks the index on feed_id and
        # looks every row up in the table (5x slower than one pass over the table). An index
        # on first_seen would spare the pass over older rows.
        rows = self.db.rows(
            """
            SELECT feeds.name, counts.day, counts.items
            FROM (
                SELECT substr(first_seen, 1, 10) AS day, feed_id, count(*) AS items
                FROM article_feeds WHERE first_seen >= ? GROUP BY day, feed_id
            ) AS counts
            JOIN feeds ON feeds.id = counts.feed_id ORDER BY feeds.name, counts.day
            """,
            (iso(since),),
        )
        return [FeedDay(r["name"], date.fromisoformat(r["day"]), r["items"]) for r in rows]

    def disable(self, feed_id: int) -> None:
        with self.db.write() as conn:
            conn.execute("UPDATE feeds SET enabled = 0 WHERE id = ?", (feed_id,))

    def record_poll(self, feed: FeedState, record: PollRecord) -> FeedState:
        """Record one poll's outcome (decided by the poller) and return the feed's state."""
        failed = record.failed
        with self.db.write() as conn:
            conn.execute(
                """
                UPDATE feeds SET
                    last_polled = ?, last_status = ?, last_error = ?, last_warning = ?,
                    next_due = ?, duration_ms = ?, items_seen = ?, items_new = ?,
                    consecutive_failures = CASE WHEN ? THEN consecutive_failures + 1 ELSE 0 END,
                    failures = failures + ?,
                    last_success = CASE WHEN ? THEN last_success ELSE ? END,
                    polls = polls + CASE WHEN ? THEN 0 ELSE 1 END,
                    etag = CASE WHEN ? THEN etag ELSE ? END,
                    last_modified = CASE WHEN ? THEN last_modified ELSE ? END,
                    body_hash = coalesce(?, body_hash),
                    title = coalesce(?, title), site_url = coalesce(?, site_url),
                    redirect_target = ?, redirect_count = ?,
                    fetch_url = coalesce(?, fetch_url)
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
                    int(failed),
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
                    record.redirect_target,
                    record.redirect_count,
                    record.fetch_url,
                    feed.id,
                ),
            )
        state = self.get(feed.url)
        assert state is not None
        return state
