"""Values to columns and back: times, JSON columns, classifications, stories and alerts.

Times are ISO 8601 in UTC to the second (``2025-06-02T10:00:00+00:00``), so they sort as
text. Used by the entity modules of this package only.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from monitor.models import (
    Alert,
    Casualties,
    Classification,
    Evidence,
    FeedState,
    Level,
    Notice,
    Signal,
    Source,
    Story,
)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``+00:00`` offset, to the second."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds")


def when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def level(value: str | None) -> Level | None:
    return Level.parse(value) if value else None


def names(value: str | None) -> tuple[str, ...]:
    """A JSON array column (or a ``group_concat`` with the unit separator) as a tuple."""
    if not value:
        return ()
    if value.startswith("["):
        return tuple(json.loads(value))
    return tuple(value.split("\x1f"))


def evidence_json(c: Classification) -> str:
    return json.dumps(
        {
            s.name: [{"text": e.text, "start": e.start, "end": e.end} for e in s.evidence]
            for s in c.signals
        }
    )


def classification(row: sqlite3.Row) -> Classification:
    """A stored classification (a row with the ``classifications`` columns) as a value."""
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


def story(row: sqlite3.Row) -> Story:
    return Story(
        id=row["id"],
        headline=row["headline"],
        first_seen=at(row["first_seen"]),
        last_seen=at(row["last_seen"]),
        score=row["score"],
        level=Level.parse(row["level"]),
        articles=row["articles"],
        sources=row["sources"],
        feeds=row["feeds"],
        actors=names(row["actors"]),
        signals=names(row["signals"]),
        killed=row["killed"],
        injured=row["injured"],
        displaced=row["displaced"],
    )


def feed_state(row: sqlite3.Row) -> FeedState:
    return FeedState(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        fetch_url=row["fetch_url"],
        enabled=bool(row["enabled"]),
        interval=row["interval"],
        tags=names(row["tags"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        body_hash=row["body_hash"],
        consecutive_failures=row["consecutive_failures"],
        next_due=when(row["next_due"]),
        redirect_target=row["redirect_target"],
        redirect_count=row["redirect_count"],
        polls=row["polls"],
    )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Level):
        return str(value)
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def alert_to_json(alert: Alert) -> dict[str, Any]:
    """An alert as stored in the outbox, complete enough to deliver it later."""
    return dict(_encode(alert))


def alert_from_json(data: dict[str, Any]) -> Alert:
    s = data["story"]
    story = Story(
        **{
            **s,
            "first_seen": at(s["first_seen"]),
            "last_seen": at(s["last_seen"]),
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
        previous_level=level(data["previous_level"]),
        reasons=tuple(data["reasons"]),
        evidence=tuple(
            Signal(e["name"], e["weight"], tuple(Evidence(**q) for q in e["evidence"]))
            for e in data["evidence"]
        ),
        sources=tuple(
            Source(**{**src, "published": at(src["published"])}) for src in data["sources"]
        ),
        decided=at(data["decided"]),
    )


def notice(row: sqlite3.Row) -> Notice:
    return Notice(row["title"], row["body"], Level.parse(row["level"]), at(row["decided"]))
