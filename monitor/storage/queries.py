"""Summaries across entities: what ``monitor status``, the metrics and the dashboard's
overview show, and the daemon's record of itself (``meta``)."""

from __future__ import annotations

from datetime import datetime

from monitor.storage.codec import iso, when
from monitor.storage.database import Database
from monitor.storage.outbox import Outbox
from monitor.storage.records import FeedFailure, Status


class Queries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def status(self, since: datetime) -> Status:
        """Feed health, what arrived since ``since``, and the work waiting."""
        feeds = {"ok": 0, "failing": 0, "never": 0, "disabled": 0}
        for enabled, polled, failures in self.db.rows(
            "SELECT enabled, last_polled, consecutive_failures FROM feeds"
        ):
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
        failing = tuple(
            FeedFailure(r["name"], r["consecutive_failures"], r["last_error"])
            for r in self.db.rows(
                "SELECT name, consecutive_failures, last_error FROM feeds"
                " WHERE enabled = 1 AND consecutive_failures > 0"
                " ORDER BY consecutive_failures DESC, name LIMIT 10"
            )
        )
        value = self.db.value
        return Status(
            last_poll=when(value("SELECT max(last_polled) FROM feeds")),
            feeds=feeds,
            failing=failing,
            articles_24h=int(
                value("SELECT count(*) FROM articles WHERE fetched >= ?", (iso(since),))
            ),
            stories_24h=int(
                value("SELECT count(*) FROM stories WHERE last_seen >= ?", (iso(since),))
            ),
            alerts_24h=int(value("SELECT count(*) FROM alerts WHERE decided >= ?", (iso(since),))),
            pending_articles=int(value("SELECT count(*) FROM articles WHERE pending = 1")),
            deliveries=Outbox(self.db).counts(),
            meta=self.meta(),
        )

    def meta(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.rows("SELECT key, value FROM meta")}

    def set_meta(self, values: dict[str, str | None]) -> None:
        """Set (or, with None, remove) keys of the daemon's record of itself."""
        with self.db.write() as conn:
            for key, value in values.items():
                if value is None:
                    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
                    )
