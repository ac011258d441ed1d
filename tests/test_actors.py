"""Actor names as people write them, mapped to what the classifier reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.actors import actor_names, groups_in, lexicon_groups

NAMES = actor_names()


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("IR", "IR"),
        ("ir", "IR"),
        ("IRN", "IR"),
        ("Iran", "IR"),
        ("iran", "IR"),
        ("Islamic Republic of Iran", "IR"),
        ("Iranian", "IR"),
        ("Iranians", "IR"),
        ("American", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Hezbollah", "Hezbollah"),
        ("Hizbollah", "Hezbollah"),
        ("isis", "Islamic State"),
        ("  Hamas ", "Hamas"),
    ],
    ids=lambda v: v.strip() or "blank",
)
def test_names_codes_demonyms_and_groups_map_to_what_the_classifier_reports(
    name: str, actor: str
) -> None:
    assert NAMES.resolve(name).actor == actor


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Hezbolah", "Hezbollah"),
        ("Irna", "IR (Iran)"),
        ("Isreal", "IL (Israel)"),
        ("Ukrain", "UA (Ukraine)"),
        ("Houthiss", "Houthis"),
    ],
)
def test_a_misspelled_name_gets_the_closest_known_one(name: str, suggestion: str) -> None:
    resolved = NAMES.resolve(name)
    assert resolved.actor is None
    assert resolved.suggestion == suggestion
    assert resolved.problem.endswith(f"did you mean {suggestion}?")


@pytest.mark.parametrize("name", ["XX", "QQQ", "Atlantis of the North", ""])
def test_an_unknown_name_says_what_is_expected(name: str) -> None:
    resolved = NAMES.resolve(name)
    assert resolved.actor is None and resolved.suggestion is None
    assert "ISO 3166 code such as IR" in resolved.problem


def test_groups_a_lexicon_adds_are_known_by_every_alias(tmp_path: Path) -> None:
    signals = tmp_path / "signals.yaml"
    signals.write_text("armed_groups:\n  - {name: Red Hand Front, aliases: [RHF]}\n")
    names = actor_names(lexicon_groups(signals))
    assert names.resolve("rhf").actor == "Red Hand Front"
    assert names.resolve("Hezbollah").actor == "Hezbollah"  # the shipped ones remain
    assert groups_in([{"name": ""}, "x", {"aliases": ["y"]}]) == ()  # malformed: skipped
