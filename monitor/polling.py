"""One poll of one feed, from the network to the database, and a pass over many feeds.

The flow of one poll, one step per line::

    fetch      Fetcher.fetch(fetch_url, etag, last_modified)     -> FetchResult | FetchError
    (304)      nothing changed: record the poll, stop
    (same)     the body is byte-for-byte the last one parsed: record, stop
    parse      parsing.parse_feed(body, url, headers, now)        -> ParsedFeed | ParseError
    store      store.articles.store(feed, articles, decide_entries) committed here
    redirect   updates.decide_redirect(feed, target)              -> where to fetch next
    record     store.feeds.record_poll(feed, PollRecord)          status, validators, next due

What is stored is processed later (``monitor.processing``): a stored article is never lost
to a fault in a later stage.

A failure at any step is a value (``PollResult.error``) and a row in ``feeds``, never an
exception that stops the other feeds. A database that cannot be written (locked by another
program, say) fails the poll like any other fault; when even the failure cannot be
recorded, the result says so (``recorded`` is False) and carries the record, for the
caller to write once the database is back. Database calls run in a worker thread: a
database waiting for a lock never holds up the event loop.

The dependencies arrive as one ``Services`` object so tests can swap real parts; this
module decides nothing beyond the order of the steps.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from monitor.config import Settings
from monitor.errors import FetchError, ParseError, StorageError
from monitor.fetching import Fetcher, monotonic_ms
from monitor.models import FeedState, PollRecord
from monitor.parsing import ParsedFeed, parse_feed
from monitor.schedule import is_due, next_due
from monitor.storage import Store
from monitor.updates import decide_redirect

PARSE_DEADLINE = 60.0
"""The longest the parsing process may take over one body (its wait for the bodies before
it not counted)."""


@dataclass(slots=True)
class Services:
    """Everything a poll needs, in one object."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    clock: Callable[[], datetime]
    parser: Parsing | None = None
    """Where feeds are parsed: a process puts the parsing, the costliest step, on another
    core while this one fetches and stores; None parses here."""


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
    duplicates: int = 0
    """Entries the feed listed twice in one answer (stored once)."""
    skipped: tuple[tuple[str, int], ...] = ()
    """Entries not stored, counted by why (``("no title or text", 2)``); duplicates apart."""
    duration_ms: int = 0
    first_poll: bool = False
    """True for a feed's first successful poll: its backlog, not news."""
    record: PollRecord | None = None
    """What was recorded in the feed's row, or is to be recorded when ``recorded`` is
    False."""
    recorded: bool = True
    """False when the database could not record the poll (it is locked, say)."""
    storage_error: bool = False
    """True when the poll failed because the database could not be written."""

    @property
    def ok(self) -> bool:
        return self.error is None

    def left_out(self) -> dict[str, int]:
        """Every entry of the answer that did not become a new, updated or seen article,
        by why: ``{"no title or text": 2, "listed twice": 1}``."""
        reasons = dict(self.skipped)
        if self.duplicates:
            reasons[LISTED_TWICE] = reasons.get(LISTED_TWICE, 0) + self.duplicates
        return reasons


LISTED_TWICE = "listed twice"


def body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


async def poll_feed(services: Services, feed: FeedState) -> PollResult:
    """Poll ``feed`` once and record the outcome. Never raises for a feed's own faults,
    nor for the database's."""
    poll = services.settings.poll
    interval = feed.interval or poll.interval
    started, t0 = services.clock(), time.monotonic()

    async def finish(result: PollResult, record: PollRecord) -> PollResult:
        result = replace(result, record=record)
        if result.storage_error:  # the database just refused a write: no second wait
            return replace(result, recorded=False)
        try:
            await asyncio.to_thread(services.store.feeds.record_poll, feed, record)
        except StorageError:
            return replace(result, recorded=False)
        return result

    async def failed(
        error: str, status: int | None, retry_after: float | None = None, storage: bool = False
    ) -> PollResult:
        failures = feed.consecutive_failures + 1
        due = next_due(
            started, interval=interval, failures=failures, retry_after=retry_after, settings=poll
        )
        ms = monotonic_ms(t0)
        return await finish(
            PollResult(feed.name, status, error=error, duration_ms=ms, storage_error=storage),
            PollRecord(started, status, error, due, ms),
        )

    try:
        fetched = await services.fetcher.fetch(
            feed.fetch_url, etag=feed.etag, last_modified=feed.last_modified
        )
    except FetchError as e:
        return await failed(e.reason, e.status, e.retry_after)

    due = next_due(started, interval=interval, failures=0, retry_after=None, settings=poll)
    fetch_url, redirect_target, redirect_count = decide_redirect(
        feed, fetched.permanent_redirect, failed=False, redirect_after=poll.redirect_after
    )
    redirect = {
        "fetch_url": fetch_url,
        "redirect_target": redirect_target,
        "redirect_count": redirect_count,
    }
    digest = body_digest(fetched.body) if not fetched.not_modified else None
    if fetched.not_modified or digest == feed.body_hash:
        ms = monotonic_ms(t0)
        return await finish(
            PollResult(feed.name, fetched.status, duration_ms=ms),
            PollRecord(
                started,
                fetched.status,
                None,
                due,
                ms,
                etag=fetched.etag or feed.etag,
                last_modified=fetched.last_modified or feed.last_modified,
                **redirect,  # type: ignore[arg-type]
            ),
        )
    now = services.clock()
    try:
        if services.parser is None:
            parsed = parse_feed(fetched.body, fetched.url, fetched.headers, now=now)
        else:
            parsed = await services.parser.parse(
                fetched.body, fetched.url, dict(fetched.headers), now
            )
    except ParseError as e:
        return await failed(e.reason, fetched.status)
    try:
        stored = await asyncio.to_thread(services.store.articles.store, feed, parsed.articles, now)
    except StorageError as e:
        return await failed(
            f"could not store its articles: {e.reason}", fetched.status, storage=True
        )
    new = tuple(s.article_id for s in stored if s.outcome == "new")
    updated = tuple(s.article_id for s in stored if s.outcome == "updated")
    duplicates = sum(1 for s in stored if s.outcome == "duplicate")
    ms = monotonic_ms(t0)
    result = PollResult(
        feed.name,
        fetched.status,
        warning=parsed.warning,
        new=new,
        updated=updated,
        seen=len(stored) - len(new) - len(updated) - duplicates,
        duplicates=duplicates,
        skipped=parsed.skipped,
        duration_ms=ms,
        first_poll=feed.polls == 0,
    )
    return await finish(
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
            **redirect,  # type: ignore[arg-type]
        ),
    )


class Parsing:
    """Bodies parsed in a pool of processes, in the order they were fetched.

    A body may wait in the pool's queue as long as the bodies before it take: a burst of
    large feeds makes polls slower, never failed. Its own parse gets ``deadline`` seconds,
    kept by an alarm in the parsing process, which ends an overrunning parse and frees the
    process for the next body."""

    def __init__(self, executor: Executor, deadline: float = PARSE_DEADLINE) -> None:
        self.executor = executor
        self.deadline = deadline

    async def parse(
        self, body: bytes, url: str, headers: dict[str, str], now: datetime
    ) -> ParsedFeed:
        job = self.executor.submit(parse_within, self.deadline, body, url, headers, now)
        return await asyncio.wrap_future(job)


class _Overran(BaseException):
    """Raised by the alarm in the parsing process; a BaseException, so that no ``except
    Exception`` in a parser can swallow it."""


def parse_within(
    deadline: float, body: bytes, url: str, headers: dict[str, str], now: datetime
) -> ParsedFeed:
    """``parse_feed`` in the parsing process, ended with a ParseError after ``deadline`` s."""

    def overran(_signum: int, _frame: object) -> None:
        raise _Overran

    previous = signal.signal(signal.SIGALRM, overran)
    signal.setitimer(signal.ITIMER_REAL, deadline)
    try:
        return parse_feed(body, url, headers, now=now)
    except _Overran:
        raise ParseError(url, f"parsing took longer than {deadline:g}s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def parser_pool() -> Iterator[Parsing | None]:
    """A process to parse feeds in when this machine has a core to spare, else None.

    Started with ``spawn`` (never ``fork``: the caller has threads), as a child whose CPU
    and memory count as the caller's, and shut down on exit; one worker, as fetching and
    storing keep the main process busy."""
    if (os.cpu_count() or 1) < 2:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_worker_start)
    try:
        yield Parsing(pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start() -> None:
    """In the parsing process: leave Ctrl-C and SIGTERM to the process that started it
    (which stops its pool cleanly), and end when that process ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    end_with_parent()


def end_with_parent() -> None:
    """In a child process: end when the process that started it ends, even when that one
    is killed (SIGKILL leaves it no chance to stop its children)."""
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
    feeds = store.feeds.all(enabled_only=True)
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
