"""The story corpus's labels (ids and event letters; the texts are not needed here)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

FOLDER = Path(__file__).resolve().parent.parent / "bench" / "corpus" / "stories"


def _module(name: str) -> ModuleType:
    sys.path.insert(0, str(FOLDER))
    try:
        spec = importlib.util.spec_from_file_location(f"story_corpus_{name}", FOLDER / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(FOLDER))


labels = _module("labels")
check = _module("check_labels")
READERS = sorted(p.stem for p in (FOLDER / "labels").glob("*.jsonl"))


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_labelled_every_item_of_their_groups(reader: str) -> None:
    assert check.problems(reader) == []


def test_every_grouped_item_has_one_settled_event_of_its_own_group() -> None:
    groups = json.loads((FOLDER / "groups.json").read_text(encoding="utf-8"))["groups"]
    events = labels.settled()
    grouped = {i: g for g, ids in groups.items() for i in ids}
    assert events.keys() == grouped.keys()
    assert all(events[i].startswith(f"{g}-") for i, g in grouped.items())
    assert len(grouped) == sum(map(len, groups.values())), "an item is in two groups"


def test_a_group_read_by_several_takes_the_reading_most_agreed_with() -> None:
    ids = ["a", "b", "c"]
    readings = {
        "r1": {"a": ("s1", "A"), "b": ("s1", "A"), "c": ("s1", "B")},
        "r2": {"a": ("s1", "A"), "b": ("s1", "B"), "c": ("s1", "C")},
        "r3": {"a": ("s1", "B"), "b": ("s1", "B"), "c": ("s1", "A")},
    }
    pairs = {r: labels.same_pairs(rows, ids) for r, rows in readings.items()}
    # r1 and r3 put a and b together and c apart; r2 keeps all three apart.
    scores = {r: labels._agreement(pairs, r) for r in readings}
    assert scores["r1"] == scores["r3"] > scores["r2"]
