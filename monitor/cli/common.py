"""What every command needs: the runtime (configuration, database, classifier, notifiers,
built by ``monitor.runtime``), the clock, the consoles."""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from monitor.config import Loaded, load_settings
from monitor.errors import MonitorError
from monitor.models import Level
from monitor.polling import end_with_parent
from monitor.runtime import Runtime, runtime

if TYPE_CHECKING:
    from monitor.alerting.outbox import DeliveryReport
    from monitor.processing import Outcome
    from monitor.storage.records import DeliveryRecord


LEVEL_STYLE = {
    Level.NONE: "dim",
    Level.LOW: "cyan",
    Level.ELEVATED: "yellow",
    Level.HIGH: "bold red",
    Level.CRITICAL: "bold white on red",
}
"""How each level is shown on a terminal."""


def styled(level: Level | str) -> str:
    """``level`` as rich markup in its colour."""
    level = Level.parse(level) if isinstance(level, str) else level
    return f"[{LEVEL_STYLE[level]}]{level}[/]"


def utcnow() -> datetime:
    """The one reading of the clock the commands make."""
    return datetime.now(UTC)


def config_path(ctx: click.Context) -> Path:
    path: Path = ctx.find_root().obj
    return path


def load(ctx: click.Context) -> Loaded:
    """The settings of ``monitor.yaml`` alone (for commands that need nothing else)."""
    return load_settings(config_path(ctx))


@contextmanager
def reading(
    ctx: click.Context, *, missing_ok: bool = False, rules: bool = False, secrets: bool = False
) -> Iterator[Runtime]:
    """The runtime for a command that only reads: the database opened read-only (and,
    with ``missing_ok``, an empty one when it does not exist yet); the lexicon and the
    watches only with ``rules``; the notifiers' secrets only with ``secrets`` (``rules
    check``): a command that only reads works without them."""
    with runtime(
        config_path(ctx), write=False, missing_ok=missing_ok, rules=rules, secrets=secrets
    ) as rt:
        yield rt


@contextmanager
def writing(ctx: click.Context, *, rules: bool = True, secrets: bool = False) -> Iterator[Runtime]:
    """The runtime for a command that writes: the configured feeds synced first; the
    lexicon and the watches unless ``rules`` is False; the notifiers' secrets with
    ``secrets`` (the commands that send)."""
    with runtime(config_path(ctx), write=True, rules=rules, secrets=secrets, now=utcnow()) as rt:
        yield rt


def stderr_console() -> Console:
    """Messages: wrapped at word boundaries on a terminal; elsewhere (a log, a script)
    each on one line, whatever its length."""
    console = Console(stderr=True, highlight=False)
    console.soft_wrap = not console.is_terminal
    return console


def deliveries_text(deliveries: Iterable[DeliveryRecord], *, errors: bool = False) -> str:
    """``team failed 3x, log sent``: failed deliveries first, then those not sent yet;
    each with its last error when ``errors``."""
    order = ("failed", "sending", "pending", "superseded", "sent")

    def one(d: DeliveryRecord) -> str:
        tries = f" {d.attempts}x" if d.status != "sent" and d.attempts > 1 else ""
        error = f" ({d.last_error})" if errors and d.last_error and d.status != "sent" else ""
        return f"{d.notifier} {d.status}{tries}{error}"

    ranked = sorted(deliveries, key=lambda d: order.index(d.status) if d.status in order else 0)
    return ", ".join(one(d) for d in ranked)


def short_time(value: datetime | str | None) -> str:
    """A time as ``2025-06-02 10:00:00Z``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.isoformat(timespec="seconds")
    return value.replace("T", " ").replace("+00:00", "Z")


def classifying(console: Console) -> Progress:
    """The progress bar of processing, on ``console``."""
    columns = (TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True)


def process_pending(
    rt: Runtime, *, show_progress: bool = True, alerts: bool = True
) -> list[Outcome]:
    """Classify, cluster and decide alerts for every stored article not yet processed,
    with a progress bar on a terminal."""
    store = rt.store
    total = store.processing.pending_count()
    if not total:
        return []
    now = utcnow()
    processor = rt.processor()
    console = stderr_console()
    if not (show_progress and console.is_terminal):
        return processor.run(store, now, alerts=alerts)
    done: list[Outcome] = []
    with classifying(console) as progress:
        task = progress.add_task("classify", total=total)
        while batch := processor.run(store, now, limit=200, alerts=alerts):
            done.extend(batch)
            progress.update(task, advance=len(batch))
    return done


class Alongside:
    """Processing in a process of its own while this one polls: what the poll stores is
    classified, clustered and decided on the machine's other core as it arrives, instead
    of after the last feed.

    The caller holds the database's processing lock for both (the child works for it), so
    no daemon starts processing meanwhile. The child saves whole batches only: what it
    leaves, because it failed or was stopped, stays pending for ``process_pending`` after
    it. Started with ``spawn``, as the parsing process is."""

    def __init__(self, path: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self.fetched = context.Event()
        self._results, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_process_alongside,
            args=(str(path), self.fetched, sender),
            name="monitor-processing",
            daemon=True,
        )
        self.process.start()
        sender.close()

    def finish(self, waiting: Callable[[], None] = lambda: None) -> tuple[int, str | None]:
        """Say the poll stored all it will, and wait for the child to process the rest,
        calling ``waiting`` now and then. The articles it processed, and why it stopped
        short (None when it did not)."""
        self.fetched.set()
        while self.process.is_alive() and not self._results.poll(0.2):
            waiting()
        try:
            done, error = self._results.recv() if self._results.poll() else (0, None)
        except EOFError:
            done, error = 0, None
        self.process.join()
        if error is None and self.process.exitcode != 0:
            error = f"it ended with exit code {self.process.exitcode}"
        return done, error

    def __enter__(self) -> Alongside:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process.is_alive():  # the poll was interrupted: the child stops too
            self.process.terminate()
            self.process.join()
        self._results.close()


def _process_alongside(path: str, fetched: Event, results: Connection) -> None:
    """The child of ``Alongside``: process pending articles batch by batch until the poll
    has stored all it will and none is left; send back how many, and the error that
    stopped it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer
    # Orphaned, it would go on processing while a daemon started after the parent's death
    # (and with it the lock) processed too.
    end_with_parent()
    from monitor.processing import BATCH

    done, error = 0, None
    try:
        with runtime(Path(path), write=True, sync=False) as rt:
            processor = rt.processor()
            while True:
                last = fetched.is_set()  # read first: a batch then sees all that was stored
                batch = processor.run(rt.store, utcnow(), limit=BATCH)
                done += len(batch)
                if not batch:
                    if last:
                        break
                    fetched.wait(0.25)
    except MonitorError as e:
        error = str(e)
    results.send((done, error))
    results.close()


def deliver(rt: Runtime) -> DeliveryReport:
    """Send every alert delivery that is due now, with the configured notifiers."""
    from monitor.alerting.outbox import deliver_due

    async def run() -> DeliveryReport:
        notifiers = rt.notifiers()
        try:
            return await deliver_due(
                rt.store,
                notifiers,
                utcnow(),
                rt.settings.alerts,
                digest_watches=rt.digest_watches(),
            )
        finally:
            for notifier in notifiers.values():
                await notifier.aclose()

    rt.store.outbox.recover()
    return asyncio.run(run())
