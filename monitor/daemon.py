"""The background service: polls on schedule, processes, delivers, reloads, stops cleanly.

One asyncio loop runs everything, and every loop in it survives its errors:

- APScheduler (3.x, asyncio) holds one job per feed at its interval. First polls are
  spread over a jitter bounded by a tenth of each feed's interval; later ones keep to the
  interval, so an item is seen within its feed's interval. ``coalesce`` folds runs missed
  while the process was busy into one, ``max_instances=1`` never lets two polls of one
  feed overlap. After each poll the job is moved to the time the feed is due (backoff,
  Retry-After). Every poll has a hard deadline beyond the fetch's own.
- A poll that the database could not record (locked by another program) keeps its record
  in memory; it is written, in order, as soon as the database takes writes again, and the
  feed is tried again soon rather than backed off: the fault is not the feed's.
- The processing loop classifies, clusters and decides alerts in batches, in a thread on
  its own connection; it wakes when a poll stores something and every few seconds when
  articles wait, whoever stored them. It owns the processor: a reload takes effect between
  two batches. An error is logged, recorded in ``meta`` (``monitor status`` shows it) and
  retried with backoff; if processing cannot progress for ``health.stall``, the watchdog
  pings stop, so that systemd restarts the service.
- The delivery loop sends what is due from the outbox: alerts and health notices.
- SIGTERM/SIGINT stop new work, give in-flight polls and batches ``STOP_GRACE`` seconds,
  close the database and return 0. SIGHUP (or a change to a configuration file, checked
  every few seconds) reloads the configuration; a broken one is refused, each problem
  logged, and the running configuration kept.
- Under systemd: ``READY=1`` once running, ``STATUS=`` lines, ``WATCHDOG=1`` pings; all
  no-ops elsewhere.
- A feed failing ``health.failures`` polls in a row is reported once to the
  ``health.notify`` notifiers, through the outbox, and again when it recovers.

A database that turns out damaged stops the service with exit code 3: nothing it could do
next would be stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import signal
import socket
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor import __version__
from monitor.alerting.outbox import deliver_due
from monitor.errors import ConfigError, DatabaseDamaged, MonitorError, StorageError
from monitor.fetching import Fetcher
from monitor.metrics import Metrics
from monitor.models import FeedState, Level, Notice, NoticeIntent, PollRecord
from monitor.polling import PARSE_DEADLINE, PollResult, Services, parser_pool, poll_feed
from monitor.runtime import file_time, load_configuration, open_runtime
from monitor.schedule import first_poll_delay, next_due
from monitor.storage import Store

if TYPE_CHECKING:
    from monitor.alerting import Notifier
    from monitor.processing import Processor
    from monitor.runtime import Configuration

log = logging.getLogger("monitor")
T = TypeVar("T")

EXIT_STORAGE = 3
STOP_GRACE = 10.0
"""Seconds in-flight work gets to finish after SIGTERM."""
PROCESS_BATCH = 200
"""Articles classified, clustered and saved in one transaction."""
PENDING_CHECK = 5.0
"""How often the processing loop looks for articles stored by another process."""
DELIVERY_INTERVAL = 30.0
"""The longest the delivery task sleeps when nothing wakes it."""
QUEUE_ALLOWANCE = 600.0
"""Seconds a poll may wait for a fetch slot and its turn at the parser before its hard
deadline counts it as hung."""
LOOP_BUSY_TIMEOUT = 1.0
"""How long a write of the polling side waits for another program's lock: a poll must not
hang on a locked database (processing, in its own thread, waits the usual 10 s)."""
STORAGE_RETRY = 10.0
"""A feed whose poll the database could not store is tried again this soon."""
RETRY_MAX = 60.0
"""The longest a failing loop waits before it tries again."""
CONFIG_CHECK = 5.0
HEARTBEAT = 30.0


def utcnow() -> datetime:
    """The daemon's one reading of the clock."""
    return datetime.now(UTC)


def sd_notify(*states: str) -> None:
    """Tell systemd ``states`` (``READY=1``...) if it is listening; otherwise nothing."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return
    if address.startswith("@"):
        address = "\0" + address[1:]
    with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.sendto("\n".join(states).encode(), address)


def log_config_error(error: ConfigError, what: str) -> None:
    """One log line per problem: a reader of the journal sees every one of them."""
    log.error("%s: %d problem(s) in %s", what, len(error.problems), error.source)
    for problem in error.problems:
        log.error("  %s", problem)


class Backoff:
    """Delays for a loop that keeps failing: 1 s, doubling, up to ``RETRY_MAX``."""

    def __init__(self) -> None:
        self.failures = 0
        self.since: float | None = None
        """When the failures began (monotonic), while they go on."""

    def failed(self) -> float:
        self.failures += 1
        if self.since is None:
            self.since = time.monotonic()
        return float(min(RETRY_MAX, 2 ** (self.failures - 1)))

    def succeeded(self) -> None:
        self.failures, self.since = 0, None

    def failing_for(self) -> float:
        return 0.0 if self.since is None else time.monotonic() - self.since


class Daemon:
    """``monitor run``. Create it, then ``await run()``; it returns the exit code."""

    def __init__(
        self,
        config_path: Path,
        *,
        watch_config: bool = True,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.config_path = config_path
        self.watch_config = watch_config
        self.clock = clock
        self.stopping = asyncio.Event()
        self.wake_processing = asyncio.Event()
        self.wake_delivery = asyncio.Event()
        self.inflight: set[asyncio.Task[Any]] = set()
        self.stats = {"polls": 0, "failed": 0, "new": 0, "alerts": 0}
        self.exit_code = 0
        self.unrecorded: defaultdict[int, list[tuple[FeedState, PollRecord]]] = defaultdict(list)
        """Polls the database could not record, by feed id, oldest first."""
        self.processing = Backoff()
        self.stalled: str | None = None
        """Why processing is stalled, once it has failed for longer than ``health.stall``."""

    # --- life cycle ----------------------------------------------------------------------

    async def run(self) -> int:
        self.runtime = open_runtime(
            self.config_path, now=self.clock(), secrets=True, busy_timeout=LOOP_BUSY_TIMEOUT
        )
        store = self.runtime.store
        if not store.lock(wait=1.0):
            store.close()
            raise StorageError(
                store.path, f"another monitor is already running on it ({store.path}.lock is held)"
            )
        settings = self.runtime.settings
        try:
            # Processing runs in a thread, on a connection of its own.
            self.process_store = Store(settings.database)
            self.recovered = store.outbox.recover()
        except BaseException:
            store.close()
            raise
        self.metrics = Metrics(settings.metrics.listen)
        self.fetcher = Fetcher(settings.poll)
        self.parser = contextlib.ExitStack()
        self.parse_pool = self.parser.enter_context(parser_pool())
        self.notifiers: dict[str, Notifier] = self.runtime.notifiers()
        self.processor_config: Configuration | None = None
        self.processor: Processor | None = None
        self.scheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1}
        )
        self._schedule_feeds()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop, sig)
        loop.add_signal_handler(signal.SIGHUP, self.request_reload, "SIGHUP")
        self.scheduler.start()
        tasks = [
            asyncio.create_task(self._guarded(self._processing_loop), name="processing"),
            asyncio.create_task(self._guarded(self._delivery_loop), name="delivery"),
            asyncio.create_task(self._guarded(self._heartbeat_loop), name="heartbeat"),
        ]
        if self.watch_config:
            tasks.append(asyncio.create_task(self._guarded(self._config_loop), name="config"))
        if usec := os.environ.get("WATCHDOG_USEC"):
            tasks.append(asyncio.create_task(self._watchdog_loop(int(usec) / 2e6)))
        feeds = len(self.scheduler.get_jobs())
        log.info(
            "monitor %s started: %d feed(s), %d watch(es), database %s",
            __version__,
            feeds,
            len(self.runtime.watches),
            settings.database,
        )
        if self.recovered:
            log.warning(
                "%d delivery(ies) interrupted by a crash will be sent again", self.recovered
            )
        sd_notify("READY=1", f"STATUS=watching {feeds} feed(s)")
        self.wake_processing.set()  # anything stored but not processed before a restart
        try:
            await self.stopping.wait()
        finally:
            await self._shutdown(tasks)
        return self.exit_code

    def stop(self, sig: signal.Signals | None = None, *, code: int = 0) -> None:
        if not self.stopping.is_set():
            self.exit_code = code
            log.info("stopping (%s): finishing work in flight", sig.name if sig else "asked")
            sd_notify("STOPPING=1", "STATUS=stopping")
            self.stopping.set()

    def _fatal(self, error: DatabaseDamaged) -> None:
        log.error("stopping: %s", error)
        self.stop(code=EXIT_STORAGE)

    async def _shutdown(self, tasks: list[asyncio.Task[Any]]) -> None:
        # Paused, not shut down: shutting APScheduler down cancels the polls it is running,
        # and they are to be given STOP_GRACE seconds to finish.
        self.scheduler.pause()
        if self.inflight:
            _done, pending = await asyncio.wait(self.inflight, timeout=STOP_GRACE)
            for task in pending:
                task.cancel()
            if pending:
                log.warning(
                    "%d poll(s) or batch(es) did not finish in %gs and were cancelled",
                    len(pending),
                    STOP_GRACE,
                )
                await asyncio.gather(*pending, return_exceptions=True)
        self.scheduler.shutdown(wait=False)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.fetcher.aclose()
        self.parser.close()
        for notifier in self.notifiers.values():
            await notifier.aclose()
        self._flush_unrecorded()
        with contextlib.suppress(StorageError):
            self.runtime.store.queries.set_meta({"daemon.stopped": self.clock().isoformat()})
        self.runtime.close()
        self.process_store.close()
        self.metrics.close()
        log.info("stopped")

    async def _finish_on_stop(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` as a task of its own that a stop waits for (up to STOP_GRACE)
        rather than cancels: a batch of processing or a delivery under way completes."""
        task = asyncio.create_task(work)
        self._in_flight(task)
        return await asyncio.shield(task)

    def _track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight(task)

    def _in_flight(self, task: asyncio.Task[Any]) -> None:
        """A stop waits for ``task`` (up to STOP_GRACE) before it closes anything."""
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)

    async def _guarded(self, loop: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run one of the daemon's loops for as long as the daemon runs: an error it did
        not expect is logged with its traceback and the loop starts again after a pause;
        a damaged database stops the daemon."""
        backoff = Backoff()
        while not self.stopping.is_set():
            try:
                await loop()
                return
            except asyncio.CancelledError:
                raise
            except DatabaseDamaged as e:
                self._fatal(e)
                return
            except Exception:
                log.exception("the %s loop failed; restarting it", loop.__name__.strip("_"))
                await asyncio.sleep(backoff.failed())

    # --- configuration -------------------------------------------------------------------

    def request_reload(self, why: str) -> None:
        if self.stopping.is_set():
            log.info("not reloading the configuration (%s): stopping", why)
            return
        log.info("reloading the configuration (%s)", why)
        # Kept in flight, so that a stop waits for it before it closes the database.
        self._in_flight(asyncio.get_running_loop().create_task(self.reload()))

    async def reload(self) -> bool:
        """Apply the configuration files as they are now; keep the running one if any is
        broken. True if the new configuration took effect. The processor takes it between
        two batches."""
        sd_notify("RELOADING=1", f"MONOTONIC_USEC={time.monotonic_ns() // 1000}")
        old = self.runtime.config
        try:
            new = await asyncio.to_thread(
                functools.partial(
                    load_configuration, self.config_path, self.runtime.store, secrets=True
                )
            )
            if new.settings.database != old.settings.database:
                raise ConfigError(
                    str(self.config_path),
                    ["database: cannot change while running: restart the service instead"],
                )
            await asyncio.to_thread(
                self.runtime.store.feeds.sync, new.settings.feed_list(), self.clock()
            )
        except ConfigError as e:
            self._refused(old)
            log_config_error(e, "configuration refused, still running the previous one")
            return False
        except MonitorError as e:
            self._refused(old)
            log.error("configuration refused, still running the previous one: %s", e)
            return False
        self.runtime.reconfigure(new)
        if new.settings.poll != old.settings.poll:
            old_fetcher, self.fetcher = self.fetcher, Fetcher(new.settings.poll)
            asyncio.get_running_loop().call_later(
                new.settings.poll.deadline + 30,
                lambda: asyncio.ensure_future(old_fetcher.aclose()),
            )
        if new.notifiers != old.notifiers:
            old_notifiers, self.notifiers = self.notifiers, self.runtime.notifiers()
            for notifier in old_notifiers.values():
                await notifier.aclose()
        self._schedule_feeds()
        self.wake_processing.set()
        feeds = len(self.scheduler.get_jobs())
        log.info("configuration reloaded: %d feed(s), %d watch(es)", feeds, len(new.watches))
        sd_notify("READY=1", f"STATUS=watching {feeds} feed(s)")
        return True

    def _refused(self, old: Configuration) -> None:
        # Not asked again for the same edit: the files' times are taken as read.
        old.files.update({p: file_time(p) for p in old.changed()})
        sd_notify("READY=1", "STATUS=configuration refused; running the previous one")

    async def _config_loop(self) -> None:
        while True:
            await asyncio.sleep(CONFIG_CHECK)
            changed = self.runtime.config.changed()
            if changed:
                self.request_reload(f"{changed[0].name} changed")

    # --- polling -------------------------------------------------------------------------

    def _schedule_feeds(self) -> None:
        """One job per enabled feed; jobs of feeds gone or disabled are removed, jobs of
        feeds whose interval changed are rescheduled."""
        settings = self.runtime.settings
        wanted = {f"feed:{f.name}": f for f in self.runtime.store.feeds.all(enabled_only=True)}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("feed:") and job.id not in wanted:
                job.remove()
        now = self.clock()
        for job_id, feed in wanted.items():
            interval = feed.interval or settings.poll.interval
            trigger = IntervalTrigger(seconds=interval, timezone=UTC)
            job = self.scheduler.get_job(job_id)
            if job is not None:
                if job.trigger.interval.total_seconds() != interval:
                    job.reschedule(trigger)
                continue
            delay = first_poll_delay(interval, settings.poll.jitter)
            first = max(feed.next_due or now, now) + timedelta(seconds=delay)
            self.scheduler.add_job(
                self._poll,
                trigger,
                args=[feed.name],
                id=job_id,
                name=feed.name,
                next_run_time=first,
                misfire_grace_time=max(1, int(interval)),
            )

    async def _poll(self, name: str) -> None:
        if self.stopping.is_set():
            return
        self._track()
        try:
            await self._poll_one(name)
        except asyncio.CancelledError:
            # A stop that could not wait for this poll: nothing was lost (what was stored
            # is committed), and it is no error.
            log.info("feed %s: poll cancelled by the stop", name)
        except DatabaseDamaged as e:
            self._fatal(e)
        except StorageError as e:
            log.warning("feed %s: poll not done: %s", name, e)
            self._retry_soon(name)

    async def _poll_one(self, name: str) -> None:
        store = self.runtime.store
        feed = store.feeds.get(name)
        if feed is None or not feed.enabled:
            return
        settings = self.runtime.settings
        if self.unrecorded.get(feed.id) and not self._flush_unrecorded(feed.id):
            # Still no writing: the poll would fetch what it cannot store.
            self._defer(feed, self._storage_failure(feed, "the database is not writable"))
            self._retry_soon(name)
            return
        services = Services(settings, store, self.fetcher, self.clock, self.parse_pool)
        started = time.monotonic()
        try:
            async with asyncio.timeout(self._hard_deadline()):
                result = await poll_feed(services, feed)
        except TimeoutError:
            result = await self._overran(feed)
        self.metrics.poll(result, time.monotonic() - started)
        if not result.recorded and result.record is not None:
            self._defer(feed, result.record)
        self._after_poll(feed, result)

    def _storage_failure(self, feed: FeedState, reason: str) -> PollRecord:
        now = self.clock()
        return PollRecord(now, None, reason, now + timedelta(seconds=STORAGE_RETRY), 0)

    def _defer(self, feed: FeedState, record: PollRecord) -> None:
        pending = self.unrecorded[feed.id]
        pending.append((feed, record))
        del pending[:-20]  # a bounded memory of a long outage; the latest matter

    def _flush_unrecorded(self, feed_id: int | None = None) -> bool:
        """Write the polls the database could not record; True when none is left."""
        ids = [feed_id] if feed_id is not None else list(self.unrecorded)
        for key in ids:
            pending = self.unrecorded.get(key, [])
            while pending:
                feed, record = pending[0]
                try:
                    self.runtime.store.feeds.record_poll(feed, record)
                except StorageError:
                    return False
                pending.pop(0)
            self.unrecorded.pop(key, None)
        return True

    def _retry_soon(self, name: str) -> None:
        job = self.scheduler.get_job(f"feed:{name}")
        if job is not None and not self.stopping.is_set():
            when = self.clock() + timedelta(seconds=STORAGE_RETRY)
            if job.next_run_time is None or job.next_run_time > when:
                job.modify(next_run_time=when)

    def _hard_deadline(self) -> float:
        """The longest one poll may take, waiting for a free slot included. The fetch and
        the parse have their own, tighter limits; this one only guarantees that nothing can
        keep a feed's job running (and so its later runs from starting) for ever."""
        return self.runtime.settings.poll.deadline + PARSE_DEADLINE + QUEUE_ALLOWANCE

    async def _overran(self, feed: FeedState) -> PollResult:
        settings = self.runtime.settings
        error = f"poll took longer than its {self._hard_deadline():g}s hard deadline"
        now = self.clock()
        due = next_due(
            now,
            interval=feed.interval or settings.poll.interval,
            failures=feed.consecutive_failures + 1,
            retry_after=None,
            settings=settings.poll,
        )
        record = PollRecord(now, None, error, due, 0)
        try:
            await asyncio.to_thread(self.runtime.store.feeds.record_poll, feed, record)
        except StorageError:
            return PollResult(feed.name, None, error=error, record=record, recorded=False)
        return PollResult(feed.name, None, error=error, record=record)

    def _after_poll(self, before: FeedState, result: PollResult) -> None:
        self.stats["polls"] += 1
        self.stats["new"] += len(result.new)
        if result.error:
            self.stats["failed"] += 1
            log.warning(
                "feed %s failed (%d in a row): %s",
                result.feed,
                before.consecutive_failures + 1,
                result.error,
            )
        elif result.new or result.updated or result.left_out():
            left_out = ", ".join(f"{n} {why}" for why, n in result.left_out().items())
            log.info(
                "feed %s: %d new, %d updated article(s)%s",
                result.feed,
                len(result.new),
                len(result.updated),
                f"; not stored: {left_out}" if left_out else "",
            )
        if result.new or result.updated:
            self.wake_processing.set()
        if result.storage_error or not result.recorded:
            self._retry_soon(before.name)
            return
        after = self.runtime.store.feeds.get(before.url)
        if after is None:
            return
        job = self.scheduler.get_job(f"feed:{after.name}")
        # A failing feed, or one that asked to be left alone (Retry-After), waits for the
        # time its backoff set; one that answered keeps its interval.
        if (
            job is not None
            and after.next_due is not None
            and (
                after.consecutive_failures
                or (job.next_run_time and after.next_due > job.next_run_time)
            )
        ):
            job.modify(next_run_time=after.next_due)
        self._health(before, after, result)

    def _health(self, before: FeedState, after: FeedState, result: PollResult) -> None:
        settings = self.runtime.settings
        threshold = settings.health.failures
        now = self.clock()
        if after.consecutive_failures == threshold:
            kind = "failing"
            notice = Notice(
                f"Feed failing: {after.name}",
                f"The feed {after.name} has failed {threshold} polls in a row. Last error: "
                f"{result.error}. It is retried with backoff, at least every few hours.",
                Level.ELEVATED,
                now,
            )
        elif result.ok and before.consecutive_failures >= threshold:
            kind = "recovered"
            notice = Notice(
                f"Feed recovered: {after.name}",
                f"The feed {after.name} answered again after "
                f"{before.consecutive_failures} failed polls.",
                Level.LOW,
                now,
            )
        else:
            return
        log.warning("%s", notice.title)
        if not settings.health.notify:
            return
        intent = NoticeIntent(
            f"feed:{after.id}:{kind}:{now.isoformat(timespec='seconds')}",
            notice,
            settings.health.notify,
        )
        try:
            self.runtime.store.outbox.add_notice(intent)
        except StorageError as e:
            log.error("could not queue the notice %r: %s", notice.title, e)
            return
        self.wake_delivery.set()

    # --- processing ----------------------------------------------------------------------

    async def _processing_loop(self) -> None:
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(PENDING_CHECK):
                    await self.wake_processing.wait()
            self.wake_processing.clear()
            while not self.stopping.is_set():
                try:
                    done = await self._finish_on_stop(asyncio.to_thread(self._process_batch))
                except DatabaseDamaged:
                    raise
                except Exception as e:
                    await self._processing_failed(e)
                    continue
                self._processing_ok()
                if not done:
                    break
                self.metrics.processed(done)
                self.wake_delivery.set()

    def _process_batch(self) -> int:
        """One batch, in the processing thread: the configuration the daemon runs now is
        taken here, between batches, never during one."""
        config = self.runtime.config
        if self.processor is None or self.processor_config is not config:
            self.processor = self.runtime.processor(store=self.process_store)
            self.processor_config = config
        if not self.process_store.processing.pending_count():
            return 0
        return len(self.processor.run(self.process_store, self.clock(), limit=PROCESS_BATCH))

    async def _processing_failed(self, error: Exception) -> None:
        delay = self.processing.failed()
        if isinstance(error, StorageError):
            log.error("processing failed, retrying in %gs: %s", delay, error)
        else:
            log.error(
                "processing failed, retrying in %gs", delay, exc_info=(type(error), error, None)
            )
        reason = str(error) if isinstance(error, MonitorError) else repr(error)
        stall = self.runtime.settings.health.stall
        if self.processing.failing_for() > stall and self.stalled is None:
            self.stalled = f"processing has failed for over {stall:g}s: {reason}"
            log.error("%s; watchdog pings stop so that the service is restarted", self.stalled)
        with contextlib.suppress(StorageError):
            await asyncio.to_thread(
                self.runtime.store.queries.set_meta,
                {
                    "processing.error": reason,
                    "processing.failing_since": (
                        self.clock() - timedelta(seconds=self.processing.failing_for())
                    ).isoformat(timespec="seconds"),
                    "daemon.stalled": self.stalled,
                },
            )
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await self.stopping.wait()

    def _processing_ok(self) -> None:
        if self.processing.since is None:
            return
        self.processing.succeeded()
        self.stalled = None
        log.info("processing works again")
        with contextlib.suppress(StorageError):
            self.runtime.store.queries.set_meta(
                {"processing.error": None, "processing.failing_since": None, "daemon.stalled": None}
            )

    # --- delivery ------------------------------------------------------------------------

    async def _delivery_loop(self) -> None:
        backoff = Backoff()
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._delivery_wait()):
                    await self.wake_delivery.wait()
            self.wake_delivery.clear()
            if self.stopping.is_set():
                return
            started = time.monotonic()
            run = deliver_due(
                self.runtime.store,
                self.notifiers,
                self.clock(),
                self.runtime.settings.alerts,
                digest_watches=self.runtime.digest_watches(),
            )
            try:
                report = await self._finish_on_stop(run)
            except DatabaseDamaged:
                raise
            except StorageError as e:
                delay = backoff.failed()
                log.error("delivery failed, retrying in %gs: %s", delay, e)
                await asyncio.sleep(delay)
                continue
            backoff.succeeded()
            self.metrics.delivered(report, time.monotonic() - started)
            if report.sent:
                self.stats["alerts"] += report.sent
                log.info("delivered %d message(s)", report.sent)

    def _delivery_wait(self) -> float:
        try:
            due = self.runtime.store.outbox.next_due()
        except StorageError:
            return DELIVERY_INTERVAL
        if due is None:
            return DELIVERY_INTERVAL
        return min(DELIVERY_INTERVAL, max(0.5, (due - self.clock()).total_seconds()))

    # --- heartbeat, status, watchdog -----------------------------------------------------

    async def _heartbeat_loop(self) -> None:
        started = self.clock().isoformat()
        while True:
            now = self.clock()
            try:
                self._flush_unrecorded()
                store = self.runtime.store
                await asyncio.to_thread(
                    store.queries.set_meta,
                    {
                        "daemon.heartbeat": now.isoformat(),
                        "daemon.started": started,
                        "daemon.pid": str(os.getpid()),
                        "daemon.version": __version__,
                    },
                )
                status = await asyncio.to_thread(store.queries.status, now - timedelta(hours=24))
                self.metrics.status(status)
            except DatabaseDamaged:
                raise
            except StorageError as e:
                log.warning("could not record the heartbeat: %s", e)
            s = self.stats
            sd_notify(
                f"STATUS={len(self.scheduler.get_jobs())} feed(s); {s['polls']} poll(s), "
                f"{s['failed']} failed, {s['new']} new article(s), {s['alerts']} message(s) "
                "since start" + (f"; {self.stalled}" if self.stalled else "")
            )
            await asyncio.sleep(HEARTBEAT)

    async def _watchdog_loop(self, every: float) -> None:
        while True:
            if self.stalled is None:
                sd_notify("WATCHDOG=1")
            await asyncio.sleep(every)
