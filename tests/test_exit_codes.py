"""The exit codes of the README's table, one case per example it gives, in-process."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.classify import Classifier
from monitor.cli import main
from tests.feedserver import FeedServer, Reply
from tests.test_classify import shared_classifier
from tests.test_cli_alerts import STRIKE, fresh_items

README = Path(__file__).parent.parent / "README.md"
WATCH = "watches:\n  - name: strikes\n    signals: {all: [strike]}\n    notify: [out]\n"


def readme_codes() -> dict[int, str]:
    """The exit-code table of the README: code -> its row."""
    section = README.read_text().split("Exit codes scripts can rely on", 1)[1]
    rows = re.findall(r"^\| `(\d)` \|(.*)$", section.split("\n\n", 2)[1], re.MULTILINE)
    return {int(code): row for code, row in rows}


def run(config: Path, *args: str, **env: str | None) -> int:
    result = CliRunner(env=env).invoke(main, ["--config", str(config), *args])
    assert "Traceback" not in result.stderr
    return result.exit_code


def configure(folder: Path, notifier: str, feed: str = "http://127.0.0.1:9/none") -> Path:
    (folder / "watches.yaml").write_text(WATCH)
    config = folder / "monitor.yaml"
    config.write_text(
        f"database: data/monitor.db\nnotifiers:\n  out: {notifier}\n"
        f"feeds:\n  - {{name: wire, url: '{feed}'}}\n"
    )
    return config


def alerting(folder: Path, server: FeedServer, notifier: str) -> Path:
    """A feed polled once (its backlog), then given a fresh strike to alert on."""
    items: list[tuple[str, str, str]] = [("b1", "Council meets", "The council met.")]
    config = configure(folder, notifier, server.route("/wire", fresh_items(items)))
    assert run(config, "poll", "--all") == 0
    items.append(("s1", *STRIKE))
    return config


DOWN = "{type: slack, url_file: hook}\nalerts: {max_attempts: 1}"
"""A Slack webhook where nothing listens: every delivery fails, and is marked failed at
once (not retried later)."""


def _hook(folder: Path) -> None:
    (folder / "hook").write_text("http://127.0.0.1:9/services/T/B/x")


def rules_check_ok(folder: Path, server: FeedServer) -> int:
    return run(configure(folder, "{type: jsonl, path: alerts.jsonl}"), "rules", "check")


def poll_alerted(folder: Path, server: FeedServer) -> int:
    config = alerting(folder, server, "{type: jsonl, path: alerts.jsonl}")
    code = run(config, "poll", "--all")
    assert (folder / "alerts.jsonl").read_text().count('"type":"alert"') == 1
    return code


def classify_bad_line(folder: Path, server: FeedServer) -> int:
    lines = folder / "in.jsonl"
    lines.write_text('{"id": 1, "title": "Talks", "text": "Talks resumed."}\n{not json\n')
    return run(folder / "none.yaml", "classify", "--jsonl", str(lines))


def poll_delivery_failed(folder: Path, server: FeedServer) -> int:
    _hook(folder)
    return run(alerting(folder, server, DOWN), "poll", "--all")


def retry_delivery_failed(folder: Path, server: FeedServer) -> int:
    _hook(folder)
    config = alerting(folder, server, DOWN)
    assert run(config, "poll", "--all") == 1
    return run(config, "alerts", "retry")


def poll_failed_feed(folder: Path, server: FeedServer) -> int:
    feed = server.route("/gone", Reply(404, {}, b"gone"))
    config = configure(folder, "{type: jsonl, path: alerts.jsonl}", feed)
    assert run(config, "poll", "--all") == 0  # a failed feed alone is not a failure...
    return run(config, "poll", "--all", "--fail-on-error")  # ...unless asked


def unknown_option(folder: Path, server: FeedServer) -> int:
    return run(configure(folder, "{type: terminal}"), "status", "--frobnicate")


def invalid_watch(folder: Path, server: FeedServer) -> int:
    config = configure(folder, "{type: terminal}")
    (folder / "watches.yaml").write_text(WATCH.replace("[out]", "[pager]"))
    return run(config, "poll")


def secret_not_set(folder: Path, server: FeedServer) -> int:
    config = configure(folder, "{type: slack, url: '${EXIT_CODE_TEST_HOOK}'}")
    return run(config, "poll", EXIT_CODE_TEST_HOOK=None)


def damaged_database(folder: Path, server: FeedServer) -> int:
    config = configure(folder, "{type: terminal}")
    (folder / "data").mkdir()
    (folder / "data" / "monitor.db").write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    return run(config, "status")


def missing_database(folder: Path, server: FeedServer) -> int:
    return run(configure(folder, "{type: terminal}"), "stories", "list")


Case = Callable[[Path, FeedServer], int]
CASES: list[tuple[int, str, Case]] = [
    (0, "`rules check` finds nothing wrong", rules_check_ok),
    (0, "`poll` stored and alerted", poll_alerted),
    (1, "an input line `classify` could not read", classify_bad_line),
    (1, "a delivery `poll`", poll_delivery_failed),
    (1, "or `alerts retry` could not make", retry_delivery_failed),
    (1, "a feed that failed, with `poll --fail-on-error`", poll_failed_feed),
    (2, "an unknown option", unknown_option),
    (2, "or watch that does not validate", invalid_watch),
    (2, "a secret a sending command needs that is not set", secret_not_set),
    (3, "damaged", damaged_database),
    (3, "the database missing", missing_database),
]


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's classifier, instead of one built per command."""
    built = shared_classifier()
    monkeypatch.setattr(Classifier, "from_settings", classmethod(lambda cls, *args: built))
    monkeypatch.setattr("monitor.classify.Classifier", lambda *args: built)


def test_the_cases_are_those_of_the_readme() -> None:
    table = readme_codes()
    assert sorted(table) == [0, 1, 2, 3]
    for code, example, _ in CASES:
        assert example in table[code], (code, example)
    assert {code for code, _, _ in CASES} == set(table)


@pytest.mark.parametrize(
    ("code", "case"),
    [(code, case) for code, _, case in CASES],
    ids=[f"{code}: {example.strip('`')}" for code, example, _ in CASES],
)
def test_exit_code(code: int, case: Case, tmp_path: Path, server: FeedServer, fast: None) -> None:
    assert case(tmp_path, server) == code
