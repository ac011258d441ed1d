"""The monitor's domain records: plain, frozen values passed between the stages.

What a feed said (``Article``) is kept apart from what the monitor derived from it
(``Classification``). Nothing here does I/O. All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


class Level(enum.IntEnum):
    """How serious an article or story is. Ordered: ``Level.HIGH > Level.LOW``."""

    NONE = 0
    LOW = 1
    ELEVATED = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Level:
        """The level named ``text`` (``"high"``); ValueError names the valid ones."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(str(level) for level in cls)
            raise ValueError(f"unknown level {text!r}: expected one of {names}") from None


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed the monitor polls, as configured."""

    url: str
    """The URL as configured; a feed's identity."""
    name: str
    """A short, unique name, used in rules and on the command line."""
    interval: float | None = None
    """Seconds between polls; None means the configured default."""
    tags: tuple[str, ...] = ()
    """Free labels that watch rules can select on."""
    enabled: bool = True
    """A disabled feed stays in the database but is not polled."""


@dataclass(frozen=True, slots=True)
class Article:
    """One feed entry, as the feed said it, with HTML removed."""

    guid: str | None
    """The entry's id/guid, if the feed gave one."""
    url: str
    """The entry's link, absolute; empty only if the feed gave none."""
    title: str
    """Plain-text title."""
    summary: str
    """Plain-text summary or description."""
    content: str
    """Plain-text full content, if the feed carried it (else empty)."""
    published: datetime
    """When it was published: aware UTC, never in the future (fetch time if unknown)."""
    updated: datetime | None = None
    """When the feed says it was last updated, if it says."""
    author: str = ""
    """The author's name, if given."""
    language: str = ""
    """The language tag of the entry or the feed (``en``, ``en-GB``), if given."""

    @property
    def text(self) -> str:
        """The body to read: full content when present, else the summary."""
        return self.content or self.summary


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words in an article that prove a signal: a span of ``title + "\\n" + text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Signal:
    """One escalation signal found in an article, with every span that shows it."""

    name: str
    """The signal's name in the lexicon (``strike``, ``casualties``, ...)."""
    weight: float
    """The signal's weight in the lexicon, as used for the score."""
    evidence: tuple[Evidence, ...]
    """The spans that show it, in text order."""
    decided_by: str = "rules"
    """What decided it: ``rules``, ``rules+model`` (the rules, confirmed by the learned
    model) or ``model`` (the learned model alone: its evidence is the sentence that
    carried the decision)."""


@dataclass(frozen=True, slots=True)
class Casualties:
    """Counts stated in an article; None where no count was stated."""

    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifier derived from one article."""

    score: float
    """The escalation score (see ``monitor.classify`` for how it is computed)."""
    level: Level
    """The level the score reaches under the configured thresholds."""
    signals: tuple[Signal, ...] = ()
    """The signals found, in lexicon order; a signal absent from the article is absent here."""
    casualties: Casualties = field(default_factory=Casualties)
    """Casualty and displacement counts."""
    actors: tuple[str, ...] = ()
    """Who is involved: ISO 3166 alpha-2 country codes and armed-group names, sorted."""

    def signal(self, name: str) -> Signal | None:
        """The signal called ``name``, if found."""
        return next((s for s in self.signals if s.name == name), None)

    @property
    def signal_names(self) -> frozenset[str]:
        return frozenset(s.name for s in self.signals)


@dataclass(frozen=True, slots=True)
class FeedState:
    """A feed as the database knows it: its configuration and how its polls have gone."""

    id: int
    url: str
    """The URL as configured or added: the feed's identity."""
    name: str
    fetch_url: str
    """Where it is fetched from: ``url``, or the target of a confirmed permanent redirect."""
    enabled: bool = True
    interval: float | None = None
    tags: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    """Hash of the last body parsed; an identical body is not parsed again."""
    consecutive_failures: int = 0
    next_due: datetime | None = None
    redirect_target: str | None = None
    """A permanent redirect seen on the latest polls but not yet confirmed."""
    redirect_count: int = 0
    polls: int = 0
    """Polls that reached the server and got an answer it could read (successes)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One article of a story, as a reader sees it in a story or an alert."""

    article_id: int
    feed: str
    """The name of the feed it came from."""
    domain: str
    """The site's domain (``bbc.co.uk``): independent sources are counted by it."""
    title: str
    url: str
    published: datetime
    joined: str = ""
    """Why it joined the story (``similarity 0.82; places kharkiv; ...``); empty for the
    article that opened it."""


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A story's level rose (or was first set) because of one article."""

    at: datetime
    previous: Level | None
    """None when the story was opened."""
    level: Level
    article_id: int


@dataclass(frozen=True, slots=True)
class Story:
    """One event, as reported by one or more articles."""

    id: int
    headline: str
    """The title of the article that best states the event (the highest-scoring one)."""
    first_seen: datetime
    last_seen: datetime
    """Published time of its latest article: the story stays open a window after it."""
    score: float
    level: Level
    articles: int
    """How many articles report it."""
    sources: int
    """Independent sources: distinct domains, a syndicated copy counting once."""
    feeds: int
    """Distinct feeds it was seen in."""
    actors: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    killed: int | None = None
    """The highest stated death toll among its articles (never a sum)."""
    injured: int | None = None
    displaced: int | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """A watch rule was met by a story: what a notifier delivers."""

    key: str
    """``watch:story:level``: an alert with this key is delivered once."""
    watch: str
    description: str
    story: Story
    level: Level
    previous_level: Level | None
    """The level of the last alert of this watch for this story; None for the first."""
    reasons: tuple[str, ...]
    """Why the watch fired, one short sentence each."""
    evidence: tuple[Signal, ...]
    """The signals of the story with a few evidence quotes each."""
    sources: tuple[Source, ...]
    """The story's articles, newest first (a notifier may show only some)."""
    decided: datetime

    @property
    def escalation(self) -> bool:
        """True when this alert re-alerts a story that rose to a higher level."""
        return self.previous_level is not None and self.level > self.previous_level


@dataclass(frozen=True, slots=True)
class Notice:
    """An operational message, not about a story: a feed failing or recovering, a test."""

    title: str
    body: str
    level: Level = Level.LOW
    decided: datetime | None = None


# --- what a poll stores: the intents of ``monitor.updates`` -------------------------------

EntryOutcome = Literal["new", "updated", "seen", "duplicate"]
"""What storing one feed entry does: a new article, a new text for a stored one, nothing
(stored unchanged), or nothing because the same feed listed it twice in one answer."""


@dataclass(frozen=True, slots=True)
class EntryKeys:
    """The identities of one entry, by which a stored copy is found."""

    guid: str | None
    """The GUID, scoped to its feed unless it is a URL; None if the feed gave none."""
    url: str
    """The normalized link; empty if the entry has none."""
    content: str | None
    """A hash of the words of its title and text; None when there is too little text."""


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """What the database holds of an article that one of an entry's keys found."""

    id: int
    title: str
    summary: str
    content: str


@dataclass(frozen=True, slots=True)
class EntryIntent:
    """One entry of a poll, and what storing it is to do."""

    article: Article
    keys: EntryKeys
    outcome: EntryOutcome
    article_id: int | None = None
    """The stored article it is (None for a new one: storage gives it its id)."""
    backlog: bool = False
    """Stored by a feed's first poll: counts for its story, never alerts."""


@dataclass(frozen=True, slots=True)
class PollRecord:
    """The outcome of one poll of one feed, to record in the feed's row."""

    polled: datetime
    status: int | None
    error: str | None
    next_due: datetime
    duration_ms: int
    items_seen: int = 0
    items_new: int = 0
    warning: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    title: str | None = None
    site_url: str | None = None
    fetch_url: str | None = None
    """Where the feed is fetched from next (a confirmed permanent redirect); None: unchanged."""
    redirect_target: str | None = None
    """A permanent redirect seen but not yet confirmed; None clears it."""
    redirect_count: int = 0
    """Polls in a row that have seen ``redirect_target``."""

    @property
    def failed(self) -> bool:
        return self.error is not None


# --- what processing decides: the intents of ``monitor.rules`` -----------------------------


@dataclass(frozen=True, slots=True)
class Previous:
    """The latest alert decided for one watch and story."""

    level: Level
    decided: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """An alert to store and deliver, no earlier than ``not_before``."""

    alert: Alert
    notify: tuple[str, ...]
    not_before: datetime


@dataclass(frozen=True, slots=True)
class UnsentAlert:
    """An alert of a watch and story decided earlier and not yet delivered anywhere."""

    id: int
    level: Level
    previous_level: Level | None


@dataclass(frozen=True, slots=True)
class AlertIntent:
    """An alert to store, and the undelivered alerts it replaces."""

    decision: Decision
    supersedes: tuple[int, ...] = ()
    """Ids of earlier, lower, undelivered alerts of the same watch and story: only the
    highest goes out."""


@dataclass(frozen=True, slots=True)
class NoticeIntent:
    """An operational notice to store and deliver once to each of ``notify``."""

    key: str
    """What makes it unique: a notice with this key is delivered once."""
    notice: Notice
    notify: tuple[str, ...]
