"""Train the pair model of story clustering: how likely two articles report one event.

    python bench/train_stories.py [--file PATH]        (make train)

Reads real reports of one event by several outlets (``../shared/eval/stories_dev.jsonl``:
511 articles in 177 events, the set the design keeps for tuning stories), computes the pair
features of ``monitor.stories.similarity`` for every two articles published within three
days of each other, and fits a logistic regression on them (L2-regularised, by iteratively
reweighted least squares: deterministic, no library beyond numpy). The threshold a story
needs is then chosen by clustering the same set at thresholds from 0.20 to 0.50 and keeping
the best mean of pairwise and B-cubed F1. Writes ``monitor/data/story_model.json``.

The invented set of ``bench/data/`` is never trained on: it measures how the model holds up
on other events (``bench/eval_stories.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from monitor.classify import Classifier
from monitor.stories.features import Features
from monitor.stories.similarity import FEATURES, PairModel, pair_vector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_stories import REAL, Labelled, bcubed, cluster, featurize, load, ordered, pairwise

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "monitor" / "data" / "story_model.json"
PAIR_DAYS = 3
L2 = 1.0

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
    "time": ("days apart", "days apart squared"),
}
"""Feature groups by ingredient, for the ablation of ``bench/eval_stories.py``."""


def training_pairs(
    features: Sequence[Features], articles: Sequence[Labelled]
) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for i, (fa, a) in enumerate(zip(features, articles, strict=True)):
        for fb, b in zip(features[i + 1 :], articles[i + 1 :], strict=True):
            if abs((fa.published - fb.published).total_seconds()) > PAIR_DAYS * 86400:
                continue
            x.append(pair_vector(fa, fb))
            y.append(1.0 if a.story == b.story else 0.0)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=REAL)
    args = parser.parse_args()
    if not args.file.exists():
        raise SystemExit(f"the training set is not there: {args.file}")
    classifier = Classifier.from_settings(None)
    articles = ordered(load(args.file))
    features = featurize(classifier, articles)
    x, y = training_pairs(features, articles)
    print(f"{len(articles)} articles, {len(x)} pairs within {PAIR_DAYS} days, "
          f"{int(y.sum())} same-event")  # fmt: skip
    model = fit(x, y)
    best = None
    for step in range(20, 52, 2):
        candidate = PairModel(model.weights, model.intercept, step / 100)
        predicted = cluster(classifier, articles, features, candidate)
        pw, b3 = pairwise(articles, predicted), bcubed(articles, predicted)
        score = (pw.f1 + b3.f1) / 2
        print(f"  threshold {step / 100:.2f}: pairwise F1 {pw.f1:.3f}, B-cubed F1 {b3.f1:.3f}")
        if best is None or score > best[0]:
            best = (score, candidate)
    assert best is not None
    chosen = best[1]
    MODEL.write_text(json.dumps(chosen.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"threshold {chosen.threshold:.2f}; weights:")
    for name, w in zip(FEATURES, chosen.weights, strict=True):
        print(f"  {name:<22} {w:+.3f}")
    print(f"  {'(intercept)':<22} {chosen.intercept:+.3f}\nwrote {MODEL}")


if __name__ == "__main__":
    main()
