"""``monitor classify``: the JSON-lines contract, bad input, --pretty, lexicon from config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from monitor.classify import Classifier
from monitor.cli import main
from tests.test_classify import shared_classifier

CONTRACT = {"id", "score", "level", "signals", "casualties", "actors"}


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the session's classifier instead of building one per command."""
    built = shared_classifier()
    monkeypatch.setattr(Classifier, "from_settings", classmethod(lambda cls, *args: built))


def invoke(tmp_path: Path, args: list[str], stdin: str | None = None) -> Result:
    config = tmp_path / "no-such-monitor.yaml"
    return CliRunner().invoke(main, ["--config", str(config), "classify", *args], input=stdin)


def lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_files_give_one_object_each(tmp_path: Path, fast: None) -> None:
    first = tmp_path / "first.txt"
    first.write_text("Drone strike kills 3 in Kabul\nThe strike hit a market.\n")
    second = tmp_path / "second.txt"
    second.write_text("Markets rally\nShares rose on Tuesday.\n")
    result = invoke(tmp_path, [str(first), str(second)])
    assert result.exit_code == 0, result.stderr
    out = lines(result)
    assert [o["id"] for o in out] == ["first.txt", "second.txt"]
    for obj in out:
        assert set(obj) >= CONTRACT
        assert set(obj["casualties"]) == {"killed", "injured", "displaced"}
    assert out[0]["casualties"]["killed"] == 3
    assert out[0]["actors"] == ["AF"]
    assert "strike" in out[0]["signals"]
    evidence = out[0]["signals"]["strike"][0]
    joined = "Drone strike kills 3 in Kabul\nThe strike hit a market.\n"
    assert joined[evidence["start"] : evidence["end"]] == evidence["text"]
    assert out[1]["signals"] == {} and out[1]["level"] == "none"


def test_jsonl_from_stdin_with_bad_lines(tmp_path: Path, fast: None) -> None:
    stdin = "\n".join(
        [
            json.dumps({"id": 1, "title": "Shelling", "text": "Two civilians were killed."}),
            "{not json",
            json.dumps({"id": 3, "title": "no text"}),
            json.dumps(["a", "list"]),
            json.dumps({"id": "x", "title": "Rockets beat the Kings", "text": "Final score."}),
        ]
    )
    result = invoke(tmp_path, ["--jsonl", "-"], stdin)
    assert result.exit_code == 1
    out = lines(result)
    assert [o["id"] for o in out] == [1, "x"]
    assert out[0]["casualties"]["killed"] == 2
    assert "<stdin>:2: invalid JSON" in result.stderr
    assert "<stdin>:3: missing field 'text'" in result.stderr
    assert "<stdin>:4: expected a JSON object" in result.stderr


def test_unreadable_file_reported_and_others_classified(tmp_path: Path, fast: None) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Title\nNothing happened.\n")
    result = invoke(tmp_path, [str(tmp_path / "missing.txt"), str(good)])
    assert result.exit_code == 1
    assert [o["id"] for o in lines(result)] == ["good.txt"]
    assert "missing.txt: cannot read" in result.stderr


def test_no_input_is_a_usage_error(tmp_path: Path, fast: None) -> None:
    assert invoke(tmp_path, []).exit_code == 2


def test_pretty(tmp_path: Path, fast: None) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Air raid on the port\nAirstrikes killed 14 people, officials said.\n")
    result = invoke(tmp_path, ["--pretty", str(path)])
    assert result.exit_code == 0
    assert "strike" in result.stdout and "killed 14" in result.stdout


def test_bad_lexicon_exits_2_naming_the_line(tmp_path: Path) -> None:
    lexicon = tmp_path / "signals.yaml"
    lexicon.write_text("levels: {low: 1, elevated: 2, high: 3, critical: 4}\nsignals: []\n")
    result = invoke(tmp_path, ["--signals", str(lexicon), "--jsonl", "-"], "")
    assert result.exit_code == 2
    assert "signals.yaml:2: signals:" in result.stderr


def test_lexicon_named_in_monitor_yaml(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text(
        "levels: {low: 1, elevated: 2, high: 3, critical: 4}\n"
        "signals:\n"
        "  - {name: protest, weight: 1, rules: [{terms: [protest, demonstration]}]}\n"
    )
    config = tmp_path / "monitor.yaml"
    config.write_text("signals: mine.yaml\n")
    stdin = json.dumps({"id": "p", "title": "", "text": "Thousands joined the protests."})
    result = CliRunner().invoke(
        main, ["--config", str(config), "classify", "--jsonl", "-"], input=stdin
    )
    assert result.exit_code == 0, result.output
    (obj,) = lines(result)
    assert list(obj["signals"]) == ["protest"]
    assert obj["level"] == "low"
