"""What every command needs: the configuration, the database, the clock, the consoles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from monitor.config import Loaded, load_settings
from monitor.pipeline import Processed, Processor
from monitor.storage import Store

if TYPE_CHECKING:
    from monitor.classify import Classifier


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


def process_pending(loaded: Loaded, store: Store, *, show_progress: bool = True) -> list[Processed]:
    """Classify and cluster every stored article not yet processed, with a progress bar
    on a terminal."""
    total = store.pending_count()
    if not total:
        return []
    now = utcnow()
    processor = Processor.restore(store, classifier_for(loaded), now)
    console = stderr_console()
    if not (show_progress and console.is_terminal):
        return processor.run(store, now)
    columns = (TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    done: list[Processed] = []
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("classify", total=total)
        while batch := processor.run(store, now, limit=200):
            done.extend(batch)
            progress.update(task, advance=len(batch))
    return done
