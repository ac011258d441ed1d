"""``rules check`` and the configuration as a whole: every problem of every file in one pass,
in our words; names checked against what exists; secrets read only by what sends."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import main
from monitor.config import load_settings
from monitor.errors import ConfigError
from monitor.models import Feed
from monitor.runtime import load_configuration
from monitor.storage import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOOK = "TEAM_HOOK_FOR_TESTS"
SETTINGS = f"""\
database: data/monitor.db
notifiers:
  log: {{type: jsonl, path: data/alerts.jsonl}}
  team: {{type: slack, url: '${{{HOOK}}}'}}
feeds:
  - {{name: harbour-wire, url: 'http://127.0.0.1:9/harbour.xml', tags: [coast, north]}}
"""
GOOD = """\
watches:
  - name: coast-strikes
    actors: [Iran, Hizbollah, IL]
    signals: {all: [strike]}
    tags: [coast]
    min_level: elevated
    notify: [log, team]
"""


def invoke(config: Path, *args: str, **env: str | None) -> Result:
    return CliRunner(env={HOOK: "https://hooks.example/T1/B2/xyz", **env}).invoke(
        main, ["--config", str(config), *args]
    )


def folder(tmp_path: Path, watches: str = GOOD, settings: str = SETTINGS) -> Path:
    (tmp_path / "watches.yaml").write_text(watches)
    config = tmp_path / "monitor.yaml"
    config.write_text(settings)
    return config


def with_database(config: Path) -> Path:
    (config.parent / "data").mkdir(exist_ok=True)
    store = Store(config.parent / "data" / "monitor.db")
    store.feeds.sync(load_settings(config).settings.feed_list(), NOW)
    store.close()
    return config


def test_a_valid_configuration_is_ok(tmp_path: Path) -> None:
    result = invoke(folder(tmp_path), "rules", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 watch(es)")


def test_seven_mistakes_in_a_watch_file_are_named_in_one_run(tmp_path: Path) -> None:
    watches = """\
watches:
  - name: coast-strikes
    actors: [Hezbolah, Iran]
    signals: {all: [strike, landslide]}
    notify: [log, pager]
  - name: coast-strikes
    tags: [coats]
    min_level: severe
    notify: [team]
"""
    result = invoke(folder(tmp_path, watches), "rules", "check", **{HOOK: ""})
    assert result.exit_code == 2
    err = result.stderr
    expected = [
        "watches.yaml:3: watches[0].actors[0]: no country or armed group is known as "
        "'Hezbolah': did you mean Hezbollah?",
        "watches.yaml:4: watches[0].signals.all[1]: no signal is named 'landslide'",
        "watches.yaml:5: watches[0].notify[1]: no notifier is named 'pager'",
        "watches.yaml:6: watches[1].name: another watch is already named 'coast-strikes'",
        "watches.yaml:7: watches[1].tags[0]: no feed is tagged 'coats': did you mean 'coast'?",
        "watches.yaml:8: watches[1].min_level: unknown level 'severe'",
        f"monitor.yaml:4: notifiers.team.url: environment variable {HOOK} is empty",
    ]
    for line in expected:
        assert line in err
    assert "7 problem(s)" in err
    assert "Traceback" not in err


def test_problems_of_every_file_come_together_in_our_words(tmp_path: Path) -> None:
    settings = SETTINGS.replace("database: data/monitor.db", "database: data/monitor.db\npol: {}")
    watches = "watches:\n  - name: quiet\n    min_sources: 0\n    scope: world\n    notify: []\n"
    result = invoke(folder(tmp_path, watches, settings), "rules", "check")
    assert result.exit_code == 2
    err = result.stderr
    assert "monitor.yaml:2: pol: unknown key" in err
    assert "watches[0].min_sources: expected a number of at least 1, got 0" in err
    assert "watches[0].scope: expected 'story' or 'article', got 'world'" in err
    assert "watches[0].notify: name at least one notifier" in err
    assert "should have" not in err and "Input should" not in err


def test_actors_are_kept_as_the_classifier_reports_them(tmp_path: Path) -> None:
    config = folder(tmp_path)
    store = Store(":memory:")
    watch = load_configuration(config, store).watches[0]
    assert watch.actors.any == ("IR", "Hezbollah", "IL")


def test_feeds_added_by_command_can_be_watched_and_misspellings_are_caught(
    tmp_path: Path,
) -> None:
    config = with_database(folder(tmp_path, settings=SETTINGS.split("feeds:")[0]))
    store = Store(tmp_path / "data" / "monitor.db")
    store.feeds.add(Feed("http://127.0.0.1:9/o1.xml", "Outlet 1", None, ("coast",)), NOW)
    store.close()
    watch = "watches:\n  - name: w\n    feeds: ['Outlet 1']\n    tags: [coast]\n    notify: [log]\n"
    (tmp_path / "watches.yaml").write_text(watch)
    assert invoke(config, "rules", "check").exit_code == 0
    (tmp_path / "watches.yaml").write_text(watch.replace("Outlet 1", "Outlet l"))
    result = invoke(config, "rules", "check")
    assert result.exit_code == 2
    assert "feeds[0]: no feed is named 'Outlet l': did you mean 'Outlet 1'?" in result.stderr


def test_a_watch_naming_a_feed_when_no_feed_exists_is_an_error(tmp_path: Path) -> None:
    watch = "watches:\n  - name: w\n    feeds: [harbor-wire]\n    notify: [log]\n"
    result = invoke(folder(tmp_path, watch, SETTINGS.split("feeds:")[0]), "rules", "check")
    assert result.exit_code == 2
    assert "no feed is named 'harbor-wire': no feed is configured or stored yet" in result.stderr


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, f"environment variable {HOOK} is not set"),
        ("", f"environment variable {HOOK} is empty"),
        ("   ", f"environment variable {HOOK} is empty"),
        ("not-a-url", f"expected an http or https URL with a host, but {HOOK} holds"),
        ("ftp://hooks.example/T1/secret-part", "expected an http or https URL"),
        ("https:///secret-part", "expected an http or https URL"),
    ],
    ids=["unset", "empty", "blank", "no-scheme", "ftp", "no-host"],
)
def test_a_webhook_variable_is_checked_without_showing_it(
    tmp_path: Path, value: str | None, problem: str
) -> None:
    result = invoke(folder(tmp_path), "rules", "check", **{HOOK: value})
    assert result.exit_code == 2
    assert f"monitor.yaml:4: notifiers.team.url: {problem}" in result.stderr
    assert "secret-part" not in result.stderr and "not-a-url" not in result.stderr


def test_an_inline_webhook_url_is_refused_without_being_shown(tmp_path: Path) -> None:
    inline = SETTINGS.replace(f"'${{{HOOK}}}'", "'https://hooks.example/T1/B2/s3cr3t'")
    result = invoke(folder(tmp_path, settings=inline), "rules", "check")
    assert result.exit_code == 2
    assert "notifiers.team.url: the URL is a credential and never goes in this file" in (
        result.stderr
    )
    assert "s3cr3t" not in result.stderr


def test_a_secret_can_come_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "hook.txt").write_text("https://hooks.example/T1/B2/from-file\n")
    settings = SETTINGS.replace(f"url: '${{{HOOK}}}'", "url_file: hook.txt")
    config = folder(tmp_path, settings=settings)
    assert invoke(config, "rules", "check", **{HOOK: None}).exit_code == 0
    notifiers = load_settings(config).notifiers()
    assert notifiers["team"].url.get_secret_value() == "https://hooks.example/T1/B2/from-file"  # type: ignore[union-attr]
    (tmp_path / "hook.txt").write_text("")
    result = invoke(config, "rules", "check")
    assert result.exit_code == 2 and "hook.txt is empty" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["alerts", "list"],
        ["stories", "list"],
        ["backtest", "--since", "1d"],
        ["feeds", "list"],
        ["articles", "search", "harbour"],
    ],
    ids=lambda c: " ".join(c),
)
def test_commands_that_only_read_need_no_secret(tmp_path: Path, command: list[str]) -> None:
    config = with_database(folder(tmp_path))
    result = invoke(config, *command, **{HOOK: None})
    assert result.exit_code == 0, result.stderr


def test_commands_that_send_name_the_missing_secret(tmp_path: Path) -> None:
    config = with_database(folder(tmp_path))
    for command in (["poll"], ["alerts", "retry"], ["notify", "test", "team"]):
        result = invoke(config, *command, **{HOOK: None})
        assert result.exit_code == 2, command
        assert f"environment variable {HOOK} is not set" in result.stderr
    # A notifier whose secret is there works while another's is missing.
    assert invoke(config, "notify", "test", "log", **{HOOK: None}).exit_code == 0
    # Beside a running daemon (which holds the database's lock), poll only stores: it
    # sends nothing, and needs no secret.
    with Store(tmp_path / "data" / "monitor.db") as daemon:
        assert daemon.lock()
        beside = invoke(config, "poll", **{HOOK: None})
    assert beside.exit_code == 0, beside.stderr
    assert "the running daemon classifies and alerts" in beside.stderr


def test_a_reload_without_the_secret_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = folder(tmp_path)
    monkeypatch.delenv(HOOK, raising=False)
    store = Store(":memory:")
    assert load_configuration(config, store).notifiers is None  # reading needs no secret
    with pytest.raises(ConfigError, match=f"{HOOK} is not set"):
        load_configuration(config, store, secrets=True)  # what the daemon does on reload
    monkeypatch.setenv(HOOK, "https://hooks.example/T1/B2/xyz")
    sending = load_configuration(config, store, secrets=True).notifiers
    assert sending is not None and "xyz" in sending["team"].url.get_secret_value()  # type: ignore[union-attr]


def test_email_host_and_addresses_are_checked_with_the_rest(tmp_path: Path) -> None:
    desk = (
        "  desk:\n    type: email\n    host: smtp://mail.example\n    password_file: pw\n"
        "    from: monitor@example.org\n    to: [desk(at)example.org]\n"
    )
    settings = SETTINGS.replace("feeds:", desk + "feeds:")
    result = invoke(folder(tmp_path, settings=settings), "rules", "check")
    assert result.exit_code == 2
    err = result.stderr
    assert "monitor.yaml:7: notifiers.desk.host: expected a host name such as" in err
    assert "notifiers.desk.to[0]: expected an email address, got 'desk(at)example.org'" in err
    assert "monitor.yaml:8: notifiers.desk.password_file: cannot read" in err  # same run
