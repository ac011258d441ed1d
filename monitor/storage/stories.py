"""Stories as readers see them: lists filtered by level, actor, signal and time, and one
story with its articles, level history and alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from monitor.models import Level, Story
from monitor.storage.articles import FEEDS_OF
from monitor.storage.codec import at, classification, iso, level, names, story
from monitor.storage.database import Database
from monitor.storage.outbox import Outbox
from monitor.storage.records import LevelStep, StoryArticle, StoryDetail


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
        limit: int = 50,
    ) -> list[Story]:
        """Stories last seen since ``since``, at one of ``levels``, naming ``actor`` and
        carrying ``signal``; latest first."""
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
        if signal:
            where.append("EXISTS (SELECT 1 FROM json_each(stories.signals) WHERE value = ?)")
            params.append(signal)
        sql = (
            f"SELECT * FROM stories WHERE {' AND '.join(where)} "  # noqa: S608
            "ORDER BY last_seen DESC, id DESC LIMIT ?"
        )
        return [story(row) for row in self.db.rows(sql, (*params, limit))]

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
