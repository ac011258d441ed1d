"""The one factory: a configuration file in, everything the monitor works with out.

``open_runtime`` reads and checks ``monitor.yaml``, opens the database (read-only for the
commands that only read), syncs the configured feeds into it (for the commands that
write), reads the lexicon and the watch rules, and checks the watches against the
notifiers, the signals and every feed the database knows, configured or added. The
daemon, every command and the web pages get their store, classifier, processor and
notifiers from the ``Runtime`` it returns, so they all see the same feeds, tags and rules.

The costly parts are built when first asked for: the classifier (spaCy takes seconds to
import and load) and the notifiers (only the commands that send need them).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from monitor.config import Loaded, Settings, WatchRule, load_settings, load_watches
from monitor.storage import Store
from monitor.storage.database import BUSY_TIMEOUT

if TYPE_CHECKING:
    from monitor.alerting import Notifier
    from monitor.classify import Classifier, Lexicon
    from monitor.processing import Processor


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Configuration:
    """Every configuration file, read and checked together."""

    loaded: Loaded
    lexicon: Lexicon | None
    """None when only the settings were read (commands that neither classify nor alert)."""
    watches: tuple[WatchRule, ...]
    files: dict[Path, float] = field(default_factory=dict)
    """The files read, with their modification times, to notice edits."""

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    def changed(self) -> list[Path]:
        """The files edited since they were read."""
        return [p for p, t in self.files.items() if file_time(p) != t]


def load_configuration(
    path: Path,
    store: Store | None = None,
    loaded: Loaded | None = None,
    *,
    rules: bool = True,
) -> Configuration:
    """Read and check ``monitor.yaml`` (unless ``loaded`` is it, read already), its lexicon
    and its watches; ConfigError lists every problem. Watches may name the feeds of
    ``store`` as well as the configured ones. ``rules=False`` reads the settings alone
    (the lexicon needs spaCy, which takes seconds to import)."""
    loaded = loaded or load_settings(path)
    settings = loaded.settings
    if not rules:
        return Configuration(loaded, None, (), {path: file_time(path)})
    from monitor.classify.lexicon import load_lexicon

    lexicon = load_lexicon(settings.signals)
    watches: tuple[WatchRule, ...] = ()
    if settings.watches is not None:
        feeds = {f.name for f in settings.feeds}
        if store is not None:
            feeds |= {f.name for f in store.feeds.all()}
        watches = load_watches(
            settings.watches,
            notifiers=settings.notifiers,
            signals=[s.name for s in lexicon.signals],
            feeds=sorted(feeds),
        )
    files = [path, settings.signals, settings.watches]
    return Configuration(loaded, lexicon, watches, {p: file_time(p) for p in files if p})


def file_time(path: Path) -> float:
    """A file's modification time; 0 when it cannot be read."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class Runtime:
    """A configuration and what it builds: store, classifier, processor, notifiers."""

    def __init__(
        self, config: Configuration, store: Store, classifier: Classifier | None = None
    ) -> None:
        self.config = config
        self.store = store
        self._classifier = classifier

    @property
    def settings(self) -> Settings:
        return self.config.settings

    @property
    def watches(self) -> tuple[WatchRule, ...]:
        return self.config.watches

    def classifier(self) -> Classifier:
        """The classifier of this configuration's lexicon and model (built once)."""
        settings = self.settings
        current = self._classifier
        if self.config.lexicon is None:
            raise RuntimeError("this runtime was opened without its rules (rules=False)")
        if (
            current is None
            or current.lexicon != self.config.lexicon
            or current.model != settings.classifier.model
        ):
            from monitor.classify import Classifier

            current = Classifier(self.config.lexicon, settings.classifier.model)
            self._classifier = current
        return current

    def processor(self, *, store: Store | None = None) -> Processor:
        """A processor with this configuration's classifier, watches and the feed tags of
        ``store`` (default: this runtime's). It finds open stories in the store it runs on,
        and keeps in memory only the stories of ``rules test`` and ``backtest``."""
        from monitor.processing import Processor

        store = store or self.store
        return Processor(
            self.classifier(),
            self.watches,
            feed_tags=store.feeds.tags(),
            max_age=timedelta(seconds=self.settings.alerts.max_age),
            next_story_id=store.processing.next_story_id(),
        )

    def notifiers(self, *, stdout: TextIO | None = None) -> dict[str, Notifier]:
        """One notifier per entry of ``notifiers:``, by name (nothing connected yet)."""
        from monitor.alerting import build_notifiers

        return build_notifiers(self.settings.notifiers, stdout=stdout)

    def digest_watches(self) -> set[str]:
        return {w.name for w in self.watches if w.digest}

    def reconfigure(self, config: Configuration) -> None:
        """Use ``config`` from now on (the daemon's reload; the database stays open)."""
        self.config = config

    def close(self) -> None:
        self.store.close()


def open_runtime(
    path: Path,
    *,
    write: bool = True,
    missing_ok: bool = False,
    rules: bool = True,
    classifier: Classifier | None = None,
    now: datetime | None = None,
    busy_timeout: float = BUSY_TIMEOUT,
) -> Runtime:
    """The runtime of the configuration at ``path``. ``write=False`` opens the database
    read-only and changes nothing in it (commands that only read); otherwise the
    configured feeds are synced into it first. With ``missing_ok``, a database not created
    yet reads as an empty one (for commands that need none: ``rules check``, ``rules
    test``). ``rules=False`` leaves out the lexicon and the watches, for commands that
    only show what is stored. ``busy_timeout`` is how long a write waits for another
    program's lock before it fails."""
    loaded = load_settings(path)
    settings = loaded.settings
    if not write and missing_ok and not settings.database.exists():
        store = Store(":memory:")
    else:
        store = Store(settings.database, readonly=not write, busy_timeout=busy_timeout)
    try:
        if write:
            store.feeds.sync(settings.feed_list(), now or utcnow())
        config = load_configuration(path, store, loaded, rules=rules)
    except BaseException:
        store.close()
        raise
    return Runtime(config, store, classifier)


@contextlib.contextmanager
def runtime(path: Path, **options: object) -> Iterator[Runtime]:
    """``open_runtime`` as a context: the database is closed on exit."""
    rt = open_runtime(path, **options)  # type: ignore[arg-type]
    try:
        yield rt
    finally:
        rt.close()
