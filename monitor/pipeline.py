"""One poll of one feed, from the network to the database, and a pass over many feeds.

The flow of one poll, one step per line::

    fetch      Fetcher.fetch(fetch_url, etag, last_modified)   -> FetchResult | FetchError
    (304)      nothing changed: record the poll, stop
    (same)     the body is byte-for-byte the last one parsed: record, stop
    parse      parsing.parse_feed(body, url, headers, now)      -> ParsedFeed | ParseError
    store      Store.store_articles(feed, articles, now)        committed here, before more
    record     Store.record_poll(feed, PollRecord)              status, validators, next due

Then, for every stored article not yet processed (``Processor.run``), in batches::

    classify   Classifier.classify_many(title, text)             -> Classification
    cluster    StoryIndex.assign(item_from(article, ...))         -> Assignment (story, change)
    save       Store.save_processed(...)                          one transaction per batch

Processing is separate from polling so that a stored article is never lost to a fault in
a later stage: whatever was stored and not processed is picked up by the next run.

A failure at any step is a value (``PollResult.error``) and a row in ``feeds``, never an
exception that stops the other feeds. The dependencies arrive as one ``Services`` object
so tests can swap real parts for fakes; this module holds no decisions of its own beyond
the order of the steps.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from monitor.config import Settings, WatchRule
from monitor.errors import FetchError, ParseError, StorageError
from monitor.fetching import Fetcher, monotonic_ms
from monitor.models import Classification, Evidence, FeedState, Level, LevelChange, Signal, Source
from monitor.parsing import parse_feed
from monitor.rules import Candidate, decide
from monitor.schedule import is_due, next_due
from monitor.storage import PollRecord, Store, classification_from_row, from_iso
from monitor.stories import Assignment, Item, StoryIndex, StoryParams, item_from

if TYPE_CHECKING:  # spaCy takes seconds to import: only processing commands pay for it
    from monitor.classify import Classifier


PARSE_DEADLINE = 60.0
"""The longest parsing one body may take in the parsing process."""


@dataclass(slots=True)
class Services:
    """Everything a poll needs, in one object."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    clock: Callable[[], datetime]
    parser: Executor | None = None
    """Where feeds are parsed: a process pool puts the parsing, the costliest step, on
    another core while this one fetches and stores; None parses here."""


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll of one feed did."""

    feed: str
    """The feed's name."""
    status: int | None
    """The HTTP status of the final answer, if there was one (200 for files)."""
    error: str | None = None
    warning: str | None = None
    new: tuple[int, ...] = ()
    """Ids of articles stored for the first time."""
    updated: tuple[int, ...] = ()
    """Ids of stored articles whose text changed."""
    seen: int = 0
    """Entries that were already stored unchanged."""
    duration_ms: int = 0
    first_poll: bool = False
    """True for a feed's first successful poll: its backlog, not news."""

    @property
    def ok(self) -> bool:
        return self.error is None


def body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


async def poll_feed(services: Services, feed: FeedState) -> PollResult:
    """Poll ``feed`` once and record the outcome. Never raises for a feed's own faults."""
    poll = services.settings.poll
    interval = feed.interval or poll.interval
    started, t0 = services.clock(), time.monotonic()

    def finish(result: PollResult, record: PollRecord) -> PollResult:
        services.store.record_poll(feed, record)
        return result

    def failed(error: str, status: int | None, retry_after: float | None = None) -> PollResult:
        failures = feed.consecutive_failures + 1
        due = next_due(
            started, interval=interval, failures=failures, retry_after=retry_after, settings=poll
        )
        ms = monotonic_ms(t0)
        return finish(
            PollResult(feed.name, status, error=error, duration_ms=ms),
            PollRecord(started, status, error, due, ms),
        )

    try:
        fetched = await services.fetcher.fetch(
            feed.fetch_url, etag=feed.etag, last_modified=feed.last_modified
        )
    except FetchError as e:
        return failed(e.reason, e.status, e.retry_after)

    due = next_due(started, interval=interval, failures=0, retry_after=None, settings=poll)
    digest = body_digest(fetched.body) if not fetched.not_modified else None
    if fetched.not_modified or digest == feed.body_hash:
        ms = monotonic_ms(t0)
        return finish(
            PollResult(feed.name, fetched.status, duration_ms=ms),
            PollRecord(
                started,
                fetched.status,
                None,
                due,
                ms,
                etag=fetched.etag or feed.etag,
                last_modified=fetched.last_modified or feed.last_modified,
                redirect_target=fetched.permanent_redirect,
            ),
        )
    now = services.clock()
    try:
        if services.parser is None:
            parsed = parse_feed(fetched.body, fetched.url, fetched.headers, now=now)
        else:
            async with asyncio.timeout(PARSE_DEADLINE):
                parsed = await asyncio.get_running_loop().run_in_executor(
                    services.parser,
                    functools.partial(
                        parse_feed, fetched.body, fetched.url, dict(fetched.headers), now=now
                    ),
                )
    except ParseError as e:
        return failed(e.reason, fetched.status)
    except TimeoutError:
        return failed(f"parsing took longer than {PARSE_DEADLINE:g}s", fetched.status)
    try:
        stored = services.store.store_articles(feed, parsed.articles, now)
    except StorageError as e:
        return failed(str(e), fetched.status)
    new = tuple(s.article_id for s in stored if s.outcome == "new")
    updated = tuple(s.article_id for s in stored if s.outcome == "updated")
    ms = monotonic_ms(t0)
    result = PollResult(
        feed.name,
        fetched.status,
        warning=parsed.warning,
        new=new,
        updated=updated,
        seen=len(stored) - len(new) - len(updated),
        duration_ms=ms,
        first_poll=feed.polls == 0,
    )
    return finish(
        result,
        PollRecord(
            started,
            fetched.status,
            None,
            due,
            ms,
            items_seen=len(stored),
            items_new=len(new),
            warning=parsed.warning,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            body_hash=digest,
            title=parsed.title or None,
            site_url=parsed.link or None,
            redirect_target=fetched.permanent_redirect,
        ),
    )


@contextmanager
def parser_pool() -> Iterator[Executor | None]:
    """A process to parse feeds in when this machine has a core to spare, else None.

    Started with ``spawn`` (never ``fork``: the caller has threads), as a child whose CPU
    and memory count as the caller's, and shut down on
    exit; one worker, as fetching and storing keep the main process busy."""
    if (os.cpu_count() or 1) < 2:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_die_with_parent)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _die_with_parent() -> None:
    """In the parsing process: end when the process that started it ends, even when that
    one is killed (SIGKILL leaves it no chance to shut its pool down)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the line above
        os._exit(0)


def select_feeds(
    store: Store, now: datetime, *, all_feeds: bool = False, names: Iterable[str] = ()
) -> list[FeedState]:
    """The enabled feeds to poll: those named, or every one, or those due at ``now``."""
    feeds = store.feeds(enabled_only=True)
    wanted = set(names)
    if wanted:
        return [f for f in feeds if f.name in wanted or f.url in wanted]
    if all_feeds:
        return feeds
    return [f for f in feeds if is_due(f.next_due, now)]


async def poll_feeds(
    services: Services,
    feeds: Iterable[FeedState],
    on_result: Callable[[PollResult], None] | None = None,
) -> list[PollResult]:
    """Poll ``feeds`` concurrently (within the fetcher's limits); one result per feed."""

    async def one(feed: FeedState) -> PollResult:
        result = await poll_feed(services, feed)
        if on_result is not None:
            on_result(result)
        return result

    return list(await asyncio.gather(*(one(f) for f in feeds)))


@dataclass(frozen=True, slots=True)
class Processed:
    """One article classified and placed in a story."""

    article_id: int
    classification: Classification
    assignment: Assignment
    backlog: bool
    """Stored by a feed's first poll: counts for its story, never alerts."""


class Processor:
    """Classifies, clusters and decides alerts for stored articles. Holds the classifier,
    the open stories and the watch rules."""

    def __init__(
        self,
        classifier: Classifier,
        index: StoryIndex,
        rules: Sequence[WatchRule] = (),
        *,
        feed_tags: Mapping[str, Iterable[str]] | None = None,
        max_age: timedelta = timedelta(hours=24),
    ) -> None:
        self.classifier = classifier
        self.index = index
        self.rules = tuple(rules)
        self.feed_tags = {name: frozenset(tags) for name, tags in (feed_tags or {}).items()}
        self.max_age = max_age

    @classmethod
    def restore(
        cls,
        store: Store,
        classifier: Classifier,
        now: datetime,
        params: StoryParams = StoryParams(),
        **options: Any,
    ) -> Processor:
        """A processor whose story index holds the stories still open at ``now``."""
        index = StoryIndex(classifier.level_of, params, next_id=store.max_story_id() + 1)
        by_story: dict[int, list[Item]] = {}
        levels: dict[int, Level] = {}
        for row in store.open_story_articles(now - 2 * params.window):
            by_story.setdefault(row["story_id"], []).append(
                _item(row, classification_from_row(row), params)
            )
            levels[row["story_id"]] = Level.parse(row["story_level"])
        for story_id, items in by_story.items():
            index.restore(story_id, items, levels[story_id])
        index.expire(now)
        return cls(classifier, index, **options)

    def run(
        self,
        store: Store,
        now: datetime,
        *,
        batch: int = 200,
        limit: int | None = None,
        alerts: bool = True,
    ) -> list[Processed]:
        """Process pending articles in batches, each saved in one transaction with the
        alerts it decided (none when ``alerts`` is False, as when rebuilding)."""
        done: list[Processed] = []
        while limit is None or len(done) < limit:
            size = batch if limit is None else min(batch, limit - len(done))
            rows = store.pending_articles(size)
            if not rows:
                break
            texts = [(r["title"], r["content"] or r["summary"]) for r in rows]
            processed, candidates = [], []
            for row, c in zip(rows, self.classifier.classify_many(texts), strict=True):
                item = _item(row, c, self.index.params)
                assignment = self.index.assign(item)
                processed.append(Processed(row["id"], c, assignment, bool(row["backlog"])))
                if alerts and self.rules:
                    candidates.append(self._candidate(row, item, assignment))
            decisions = []
            if candidates:
                previous = store.previous_alerts(c.story.id for c in candidates)
                decisions = decide(self.rules, candidates, previous, now=now, max_age=self.max_age)
            store.save_processed(
                [(p.article_id, p.classification) for p in processed],
                [(p.article_id, p.assignment.story) for p in processed],
                _changes(processed),
                decisions,
                classifier=self.classifier.digest,
                now=now,
            )
            done.extend(processed)
        self.index.expire(now)
        return done

    def candidate(self, row: dict[str, Any], classification: Classification) -> Candidate:
        """Place one classified article (a row as ``pending_articles`` gives it) in its
        story and return what the watch rules see of it."""
        item = _item(row, classification, self.index.params)
        return self._candidate(row, item, self.index.assign(item))

    def _candidate(self, row: dict[str, Any], item: Item, assignment: Assignment) -> Candidate:
        story = self.index.stories[assignment.story.id]
        items = sorted(
            story.items.values(), key=lambda i: (i.published, i.article_id), reverse=True
        )
        return Candidate(
            article_id=item.article_id,
            title=item.title,
            text=row["content"] or row["summary"],
            feeds=tuple(sorted(item.feeds)),
            tags=frozenset(t for f in item.feeds for t in self.feed_tags.get(f, ())),
            published=item.published,
            backlog=bool(row["backlog"]),
            classification=item.classification,
            story=assignment.story,
            story_titles=tuple(i.title for i in items),
            sources=tuple(
                Source(
                    i.article_id, ", ".join(sorted(i.feeds)), i.domain, i.title, i.url, i.published
                )
                for i in items
            ),
            evidence=_evidence([item, *items]),
        )


def _evidence(items: Sequence[Item], per_signal: int = 3) -> tuple[Signal, ...]:
    """The signals of a story with a few distinct quotes each, the given items' first."""
    quotes: dict[str, list[Evidence]] = {}
    weights: dict[str, float] = {}
    for item in items:
        for sig in item.quotes or item.classification.signals:
            found = quotes.setdefault(sig.name, [])
            weights[sig.name] = sig.weight
            for evidence in sig.evidence:
                if len(found) < per_signal and all(e.text != evidence.text for e in found):
                    found.append(evidence)
    return tuple(Signal(name, weights[name], tuple(q)) for name, q in sorted(quotes.items()))


_QUOTE_REACH = 70
"""Characters of context on each side of an evidence span in an alert's quote."""


def quote(text: str, start: int, end: int, reach: int = _QUOTE_REACH) -> str:
    """The sentence around ``text[start:end]``, cut to ``reach`` characters on each side
    of it at word boundaries, with an ellipsis where it was cut."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    first = max(
        [line_start]
        + [
            text.rfind(m, line_start, start) + 2
            for m in _STOPS
            if text.rfind(m, line_start, start) != -1
        ]
    )
    ends = [text.find(m, end, line_end) + 1 for m in _STOPS if text.find(m, end, line_end) != -1]
    last = min([line_end, *ends])
    left, right = max(first, start - reach), min(last, end + reach)
    if left > first:
        left = text.find(" ", left, start) + 1 or start
    if right < last:
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) != -1 else end
    before = "…" if left > first else ""
    after = "…" if right < last else ""
    return f"{before}{text[left:right].strip()}{after}"


_STOPS = (". ", "! ", "? ")


def _quotes(title: str, text: str, classification: Classification) -> tuple[Signal, ...]:
    joined = f"{title}\n{text}"
    return tuple(
        Signal(
            s.name,
            s.weight,
            tuple(Evidence(quote(joined, e.start, e.end), e.start, e.end) for e in s.evidence),
        )
        for s in classification.signals
    )


def _item(row: dict[str, Any], classification: Classification, params: StoryParams) -> Item:
    published = from_iso(row["published"])
    assert published is not None
    text = row["content"] or row["summary"]
    return item_from(
        row["id"],
        title=row["title"],
        text=row["content"] or row["summary"],
        url=row["url"],
        published=published,
        feeds=row["feeds"],
        classification=classification,
        params=params,
        quotes=_quotes(row["title"], text, classification),
    )


def _changes(processed: list[Processed]) -> list[tuple[int, LevelChange, float]]:
    return [
        (p.assignment.story.id, p.assignment.change, p.assignment.story.score)
        for p in processed
        if p.assignment.change is not None
    ]
