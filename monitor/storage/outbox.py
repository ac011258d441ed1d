"""The outbox: alerts and notices decided, and their delivery to each notifier.

Alerts reach it in the transaction of the batch that decided them (``processing``);
notices (a feed failing or recovering) through ``add_notice``. Each has one delivery per
notifier, which the delivery worker (``monitor.alerting.outbox``) moves from ``pending``
to ``sending`` to ``sent``, or back to ``pending`` with a later ``next_attempt``, or to
``failed``. A key makes each alert and each notice unique: never delivered twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from monitor.models import Level, NoticeIntent
from monitor.storage.codec import alert_from_json, at, iso, level, notice, when
from monitor.storage.database import Database
from monitor.storage.records import AlertRecord, Delivery, DeliveryRecord
from monitor.storage.schema import DELIVERY_STATUSES


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add_notice(self, intent: NoticeIntent) -> bool:
        """Store a notice and a pending delivery to each of its notifiers; False if a
        notice with its key was stored before (it is not stored twice)."""
        n = intent.notice
        decided = n.decided
        assert decided is not None
        with self.db.write() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO notices (key, title, body, level, decided)"
                " VALUES (?, ?, ?, ?, ?)",
                (intent.key, n.title, n.body, str(n.level), iso(decided)),
            )
            if not cursor.rowcount:
                return False
            for notifier in intent.notify:
                conn.execute(
                    "INSERT INTO deliveries (notice_id, notifier, next_attempt) VALUES (?, ?, ?)",
                    (cursor.lastrowid, notifier, iso(decided)),
                )
        return True

    def recover(self) -> int:
        """Deliveries left 'sending' by a process that died are tried again: an alert may
        then arrive twice, never zero times. How many were recovered."""
        with self.db.write() as conn:
            cursor = conn.execute(
                "UPDATE deliveries SET status = 'pending' WHERE status = 'sending'"
            )
        return cursor.rowcount

    def due(self, now: datetime, limit: int = 500) -> list[Delivery]:
        rows = self.db.rows(
            """
            SELECT deliveries.id, deliveries.notifier, deliveries.attempts,
                alerts.watch, alerts.payload, alerts.key AS alert_key,
                notices.key AS notice_key, notices.title, notices.body, notices.level,
                notices.decided
            FROM deliveries
            LEFT JOIN alerts ON alerts.id = deliveries.alert_id
            LEFT JOIN notices ON notices.id = deliveries.notice_id
            WHERE deliveries.status = 'pending' AND deliveries.next_attempt <= ?
                AND (alerts.id IS NULL OR alerts.not_before <= ?)
            ORDER BY deliveries.id LIMIT ?
            """,
            (iso(now), iso(now), limit),
        )
        return [_delivery(r) for r in rows]

    def next_due(self) -> datetime | None:
        """When the next pending delivery falls due, if any is pending."""
        return when(
            self.db.value(
                """
                SELECT min(max(deliveries.next_attempt, coalesce(alerts.not_before, '')))
                FROM deliveries LEFT JOIN alerts ON alerts.id = deliveries.alert_id
                WHERE deliveries.status = 'pending'
                """
            )
        )

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
        with self.db.write() as conn:
            conn.executemany(sql, [(*params, i) for i in ids])

    def retry_failed(self, now: datetime) -> int:
        """Failed deliveries are made pending again, due now, with their attempts reset."""
        with self.db.write() as conn:
            cursor = conn.execute(
                "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = ?"
                " WHERE status = 'failed'",
                (iso(now),),
            )
        return cursor.rowcount

    def counts(self) -> dict[str, int]:
        """Deliveries by status, every status present."""
        found = dict.fromkeys(DELIVERY_STATUSES, 0)
        for row in self.db.rows("SELECT status, count(*) FROM deliveries GROUP BY status"):
            found[row[0]] = row[1]
        return found

    def alerts(
        self,
        *,
        status: str | None = None,
        story_id: int | None = None,
        since: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[AlertRecord]:
        """Alerts, newest first, each with its deliveries; ``status`` keeps those with a
        delivery in that state, ``story_id`` those of one story; ``offset`` skipped."""
        where: list[str] = ["1"]
        params: list[object] = []
        if status:
            # IN, not a correlated EXISTS: the planner would run the subquery once per
            # alert over every delivery in that state (half a second at 17,000 alerts).
            where.append("id IN (SELECT alert_id FROM deliveries WHERE status = ?)")
            params.append(status)
        if story_id is not None:
            where.append("story_id = ?")
            params.append(story_id)
        if since is not None:
            where.append("decided >= ?")
            params.append(iso(since))
        rows = self.db.rows(
            "SELECT id, key, watch, story_id, level, previous_level, headline, decided,"  # noqa: S608
            f" not_before, superseded_by FROM alerts WHERE {' AND '.join(where)}"
            " ORDER BY id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        deliveries: dict[int, list[DeliveryRecord]] = {r["id"]: [] for r in rows}
        if deliveries:
            marks = ",".join("?" * len(deliveries))
            for d in self.db.rows(
                "SELECT alert_id, notifier, status, attempts, next_attempt, last_error, sent"  # noqa: S608
                f" FROM deliveries WHERE alert_id IN ({marks}) ORDER BY notifier",
                list(deliveries),
            ):
                deliveries[d["alert_id"]].append(
                    DeliveryRecord(
                        d["notifier"],
                        d["status"],
                        d["attempts"],
                        at(d["next_attempt"]),
                        d["last_error"],
                        when(d["sent"]),
                    )
                )
        return [
            AlertRecord(
                id=r["id"],
                key=r["key"],
                watch=r["watch"],
                story_id=r["story_id"],
                level=Level.parse(r["level"]),
                previous_level=level(r["previous_level"]),
                headline=r["headline"],
                decided=at(r["decided"]),
                not_before=at(r["not_before"]),
                superseded_by=r["superseded_by"],
                deliveries=tuple(deliveries[r["id"]]),
            )
            for r in rows
        ]


def _delivery(r: sqlite3.Row) -> Delivery:
    if r["payload"] is not None:
        return Delivery(
            r["id"],
            r["notifier"],
            r["attempts"],
            r["watch"],
            alert_from_json(json.loads(r["payload"])),
            key=r["alert_key"],
        )
    return Delivery(r["id"], r["notifier"], r["attempts"], None, None, notice(r), r["notice_key"])
