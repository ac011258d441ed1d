"""Which story a new article belongs to, and what the story becomes. Pure: no I/O, no clock.

A story is one event (an incident, a statement, a decision) and its immediate follow-ups,
as outlets report it. An article joins the open story whose recent reports it most likely
tells again, or opens a new one:

- the candidates are stories that share rare words or names with it (the caller finds them:
  ``MemoryStories`` here, an index in the database in ``monitor.storage``, so the cost of a
  decision stays flat however many stories were ever stored);
- each candidate is scored by the mean, over its reports of the days around the article's,
  of how likely the two report one event (``similarity``: a learned score over shared
  words, names, places, amounts, phrases, actors and time, with merge protection for
  reports of violence whose actors disagree, and for reports whose places or tolls do);
- the best candidate at or above the model's threshold wins; a story takes no article
  published more than ``window`` after its first one, so a later episode of one conflict
  is a new story.

A story's figures are derived from its reports: the highest stated toll (never a sum:
outlets repeat one toll), its independent sources (distinct domains, a near-copy of an
earlier report, as wire copy republished by several outlets is, counting once), and a score:
its best report's score raised by up to half again as independent sources confirm it. Every
change of level is returned with the article that caused it.

Story ids come from the caller (``next_id``), and an article that was in a story before a
rebuild (``monitor reclassify``) brings that story's id back when it opens a story again,
so ids never change once given. Given the same articles in the same order, the same stories
come out.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from monitor.models import Level, LevelChange, Signal, Story
from monitor.stories.features import Features, domain_of, features_of, vocabulary
from monitor.stories.similarity import Link, PairModel, bundled_model, explain

__all__ = [
    "Assigner",
    "Assignment",
    "Candidates",
    "Features",
    "Link",
    "MemoryStories",
    "Report",
    "StoryParams",
    "StoryState",
    "domain_of",
    "features_of",
]


@dataclass(frozen=True, slots=True)
class StoryParams:
    """How stories are formed."""

    window: timedelta = timedelta(hours=72)
    """A story takes no article published this long after its first one."""
    reach: timedelta = timedelta(hours=60)
    """An article is compared with the reports of a story published this close to it."""
    max_members: int = 10
    """Reports of a story kept to compare with (the latest)."""
    max_compared: int = 6
    """Of those, how many an article is compared with: the closest to it in time."""
    max_candidates: int = 12
    copy_similarity: float = 0.6
    """Shingle overlap above which a report is a copy of another (one source)."""
    source_bonus: float = 0.125
    """Each independent source after the first raises the story score by this fraction..."""
    max_source_bonus: float = 0.5
    """...up to this fraction."""
    max_originals: int = 40
    """Independent reports whose text is kept to recognise copies."""
    max_reports: int = 20
    """Reports kept to show in alerts (the latest)."""


@dataclass(frozen=True, slots=True)
class Report:
    """One article of a story as alerts show it."""

    article_id: int
    title: str
    url: str
    feeds: tuple[str, ...]
    domain: str
    published: datetime
    quotes: tuple[Signal, ...] = ()
    """Its signals with evidence widened to readable quotes."""
    joined: str = ""
    """Why it joined the story, in a sentence (empty for the report that opened it)."""


@dataclass(slots=True)
class StoryState:
    """What a story needs to take more articles and to state its figures, without its
    articles: its latest reports' features and running aggregates."""

    id: int
    first_seen: datetime
    last_seen: datetime
    level: Level = Level.NONE
    version: int = 0
    """Raised by every change: a saved copy of the same version is the same state."""
    articles: int = 0
    headline: str = ""
    best_score: float = 0.0
    best_published: datetime | None = None
    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    actors: Counter[str] = field(default_factory=Counter)
    signals: Counter[str] = field(default_factory=Counter)
    feeds: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    """Domains of its independent reports."""
    originals: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    """(article id, shingles) of its latest independent reports."""
    members: list[Features] = field(default_factory=list)
    """Its latest reports' features, oldest first."""
    reports: list[Report] = field(default_factory=list)
    """Its latest reports as alerts show them, oldest first."""

    @property
    def sources(self) -> int:
        return max(1, len(self.domains)) if self.articles else 0


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went and what its story is now."""

    story: Story
    created: bool
    """True when the article opened the story."""
    change: LevelChange | None
    """The level change this article caused, if any (a new story always has one)."""
    similarity: float
    """How likely it reports the story's event (1.0 for a new story)."""
    copy_of: int | None
    """The article this one is a near-copy of, if any (it adds no independent source)."""
    link: Link | None = None
    """Why it joined: what it shares with the story's closest report (None when it opened
    the story)."""


class Candidates(Protocol):
    """Where the open stories an article may join come from."""

    def candidates(self, features: Features, since: datetime, limit: int) -> list[StoryState]:
        """Stories seen since ``since`` sharing rare words or names with ``features``, the
        most sharing first, at most ``limit``."""
        ...


class Assigner:
    """Places articles in stories. Holds no stories itself: they come from a
    ``Candidates`` source and go back to it."""

    def __init__(
        self,
        level_of: Callable[[float], Level],
        params: StoryParams = StoryParams(),
        model: PairModel | None = None,
        next_id: int = 1,
    ) -> None:
        self.level_of = level_of
        self.params = params
        self.model = model or bundled_model()
        self.vocab = vocabulary()
        self.next_id = next_id

    def choose(
        self, f: Features, candidates: Iterable[StoryState]
    ) -> tuple[StoryState | None, float, Link | None]:
        """The story ``f`` joins among ``candidates`` (None: a new one), with the score."""
        best: tuple[float, StoryState, Features] | None = None
        for story in candidates:
            if not story.first_seen - self.params.window <= f.published:
                continue
            if f.published > story.first_seen + self.params.window:
                continue
            reach = self.params.reach.total_seconds()
            near = sorted(
                (
                    m
                    for m in story.members
                    if abs((m.published - f.published).total_seconds()) <= reach
                    and m.article_id != f.article_id
                ),
                key=lambda m: (abs((m.published - f.published).total_seconds()), m.article_id),
            )[: self.params.max_compared]
            if not near:
                continue
            scores = [self.model.probability(f, m, self.vocab) for m in near]
            score = sum(scores) / len(scores)
            if score >= self.model.threshold and (best is None or score > best[0]):
                closest = near[max(range(len(near)), key=scores.__getitem__)]
                best = (score, story, closest)
        if best is None:
            return None, 0.0, None
        score, story, closest = best
        return story, score, explain(f, closest, score, self.vocab)

    def assign(
        self,
        f: Features,
        candidates: Iterable[StoryState],
        *,
        score: float,
        report: Report | None = None,
        current: StoryState | None = None,
        previous_id: int | None = None,
        id_free: Callable[[int], bool] = lambda _id: False,
    ) -> tuple[StoryState, Assignment]:
        """Add the article of ``f`` (its classification's ``score``) to its story: the
        ``current`` one it is already in (an update), else the best candidate, else a new
        story, numbered ``previous_id`` when it had that id before a rebuild and that id is
        free, else the next id."""
        link = None
        if current is not None:
            story, similarity = current, 1.0
        else:
            found, similarity, link = self.choose(f, candidates)
            if found is None:
                if previous_id is not None and id_free(previous_id):
                    story_id = previous_id
                else:
                    story_id = self.next_id
                    self.next_id += 1
                story = StoryState(story_id, f.published, f.published)
                similarity = 1.0
            else:
                story = found
        created = story.articles == 0
        if report is not None and link is not None:
            report = dataclasses.replace(report, joined=link.sentence())
        copy_of = self._copy_of(f, story)
        self._add(story, f, score, copy_of, report, update=current is not None)
        summary = self.summarize(story)
        change = None
        if created or summary.level > story.level:
            change = LevelChange(
                f.published, None if created else story.level, summary.level, f.article_id
            )
            story.level = summary.level
        return story, Assignment(summary, created, change, round(similarity, 3), copy_of, link)

    def _copy_of(self, f: Features, story: StoryState) -> int | None:
        if not f.shingles:
            return None
        mine = set(f.shingles)
        for article_id, shingles in story.originals:
            if article_id == f.article_id or not shingles:
                continue
            overlap = len(mine & set(shingles)) / min(len(mine), len(shingles))
            if overlap >= self.params.copy_similarity:
                return article_id
        return None

    def _add(
        self,
        story: StoryState,
        f: Features,
        score: float,
        copy_of: int | None,
        report: Report | None,
        *,
        update: bool,
    ) -> None:
        story.version += 1
        story.members = [m for m in story.members if m.article_id != f.article_id]
        story.members.append(f)
        story.members.sort(key=lambda m: (m.published, m.article_id))
        del story.members[: -self.params.max_members]
        if report is not None:
            story.reports = [r for r in story.reports if r.article_id != f.article_id]
            story.reports.append(report)
            story.reports.sort(key=lambda r: (r.published, r.article_id))
            del story.reports[: -self.params.max_reports]
        if not update:
            story.articles += 1
            story.actors.update(f.actors)
            story.signals.update(f.signals)
        story.feeds |= f.feeds
        if copy_of is None and all(a != f.article_id for a, _ in story.originals):
            story.originals.append((f.article_id, f.shingles))
            del story.originals[: -self.params.max_originals]
            story.domains.add(f.domain or f"article:{f.article_id}")
        story.first_seen = min(story.first_seen, f.published)
        story.last_seen = max(story.last_seen, f.published)
        if (
            story.best_published is None
            or score > story.best_score
            or (score == story.best_score and f.published < story.best_published)
        ):
            story.best_score, story.best_published, story.headline = score, f.published, f.title
        story.killed = _highest(story.killed, f.killed)
        story.injured = _highest(story.injured, f.injured)
        story.displaced = _highest(story.displaced, f.displaced)

    def summarize(self, story: StoryState) -> Story:
        """The story's figures, derived from its reports."""
        sources = story.sources
        bonus = min(self.params.max_source_bonus, self.params.source_bonus * (sources - 1))
        score = round(story.best_score * (1 + bonus), 2)
        return Story(
            id=story.id,
            headline=story.headline,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            score=score,
            level=max(self.level_of(score), story.level),
            articles=story.articles,
            sources=sources,
            feeds=len(story.feeds),
            actors=tuple(sorted(a for a, n in story.actors.items() if n > 0)),
            signals=tuple(sorted(s for s, n in story.signals.items() if n > 0)),
            killed=story.killed,
            injured=story.injured,
            displaced=story.displaced,
        )


def _highest(a: int | None, b: int | None) -> int | None:
    present = [v for v in (a, b) if v is not None]
    return max(present) if present else None


class MemoryStories:
    """Every story in memory, with an inverted index of their words and names: the
    candidate source of the evaluation scripts and of ``rules test``."""

    def __init__(self) -> None:
        self.stories: dict[int, StoryState] = {}
        self.by_key: defaultdict[str, set[int]] = defaultdict(set)
        self.article_story: dict[int, int] = {}
        self.vocab = vocabulary()

    def candidates(self, features: Features, since: datetime, limit: int) -> list[StoryState]:
        shared: Counter[int] = Counter()
        for key in keys_of(features, self.vocab):
            for story_id in self.by_key.get(key, ()):
                shared[story_id] += 1
        found = [self.stories[s] for s, _ in shared.most_common()]
        return [s for s in found if s.last_seen >= since][:limit]

    def put(self, story: StoryState, article_id: int) -> None:
        """Keep ``story`` (changed by ``article_id`` joining it)."""
        self.stories[story.id] = story
        for member in story.members:
            for key in keys_of(member, self.vocab, INDEX_KEYS):
                self.by_key[key].add(story.id)
        self.article_story[article_id] = story.id

    def current(self, article_id: int) -> StoryState | None:
        story_id = self.article_story.get(article_id)
        return self.stories.get(story_id) if story_id is not None else None


INDEX_KEYS = 30
"""Words of each report a story is found by."""
QUERY_KEYS = 20
"""Words of a new article its candidates are searched with."""


COMMON = 4.5
"""Words commoner than this (idf; in more than about one news item in 30) find too many
stories to be worth searching with, once a few rarer ones are there."""
MIN_KEYS = 6


def keys_of(f: Features, vocab: Any = None, n: int = QUERY_KEYS) -> list[str]:
    """An article's ``n`` rarest words, names and places: what it searches for its
    candidates with (``QUERY_KEYS``), or what its story is found by (``INDEX_KEYS``).
    Common words are left out beyond the first ``MIN_KEYS``."""
    vocab = vocab or vocabulary()
    if f.ranked is None:
        words = set(f.terms) | set(f.names) | {p.replace(" ", "_") for p in f.places}
        ranking = tuple(sorted(words, key=lambda t: (-vocab.idf(t), t)))
        object.__setattr__(f, "ranked", ranking)  # a cache on a frozen record
    ranked = (f.ranked or ())[:n]
    return sorted(t for i, t in enumerate(ranked) if i < MIN_KEYS or vocab.idf(t) >= COMMON)
