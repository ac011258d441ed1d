"""The SQLite database: the only package with SQL. One module per entity:

- ``database``: the connection, transactions, and every ``sqlite3`` error mapped to a
  ``StorageError`` subclass (locked, damaged, read-only, full) at that one boundary;
- ``schema``: the versioned schema and its forward migrations;
- ``feeds``, ``articles``, ``processing``, ``stories``, ``outbox``: each entity's queries,
  taking and returning the records of ``monitor.models`` and ``records``, never rows;
- ``queries``: summaries across entities (status) and the daemon's record of itself.

Decisions are not made here: a pure decider returns intents (store this entry as new,
supersede that alert) and storage applies them. ``Store`` gathers the entities over one
connection. Opened read-only, a store never writes, not even a migration.

Every write that follows a fetch is one short transaction, committed before the caller
goes on: a process killed a moment later loses nothing that was stored.
"""

from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import TextIO

from monitor.storage.articles import Articles
from monitor.storage.database import BUSY_TIMEOUT, Database
from monitor.storage.feeds import Feeds
from monitor.storage.outbox import Outbox
from monitor.storage.processing import Batch, Processed, Processing
from monitor.storage.queries import Queries
from monitor.storage.schema import DELIVERY_STATUSES, SCHEMA_VERSION, migrate
from monitor.storage.stories import Stories

__all__ = [
    "DELIVERY_STATUSES",
    "SCHEMA_VERSION",
    "Batch",
    "Processed",
    "Store",
    "lock_holder_running",
]


class Store:
    """The monitor's database, by entity: ``feeds``, ``articles``, ``processing``,
    ``stories``, ``outbox`` and ``queries``. Its methods may be called from several
    threads; a long-running writer (the daemon's processing) opens a store of its own."""

    def __init__(
        self, path: Path | str, *, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        self.db = Database(path, readonly=readonly, busy_timeout=busy_timeout)
        try:
            migrate(self.db)
        except BaseException:
            self.db.close()
            raise
        self.feeds = Feeds(self.db)
        self.articles = Articles(self.db)
        self.processing = Processing(self.db)
        self.stories = Stories(self.db)
        self.outbox = Outbox(self.db)
        self.queries = Queries(self.db)
        self._lock_file: TextIO | None = None

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    def close(self) -> None:
        self.db.close()
        if self._lock_file is not None:
            self._lock_file.close()  # releases the processing lock
            self._lock_file = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lock(self, wait: float = 0.0) -> bool:
        """Take this database's processing lock for the life of the store; False if
        another process (a running daemon) holds it after ``wait`` seconds of trying.

        Only the holder classifies, clusters and delivers, so two processes never number
        stories or send alerts at once; polling and reading need no lock."""
        if str(self.path) == ":memory:" or self._lock_file is not None:
            return True
        lock_file = open(f"{self.path}.lock", "a+")  # noqa: SIM115 - held until close()
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # ``lock_holder_running`` takes the lock shared for an instant: a short
                # wait tells it from a daemon that holds it.
                if time.monotonic() >= deadline:
                    lock_file.close()
                    return False
                time.sleep(0.05)
                continue
            self._lock_file = lock_file
            return True


def lock_holder_running(path: Path | str) -> bool:
    """True when a process holds the processing lock of the database at ``path`` (a
    running daemon): known at once, whatever its heartbeat says. Takes no lock itself."""
    try:
        lock_file = open(f"{path}.lock")  # noqa: SIM115 - closed below
    except OSError:
        return False  # never locked, or not readable: nobody we can see holds it
    with lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        return False
