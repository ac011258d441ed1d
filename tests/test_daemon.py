"""The real daemon as a subprocess: a local feed server, a local Slack endpoint, real signals."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from monitor.daemon import Daemon as MonitorDaemon
from tests.feedserver import FeedServer, Reply, Request
from tests.postserver import Answer, PostServer

pytestmark = pytest.mark.slow
INTERVAL = 2

STRIKE = (
    "Missiles strike border villages in Balochistan",
    "Iranian missiles struck two villages in Pakistan's Balochistan province overnight, "
    "killing seven people, Pakistani officials said. The UN Secretary-General urged "
    "restraint.",
)


class Feed:
    """A feed whose items the test adds while the daemon runs."""

    def __init__(self, server: FeedServer, path: str, site: str) -> None:
        self.items: list[tuple[str, str, str, datetime]] = []
        self.site = site
        self.trickle = False
        self.trickled = 0  # polls answered slowly so far
        self.broken = False
        self.url = server.route(path, self.reply)

    def add(self, guid: str, title: str, text: str) -> None:
        self.items.append((guid, title, text, datetime.now(UTC)))

    def reply(self, _request: Request) -> Reply:
        if self.broken:
            return Reply(500, {}, b"internal error")
        if self.trickle:
            self.trickled += 1
            return Reply(
                200, {"Content-Type": "application/rss+xml"}, iter([b" "] * 600), delay=0.05
            )
        entries = "".join(
            f'<item><guid isPermaLink="false">{g}</guid><title>{t}</title>'
            f"<link>https://{self.site}/{g}</link><description>{d}</description>"
            f"<pubDate>{format_datetime(p)}</pubDate></item>"
            for g, t, d, p in self.items
        )
        body = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{self.site}</title>'
            f"<link>https://{self.site}/</link>{entries}</channel></rss>"
        ).encode()
        return Reply(200, {"Content-Type": "application/rss+xml"}, body)


class Daemon:
    def __init__(self, config: Path, *, own_group: bool = False) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "monitor",
                "--config",
                str(config),
                "run",
                "--log-format",
                "json",
                "--no-watch-config",
            ],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            start_new_session=own_group,  # as a terminal runs it: Ctrl-C reaches the group
        )
        self.lines: list[dict[str, str]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.wait_for(lambda: self.logged("started"), 90, "the daemon to start")

    def _read(self) -> None:
        assert self.proc.stderr
        for line in self.proc.stderr:
            try:
                self.lines.append(json.loads(line))
            except json.JSONDecodeError:
                self.lines.append({"message": line})

    def logged(self, text: str) -> bool:
        return any(text in entry.get("message", "") for entry in self.lines)

    def wait_for(self, condition: Callable[[], bool], seconds: float, what: str) -> float:
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            if condition():
                return time.monotonic() - start
            if self.proc.poll() is not None:
                self.reader.join(2)
                pytest.fail(
                    f"daemon exited ({self.proc.returncode}) waiting for {what}: {self.lines[-5:]}"
                )
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; last log lines: {self.lines[-5:]}")

    def signal(self, sig: signal.Signals) -> None:
        os.kill(self.proc.pid, sig)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.signal(signal.SIGTERM)
        try:
            return self.proc.wait(15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(5)
            self.reader.join(5)
            # Closed only once read to the end: closing a pipe another thread is reading
            # would wait for that read.
            if self.proc.stderr is not None and not self.reader.is_alive():
                self.proc.stderr.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[FeedServer, PostServer, Path]]:
    feeds, slack = FeedServer().start(), PostServer()
    yield feeds, slack, tmp_path
    feeds.stop()
    slack.stop()


def write_config(
    folder: Path,
    slack: PostServer,
    feeds: list[Feed],
    watch: str = "signals: {all: [strike]}",
    extra: str = "",
    poll: str = f"poll: {{interval: {INTERVAL}s, jitter: 0s, backoff_base: 1s}}",
) -> Path:
    (folder / "watches.yaml").write_text(
        f"watches:\n  - name: strikes\n    {watch}\n    min_level: low\n    notify: [team]\n"
    )
    (folder / "slack-url").write_text(slack.url("/services/T/B/x"))
    lines = [
        "database: data/monitor.db",
        poll,
        "notifiers:\n  team: {type: slack, url_file: slack-url}",
        extra,
        "feeds:",
        *(f"  - {{name: {f.site}, url: '{f.url}'}}" for f in feeds),
    ]
    path = folder / "monitor.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def rows(config: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(config.parent / "data" / "monitor.db") as conn:
        return conn.execute(sql).fetchall()


def polled_again(daemon: Daemon, config: Path, times: int = 2) -> None:
    """Wait until every feed was polled ``times`` more and no delivery is due or under way:
    whatever the daemon would still do with what it has, it had the chance to do."""
    before = dict(rows(config, "SELECT id, polls FROM feeds"))

    def done() -> bool:
        polls = rows(config, "SELECT id, polls FROM feeds")
        due = rows(config, "SELECT 1 FROM deliveries WHERE status IN ('pending', 'sending')")
        return all(n >= before[i] + times for i, n in polls) and not due  # type: ignore[operator]

    daemon.wait_for(done, 30, f"{times} more polls of every feed, no delivery due")


def first_poll(daemon: Daemon, config: Path, seconds: float = 30) -> None:
    daemon.wait_for(
        lambda: bool(rows(config, "SELECT 1 FROM feeds WHERE polls > 0")), seconds, "the first poll"
    )


def test_new_item_alerts_within_the_interval_and_sigterm_exits_0(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/wire", "wire.example")
    feed.add("old", "An older report", "Talks continued in the capital.")
    daemon = Daemon(write_config(folder, slack, [feed]))
    try:
        daemon.wait_for(
            lambda: bool(rows(folder / "monitor.yaml", "SELECT 1 FROM articles")),
            30,
            "the first poll",
        )
        assert slack.posted == []  # a feed's first poll is backlog: no alert
        feed.add("s1", *STRIKE)
        waited = daemon.wait_for(lambda: len(slack.posted) >= 1, INTERVAL + 10, "the alert")
        assert waited <= INTERVAL + 2, f"alert after {waited:.1f}s"
        assert "Balochistan" in slack.posted[0].body.decode()
        start = time.monotonic()
        assert daemon.stop() == 0
        assert time.monotonic() - start < 10
        assert daemon.logged("stopped")
    finally:
        daemon.stop()


def test_sighup_with_a_broken_watch_file_keeps_the_old_rules(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/wire", "wire.example")
    config = write_config(folder, slack, [feed])
    daemon = Daemon(config)
    try:
        first_poll(daemon, config)
        (folder / "watches.yaml").write_text("watches:\n  - name: broken\n    notify: [nobody]\n")
        daemon.signal(signal.SIGHUP)
        daemon.wait_for(lambda: daemon.logged("configuration refused"), 20, "the refusal")
        # Every problem is logged, each on a line of its own, whole.
        daemon.wait_for(
            lambda: daemon.logged("watches.yaml:3: watches[0].notify[0]"), 5, "the problem"
        )
        refusal = next(e["message"] for e in daemon.lines if "refused" in e["message"])
        assert "1 problem(s)" in refusal
        assert daemon.proc.poll() is None
        feed.add("s1", *STRIKE)
        daemon.wait_for(lambda: len(slack.posted) >= 1, 30, "an alert by the old rules")
    finally:
        assert daemon.stop() == 0


def test_sigkill_during_a_poll_and_a_delivery_loses_and_duplicates_nothing(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    steady = Feed(server, "/steady", "steady.example")
    slow = Feed(server, "/slow", "slow.example")
    config = write_config(folder, slack, [steady, slow])
    release = threading.Event()
    daemon = Daemon(config)
    try:
        daemon.wait_for(
            lambda: len(rows(config, "SELECT 1 FROM feeds WHERE polls > 0")) == 2, 30, "first polls"
        )
        # A delivery that hangs, then a kill while it hangs.
        slack.answers.append(Answer(hold=release))
        steady.add("s1", *STRIKE)
        daemon.wait_for(lambda: len(slack.posted) == 1, 30, "the delivery to start")
        # A poll that trickles, then a kill while it trickles.
        slow.trickle = True
        slow.add(
            "k1",
            "Shelling hits the river port of Ostrava-Nad",
            "Artillery shells struck the port overnight, killing three dock workers.",
        )
        daemon.wait_for(lambda: slow.trickled > 0, 30, "a poll of the slow feed")
        daemon.proc.kill()
        daemon.proc.wait(10)
    finally:
        release.set()
        daemon.stop()
    completed_before = sum(1 for p in slack.posted if p.completed)
    slow.trickle = False
    again = Daemon(config)
    try:
        again.wait_for(
            lambda: sum(1 for p in slack.posted if p.completed) >= 2,
            60,
            "both alerts after the restart",
        )
        polled_again(again, config)  # nothing more may come
    finally:
        assert again.stop() == 0
    assert completed_before == 0
    completed = [p for p in slack.posted if p.completed]
    assert len(completed) == 2
    titles = {
        t for t in ("Balochistan", "Ostrava-Nad") if any(t in p.body.decode() for p in completed)
    }
    assert titles == {"Balochistan", "Ostrava-Nad"}
    articles = rows(config, "SELECT count(*), count(DISTINCT guid_key) FROM articles")
    assert articles == [(2, 2)]
    sent = rows(config, "SELECT count(*) FROM deliveries WHERE status = 'sent'")
    assert sent == [(2,)]


def test_a_failing_feed_is_reported_once_and_its_recovery_too(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/flaky", "flaky.example")
    feed.broken = True
    ops = PostServer()
    (folder / "ops-url").write_text(ops.url("/ops"))
    extra = "  ops: {type: webhook, url_file: ops-url}\nhealth: {failures: 2, notify: [ops]}"
    daemon = Daemon(write_config(folder, slack, [feed], extra=extra))
    try:
        daemon.wait_for(lambda: len(ops.posted) >= 1, 30, "the failing-feed notice")
        daemon.wait_for(
            lambda: bool(
                rows(folder / "monitor.yaml", "SELECT 1 FROM feeds WHERE consecutive_failures >= 4")
            ),
            30,
            "more failures",
        )
        feed.broken = False
        daemon.wait_for(lambda: len(ops.posted) >= 2, 30, "the recovery notice")
    finally:
        assert daemon.stop() == 0
        ops.stop()
    notices = [p.json() for p in ops.posted]
    assert [n["title"] for n in notices] == [
        "Feed failing: flaky.example",
        "Feed recovered: flaky.example",
    ]
    assert "HTTP 500" in notices[0]["body"]


# --- no failure without a record ---------------------------------------------------------


def hold_lock(database: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program holding the database's write lock for ``seconds`` (as an sqlite3
    shell in a transaction, or a backup tool, would)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n"
            "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
            "time.sleep(float(sys.argv[2])); c.execute('COMMIT')",
            str(database),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout and holder.stdout.readline().strip() == "locked"
    holder.stdout.close()
    return holder


def no_tracebacks(daemon: Daemon, *, no_overrun: bool = False) -> None:
    """Nothing logged a traceback; with ``no_overrun``, no poll outlived its interval."""
    for entry in daemon.lines:
        assert "exception" not in entry, entry
        assert "Traceback" not in entry.get("message", ""), entry
        if no_overrun:
            assert "maximum number of running instances" not in entry.get("message", ""), entry


def test_a_database_locked_by_another_program_delays_alerts_but_loses_none(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/wire", "wire.example")
    # An interval that a poll meeting the lock (it waits a second for it) fits in with room
    # to spare on a busy machine: an overrun here would be the lock's doing.
    poll = "poll: {interval: 5s, jitter: 0s, backoff_base: 1s}"
    config = write_config(folder, slack, [feed], poll=poll)
    daemon = Daemon(config)
    try:
        first_poll(daemon, config)
        holder = hold_lock(config.parent / "data" / "monitor.db", 14)
        feed.add("s1", *STRIKE)
        feed.add(
            "s2",
            "Drone strike on a fuel depot near Kherson",
            "A drone strike set a fuel depot ablaze near Kherson, killing two guards.",
        )
        holder.wait(30)
        released = time.monotonic()
        daemon.wait_for(lambda: len(slack.posted) >= 2, 30, "both alerts after the release")
        assert time.monotonic() - released <= 30
        polled_again(daemon, config)  # nothing more may come
        assert len(slack.posted) == 2
        assert daemon.proc.poll() is None
        failures = rows(config, "SELECT failures FROM feeds")
        assert failures[0][0] >= 1  # the polls the lock failed were recorded as failures
        assert daemon.logged("database is locked")
    finally:
        assert daemon.stop() == 0
    no_tracebacks(daemon, no_overrun=True)
    alerts = rows(config, "SELECT key FROM alerts ORDER BY key")
    assert len(alerts) == len({k for (k,) in alerts}) == 2


def test_articles_stored_by_a_poll_command_are_processed_by_the_running_daemon(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/wire", "wire.example")
    config = write_config(folder, slack, [feed], poll="poll: {interval: 1h, jitter: 0s}")
    daemon = Daemon(config)
    try:
        first_poll(daemon, config)
        feed.add("s1", *STRIKE)
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(config), "poll", "--all"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "running daemon" in done.stderr
        daemon.wait_for(lambda: len(slack.posted) >= 1, 20, "the daemon to alert on them")
    finally:
        assert daemon.stop() == 0


def test_reloads_during_processing_never_give_one_story_id_twice(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/wire", "wire.example")
    towns = ["Arvel", "Brisk", "Corran", "Dunmore", "Esker", "Falun", "Garth", "Holm"]
    for n in range(1200):
        town = towns[n % len(towns)]
        feed.add(
            f"b{n}",
            f"Shelling reported near {town} checkpoint {n}",
            f"Artillery shells hit checkpoint {n} outside {town}; officials counted {n % 9} "
            f"wounded and inspected the road to the quarry number {n}.",
        )
    config = write_config(folder, slack, [feed], poll="poll: {interval: 1h, jitter: 0s}")
    daemon = Daemon(config)
    try:
        daemon.wait_for(
            lambda: bool(rows(config, "SELECT 1 FROM articles")), 60, "the backlog to be stored"
        )
        while rows(config, "SELECT count(*) FROM articles WHERE pending = 1")[0][0]:
            daemon.signal(signal.SIGHUP)
            time.sleep(0.15)
        daemon.wait_for(lambda: daemon.logged("configuration reloaded"), 10, "a reload")
    finally:
        assert daemon.stop() == 0
    no_tracebacks(daemon)
    broken = rows(
        config,
        "SELECT stories.id, stories.articles, count(articles.id) FROM stories"
        " LEFT JOIN articles ON articles.story_id = stories.id"
        " GROUP BY stories.id HAVING stories.articles <> count(articles.id)",
    )
    assert broken == []
    orphans = rows(
        config,
        "SELECT count(*) FROM articles WHERE story_id IS NOT NULL"
        " AND story_id NOT IN (SELECT id FROM stories)",
    )
    assert orphans == [(0,)]


def test_a_reload_is_kept_in_flight_and_none_starts_once_stopping(tmp_path: Path) -> None:
    """A stop waits for the reloads in flight before it closes the database, and a reload
    asked for once the daemon stops is not started (it would meet a closed database)."""
    daemon = MonitorDaemon(tmp_path / "monitor.yaml", watch_config=False)
    started = []

    async def reload() -> bool:
        started.append(True)
        await asyncio.sleep(0)
        return True

    daemon.reload = reload  # type: ignore[method-assign]

    async def scenario() -> tuple[int, int]:
        daemon.request_reload("SIGHUP")
        in_flight = len(daemon.inflight)
        await asyncio.gather(*daemon.inflight)
        daemon.stopping.set()
        daemon.request_reload("SIGHUP")
        return in_flight, len(daemon.inflight)

    assert asyncio.run(scenario()) == (1, 0)
    assert started == [True]


def test_status_knows_a_killed_daemon_at_once(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    config = write_config(folder, slack, [Feed(server, "/wire", "wire.example")])
    daemon = Daemon(config)

    def status() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(config), "status", "--json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["daemon"]  # type: ignore[no-any-return]

    try:
        daemon.wait_for(lambda: daemon.logged("started"), 30, "the start")
        assert status()["running"] is True
        daemon.proc.kill()
        daemon.proc.wait(10)
        assert status()["running"] is False
    finally:
        daemon.stop()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_during_a_slow_poll_prints_no_traceback(world, sig: signal.Signals) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feeds = [Feed(server, f"/f{k}", f"f{k}.example") for k in range(25)]
    config = write_config(folder, slack, feeds)
    daemon = Daemon(config, own_group=True)
    try:
        daemon.wait_for(
            lambda: rows(config, "SELECT count(*) FROM feeds WHERE polls > 0")[0][0] == 25,
            60,
            "first polls",
        )
        for feed in feeds:
            feed.trickle = True  # every poll now hangs for a while
        daemon.wait_for(lambda: any(f.trickled for f in feeds), 30, "a slow poll")
        if sig == signal.SIGINT:  # Ctrl-C: the whole group, the parsing process included
            os.killpg(daemon.proc.pid, signal.SIGINT)
        else:
            daemon.signal(sig)
        assert daemon.proc.wait(30) == 0
    finally:
        daemon.stop()
    no_tracebacks(daemon)
    assert daemon.logged("stopped")


def test_the_default_jitter_alerts_a_five_second_feed_within_seven_seconds(world) -> None:  # type: ignore[no-untyped-def]
    server, slack, folder = world
    feed = Feed(server, "/wire", "wire.example")
    config = write_config(folder, slack, [feed], poll="poll: {interval: 5s}")  # jitter: 60s
    daemon = Daemon(config)
    try:
        first_poll(daemon, config, 10)
        feed.add("s1", *STRIKE)
        waited = daemon.wait_for(lambda: len(slack.posted) >= 1, 20, "the alert")
        assert waited <= 7, f"alert after {waited:.1f}s"  # the target, not a benchmark
    finally:
        assert daemon.stop() == 0
