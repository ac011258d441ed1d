"""How likely two articles report one event: a learned score and the rules that guard it.

The score is a logistic model over what two articles share: their words (weighted by
rarity, all of them and the titles' alone, on the same day and across days), names and rare
names, places below country level, amounts, two-word phrases, actors, signals, and how far
apart in time they are. Its weights are learned by ``bench/train_stories.py`` from real
reports of one event by several outlets and shipped in ``monitor/data/story_model.json``.

Merge protection, the rules on top of it, from what separates events in conflict news:
two reports of violence whose actors disagree (Israel and Lebanon, Israel and Syria), two
reports that name different places and none in common, or whose death tolls are far apart,
are unlikely to be one event however alike their wording; their score is scaled down. The
countries named in other news (a trial "in the U.K.", a summit's guests) are incidental to
the event and left to the learned score.

Pure: features in, numbers out.
"""

from __future__ import annotations

import functools
import json
import math
import operator
import re
from dataclasses import dataclass
from importlib import resources

from monitor.stories.features import Features, Vocabulary, cosine, meaning_cosine, vocabulary

FEATURES = (
    "words same day",
    "title same day",
    "words across days",
    "title across days",
    "phrases across days",
    "amounts shared",
    "phrases",
    "title names shared",
    "words",
    "title",
    "names",
    "rare names",
    "days apart",
    "days apart squared",
    "actors disagree",
    "actors shared",
    "places disagree",
    "places shared",
    "signals shared",
    "tolls differ",
    "no event told",
    "meaning",
)
"""The pair features, in the order of the model's weights."""
VIOLENCE = frozenset({"strike", "casualties"})
"""Signals of a violent incident, whose place and toll identify it."""
UNRELATED = 0.03
"""Below this words' cosine, and with no name in common, two reports are unrelated."""
MAX_DAYS = 3.0
"""Time apart counts up to this many days: the model learns from pairs no further apart."""
RARE = 6.0
"""Names rarer than this (in idf) tie reports together: a person, a town, a company."""


def pair_vector(
    a: Features, b: Features, vocab: Vocabulary | None = None, words: float | None = None
) -> list[float]:
    """What ``a`` and ``b`` share, as the numbers the model weighs (see ``FEATURES``);
    ``words`` is their words' cosine when the caller has it already."""
    vocab = vocab or vocabulary()
    days = min(abs((a.published - b.published).total_seconds()) / 86400, MAX_DAYS)
    same = 1.0 if days < 0.5 else 0.0
    meaning = meaning_cosine(a, b)
    if words is None:
        words = cosine(a.terms, b.terms)
    title = cosine(a.title_terms, b.title_terms)
    shared_names = a.names & b.names
    shared_weights = list(map(vocab.idf, shared_names))
    all_names = vocab.total(a.names) + vocab.total(b.names) - sum(shared_weights) or 1.0
    rare = sum(min(w, 12.0) - RARE for w in shared_weights if w > RARE)
    smaller = max(1, min(len(a.phrases), len(b.phrases)))
    phrases = len(a.phrases & b.phrases) / smaller
    actors_a, actors_b = a.actors, b.actors
    actors_disagree = 1.0 if actors_a and actors_b and not actors_a & actors_b else 0.0
    actors_shared = (
        len(actors_a & actors_b) / min(len(actors_a), len(actors_b))
        if actors_a and actors_b
        else 0.5
    )
    places_disagree = 1.0 if a.places and b.places and not a.places & b.places else 0.0
    return [
        words * same,
        title * same,
        words * (1 - same),
        title * (1 - same),
        phrases * (1 - same),
        float(min(len(a.numbers & b.numbers), 3)),
        phrases,
        float(min(len(a.title_names & b.title_names), 3)),
        words,
        title,
        sum(shared_weights) / all_names,
        min(rare, 12.0) / 12.0,
        days,
        days * days,
        actors_disagree,
        actors_shared,
        places_disagree,
        1.0 if a.places & b.places else 0.0,
        float(len(a.signals & b.signals)),
        1.0 if tolls_differ(a.killed, b.killed) else 0.0,
        1.0 if tells_no_event(a.title) or tells_no_event(b.title) else 0.0,
        meaning,
    ]


_NO_EVENT = re.compile(
    r"^(?:why|what|how|who)\b|\b(?:explained|explainer|analysis|live(?: updates)?|briefing|"
    r"key events|what we know|what to know|here[’']?s (?:what|why|how)|takeaways|in pictures|"
    r"opinion|a look back)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def tells_no_event(title: str) -> bool:
    """Whether a title announces an explainer, an analysis, a live page or a briefing: an
    item that reports no event of its own, and joins one only when wholly about it."""
    return bool(_NO_EVENT.search(title))


def weighed(a: Features, b: Features, words: float) -> bool:
    """Whether two reports have enough in common to be weighed at all: their words' cosine
    (``words``) reaches ``UNRELATED`` or they share a name. Below that they are unrelated."""
    return words >= UNRELATED or bool(a.names & b.names)


def tolls_differ(a: int | None, b: int | None) -> bool:
    """Two stated death tolls too far apart to be one incident's (9 and 40; not 2 and 9,
    which one incident's reports often give as it unfolds)."""
    if a is None or b is None:
        return False
    low, high = min(a, b), max(a, b)
    return high >= 3 * low and high - low >= 10


def actors_disagree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name actors and they do not agree: under half of the smaller set is shared,
    or, when one names only one or two (each of them a principal), not all are."""
    if not a or not b:
        return False
    overlap = len(a & b) / min(len(a), len(b))
    return overlap < 0.5 or (min(len(a), len(b)) <= 2 and overlap < 1.0)


@dataclass(frozen=True, slots=True)
class PairModel:
    """The learned weights, the threshold a story needs, and the protection factors."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    actors_factor: float = 0.5
    places_factor: float = 0.6
    tolls_factor: float = 0.7
    incident_factor: float = 0.25
    """For two reports of violence in different places, or with tolls far apart."""

    def probability(self, a: Features, b: Features, vocab: Vocabulary | None = None) -> float:
        """How likely ``a`` and ``b`` report one event, merge protection applied."""
        words = cosine(a.terms, b.terms)
        if not weighed(a, b, words):
            return 0.0
        x = pair_vector(a, b, vocab, words)
        z = self.intercept + sum(map(operator.mul, self.weights, x))
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return p * self.protection(a, b)

    def protection(self, a: Features, b: Features) -> float:
        """How much of the score survives merge protection (1.0: untouched). Two reports of
        violence (strikes, casualties) by or against other actors, in different places, or
        with tolls far apart and no place in common, are two incidents however alike their
        words: that is held the most strongly."""
        factor = 1.0
        violent = bool(a.signals & VIOLENCE and b.signals & VIOLENCE)
        if violent and actors_disagree(a.actors, b.actors):
            factor *= self.actors_factor
        if a.event_places and b.event_places and not a.places & b.places:
            factor *= self.incident_factor if violent else self.places_factor
        # A toll far above another's is a follow-up when both name the same place ("toll
        # rises to 31"), likely another incident when they share none.
        if tolls_differ(a.killed, b.killed) and not a.places & b.places:
            factor *= self.incident_factor if violent else self.tolls_factor
        return factor

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "protection": {
                "actors": self.actors_factor,
                "places": self.places_factor,
                "tolls": self.tolls_factor,
                "incident": self.incident_factor,
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PairModel:
        if tuple(data["features"]) != FEATURES:  # type: ignore[arg-type]
            raise ValueError("the story model was trained on other features: run make train")
        protection: dict[str, float] = data["protection"]  # type: ignore[assignment]
        weights = tuple(float(w) for w in data["weights"])  # type: ignore[attr-defined]
        if len(weights) != len(FEATURES):
            raise ValueError("the story model has a weight per feature missing: run make train")
        return cls(
            weights,
            float(data["intercept"]),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
            protection["actors"],
            protection["places"],
            protection["tolls"],
            protection["incident"],
        )


@functools.cache
def bundled_model() -> PairModel:
    path = resources.files("monitor") / "data" / "story_model.json"
    return PairModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class Link:
    """Why an article joined a story: what it shares with the story's closest report."""

    similarity: float
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()

    def sentence(self) -> str:
        """``similarity 0.82: places Kharkiv; actors RU, UA; names Zelensky; words glide``"""
        parts = [f"similarity {self.similarity:.2f}"]
        for label, values in (
            ("places", self.places),
            ("actors", self.actors),
            ("names", self.names),
            ("words", self.terms),
        ):
            if values:
                parts.append(f"{label} {', '.join(values)}")
        return "; ".join(parts)


def explain(a: Features, b: Features, similarity: float, vocab: Vocabulary | None = None) -> Link:
    """What ``a`` shares with ``b``, the most telling first, a few of each."""
    vocab = vocab or vocabulary()
    names = sorted(a.names & b.names, key=lambda n: (-vocab.idf(n), n))
    terms = sorted(
        (t for t in a.terms.keys() & b.terms.keys() if t not in a.names),
        key=lambda t: (-(a.terms[t] * b.terms[t]), t),
    )
    return Link(
        round(similarity, 3),
        tuple(sorted(a.places & b.places))[:3],
        tuple(sorted(a.actors & b.actors))[:4],
        tuple(names[:4]),
        tuple(terms[:4]),
    )
