"""The command line as scripts use it: the real ``monitor`` process, a real server and file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.cli.common import Alongside
from monitor.cli.ingest import PARSE_POOL_FROM
from monitor.models import Article, Feed
from monitor.storage import Store
from tests.feedserver import FeedServer, Reply, rss, static_feed
from tests.test_storage import BODY, NOW
from tests.test_storage import article as storage_article

FEEDS_DIR = Path(__file__).parent / "data" / "feeds"


def monitor(config: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def write_config(folder: Path, feeds: list[tuple[str, str]], extra: str = "") -> Path:
    lines = ["database: data/monitor.db", extra, "feeds:"]
    lines += [f"  - name: {name}\n    url: {url}" for name, url in feeds]
    path = folder / "monitor.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_poll_all_contract(server: FeedServer, tmp_path: Path) -> None:
    one = server.route("/one", static_feed(rss([("1", "Strike on depot", "Fire broke out")])))
    two = server.route("/two", static_feed(rss([("2", "Talks resume", "Delegates met")])))
    config = write_config(tmp_path, [("one", one), ("two", two)])
    result = monitor(config, "poll", "--all")
    assert result.returncode == 0, result.stderr
    assert "2 new article(s)" in result.stderr
    db = tmp_path / "data" / "monitor.db"  # relative to the config file, not the cwd
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, url, title, summary, published FROM articles").fetchall()
        assert {r[2] for r in rows} == {"Strike on depot", "Talks resume"}
        assert all(r[4].endswith("+00:00") for r in rows)
        assert conn.execute("SELECT count(*) FROM feeds").fetchone()[0] == 2


def test_poll_reports_failed_feeds_and_keeps_going(server: FeedServer, tmp_path: Path) -> None:
    good = server.route("/good", static_feed(rss([("1", "One", "a")])))
    bad = server.route("/bad", Reply(404, {}, b"gone"))
    config = write_config(tmp_path, [("good", good), ("bad", bad)])
    result = monitor(config, "poll", "--all", "--json")
    assert result.returncode == 0
    by_feed = {r["feed"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert by_feed["good"]["new"] == 1 and by_feed["bad"]["status"] == 404
    assert monitor(config, "poll", "--all", "--fail-on-error").returncode == 1


def test_a_larger_poll_processes_what_it_stores_beside_fetching(
    server: FeedServer, tmp_path: Path
) -> None:
    feeds = [
        (
            f"wire{i}",
            server.route(
                f"/wire{i}",
                static_feed(
                    rss(
                        [
                            (f"{i}-a", f"Rockets hit a depot in Varnet {i}", "Two were wounded."),
                            (f"{i}-b", f"Harvest festival {i} opens", "Stalls sell bread."),
                        ]
                    )
                ),
            ),
        )
        for i in range(PARSE_POOL_FROM)
    ]
    config = write_config(tmp_path, feeds)
    result = monitor(config, "poll", "--all")
    assert result.returncode == 0, result.stderr
    total = 2 * PARSE_POOL_FROM
    assert f"{total} new article(s)" in result.stderr
    assert f"{total} article(s) classified" in result.stderr
    assert "beside the poll" not in result.stderr
    with sqlite3.connect(tmp_path / "data" / "monitor.db") as conn:
        left = conn.execute("SELECT count(*) FROM articles WHERE pending = 1 OR story_id IS NULL")
        assert left.fetchone()[0] == 0


def _pending_store(tmp_path: Path) -> tuple[Path, Store, Feed]:
    config = write_config(tmp_path, [("a", "https://a.example/rss")])
    (tmp_path / "data").mkdir()
    store = Store(tmp_path / "data" / "monitor.db")
    store.feeds.sync([Feed("https://a.example/rss", "a")], NOW)
    feed = store.feeds.get("a")
    assert feed is not None
    return config, store, feed


def _dispatches(numbers: range) -> list[Article]:
    return [
        storage_article(f"g{i}", f"https://n.example/{i}", f"Dispatch {i}", f"{BODY} Item {i}.")
        for i in numbers
    ]


def test_processing_beside_a_poll_waits_for_what_the_poll_still_stores(tmp_path: Path) -> None:
    config, store, feed = _pending_store(tmp_path)
    with store:
        store.articles.store(feed, _dispatches(range(3)), NOW)
        assert store.lock()
        with Alongside(config) as alongside:
            deadline = time.monotonic() + 60
            while store.processing.pending_count() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert store.processing.pending_count() == 0  # it processed the first three
            store.articles.store(feed, _dispatches(range(3, 5)), NOW)  # the poll goes on
            assert alongside.finish() == (5, None)
        assert store.processing.pending_count() == 0


def test_processing_beside_a_poll_says_why_it_stopped(tmp_path: Path) -> None:
    with Alongside(tmp_path / "missing.yaml") as alongside:
        done, error = alongside.finish()
    assert done == 0
    assert error is not None and "missing.yaml" in error


def test_an_interrupted_poll_stops_the_processing_beside_it(tmp_path: Path) -> None:
    config, store, feed = _pending_store(tmp_path)
    with store:
        store.articles.store(feed, _dispatches(range(3)), NOW)
        with pytest.raises(KeyboardInterrupt), Alongside(config) as alongside:
            raise KeyboardInterrupt
        assert not alongside.process.is_alive()


def test_invalid_config_exits_2_naming_every_problem(tmp_path: Path) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(
        "database: x.db\npoll:\n  interval: often\nfeeds:\n  - name: a\n    url: nope\n"
    )
    result = monitor(config, "poll")
    assert result.returncode == 2
    assert "monitor.yaml:3: poll.interval" in result.stderr
    assert "monitor.yaml:6: feeds[0].url" in result.stderr
    assert "Traceback" not in result.stderr


def test_feeds_add_list_export_import(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/f", static_feed(rss([("1", "One", "a")])))
    config = write_config(tmp_path, [])
    added = monitor(config, "feeds", "add", url, "--name", "local", "--tag", "test")
    assert added.returncode == 0, added.stderr
    assert monitor(config, "feeds", "add", url).returncode == 1  # already there
    assert monitor(config, "feeds", "add", "ftp://nope").returncode == 2
    monitor(config, "poll", "--all")
    listed = [
        json.loads(line) for line in monitor(config, "feeds", "list", "--json").stdout.splitlines()
    ]
    assert (
        listed[0]["name"] == "local" and listed[0]["health"] == "ok" and listed[0]["articles"] == 1
    )
    table = monitor(config, "feeds", "list").stdout
    assert "local" in table and "ok" in table

    opml = monitor(config, "feeds", "export").stdout
    assert f'xmlUrl="{url}"' in opml and 'category="test"' in opml
    other = tmp_path / "other"
    other.mkdir()
    other_config = write_config(other, [])
    (other / "feeds.opml").write_text(opml)
    imported = monitor(other_config, "feeds", "import", str(other / "feeds.opml"))
    assert "imported 1 feed(s)" in imported.stdout
    again = json.loads(monitor(other_config, "feeds", "list", "--json").stdout)
    assert (again["url"], again["tags"]) == (url, ["test"])


def test_import_nested_opml_with_categories(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    (tmp_path / "in.opml").write_text(
        '<?xml version="1.0"?><opml version="1.0"><head/><body>'
        '<outline text="Middle East"><outline text="Ledger" type="rss" xmlUrl="https://l.example/rss"/>'
        '<outline text="Bad" xmlUrl="gopher://x"/></outline>'
        '<outline text="Wire" xmlUrl="https://w.example/atom"/></body></opml>'
    )
    result = monitor(config, "feeds", "import", str(tmp_path / "in.opml"))
    assert "imported 2 feed(s)" in result.stdout and "Bad" in result.stderr
    feeds = {
        f["name"]: f
        for f in map(json.loads, monitor(config, "feeds", "list", "--json").stdout.splitlines())
    }
    assert feeds["Ledger"]["tags"] == ["Middle East"] and feeds["Wire"]["tags"] == []
    (tmp_path / "bad.opml").write_text("<html>not opml")
    assert monitor(config, "feeds", "import", str(tmp_path / "bad.opml")).returncode == 2


def test_articles_search(server: FeedServer, tmp_path: Path) -> None:
    url = server.route("/f", static_feed(rss([("1", "Shelling near the dam", "Two villages hit")])))
    config = write_config(tmp_path, [("f", url)])
    monitor(config, "poll", "--all")
    found = monitor(config, "articles", "search", "shelling", "--json")
    assert json.loads(found.stdout)["title"] == "Shelling near the dam"
    for odd in ['"dam', "dam)", "AND", "NEAR(", "*"]:
        result = monitor(config, "articles", "search", odd)
        assert result.returncode == 0 and "Traceback" not in result.stderr


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                children = {int(c) for c in task.read_text().split()}
            except OSError:
                continue
            todo.extend(children - found)
            found |= children
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


@pytest.mark.slow
def test_a_killed_poll_ends_the_processes_it_started(server: FeedServer, tmp_path: Path) -> None:
    feeds = [
        (f"wire{i}", server.route(f"/wire{i}", static_feed(rss([(f"{i}", f"Item {i}", "x")]))))
        for i in range(PARSE_POOL_FROM)
    ]

    def slow(_request: object) -> Reply:
        return Reply(200, {"Content-Type": "application/rss+xml"}, iter([b"<"] * 1000), delay=0.05)

    config = write_config(
        tmp_path, [*feeds, ("slow", server.route("/slow", slow))], extra="poll:\n  deadline: 60s"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), "poll", "--all"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    children: set[int] = set()
    # Its processing and parsing processes (and multiprocessing's resource tracker).
    while len(children) < 3 and time.monotonic() < deadline and proc.poll() is None:
        children = _descendants(proc.pid)
        time.sleep(0.05)
    assert len(children) >= 3 and proc.poll() is None, "the poll started no second process"
    proc.kill()
    proc.wait()
    while any(map(_running, children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_running, children)), "a process outlived the poll that started it"


@pytest.mark.slow
def test_sigkill_mid_poll_loses_and_duplicates_nothing(server: FeedServer, tmp_path: Path) -> None:
    fast = [
        (
            f"fast{i}",
            server.route(
                f"/fast{i}",
                static_feed(
                    rss(
                        [
                            (f"{i}-{j}", f"Item {i}-{j}", f"Body of item {j} in feed {i}")
                            for j in range(20)
                        ]
                    )
                ),
            ),
        )
        for i in range(8)
    ]
    slow_state = {"slow": True}

    def slow(_request: object) -> Reply:
        if slow_state["slow"]:
            return Reply(
                200, {"Content-Type": "application/rss+xml"}, iter([b"<"] * 1000), delay=0.05
            )
        return Reply(200, {"Content-Type": "application/rss+xml"}, rss([("s", "Slow item", "x")]))

    config = write_config(
        tmp_path, [*fast, ("slow", server.route("/slow", slow))], extra="poll:\n  deadline: 60s"
    )
    db = tmp_path / "data" / "monitor.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), "poll", "--all"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and stored < 160:
        time.sleep(0.1)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                pass
    assert stored == 160 and proc.poll() is None  # every fast feed stored, the slow one pending
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    slow_state["slow"] = False
    result = monitor(config, "poll", "--all")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        distinct = conn.execute("SELECT count(DISTINCT guid_key) FROM articles").fetchone()[0]
    assert total == distinct == 161


def test_poll_summary_accounts_for_every_item(server: FeedServer, tmp_path: Path) -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Notices</title>'
        b"<item><guid>n1</guid><title>Bridge closed</title><description>Repairs.</description>"
        b"</item><item><title>Curfew lifted</title><description>From dawn.</description></item>"
        b"<item><description> </description></item>"
        b"<item><guid>n1</guid><title>Bridge closed</title><description>Repairs.</description>"
        b"</item></channel></rss>"
    )
    config = write_config(tmp_path, [("notices", server.route("/n", static_feed(body)))])
    result = monitor(config, "poll", "--all")
    assert result.returncode == 0, result.stderr
    assert (
        "2 new article(s), 0 updated, 0 unchanged, 2 skipped (1 no title or text, "
        "1 listed twice)" in result.stderr
    )
    [line] = monitor(config, "poll", "--all", "--json").stdout.splitlines()
    assert json.loads(line)["skipped"] == {}  # 304: nothing read, nothing skipped


def test_import_reports_each_skipped_outline_once(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    (tmp_path / "in.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Quay Post" xmlUrl="https://quay.example/rss"/>'
        '<outline text="Old Gopher" xmlUrl="gopher://old.example/news"/>'
        '<outline text="Quay Post again" xmlUrl="https://quay.example/rss"/>'
        '<outline text="Nowhere" xmlUrl="not a url"/></body></opml>'
    )
    result = monitor(config, "feeds", "import", str(tmp_path / "in.opml"))
    assert result.returncode == 0
    assert result.stdout.strip() == "imported 1 feed(s) from in.opml, 3 skipped"
    skipped = result.stderr.splitlines()
    assert len(skipped) == 3 and all(line.startswith("skipped ") for line in skipped)
    assert sum("Old Gopher" in line for line in skipped) == 1
    assert sum("Quay Post again" in line for line in skipped) == 1
