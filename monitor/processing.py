"""Pending articles, processed: classified, placed in a story, matched against the watch
rules, and their alerts put in the outbox.

The flow of one batch, one step per line::

    read       store.processing.pending(n)                 -> ArticleRecord...
    classify   Classifier.classify_many(title, text)        -> Classification...
    features   stories.features_of(article, classification) -> Features
    find       store.stories.search(keys, since)            -> candidate StoryStates
    cluster    Assigner.assign(features, candidates)        -> StoryState, Assignment
    match      rules.decide(watches, candidates, previous)  -> Decision...   } in one
    supersede  rules.supersede(decision, unsent)            -> AlertIntent... } transaction
    save       Batch.save(processed, alert intents, states) classifications, stories, outbox

Classifying, the slow step, happens before the transaction; deciding, which reads the
alerts already stored, happens inside it. A batch whose save fails (a locked database) is
not lost: its articles stay pending and the stories it changed are saved by no one; the
next batch reads them again from the database, as they were.

``Processor`` holds what processing needs between batches: the classifier, the watch rules
and the feeds' tags; the open stories are in the database, never all in memory.
``monitor.runtime`` builds it, for the daemon and for every command that processes
(``poll``, ``reclassify``, ``rules test``, ``backtest``), so that they all decide the same
way.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.alerting.evidence import quoted, story_evidence
from monitor.config import WatchRule
from monitor.models import Classification, Decision, Previous, Source
from monitor.rules import Candidate, decide, supersede
from monitor.storage import Processed, Store
from monitor.storage.records import ArticleRecord
from monitor.stories import (
    Assigner,
    Assignment,
    MemoryStories,
    Report,
    StoryParams,
    StoryState,
    keys_of,
)
from monitor.stories.features import Features, features_of

if TYPE_CHECKING:  # spaCy takes seconds to import: only processing commands pay for it
    from monitor.classify import Classifier

FOREVER = timedelta(days=36500)
BATCH = 200
"""Articles classified, clustered and saved in one transaction."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One article processed: its classification and where it went."""

    article_id: int
    classification: Classification
    assignment: Assignment
    backlog: bool


class StateCache:
    """The open stories read lately, by id: a state stored at the same version is not
    decoded again. Bounded. A state changed by a batch whose save then fails has a version
    the database does not have: it is read again."""

    def __init__(self, size: int = 600) -> None:
        self.size = size
        self.states: OrderedDict[int, StoryState] = OrderedDict()

    def keep(self, states: Iterable[StoryState]) -> None:
        for state in states:
            self.states[state.id] = state
            self.states.move_to_end(state.id)
        while len(self.states) > self.size:
            self.states.popitem(last=False)


class _BatchStories:
    """The candidate source of one batch: the index in the database, and the stories this
    batch has changed but not saved yet (they win over their stored copy)."""

    def __init__(self, store: Store, cache: StateCache | None = None) -> None:
        self.store = store
        self.cache = cache or StateCache(0)
        self.changed = MemoryStories()

    def candidates(self, features: Features, since: datetime, limit: int) -> list[StoryState]:
        stored = self.store.stories.search(keys_of(features), since, limit, self.cache.states)
        self.cache.keep(stored)
        found = {s.id: s for s in stored if s.id not in self.changed.stories}
        found.update({s.id: s for s in self.changed.candidates(features, since, limit)})
        return list(found.values())

    def current(self, article: ArticleRecord) -> StoryState | None:
        """The open story an updated article is already in, if it is still open."""
        if article.story_id is None:
            return None
        changed = self.changed.stories.get(article.story_id)
        return changed if changed is not None else self.store.stories.state(article.story_id)

    def id_free(self, story_id: int) -> bool:
        return story_id not in self.changed.stories and not self.store.stories.exists(story_id)


class Processor:
    """Classifies, clusters and decides alerts for stored articles."""

    def __init__(
        self,
        classifier: Classifier,
        rules: Sequence[WatchRule] = (),
        *,
        feed_tags: Mapping[str, Iterable[str]] | None = None,
        max_age: timedelta = timedelta(hours=24),
        params: StoryParams = StoryParams(),
        next_story_id: int = 1,
    ) -> None:
        self.classifier = classifier
        self.rules = tuple(rules)
        self.feed_tags = {name: frozenset(tags) for name, tags in (feed_tags or {}).items()}
        self.max_age = max_age
        self.params = params
        self.assigner = Assigner(classifier.level_of, params, next_id=next_story_id)
        self.cache = StateCache()
        self.memory = MemoryStories()
        """The stories of ``candidate`` and ``replay``, which store nothing."""

    # --- a batch ---------------------------------------------------------------------------

    def run(
        self,
        store: Store,
        now: datetime,
        *,
        batch: int = BATCH,
        limit: int | None = None,
        alerts: bool = True,
    ) -> list[Outcome]:
        """Process pending articles in batches, each saved in one transaction with the
        alerts it decided (none when ``alerts`` is False, as when rebuilding). Raises
        StorageError when the database fails; what was not saved stays pending."""
        done: list[Outcome] = []
        while limit is None or len(done) < limit:
            size = batch if limit is None else min(batch, limit - len(done))
            articles = store.processing.pending(size)
            if not articles:
                break
            # Never below the lowest id no story ever had: ids are never given twice.
            self.assigner.next_id = max(self.assigner.next_id, store.processing.next_story_id())
            stories = _BatchStories(store, self.cache)
            outcomes, candidates, processed = [], [], []
            texts = [(a.title, a.text) for a in articles]
            for article, c in zip(articles, self.classifier.classify_many(texts), strict=True):
                f = self._features(article, c)
                state, assignment = self.assigner.assign(
                    f,
                    stories.candidates(
                        f, f.published - self.params.window, self.params.max_candidates
                    ),
                    score=c.score,
                    report=self._report(article, f, c),
                    current=stories.current(article),
                    previous_id=article.previous_story_id,
                    id_free=stories.id_free,
                )
                stories.changed.put(state, article.id)
                outcomes.append(Outcome(article.id, c, assignment, article.backlog))
                processed.append(
                    Processed(
                        article.id,
                        c,
                        assignment.story,
                        assignment.change,
                        assignment.similarity,
                        assignment.link.sentence() if assignment.link else None,
                    )
                )
                if alerts and self.rules:
                    candidates.append(self._candidate(article, f, c, state, assignment))
            with store.processing.batch() as tx:
                decisions: list[Decision] = []
                if candidates:
                    previous = tx.previous_alerts(c.story.id for c in candidates)
                    decisions = decide(
                        self.rules, candidates, previous, now=now, max_age=self.max_age
                    )
                unsent = tx.unsent_alerts((d.alert.watch, d.alert.story.id) for d in decisions)
                tx.save(
                    processed,
                    [
                        supersede(d, unsent.get((d.alert.watch, d.alert.story.id), []))
                        for d in decisions
                    ],
                    classifier=self.classifier.digest,
                    now=now,
                    states=list(stories.changed.stories.values()),
                )
            done.extend(outcomes)
        if done:
            store.processing.expire(now - self.params.window - self.params.reach)
        return done

    # --- what the rules see ------------------------------------------------------------------

    def candidate(self, article: ArticleRecord, classification: Classification) -> Candidate:
        """Place one classified article in its story, among the stories this processor
        keeps in memory, and return what the watch rules see of it (``rules test`` and
        ``backtest``, which store nothing)."""
        f = self._features(article, classification)
        state, assignment = self.assigner.assign(
            f,
            self.memory.candidates(f, f.published - self.params.window, self.params.max_candidates),
            score=classification.score,
            report=self._report(article, f, classification),
            current=self.memory.current(article.id),
        )
        self.memory.put(state, article.id)
        return self._candidate(article, f, classification, state, assignment)

    def replay(
        self, rows: Iterable[tuple[ArticleRecord, Classification]], watches: Sequence[WatchRule]
    ) -> Iterable[Decision]:
        """The alerts the rules would have decided, article by article, each at the time it
        was published, as if it had just arrived (``backtest``)."""
        previous: dict[tuple[str, int], Previous] = {}
        for article, classification in rows:
            # Replayed as news: a feed's first poll is not held back here.
            candidate = self.candidate(dataclasses.replace(article, backlog=False), classification)
            for d in decide(watches, [candidate], previous, now=article.published, max_age=FOREVER):
                previous[(d.alert.watch, d.alert.story.id)] = Previous(
                    d.alert.level, article.published
                )
                yield d

    def _candidate(
        self,
        article: ArticleRecord,
        f: Features,
        classification: Classification,
        state: StoryState,
        assignment: Assignment,
    ) -> Candidate:
        reports = sorted(state.reports, key=lambda r: (r.published, r.article_id), reverse=True)
        this = next((r for r in reports if r.article_id == article.id), None)
        return Candidate(
            article_id=article.id,
            title=article.title,
            text=article.text,
            feeds=tuple(sorted(article.feeds)),
            tags=frozenset(t for name in article.feeds for t in self.feed_tags.get(name, ())),
            published=article.published,
            backlog=article.backlog,
            classification=classification,
            story=assignment.story,
            story_titles=tuple(r.title for r in reports),
            sources=tuple(
                Source(
                    r.article_id,
                    ", ".join(sorted(r.feeds)),
                    r.domain,
                    r.title,
                    r.url,
                    r.published,
                    r.joined,
                )
                for r in reports
            ),
            evidence=story_evidence(
                r.quotes for r in ([this] if this is not None else []) + reports
            ),
        )

    def _features(self, article: ArticleRecord, classification: Classification) -> Features:
        return features_of(
            article.id,
            title=article.title,
            text=article.text,
            url=article.url,
            published=article.published,
            classification=classification,
            feeds=frozenset(article.feeds),
        )

    @staticmethod
    def _report(article: ArticleRecord, f: Features, c: Classification) -> Report:
        return Report(
            article.id,
            article.title,
            article.url,
            tuple(sorted(article.feeds)),
            f.domain,
            article.published,
            quoted(article.title, article.text, c),
        )
