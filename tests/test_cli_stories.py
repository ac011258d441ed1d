"""Processing through the command line: poll classifies and clusters; stories list/show;
reclassify rebuilds the same stories."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import main
from tests.feedserver import FeedServer, rss, static_feed
from tests.test_cli_ingest import monitor, write_config

ONE = rss(
    [
        (
            "o1",
            "Iran and Pakistan exchange strikes on militant bases",
            "Iranian missiles struck targets in Pakistan's Balochistan province, killing two "
            "children, and Pakistan hit back with air strikes inside Iran's Sistan-Baluchestan, "
            "officials said.",
        ),
        (
            "o2",
            "Harbour festival draws record crowds",
            "Sailing boats and food stalls lined the quay.",
        ),
    ]
)
TWO = rss(
    [
        (
            "t1",
            "Pakistan retaliates with air strikes inside Iran",
            "Pakistani jets struck militant hideouts in Iran's Sistan-Baluchestan province after "
            "Iranian missiles hit Balochistan, killing nine people, Islamabad said.",
        ),
    ],
    site="two.example",
)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    server = FeedServer().start()
    one = server.route("/one", static_feed(ONE))
    two = server.route("/two", static_feed(TWO))
    path = write_config(tmp_path_factory.mktemp("stories"), [("one", one), ("two", two)])
    assert monitor(path, "poll", "--all").returncode == 0
    yield path
    server.stop()


def stories(config: Path, *args: str) -> list[dict[str, object]]:
    result = monitor(config, "stories", "list", "--since", "all", "--json", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_poll_classifies_and_groups_one_event(config: Path) -> None:
    found = stories(config)
    assert len(found) == 2
    strikes = next(s for s in found if s["actors"] == ["IR", "PK"])
    assert (strikes["articles"], strikes["sources"], strikes["killed"]) == (2, 2, 9)
    assert "strike" in strikes["signals"]  # type: ignore[operator]
    db = config.parent / "data" / "monitor.db"
    with sqlite3.connect(db) as conn:
        pending = conn.execute("SELECT count(*) FROM articles WHERE pending = 1").fetchone()[0]
        unassigned = conn.execute("SELECT count(*) FROM articles WHERE story_id IS NULL").fetchone()
        classified = conn.execute(
            "SELECT count(*) FROM articles_classified WHERE score IS NOT NULL"
        )
        assert pending == 0 and unassigned[0] == 0 and classified.fetchone()[0] == 3
        backlog = conn.execute("SELECT count(*) FROM articles WHERE backlog = 1").fetchone()[0]
        assert backlog == 3  # a feed's first poll is backlog: it counts but never alerts


def test_filters(config: Path) -> None:
    assert [s["actors"] for s in stories(config, "--actor", "pk")] == [["IR", "PK"]]
    assert all(s["level"] in ("high", "critical") for s in stories(config, "--level", "high"))
    bad = monitor(config, "stories", "list", "--level", "severe")
    assert bad.returncode == 2 and "expected one of" in bad.stderr


def in_process(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args])


@pytest.mark.parametrize("actor", ["IR", "ir", "Iran", "iranian", "Islamic Republic of Iran"])
def test_an_actor_is_found_by_its_code_name_or_demonym(config: Path, actor: str) -> None:
    result = in_process(config, "stories", "list", "--since", "all", "--json", "--actor", actor)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["actors"] for line in result.stdout.splitlines()] == [["IR", "PK"]]


def test_an_actor_not_understood_is_said_so(config: Path) -> None:
    result = in_process(config, "stories", "list", "--actor", "Irna")
    assert result.exit_code == 2
    assert "no country or armed group is known as 'Irna': did you mean IR (Iran)?" in (
        result.stderr
    )
    none = in_process(config, "stories", "list", "--since", "all", "--actor", "Hezbollah")
    assert none.exit_code == 0
    assert "no stories match (ever, naming Hezbollah)" in none.stderr


def test_show(config: Path) -> None:
    story_id = next(s["id"] for s in stories(config) if s["actors"] == ["IR", "PK"])
    shown = json.loads(monitor(config, "stories", "show", str(story_id), "--json").stdout)
    assert sorted(a["feeds"] for a in shown["items"]) == [["one"], ["two"]]
    assert shown["levels"][0]["previous"] is None
    assert shown["items"][0]["evidence"]["strike"]
    text = monitor(config, "stories", "show", str(story_id)).stdout
    assert "level history" in text and "independent source" in text
    assert monitor(config, "stories", "show", "999").returncode == 2


def test_reclassify_rebuilds_the_same_stories(config: Path) -> None:
    before = stories(config)
    result = monitor(config, "reclassify", "--yes")
    assert result.returncode == 0 and "reclassified 3 article(s) into 2 stories" in result.stderr
    after = stories(config)
    key = ["headline", "articles", "sources", "killed", "level", "actors"]
    assert [[s[k] for k in key] for s in after] == [[s[k] for k in key] for s in before]
