"""Configuration: durations and sizes, every problem with its place, the schedule's bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_settings, parse_duration, parse_size
from monitor.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("1h30m", 5400), ("2d", 172800), (45, 45), ("0s", 0)],
)
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "-5m", True, "5 parsecs", ""])
def test_bad_durations_are_refused(text: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(("text", "size"), [("10MB", 10**7), ("512KiB", 524288), (2048, 2048)])
def test_sizes(text: object, size: int) -> None:
    assert parse_size(text) == size


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.yaml"
    path.write_text(text)
    return path


def test_defaults_keep_jitter_and_stall_bounded(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "database: m.db\n")).settings
    assert settings.poll.jitter == 60 and settings.poll.interval == 900
    assert settings.health.stall == 900
    assert settings.database == tmp_path / "m.db"  # relative to the file


def test_every_problem_is_listed_with_its_line_and_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "database: m.db\n"
        "poll:\n"
        "  interval: soon\n"
        "  jitter: -1s\n"
        "health: {stall: forever, colour: red}\n"
        "feeds:\n"
        "  - {name: a, url: 'ftp://x.example/rss'}\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    problems = "\n".join(caught.value.problems)
    assert "monitor.yaml:3: poll.interval" in problems
    assert "monitor.yaml:4: poll.jitter" in problems
    assert "health.stall" in problems and "health.colour" in problems
    assert "monitor.yaml:7: feeds[0].url" in problems
    assert len(caught.value.problems) >= 5
