"""What every command needs: the configuration, the database, the clock, the consoles."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from monitor.config import Loaded, WatchRule, load_settings, load_watches
from monitor.models import Level
from monitor.pipeline import Processed, Processor
from monitor.storage import Store

if TYPE_CHECKING:
    from monitor.alerting.outbox import DeliveryReport
    from monitor.classify import Classifier


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


def load(ctx: click.Context) -> Loaded:
    path: Path = ctx.find_root().obj
    return load_settings(path)


@contextmanager
def open_store(loaded: Loaded, *, sync: bool = True) -> Iterator[Store]:
    """The configured database, with the configured feeds synced into it."""
    settings = loaded.settings
    with Store(settings.database, redirect_after=settings.poll.redirect_after) as store:
        if sync:
            store.sync_feeds(settings.feed_list(), utcnow())
        yield store


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def short_time(value: str | None) -> str:
    """``2025-06-02T10:00:00+00:00`` -> ``2025-06-02 10:00:00Z``."""
    return value.replace("T", " ").replace("+00:00", "Z") if value else ""


def classifier_for(loaded: Loaded) -> Classifier:
    from monitor.classify import Classifier  # spaCy takes seconds to import: only when needed

    settings = loaded.settings
    return Classifier.from_settings(settings.signals, settings.classifier.model)


def watches_for(loaded: Loaded, classifier: Classifier | None = None) -> tuple[WatchRule, ...]:
    """The configured watch rules, checked against the notifiers, signals and feeds."""
    settings = loaded.settings
    if settings.watches is None:
        return ()
    if classifier is not None:
        lexicon = classifier.lexicon
    else:
        from monitor.classify import load_lexicon

        lexicon = load_lexicon(settings.signals)
    return load_watches(
        settings.watches,
        notifiers=settings.notifiers,
        signals=[s.name for s in lexicon.signals],
        feeds=[f.name for f in settings.feeds],
    )


def processor_for(loaded: Loaded, store: Store, now: datetime) -> Processor:
    """A processor with the configured classifier, watch rules and the open stories."""
    settings = loaded.settings
    classifier = classifier_for(loaded)
    tags = {f.name: f.tags for f in settings.feeds}
    tags.update({f.name: f.tags for f in store.feeds()})
    return Processor.restore(
        store,
        classifier,
        now,
        rules=watches_for(loaded, classifier),
        feed_tags=tags,
        max_age=timedelta(seconds=settings.alerts.max_age),
    )


def process_pending(
    loaded: Loaded, store: Store, *, show_progress: bool = True, alerts: bool = True
) -> list[Processed]:
    """Classify, cluster and decide alerts for every stored article not yet processed,
    with a progress bar on a terminal."""
    total = store.pending_count()
    if not total:
        return []
    now = utcnow()
    processor = processor_for(loaded, store, now)
    console = stderr_console()
    if not (show_progress and console.is_terminal):
        return processor.run(store, now, alerts=alerts)
    columns = (TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    done: list[Processed] = []
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("classify", total=total)
        while batch := processor.run(store, now, limit=200, alerts=alerts):
            done.extend(batch)
            progress.update(task, advance=len(batch))
    return done


def deliver(loaded: Loaded, store: Store) -> DeliveryReport:
    """Send every alert delivery that is due now, with the configured notifiers."""
    from monitor.alerting import build_notifiers
    from monitor.alerting.outbox import deliver_due

    settings = loaded.settings
    digests = {w.name for w in watches_for(loaded) if w.digest}

    async def run() -> DeliveryReport:
        notifiers = build_notifiers(settings.notifiers)
        try:
            return await deliver_due(
                store, notifiers, utcnow(), settings.alerts, digest_watches=digests
            )
        finally:
            for notifier in notifiers.values():
                await notifier.aclose()

    store.recover_deliveries()
    return asyncio.run(run())
