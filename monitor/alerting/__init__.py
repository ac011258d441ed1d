"""Delivering alerts: what a notifier is, and the notifiers ``monitor.yaml`` can define.

A ``Notifier`` sends one message per ``send`` call, for one alert or several (a digest),
and raises ``DeliveryError`` when it could not, saying whether a later attempt may succeed
(``temporary``) and how long the channel asked to wait (``retry_after``). It neither waits
nor retries: that is the delivery worker's job, as deciding what to send is the rules'.

The notifiers, by ``type:``: ``slack`` (incoming webhook, Block Kit), ``email`` (SMTP),
``webhook`` (JSON POST), ``jsonl`` (a file, one JSON object per line) and ``terminal``
(coloured text on standard output). Rendering is in ``render``, pure.

JSON schema (``jsonl`` lines, and each item of a ``webhook`` post's ``alerts``), version 1::

    {"type": "alert", "version": 1,
     "key": "iran-strikes:42:high",          # watch:story:level, unique per alert
     "watch": "iran-strikes", "description": "...",
     "level": "high", "previous_level": "elevated" | null, "escalation": true,
     "story": {"id": 42, "headline": "...", "level": "high", "score": 7.5,
               "actors": ["IR", "PK"], "signals": ["strike", "casualties"],
               "killed": 12 | null, "injured": null, "displaced": null,
               "sources": 2, "articles": 3, "feeds": 3,
               "first_seen": "2025-06-02T09:40:00Z", "last_seen": "2025-06-02T10:00:00Z"},
     "reasons": ["..."],
     "evidence": {"strike": ["launched strikes"], "casualties": ["12 people were killed"]},
     "sources": [{"feed": "...", "domain": "...", "title": "...", "url": "...",
                  "published": "2025-06-02T10:00:00Z"}],     # newest first
     "decided": "2025-06-02T10:01:00Z"}

A ``webhook`` post of alerts is ``{"type": "alerts", "version": 1, "alerts": [...]}`` with an
``Idempotency-Key`` header; a notice (both notifiers) is ``{"type": "notice", "version": 1,
"title", "body", "level", "decided"}``. Times are ISO 8601 in UTC. Text is as the feeds gave
it: consumers that display it must escape it for their medium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TextIO, runtime_checkable

from monitor.config import (
    EmailNotifier,
    JsonlNotifier,
    NotifierSettings,
    SlackNotifier,
    TerminalNotifier,
    WebhookNotifier,
)
from monitor.models import Alert, Notice

__all__ = ["Notifier", "build_notifier", "build_notifiers"]


@runtime_checkable
class Notifier(Protocol):
    """Something that delivers alerts and notices to one channel."""

    name: str
    """The notifier's name in ``monitor.yaml``."""
    channel: str
    """``type:name`` (``slack:analysts``), for messages; never a secret."""

    async def send(self, alerts: Sequence[Alert]) -> None:
        """Deliver ``alerts`` (at least one) as one message; ``DeliveryError`` if not."""
        ...

    async def notice(self, notice: Notice) -> None:
        """Deliver an operational message; ``DeliveryError`` if not."""
        ...

    async def aclose(self) -> None:
        """Release connections; the notifier is not used afterwards."""
        ...


def build_notifier(
    name: str, settings: NotifierSettings, *, stdout: TextIO | None = None
) -> Notifier:
    """The notifier that ``settings`` describes, called ``name``. Nothing is connected yet."""
    # Imported here so that importing the protocol does not import httpx, smtplib and rich.
    if isinstance(settings, SlackNotifier):
        from monitor.alerting.slack import Slack

        return Slack(name, settings)
    if isinstance(settings, WebhookNotifier):
        from monitor.alerting.webhook import Webhook

        return Webhook(name, settings)
    if isinstance(settings, EmailNotifier):
        from monitor.alerting.smtp import Email

        return Email(name, settings)
    if isinstance(settings, JsonlNotifier):
        from monitor.alerting.jsonl import Jsonl

        return Jsonl(name, settings)
    if isinstance(settings, TerminalNotifier):
        from monitor.alerting.terminal import Terminal

        return Terminal(name, settings, stdout=stdout)
    raise TypeError(f"unknown notifier settings: {type(settings).__name__}")


def build_notifiers(
    settings: Mapping[str, NotifierSettings], *, stdout: TextIO | None = None
) -> dict[str, Notifier]:
    """One notifier per entry of ``notifiers:``, by name. ``stdout`` is where ``terminal``
    notifiers print (default: ``sys.stdout``)."""
    return {name: build_notifier(name, s, stdout=stdout) for name, s in settings.items()}
