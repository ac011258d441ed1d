"""What the database gives back: frozen, typed records, so that column names stay inside
the storage package. Reading commands, the daemon and the web pages see these (and the
domain records of ``monitor.models``), never rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from monitor.models import (
    Alert,
    Classification,
    EntryOutcome,
    FeedState,
    Level,
    Notice,
    Story,
)

Health = Literal["ok", "failing", "backed off", "never polled", "disabled"]


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """A feed with how its polls have gone, for tables, the dashboard and OPML export."""

    feed: FeedState
    source: str
    """Where it was added: ``config``, ``cli`` or ``opml``."""
    title: str | None
    """The feed's own title, as it last gave it."""
    site_url: str | None
    last_polled: datetime | None
    last_success: datetime | None
    last_status: int | None
    last_error: str | None
    last_warning: str | None
    failures: int
    """Failed polls in all (``feed.consecutive_failures`` counts those in a row)."""
    items_seen: int
    items_new: int
    duration_ms: int | None
    articles: int
    """Articles seen in this feed."""

    @property
    def health(self) -> Health:
        if not self.feed.enabled:
            return "disabled"
        if self.last_polled is None:
            return "never polled"
        if self.feed.consecutive_failures == 0:
            return "ok"
        # Backed off: failing long enough that its next try waits more than an interval.
        if (
            self.feed.next_due is not None
            and self.feed.interval is not None
            and (self.feed.next_due - self.last_polled).total_seconds() > self.feed.interval
        ):
            return "backed off"
        return "failing"

    @property
    def problem(self) -> str:
        """The last error, or the last warning of a feed that answered."""
        return self.last_error or self.last_warning or ""


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """A stored article, as processing and replay read it."""

    id: int
    title: str
    summary: str
    content: str
    url: str
    published: datetime
    feeds: tuple[str, ...]
    """The names of every feed it was seen in, first first."""
    backlog: bool = False
    """Stored by a feed's first poll: counts for its story, never alerts."""
    story_id: int | None = None
    revision: int = 0
    """How many times the feed changed its text since it was first stored."""
    previous_story_id: int | None = None
    """The story it was in before ``reclassify`` rebuilt them."""

    @property
    def text(self) -> str:
        return self.content or self.summary


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing one entry of a poll did."""

    article_id: int
    """The article it is (0 for an entry repeated in one answer, stored once)."""
    outcome: EntryOutcome


@dataclass(frozen=True, slots=True)
class ClassifiedArticle:
    """A stored article with its stored classification."""

    article: ArticleRecord
    classification: Classification
    story_level: Level | None = None
    """The level of its story, when read with one."""


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """One result of a full-text search."""

    id: int
    published: datetime
    title: str
    url: str
    feed: str
    """The feed it was first seen in."""
    snippet: str = ""
    """The matching words in context, as plain text (never markup)."""
    marks: tuple[tuple[int, int], ...] = ()
    """The spans of ``snippet`` that matched the query, as (start, end) offsets."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The articles a full-text search found, and how the query was read."""

    hits: tuple[ArticleHit, ...]
    as_words: bool = False
    """The query was not valid search syntax: its words were searched for instead."""


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a story, as a story page shows it."""

    id: int
    published: datetime
    title: str
    url: str
    feeds: tuple[str, ...]
    classification: Classification | None
    """None while it waits to be processed again."""
    similarity: float | None = None
    """How likely it reports the story's event (1.0 for the article that opened it)."""
    link: str | None = None
    """Why it joined the story, in a sentence (None for the article that opened it)."""


@dataclass(frozen=True, slots=True)
class LevelStep:
    """One change of a story's level, with the score that made it."""

    at: datetime
    previous: Level | None
    level: Level
    article_id: int | None
    score: float


@dataclass(frozen=True, slots=True)
class TimelineCount:
    """How many stories were first seen in one hour (or one day) and reached one level."""

    start: datetime
    """The first instant of the hour or the day, UTC."""
    level: Level
    stories: int


@dataclass(frozen=True, slots=True)
class FeedDay:
    """How many items one feed brought on one day (UTC): articles first seen in it."""

    feed: str
    day: date
    items: int


@dataclass(frozen=True, slots=True)
class Facets:
    """The values that filters over stories can take, as the database holds them."""

    actors: tuple[str, ...]
    """Actors named by recent stories, sorted."""
    signals: tuple[str, ...]
    """Signals of recent stories, sorted."""
    watches: tuple[str, ...]
    """Watches that have alerted, sorted."""


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """The delivery of one alert or notice to one notifier."""

    notifier: str
    status: str
    """``pending``, ``sending``, ``sent``, ``failed`` or ``superseded``."""
    attempts: int
    next_attempt: datetime
    last_error: str | None
    sent: datetime | None


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """An alert decided, with its deliveries."""

    id: int
    key: str
    watch: str
    story_id: int
    level: Level
    previous_level: Level | None
    headline: str
    decided: datetime
    not_before: datetime
    superseded_by: int | None
    deliveries: tuple[DeliveryRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """One story with everything a reader needs to judge it."""

    story: Story
    articles: tuple[StoryArticle, ...]
    """Oldest first."""
    levels: tuple[LevelStep, ...]
    alerts: tuple[AlertRecord, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert (or one notice) due to go to one notifier."""

    id: int
    notifier: str
    attempts: int
    watch: str | None
    """The watch of the alert; None for a notice."""
    alert: Alert | None
    notice: Notice | None = None
    key: str = ""
    """The alert's or the notice's key, for logs."""


@dataclass(frozen=True, slots=True)
class FeedFailure:
    name: str
    failures: int
    """In a row."""
    error: str | None


@dataclass(frozen=True, slots=True)
class Status:
    """What ``monitor status``, the dashboard and the metrics report."""

    last_poll: datetime | None
    feeds: dict[str, int]
    """Feeds by health: ok, failing, never, disabled."""
    failing: tuple[FeedFailure, ...]
    """The worst failing feeds, most failures first."""
    articles_24h: int
    stories_24h: int
    alerts_24h: int
    pending_articles: int
    deliveries: dict[str, int]
    """Deliveries by status."""
    meta: dict[str, str] = field(default_factory=dict)
    """What the daemon recorded of itself (heartbeat, start, pid, processing state)."""
