"""The connection to the SQLite file: opening, transactions, and every sqlite3 error mapped.

Every query of the storage package goes through a ``Database``: its methods take a lock (one
connection is shared by the threads of one process), and turn any ``sqlite3`` error they
meet into a ``StorageError`` subclass that says what happened in the user's terms: locked
by another program, damaged, read-only, full. Nothing above this package sees ``sqlite3``.

Opened for writing, the file is in WAL mode with a busy timeout, so the daemon writes while
``monitor status``, ``sqlite-utils`` or Datasette read; the schema is migrated forward on
open. Opened read-only (``readonly=True``), nothing is ever written, not even the schema:
a read-only command works on a file it may not write, and a file that cannot change at all
(an immutable one) is read as such.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from monitor.errors import (
    DatabaseDamaged,
    DatabaseFull,
    DatabaseLocked,
    DatabaseReadOnly,
    StorageError,
)

BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another connection's lock before it fails as locked."""

_CODES = {
    5: DatabaseLocked,  # SQLITE_BUSY
    6: DatabaseLocked,  # SQLITE_LOCKED
    8: DatabaseReadOnly,  # SQLITE_READONLY
    11: DatabaseDamaged,  # SQLITE_CORRUPT
    13: DatabaseFull,  # SQLITE_FULL
    26: DatabaseDamaged,  # SQLITE_NOTADB
}
_WORDS = (
    ("locked", DatabaseLocked),
    ("malformed", DatabaseDamaged),
    ("not a database", DatabaseDamaged),
    ("readonly", DatabaseReadOnly),
    ("read-only", DatabaseReadOnly),
    ("disk is full", DatabaseFull),
)


def storage_error(error: sqlite3.Error, path: Path | str) -> StorageError:
    """The ``StorageError`` that stands for ``error``, met on the database at ``path``."""
    code = getattr(error, "sqlite_errorcode", None)
    kind = _CODES.get(code & 0xFF) if isinstance(code, int) else None
    if kind is None:
        text = str(error).lower()
        kind = next((k for word, k in _WORDS if word in text), StorageError)
    reason = str(error) or type(error).__name__
    if kind is DatabaseLocked:
        reason = f"{reason} (waited {BUSY_TIMEOUT:g}s)"
    return kind(path, reason)


class Database:
    """One connection to the monitor's SQLite file, safe to share between threads."""

    def __init__(
        self, path: Path | str, *, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        memory = str(path) == ":memory:"
        with self.mapped():
            if readonly:
                self.conn = self._connect_readonly()
            else:
                if not memory:
                    try:
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as e:
                        raise DatabaseReadOnly(self.path, f"cannot create its folder: {e}") from e
                self.conn = sqlite3.connect(
                    str(path), isolation_level=None, check_same_thread=False
                )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Reading the schema now turns a file that is no database into an error here,
            # at open, rather than at the first query.
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if not readonly and not memory:
                if self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                    raise DatabaseReadOnly(self.path, "cannot switch it to WAL mode")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        self.utils = sqlite_utils.Database(self.conn)

    def _connect_readonly(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise StorageError(
                self.path,
                "no database there yet: `monitor poll` or the service creates it",
            )
        uri = f"file:{quote(str(self.path.resolve()))}"
        conn = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if os.access(self.path, os.W_OK):
                raise
        # A file nobody may write, in WAL mode, cannot be opened for reading in the usual
        # way (that needs its shared-memory file): nothing can change it, so it is read as
        # an immutable file.
        return sqlite3.connect(
            f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )

    @contextmanager
    def mapped(self) -> Iterator[None]:
        """Turn sqlite3 errors raised inside into StorageErrors. Constraint and programming
        errors are bugs, not conditions of the database: they keep their type."""
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.Error as e:
            raise storage_error(e, self.path) from e

    # --- reading ------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock, self.mapped():
            return self.conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock, self.mapped():
            return self.conn.execute(sql, params).fetchone()  # type: ignore[no-any-return]

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        found = self.row(sql, params)
        return found[0] if found is not None else None

    # --- writing ------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so it never deadlocks;
        committed on exit, rolled back on any error."""
        if self.readonly:
            raise DatabaseReadOnly(self.path, "opened read-only by this command")
        with self._lock, self.mapped():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self.conn.close()
