"""Records as JSON: the objects ``--json`` prints and the web API serves. Pure.

One function per record, so that the command line, the web API and the alerts describe a
story the same way. Fields may be added in later versions, never renamed. Times are ISO
8601 in UTC (``2025-06-02T10:00:00Z``); text from feeds is carried as the feeds gave it
(JSON needs no escaping beyond its own).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from monitor.models import Classification, Story

if TYPE_CHECKING:  # only annotations: rendering alerts needs no storage
    from monitor.storage.records import (
        AlertRecord,
        ArticleHit,
        FeedHealth,
        LevelStep,
        StoryArticle,
        StoryDetail,
    )


def iso(when: datetime | None) -> str | None:
    """``2025-06-02T10:00:00Z``: ISO 8601 in UTC, to the second."""
    if when is None:
        return None
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def story_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "headline": story.headline,
        "level": str(story.level),
        "score": story.score,
        "actors": list(story.actors),
        "signals": list(story.signals),
        "killed": story.killed,
        "injured": story.injured,
        "displaced": story.displaced,
        "sources": story.sources,
        "articles": story.articles,
        "feeds": story.feeds,
        "first_seen": iso(story.first_seen),
        "last_seen": iso(story.last_seen),
    }


def classification_json(c: Classification | None) -> dict[str, Any]:
    if c is None:
        return {"level": None, "score": None, "signals": [], "evidence": {}}
    return {
        "level": str(c.level),
        "score": c.score,
        "killed": c.casualties.killed,
        "injured": c.casualties.injured,
        "displaced": c.casualties.displaced,
        "actors": list(c.actors),
        "signals": [s.name for s in c.signals],
        "evidence": {
            s.name: [{"text": e.text, "start": e.start, "end": e.end} for e in s.evidence]
            for s in c.signals
        },
    }


def story_article_json(a: StoryArticle) -> dict[str, Any]:
    return {
        "id": a.id,
        "published": iso(a.published),
        "title": a.title,
        "url": a.url,
        "feeds": list(a.feeds),
        "similarity": a.similarity,
        "joined": a.link,
        **classification_json(a.classification),
    }


def level_json(step: LevelStep) -> dict[str, Any]:
    return {
        "at": iso(step.at),
        "previous": None if step.previous is None else str(step.previous),
        "level": str(step.level),
        "article_id": step.article_id,
        "score": step.score,
    }


def alert_record_json(a: AlertRecord) -> dict[str, Any]:
    return {
        "id": a.id,
        "key": a.key,
        "watch": a.watch,
        "story_id": a.story_id,
        "level": str(a.level),
        "previous_level": None if a.previous_level is None else str(a.previous_level),
        "headline": a.headline,
        "decided": iso(a.decided),
        "not_before": iso(a.not_before),
        "superseded_by": a.superseded_by,
        "deliveries": [
            {
                "notifier": d.notifier,
                "status": d.status,
                "attempts": d.attempts,
                "next_attempt": iso(d.next_attempt),
                "last_error": d.last_error,
                "sent": iso(d.sent),
            }
            for d in a.deliveries
        ],
    }


def story_detail_json(d: StoryDetail) -> dict[str, Any]:
    return {
        **story_json(d.story),
        "items": [story_article_json(a) for a in d.articles],
        "levels": [level_json(step) for step in d.levels],
        "alerts": [alert_record_json(a) for a in d.alerts],
    }


def feed_json(row: FeedHealth) -> dict[str, Any]:
    feed = row.feed
    return {
        "name": feed.name,
        "url": feed.url,
        "fetch_url": feed.fetch_url,
        "source": row.source,
        "enabled": feed.enabled,
        "tags": list(feed.tags),
        "interval": feed.interval,
        "last_polled": iso(row.last_polled),
        "last_success": iso(row.last_success),
        "last_status": row.last_status,
        "last_error": row.last_error,
        "last_warning": row.last_warning,
        "consecutive_failures": feed.consecutive_failures,
        "failures": row.failures,
        "next_due": iso(feed.next_due),
        "items_seen": row.items_seen,
        "duration_ms": row.duration_ms,
        "articles": row.articles,
        "health": row.health,
    }


def hit_json(hit: ArticleHit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "published": iso(hit.published),
        "title": hit.title,
        "url": hit.url,
        "feed": hit.feed,
    }
