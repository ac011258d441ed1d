"""A story's state as JSON and back: what the database keeps of each open story. Pure."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from monitor.models import Evidence, Level, Signal
from monitor.stories import Report, StoryState
from monitor.stories.features import Features


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _features(f: Features) -> dict[str, Any]:
    return {
        "id": f.article_id,
        "at": f.published.isoformat(),
        "title": f.title,
        "domain": f.domain,
        "terms": f.terms,
        "tt": f.title_terms,
        "names": sorted(f.names),
        "tn": sorted(f.title_names),
        "places": sorted(f.places),
        "ep": sorted(f.event_places),
        "numbers": sorted(f.numbers),
        "phrases": sorted(f.phrases),
        "shingles": list(f.shingles),
        "actors": sorted(f.actors),
        "signals": sorted(f.signals),
        "counts": [f.killed, f.injured, f.displaced],
        "feeds": sorted(f.feeds),
    }


def _features_from(d: dict[str, Any]) -> Features:
    killed, injured, displaced = d["counts"]
    return Features(
        article_id=d["id"],
        published=datetime.fromisoformat(d["at"]),
        title=d["title"],
        domain=d["domain"],
        terms=d["terms"],
        title_terms=d["tt"],
        names=frozenset(d["names"]),
        title_names=frozenset(d["tn"]),
        places=frozenset(d["places"]),
        event_places=frozenset(d["ep"]),
        numbers=frozenset(d["numbers"]),
        phrases=frozenset(d["phrases"]),
        shingles=tuple(d["shingles"]),
        actors=frozenset(d["actors"]),
        signals=frozenset(d["signals"]),
        killed=killed,
        injured=injured,
        displaced=displaced,
        feeds=frozenset(d["feeds"]),
    )


def _report(r: Report) -> dict[str, Any]:
    return {
        "id": r.article_id,
        "title": r.title,
        "url": r.url,
        "feeds": list(r.feeds),
        "domain": r.domain,
        "at": r.published.isoformat(),
        "quotes": [
            [q.name, q.weight, [[e.text, e.start, e.end] for e in q.evidence]] for q in r.quotes
        ],
        "joined": r.joined,
    }


def _report_from(d: dict[str, Any]) -> Report:
    return Report(
        d["id"],
        d["title"],
        d["url"],
        tuple(d["feeds"]),
        d["domain"],
        datetime.fromisoformat(d["at"]),
        tuple(
            Signal(name, weight, tuple(Evidence(t, s, e) for t, s, e in spans))
            for name, weight, spans in d["quotes"]
        ),
        d.get("joined", ""),
    )


def state_to_json(s: StoryState) -> str:
    return json.dumps(
        {
            "id": s.id,
            "first": s.first_seen.isoformat(),
            "last": s.last_seen.isoformat(),
            "level": str(s.level),
            "version": s.version,
            "articles": s.articles,
            "headline": s.headline,
            "best": [s.best_score, _time(s.best_published)],
            "counts": [s.killed, s.injured, s.displaced],
            "actors": dict(s.actors),
            "signals": dict(s.signals),
            "feeds": sorted(s.feeds),
            "domains": sorted(s.domains),
            "originals": [[a, list(sh)] for a, sh in s.originals],
            "members": [_features(m) for m in s.members],
            "reports": [_report(r) for r in s.reports],
        },
        separators=(",", ":"),
    )


def state_from_json(text: str) -> StoryState:
    d = json.loads(text)
    best_score, best_at = d["best"]
    killed, injured, displaced = d["counts"]
    return StoryState(
        id=d["id"],
        first_seen=datetime.fromisoformat(d["first"]),
        last_seen=datetime.fromisoformat(d["last"]),
        level=Level.parse(d["level"]),
        version=d.get("version", 0),
        articles=d["articles"],
        headline=d["headline"],
        best_score=best_score,
        best_published=datetime.fromisoformat(best_at) if best_at else None,
        killed=killed,
        injured=injured,
        displaced=displaced,
        actors=Counter(d["actors"]),
        signals=Counter(d["signals"]),
        feeds=set(d["feeds"]),
        domains=set(d["domains"]),
        originals=[(a, tuple(sh)) for a, sh in d["originals"]],
        members=[_features_from(m) for m in d["members"]],
        reports=[_report_from(r) for r in d["reports"]],
    )
