"""Stories: the index open stories are found by, and stories as readers see them.

The index: each open story's state (``story_state``: what clustering needs, as JSON) and the
words it is found by (``story_keys``, FTS5: its reports' names, places and rarest words). An
article's candidates are the stories whose words best match its own, last seen within the
window: a query of the database, so the cost of one decision and the memory it takes stay
flat however many stories were ever stored. Closed stories leave the index
(``processing.expire``).

Readers see lists filtered by level, actor, signal, watch and time, one story with its
articles, why each joined, its level history and its alerts, and how many stories each hour
or day brought (the dashboard's timeline)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Literal

from monitor.models import Level, Story
from monitor.storage.articles import FEEDS_OF
from monitor.storage.codec import at, classification, iso, level, names, story
from monitor.storage.database import Database
from monitor.storage.outbox import Outbox
from monitor.storage.records import Facets, LevelStep, StoryArticle, StoryDetail, TimelineCount
from monitor.stories import INDEX_KEYS, StoryState, keys_of
from monitor.stories.codec import state_from_json

PER_KEY = 64
"""Stories read per search word, the newest first."""
_BUCKET = {"hour": 13, "day": 10}
"""Characters of an ISO time that name its hour (``2025-06-02T10``) or its day."""
Timeline = list[TimelineCount]
"""Named outside ``Stories``, whose ``list`` method hides the builtin in its body."""
_HAS_ACTOR = "EXISTS (SELECT 1 FROM json_each(stories.actors) WHERE value = ? COLLATE NOCASE)"

_NOT_KEY = re.compile(r"[^0-9a-z]+")


def index_key(word: str) -> str:
    """A word as the FTS5 index holds it: letters and digits only."""
    return _NOT_KEY.sub("", word.lower())


def index_keys(state: StoryState) -> list[str]:
    keys: set[str] = set()
    for member in state.members:
        keys.update(k for k in map(index_key, keys_of(member, n=INDEX_KEYS)) if k)
    return sorted(keys)


class Stories:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- the index of open stories -------------------------------------------------------

    def search(
        self,
        words: Iterable[str],
        since: datetime,
        limit: int,
        known: Mapping[int, StoryState] | None = None,
    ) -> list[StoryState]:
        """Open stories last seen since ``since`` whose words best match ``words``, best
        first. A state in ``known`` at the version stored is not read again."""
        keys = sorted({k for k in map(index_key, words) if k})
        if not keys:
            return []
        # Per word, the newest ``PER_KEY`` stories that have it: a word that half the open
        # stories have costs no more than a rare one (a ranking of every match would). The
        # stories sharing most of the words come first; of the best ``3 * limit``, those
        # still open. One statement, so that no row but the chosen reaches Python.
        per_word = " UNION ALL ".join(
            ["SELECT * FROM (SELECT rowid AS id FROM story_keys WHERE story_keys MATCH ?"
             " ORDER BY rowid DESC LIMIT ?)"] * len(keys)
        )  # fmt: skip
        found = self.db.rows(
            f"WITH hits AS ({per_word}),"  # noqa: S608 (placeholders only)
            " best AS (SELECT id, count(*) AS shared FROM hits GROUP BY id"
            " ORDER BY shared DESC, id DESC LIMIT ?)"
            " SELECT story_id, version FROM best JOIN story_state ON story_id = best.id"
            " WHERE last_seen >= ? ORDER BY shared DESC, id DESC LIMIT ?",
            (*(v for key in keys for v in (f'"{key}"', PER_KEY)), 3 * limit, iso(since), limit),
        )
        known = known or {}
        missing = [
            r["story_id"]
            for r in found
            if r["story_id"] not in known or known[r["story_id"]].version != r["version"]
        ]
        read: dict[int, StoryState] = {}
        if missing:
            marks = ",".join("?" * len(missing))
            for row in self.db.rows(
                f"SELECT state FROM story_state WHERE story_id IN ({marks})",  # noqa: S608
                missing,
            ):
                state = state_from_json(row["state"])
                read[state.id] = state
        return [read.get(r["story_id"]) or known[r["story_id"]] for r in found]

    def state(self, story_id: int) -> StoryState | None:
        row = self.db.row("SELECT state FROM story_state WHERE story_id = ?", (story_id,))
        return state_from_json(row["state"]) if row is not None else None

    def exists(self, story_id: int) -> bool:
        return self.db.row("SELECT 1 FROM stories WHERE id = ?", (story_id,)) is not None

    def open_count(self) -> int:
        return int(self.db.value("SELECT count(*) FROM story_state"))

    # --- readers -------------------------------------------------------------------------

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
                similarity=r["similarity"],
                link=r["link"],
            )
            for r in self.db.rows(
                f"""
                SELECT articles.id, articles.published, articles.title, articles.url,
                    {FEEDS_OF} AS feeds, classifications.*, story_links.similarity,
                    story_links.link
                FROM articles LEFT JOIN classifications
                    ON classifications.article_id = articles.id
                LEFT JOIN story_links ON story_links.article_id = articles.id
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
