"""The exceptions the monitor raises on purpose.

Every error the monitor means to raise derives from one root, so the command line can turn
any of them into a clean message and an exit code, while anything unexpected keeps its
traceback::

    MonitorError
     +-- ConfigError        a configuration file is missing or invalid (lists every problem)
     +-- FetchError(url)    a feed could not be fetched (network, HTTP status, limits)
     +-- ParseError(url)    a response was fetched but holds no usable feed
     +-- StorageError       the database could not be opened, read or written
     |    +-- DatabaseLocked     another program held its write lock past the busy timeout
     |    +-- DatabaseDamaged    the file is not a database or has damaged pages
     |    +-- DatabaseReadOnly   the file (or its folder) cannot be written
     |    +-- DatabaseFull       the disk or the file system's quota is full
     +-- FeedExistsError    a feed with that URL or name is already stored
     +-- DeliveryError      a notifier could not deliver an alert (channel names which)

Messages never contain secrets: URLs are shown without their credentials or query strings
where those may carry tokens.
"""

from __future__ import annotations

from collections.abc import Sequence


class MonitorError(Exception):
    """Root of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """Invalid configuration, with every problem found, each naming where it is."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s):\n{lines}")


class FetchError(MonitorError):
    """A feed could not be fetched.

    ``status`` is the HTTP status when the server answered, ``retry_after`` the delay in
    seconds the server asked for (429/503), if any.
    """

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"could not fetch {url}: {reason}")


class ParseError(MonitorError):
    """A response was fetched but holds no usable feed."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"could not parse {url}: {reason}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str]]:
        # Raised in the parsing process and re-raised here: rebuilt from its fields.
        return (ParseError, (self.url, self.reason))


class StorageError(MonitorError):
    """The database could not be opened, read or written.

    Raised by ``monitor.storage`` only, which maps every ``sqlite3`` error it meets to this
    class or one of its subclasses; ``path`` is the database file, ``reason`` a short
    sentence (SQLite's own words, or ours)."""

    hint = ""
    """What the user can do about it, appended to the message when set."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        hint = f": {self.hint}" if self.hint else ""
        super().__init__(f"database {self.path}: {reason}{hint}")

    def __reduce__(self) -> tuple[type[StorageError], tuple[str, str]]:
        return (type(self), (self.path, self.reason))


class DatabaseLocked(StorageError):
    """Another connection held the write lock for longer than the busy timeout."""

    hint = "another program (a backup, an sqlite3 shell, a long query) holds its lock"


class DatabaseDamaged(StorageError):
    """The file is not an SQLite database, or some of its pages are damaged."""

    hint = "restore it from a backup, or move it aside to start a new one"


class DatabaseReadOnly(StorageError):
    """The database (or the folder that holds it) cannot be written."""

    hint = "check the permissions of the file and its folder"


class DatabaseFull(StorageError):
    """The disk or the quota is full."""

    hint = "free some disk space"


class FeedExistsError(MonitorError):
    """A feed with the same URL or name is already stored."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        super().__init__(f"a feed already exists with that URL or name: {name} ({url})")


class DeliveryError(MonitorError):
    """A notifier could not deliver an alert.

    ``temporary`` tells whether trying again later may succeed (a 5xx, a 429, an SMTP 4xx)
    or not (a 404 webhook, an SMTP 5xx).
    """

    def __init__(
        self,
        channel: str,
        reason: str,
        *,
        temporary: bool = True,
        retry_after: float | None = None,
    ) -> None:
        self.channel = channel
        self.reason = reason
        self.temporary = temporary
        self.retry_after = retry_after
        super().__init__(f"could not deliver to {channel}: {reason}")
