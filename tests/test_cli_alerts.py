"""Watch rules and alerts through the command line, as users and scripts run them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.feedserver import FeedServer, Reply, Request
from tests.test_cli_ingest import monitor

ROOT = Path(__file__).parent.parent
WATCHES = """\
watches:
  - name: strikes
    description: Any strike with casualties
    signals: {all: [strike, casualties]}
    min_level: low
    notify: [log]
"""
STRIKE = (
    "Drone strike kills five at a fuel depot near Kessel",
    "A drone strike on a fuel depot near the border town of Kessel killed five workers "
    "and wounded eight, the regional governor said on Monday.",
)


def fresh_items(items: list[tuple[str, str, str]]) -> Callable[[Request], Reply]:
    """A feed of ``items`` (guid, title, text) as they are at each request, each published
    at the moment it is served: the test adds items as news breaks."""

    def feed(_request: Request) -> Reply:
        now = format_datetime(datetime.now(UTC))
        entries = "".join(
            f"<item><guid>{g}</guid><title>{t}</title><link>https://wire.example/{g}</link>"
            f"<description>{d}</description><pubDate>{now}</pubDate></item>"
            for g, t, d in items
        )
        return Reply(
            200,
            {"Content-Type": "application/rss+xml"},
            f'<rss version="2.0"><channel><title>w</title>{entries}</channel></rss>'.encode(),
        )

    return feed


def setup(folder: Path, feed_url: str, watches: str = WATCHES, extra: str = "") -> Path:
    (folder / "watches.yaml").write_text(watches)
    config = folder / "monitor.yaml"
    config.write_text(
        "database: data/monitor.db\n"
        "notifiers:\n  log: {type: jsonl, path: data/alerts.jsonl}\n"
        f"{extra}"
        f"feeds:\n  - {{name: wire, url: '{feed_url}'}}\n"
    )
    return config


def test_shipped_configuration_is_valid() -> None:
    result = monitor(ROOT / "config" / "monitor.yaml", "rules", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 5 watch(es)")


def test_rules_check_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    broken = """\
watches:
  - name: one
    signals: {all: [strike, earthquake]}
    min_level: severe
    notify: [log, pager]
  - name: two
    notfy: [log]
    feeds: [nowhere]
"""
    config = setup(tmp_path, "http://127.0.0.1:9/feed", broken)
    result = monitor(config, "rules", "check")
    assert result.returncode == 2
    err = result.stderr
    assert "watches.yaml:4: watches[0].min_level: unknown level 'severe'" in err
    assert "watches.yaml:7: watches[1].notfy: unknown key" in err
    assert "watches[1].notify: required, but missing" in err
    assert "Traceback" not in err
    # In the same run, not after the first problems are fixed:
    assert "watches.yaml:5: watches[0].notify[1]: no notifier is named 'pager'" in err
    assert "watches.yaml:3: watches[0].signals.all[1]: no signal is named 'earthquake'" in err
    assert "watches.yaml:8: watches[1].feeds[0]: no feed is named 'nowhere'" in err


def test_rules_test_explains_each_watch(tmp_path: Path) -> None:
    config = setup(tmp_path, "http://127.0.0.1:9/feed")
    article = tmp_path / "depot.txt"
    article.write_text("\n".join(STRIKE))
    calm = tmp_path / "calm.txt"
    calm.write_text("Harvest festival opens\nStalls and music filled the square.")
    result = monitor(config, "rules", "test", str(article), str(calm), "--json")
    assert result.returncode == 0, result.stderr
    verdicts = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert verdicts["depot.txt"]["fires"] and not verdicts["calm.txt"]["fires"]
    failed = [c for c in verdicts["calm.txt"]["checks"] if not c["passed"]]
    assert failed[0]["condition"] == "signals" and "missing" in failed[0]["detail"]
    text = monitor(config, "rules", "test", str(article)).stdout
    assert "FIRES  strikes" in text
    assert monitor(config, "rules", "test", "--watch", "nope", str(article)).returncode == 2


def test_poll_alerts_once_and_the_outbox_is_listed(tmp_path: Path) -> None:
    server = FeedServer().start()
    items: list[tuple[str, str, str]] = [("b1", "Council meets", "The council met.")]

    try:
        config = setup(tmp_path, server.route("/wire", fresh_items(items)))
        assert monitor(config, "poll", "--all").returncode == 0  # backlog: never alerts
        items.append(("s1", *STRIKE))
        result = monitor(config, "poll", "--all")
        assert "alerts: 1 delivered" in result.stderr, result.stderr
        assert "alerts:" not in monitor(config, "poll", "--all").stderr  # nothing twice
    finally:
        server.stop()
    lines = (tmp_path / "data" / "alerts.jsonl").read_text().splitlines()
    assert len(lines) == 1
    alert = json.loads(lines[0])
    assert alert["watch"] == "strikes" and alert["story"]["killed"] == 5
    listed = json.loads(monitor(config, "alerts", "list", "--json").stdout)
    assert listed["deliveries"][0]["status"] == "sent"
    assert monitor(config, "alerts", "list", "--status", "failed").stderr.strip() == "no alerts"
    replay = monitor(config, "backtest", "--since", "1d", "--json")
    assert [json.loads(line)["watch"] for line in replay.stdout.splitlines()] == ["strikes"]
    status = json.loads(monitor(config, "status", "--json").stdout)
    assert status["feeds"]["ok"] == 1 and status["daemon"]["running"] is False
    assert status["deliveries"]["sent"] == 1 and status["pending_articles"] == 0
    assert "daemon    not running" in monitor(config, "status").stdout


def test_notify_test(tmp_path: Path) -> None:
    (tmp_path / "slack-url").write_text("http://127.0.0.1:9/services/T000/B000/SeCrEt")
    config = setup(tmp_path, "http://127.0.0.1:9/feed")
    config.write_text(
        config.read_text().replace(
            "notifiers:\n", "notifiers:\n  down: {type: slack, url_file: slack-url}\n"
        )
    )
    sent = monitor(config, "notify", "test", "log")
    assert sent.returncode == 0 and "jsonl:log" in sent.stdout
    notice = json.loads((tmp_path / "data" / "alerts.jsonl").read_text())
    assert notice["type"] == "notice"
    failed = monitor(config, "notify", "test", "down")
    assert failed.returncode == 1 and "not delivered" in failed.stderr
    assert "SeCrEt" not in failed.stderr
    assert monitor(config, "notify", "test", "nope").returncode == 2


@pytest.mark.parametrize("missing", ["SLACK_TOKEN_FOR_TEST"])
def test_secrets_come_from_the_environment(tmp_path: Path, missing: str) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(f"notifiers:\n  team: {{type: slack, url: '${{{missing}}}'}}\n")
    result = monitor(config, "rules", "check")
    assert result.returncode == 2
    assert f"monitor.yaml:2: notifiers.team.url: environment variable {missing} is not set" in (
        result.stderr
    )


def test_reclassify_keeps_story_ids_and_a_new_story_gets_a_new_id_and_its_own_alert(
    tmp_path: Path,
) -> None:
    server = FeedServer().start()
    items: list[tuple[str, str, str]] = [("b1", "Council meets", "The council met.")]

    try:
        config = setup(tmp_path, server.route("/wire", fresh_items(items)))
        monitor(config, "poll", "--all")
        items.append(("s1", *STRIKE))
        assert "alerts: 1 delivered" in monitor(config, "poll", "--all").stderr
        first = json.loads(monitor(config, "alerts", "list", "--json").stdout)["story_id"]
        before = {
            json.loads(line)["headline"]: json.loads(line)["id"]
            for line in monitor(
                config, "stories", "list", "--since", "all", "--json"
            ).stdout.splitlines()
        }
        assert monitor(config, "reclassify", "--yes").returncode == 0
        items.append(
            (
                "s2",
                "Artillery shells kill three farmers in the hills above Morrow",
                "Shelling killed three farmers tending terraces above the village of Morrow "
                "on Tuesday, the district governor said.",
            )
        )
        result = monitor(config, "poll", "--all")
        assert "alerts: 1 delivered" in result.stderr, result.stderr
    finally:
        server.stop()
    alerts = [
        json.loads(line) for line in monitor(config, "alerts", "list", "--json").stdout.splitlines()
    ]
    newest = alerts[0]
    assert newest["headline"].startswith("Artillery shells")
    stories = [
        json.loads(line)
        for line in monitor(
            config, "stories", "list", "--since", "all", "--json"
        ).stdout.splitlines()
    ]
    kept = {s["headline"]: s["id"] for s in stories if s["headline"] in before}
    assert kept == before  # a rebuild keeps every story's id: alerts point at the same story
    assert newest["story_id"] > max(before.values())  # a new story never takes an old id
    assert first in kept.values()
