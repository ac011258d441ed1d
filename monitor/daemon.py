"""The background service: polls on schedule, processes, delivers, reloads, stops cleanly.

One asyncio loop runs everything:

- APScheduler (3.x, asyncio) holds one job per feed at its interval with jitter, so polls
  spread out. ``coalesce`` folds runs missed while the process was busy into one,
  ``max_instances=1`` never lets two polls of one feed overlap, and ``misfire_grace_time``
  (the feed's interval) lets a late run still happen rather than be skipped. After each
  poll the job is moved to the time the feed is due (backoff, Retry-After). Every poll has
  a hard deadline beyond the fetch's own, so nothing can block later runs of its feed.
- A processing task classifies, clusters and decides alerts for what the polls stored, in
  small batches so fetching goes on in between; a delivery task sends what is due.
- SIGTERM/SIGINT stop new work, give in-flight polls and deliveries ``STOP_GRACE`` seconds,
  close the database and return 0. SIGHUP (or a change to a configuration file, checked
  every few seconds) reloads ``monitor.yaml``, the watches and the lexicon; a broken file is
  refused with its errors logged and the running configuration is kept.
- Under systemd: ``READY=1`` once running, ``STATUS=`` lines, ``WATCHDOG=1`` pings from the
  loop itself (a stuck loop stops pinging and systemd restarts it); all no-ops elsewhere.
- A feed failing ``health.failures`` polls in a row is reported once to the
  ``health.notify`` notifiers, and again when it recovers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import socket
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor import __version__
from monitor.alerting import Notifier, build_notifiers
from monitor.alerting.outbox import deliver_due
from monitor.config import Loaded, Settings, WatchRule, load_settings, load_watches
from monitor.errors import DeliveryError, MonitorError, StorageError
from monitor.fetching import Fetcher
from monitor.metrics import Metrics
from monitor.models import FeedState, Level, Notice
from monitor.pipeline import (
    PARSE_DEADLINE,
    PollResult,
    Processor,
    Services,
    parser_pool,
    poll_feed,
)
from monitor.storage import PollRecord, Store

if TYPE_CHECKING:
    from monitor.classify import Classifier

log = logging.getLogger("monitor")
T = TypeVar("T")

STOP_GRACE = 10.0
"""Seconds in-flight work gets to finish after SIGTERM."""
PROCESS_BATCH = 200
"""Articles classified, clustered and saved in one transaction."""
DELIVERY_INTERVAL = 30.0
"""The longest the delivery task sleeps when nothing wakes it."""
QUEUE_ALLOWANCE = 600.0
"""Seconds a poll may wait for a fetch slot before its hard deadline counts it as hung."""
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


@dataclass
class Runtime:
    """What a configuration builds; replaced whole on reload."""

    loaded: Loaded
    watches: tuple[WatchRule, ...]
    config_files: dict[Path, float] = field(default_factory=dict)
    """The files read, with their modification times, to notice edits."""


def load_runtime(path: Path, classifier: Classifier | None = None) -> tuple[Runtime, Classifier]:
    """Read and check every configuration file; ConfigError lists every problem."""
    from monitor.classify import Classifier, load_lexicon

    loaded = load_settings(path)
    settings = loaded.settings
    lexicon = load_lexicon(settings.signals)
    watches: tuple[WatchRule, ...] = ()
    if settings.watches is not None:
        watches = load_watches(
            settings.watches,
            notifiers=settings.notifiers,
            signals=[s.name for s in lexicon.signals],
            feeds=[f.name for f in settings.feeds],
        )
    if (
        classifier is None
        or classifier.lexicon != lexicon
        or (classifier.model != settings.classifier.model)
    ):
        classifier = Classifier(lexicon, settings.classifier.model)
    files = [path, settings.signals, settings.watches]
    mtimes = {p: _mtime(p) for p in files if p is not None}
    return Runtime(loaded, watches, mtimes), classifier


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


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

    # --- life cycle ----------------------------------------------------------------------

    async def run(self) -> int:
        runtime, classifier = load_runtime(self.config_path)
        settings = runtime.loaded.settings
        self.store = Store(settings.database, redirect_after=settings.poll.redirect_after)
        if not self.store.lock():
            self.store.close()
            raise StorageError(
                f"another monitor is already running on {settings.database} (its lock file "
                f"{settings.database}.lock is held)"
            )
        self.runtime = runtime
        self.process_store = Store(settings.database)  # used by the processing thread only
        self.metrics = Metrics(settings.metrics.listen)
        self.store.sync_feeds(settings.feed_list(), self.clock())
        self.recovered = self.store.recover_deliveries()
        self.fetcher = Fetcher(settings.poll)
        self.parser = contextlib.ExitStack()
        self.parse_pool = self.parser.enter_context(parser_pool())
        self.notifiers: dict[str, Notifier] = build_notifiers(settings.notifiers)
        self.processor = self._processor(classifier)
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        self._schedule_feeds()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop, sig)
        loop.add_signal_handler(signal.SIGHUP, self.request_reload, "SIGHUP")
        self.scheduler.start()
        tasks = [
            asyncio.create_task(self._processing_loop(), name="processing"),
            asyncio.create_task(self._delivery_loop(), name="delivery"),
            asyncio.create_task(self._heartbeat_loop(), name="heartbeat"),
        ]
        if self.watch_config:
            tasks.append(asyncio.create_task(self._config_loop(), name="config"))
        if usec := os.environ.get("WATCHDOG_USEC"):
            tasks.append(asyncio.create_task(self._watchdog_loop(int(usec) / 2e6)))
        feeds = len(self.scheduler.get_jobs())
        log.info(
            "monitor %s started: %d feed(s), %d watch(es), database %s",
            __version__,
            feeds,
            len(runtime.watches),
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
        return 0

    def stop(self, sig: signal.Signals | None = None) -> None:
        if not self.stopping.is_set():
            log.info("stopping (%s): finishing work in flight", sig.name if sig else "asked")
            sd_notify("STOPPING=1", "STATUS=stopping")
            self.stopping.set()

    async def _shutdown(self, tasks: list[asyncio.Task[Any]]) -> None:
        # Paused, not shut down: shutting APScheduler down cancels the polls it is running,
        # and they are to be given STOP_GRACE seconds to finish.
        self.scheduler.pause()
        if self.inflight:
            _done, pending = await asyncio.wait(self.inflight, timeout=STOP_GRACE)
            for task in pending:
                log.debug("cancelling %r", task.get_coro())
                task.cancel()
            if pending:
                log.warning(
                    "%d poll(s) did not finish in %gs and were cancelled", len(pending), STOP_GRACE
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
        with contextlib.suppress(StorageError):
            self.store.set_meta({"daemon.stopped": self.clock().isoformat()})
        self.store.close()
        self.process_store.close()
        self.metrics.close()
        log.info("stopped")

    async def _finish_on_stop(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` as a task of its own that a stop waits for (up to STOP_GRACE)
        rather than cancels: a batch of processing or a delivery under way completes."""
        task = asyncio.create_task(work)
        self.inflight.add(task)
        task.add_done_callback(self.inflight.discard)
        return await asyncio.shield(task)

    def _track(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.inflight.add(task)
            task.add_done_callback(self.inflight.discard)

    # --- configuration -------------------------------------------------------------------

    def _processor(self, classifier: Classifier) -> Processor:
        settings = self.runtime.loaded.settings
        tags = {f.name: f.tags for f in self.store.feeds()}
        return Processor.restore(
            self.store,
            classifier,
            self.clock(),
            rules=self.runtime.watches,
            feed_tags=tags,
            max_age=timedelta(seconds=settings.alerts.max_age),
        )

    def request_reload(self, why: str) -> None:
        log.info("reloading the configuration (%s)", why)
        asyncio.get_running_loop().create_task(self.reload())

    async def reload(self) -> bool:
        """Apply the configuration files as they are now; keep the running one if any is
        broken. True if the new configuration took effect."""
        sd_notify("RELOADING=1", f"MONOTONIC_USEC={time.monotonic_ns() // 1000}")
        try:
            runtime, classifier = load_runtime(self.config_path, self.processor.classifier)
        except MonitorError as e:
            self.runtime.config_files = {p: _mtime(p) for p in self.runtime.config_files}
            log.error("configuration refused, still running the previous one: %s", e)
            sd_notify("READY=1", "STATUS=configuration refused; running the previous one")
            return False
        old = self.runtime.loaded.settings
        new = runtime.loaded.settings
        self.runtime = runtime
        self.store.sync_feeds(new.feed_list(), self.clock())
        if new.poll != old.poll:
            old_fetcher, self.fetcher = self.fetcher, Fetcher(new.poll)
            asyncio.get_running_loop().call_later(
                new.poll.deadline + 30, lambda: asyncio.ensure_future(old_fetcher.aclose())
            )
        if new.notifiers != old.notifiers:
            old_notifiers, self.notifiers = self.notifiers, build_notifiers(new.notifiers)
            for notifier in old_notifiers.values():
                await notifier.aclose()
        self.processor = self._processor(classifier)
        self._schedule_feeds()
        feeds = len(self.scheduler.get_jobs())
        log.info("configuration reloaded: %d feed(s), %d watch(es)", feeds, len(runtime.watches))
        sd_notify("READY=1", f"STATUS=watching {feeds} feed(s)")
        return True

    async def _config_loop(self) -> None:
        while True:
            await asyncio.sleep(CONFIG_CHECK)
            changed = [p for p, t in self.runtime.config_files.items() if _mtime(p) != t]
            if changed:
                self.request_reload(f"{changed[0].name} changed")

    # --- polling -------------------------------------------------------------------------

    def _schedule_feeds(self) -> None:
        """One job per enabled feed; jobs of feeds gone or disabled are removed, jobs of
        feeds whose interval changed are rescheduled."""
        settings = self.runtime.loaded.settings
        wanted = {f"feed:{f.name}": f for f in self.store.feeds(enabled_only=True)}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("feed:") and job.id not in wanted:
                job.remove()
        now = self.clock()
        for job_id, feed in wanted.items():
            interval = feed.interval or settings.poll.interval
            trigger = IntervalTrigger(
                seconds=interval, jitter=settings.poll.jitter or None, timezone=UTC
            )
            job = self.scheduler.get_job(job_id)
            if job is not None:
                if job.trigger.interval.total_seconds() != interval:
                    job.reschedule(trigger)
                continue
            first = feed.next_due or now
            first = max(first, now) + timedelta(seconds=random.uniform(0, settings.poll.jitter))
            self.scheduler.add_job(
                self._poll,
                trigger,
                args=[feed.name],
                id=job_id,
                name=feed.name,
                next_run_time=first,
                misfire_grace_time=int(interval),
            )

    async def _poll(self, name: str) -> None:
        if self.stopping.is_set():
            return
        self._track()
        feed = self.store.feed(name)
        if feed is None or not feed.enabled:
            return
        settings = self.runtime.loaded.settings
        services = Services(settings, self.store, self.fetcher, self.clock, self.parse_pool)
        started = time.monotonic()
        try:
            async with asyncio.timeout(self._hard_deadline(settings)):
                result = await poll_feed(services, feed)
        except TimeoutError:
            result = self._overran(feed, settings)
        except StorageError as e:
            log.error("feed %s: database error: %s", name, e)
            return
        self.metrics.poll(result, time.monotonic() - started)
        self._after_poll(feed, result)

    @staticmethod
    def _hard_deadline(settings: Settings) -> float:
        """The longest one poll may take, waiting for a free slot included. The fetch and
        the parse have their own, tighter limits; this one only guarantees that nothing can
        keep a feed's job running (and so its later runs from starting) for ever."""
        return settings.poll.deadline + PARSE_DEADLINE + QUEUE_ALLOWANCE

    def _overran(self, feed: FeedState, settings: Settings) -> PollResult:
        from monitor.schedule import next_due

        error = f"poll took longer than its {self._hard_deadline(settings):g}s hard deadline"
        now = self.clock()
        due = next_due(
            now,
            interval=feed.interval or settings.poll.interval,
            failures=feed.consecutive_failures + 1,
            retry_after=None,
            settings=settings.poll,
        )
        self.store.record_poll(feed, PollRecord(now, None, error, due, 0))
        return PollResult(feed.name, None, error=error)

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
        elif result.new or result.updated:
            log.info(
                "feed %s: %d new, %d updated article(s)",
                result.feed,
                len(result.new),
                len(result.updated),
            )
        if result.new or result.updated:
            self.wake_processing.set()
        after = self.store.feed(before.url)
        if after is None:
            return
        job = self.scheduler.get_job(f"feed:{after.name}")
        # A failing feed, or one that asked to be left alone (Retry-After), waits for the
        # time its backoff set; one that answered keeps its jittered interval.
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
        threshold = self.runtime.loaded.settings.health.failures
        if after.consecutive_failures == threshold:
            notice = Notice(
                f"Feed failing: {after.name}",
                f"The feed {after.name} has failed {threshold} polls in a row. Last error: "
                f"{result.error}. It is retried with backoff, at least every few hours.",
                Level.ELEVATED,
                self.clock(),
            )
        elif result.ok and before.consecutive_failures >= threshold:
            notice = Notice(
                f"Feed recovered: {after.name}",
                f"The feed {after.name} answered again after "
                f"{before.consecutive_failures} failed polls.",
                Level.LOW,
                self.clock(),
            )
        else:
            return
        log.warning("%s", notice.title)
        asyncio.get_running_loop().create_task(self._send_notice(notice))

    async def _send_notice(self, notice: Notice) -> None:
        for name in self.runtime.loaded.settings.health.notify:
            notifier = self.notifiers.get(name)
            if notifier is None:
                continue
            try:
                await notifier.notice(notice)
            except DeliveryError as e:
                log.error("could not send a health notice: %s", e)

    # --- processing and delivery ---------------------------------------------------------

    async def _processing_loop(self) -> None:
        while True:
            await self.wake_processing.wait()
            self.wake_processing.clear()
            while not self.stopping.is_set():
                # In a thread, on its own connection: classifying a backlog of thousands
                # takes minutes, and the loop must go on fetching meanwhile.
                run = asyncio.to_thread(
                    self.processor.run, self.process_store, self.clock(), limit=PROCESS_BATCH
                )
                try:
                    done = await self._finish_on_stop(run)
                except StorageError as e:
                    log.error("processing failed, will retry: %s", e)
                    await asyncio.sleep(5)
                    continue
                if not done:
                    break
                self.metrics.processed(len(done))
                self.wake_delivery.set()

    async def _delivery_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._delivery_wait()):
                    await self.wake_delivery.wait()
            self.wake_delivery.clear()
            if self.stopping.is_set():
                return
            settings = self.runtime.loaded.settings
            digests = {w.name for w in self.runtime.watches if w.digest}
            started = time.monotonic()
            run = deliver_due(
                self.store,
                self.notifiers,
                self.clock(),
                settings.alerts,
                digest_watches=digests,
            )
            try:
                report = await self._finish_on_stop(run)
            except StorageError as e:
                log.error("delivery failed, will retry: %s", e)
                continue
            self.metrics.delivered(report, time.monotonic() - started)
            if report.sent:
                self.stats["alerts"] += report.sent
                log.info("delivered %d alert(s)", report.sent)
            for error in report.errors:
                log.warning("delivery failed: %s", error)

    def _delivery_wait(self) -> float:
        due = self.store.next_delivery_time()
        if due is None:
            return DELIVERY_INTERVAL
        return min(DELIVERY_INTERVAL, max(0.5, (due - self.clock()).total_seconds()))

    # --- heartbeat, status, watchdog -----------------------------------------------------

    async def _heartbeat_loop(self) -> None:
        started = self.clock().isoformat()
        while True:
            now = self.clock()
            try:
                self.store.set_meta(
                    {
                        "daemon.heartbeat": now.isoformat(),
                        "daemon.started": started,
                        "daemon.pid": str(os.getpid()),
                        "daemon.version": __version__,
                    }
                )
            except StorageError as e:
                log.error("could not record the heartbeat: %s", e)
            s = self.stats
            sd_notify(
                f"STATUS={len(self.scheduler.get_jobs())} feed(s); {s['polls']} poll(s), "
                f"{s['failed']} failed, {s['new']} new article(s), {s['alerts']} alert(s) "
                "since start"
            )
            await asyncio.sleep(HEARTBEAT)

    async def _watchdog_loop(self, every: float) -> None:
        while True:
            sd_notify("WATCHDOG=1")
            await asyncio.sleep(every)
