"""POST JSON to a URL: the generic ``webhook`` notifier, and the transport Slack builds on.

Every failure becomes a ``DeliveryError`` that tells whether trying again may help:

- temporary: timeouts, connection errors, 408, 429 and 5xx (with the ``Retry-After``
  delay, in seconds, when the server gave one);
- permanent: any other 4xx (a revoked or mistyped URL, a payload refused), a redirect,
  an invalid URL.

The URL is a secret (a Slack webhook URL is its own credential): it never appears in an
error, a log line or a ``repr``. httpx logs each request with its URL, so its logger gets
a filter that hides the URLs of the notifiers built here.

This module renders nothing itself (see ``render``) and does not retry: the delivery
worker decides when to try again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import SecretStr

from monitor.alerting import render
from monitor.config import USER_AGENT, WebhookNotifier
from monitor.errors import DeliveryError
from monitor.fetching import retry_after_seconds
from monitor.models import Alert, Notice

RETRYABLE_STATUS = frozenset({408, 429})
BODY_EXCERPT = 200
"""At most this many characters of an error response are quoted in a message."""


class _Redactor(logging.Filter):
    """Replaces registered secrets in log records with ``***``."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def redact(self, text: str) -> str:
        # Longest first, so a URL is hidden whole before its path alone is looked for.
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record is logging's to report, not ours
                return True
            redacted = self.redact(message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


_REDACTOR = _Redactor()
logging.getLogger("httpx").addFilter(_REDACTOR)


def _secret_forms(url: str) -> set[str]:
    """The ways ``url`` may be written out: as given, as httpx prints it, and its path."""
    forms = {url}
    try:
        forms.add(str(httpx.URL(url)))
        parts = urlsplit(url)
    except (httpx.InvalidURL, ValueError):
        return forms
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    if len(tail) > 1:
        forms.add(tail)
    return {f for f in forms if f}


class JsonPoster:
    """Posts JSON documents to one secret URL with one ``httpx.AsyncClient``."""

    def __init__(
        self,
        channel: str,
        url: SecretStr,
        *,
        timeout: float,
        headers: Mapping[str, SecretStr] | None = None,
    ) -> None:
        self.channel = channel
        self._url = url
        self._headers = dict(headers or {})
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None
        _REDACTOR.secrets.update(_secret_forms(url.get_secret_value()))
        for value in self._headers.values():
            if value.get_secret_value():
                _REDACTOR.secrets.add(value.get_secret_value())

    def __repr__(self) -> str:
        return f"JsonPoster({self.channel!r})"

    def _redact(self, text: str) -> str:
        return _REDACTOR.redact(text)

    async def post(
        self, body: Mapping[str, Any], *, headers: Mapping[str, str] | None = None
    ) -> None:
        """POST ``body`` as JSON; return on a 2xx, raise ``DeliveryError`` otherwise."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self._timeout),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT},
            )
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        sent_headers = {
            "Content-Type": "application/json; charset=utf-8",
            **(headers or {}),
            **{k: v.get_secret_value() for k, v in self._headers.items()},
        }
        try:
            # httpx's timeouts are per phase; this bounds the whole exchange, so a server
            # that trickles its answer cannot hold a delivery worker.
            async with asyncio.timeout(self._timeout):
                response = await self._client.post(
                    self._url.get_secret_value(), content=data, headers=sent_headers
                )
        except (TimeoutError, httpx.TimeoutException) as e:
            raise DeliveryError(self.channel, f"timed out after {self._timeout:g}s") from e
        except httpx.InvalidURL as e:
            raise DeliveryError(self.channel, "invalid URL", temporary=False) from e
        except httpx.UnsupportedProtocol as e:
            raise DeliveryError(
                self.channel, "unsupported URL scheme: expected http or https", temporary=False
            ) from e
        except httpx.TransportError as e:
            reason = self._redact(str(e)) or type(e).__name__
            raise DeliveryError(self.channel, f"connection failed: {reason}") from e
        self._check(response)

    def _check(self, response: httpx.Response) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        excerpt = self._redact(render.clean(response.text))
        excerpt = render.shorten(excerpt, BODY_EXCERPT)
        reason = f"HTTP {status}" + (f": {excerpt}" if excerpt else "")
        if status in RETRYABLE_STATUS or status >= 500:
            retry_after = retry_after_seconds(
                response.headers.get("Retry-After"), datetime.now(UTC)
            )
            raise DeliveryError(self.channel, reason, retry_after=retry_after)
        if 300 <= status < 400:
            reason = f"HTTP {status}: redirected; configure the URL it redirects to"
        raise DeliveryError(self.channel, reason, temporary=False)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def idempotency_key(keys: Sequence[str]) -> str:
    """One value for a set of alert keys: a receiver can drop a request it has seen."""
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


class Webhook:
    """The ``webhook`` notifier: one JSON POST per message.

    Alerts are posted as ``render.alerts_json`` (``{"type": "alerts", ...}``), notices as
    ``render.notice_json``. Alert posts carry an ``Idempotency-Key`` header derived from the
    alert keys, the same on every retry.
    """

    def __init__(self, name: str, settings: WebhookNotifier) -> None:
        self.name = name
        self.channel = f"webhook:{name}"
        self._poster = JsonPoster(
            self.channel, settings.url, timeout=settings.timeout, headers=settings.headers
        )

    def __repr__(self) -> str:
        return f"Webhook({self.name!r})"

    async def send(self, alerts: Sequence[Alert]) -> None:
        key = idempotency_key([a.key for a in alerts])
        await self._poster.post(render.alerts_json(alerts), headers={"Idempotency-Key": key})

    async def notice(self, notice: Notice) -> None:
        await self._poster.post(render.notice_json(notice))

    async def aclose(self) -> None:
        await self._poster.aclose()
