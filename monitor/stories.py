"""Which story a new article belongs to, and what the story becomes. Pure: no I/O, no clock.

An article joins the open story that reports the same event, or opens a new one. The
decision uses what the article says:

- words: the cosine similarity of its content words (title words count double) against the
  story's, each weighted by how rare it is among recent articles (inverse document
  frequency), so "Iran" and "Baluchistan" weigh more than "said" or "officials";
- actors: countries and groups in common raise the similarity; two articles with actors
  and none in common are unlikely to report one event and are held to a higher bar;
- signals in common raise it a little;
- time: a story stays open ``window`` (48 hours by default) after its latest article;
  an article published outside that window never joins it.

Candidates come from an inverted index over the open stories (word -> stories,
actor -> stories), never from a scan of every story, so the cost of one decision stays
flat as the database grows. Stories leave the index when their window has passed.

A story's figures are derived from its articles: the highest stated ``killed`` and
``injured`` (never a sum: outlets repeat one toll), its independent sources (distinct
domains, an article that is a near-copy of an earlier one in the story, as wire copy
republished by several outlets is, counting once), and a score: its best article's score
raised by up to half again as independent sources confirm it. Every change of level is
returned with the article that caused it.

Given the same articles in the same order, the same stories come out.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from monitor.models import Classification, Level, LevelChange, Signal, Story

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_NOISE = frozenset(
    {"said", "says", "say", "told", "according", "reported", "reports", "report", "news",
     "people", "year", "years", "week", "day", "days", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "mr", "ms", "new", "also", "would", "could",
     "percent", "time", "live", "updates", "update", "latest", "video", "photos", "watch"}
)  # fmt: skip
LEAD_WORDS = 300
"""Only the title and the opening of the text are compared: the lead and what follows it
state the event; the end of a long article wanders into background shared by every story
of a conflict."""
SHINGLE_WORDS = 3


@dataclass(frozen=True, slots=True)
class StoryParams:
    """How stories are formed. Defaults are tuned on the labelled set in ``bench/``."""

    window: timedelta = timedelta(hours=48)
    """A story stays open this long after its latest article."""
    threshold: float = 0.30
    """The similarity an article needs to join a story."""
    mismatch_threshold: float = 0.55
    """The similarity needed when both name actors and share under half of the smaller set:
    Israel and Iran trading strikes is not the same event as Iran and Pakistan trading
    strikes."""
    gap_penalty: float = 0.15
    """The threshold rises by this much over a window of silence since the story's latest
    article: a fresh story is easier to join than one going quiet, so that related events
    on successive days do not chain into one story."""
    copy_similarity: float = 0.6
    """Shingle overlap above which an article is a copy of another (one source)."""
    max_terms: int = 60
    """Words kept per article."""
    max_candidates: int = 10
    """Stories compared in full with each article, the most word-sharing first."""
    source_bonus: float = 0.125
    """Each independent source after the first raises the story score by this fraction..."""
    max_source_bonus: float = 0.5
    """...up to this fraction."""


@dataclass(frozen=True, slots=True)
class Item:
    """What clustering needs to know of one classified article."""

    article_id: int
    published: datetime
    title: str
    url: str
    domain: str
    feeds: frozenset[str]
    terms: Counter[str]
    """Content words of the title and lead; title words count twice."""
    shingles: frozenset[int]
    """Hashes of the lead's word triples, to recognise copies of one text."""
    classification: Classification
    quotes: tuple[Signal, ...] = ()
    """The article's signals with their evidence widened to a readable quote, for alerts."""


def item_from(
    article_id: int,
    *,
    title: str,
    text: str,
    url: str,
    published: datetime,
    feeds: Iterable[str],
    classification: Classification,
    params: StoryParams = StoryParams(),
    quotes: tuple[Signal, ...] = (),
) -> Item:
    """The clustering view of one article."""
    title_words = _words(title)
    lead_words = _words(text)[:LEAD_WORDS]
    terms: Counter[str] = Counter()
    for word in title_words:
        terms[word] += 2
    for word in lead_words:
        terms[word] += 1
    if len(terms) > params.max_terms:
        terms = Counter(dict(terms.most_common(params.max_terms)))
    sequence = _tokens(title) + _tokens(text)[:LEAD_WORDS]
    shingles = frozenset(
        zlib.crc32(" ".join(sequence[i : i + SHINGLE_WORDS]).encode())
        for i in range(max(0, len(sequence) - SHINGLE_WORDS + 1))
    )
    return Item(
        article_id,
        published,
        title,
        url,
        domain_of(url),
        frozenset(feeds),
        terms,
        shingles,
        classification,
        quotes,
    )


def domain_of(url: str) -> str:
    """The registrable-looking part of a URL's host: ``www.bbc.co.uk`` -> ``bbc.co.uk``."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@functools.cache
def _stop_words() -> frozenset[str]:
    # spaCy's English list; imported on first use, as importing spaCy takes a while.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | _NOISE


def _words(text: str) -> list[str]:
    stop = _stop_words()
    out = []
    for word in _tokens(text):
        word = word.replace("’", "'").removesuffix("'s")
        if len(word) < 3 or word in stop:
            continue
        out.append(_stem(word))
    return out


def _stem(word: str) -> str:
    # Plural and third-person -s only: enough to meet "strikes" with "strike" across outlets.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(slots=True)
class OpenStory:
    """A story the index can still add articles to, with its articles' clustering views.

    What every decision reads is kept up to date as articles are added, so that adding
    one costs work in proportion to the story's size, never to its square."""

    id: int
    items: dict[int, Item] = field(default_factory=dict)
    terms: Counter[str] = field(default_factory=Counter)
    """For each word, in how many of the story's articles it occurs."""
    actors: Counter[str] = field(default_factory=Counter)
    signals: Counter[str] = field(default_factory=Counter)
    originals: list[Item] = field(default_factory=list)
    """Its articles that are no copy of an earlier one: its independent reports."""
    norm: float | None = None
    """The length of its word vector, computed when the story last changed."""
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    level: Level = Level.NONE

    def add(self, item: Item, copy_of: int | None) -> None:
        old = self.items.get(item.article_id)
        if old is not None:
            self.terms.subtract(old.terms.keys())
            self.actors.subtract(old.classification.actors)
            self.signals.subtract(old.classification.signal_names)
            self.originals = [o for o in self.originals if o.article_id != item.article_id]
        self.items[item.article_id] = item
        self.terms.update(item.terms.keys())
        self.actors.update(item.classification.actors)
        self.signals.update(item.classification.signal_names)
        self.terms, self.actors, self.signals = +self.terms, +self.actors, +self.signals
        if copy_of is None:
            self.originals.append(item)
        self.norm = None
        if self.first_seen is None or item.published < self.first_seen:
            self.first_seen = item.published
        if self.last_seen is None or item.published > self.last_seen:
            self.last_seen = item.published


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went and what its story is now."""

    story: Story
    created: bool
    """True when the article opened the story."""
    change: LevelChange | None
    """The level change this article caused, if any (a new story always has one)."""
    similarity: float
    """How similar the article was to the story it joined (1.0 for a new story)."""
    copy_of: int | None
    """The article this one is a near-copy of, if any (it adds no independent source)."""


class StoryIndex:
    """The open stories, indexed for fast candidate lookup. Not thread-safe."""

    def __init__(
        self,
        level_of: Callable[[float], Level],
        params: StoryParams = StoryParams(),
        next_id: int = 1,
    ) -> None:
        self.params = params
        self.level_of = level_of
        self.next_id = next_id
        self.stories: dict[int, OpenStory] = {}
        self.by_term: defaultdict[str, set[int]] = defaultdict(set)
        self.by_actor: defaultdict[str, set[int]] = defaultdict(set)
        self.article_story: dict[int, int] = {}
        self.df: Counter[str] = Counter()
        """In how many indexed articles each word occurs (for its weight)."""
        self.documents = 0

    # --- the decision ------------------------------------------------------------------

    def assign(self, item: Item) -> Assignment:
        """Add ``item`` to its story (an update of an indexed article stays in its story)."""
        self._count(item)
        known = self.article_story.get(item.article_id)
        found: OpenStory | None
        if known is not None and known in self.stories:
            found, similarity = self.stories[known], 1.0
        else:
            found, similarity = self._best(item)
        created = found is None
        if found is None:
            story = OpenStory(self.next_id)
            self.next_id += 1
            self.stories[story.id] = story
            similarity = 1.0
        else:
            story = found
        copy_of = self._copy_of(item, story)
        story.add(item, copy_of)
        self._index(story, item)
        self.article_story[item.article_id] = story.id
        summary = self.summarize(story)
        change = None
        if created or summary.level > story.level:
            change = LevelChange(
                item.published, None if created else story.level, summary.level, item.article_id
            )
            story.level = summary.level
        return Assignment(summary, created, change, round(similarity, 3), copy_of)

    def _best(self, item: Item) -> tuple[OpenStory | None, float]:
        best: tuple[float, int] | None = None
        for story_id in self._candidates(item):
            story = self.stories[story_id]
            if not self._in_window(story, item.published):
                continue
            score = self.similarity(item, story)
            needed = self.params.threshold
            if _actors_disagree(item, story):
                needed = self.params.mismatch_threshold
            assert story.last_seen is not None
            gap = max(0.0, (item.published - story.last_seen).total_seconds())
            needed += self.params.gap_penalty * gap / self.params.window.total_seconds()
            if score >= needed and (best is None or score > best[0]):
                best = (score, story_id)
        if best is None:
            return None, 0.0
        return self.stories[best[1]], best[0]

    def _candidates(self, item: Item) -> list[int]:
        # Shared words, weighted by rarity, rank the stories worth comparing in full; actors
        # alone cannot reach the threshold, so they do not make a story a candidate.
        shared: defaultdict[int, float] = defaultdict(float)
        common = max(50, self.documents // 10)
        for term in item.terms:
            if self.df[term] > common:
                continue  # in one open article of ten: it finds everything, decides nothing
            weight = self._idf(term)
            for story_id in self.by_term.get(term, ()):
                shared[story_id] += weight
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        return [story_id for story_id, _ in ranked[: self.params.max_candidates]]

    def _in_window(self, story: OpenStory, published: datetime) -> bool:
        assert story.first_seen and story.last_seen
        window = self.params.window
        return story.first_seen - window <= published <= story.last_seen + window

    def similarity(self, item: Item, story: OpenStory) -> float:
        """Word cosine, plus a bonus for shared actors and signals, at most 1."""
        n = len(story.items)
        dot = norm_item = 0.0
        for term, weight in item.terms.items():
            idf = self._idf(term)
            w = weight * idf
            norm_item += w * w
            if term in story.terms:
                dot += w * idf * story.terms[term] / n
        if story.norm is None:
            story.norm = math.sqrt(
                sum((self._idf(t) * count / n) ** 2 for t, count in story.terms.items())
            )
        cosine = dot / (math.sqrt(norm_item) * story.norm) if norm_item and story.norm else 0.0
        shared_actors = _actor_overlap(item, story) or 0.0
        signals = item.classification.signal_names
        shared_signals = len(signals & story.signals.keys()) / len(signals) if signals else 0.0
        return min(1.0, cosine + 0.15 * shared_actors + 0.05 * shared_signals)

    def _idf(self, term: str) -> float:
        return math.log((1 + self.documents) / (1 + self.df[term])) + 1.0

    def _copy_of(self, item: Item, story: OpenStory) -> int | None:
        for other in story.originals:
            if other.article_id != item.article_id and self._is_copy(item, other):
                return other.article_id
        return None

    # --- bookkeeping -------------------------------------------------------------------

    def _count(self, item: Item) -> None:
        if item.article_id in self.article_story:
            return
        self.documents += 1
        self.df.update(item.terms.keys())

    def _index(self, story: OpenStory, item: Item) -> None:
        for term in item.terms:
            self.by_term[term].add(story.id)
        for actor in item.classification.actors:
            self.by_actor[actor].add(story.id)

    def restore(self, story_id: int, items: Sequence[Item], level: Level) -> None:
        """Put a stored open story back in the index (at start-up), as it was."""
        story = OpenStory(story_id, level=level)
        for item in sorted(items, key=lambda i: (i.published, i.article_id)):
            self._count(item)
            story.add(item, self._copy_of(item, story))
            self._index(story, item)
            self.article_story[item.article_id] = story_id
        self.stories[story_id] = story
        self.next_id = max(self.next_id, story_id + 1)

    def expire(self, now: datetime) -> list[int]:
        """Drop the stories whose window has passed at ``now``; their ids."""
        cutoff = now - self.params.window
        gone = [s.id for s in self.stories.values() if s.last_seen and s.last_seen < cutoff]
        for story_id in gone:
            story = self.stories.pop(story_id)
            for item in story.items.values():
                self.article_story.pop(item.article_id, None)
                self.documents -= 1
                for term in item.terms:
                    self.df[term] -= 1
                    if self.df[term] <= 0:
                        del self.df[term]
                for term in item.terms:
                    self.by_term[term].discard(story_id)
                    if not self.by_term[term]:
                        del self.by_term[term]
                for actor in item.classification.actors:
                    self.by_actor[actor].discard(story_id)
                    if not self.by_actor[actor]:
                        del self.by_actor[actor]
        return gone

    # --- what a story is -----------------------------------------------------------------

    def summarize(self, story: OpenStory) -> Story:
        """The story's figures, derived from its articles."""
        items = sorted(story.items.values(), key=lambda i: (i.published, i.article_id))
        sources = len({i.domain or f"article:{i.article_id}" for i in story.originals})
        best = max(items, key=lambda i: (i.classification.score, -i.published.timestamp()))
        bonus = min(self.params.max_source_bonus, self.params.source_bonus * (sources - 1))
        score = round(best.classification.score * (1 + bonus), 2)
        return Story(
            id=story.id,
            headline=best.title,
            first_seen=items[0].published,
            last_seen=items[-1].published,
            score=score,
            level=max(self.level_of(score), story.level),
            articles=len(items),
            sources=sources,
            feeds=len({f for i in items for f in i.feeds}),
            actors=tuple(sorted({a for i in items for a in i.classification.actors})),
            signals=tuple(sorted({s for i in items for s in i.classification.signal_names})),
            killed=_highest(i.classification.casualties.killed for i in items),
            injured=_highest(i.classification.casualties.injured for i in items),
            displaced=_highest(i.classification.casualties.displaced for i in items),
        )

    def _is_copy(self, item: Item, other: Item) -> bool:
        if not item.shingles or not other.shingles:
            return False
        overlap = len(item.shingles & other.shingles) / min(len(item.shingles), len(other.shingles))
        return overlap >= self.params.copy_similarity


def _actors_disagree(item: Item, story: OpenStory) -> bool:
    """True when both name actors and they do not agree: under half of the smaller set is
    shared, or, when one names only one or two (each of them a principal), not all are."""
    overlap = _actor_overlap(item, story)
    if overlap is None:
        return False
    smaller = min(len(item.classification.actors), len(story.actors))
    return overlap < 0.5 or (smaller <= 2 and overlap < 1.0)


def _actor_overlap(item: Item, story: OpenStory) -> float | None:
    """The share of the smaller of the item's and the story's actor sets that the other
    names too (long articles list many background countries); None if either has none."""
    actors = set(item.classification.actors)
    if not actors or not story.actors:
        return None
    return len(actors & story.actors.keys()) / min(len(actors), len(story.actors))


def _highest(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None
