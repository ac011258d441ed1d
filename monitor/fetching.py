"""Fetch feeds over HTTP, politely and within limits. No parsing, no decisions.

- Conditional GET: the stored ETag and Last-Modified are sent back exactly as received;
  a 304 answer carries no body.
- Limits: connect and read timeouts, a total deadline per fetch (a server that trickles
  bytes cannot hold a worker), and a body cap enforced while streaming and after
  decompression: the monitor decompresses itself, a bounded amount at a time, so a gzip
  bomb is refused after ``max_bytes`` of output rather than inflated.
- Concurrency: one global limit and one per host.
- Redirects are followed; a chain made only of permanent redirects (301/308) is reported
  so the caller can adopt the new URL once it has been seen consistently. Loops fail.
- Every failure becomes a ``FetchError`` naming the URL, with the status and the delay
  the server asked for (``Retry-After``) when there is one.

``file://`` URLs are read from disk under the same size cap (local feeds, demos, tests).
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import zlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from monitor.config import PollSettings
from monitor.errors import FetchError

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PERMANENT = frozenset({301, 308})
CLIENTS = 4
"""httpx's pool bookkeeping is per client; several clients, each for a share of the hosts,
spend less CPU per request than one shared pool."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful fetch: a 2xx with its body, or a 304 without one."""

    status: int
    url: str
    """The URL the body came from, after redirects."""
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None
    """Where a chain of only permanent redirects led, if the request was redirected."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def display_url(url: str) -> str:
    """``url`` without a password, fit for logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """The delay a ``Retry-After`` header asks for (seconds or an HTTP date), if valid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class _Inflater:
    """Decompresses gzip/deflate bodies at most ``limit`` bytes at a time."""

    def __init__(self, encoding: str, url: str, limit: int) -> None:
        self.url, self.limit, self.size = url, limit, 0
        self.chunks: list[bytes] = []
        self.raw = encoding in ("", "identity")
        if encoding in ("gzip", "x-gzip"):
            self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header
        elif not self.raw:
            raise FetchError(url, f"unsupported content encoding {encoding!r}")

    def feed(self, data: bytes) -> None:
        if self.raw:
            self._keep(data)
            return
        try:
            while data:
                out = self.inflater.decompress(data, self.limit - self.size + 1)
                self._keep(out)
                data = self.inflater.unconsumed_tail
        except zlib.error as e:
            raise FetchError(self.url, f"corrupt compressed body: {e}") from e

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(self.url, f"body larger than the {self.limit:,}-byte limit")
        self.chunks.append(data)

    def body(self) -> bytes:
        if not self.raw:
            self._keep(self.inflater.flush())
        return b"".join(self.chunks)


class Fetcher:
    """Fetches feeds with shared clients and limits. Use as an async context manager."""

    def __init__(self, settings: PollSettings, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.deadline,
        )
        # The global semaphore bounds requests in flight; a client's own pool limit would
        # only make requests queue inside httpx for a connection of the busiest client.
        limits = httpx.Limits(
            max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
        )
        headers = {
            "User-Agent": settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        }
        self._clients = [
            httpx.AsyncClient(
                timeout=timeout,
                limits=limits,
                headers=headers,
                follow_redirects=True,
                max_redirects=10,
                transport=transport,
            )
            for _ in range(1 if transport else CLIENTS)
        ]
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host)
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch ``url``, conditionally; a FetchError on any failure."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            return await asyncio.to_thread(self._read_file, url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(display_url(url), "not an http, https or file URL")
        host = parts.hostname
        # The host's slot first: a busy host's feeds must not hold global slots while they
        # wait for their turn on it.
        async with self._hosts[host], self._global:
            try:
                async with asyncio.timeout(self.settings.deadline):
                    return await self._get(host, url, etag, last_modified)
            except TimeoutError:
                raise FetchError(
                    display_url(url), f"took longer than the {self.settings.deadline:g}s deadline"
                ) from None

    async def _get(
        self, host: str, url: str, etag: str | None, last_modified: str | None
    ) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        client = self._clients[hash(host) % len(self._clients)]
        shown = display_url(url)
        try:
            async with client.stream("GET", url, headers=headers) as response:
                return await self._read(response, url, shown)
        except FetchError:
            raise
        except httpx.TooManyRedirects as e:
            raise FetchError(shown, "redirect loop or too many redirects") from e
        except httpx.TimeoutException as e:
            raise FetchError(shown, f"timed out ({type(e).__name__})") from e
        except httpx.ConnectError as e:
            raise FetchError(shown, f"cannot connect: {e or type(e).__name__}") from e
        except (httpx.HTTPError, httpx.InvalidURL) as e:
            raise FetchError(shown, f"{type(e).__name__}: {e}") from e

    async def _read(self, response: httpx.Response, url: str, shown: str) -> FetchResult:
        status = response.status_code
        permanent = None
        if response.history and all(r.status_code in PERMANENT for r in response.history):
            permanent = str(response.url)
        if status == 304:
            await response.aread()  # read to the end, so the connection can be reused
            return FetchResult(
                304,
                str(response.url),
                permanent_redirect=permanent,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
        if status in (429, 503):
            wait = retry_after_seconds(response.headers.get("retry-after"), datetime.now(UTC))
            raise FetchError(
                shown,
                f"HTTP {status} {response.reason_phrase}".strip(),
                status=status,
                retry_after=wait,
            )
        if not 200 <= status < 300:
            raise FetchError(
                shown, f"HTTP {status} {response.reason_phrase}".strip(), status=status
            )
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if declared.isdigit() and not encoding and int(declared) > limit:
            raise FetchError(
                shown,
                f"body of {int(declared):,} bytes is over the {limit:,}-byte limit",
                status=status,
            )
        inflater = _Inflater(encoding, shown, limit)
        async for chunk in response.aiter_raw():
            inflater.feed(chunk)
        return FetchResult(
            status=status,
            url=str(response.url),
            body=inflater.body(),
            headers={
                k.lower(): v
                for k, v in response.headers.items()
                if k.lower() in ("content-type", "content-location")
            },
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            permanent_redirect=permanent,
        )

    def _read_file(self, url: str) -> FetchResult:
        path = Path(unquote(urlsplit(url).path))
        try:
            size = path.stat().st_size
            if size > self.settings.max_bytes:
                raise FetchError(
                    url,
                    f"file of {size:,} bytes is over the {self.settings.max_bytes:,}-byte limit",
                )
            body = path.read_bytes()
        except OSError as e:
            raise FetchError(url, f"cannot read file: {e.strerror or e}") from e
        return FetchResult(200, url, body, {"content-type": _guess_type(path)})


def _guess_type(path: Path) -> str:
    return "application/feed+json" if path.suffix == ".json" else "application/xml"


def monotonic_ms(start: float) -> int:
    """Milliseconds since ``start`` (a ``time.monotonic()`` reading)."""
    return int((time.monotonic() - start) * 1000)
