"""Train the pair model of story clustering: how likely two articles report one event.

    python bench/train_stories.py        (make train)

Learns from the story corpus alone (``bench/corpus/stories/``: ids and event labels here,
texts in ``../shared/train/``): feed items of ten outlets from 2023, in groups of reports
that look alike (other outlets' reports of one event, follow-ups, and different events told
in alike words), sorted into events by readers. The first four waves of reading (6,261 items
in 914 groups) are trained on; the fifth (1,505 items in 225 groups, letter ``HELD_OUT``) is
held out, so that ``bench/eval_stories.py`` measures the model on groups of the corpus's own
kind it never saw. Every two items published within three days of each other give the
features of ``monitor.stories.similarity``: two of one group, labelled one event or two by
the readers, and two of different groups that share a word or a name, as two events (the
other candidates clustering weighs at run time); a logistic regression is fitted on them
(L2-regularised, by iteratively reweighted least squares: deterministic, no library beyond
numpy).

The threshold a story needs is chosen on the corpus too: its items are clustered at
thresholds from 0.10 to 0.60 and the best mean of pairwise and B-cubed F1 (over each threshold
and its two neighbours: the middle of a plateau) is kept, among
the thresholds that keep the samples of ``../shared/samples`` as they must be (002 with 004;
000, 001 and 003 apart), which is part of what the service must do. Writes
``monitor/data/story_model.json``.

Neither labelled set of ``bench/eval_stories.py`` is trained on: the real articles of
``../shared/eval/stories_dev.jsonl`` and the invented ones of ``bench/data/`` only measure.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from monitor.classify import Classifier
from monitor.stories.features import Features, cosine
from monitor.stories.similarity import FEATURES, PairModel, pair_vector, weighed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_stories import (
    SAMPLES,
    Labelled,
    as_expected,
    bcubed,
    cluster,
    corpus_group,
    featurize,
    load_samples,
    ordered,
    pairwise,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from sources import SHARED_TRAIN, feed_items

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus" / "stories"))
from labels import settled

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "monitor" / "data" / "story_model.json"
PAIR_DAYS = 3
L2 = 1.0
HELD_OUT = "w"
"""The letter of the groups held out from training (the fifth wave): they only measure."""

GROUPS = {
    "words": ("words same day", "words across days", "words"),
    "titles": ("title same day", "title across days", "title"),
    "names": ("names", "rare names", "title names shared"),
    "amounts": ("amounts shared",),
    "phrases": ("phrases", "phrases across days"),
    "places": ("places disagree", "places shared"),
    "actors": ("actors disagree", "actors shared"),
    "signals (event type)": ("signals shared",),
    "tolls": ("tolls differ",),
    "explainers, live pages": ("no event told",),
    "time": ("days apart", "days apart squared"),
    "meaning (word vectors)": ("meaning",),
}
"""Feature groups by ingredient, for the ablation of ``bench/eval_stories.py``."""


@functools.cache
def load_corpus(shared: Path = SHARED_TRAIN, held_out: bool = False) -> list[Labelled]:
    """The story corpus: its labelled feed items, each with its event ``GROUP-LETTER`` as its
    story; those trained on, or with ``held_out`` those of the held-out wave."""
    events = {i: e for i, e in settled().items() if e.startswith(HELD_OUT) == held_out}
    if not events:
        raise SystemExit("the story corpus has no labels: bench/corpus/stories/labels/ is empty")
    out = []
    for d in feed_items(shared):
        if d["id"] in events:
            published = datetime.fromisoformat(d["published"]).astimezone(UTC)
            out.append(Labelled(d["id"], events[d["id"]], d["feed"], d["link"], published,
                                d.get("title") or "", d.get("text") or ""))  # fmt: skip
    return out


def training_pairs(
    features: Sequence[Features], articles: Sequence[Labelled]
) -> tuple[np.ndarray, np.ndarray]:
    """The pair features and labels of every two articles within ``PAIR_DAYS`` of each
    other: of one group, labelled by whether they report one event; of two groups, as two
    events, when they have enough in common to be weighed at all (``weighed``). The first
    are the close calls readers settled side by side; the second are the other candidates
    clustering meets at run time: reports of other events that share a word or a name.
    Trained on the close calls alone, the model never saw them."""
    x, y = [], []
    for i, (fa, a) in enumerate(zip(features, articles, strict=True)):
        for fb, b in zip(features[i + 1 :], articles[i + 1 :], strict=True):
            if abs((fa.published - fb.published).total_seconds()) > PAIR_DAYS * 86400:
                continue
            words = cosine(fa.terms, fb.terms)
            if corpus_group(a) == corpus_group(b):
                y.append(1.0 if a.story == b.story else 0.0)
            elif weighed(fa, fb, words):
                y.append(0.0)
            else:
                continue
            x.append(pair_vector(fa, fb, words=words))
    return np.array(x), np.array(y)


def logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weights and intercept minimising the log loss plus ``l2/2 * |w|^2`` (Newton)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-9:
            break
    return w[:-1], float(w[-1])


def fit(
    x: np.ndarray, y: np.ndarray, *, drop: Sequence[str] = (), threshold: float = 0.3
) -> PairModel:
    """A pair model fitted on ``x``, ``y``, the features named in ``drop`` left out (their
    weight held at zero)."""
    keep = [i for i, name in enumerate(FEATURES) if name not in drop]
    weights, intercept = logistic(x[:, keep], y)
    full = np.zeros(len(FEATURES))
    full[keep] = weights
    return PairModel(tuple(round(float(w), 6) for w in full), round(intercept, 6), threshold)


def choose_threshold(
    classifier: Classifier,
    model: PairModel,
    articles: Sequence[Labelled],
    features: Sequence[Features],
    show: bool = False,
) -> PairModel:
    """``model`` with the threshold that clusters ``articles`` best, among 0.10 to 0.60 in
    steps of 0.02, and that keeps the samples as they must be (when ``../shared/samples`` is
    there): a lower threshold that merges them is passed over. Best is the mean of pairwise
    and B-cubed F1 over the threshold and its two neighbours, so that a threshold is chosen
    from the middle of a plateau, not from a peak one step wide that the next corpus would
    not repeat."""
    samples, sample_features = _samples(classifier)
    thresholds = [step / 100 for step in range(10, 62, 2)]
    quality, kept = [], []
    for threshold in thresholds:
        candidate = PairModel(model.weights, model.intercept, threshold)
        predicted = cluster(classifier, articles, features, candidate)
        pw, b3 = pairwise(articles, predicted), bcubed(articles, predicted)
        kept.append(as_expected(samples, cluster(classifier, samples, sample_features, candidate)))
        quality.append((pw.f1 + b3.f1) / 2)
        if show:
            print(f"  threshold {threshold:.2f}: pairwise F1 {pw.f1:.3f}, B-cubed F1 {b3.f1:.3f}"
                  + ("" if kept[-1] else "; the samples merge"))  # fmt: skip
    smoothed = [
        sum(quality[max(0, i - 1) : i + 2]) / len(quality[max(0, i - 1) : i + 2])
        for i in range(len(quality))
    ]
    usable = [i for i in range(len(thresholds)) if kept[i]]
    if not usable:
        raise SystemExit("no threshold keeps the samples apart as they must be")
    best = max(usable, key=lambda i: (smoothed[i], -i))
    return PairModel(model.weights, model.intercept, thresholds[best])


@functools.cache
def _samples(classifier: Classifier) -> tuple[list[Labelled], list[Features]]:
    """The samples of ``../shared/samples`` and their features, read once."""
    samples = ordered(load_samples(SAMPLES))
    if not samples:
        print(f"the samples are not there ({SAMPLES}): the threshold is chosen without them")
    return samples, featurize(classifier, samples)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    classifier = Classifier.from_settings(None)
    corpus = ordered(load_corpus())
    features = featurize(classifier, corpus)
    x, y = training_pairs(features, corpus)
    print(f"corpus: {len(corpus)} items in {len({corpus_group(a) for a in corpus})} groups, "
          f"{len(x)} pairs within {PAIR_DAYS} days, {int(y.sum())} same-event")  # fmt: skip
    print("clustering the corpus:")
    chosen = choose_threshold(classifier, fit(x, y), corpus, features, show=True)
    MODEL.write_text(json.dumps(chosen.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"threshold {chosen.threshold:.2f}; weights:")
    for name, w in zip(FEATURES, chosen.weights, strict=True):
        print(f"  {name:<22} {w:+.3f}")
    print(f"  {'(intercept)':<22} {chosen.intercept:+.3f}\nwrote {MODEL}")


if __name__ == "__main__":
    main()
