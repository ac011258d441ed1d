"""Train the classifier's learned component on the labelled corpus, and decide its use.

    python bench/train_classifier.py [--labels DIR] [--out monitor/data/model.npz]

(``make train``; needs the ``train`` extra: scikit-learn.) Steps, all deterministic:

1. every labelled item of the corpus (``bench/corpus/corpus.py``; texts from
   ``../shared/train/``) is classified by the rules alone, which also gives the features
   the model sees (``monitor.classify.model``);
2. leave one source out: for each source, a logistic regression per signal is trained on
   every other source and gives probabilities for the left-out one;
3. per signal, the use of the model is chosen on the ``tune`` split of every source only
   (the ``test`` split stays unread): as a filter on the rules (keep a rule's signal when
   the probability reaches ``low``), as a second opinion (add a signal no rule found when
   it reaches ``high``), both, or not at all. The objective is the mean F1 over the
   sources with enough positives, less the share of no-signal items given the
   signal; a use is kept only if it beats the rules alone;
4. the model is trained again on every labelled item and written with the chosen
   thresholds to ``monitor/data/model.npz`` (only for the signals it is used for).

Prints each step's figures. It reads the corpus and writes one file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "bench" / "corpus"))

from corpus import SOURCES, Label, load_corpus, with_texts  # noqa: E402

from monitor.classify import Classifier  # noqa: E402
from monitor.classify.model import FEATURE_DIM, SignalModel, save_model  # noqa: E402

SIGNALS = ("strike", "casualties", "un_statement")
SEED = 13
C = 0.5
"""Inverse L2 strength of the logistic regression."""
MIN_POSITIVES = 10
LOWS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
HIGHS = (0.6, 0.7, 0.8, 0.9, 0.95, 2.0)
FALSE_SIGNAL_COST = 1.0
MARGIN = 0.005
"""How much a use of the model must beat the rules alone on the objective."""


@dataclass(frozen=True, slots=True)
class Data:
    """The corpus as the model sees it."""

    labels: list[Label]
    x: csr_matrix
    """Distinct feature buckets of each item (binary)."""
    rules: np.ndarray
    """(items, signals) booleans: what the rules alone decided."""
    gold: np.ndarray
    """(items, signals) booleans: what the readers said."""


def build(rows: Sequence[tuple[Label, str, str]], classifier: Classifier) -> Data:
    indptr = [0]
    indices: list[np.ndarray] = []
    rules = np.zeros((len(rows), len(SIGNALS)), dtype=bool)
    results = classifier.rules_and_features((t, x) for _, t, x in rows)
    for i, (result, present) in enumerate(results):
        indices.append(present)
        indptr.append(indptr[-1] + len(present))
        for j, name in enumerate(SIGNALS):
            rules[i, j] = name in result.signal_names
    flat = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    x = csr_matrix(
        (np.ones(len(flat), dtype=np.float32), flat, np.array(indptr)),
        shape=(len(rows), FEATURE_DIM),
    )
    gold = np.array([[lab.signal(n) for n in SIGNALS] for lab, _, _ in rows], dtype=bool)
    return Data([lab for lab, _, _ in rows], x, rules, gold)


def fit(x: csr_matrix, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Bias and weights of a logistic regression (deterministic)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=1000)
    model.fit(x, y)
    return float(model.intercept_[0]), model.coef_[0].astype(np.float32)


def probabilities(x: csr_matrix, bias: float, weights: np.ndarray) -> np.ndarray:
    z = bias + x @ weights.astype(np.float64)
    return 1.0 / (1.0 + np.exp(-z))


def loso(data: Data) -> dict[str, dict[str, tuple[float, np.ndarray]]]:
    """For each source, the per-signal models trained on every other source."""
    sources = np.array([lab.source for lab in data.labels])
    out: dict[str, dict[str, tuple[float, np.ndarray]]] = {}
    for source in SOURCES:
        train = sources != source
        if train.all():
            continue
        out[source] = {}
        for j, name in enumerate(SIGNALS):
            y = data.gold[train, j]
            if y.all() or not y.any():
                continue
            out[source][name] = fit(data.x[train], y)
    return out


def decide(rules: np.ndarray, p: np.ndarray, low: float, high: float) -> np.ndarray:
    return (rules & (p >= low)) | (~rules & (p >= high))


def f1(gold: np.ndarray, guess: np.ndarray) -> float:
    tp = int((gold & guess).sum())
    fp = int((~gold & guess).sum())
    fn = int((gold & ~guess).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def objective(
    data: Data, j: int, probs: np.ndarray, low: float, high: float, mask: np.ndarray
) -> tuple[float, float, float]:
    """(objective, mean F1, false-signal share) of one use of the model over ``mask``."""
    sources = np.array([lab.source for lab in data.labels])
    guess = decide(data.rules[:, j], probs, low, high)
    scores = []
    for source in SOURCES:
        sel = mask & (sources == source)
        if data.gold[sel, j].sum() >= MIN_POSITIVES:
            scores.append(f1(data.gold[sel, j], guess[sel]))
    none = mask & ~data.gold.any(axis=1)
    false_share = float(guess[none].mean()) if none.any() else 0.0
    mean_f1 = float(np.mean(scores)) if scores else 0.0
    return mean_f1 - FALSE_SIGNAL_COST * false_share, mean_f1, false_share


def loso_probabilities(
    data: Data, models: dict[str, dict[str, tuple[float, np.ndarray]]]
) -> np.ndarray:
    """(items, signals) probabilities, each from the model that never saw its source."""
    probs = np.full(data.gold.shape, 0.5)
    for i, lab in enumerate(data.labels):
        for j, name in enumerate(SIGNALS):
            if name in models.get(lab.source, {}):
                bias, weights = models[lab.source][name]
                probs[i, j] = probabilities(data.x[i], bias, weights)[0]
    return probs


def _best(
    data: Data,
    j: int,
    probs: np.ndarray,
    mask: np.ndarray,
    lows: Sequence[float],
    highs: Sequence[float],
) -> tuple[float, float, float]:
    """(objective, low, high) of the best use of the model among ``lows`` x ``highs``."""
    best = (-1.0, 0.0, 2.0)
    for low in lows:
        for high in highs:
            score = objective(data, j, probs, low, high, mask)[0]
            if score > best[0] + 1e-12:
                best = (score, low, high)
    return best


def choose(data: Data, probs: np.ndarray) -> dict[str, tuple[float, float]]:
    """Per signal, (low, high) chosen on the tune split; (0, 2) means the model is not used.

    Prints, per signal, the rules alone and the best use of the model as a filter, as a
    second opinion and as both (mean F1 over the sources, share of no-signal items given
    the signal), all measured with models that never saw the item's source.
    """
    tune = np.array([lab.fold == "tune" for lab in data.labels])
    chosen: dict[str, tuple[float, float]] = {}
    print("\nuse of the model per signal, chosen on the tune split of every source (LOSO):")
    for j, name in enumerate(SIGNALS):
        p = probs[:, j]
        base = objective(data, j, p, 0.0, 2.0, tune)
        print(f"  {name:<13} rules alone            mean F1 {base[1]:.3f}  false {base[2]:.3f}")
        best = (base[0] + MARGIN, 0.0, 2.0)
        for use, lows, highs in (
            ("filter", LOWS[1:], (2.0,)),
            ("second opinion", (0.0,), HIGHS[:-1]),
            ("both", LOWS[1:], HIGHS[:-1]),
        ):
            score, low, high = _best(data, j, p, tune, lows, highs)
            got = objective(data, j, p, low, high, tune)
            print(
                f"  {'':<13} {use:<15} {low:>4}/{high:<4} mean F1 {got[1]:.3f}  false {got[2]:.3f}"
            )
            if score > best[0] + 1e-12:
                best = (score, low, high)
        low, high = best[1], best[2]
        model = SignalModel(name, 0.0, np.zeros(1, dtype=np.float32), low, high)
        print(f"  {'':<13} chosen: {model.mode} (low {low}, high {high})")
        chosen[name] = (low, high)
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=None, help="corpus label files")
    parser.add_argument("--out", type=Path, default=ROOT / "monitor" / "data" / "model.npz")
    args = parser.parse_args()
    corpus = load_corpus(args.labels) if args.labels else load_corpus()
    rows = with_texts(corpus)
    print(f"{len(rows)} labelled items; classifying with the rules alone ...")
    data = build(rows, Classifier.from_settings(None, learned=None))
    models = loso(data)
    probs = loso_probabilities(data, models)
    chosen = choose(data, probs)
    used = [name for name, (low, high) in chosen.items() if low > 0 or high <= 1]
    final = []
    for name in used:
        j = SIGNALS.index(name)
        bias, weights = fit(data.x, data.gold[:, j])
        low, high = chosen[name]
        final.append(SignalModel(name, bias, weights, low, high))
    meta = {
        "trained_on": len(rows),
        "positives": {n: int(data.gold[:, j].sum()) for j, n in enumerate(SIGNALS)},
        "C": C,
        "seed": SEED,
    }
    if final:
        save_model(args.out, final, meta)
        print(f"\nwrote {args.out}: a model for {', '.join(used)}")
    else:
        if args.out.exists():
            args.out.unlink()
        print("\nno use of the model beats the rules alone: none shipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
