"""Polling end to end: a real HTTP server, the real fetcher, a real SQLite file."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import PollSettings, Settings
from monitor.fetching import Fetcher
from monitor.models import Feed
from monitor.polling import (
    Parsing,
    PollResult,
    Services,
    parse_within,
    poll_feeds,
    select_feeds,
)
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


def run_parsed(
    store: Store, feeds: list[Feed], pool: ProcessPoolExecutor, deadline: float
) -> dict[str, PollResult]:
    settings = Settings()
    store.feeds.sync(feeds, NOW)

    async def go() -> list[PollResult]:
        async with Fetcher(settings.poll) as fetcher:
            services = Services(settings, store, fetcher, Clock(), Parsing(pool, deadline))
            return await poll_feeds(services, select_feeds(store, NOW, all_feeds=True))

    return {r.feed: r for r in asyncio.run(go())}


@pytest.fixture
def pool() -> Iterator[ProcessPoolExecutor]:
    """One parsing process, as the service runs it."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as p:
        yield p


def big_feed(k: int) -> bytes:
    return rss([(f"{k}-{n}", f"Harbour report {k}.{n}", "tide " * 40) for n in range(400)])


def one_parse(pool: ProcessPoolExecutor, body: bytes) -> float:
    """Seconds the pool takes to parse ``body`` once (its process started and warm)."""
    pool.submit(parse_within, 60.0, body, "http://warm.example/", {}, NOW).result()
    started = time.perf_counter()
    pool.submit(parse_within, 60.0, body, "http://once.example/", {}, NOW).result()
    return time.perf_counter() - started


def test_a_burst_of_large_feeds_waits_for_the_parser_and_fails_none(
    server: FeedServer, store: Store, pool: ProcessPoolExecutor
) -> None:
    # 24 bodies of 400 items take several times the deadline together (about 24 / 5 times),
    # each far less alone, whatever this machine's speed.
    deadline = max(1.5, 5 * one_parse(pool, big_feed(99)))
    feeds = [Feed(server.route(f"/big{k}", static_feed(big_feed(k))), f"big{k}") for k in range(24)]
    results = run_parsed(store, feeds, pool, deadline=deadline)
    assert {name: r.error for name, r in results.items() if not r.ok} == {}
    assert sum(len(r.new) for r in results.values()) == 24 * 400


def test_a_parse_that_overruns_is_ended_and_the_parser_serves_the_next(
    server: FeedServer, store: Store, pool: ProcessPoolExecutor
) -> None:
    big = server.route("/big", static_feed(big_feed(0)))
    result = run_parsed(store, [Feed(big, "big")], pool, deadline=0.01)["big"]
    assert result.error == "parsing took longer than 0.01s"
    small = server.route("/small", static_feed(rss([("1", "One", "a")])))
    assert run_parsed(store, [Feed(small, "small")], pool, deadline=30)["small"].ok
