"""Build the word vectors story clustering reads: what words mean, from a year of news.

    python bench/build_vectors.py [--shared PATH] [--dim 100]

Reports of one event by several outlets say it in different words ("the bill" and "the
legislation", "troops" and "soldiers"); shared words alone miss that. This learns a vector
for each word stem from how words are used around it in the 100,000 world-news feed items of
``../shared/train/rss_2023.jsonl.gz`` and the BBC articles beside them:

- the stems of ``monitor.stories.features`` (content words, plural ``-s`` removed), the
  ``VOCABULARY`` most frequent of those met at least ``MIN_COUNT`` times;
- their co-occurrence within ``WINDOW`` words of each other, weighed as positive pointwise
  mutual information (contexts smoothed by the power 0.75);
- reduced to ``--dim`` dimensions by a truncated SVD (fixed random state: deterministic on
  one machine), each word's row scaled by the root of the singular values, at unit length.

Writes ``monitor/data/word_vectors.npz`` (derived data only, no text): ``words``, the vectors
quantised to int8 (``vectors / 127`` gives them back), and ``centre``, the mean meaning of a
feed item, which ``features.meaning`` takes away so that what all news shares does not count.
Needs scikit-learn (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.utils.extmath import randomized_svd

from monitor.stories.features import WORD, normal, stem, stop_words, vocabulary

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from sources import SHARED_TRAIN

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "monitor" / "data" / "word_vectors.npz"
VOCABULARY = 30_000
MIN_COUNT = 5
WINDOW = 5
CENTRE_EVERY = 10
"""The centre is the mean over every tenth feed item."""


def texts(shared: Path) -> Iterator[tuple[str, str]]:
    """(title, text) of every feed item, then of every BBC article."""
    with gzip.open(shared / "rss_2023.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield d.get("title") or "", d.get("text") or ""
    with (shared / "bbc_news.jsonl").open(encoding="utf-8") as f:
        for line in f:
            yield "", json.loads(line)["text"]


def stems(text: str, stop: frozenset[str]) -> list[str]:
    out = []
    for word in WORD.findall(text):
        lowered = normal(word)
        if len(lowered) >= 3 and lowered not in stop:
            out.append(stem(lowered))
    return out


def cooccurrence(sequences: list[list[int]], n: int) -> sparse.csr_matrix:
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for seq in sequences:
        ids = np.asarray(seq)
        for offset in range(1, WINDOW + 1):
            if len(ids) > offset:
                a, b = ids[:-offset], ids[offset:]
                rows += [a, b]
                cols += [b, a]
    r, c = np.concatenate(rows), np.concatenate(cols)
    counts = sparse.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(n, n))
    return counts.tocsr()


def ppmi(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    total = counts.sum()
    row = np.asarray(counts.sum(axis=1)).ravel() / total
    context = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    context /= context.sum()
    coo = counts.tocoo()
    pmi = np.log((coo.data / total) / (row[coo.row] * context[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN)
    parser.add_argument("--dim", type=int, default=100)
    args = parser.parse_args()
    stop = stop_words()
    read = list(texts(args.shared))
    docs = [stems(f"{title}. {text}", stop) for title, text in read]
    counts = Counter(t for doc in docs for t in doc)
    words = sorted(
        (t for t, n in counts.most_common(VOCABULARY) if n >= MIN_COUNT),
        key=lambda t: (-counts[t], t),
    )
    index = {t: i for i, t in enumerate(words)}
    sequences = [[index[t] for t in doc if t in index] for doc in docs]
    u, s, _ = randomized_svd(
        ppmi(cooccurrence(sequences, len(words))), args.dim, n_iter=5, random_state=0
    )
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    quantised = np.round(vectors * 127).astype(np.int8)
    centre = item_centre(read, index, quantised.astype(np.float32) / 127, stop)
    np.savez_compressed(OUT, words=np.array(words), vectors=quantised, centre=centre)
    print(f"{len(docs)} texts, {len(words)} stems, {args.dim} dimensions; wrote {OUT} "
          f"({OUT.stat().st_size:,} bytes)")  # fmt: skip


def item_centre(
    read: list[tuple[str, str]], index: dict[str, int], vectors: np.ndarray, stop: frozenset[str]
) -> np.ndarray:
    """The mean meaning of a feed item, its terms weighed as ``features_of`` weighs them
    (a title's words twice, by rarity), over every ``CENTRE_EVERY``-th item."""
    vocab = vocabulary()
    total, n = np.zeros(vectors.shape[1]), 0
    for k, (title, text) in enumerate(read):
        if k % CENTRE_EVERY or not title:
            continue
        weights: Counter[str] = Counter()
        for part, times in ((title, 2), (text, 1)):
            for t in stems(part, stop):
                weights[t] += times
        rows = [(index[t], w * vocab.idf(t)) for t, w in weights.items() if t in index]
        if not rows:
            continue
        v = sum(w * vectors[i] for i, w in rows)
        norm = float(np.linalg.norm(v))
        if norm:
            total += v / norm
            n += 1
    return (total / max(n, 1)).astype(np.float32)


if __name__ == "__main__":
    main()
