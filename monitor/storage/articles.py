"""Articles: storing what a poll decided, finding stored copies, searching.

The same article seen in two feeds is stored once and ``article_feeds`` remembers both; an
entry whose GUID or link comes back with other text is an update of the same row
(``revision`` counts them) and is processed again. Which of these an entry is, is decided
by ``monitor.updates``; this module finds what the decision needs and applies it, the two in
one transaction so that a concurrent poll cannot store the same article twice.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from monitor.errors import StorageError
from monitor.models import Article, EntryIntent, EntryKeys, FeedState, StoredEntry
from monitor.storage.codec import at, iso, names
from monitor.storage.database import Database
from monitor.storage.records import ArticleHit, ArticleRecord, SearchResult, Stored
from monitor.updates import Found, decide_entries, entry_keys

Decider = Callable[[FeedState, Sequence[Article], Found], list[EntryIntent]]

FEEDS_OF = """(SELECT group_concat(name, char(31)) FROM (SELECT feeds.name FROM article_feeds
    JOIN feeds ON feeds.id = article_feeds.feed_id
    WHERE article_feeds.article_id = articles.id ORDER BY article_feeds.first_seen, feeds.name))"""
"""A column: the names of every feed an article was seen in, first first."""
ARTICLE_COLUMNS = f"""articles.id, articles.title, articles.summary, articles.content,
    articles.url, articles.published, articles.backlog, articles.story_id, articles.revision,
    articles.previous_story_id, {FEEDS_OF} AS feeds"""
_WORDS = re.compile(r"\w+")
_CHUNK = 400
_MARK_ON, _MARK_OFF = "\x02", "\x03"
"""What FTS5's snippet() puts around the matching words: characters that feed text never
holds (parsing strips control characters), removed again before the snippet leaves."""
_MARKED = re.compile(f"{_MARK_ON}(.*?){_MARK_OFF}", re.DOTALL)


def article_record(row: sqlite3.Row) -> ArticleRecord:
    return ArticleRecord(
        id=row["id"],
        title=row["title"],
        summary=row["summary"],
        content=row["content"],
        url=row["url"],
        published=at(row["published"]),
        feeds=names(row["feeds"]),
        backlog=bool(row["backlog"]),
        story_id=row["story_id"],
        revision=row["revision"],
        previous_story_id=row["previous_story_id"],
    )


class Articles:
    def __init__(self, db: Database) -> None:
        self.db = db

    def store(
        self,
        feed: FeedState,
        articles: Sequence[Article],
        fetched: datetime,
        decide: Decider = decide_entries,
    ) -> list[Stored]:
        """Store a feed's parsed articles in one transaction: find the stored copies their
        keys name, let ``decide`` say what each entry is, apply that. What happened to each
        entry, in order."""
        keys = [entry_keys(feed.id, a) for a in articles]
        with self.db.write() as conn:
            found = self._find(conn, keys)
            intents = decide(feed, articles, found)
            return [Stored(self._apply(conn, feed, i, fetched), i.outcome) for i in intents]

    @staticmethod
    def _find(conn: sqlite3.Connection, keys: Sequence[EntryKeys]) -> Found:
        def lookup(column: str, values: list[str]) -> dict[str, StoredEntry]:
            found: dict[str, StoredEntry] = {}
            for start in range(0, len(values), _CHUNK):
                part = values[start : start + _CHUNK]
                # The condition repeats the partial index's, or SQLite scans the table.
                partial = {
                    "guid_key": "guid_key IS NOT NULL",
                    "url_key": "url_key <> ''",
                    "content_hash": "content_hash IS NOT NULL",
                }[column]
                rows = conn.execute(
                    f"SELECT {column}, id, title, summary, content FROM articles"  # noqa: S608
                    f" WHERE {partial} AND {column} IN ({','.join('?' * len(part))})"
                    " ORDER BY id",
                    part,
                ).fetchall()
                for row in rows:
                    found.setdefault(row[0], StoredEntry(row[1], row[2], row[3], row[4]))
            return found

        return Found(
            lookup("guid_key", sorted({k.guid for k in keys if k.guid})),
            lookup("url_key", sorted({k.url for k in keys if k.url})),
            lookup("content_hash", sorted({k.content for k in keys if k.content})),
        )

    @staticmethod
    def _apply(
        conn: sqlite3.Connection, feed: FeedState, intent: EntryIntent, fetched: datetime
    ) -> int:
        a, keys = intent.article, intent.keys
        if intent.outcome == "duplicate":
            return 0
        if intent.outcome == "new":
            cursor = conn.execute(
                """
                INSERT INTO articles (feed_id, guid, url, title, summary, content, author,
                    language, published, updated, fetched, guid_key, url_key, content_hash,
                    backlog)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    feed.id,
                    a.guid,
                    a.url,
                    a.title,
                    a.summary,
                    a.content,
                    a.author,
                    a.language,
                    iso(a.published),
                    iso(a.updated),
                    iso(fetched),
                    keys.guid,
                    keys.url,
                    keys.content,
                    int(intent.backlog),
                ),
            )
            article_id = int(cursor.lastrowid or 0)
        else:
            assert intent.article_id is not None
            article_id = intent.article_id
            if intent.outcome == "updated":
                conn.execute(
                    """
                    UPDATE articles SET title = ?, summary = ?, content = ?, author = ?,
                        updated = ?, content_hash = ?, revision = revision + 1, pending = 1
                    WHERE id = ?
                    """,
                    (
                        a.title,
                        a.summary,
                        a.content,
                        a.author,
                        iso(a.updated or fetched),
                        keys.content,
                        article_id,
                    ),
                )
        conn.execute(
            "INSERT OR IGNORE INTO article_feeds (article_id, feed_id, first_seen)"
            " VALUES (?, ?, ?)",
            (article_id, feed.id, iso(fetched)),
        )
        return article_id

    def get(self, article_id: int) -> ArticleRecord | None:
        row = self.db.row(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?",  # noqa: S608
            (article_id,),
        )
        return article_record(row) if row is not None else None

    def many(self, ids: Sequence[int]) -> list[ArticleRecord]:
        """The stored articles with these ids, in the order of ``ids`` (missing ones left
        out)."""
        found: dict[int, ArticleRecord] = {}
        for start in range(0, len(ids), _CHUNK):
            part = list(ids[start : start + _CHUNK])
            rows = self.db.rows(
                f"SELECT {ARTICLE_COLUMNS} FROM articles"  # noqa: S608
                f" WHERE id IN ({','.join('?' * len(part))})",
                part,
            )
            found.update((r["id"], article_record(r)) for r in rows)
        return [found[i] for i in ids if i in found]

    def search(self, query: str, limit: int = 20) -> list[ArticleHit]:
        """Full-text search, best match first. FTS5 syntax (``"a phrase"``, ``OR``) works;
        a query that is not valid syntax is searched for as plain words instead."""
        return list(self.find(query, limit).hits)

    def find(
        self, query: str, limit: int = 20, *, newest: bool = False, within: int | None = None
    ) -> SearchResult:
        """``search``, saying whether the query had to be read as plain words, with each
        hit's matching words in context.

        Ranking scores every match, which takes long for a common word (50-400 ms at
        100,000 articles). ``newest`` orders hits newest stored first instead: FTS5 reads
        its index backwards and stops at ``limit``. ``within`` ranks only the ``within``
        newest matches (best match among recent news), at a fraction of the cost."""
        try:
            return SearchResult(tuple(self._search(query, limit, newest, within)))
        except StorageError as e:
            # FTS5 refuses a query it cannot parse with a plain error; locked, damaged
            # and other conditions of the database are subclasses and pass on.
            if type(e) is not StorageError:
                raise
        words = " ".join(f'"{w}"' for w in _WORDS.findall(query))
        hits = self._search(words, limit, newest, within) if words else []
        return SearchResult(tuple(hits), as_words=True)

    def _search(
        self, match: str, limit: int, newest: bool = False, within: int | None = None
    ) -> list[ArticleHit]:
        order = "articles_fts.rowid DESC" if newest else "articles_fts.rank"
        window = ""
        params: list[str | int] = [_MARK_ON, _MARK_OFF, match]
        if within and not newest:
            # The rowid of the within-th newest match, found by reading the index
            # backwards; FTS5 then ranks only the matches from there on.
            window = (
                " AND articles_fts.rowid >= coalesce((SELECT rowid FROM articles_fts"
                " WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0)"
            )
            params += [match, within - 1]
        rows = self.db.rows(
            f"""
            SELECT articles.id, articles.published, articles.title, articles.url,
                feeds.name AS feed,
                snippet(articles_fts, -1, ?, ?, '…', 24) AS snippet
            FROM articles_fts
            JOIN articles ON articles.rowid = articles_fts.rowid
            JOIN feeds ON feeds.id = articles.feed_id
            WHERE articles_fts MATCH ?{window} ORDER BY {order} LIMIT ?
            """,  # noqa: S608 - the order and the window are constants
            (*params, limit),
        )
        return [
            ArticleHit(
                r["id"], at(r["published"]), r["title"], r["url"], r["feed"], *_marked(r["snippet"])
            )
            for r in rows
        ]

    def count(self, published_since: datetime | None = None) -> int:
        """How many articles are stored (published since ``published_since``)."""
        if published_since is None:
            return int(self.db.value("SELECT count(*) FROM articles"))
        return int(
            self.db.value(
                "SELECT count(*) FROM articles WHERE published >= ?", (iso(published_since),)
            )
        )


def _marked(snippet: str | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet with FTS5's markers as plain text, and the spans they marked."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    length, last = 0, 0
    snippet = snippet or ""
    for m in _MARKED.finditer(snippet):
        before, word = snippet[last : m.start()], m.group(1)
        parts += [before, word]
        length += len(before)
        marks.append((length, length + len(word)))
        length += len(word)
        last = m.end()
    parts.append(snippet[last:])
    return "".join(parts).replace(_MARK_ON, "").replace(_MARK_OFF, ""), tuple(marks)
