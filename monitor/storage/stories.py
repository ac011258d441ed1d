"""Stories as readers see them: lists filtered by level, actor, signal, watch and time, one
story with its articles, level history and alerts, and how many stories each hour or day
brought (the dashboard's timeline)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from monitor.models import Level, Story
from monitor.storage.articles import FEEDS_OF
from monitor.storage.codec import at, classification, iso, level, names, story
from monitor.storage.database import Database
from monitor.storage.outbox import Outbox
from monitor.storage.records import Facets, LevelStep, StoryArticle, StoryDetail, TimelineCount

_BUCKET = {"hour": 13, "day": 10}
"""Characters of an ISO time that name its hour (``2025-06-02T10``) or its day."""
Timeline = list[TimelineCount]
"""Named outside ``Stories``, whose ``list`` method hides the builtin in its body."""
_HAS_ACTOR = "EXISTS (SELECT 1 FROM json_each(stories.actors) WHERE value = ? COLLATE NOCASE)"


class Stories:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(
        self,
        *,
        since: datetime | None = None,
        levels: Sequence[Level] = (),
        actor: str | None = None,
        signal: str | None = None,
        actors: Sequence[str] = (),
        watch: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Story]:
        """Stories last seen since ``since``, at one of ``levels``, naming ``actor`` and
        every one of ``actors`` (case aside), carrying ``signal``, that alerted ``watch``;
        latest first, ``offset`` skipped."""
        where, params = ["1"], []
        if since is not None:
            where.append("last_seen >= ?")
            params.append(iso(since))
        if levels:
            where.append(f"level IN ({','.join('?' * len(levels))})")
            params.extend(str(lv) for lv in levels)
        if actor:
            where.append("EXISTS (SELECT 1 FROM json_each(stories.actors) WHERE value = ?)")
            params.append(actor)
        for name in actors:
            where.append(_HAS_ACTOR)
            params.append(name)
        if signal:
            where.append("EXISTS (SELECT 1 FROM json_each(stories.signals) WHERE value = ?)")
            params.append(signal)
        if watch:
            where.append(
                "EXISTS (SELECT 1 FROM alerts WHERE alerts.watch = ?"
                " AND alerts.story_id = stories.id)"
            )
            params.append(watch)
        sql = (
            f"SELECT * FROM stories WHERE {' AND '.join(where)} "  # noqa: S608
            "ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?"
        )
        return [story(row) for row in self.db.rows(sql, (*params, limit, offset))]

    def timeline(
        self, since: datetime, by: Literal["hour", "day"], actors: Sequence[str] = ()
    ) -> Timeline:
        """How many stories were first seen in each hour (or day) since ``since``, by the
        level they have reached, naming every one of ``actors``; hours without stories
        are left out. Oldest first."""
        where, params = ["last_seen >= ?", "first_seen >= ?"], [iso(since), iso(since)]
        # A story first seen since then was last seen since then too: the first condition
        # lets the index on last_seen narrow the search.
        for name in actors:
            where.append(_HAS_ACTOR)
            params.append(name)
        rows = self.db.rows(
            f"SELECT substr(first_seen, 1, ?) AS bucket, level, count(*) AS stories"  # noqa: S608
            f" FROM stories WHERE {' AND '.join(where)} GROUP BY bucket, level ORDER BY bucket",
            (_BUCKET[by], *params),
        )
        return [
            TimelineCount(_bucket_start(r["bucket"]), Level.parse(r["level"]), r["stories"])
            for r in rows
        ]

    def facets(self, since: datetime) -> Facets:
        """The actors and signals of the stories seen since ``since``, and every watch that
        has alerted: what the filters of a story list offer."""

        def distinct(column: str) -> tuple[str, ...]:
            rows = self.db.rows(
                f"SELECT DISTINCT j.value FROM stories, json_each(stories.{column}) AS j"  # noqa: S608
                " WHERE stories.last_seen >= ? ORDER BY 1",
                (iso(since),),
            )
            return tuple(str(r[0]) for r in rows)

        watches = tuple(r[0] for r in self.db.rows("SELECT DISTINCT watch FROM alerts ORDER BY 1"))
        return Facets(distinct("actors"), distinct("signals"), watches)

    def get(self, story_id: int) -> Story | None:
        row = self.db.row("SELECT * FROM stories WHERE id = ?", (story_id,))
        return story(row) if row is not None else None

    def detail(self, story_id: int) -> StoryDetail | None:
        """One story with its articles (each with its classification and feeds), its level
        history and the alerts it caused."""
        found = self.get(story_id)
        if found is None:
            return None
        articles = tuple(
            StoryArticle(
                id=r["id"],
                published=at(r["published"]),
                title=r["title"],
                url=r["url"],
                feeds=names(r["feeds"]),
                classification=classification(r) if r["score"] is not None else None,
            )
            for r in self.db.rows(
                f"""
                SELECT articles.id, articles.published, articles.title, articles.url,
                    {FEEDS_OF} AS feeds, classifications.*
                FROM articles LEFT JOIN classifications
                    ON classifications.article_id = articles.id
                WHERE articles.story_id = ? ORDER BY articles.published, articles.id
                """,  # noqa: S608
                (story_id,),
            )
        )
        levels = tuple(
            LevelStep(
                at(r["at"]),
                level(r["previous"]),
                Level.parse(r["level"]),
                r["article_id"],
                r["score"],
            )
            for r in self.db.rows(
                "SELECT at, previous, level, article_id, score FROM story_levels"
                " WHERE story_id = ? ORDER BY id",
                (story_id,),
            )
        )
        alerts = tuple(Outbox(self.db).alerts(story_id=story_id, limit=1000))
        return StoryDetail(found, articles, levels, alerts)

    def count(self, since: datetime | None = None) -> int:
        if since is None:
            return int(self.db.value("SELECT count(*) FROM stories"))
        return int(
            self.db.value("SELECT count(*) FROM stories WHERE last_seen >= ?", (iso(since),))
        )


def _bucket_start(bucket: str) -> datetime:
    """``2025-06-02T10`` or ``2025-06-02`` as the first instant of that hour or day, UTC."""
    if len(bucket) == _BUCKET["day"]:
        return datetime.fromisoformat(bucket).replace(tzinfo=UTC)
    return datetime.fromisoformat(f"{bucket}:00:00").replace(tzinfo=UTC)
