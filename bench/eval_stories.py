"""Measure story clustering on labelled articles: pairwise precision, recall and F1.

    python bench/eval_stories.py [--file PATH] [--errors] [--samples] [--threshold 0.3 ...]

The file holds one JSON object per line: ``{"id", "story", "feed", "url", "published",
"title", "text"}``, where ``story`` labels the event the article reports (default:
``bench/data/stories_dev.jsonl``). Each article is classified with the default
``Classifier``, turned into a clustering ``Item`` and assigned, in (published, id) order, to
a fresh ``StoryIndex``, as ``Processor.run`` does with stored articles.

Printed: the precision, recall and F1 of same-story pairs (a pair of articles is predicted
together when they land in one story, and truly together when they share a label), and how
many stories came out against how many are labelled. ``--errors`` lists every wrongly merged
and wrongly split pair by title. Every ``StoryParams`` field can be overridden from the
command line (``--threshold``, ``--mismatch-threshold``, ``--window-hours``, ...) to tune.

``--samples`` also clusters the article files in ``../shared/samples`` (first line the
title, the rest the body), with the publication times their content implies, and prints
the stories they formed against the expected ones: 002 and 004 together, 000, 001 and 003
each alone.

It reads files and prints; it changes nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.classify import Classifier
from monitor.stories import StoryIndex, StoryParams, item_from

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "bench" / "data" / "stories_dev.jsonl"
SAMPLES = ROOT.parent / "shared" / "samples"

SAMPLE_TIMES = {
    # 000: the UN chief on the Israel-Iran exchange of June 2025; 001: the same on the
    # exchange of April 2024; 002 and 004: Iran and Pakistan in January 2024, hours apart;
    # 003: the UN chief on Syria, placed two days before 000 so that only content, not
    # time, can keep two UN statements about two conflicts apart.
    "000": datetime(2025, 6, 18, 15, 0, tzinfo=UTC),
    "001": datetime(2024, 4, 15, 0, 30, tzinfo=UTC),
    "002": datetime(2024, 1, 19, 8, 0, tzinfo=UTC),
    "003": datetime(2025, 6, 16, 18, 0, tzinfo=UTC),
    "004": datetime(2024, 1, 19, 13, 0, tzinfo=UTC),
}
SAMPLE_STORIES = {"000": "israel-iran-2025", "001": "israel-iran-2024", "002": "iran-pakistan",
                  "003": "syria", "004": "iran-pakistan"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Labelled:
    """One article of the evaluation set."""

    id: str
    story: str
    feed: str
    url: str
    published: datetime
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The stories predicted for a set, with the pairwise scores against the labels."""

    articles: Sequence[Labelled]
    predicted: dict[str, int]
    """Article id -> predicted story id."""
    similarity: dict[str, float]
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: Path) -> list[Labelled]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row: dict[str, Any] = json.loads(line)
        try:
            published = datetime.fromisoformat(row["published"].replace("Z", "+00:00"))
            out.append(
                Labelled(
                    str(row["id"]),
                    str(row["story"]),
                    str(row["feed"]),
                    str(row["url"]),
                    published.astimezone(UTC),
                    str(row["title"]),
                    str(row["text"]),
                )
            )
        except (KeyError, ValueError) as e:
            raise SystemExit(f"{path}:{number}: bad article: {e}") from None
    return out


def load_samples(folder: Path) -> list[Labelled]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        key = path.name[:3]
        if key not in SAMPLE_TIMES:
            continue
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        out.append(
            Labelled(
                key,
                SAMPLE_STORIES[key],
                f"sample-{key}",
                f"https://sample-{key}.example/news/{path.stem}",
                SAMPLE_TIMES[key],
                title.strip(),
                body.strip(),
            )
        )
    return out


def cluster(classifier: Classifier, articles: Sequence[Labelled], params: StoryParams) -> Outcome:
    order = sorted(articles, key=lambda a: (a.published, a.id))
    classifications = list(classifier.classify_many((a.title, a.text) for a in order))
    index = StoryIndex(classifier.level_of, params)
    predicted: dict[str, int] = {}
    similarity: dict[str, float] = {}
    for number, (article, c) in enumerate(zip(order, classifications, strict=True), 1):
        item = item_from(
            number,
            title=article.title,
            text=article.text,
            url=article.url,
            published=article.published,
            feeds=[article.feed],
            classification=c,
            params=params,
        )
        assignment = index.assign(item)
        predicted[article.id] = assignment.story.id
        similarity[article.id] = assignment.similarity
    tp = fp = fn = 0
    for a, b in itertools.combinations(order, 2):
        same_label = a.story == b.story
        same_pred = predicted[a.id] == predicted[b.id]
        tp += same_label and same_pred
        fp += same_pred and not same_label
        fn += same_label and not same_pred
    return Outcome(order, predicted, similarity, tp, fp, fn)


def report(outcome: Outcome, *, errors: bool, stories: bool) -> None:
    labels = {a.story for a in outcome.articles}
    predicted = set(outcome.predicted.values())
    print(
        f"articles {len(outcome.articles)}  stories predicted {len(predicted)}"
        f"  labelled {len(labels)}"
    )
    print(
        f"pairwise  P {outcome.precision:.3f}  R {outcome.recall:.3f}  F1 {outcome.f1:.3f}"
        f"   (tp {outcome.tp}, fp {outcome.fp}, fn {outcome.fn})"
    )
    if errors:
        merged, split = [], []
        for a, b in itertools.combinations(outcome.articles, 2):
            same_pred = outcome.predicted[a.id] == outcome.predicted[b.id]
            if same_pred and a.story != b.story:
                merged.append(_pair(a, b))
            elif a.story == b.story and not same_pred:
                split.append(_pair(a, b))
        print(f"\nwrongly merged pairs ({len(merged)}):")
        print("\n".join(merged) or "  none")
        print(f"\nwrongly split pairs ({len(split)}):")
        print("\n".join(split) or "  none")
    if stories:
        print("\nstories:")
        by_story: dict[int, list[Labelled]] = {}
        for article in outcome.articles:
            by_story.setdefault(outcome.predicted[article.id], []).append(article)
        for story_id, members in sorted(by_story.items()):
            print(f"  story {story_id}")
            for m in members:
                sim = outcome.similarity[m.id]
                print(f"    {m.id} [{m.story}] {m.published:%m-%d %H:%M} sim {sim:.2f}  {m.title}")


def _pair(a: Labelled, b: Labelled) -> str:
    hours = abs((b.published - a.published).total_seconds()) / 3600
    return f"  {a.id} [{a.story}] {a.title}\n  {b.id} [{b.story}] {b.title}   ({hours:.1f} h apart)"


def report_samples(classifier: Classifier, params: StoryParams) -> None:
    articles = load_samples(SAMPLES)
    if not articles:
        print(f"\nsamples: none in {SAMPLES}")
        return
    outcome = cluster(classifier, articles, params)
    print(f"\nsamples ({SAMPLES}):")
    by_story: dict[int, list[str]] = {}
    for article in outcome.articles:
        by_story.setdefault(outcome.predicted[article.id], []).append(article.id)
    got = sorted(tuple(ids) for ids in by_story.values())
    expected_groups: dict[str, list[str]] = {}
    for article in outcome.articles:
        expected_groups.setdefault(article.story, []).append(article.id)
    want = sorted(tuple(ids) for ids in expected_groups.values())
    for group in got:
        times = ", ".join(f"{i} ({SAMPLE_TIMES[i]:%Y-%m-%d})" for i in group)
        print(f"  story: {times}")
    print(f"  expected {want}: {'as expected' if got == want else 'DIFFERENT'}")


def params_from(args: argparse.Namespace) -> StoryParams:
    changes: dict[str, Any] = {}
    for f in fields(StoryParams):
        if f.name == "window":
            if args.window_hours is not None:
                changes["window"] = timedelta(hours=args.window_hours)
        elif getattr(args, f.name) is not None:
            changes[f.name] = getattr(args, f.name)
    return replace(StoryParams(), **changes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--errors", action="store_true", help="list wrong pairs")
    parser.add_argument("--stories", action="store_true", help="list the predicted stories")
    parser.add_argument("--samples", action="store_true", help="also cluster the samples")
    parser.add_argument("--signals", type=Path, default=None, help="signal lexicon")
    defaults = StoryParams()
    for f in fields(StoryParams):
        default = getattr(defaults, f.name)
        if f.name == "window":
            parser.add_argument("--window-hours", type=float, default=None,
                                help=f"default {default.total_seconds() / 3600:g}")  # fmt: skip
        else:
            parser.add_argument("--" + f.name.replace("_", "-"), type=type(default),
                                default=None, help=f"default {default}")  # fmt: skip
    args = parser.parse_args(argv)
    params = params_from(args)
    if params != defaults:
        changed = [f"{f.name}={getattr(params, f.name)}" for f in fields(StoryParams)
                   if getattr(params, f.name) != getattr(defaults, f.name)]  # fmt: skip
        print("params: " + ", ".join(changed))
    classifier = Classifier.from_settings(args.signals)
    report(cluster(classifier, load(args.file), params), errors=args.errors, stories=args.stories)
    if args.samples:
        report_samples(classifier, params)
    return 0


if __name__ == "__main__":
    sys.exit(main())
