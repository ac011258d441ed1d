"""Processing: the articles waiting to be classified, and the results of a batch saved.

A batch is saved in one transaction: the classifications of its articles, the stories they
joined, the level changes, and the alerts decided on them, so that a decision is never
stored without its articles nor an article marked processed without its alerts. The alerts
of a batch are decided inside that transaction (``Batch``), on the alerts already stored at
that moment.

Story ids come from a counter in ``meta`` that only goes up: an id, once given, is never
given to another story. ``monitor reclassify`` rebuilds every story; an article remembers the
story it was in (``previous_story_id``), and the story it opens again takes that id back.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from monitor.models import (
    AlertIntent,
    Classification,
    Level,
    LevelChange,
    Previous,
    Story,
    UnsentAlert,
)
from monitor.storage.articles import ARTICLE_COLUMNS, article_record
from monitor.storage.codec import alert_to_json, at, classification, evidence_json, iso
from monitor.storage.database import Database
from monitor.storage.records import ArticleRecord, ClassifiedArticle
from monitor.storage.stories import index_keys
from monitor.stories import StoryState
from monitor.stories.codec import state_to_json

_CHUNK = 400
_LAST_ID = "stories.last_id"


@dataclass(frozen=True, slots=True)
class Processed:
    """What processing found for one article: to be saved with its batch."""

    article_id: int
    classification: Classification
    story: Story
    change: LevelChange | None
    """The story's level change this article caused, if any."""
    similarity: float = 1.0
    """How likely it reports its story's event (1.0 when it opened the story)."""
    link: str | None = None
    """Why it joined its story, in a sentence (None when it opened it)."""


class Batch:
    """The write transaction of one processing batch: read the alerts already decided,
    then save everything at once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def previous_alerts(self, story_ids: Iterable[int]) -> dict[tuple[str, int], Previous]:
        """The highest level already decided, and when, for each watch of these stories."""
        found: dict[tuple[str, int], Previous] = {}
        for part in _chunks(sorted(set(story_ids))):
            rows = self.conn.execute(
                "SELECT watch, story_id, level, decided FROM alerts"  # noqa: S608
                f" WHERE story_id IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
            for watch, story_id, level, decided in rows:
                candidate = Previous(Level.parse(level), at(decided))
                key = (watch, story_id)
                if key not in found or candidate.level > found[key].level:
                    found[key] = candidate
        return found

    def unsent_alerts(
        self, keys: Iterable[tuple[str, int]]
    ) -> dict[tuple[str, int], list[UnsentAlert]]:
        """For each (watch, story), its alerts not superseded whose every delivery is
        still pending: those a higher alert may replace."""
        found: defaultdict[tuple[str, int], list[UnsentAlert]] = defaultdict(list)
        for watch, story_id in sorted(set(keys)):
            rows = self.conn.execute(
                """
                SELECT id, level, previous_level FROM alerts
                WHERE watch = ? AND story_id = ? AND superseded_by IS NULL AND NOT EXISTS (
                    SELECT 1 FROM deliveries WHERE alert_id = alerts.id
                        AND status <> 'pending')
                ORDER BY id
                """,
                (watch, story_id),
            ).fetchall()
            found[(watch, story_id)] = [
                UnsentAlert(
                    r["id"],
                    Level.parse(r["level"]),
                    Level.parse(r["previous_level"]) if r["previous_level"] else None,
                )
                for r in rows
            ]
        return dict(found)

    def save(
        self,
        processed: Sequence[Processed],
        alerts: Sequence[AlertIntent],
        *,
        classifier: str,
        now: datetime,
        states: Sequence[StoryState] = (),
    ) -> None:
        """Save a batch: classifications, stories, level changes, the alerts decided and
        the open stories' states with the words they are found by."""
        conn = self.conn
        for p in processed:
            c = p.classification
            conn.execute(
                """
                INSERT OR REPLACE INTO classifications (article_id, score, level, killed,
                    injured, displaced, actors, signals, evidence, classifier, classified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    p.article_id,
                    c.score,
                    str(c.level),
                    c.casualties.killed,
                    c.casualties.injured,
                    c.casualties.displaced,
                    json.dumps(list(c.actors)),
                    json.dumps([s.name for s in c.signals]),
                    evidence_json(c),
                    classifier,
                    iso(now),
                ),
            )
        for p in processed:
            s = p.story
            conn.execute(
                """
                INSERT OR REPLACE INTO stories (id, headline, first_seen, last_seen, score,
                    level, articles, sources, feeds, actors, signals, killed, injured,
                    displaced, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    s.id,
                    s.headline,
                    iso(s.first_seen),
                    iso(s.last_seen),
                    s.score,
                    str(s.level),
                    s.articles,
                    s.sources,
                    s.feeds,
                    json.dumps(list(s.actors)),
                    json.dumps(list(s.signals)),
                    s.killed,
                    s.injured,
                    s.displaced,
                    iso(now),
                ),
            )
            conn.execute(
                "UPDATE articles SET story_id = ?, pending = 0 WHERE id = ?",
                (s.id, p.article_id),
            )
            conn.execute(
                "INSERT OR REPLACE INTO story_links (article_id, story_id, similarity, link)"
                " VALUES (?, ?, ?, ?)",
                (p.article_id, s.id, p.similarity, p.link),
            )
            if p.change is not None:
                change = p.change
                conn.execute(
                    "INSERT INTO story_levels (story_id, at, previous, level, article_id,"
                    " score) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        s.id,
                        iso(change.at),
                        str(change.previous) if change.previous is not None else None,
                        str(change.level),
                        change.article_id,
                        s.score,
                    ),
                )
        if processed:
            highest = max(p.story.id for p in processed)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
                " value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                (_LAST_ID, str(highest)),
            )
        for state in states:
            conn.execute(
                "INSERT OR REPLACE INTO story_state (story_id, last_seen, version, state)"
                " VALUES (?, ?, ?, ?)",
                (state.id, iso(state.last_seen), state.version, state_to_json(state)),
            )
            conn.execute("DELETE FROM story_keys WHERE rowid = ?", (state.id,))
            conn.execute(
                "INSERT INTO story_keys (rowid, keys) VALUES (?, ?)",
                (state.id, " ".join(index_keys(state))),
            )
        for intent in alerts:
            self._insert_alert(intent)

    def _insert_alert(self, intent: AlertIntent) -> None:
        """Insert one alert and a pending delivery per notifier; the alerts it supersedes
        stop waiting. An alert whose key was decided before is never inserted twice."""
        decision = intent.decision
        alert = decision.alert
        cursor = self.conn.execute(
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
            return
        alert_id = cursor.lastrowid
        for old in intent.supersedes:
            self.conn.execute("UPDATE alerts SET superseded_by = ? WHERE id = ?", (alert_id, old))
            self.conn.execute(
                "UPDATE deliveries SET status = 'superseded' WHERE alert_id = ?"
                " AND status = 'pending'",
                (old,),
            )
        for notifier in decision.notify:
            self.conn.execute(
                "INSERT INTO deliveries (alert_id, notifier, next_attempt) VALUES (?, ?, ?)",
                (alert_id, notifier, iso(decision.not_before)),
            )


class Processing:
    def __init__(self, db: Database) -> None:
        self.db = db

    def pending(self, limit: int) -> list[ArticleRecord]:
        """Stored articles not yet classified and clustered (or changed since), oldest
        published first."""
        rows = self.db.rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE pending = 1"  # noqa: S608
            " ORDER BY published, id LIMIT ?",
            (limit,),
        )
        return [article_record(r) for r in rows]

    def pending_count(self) -> int:
        return int(self.db.value("SELECT count(*) FROM articles WHERE pending = 1"))

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        with self.db.write() as conn:
            yield Batch(conn)

    def next_story_id(self) -> int:
        """The lowest id never given to a story: above every story, alert and level
        change, and above every id the counter ever reached."""
        value = self.db.value(
            """
            SELECT max(
                coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0),
                coalesce((SELECT max(id) FROM stories), 0),
                coalesce((SELECT max(story_id) FROM alerts), 0))
            """,
            (_LAST_ID,),
        )
        return int(value) + 1

    def classified(self, since: datetime) -> list[ClassifiedArticle]:
        """Articles published since ``since`` with their stored classification, in
        publication order (to replay them through the rules)."""
        rows = self.db.rows(
            f"""
            SELECT {ARTICLE_COLUMNS}, classifications.*
            FROM articles JOIN classifications ON classifications.article_id = articles.id
            WHERE articles.published >= ? ORDER BY articles.published, articles.id
            """,  # noqa: S608
            (iso(since),),
        )
        return [ClassifiedArticle(article_record(r), classification(r)) for r in rows]

    def reset(self) -> int:
        """Forget every story so all articles are processed again; each article remembers
        the story it was in, so that the story it opens again keeps that id (alerts keep
        pointing at the right story). The story id counter stays where it is. How many
        articles are now pending."""
        with self.db.write() as conn:
            conn.execute(
                "UPDATE articles SET previous_story_id = coalesce(story_id, previous_story_id),"
                " story_id = NULL, pending = 1"
            )
            for table in ("story_levels", "stories", "story_state", "story_keys", "story_links"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - the names above
        return self.pending_count()

    def expire(self, before: datetime) -> int:
        """Stories last seen before ``before`` can take no more articles: their states and
        search words go (the ``stories`` rows stay). How many."""
        with self.db.write() as conn:
            conn.execute(
                "DELETE FROM story_keys WHERE rowid IN"
                " (SELECT story_id FROM story_state WHERE last_seen < ?)",
                (iso(before),),
            )
            cursor = conn.execute("DELETE FROM story_state WHERE last_seen < ?", (iso(before),))
        return cursor.rowcount


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
