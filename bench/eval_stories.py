"""Measure story clustering on labelled articles, beside a TF-IDF baseline.

    python bench/eval_stories.py [--file PATH ...] [--errors] [--samples] [--ablation]

Each file holds one JSON object per line: ``{"id", "story", "feed", "url", "published",
"title", "text"}``, ``story`` labelling the event the article reports. By default both
labelled sets are measured: ``../shared/eval/stories_dev.jsonl`` (real reports of 177 events
by three outlets each, when it is there), ``bench/data/stories_dev.jsonl`` (90 invented
articles in 34 stories written for this project) and the held-out wave of the story corpus
(1,505 feed items of 2023 in 225 groups, never trained on; when ``../shared/train/`` is
there).

Each article is classified with the default ``Classifier``, turned into clustering features
and assigned, in (published, id) order, as ``Processor.run`` does, with an in-memory
candidate source. Printed per set: pairwise precision, recall and F1 (a pair of articles is
predicted together when they land in one story, truly together when they share a label),
B-cubed precision, recall and F1 (per article: how much of its predicted story is its true
story, and the other way round), and the same for the baseline. In the story corpus only
the pairs of one group count, as only they were read side by side. The baseline:
single-pass clustering by the TF-IDF cosine of title and text to each open story's
centroid, at the threshold that does best on that set (the baseline is given its best
chance).

The pair model (``bench/train_stories.py``) learns from the story corpus of 2023 feed items
alone, its held-out wave left out: no set measured here is trained on, so their figures say
how clustering does on reports it never saw. ``--cv`` adds the corpus's trained-on waves
measured on groups the model was not trained on (their groups in five folds, each clustered
by a model trained as the shipped one on the other four). ``--ablation`` retrains the pair
model without each group of features in turn and prints what each ingredient is worth on
every set (both need ``../shared/train/``).
``--errors`` lists wrongly merged and split pairs; ``--samples`` clusters the sample
articles of ``../shared/samples`` at the times their content implies (002 with 004; 000,
001 and 003 apart).

It reads files and prints; it changes nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.classify import Classifier
from monitor.models import Classification
from monitor.stories import Assigner, MemoryStories, StoryParams
from monitor.stories.features import Features, features_of
from monitor.stories.similarity import PairModel, bundled_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "corpus"))
from sources import SHARED, SHARED_TRAIN  # noqa: E402  (``shared/`` beside the repository or its worktrees)

INVENTED = ROOT / "bench" / "data" / "stories_dev.jsonl"
REAL = SHARED / "eval" / "stories_dev.jsonl"
SAMPLES = SHARED / "samples"

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
    """One article of an evaluation set."""

    id: str
    story: str
    feed: str
    url: str
    published: datetime
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


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


def ordered(articles: Sequence[Labelled]) -> list[Labelled]:
    return sorted(articles, key=lambda a: (a.published, a.id))


def featurize(classifier: Classifier, articles: Sequence[Labelled]) -> list[Features]:
    """The clustering features of ``articles``, in their order (numbered from 1)."""
    classified: list[Classification] = list(
        classifier.classify_many((a.title, a.text) for a in articles)
    )
    return [
        features_of(
            number,
            title=a.title,
            text=a.text,
            url=a.url,
            published=a.published,
            classification=c,
            feeds=frozenset({a.feed}),
        )
        for number, (a, c) in enumerate(zip(articles, classified, strict=True), 1)
    ]


def cluster(
    classifier: Classifier,
    articles: Sequence[Labelled],
    features: Sequence[Features],
    model: PairModel | None = None,
    params: StoryParams = StoryParams(),
) -> dict[str, int]:
    """Article id -> predicted story id, assigning in the given order."""
    assigner = Assigner(classifier.level_of, params, model)
    stories = MemoryStories()
    predicted: dict[str, int] = {}
    for article, f in zip(articles, features, strict=True):
        candidates = stories.candidates(f, f.published - params.window, params.max_candidates)
        state, _ = assigner.assign(f, candidates, score=1.0)
        stories.put(state, f.article_id)
        predicted[article.id] = state.id
    return predicted


def corpus_group(article: Labelled) -> str:
    """The story-corpus group an article was read in ("" outside the corpus)."""
    group, sep, _ = article.story.rpartition("-")
    return group if sep and article.id.startswith("rss-2023:") else ""


def pairwise(articles: Sequence[Labelled], predicted: dict[str, int]) -> Scores:
    """Pairwise precision and recall over the pairs whose labels say whether they are one
    event: every pair of a labelled set; in the story corpus, the pairs of one group (its
    readers never read two groups side by side, so one event found in two groups carries two
    labels, and a merge across groups is neither right nor wrong by them)."""
    tp = fp = fn = 0
    for group in _by_group(articles):
        for a, b in itertools.combinations(group, 2):
            same_label = a.story == b.story
            same_pred = predicted[a.id] == predicted[b.id]
            tp += same_label and same_pred
            fp += same_pred and not same_label
            fn += same_label and not same_pred
    return Scores(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def bcubed(articles: Sequence[Labelled], predicted: dict[str, int]) -> Scores:
    """B-cubed precision and recall, each article's predicted story taken within its corpus
    group as ``pairwise`` does."""
    by_label: defaultdict[str, set[str]] = defaultdict(set)
    by_story: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    for a in articles:
        by_label[a.story].add(a.id)
        by_story[corpus_group(a), predicted[a.id]].add(a.id)
    p = r = 0.0
    for a in articles:
        true, got = by_label[a.story], by_story[corpus_group(a), predicted[a.id]]
        both = len(true & got)
        p += both / len(got)
        r += both / len(true)
    n = len(articles) or 1
    return Scores(p / n, r / n)


def _by_group(articles: Sequence[Labelled]) -> list[list[Labelled]]:
    groups: defaultdict[str, list[Labelled]] = defaultdict(list)
    for a in articles:
        groups[corpus_group(a)].append(a)
    return list(groups.values())


# --- the baseline -------------------------------------------------------------------------


def baseline(articles: Sequence[Labelled], threshold: float) -> dict[str, int]:
    """Single-pass TF-IDF: each article joins the open story whose centroid (of title and
    text) is most similar, if at least ``threshold``; IDF from the set itself."""
    docs = [_words(f"{a.title} {a.text}") for a in articles]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)

    def vector(words: list[str]) -> dict[str, float]:
        counts = Counter(words)
        v = {t: c * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in counts.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    centroids: list[Counter[str]] = []
    predicted: dict[str, int] = {}
    for a, words in zip(articles, docs, strict=True):
        v = vector(words)
        best, best_score = -1, threshold
        for k, c in enumerate(centroids):
            norm = math.sqrt(sum(x * x for x in c.values())) or 1.0
            score = sum(x * c.get(t, 0.0) for t, x in v.items()) / norm
            if score >= best_score:
                best, best_score = k, score
        if best < 0:
            centroids.append(Counter())
            best = len(centroids) - 1
        centroids[best].update(v)
        predicted[a.id] = best
    return predicted


def _words(text: str) -> list[str]:
    from monitor.stories.features import WORD, normal, stem, stop_words

    stop = stop_words()
    return [stem(normal(w)) for w in WORD.findall(text) if normal(w) not in stop]


def best_baseline(articles: Sequence[Labelled]) -> tuple[float, Scores, Scores]:
    best: tuple[float, Scores, Scores] | None = None
    for step in range(5, 90, 5):
        threshold = step / 100
        predicted = baseline(articles, threshold)
        pw, b3 = pairwise(articles, predicted), bcubed(articles, predicted)
        if best is None or pw.f1 + b3.f1 > best[1].f1 + best[2].f1:
            best = (threshold, pw, b3)
    assert best is not None
    return best


# --- reports ------------------------------------------------------------------------------


def report(name: str, articles: Sequence[Labelled], predicted: dict[str, int]) -> None:
    pw, b3 = pairwise(articles, predicted), bcubed(articles, predicted)
    threshold, base_pw, base_b3 = best_baseline(articles)
    stories = len(set(predicted.values()))
    labels = len({a.story for a in articles})
    print(f"\n{name}: {len(articles)} articles, {stories} stories predicted, {labels} labelled")
    print(f"  monitor   pairwise {pw.line()}   B-cubed {b3.line()}")
    print(f"  baseline  pairwise {base_pw.line()}   B-cubed {base_b3.line()}   "
          f"(TF-IDF single pass, best threshold {threshold:.2f})")  # fmt: skip


def errors(articles: Sequence[Labelled], predicted: dict[str, int]) -> None:
    merged, split = [], []
    for a, b in itertools.combinations(articles, 2):
        same = predicted[a.id] == predicted[b.id]
        hours = abs((b.published - a.published).total_seconds()) / 3600
        line = f"  [{a.story}] {a.title}\n  [{b.story}] {b.title}   ({hours:.0f} h apart)"
        if same and a.story != b.story:
            merged.append(line)
        elif a.story == b.story and not same:
            split.append(line)
    print(f"\n  wrongly merged pairs ({len(merged)}):\n" + ("\n".join(merged) or "  none"))
    print(f"\n  wrongly split pairs ({len(split)}):\n" + ("\n".join(split) or "  none"))


def report_samples(classifier: Classifier) -> None:
    articles = ordered(load_samples(SAMPLES))
    if not articles:
        print(f"\nsamples: none in {SAMPLES}")
        return
    predicted = cluster(classifier, articles, featurize(classifier, articles))
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for a in articles:
        groups[predicted[a.id]].append(a.id)
    print(f"\nsamples ({SAMPLES}):")
    for group in sorted(tuple(g) for g in groups.values()):
        print("  story: " + ", ".join(f"{i} ({SAMPLE_TIMES[i]:%Y-%m-%d})" for i in group))
    verdict = "as expected" if as_expected(articles, predicted) else "DIFFERENT"
    print(f"  expected {_partition(articles, lambda a: a.story)}: {verdict}")


def as_expected(articles: Sequence[Labelled], predicted: dict[str, int]) -> bool:
    """Whether ``predicted`` groups ``articles`` exactly as their labels do."""
    return _partition(articles, lambda a: predicted[a.id]) == _partition(
        articles, lambda a: a.story
    )


def _partition(articles: Sequence[Labelled], key: Any) -> list[tuple[str, ...]]:
    groups: defaultdict[object, list[str]] = defaultdict(list)
    for a in articles:
        groups[key(a)].append(a.id)
    return sorted(tuple(g) for g in groups.values())


def ablation(classifier: Classifier, sets: list[tuple[str, list[Labelled]]]) -> None:
    """Each ingredient's worth: the pair model retrained without it, as the shipped one is
    trained (on the story corpus)."""
    from train_stories import GROUPS, fit, load_corpus, training_pairs

    corpus = ordered(load_corpus())
    x, y = training_pairs(featurize(classifier, corpus), corpus)
    feats = {name: featurize(classifier, arts) for name, arts in sets}
    shipped = bundled_model()
    print("\ningredient contributions (pair model retrained without each, same threshold):")
    header = "".join(f"  {name:>16}" for name, _ in sets)
    print(f"  {'without':<22}{header}")
    for group, names in [("(nothing: all used)", ()), *GROUPS.items()]:
        model = fit(x, y, drop=names, threshold=shipped.threshold)
        cells = []
        for name, arts in sets:
            predicted = cluster(classifier, arts, feats[name], model)
            cells.append(f"{pairwise(arts, predicted).f1:.3f}/{bcubed(arts, predicted).f1:.3f}")
        print(f"  {group:<22}" + "".join(f"  {c:>16}" for c in cells))
    print("  (pairwise F1 / B-cubed F1)")


def held_out(
    classifier: Classifier,
    articles: Sequence[Labelled],
    folds: int,
    fold_of: Callable[[Labelled], int],
    trained: Callable[[list[Labelled]], PairModel],
) -> dict[str, int]:
    """Article id -> predicted story, each fold of ``articles`` (``fold_of`` says which)
    clustered by the model ``trained`` fits on the other folds; folds never share a story."""
    predicted: dict[str, int] = {}
    for k in range(folds):
        train = [a for a in articles if fold_of(a) != k]
        test = [a for a in articles if fold_of(a) == k]
        model = trained(train)
        for article_id, story in cluster(
            classifier, test, featurize(classifier, test), model
        ).items():
            predicted[article_id] = k * 100_000 + story
    return predicted


def corpus_by_group(classifier: Classifier, folds: int = 5) -> None:
    """The story corpus measured on groups the model was not trained on: its groups dealt
    into ``folds`` folds, each fold's items clustered by a model trained as the shipped one
    (weights and threshold) on the other folds."""
    from train_stories import choose_threshold, fit, load_corpus, training_pairs

    corpus = ordered(load_corpus())
    groups = sorted({corpus_group(a) for a in corpus})
    fold_of = {g: n % folds for n, g in enumerate(groups)}

    def trained(train: list[Labelled]) -> PairModel:
        features = featurize(classifier, train)
        x, y = training_pairs(features, train)
        return choose_threshold(classifier, fit(x, y), train, features)

    predicted = held_out(classifier, corpus, folds, lambda a: fold_of[corpus_group(a)], trained)
    pw, b3 = pairwise(corpus, predicted), bcubed(corpus, predicted)
    print(f"\nstory corpus: {len(corpus)} feed items of 2023, {len({a.story for a in corpus})} "
          f"events in {len(groups)} groups")  # fmt: skip
    print(f"  monitor, cross-validated by group ({folds} folds): pairwise {pw.line()}   "
          f"B-cubed {b3.line()}")  # fmt: skip


HELD_OUT_WAVE = "bench/corpus/stories/, its fifth wave, never trained on"


def held_out_wave() -> list[Labelled]:
    """The story corpus's held-out wave, in published order ([] without ``../shared/train/``)."""
    from train_stories import load_corpus

    if not SHARED_TRAIN.exists():
        print(f"the story corpus's texts are not there ({SHARED_TRAIN}): no held-out wave")
        return []
    return ordered(load_corpus(held_out=True))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, action="append", help="a labelled set (repeatable)")
    parser.add_argument("--errors", action="store_true", help="list wrong pairs")
    parser.add_argument("--samples", action="store_true", help="also cluster the samples")
    parser.add_argument("--ablation", action="store_true", help="each ingredient's worth")
    parser.add_argument("--cv", action="store_true", help="the story corpus by held-out group")
    parser.add_argument("--signals", type=Path, default=None, help="signal lexicon")
    parser.add_argument("--threshold", type=float, help="override the model's threshold")
    args = parser.parse_args(argv)
    classifier = Classifier.from_settings(args.signals)
    files = args.file or [p for p in (REAL, INVENTED) if p.exists()]
    if not args.file and not REAL.exists():
        print(f"the real set is not there ({REAL}): measuring the invented set only")
    # (name, where it comes from, its articles in published order)
    sets = [("real" if f == REAL else "invented" if f == INVENTED else f.name, str(f),
             ordered(load(f))) for f in files]  # fmt: skip
    if not args.file and (held := held_out_wave()):
        sets.append(("held-out wave", HELD_OUT_WAVE, held))
    loaded = [(name, articles) for name, _, articles in sets]
    model = bundled_model()
    if args.threshold is not None:
        model = replace(model, threshold=args.threshold)
    print(f"pair model threshold {model.threshold:.2f}; window {StoryParams().window}")
    for name, where, articles in sets:
        predicted = cluster(classifier, articles, featurize(classifier, articles), model)
        report(f"{name} ({where})", articles, predicted)
        if args.errors:
            errors(articles, predicted)
    if args.cv:
        corpus_by_group(classifier)
    if args.samples:
        report_samples(classifier)
    if args.ablation:
        ablation(classifier, loaded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
