"""A database that cannot be used: every command says why in one line and exits 3."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer, rss, static_feed
from tests.test_cli_ingest import monitor, write_config
from tests.test_storage import damage

COMMANDS = [
    ("status",),
    ("feeds", "list"),
    ("stories", "list"),
    ("stories", "show", "1"),
    ("articles", "search", "shelling"),
    ("alerts", "list"),
    ("backtest", "--since", "7d"),
    ("poll", "--all"),
    ("reclassify", "--yes"),
    ("run", "--no-watch-config"),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A configuration and the database one poll made, polled once for the module."""
    server = FeedServer().start()
    folder = tmp_path_factory.mktemp("polled")
    items = [(str(i), f"Shelling near post {i}", f"Report {i} from the valley.") for i in range(80)]
    url = server.route("/f", static_feed(rss(items)))
    config = write_config(folder, [("f", url)])
    assert monitor(config, "poll", "--all").returncode == 0
    server.stop()
    yield folder


@pytest.fixture
def polled(template: Path, tmp_path: Path) -> Path:
    """A copy of the template's folder: each test damages its own."""
    folder = tmp_path / "copy"
    shutil.copytree(template, folder)
    return folder / "monitor.yaml"


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_damaged_database_exits_3_with_one_line(polled: Path, command: tuple[str, ...]) -> None:
    database = polled.parent / "data" / "monitor.db"
    for leftover in database.parent.glob("monitor.db-*"):
        leftover.unlink()
    damage(database)
    result = monitor(polled, *command)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert "monitor.db" in line and (
        "damaged" in line or "malformed" in line or "not a database" in line
    )


def test_a_file_that_is_no_database_exits_3(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "monitor.db").write_text("notes, not a database\n" * 100)
    for command in (("status",), ("feeds", "list"), ("poll", "--all"), ("run",)):
        result = monitor(config, *command)
        assert result.returncode == 3 and "Traceback" not in result.stderr, command
        assert "restore it from a backup" in result.stderr


def test_a_database_not_created_yet_is_named_by_reading_commands(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    result = monitor(config, "stories", "list")
    assert result.returncode == 3
    assert "no database there yet" in result.stderr
    assert not (tmp_path / "data" / "monitor.db").exists()
    assert monitor(config, "rules", "check").returncode == 0  # needs no database


def test_an_immutable_database_is_read_but_not_written(polled: Path) -> None:
    from tests.test_storage import immutable_file

    database = polled.parent / "data" / "monitor.db"
    with immutable_file(database):
        feeds = monitor(polled, "feeds", "list")
        assert feeds.returncode == 0 and "ok" in feeds.stdout, feeds.stderr
        assert monitor(polled, "stories", "list", "--since", "all").returncode == 0
        poll = monitor(polled, "poll", "--all")
        assert poll.returncode == 3 and "Traceback" not in poll.stderr
        assert "read" in poll.stderr.lower() and "monitor.db" in poll.stderr
