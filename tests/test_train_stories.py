"""The pairs the story model learns from (``bench/train_stories.py``), on invented articles."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

from monitor.classify import Classifier

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _train_stories() -> ModuleType:
    paths = [str(BENCH), str(BENCH / "corpus"), str(BENCH / "corpus" / "stories")]
    sys.path[:0] = paths
    try:
        spec = importlib.util.spec_from_file_location("train_stories", BENCH / "train_stories.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for path in paths:
            sys.path.remove(path)


train = _train_stories()
START = datetime(2023, 5, 2, 8, tzinfo=UTC)


def _article(key: str, story: str, hours: float, title: str, text: str) -> object:
    return train.Labelled(
        f"rss-2023:{key}",
        story,
        "feed",
        f"https://news-{key}.example/item",
        START + timedelta(hours=hours),
        title,
        text,
    )


def test_pairs_of_one_group_carry_the_readers_label_and_look_alikes_of_two_groups_are_two_events(
    classifier: Classifier,
) -> None:
    articles = [
        _article("a", "g1-a", 0, "Drone strike hits fuel depot in Varnok",
                 "A drone struck a fuel depot in Varnok overnight, the regional governor said."),
        _article("b", "g1-a", 3, "Fuel depot in Varnok ablaze after drone attack",
                 "Fire crews fought a blaze at the Varnok fuel depot after a drone strike."),
        _article("c", "g1-b", 5, "Drone strike on Varnok fuel depot was the third this month",
                 "Officials in Varnok counted three drone attacks on fuel depots this month."),
        _article("d", "g2-a", 6, "Drone strike hits rail yard in Selmar",
                 "A drone struck a rail yard in Selmar, the regional governor said."),
        _article("e", "g3-a", 7, "Orchestra opens its spring season",
                 "The city orchestra opened its spring season with two symphonies."),
        _article("f", "g1-a", 100, "Varnok depot repairs begin",
                 "Repairs began at the Varnok fuel depot struck by a drone last week."),
    ]  # fmt: skip
    features = train.featurize(classifier, articles)
    x, y = train.training_pairs(features, articles)
    # a-b one event; a-c and b-c two events of one group; a-d, b-d and c-d two events of two
    # groups that share words; e shares nothing with anyone; f is more than three days on.
    assert len(x) == 6
    assert sorted(y.tolist()) == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    assert x.shape[1] == len(train.FEATURES)
