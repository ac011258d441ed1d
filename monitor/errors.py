"""The exceptions the monitor raises on purpose.

Every error the monitor means to raise derives from one root, so the command line can turn
any of them into a clean message and an exit code, while anything unexpected keeps its
traceback::

    MonitorError
     +-- ConfigError        a configuration file is missing or invalid (lists every problem)
     +-- FetchError(url)    a feed could not be fetched (network, HTTP status, limits)
     +-- ParseError(url)    a response was fetched but holds no usable feed
     +-- StorageError       the database could not be opened, migrated or written
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
    """The database could not be opened, migrated or written."""


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
