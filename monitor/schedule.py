"""When each feed is polled next: pure functions of the last outcome and ``now``.

A feed that answered is due again after its interval. A feed that failed is backed off
exponentially, with jitter so that feeds failing together do not retry together, and
capped: however long it keeps failing, it is retried at least every ``backoff_max``
seconds and never silently given up. A server's ``Retry-After`` is honoured, up to the
same cap. A feed's first poll is delayed at random by at most a tenth of its interval.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from monitor.config import PollSettings


def backoff_delay(
    failures: int, settings: PollSettings, rand: random.Random | None = None
) -> float:
    """Seconds to wait after ``failures`` consecutive failures (``failures >= 1``).

    ``base * 2**(failures-1)`` scaled by a random factor in [0.75, 1.25], within
    [``base / 2``, ``backoff_max``].
    """
    rng = rand or random
    exponent = min(max(failures, 1) - 1, 30)
    delay = settings.backoff_base * (2**exponent) * rng.uniform(0.75, 1.25)
    return float(max(settings.backoff_base / 2, min(delay, settings.backoff_max)))


def next_due(
    now: datetime,
    *,
    interval: float,
    failures: int,
    retry_after: float | None,
    settings: PollSettings,
    rand: random.Random | None = None,
) -> datetime:
    """When a feed is due after a poll at ``now`` that left it with ``failures`` in a row."""
    delay = interval if failures == 0 else backoff_delay(failures, settings, rand)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.backoff_max))
    return now + timedelta(seconds=delay)


def is_due(next_time: datetime | None, now: datetime) -> bool:
    """A feed never polled is due; otherwise when its time has come."""
    return next_time is None or next_time <= now


def first_poll_delay(interval: float, jitter: float, rand: random.Random | None = None) -> float:
    """A random delay before a feed's first poll, to spread feeds out: at most ``jitter``
    and at most a tenth of the feed's ``interval``, so that no feed waits much beyond its
    interval for its first look."""
    rng = rand or random
    return rng.uniform(0.0, max(0.0, min(jitter, interval / 10)))
