"""Fetching against a real HTTP server on 127.0.0.1: every misbehaviour of the outside world."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import PollSettings
from monitor.errors import FetchError
from monitor.fetching import Fetcher, FetchResult, display_url, retry_after_seconds
from tests.feedserver import FeedServer, Reply, Request, rss, static_feed

FEED = rss([("a1", "First", "One"), ("a2", "Second", "Two")])


def fetch(url: str, settings: PollSettings | None = None, **kw: str | None) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(settings or PollSettings()) as fetcher:
            return await fetcher.fetch(url, **kw)

    return asyncio.run(go())


def test_conditional_get_sends_validators_back_exactly(server: FeedServer) -> None:
    lm = "Mon, 02 Jun 2025 10:00:00 GMT"
    url = server.route("/f", static_feed(FEED, etag='W/"abc-123"', last_modified=lm))
    first = fetch(url)
    assert (first.status, first.etag, first.last_modified) == (200, 'W/"abc-123"', lm)
    assert first.body == FEED
    second = fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    sent = server.hits("/f")[1].headers
    assert sent["if-none-match"] == 'W/"abc-123"'
    assert sent["if-modified-since"] == lm


def test_identifies_itself(server: FeedServer) -> None:
    url = server.route("/f", static_feed(FEED))
    fetch(url)
    agent = server.hits("/f")[0].headers["user-agent"]
    assert agent.startswith("monitor/") and "http" in agent


def test_gzip_body_is_decompressed(server: FeedServer) -> None:
    url = server.route("/gz", static_feed(FEED, gzipped=True))
    assert fetch(url).body == FEED


def test_declared_huge_body_is_refused(server: FeedServer) -> None:
    url = server.route("/huge", Reply(200, {"Content-Length": str(50 * 10**6)}, b""))
    with pytest.raises(FetchError, match="over the 1,000,000-byte limit"):
        fetch(url, PollSettings(max_bytes=10**6))


def test_streamed_huge_body_is_cut_off(server: FeedServer) -> None:
    chunks = itertools.repeat(b"x" * 65536, 800)  # 50 MB, no Content-Length
    url = server.route("/stream", Reply(200, {"Content-Type": "application/xml"}, chunks))
    with pytest.raises(FetchError, match="larger than the 1,000,000-byte limit"):
        fetch(url, PollSettings(max_bytes=10**6))


def test_gzip_bomb_is_refused_not_inflated(server: FeedServer) -> None:
    bomb = gzip.compress(b"\0" * (200 * 10**6), compresslevel=9)
    assert len(bomb) < 250_000
    url = server.route("/bomb", Reply(200, {"Content-Encoding": "gzip"}, bomb))
    with pytest.raises(FetchError, match="larger than the 1,000,000-byte limit"):
        fetch(url, PollSettings(max_bytes=10**6))


def test_trickling_body_hits_the_deadline(server: FeedServer) -> None:
    trickle = itertools.repeat(b"<", 10_000)
    url = server.route("/slow", Reply(200, {}, trickle, delay=0.1))
    start = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch(url, PollSettings(deadline=1, read_timeout=5))
    assert time.monotonic() - start < 10  # a bound on a hang, not a timing claim


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [(429, "120", 120.0), (503, "7", 7.0), (429, None, None)],
)
def test_rate_limits_carry_retry_after(
    server: FeedServer, status: int, retry_after: str | None, expected: float | None
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else {}
    url = server.route("/busy", Reply(status, headers, b"slow down"))
    with pytest.raises(FetchError) as info:
        fetch(url)
    assert (info.value.status, info.value.retry_after) == (status, expected)


def test_retry_after_as_http_date() -> None:
    now = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("Mon, 02 Jun 2025 10:05:00 GMT", now) == 300
    assert retry_after_seconds("soon", now) is None


@pytest.mark.parametrize("status", [404, 410, 500, 502])
def test_error_status_is_a_fetch_error(server: FeedServer, status: int) -> None:
    url = server.route("/err", Reply(status, {}, b"<html>error</html>"))
    with pytest.raises(FetchError, match=f"HTTP {status}") as info:
        fetch(url)
    assert info.value.status == status and info.value.url == url


def test_permanent_redirect_chain_is_reported(server: FeedServer) -> None:
    server.route("/old", Reply(301, {"Location": "/older"}))
    server.route("/older", Reply(308, {"Location": "/new"}))
    server.route("/new", static_feed(FEED))
    result = fetch(server.url("/old"))
    assert result.body == FEED and result.permanent_redirect == server.url("/new")


def test_temporary_redirect_is_followed_but_not_permanent(server: FeedServer) -> None:
    server.route("/moved", Reply(301, {"Location": "/temp"}))
    server.route("/temp", Reply(302, {"Location": "/new"}))
    server.route("/new", static_feed(FEED))
    result = fetch(server.url("/moved"))
    assert result.body == FEED and result.permanent_redirect is None


def test_redirect_loop_fails(server: FeedServer) -> None:
    server.route("/a", Reply(302, {"Location": "/b"}))
    server.route("/b", Reply(302, {"Location": "/a"}))
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(server.url("/a"))


def test_connection_refused() -> None:
    with pytest.raises(FetchError, match="cannot connect"):
        fetch("http://127.0.0.1:9/feed")


def test_file_urls(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    assert fetch(path.as_uri()).body == FEED
    with pytest.raises(FetchError, match="cannot read file"):
        fetch((tmp_path / "missing.xml").as_uri())


def test_per_host_limit_is_respected(server: FeedServer) -> None:
    lock, active, peak = threading.Lock(), [0], [0]

    def slow(_request: Request) -> Reply:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        with lock:
            active[0] -= 1
        return Reply(200, {}, FEED)

    url = server.route("/slow-feed", slow)

    async def go() -> None:
        async with Fetcher(PollSettings(per_host=2, concurrency=10)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(url) for _ in range(6)))

    asyncio.run(go())
    assert peak[0] == 2


def test_passwords_are_not_shown() -> None:
    assert (
        display_url("https://user:s3cret@host.example/feed") == "https://user:***@host.example/feed"
    )
