"""The learned component: a linear model per signal over hashed lemma n-grams and rule hits.

Each article becomes a set of hashed features (``FEATURE_DIM`` buckets): the lemmas of its
words and pairs of neighbouring words within a sentence (numbers as one token), and the
rules' own findings (which rule of which signal matched, before and after its checks).
Each feature is tied to the sentence it came from. A signal's probability is the logistic
of its bias plus the weights of the features present; a sentence's contribution is the sum
of the weights of its own features, so the sentence that carried a decision can be quoted
as evidence.

How the model is used is decided per signal by measurement (``bench/train_classifier.py``)
and shipped with the weights: as a filter on the rules (a rule's signal is kept only when
the probability reaches ``low``), as a second opinion (a signal no rule found is added when
it reaches ``high``), both, or not at all.

Weights are read from ``monitor/data/model.npz`` with numpy alone: nothing is downloaded,
and nothing beyond the classifier's own dependencies is needed at run time. This module
computes features and probabilities; it does not train (the training script does) and
does not match rules (the classifier does).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

FEATURE_DIM = 1 << 18
"""Buckets of the feature hash."""
FEATURE_VERSION = "1"
"""Changed whenever the features change: weights trained on others are refused."""

_MIX = np.uint64(0x9E3779B97F4A7C15)
_UNIGRAM = np.uint64(1)
_BIGRAM = np.uint64(2)
_NUM = np.uint64(get_string_id("<num>"))
_SHIFT = np.uint64(29)


def _mix(a: np.ndarray, b: np.ndarray | np.uint64) -> np.ndarray:
    """A hash of two arrays of 64-bit values (wrapping multiplication, then a shift-xor)."""
    h: np.ndarray = a * _MIX + b
    mixed: np.ndarray = h ^ (h >> _SHIFT)
    return mixed


@dataclass(frozen=True, slots=True)
class Features:
    """The features of one article: bucket indices, each with the sentence it came from."""

    index: np.ndarray
    """Bucket of each feature occurrence (int64)."""
    sentence: np.ndarray
    """Sentence number of each occurrence (int64), aligned with ``index``."""

    def unique(self) -> np.ndarray:
        """The distinct buckets present in the article."""
        return np.unique(self.index)


def text_features(doc: Doc, sent_of: Sequence[int]) -> Features:
    """Hashed lemma unigrams and within-sentence bigrams of an annotated doc."""
    n = len(doc)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Features(empty, empty)
    cols = doc.to_array(["LEMMA", "IS_PUNCT", "IS_SPACE", "LIKE_NUM"]).astype(np.uint64)
    keep = (cols[:, 1] == 0) & (cols[:, 2] == 0)
    lemmas = np.where(cols[:, 3] == 1, _NUM, cols[:, 0])[keep]
    sents = np.asarray(sent_of, dtype=np.int64)[keep]
    uni = _mix(lemmas, _UNIGRAM)
    same = sents[1:] == sents[:-1]
    bi = _mix(_mix(lemmas[:-1], _BIGRAM), lemmas[1:])[same]
    index = np.concatenate([uni, bi]) % np.uint64(FEATURE_DIM)
    sentence = np.concatenate([sents, sents[1:][same]])
    return Features(index.astype(np.int64), sentence)


def named_features(names: Iterable[tuple[str, int]]) -> Features:
    """Features named by strings (a rule's finding), each with its sentence."""
    pairs = list(names)
    if not pairs:
        empty = np.zeros(0, dtype=np.int64)
        return Features(empty, empty)
    ids = np.array([get_string_id(name) for name, _ in pairs], dtype=np.uint64)
    index = (_mix(ids, np.uint64(3)) % np.uint64(FEATURE_DIM)).astype(np.int64)
    return Features(index, np.array([s for _, s in pairs], dtype=np.int64))


def join(*parts: Features) -> Features:
    return Features(
        np.concatenate([p.index for p in parts]), np.concatenate([p.sentence for p in parts])
    )


@dataclass(frozen=True, slots=True)
class SignalModel:
    """One signal's weights and how they are used."""

    name: str
    bias: float
    weights: np.ndarray
    """One float32 weight per bucket."""
    low: float
    """A rule's signal is kept only if the probability reaches this (0: no filter)."""
    high: float
    """A signal no rule found is added if the probability reaches this (above 1: never)."""

    @property
    def mode(self) -> str:
        """``filter``, ``second opinion``, ``filter and second opinion`` or ``off``."""
        parts = []
        if self.low > 0:
            parts.append("filter")
        if self.high <= 1:
            parts.append("second opinion")
        return " and ".join(parts) or "off"

    def probability(self, present: np.ndarray) -> float:
        z = self.bias + float(self.weights[present].sum(dtype=np.float64))
        return 1.0 / (1.0 + float(np.exp(-z)))

    def best_sentence(self, features: Features) -> int:
        """The sentence whose own features weigh most for the signal."""
        if len(features.index) == 0:
            return 0
        pairs = np.unique(features.sentence * FEATURE_DIM + features.index)
        sentences = pairs // FEATURE_DIM
        contributions = np.bincount(sentences, weights=self.weights[pairs % FEATURE_DIM])
        return int(np.argmax(contributions))


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """The learned component: a model per signal (only those it is used for)."""

    signals: dict[str, SignalModel]
    digest: str
    """A short hash of the weights and thresholds (part of the classifier's digest)."""

    def used_for(self, name: str) -> SignalModel | None:
        model = self.signals.get(name)
        return model if model is not None and model.mode != "off" else None


def bundled_model_path() -> Path:
    from monitor.classify.lexicon import bundled_path

    return bundled_path("model.npz")


def save_model(path: Path, models: Sequence[SignalModel], meta: dict[str, object]) -> None:
    """Write the weights of ``models`` (non-zero buckets only) and their thresholds."""
    arrays: dict[str, np.ndarray] = {}
    header = {"feature_version": FEATURE_VERSION, "dim": FEATURE_DIM, "signals": [], **meta}
    for model in models:
        nonzero = np.flatnonzero(model.weights)
        arrays[f"{model.name}.index"] = nonzero.astype(np.int32)
        arrays[f"{model.name}.value"] = model.weights[nonzero].astype(np.float32)
        header["signals"].append(  # type: ignore[attr-defined]
            {"name": model.name, "bias": model.bias, "low": model.low, "high": model.high}
        )
    arrays["header"] = np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8)
    with path.open("wb") as f:
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]


def load_model(path: Path) -> LearnedModel | None:
    """The model at ``path``, or None if there is none or it was built for other features."""
    if not path.exists():
        return None
    with np.load(path) as data:
        raw = bytes(data["header"].tobytes())
        header = json.loads(raw)
        if header.get("feature_version") != FEATURE_VERSION or header.get("dim") != FEATURE_DIM:
            return None
        signals = {}
        digest = hashlib.sha256(raw)
        for entry in header["signals"]:
            name = str(entry["name"])
            weights = np.zeros(FEATURE_DIM, dtype=np.float32)
            index = data[f"{name}.index"]
            values = data[f"{name}.value"]
            weights[index] = values
            digest.update(index.tobytes())
            digest.update(values.tobytes())
            signals[name] = SignalModel(
                name, float(entry["bias"]), weights, float(entry["low"]), float(entry["high"])
            )
    return LearnedModel(signals, digest.hexdigest()[:12])


__all__ = [
    "FEATURE_DIM",
    "Features",
    "LearnedModel",
    "SignalModel",
    "bundled_model_path",
    "join",
    "load_model",
    "named_features",
    "save_model",
    "text_features",
]
