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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from monitor.config import (
    Known,
    Loaded,
    NotifierSettings,
    Outline,
    Settings,
    WatchRule,
    load_settings,
    load_watches,
    secret_problems,
)
from monitor.errors import ConfigError
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
    notifiers: Mapping[str, NotifierSettings] | None = None
    """The notifiers with their secrets read, for the commands that send (``secrets=True``);
    None for the others, which never need a secret."""

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
    secrets: bool = False,
) -> Configuration:
    """Read and check ``monitor.yaml`` (unless ``loaded`` is it, read already), its lexicon
    and its watches, in one pass: a ConfigError lists every problem of every file.

    Watches are checked against the notifiers, the signals of the lexicon, the names of
    countries and armed groups, and the names and tags of every feed, configured or stored
    in ``store`` (added by ``feeds add`` or ``feeds import``). ``rules=False`` reads the
    settings alone (the lexicon needs spaCy, which takes seconds to import). ``secrets``
    reads the notifiers' secrets too (for the commands that send, and ``rules check``)."""
    problems: list[str] = []
    if loaded is None:
        try:
            loaded = load_settings(path)
        except ConfigError as e:
            if not rules:
                raise
            problems.extend(e.problems)
    if not rules:
        assert loaded is not None
        notifiers = loaded.notifiers() if secrets else None
        return Configuration(loaded, None, (), {path: file_time(path)}, notifiers)
    from monitor.actors import actor_names, lexicon_groups
    from monitor.classify.lexicon import load_lexicon

    outline = Outline.of(loaded.settings) if loaded is not None else Outline.read(path)
    lexicon: Lexicon | None = None
    try:
        lexicon = load_lexicon(outline.signals)
    except ConfigError as e:
        problems.extend(e.problems)
    feeds: set[str] | None = None
    tags: set[str] | None = None
    if store is not None:  # else the database is not known: feeds are not checked
        feeds, tags = set(outline.feeds), set(outline.tags)
        for feed in store.feeds.all():
            feeds.add(feed.name)
            tags.update(feed.tags)
    groups = (
        [(g.name, g.aliases) for g in lexicon.armed_groups]
        if lexicon is not None
        else lexicon_groups(outline.signals)
    )
    known = Known(
        notifiers=outline.notifiers,
        signals=frozenset(s.name for s in lexicon.signals) if lexicon is not None else None,
        feeds=frozenset(feeds) if feeds is not None else None,
        tags=frozenset(tags) if tags is not None else None,
        actors=actor_names(groups),
    )
    watches: tuple[WatchRule, ...] = ()
    if outline.watches is not None:
        try:
            watches = load_watches(outline.watches, known)
        except ConfigError as e:
            problems.extend(e.problems)
    notifiers = None
    if secrets:
        problems.extend(loaded.secret_problems() if loaded else secret_problems(path))
        if loaded is not None and not problems:
            notifiers = loaded.notifiers()
    files = [path, outline.signals, outline.watches]
    if problems or loaded is None:
        # Named by the files that have problems, each problem by its own file and line.
        named = [str(p) for p in files if p and any(q.startswith(f"{p.name}") for q in problems)]
        raise ConfigError(", ".join(dict.fromkeys(named)) or str(path), problems)
    return Configuration(loaded, lexicon, watches, {p: file_time(p) for p in files if p}, notifiers)


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

    def warm(self) -> None:
        """Load now what processing will need (the classifier, the stories' reference
        data and pair model): a command calls it in a thread while it waits on the
        network."""
        self.classifier()
        from monitor.stories.features import stop_words, vocabulary
        from monitor.stories.similarity import bundled_model

        vocabulary()
        stop_words()
        bundled_model()

    def notifiers(self, *, stdout: TextIO | None = None) -> dict[str, Notifier]:
        """One notifier per entry of ``notifiers:``, by name (nothing connected yet), with
        its secrets: a ConfigError lists those missing."""
        from monitor.alerting import build_notifiers

        settings = self.config.notifiers
        if settings is None:
            settings = self.config.loaded.notifiers()
        return build_notifiers(settings, stdout=stdout)

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
    secrets: bool = False,
    classifier: Classifier | None = None,
    now: datetime | None = None,
    busy_timeout: float = BUSY_TIMEOUT,
    sync: bool = True,
) -> Runtime:
    """The runtime of the configuration at ``path``. ``write=False`` opens the database
    read-only and changes nothing in it (commands that only read); otherwise the
    configured feeds are synced into it first. With ``missing_ok``, a database not created
    yet reads as an empty one (for commands that need none: ``rules check``, ``rules
    test``). ``rules=False`` leaves out the lexicon and the watches, for commands that
    only show what is stored. ``secrets`` reads the notifiers' secrets (the commands that
    send); no other command needs them. ``busy_timeout`` is how long a write waits for
    another program's lock before it fails. ``sync=False`` leaves the feeds as stored (a
    process working beside the one that synced them)."""
    try:
        loaded = load_settings(path)
    except ConfigError:
        if rules:  # the other files are checked too: every problem is listed at once
            load_configuration(path, secrets=secrets)
        raise
    settings = loaded.settings
    if not write and missing_ok and not settings.database.exists():
        store = Store(":memory:")
    else:
        store = Store(settings.database, readonly=not write, busy_timeout=busy_timeout)
    try:
        if write and sync:
            store.feeds.sync(settings.feed_list(), now or utcnow())
        config = load_configuration(path, store, loaded, rules=rules, secrets=secrets)
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
