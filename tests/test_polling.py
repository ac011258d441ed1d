"""Polling end to end: a real HTTP server, the real fetcher, a real SQLite file."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from monitor import polling
from monitor.config import PollSettings, Settings
from monitor.fetching import Fetcher
from monitor.models import Feed
from monitor.polling import Parsing, PollResult, Services, poll_feeds, select_feeds
from monitor.storage import Store
from tests.feedserver import FeedServer, Reply, rss, static_feed

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "m.db") as s:
        yield s


def run(
    store: Store, feeds: list[Feed], clock: Clock | None = None, **poll: float
) -> dict[str, PollResult]:
    settings = Settings(poll=PollSettings(**poll))  # type: ignore[arg-type]
    store.feeds.sync(feeds, NOW)

    async def go() -> list[PollResult]:
        async with Fetcher(settings.poll) as fetcher:
            services = Services(settings, store, fetcher, clock or Clock())
            return await poll_feeds(services, select_feeds(store, NOW, all_feeds=True))

    return {r.feed: r for r in asyncio.run(go())}


def test_new_then_not_modified(server: FeedServer, store: Store) -> None:
    url = server.route("/f", static_feed(rss([("1", "One", "a"), ("2", "Two", "b")])))
    first = run(store, [Feed(url, "f")])["f"]
    assert (first.status, len(first.new), first.first_poll) == (200, 2, True)
    second = run(store, [Feed(url, "f")])["f"]
    assert (second.status, second.new, second.first_poll) == (304, (), False)
    row = store.feeds.health()[0]
    assert row.last_status == 304 and row.feed.etag == '"v1"' and row.articles == 2


def test_unchanged_body_without_validators_is_not_parsed_again(
    server: FeedServer, store: Store
) -> None:
    url = server.route(
        "/plain", Reply(200, {"Content-Type": "application/rss+xml"}, rss([("1", "One", "a")]))
    )
    assert len(run(store, [Feed(url, "p")])["p"].new) == 1
    again = run(store, [Feed(url, "p")])["p"]
    assert again.ok and again.seen == 0 and again.new == ()


def test_one_failing_feed_never_stops_the_others(server: FeedServer, store: Store) -> None:
    good = server.route("/good", static_feed(rss([("1", "One", "a")])))
    feeds = [
        Feed(good, "good"),
        Feed(server.route("/500", Reply(500, {}, b"oops")), "broken"),
        Feed(
            server.route(
                "/html",
                Reply(
                    200,
                    {"Content-Type": "text/html"},
                    b"<!DOCTYPE html><html><body>hi</body></html>",
                ),
            ),
            "page",
        ),
        Feed("http://127.0.0.1:9/refused", "refused"),
    ]
    results = run(store, feeds)
    assert results["good"].ok and len(results["good"].new) == 1
    assert "HTTP 500" in (results["broken"].error or "")
    assert "HTML page" in (results["page"].error or "")
    assert "cannot connect" in (results["refused"].error or "")
    rows = {r.feed.name: r for r in store.feeds.health()}
    assert rows["broken"].feed.consecutive_failures == 1 and rows["broken"].failures == 1
    assert rows["broken"].last_error == "HTTP 500 Internal Server Error"
    assert rows["good"].feed.consecutive_failures == 0


def test_failures_back_off_and_retry_after_is_honoured(server: FeedServer, store: Store) -> None:
    url = server.route("/busy", Reply(429, {"Retry-After": "3600"}, b""))
    run(store, [Feed(url, "busy")], backoff_base=60)
    feed = store.feeds.get("busy")
    assert feed and feed.next_due and feed.next_due >= NOW + timedelta(seconds=3600)
    broken = server.route("/down", Reply(500, {}, b""))
    for _ in range(3):
        run(store, [Feed(broken, "down")], backoff_base=60, backoff_max=3600)
    down = store.feeds.get("down")
    assert down and down.consecutive_failures == 3 and down.next_due
    delay = (down.next_due - NOW).total_seconds()
    assert 60 * 4 * 0.75 <= delay <= 60 * 4 * 1.25


def test_updated_entry_is_reported(server: FeedServer, store: Store) -> None:
    bodies = iter([rss([("1", "Toll rises", "Two dead")]), rss([("1", "Toll rises", "Nine dead")])])
    url = server.route(
        "/u", lambda _r: Reply(200, {"Content-Type": "application/rss+xml"}, next(bodies))
    )
    first = run(store, [Feed(url, "u")])["u"]
    second = run(store, [Feed(url, "u")])["u"]
    assert len(first.new) == 1 and second.updated == first.new


def test_permanent_redirect_replaces_fetch_url_after_three_polls(
    server: FeedServer, store: Store
) -> None:
    server.route("/old", Reply(301, {"Location": "/new"}))
    new = server.route(
        "/new", Reply(200, {"Content-Type": "application/rss+xml"}, rss([("1", "One", "a")]))
    )
    old = server.url("/old")
    for _ in range(2):
        run(store, [Feed(old, "r")])
    feed = store.feeds.get("r")
    assert feed and feed.fetch_url == old
    run(store, [Feed(old, "r")])
    feed = store.feeds.get("r")
    assert feed and feed.fetch_url == new and feed.url == old
    run(store, [Feed(old, "r")])
    assert server.hits("/old").__len__() == 3


def test_select_feeds_due_only(server: FeedServer, store: Store) -> None:
    url = server.route("/f", static_feed(rss([("1", "One", "a")])))
    run(store, [Feed(url, "f", interval=600)])
    assert select_feeds(store, NOW) == []
    assert [f.name for f in select_feeds(store, NOW + timedelta(minutes=11))] == ["f"]


def linkless(items: list[tuple[str, str]]) -> bytes:
    """RSS whose items have neither guid nor link: (title, description) pairs."""
    entries = "".join(
        f"<item><title>{t}</title><description>{d}</description></item>" for t, d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Notices</title>'
        f"<link>https://notices.example/</link>{entries}</channel></rss>"
    ).encode()


def test_items_without_link_or_guid_are_stored_once_and_empty_ones_counted(
    server: FeedServer, store: Store
) -> None:
    items = [
        ("Ferry service suspended", "Storm warnings closed the harbour."),
        ("", "Road to the pass reopened after the landslide."),
        ("", ""),
        ("Ferry service suspended", "Storm warnings closed the harbour."),
    ]
    body = {"doc": linkless(items)}
    url = server.route(
        "/notices", lambda _r: Reply(200, {"Content-Type": "application/rss+xml"}, body["doc"])
    )
    first = run(store, [Feed(url, "notices")])["notices"]
    assert len(first.new) == 2
    assert first.left_out() == {"no title or text": 1, "listed twice": 1}
    body["doc"] = linkless([*items, ("Water restored", "Mains water is back in the old town.")])
    second = run(store, [Feed(url, "notices")])["notices"]
    assert (len(second.new), second.seen) == (1, 2)  # the same items, not new again
    assert store.articles.count() == 3


def slow_parsing(monkeypatch: pytest.MonkeyPatch, seconds: dict[str, float]) -> None:
    """Parsing that takes ``seconds[url path]`` (0.3 s otherwise) before the real parse."""
    real = polling.parse_feed

    def parse(body: bytes, url: str, headers: dict[str, str], *, now: datetime):  # type: ignore[no-untyped-def]
        time.sleep(seconds.get(urlsplit(url).path, 0.3))
        return real(body, url, headers, now=now)

    monkeypatch.setattr(polling, "parse_feed", parse)


def run_parsed(store: Store, feeds: list[Feed]) -> dict[str, PollResult]:
    settings = Settings()
    store.feeds.sync(feeds, NOW)

    async def go() -> list[PollResult]:
        with ThreadPoolExecutor(max_workers=1) as pool:
            async with Fetcher(settings.poll) as fetcher:
                services = Services(settings, store, fetcher, Clock(), Parsing(pool, workers=1))
                return await poll_feeds(services, select_feeds(store, NOW, all_feeds=True))

    return {r.feed: r for r in asyncio.run(go())}


def test_a_burst_of_slow_bodies_waits_for_the_parser_and_fails_none(
    server: FeedServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ten bodies of 0.3 s each: 3 s of parsing, twice the deadline; each waits at most for one.
    monkeypatch.setattr(polling, "PARSE_DEADLINE", 1.5)
    slow_parsing(monkeypatch, {})
    feeds = [
        Feed(server.route(f"/big{k}", static_feed(rss([(str(k), f"Item {k}", "x")]))), f"big{k}")
        for k in range(10)
    ]
    results = run_parsed(store, feeds)
    assert {name: r.error for name, r in results.items() if not r.ok} == {}
    assert sum(len(r.new) for r in results.values()) == 10


def test_a_body_whose_parse_overruns_fails_and_the_parser_serves_the_next(
    server: FeedServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(polling, "PARSE_DEADLINE", 1.0)
    slow_parsing(monkeypatch, {"/stuck": 2.5, "/after": 0.05})
    stuck = server.route("/stuck", static_feed(rss([("1", "One", "a")])))
    assert run_parsed(store, [Feed(stuck, "stuck")])["stuck"].error == (
        "parsing took longer than 1s"
    )
    after = server.route("/after", static_feed(rss([("2", "Two", "b")])))
    assert run_parsed(store, [Feed(after, "after")])["after"].ok
