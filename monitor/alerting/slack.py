"""The ``slack`` notifier: Block Kit messages to a Slack incoming webhook.

Slack answers ``200 ok`` when it accepted a message, ``429`` with ``Retry-After`` when it
is rate limiting, ``4xx`` with an error code (``invalid_payload``, ``no_service``,
``channel_not_found``, ``invalid_token``...) that retrying will not fix, and ``5xx`` when
it is having trouble. ``webhook.JsonPoster`` turns each into success or a temporary or
permanent ``DeliveryError``; the error code is kept in the message.

Incoming webhooks offer no idempotency key: a message whose answer was lost on the way
back may be shown twice if the worker sends it again.

Rendering lives in ``render``; waiting and retrying belong to the delivery worker.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.alerting import render
from monitor.alerting.webhook import JsonPoster
from monitor.config import SlackNotifier
from monitor.models import Alert, Notice


class Slack:
    """Sends one Slack message per call: one alert, or a digest of several."""

    def __init__(self, name: str, settings: SlackNotifier) -> None:
        self.name = name
        self.channel = f"slack:{name}"
        self.max_sources = settings.max_sources
        self._poster = JsonPoster(self.channel, settings.url, timeout=settings.timeout)

    def __repr__(self) -> str:
        return f"Slack({self.name!r})"

    async def send(self, alerts: Sequence[Alert]) -> None:
        await self._poster.post(render.slack_alerts(alerts, max_sources=self.max_sources))

    async def notice(self, notice: Notice) -> None:
        await self._poster.post(render.slack_notice(notice))

    async def aclose(self) -> None:
        await self._poster.aclose()
