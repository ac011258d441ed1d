"""Delivering the outbox: every due delivery goes to its notifier, with retries.

Alerts reach the outbox (``deliveries``) in the same transaction as the decision that made
them; health notices when the daemon notices a feed failing or recovering. This worker
takes the due ones, marks them ``sending``, sends, and marks them
``sent``; a temporary failure (a 5xx, a 429, a timeout, an SMTP 4xx) is retried with
exponential backoff, honouring the channel's ``Retry-After``, and a permanent one, or too
many attempts, leaves the delivery ``failed``, visible and retryable by hand
(``monitor alerts retry``). A process that dies between sending and recording leaves
``sending`` rows, which ``store.outbox.recover`` makes pending again at start-up: an
alert may then arrive twice (email carries a stable Message-ID so mail systems can drop the
copy), never zero times.

Each notifier is served on its own, concurrently: one that is down or slow never holds
back the others. Alerts of a watch with a digest that fall due together go out as one
message.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerting import Notifier
from monitor.config import AlertSettings
from monitor.errors import DeliveryError
from monitor.storage import Store
from monitor.storage.records import Delivery

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one run of the worker did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()
    """One line per failed attempt: the notifier and the reason, never a secret."""


def retry_delay(attempts: int, settings: AlertSettings, retry_after: float | None) -> float:
    """Seconds before the next attempt, after ``attempts`` attempts (>= 1)."""
    delay = settings.retry_base * 2 ** min(attempts - 1, 20) * random.uniform(0.8, 1.2)
    delay = min(delay, settings.retry_max)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.retry_max))
    return float(delay)


async def deliver_due(
    store: Store,
    notifiers: Mapping[str, Notifier],
    now: datetime,
    settings: AlertSettings,
    *,
    digest_watches: Collection[str] = (),
) -> DeliveryReport:
    """Send every delivery due at ``now``; never raises for a channel's faults."""
    due = store.outbox.due(now)
    if not due:
        return DeliveryReport()
    batches: defaultdict[str, list[list[Delivery]]] = defaultdict(list)
    digests: dict[tuple[str, str], list[Delivery]] = {}
    for delivery in due:
        if delivery.watch is not None and delivery.watch in digest_watches:
            key = (delivery.notifier, delivery.watch)
            if key not in digests:
                digests[key] = []
                batches[delivery.notifier].append(digests[key])
            digests[key].append(delivery)
        else:
            batches[delivery.notifier].append([delivery])
    results = await asyncio.gather(
        *(
            _serve(store, notifiers.get(name), name, groups, now, settings)
            for name, groups in sorted(batches.items())
        )
    )
    return DeliveryReport(
        sent=sum(r.sent for r in results),
        retrying=sum(r.retrying for r in results),
        failed=sum(r.failed for r in results),
        errors=tuple(e for r in results for e in r.errors),
    )


async def _serve(
    store: Store,
    notifier: Notifier | None,
    name: str,
    groups: Sequence[Sequence[Delivery]],
    now: datetime,
    settings: AlertSettings,
) -> DeliveryReport:
    outbox = store.outbox
    sent = retrying = failed = 0
    errors: list[str] = []
    for group in groups:
        ids = [d.id for d in group]
        what = ", ".join(d.key for d in group)
        if notifier is None:
            outbox.mark_failed(ids, f"no notifier is named {name!r} in monitor.yaml")
            log.error("%s to %s given up: no notifier has that name", what, name)
            failed += len(ids)
            errors.append(f"{name}: no such notifier")
            continue
        outbox.mark_sending(ids)
        try:
            notices = [d.notice for d in group if d.notice is not None]
            alerts = [d.alert for d in group if d.alert is not None]
            for notice in notices:
                await notifier.notice(notice)
            if alerts:
                await notifier.send(alerts)
        except DeliveryError as e:
            error = e.reason
            temporary, retry_after = e.temporary, e.retry_after
        except Exception as e:  # a notifier's bug must not stop the others
            log.exception("notifier %s failed unexpectedly", notifier.channel)
            error, temporary, retry_after = f"{type(e).__name__}: {e}", True, None
        else:
            outbox.mark_sent(ids, now)
            sent += len(ids)
            continue
        errors.append(f"{notifier.channel}: {error}")
        attempts = max(d.attempts for d in group) + 1
        if temporary and attempts < settings.max_attempts:
            when = now + timedelta(seconds=retry_delay(attempts, settings, retry_after))
            outbox.mark_retry(ids, when, error)
            log.warning(
                "%s to %s failed (attempt %d of %d), retrying at %s: %s",
                what,
                notifier.channel,
                attempts,
                settings.max_attempts,
                when.isoformat(timespec="seconds"),
                error,
            )
            retrying += len(ids)
        else:
            outbox.mark_failed(ids, error)
            why = "a permanent error" if not temporary else f"{attempts} attempts"
            log.error(
                "%s to %s given up after %s (`monitor alerts retry` sends it again): %s",
                what,
                notifier.channel,
                why,
                error,
            )
            failed += len(ids)
    return DeliveryReport(sent, retrying, failed, tuple(errors))
