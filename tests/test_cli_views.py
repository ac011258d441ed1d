"""Terminal views at ordinary widths: one line per row, cut with an ellipsis at a word
boundary, every column in full with --wide, and nothing from a feed acting on the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from monitor.classify import Classifier
from monitor.cli import main
from monitor.cli.table import Column, fit, layout
from tests.feedserver import FeedServer, Reply
from tests.test_classify import shared_classifier
from tests.test_cli_alerts import fresh_items

LONG = (
    "Shelling displaces twelve thousand people in the northern valley as talks on a "
    "ceasefire stall for a third week"
)
TRICKS = (
    "Drone strike hits fuel depot \u202eenil-daer\u202c near Kessel \x1b[31mRED\x1b[0m "
    "\u2066x\u2069"
)
CONTROLS = ("\x1b", "\u202e", "\u202c", "\u2066", "\u2069", "\x07")


# --- fitting text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "fitted"),
    [
        ("Talks resume", 20, "Talks resume"),
        ("Shelling displaces thousands in the valley", 24, "Shelling displaces…"),
        ("bbc-middle-east", 10, "bbc-…"),
        ("un-news-middle-east", 12, "un-news-…"),
        ("https://wire.example/world/2026/strike", 24, "https://wire.example/…"),
        ("Supercalifragilistic", 8, "Superca…"),
        ("2026-11-30 08:05", 16, "2026-11-30 08:05"),
        ("东京で会談が再開された", 9, "东京で会…"),
        ("anything", 1, "…"),
    ],
)
def test_fit_cuts_at_a_word_boundary_with_an_ellipsis(text: str, width: int, fitted: str) -> None:
    assert fit(text, width) == fitted
    assert cell_len(fit(text, width)) <= width


def test_layout_keeps_fixed_columns_whole_and_leaves_out_the_least_needed_first() -> None:
    columns = [
        Column("id"),
        Column("when"),
        Column("extra", drop=2),
        Column("note", flex=8, drop=1),
        Column("headline", flex=10, weight=3),
    ]
    row = ["12", "11-30 08:05", "some extra detail", "a note of some length", LONG]
    assert layout(columns, [row], 500) == [cell_len(c) for c in row]  # all fits
    narrow = layout(columns, [row], 40)
    assert narrow[:2] == [2, 11] and narrow[2] == 0  # "extra" left out first
    assert sum(narrow) + 2 * (sum(1 for w in narrow if w) - 1) <= 40
    assert narrow[4] >= 10


# --- the commands ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("views")
    server = FeedServer().start()
    feeds: dict[str, list[tuple[str, str, str]]] = {
        "regional-wire-service-of-the-northern-provinces": [("w0", "Council meets", "Met.")],
        "harbour": [("h0", "Quiet night at the quay", "Nothing to report.")],
    }
    urls = {
        name: server.route(f"/{i}", fresh_items(items))
        for i, (name, items) in enumerate(feeds.items())
    }
    urls["gone-gazette"] = server.route("/gone", Reply(404, {}, b"gone"))
    (folder / "hook").write_text("http://127.0.0.1:9/services/T/B/x")
    (folder / "watches.yaml").write_text(
        "watches:\n  - name: strikes-with-casualties-anywhere\n    signals: {all: [strike]}\n"
        "    notify: [log, team-slack]\n"
    )
    config = folder / "monitor.yaml"
    config.write_text(
        "database: data/monitor.db\nalerts: {max_attempts: 1}\nnotifiers:\n"
        "  log: {type: jsonl, path: alerts.jsonl}\n  team-slack: {type: slack, url_file: hook}\n"
        "feeds:\n" + "".join(f"  - {{name: {n}, url: '{u}'}}\n" for n, u in urls.items())
    )
    with pytest.MonkeyPatch.context() as patch:
        built = shared_classifier()
        patch.setattr("monitor.classify.Classifier", lambda *args: built)
        run = CliRunner().invoke
        assert run(main, ["--config", str(config), "poll", "--all"]).exit_code == 0
        feeds["regional-wire-service-of-the-northern-provinces"] += [
            ("w1", LONG, "Shelling killed nine people and displaced 12,000, officials said."),
            ("w2", TRICKS, "A drone strike on a fuel depot killed five workers."),
        ]
        assert run(main, ["--config", str(config), "poll", "--all"]).exit_code == 1
    server.stop()
    yield config


LISTINGS = [
    ["feeds", "list"],
    ["stories", "list"],
    ["alerts", "list"],
    ["articles", "search", "strike OR shelling"],
]


def show(config: Path, width: int, *args: str) -> list[str]:
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(main, ["--config", str(config), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", LISTINGS, ids=lambda c: " ".join(c[:2]))
def test_listings_fit_the_terminal_one_line_per_row(
    config: Path, command: list[str], width: int
) -> None:
    lines = show(config, width, *command)
    rows = show(config, width, *command, "--json")
    assert len(lines) == len(rows) + 1  # a header, then one line per row
    assert all(cell_len(line.rstrip()) <= width for line in lines)
    text = "\n".join(lines)
    assert not any(c in text for c in CONTROLS)
    for line in lines:  # an ellipsis follows a whole word, or a part ending in - / . _
        for cut in line.split("…")[:-1]:
            last = cut.split("  ")[-1]
            assert (
                not last
                or last[-1] in "-/._"
                or any(
                    word.startswith(last.split(" ")[-1])
                    for word in (LONG + " " + TRICKS + " " + text.replace("…", " ")).split()
                )
            )


@pytest.mark.parametrize("width", [80, 120])
def test_headlines_are_cut_at_word_boundaries_and_shown_whole_with_wide(
    config: Path, width: int
) -> None:
    line = next(row for row in show(config, width, "stories", "list") if "Shelling" in row)
    shown = line.split("Shelling", 1)[1].rstrip()
    assert shown.endswith("…")
    assert LONG.startswith("Shelling" + shown[:-1])  # a prefix of the headline...
    assert LONG[len("Shelling" + shown[:-1])] == " "  # ...that ends where a word does
    wide = show(config, width, "stories", "list", "--wide")
    assert any(row.rstrip().endswith(LONG) for row in wide)
    alerts = "\n".join(show(config, width, "alerts", "list", "--wide"))
    assert "team-slack failed (connection failed" in alerts
    assert "regional-wire-service-of-the-northern-provinces" in "\n".join(
        show(config, width, "feeds", "list", "--wide")
    )


def test_times_are_never_broken(config: Path) -> None:
    for line in show(config, 80, "feeds", "list")[1:]:
        assert line.count(":") >= 1 and "\n" not in line


@pytest.mark.parametrize(
    "command",
    [["status"], ["stories", "show"], ["backtest", "--since", "1d"], ["rules", "test"]],
    ids=lambda c: " ".join(c),
)
def test_every_view_neutralises_control_and_bidirectional_characters(
    config: Path, command: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = shared_classifier()
    monkeypatch.setattr("monitor.classify.Classifier", lambda *args: built)
    if command == ["stories", "show"]:
        stories = [json.loads(line) for line in show(config, 80, "stories", "list", "--json")]
        command = [*command, str(next(s["id"] for s in stories if "\u202e" in s["headline"]))]
    if command == ["rules", "test"]:
        (tmp_path / "tricks.txt").write_text(f"{TRICKS}\nA drone strike killed five workers.")
        command = [*command, str(tmp_path / "tricks.txt")]
    lines = show(config, 80, *command)
    text = "\n".join(lines)
    assert "Drone" in text or command[0] == "status"
    assert not any(c in text for c in CONTROLS)
    if command[0] in ("stories", "rules", "backtest"):
        assert all(cell_len(line) <= 80 for line in lines if "Drone strike" in line)


def test_json_keeps_the_text_as_the_feed_gave_it(config: Path) -> None:
    rows = [json.loads(line) for line in show(config, 80, "stories", "list", "--json")]
    assert any("\u202e" in row["headline"] for row in rows)


def test_pretty_classification_is_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        Classifier, "from_settings", classmethod(lambda cls, *a: shared_classifier())
    )
    article = tmp_path / "[bold]x.txt"
    article.write_text(f"{TRICKS} [red]markup[/red]\nA drone strike killed five workers.\n")
    result = CliRunner(env={"COLUMNS": "80"}).invoke(
        main, ["--config", str(tmp_path / "none.yaml"), "classify", "--pretty", str(article)]
    )
    assert result.exit_code == 0, result.stderr
    assert not any(c in result.stdout for c in CONTROLS)
    assert "[red]markup[/red]" in result.stdout  # shown as text, not applied
