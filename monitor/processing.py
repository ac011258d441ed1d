"""Pending articles, processed: classified, placed in a story, matched against the watch
rules, and their alerts put in the outbox.

The flow of one batch, one step per line::

    read       store.processing.pending(n)                -> ArticleRecord...
    classify   Classifier.classify_many(title, text)       -> Classification...
    cluster    StoryIndex.assign(item_from(article, ...))  -> Assignment (story, change)
    match      rules.decide(watches, candidates, previous) -> Decision...   } in one
    supersede  rules.supersede(decision, unsent)           -> AlertIntent... } transaction
    save       Batch.save(processed, alert intents)        classifications, stories, outbox

Classifying, the slow step, happens before the transaction; deciding, which reads the
alerts already stored, happens inside it. A batch whose save fails (a locked database) is
not lost: its articles stay pending, and the story index, which already counted them, is
rebuilt from the database before the next batch.

``Processor`` holds what processing needs between batches: the classifier, the open
stories, the watch rules and the feeds' tags. ``monitor.runtime`` builds it, for the daemon
and for every command that processes (``poll``, ``reclassify``, ``rules test``,
``backtest``), so that they all decide the same way.
"""

from __future__ import annotations

import dataclasses
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
from monitor.stories import Assignment, Item, StoryIndex, StoryParams, item_from

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
        self.index = StoryIndex(classifier.level_of, params, next_id=next_story_id)
        self._stale = False

    # --- the open stories ----------------------------------------------------------------

    def restore(self, store: Store, now: datetime) -> None:
        """Fill the story index with the stories still open at ``now``, as stored."""
        index = StoryIndex(
            self.classifier.level_of,
            self.params,
            next_id=max(self.index.next_id, store.processing.next_story_id()),
        )
        by_story: dict[int, list[Item]] = {}
        levels = {}
        for row in store.processing.open_stories(now - 2 * self.params.window):
            story_id = row.article.story_id
            assert story_id is not None
            by_story.setdefault(story_id, []).append(self._item(row.article, row.classification))
            if row.story_level is not None:
                levels[story_id] = row.story_level
        for story_id, items in by_story.items():
            index.restore(story_id, items, levels[story_id])
        index.expire(now)
        self.index = index
        self._stale = False

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
            if self._stale:
                self.restore(store, now)
            size = batch if limit is None else min(batch, limit - len(done))
            articles = store.processing.pending(size)
            if not articles:
                break
            # Never below the lowest id no story ever had: ids are never given twice.
            self.index.next_id = max(self.index.next_id, store.processing.next_story_id())
            outcomes, candidates = [], []
            texts = [(a.title, a.text) for a in articles]
            for article, c in zip(articles, self.classifier.classify_many(texts), strict=True):
                item = self._item(article, c)
                assignment = self.index.assign(item)
                outcomes.append(Outcome(article.id, c, assignment, article.backlog))
                if alerts and self.rules:
                    candidates.append(self._candidate(article, item, assignment))
            self._stale = True  # until saved: the index counts articles not yet stored
            with store.processing.batch() as tx:
                decisions: list[Decision] = []
                if candidates:
                    previous = tx.previous_alerts(c.story.id for c in candidates)
                    decisions = decide(
                        self.rules, candidates, previous, now=now, max_age=self.max_age
                    )
                unsent = tx.unsent_alerts((d.alert.watch, d.alert.story.id) for d in decisions)
                tx.save(
                    [
                        Processed(
                            o.article_id, o.classification, o.assignment.story, o.assignment.change
                        )
                        for o in outcomes
                    ],
                    [
                        supersede(d, unsent.get((d.alert.watch, d.alert.story.id), []))
                        for d in decisions
                    ],
                    classifier=self.classifier.digest,
                    now=now,
                )
            self._stale = False
            done.extend(outcomes)
        self.index.expire(now)
        return done

    # --- what the rules see ------------------------------------------------------------------

    def candidate(self, article: ArticleRecord, classification: Classification) -> Candidate:
        """Place one classified article in its story and return what the watch rules see
        of it (``rules test`` and ``backtest``, which store nothing)."""
        item = self._item(article, classification)
        return self._candidate(article, item, self.index.assign(item))

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

    def _candidate(self, article: ArticleRecord, item: Item, assignment: Assignment) -> Candidate:
        story = self.index.stories[assignment.story.id]
        items = sorted(
            story.items.values(), key=lambda i: (i.published, i.article_id), reverse=True
        )
        return Candidate(
            article_id=item.article_id,
            title=item.title,
            text=article.text,
            feeds=tuple(sorted(item.feeds)),
            tags=frozenset(t for f in item.feeds for t in self.feed_tags.get(f, ())),
            published=item.published,
            backlog=article.backlog,
            classification=item.classification,
            story=assignment.story,
            story_titles=tuple(i.title for i in items),
            sources=tuple(
                Source(
                    i.article_id, ", ".join(sorted(i.feeds)), i.domain, i.title, i.url, i.published
                )
                for i in items
            ),
            evidence=story_evidence(i.quotes or i.classification.signals for i in [item, *items]),
        )

    def _item(self, article: ArticleRecord, classification: Classification) -> Item:
        return item_from(
            article.id,
            title=article.title,
            text=article.text,
            url=article.url,
            published=article.published,
            feeds=article.feeds,
            classification=classification,
            params=self.params,
            quotes=quoted(article.title, article.text, classification),
        )
