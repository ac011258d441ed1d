"""A small database for the dashboard's tests, written through the real storage API.

Every article here is invented for these tests. Four stories, relative to ``now``:

1. "Missile strikes hit the port of Varnell" (IL, IR): two outlets, killed 9 then 14,
   opened at high and raised to critical by the second article; one alert, delivered to
   Slack and failed by email.
2. "Border clash reported near Tarsk" (IR, PK): one article, elevated, 30 hours ago.
3. A title carrying a ``<script>`` element and a ``javascript:`` link (RU, UA): high.
4. "UN Secretary-General calls for restraint in Sudan" (SD): low, ten days ago.

One more article waits to be processed. Feeds: one healthy, one failing, one never polled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from monitor.models import (
    Alert,
    AlertIntent,
    Article,
    Casualties,
    Classification,
    Decision,
    Evidence,
    Feed,
    Level,
    LevelChange,
    PollRecord,
    Signal,
    Source,
    Story,
)
from monitor.storage import Processed, Store

HOSTILE_TITLE = '<script>alert("owned")</script> Drone attack on Ostrava depot'
FEEDS = (
    Feed("https://harbour.example/rss", "harbour-times"),
    Feed("https://valley.example/rss", "valley-herald"),
    Feed("https://post.example/rss", "northern-post"),
    Feed("https://quiet.example/rss", "quiet-gazette"),
)


@dataclass(frozen=True)
class Report:
    feed: str
    url: str
    title: str
    text: str
    age: timedelta
    evidence: dict[str, tuple[str, ...]]
    """Signal -> the words of the text that show it."""
    score: float
    level: Level
    actors: tuple[str, ...]
    killed: int | None = None
    injured: int | None = None


STORIES: dict[int, tuple[Report, ...]] = {
    1: (
        Report(
            "harbour-times",
            "https://harbour.example/varnell-strikes",
            "Missile strikes hit the port of Varnell",
            "Missiles struck fuel depots in the port of Varnell overnight, and at least 9 "
            "people were killed, the harbour authority said. Smoke still rose over the "
            "eastern quay at dawn.",
            timedelta(hours=5),
            {"strike": ("Missiles struck",), "casualties": ("9 people were killed",)},
            7.0,
            Level.HIGH,
            ("IL", "IR"),
            killed=9,
        ),
        Report(
            "valley-herald",
            "https://valley.example/world/varnell-toll",
            "Death toll rises to 14 after Varnell port strikes",
            "Rescue teams said 14 people were killed and 30 injured when missiles struck "
            "the port of Varnell, as cranes burned through the morning.",
            timedelta(hours=4),
            {"casualties": ("14 people were killed",), "strike": ("missiles struck",)},
            10.5,
            Level.CRITICAL,
            ("IL", "IR"),
            killed=14,
            injured=30,
        ),
    ),
    2: (
        Report(
            "northern-post",
            "https://post.example/tarsk",
            "Border clash reported near Tarsk",
            "Guards on both sides shelled positions near the hill town of Tarsk for an "
            "hour before the firing stopped, local officials said.",
            timedelta(hours=30),
            {"strike": ("shelled positions",)},
            3.5,
            Level.ELEVATED,
            ("IR", "PK"),
        ),
    ),
    3: (
        Report(
            "harbour-times",
            "javascript:alert(1)",
            HOSTILE_TITLE,
            "A drone attack set fire to a fuel depot outside Ostrava, and 2 people were "
            "killed, regional officials said.",
            timedelta(hours=2),
            {"strike": ("drone attack",), "casualties": ("2 people were killed",)},
            6.4,
            Level.HIGH,
            ("RU", "UA"),
            killed=2,
        ),
    ),
    4: (
        Report(
            "northern-post",
            "https://post.example/un-sudan",
            "UN Secretary-General calls for restraint in Sudan",
            "The Secretary-General calls for restraint by all parties and for aid convoys "
            "to be let through to the camps along the river.",
            timedelta(days=10),
            {"un_statement": ("calls for restraint",)},
            1.0,
            Level.LOW,
            ("SD",),
        ),
    ),
}
PENDING = Report(
    "valley-herald",
    "https://valley.example/kessa",
    "Late report from Kessa awaits reading",
    "Nothing has been classified in this report from the market town of Kessa yet.",
    timedelta(minutes=20),
    {},
    0.0,
    Level.NONE,
    (),
)
WATCH = "iran-strikes"


def classification(report: Report) -> Classification:
    joined = f"{report.title}\n{report.text}"
    signals = []
    for name, phrases in report.evidence.items():
        spans = []
        for phrase in phrases:
            start = joined.index(phrase)
            spans.append(Evidence(phrase, start, start + len(phrase)))
        signals.append(Signal(name, 1.0, tuple(spans)))
    return Classification(
        report.score,
        report.level,
        tuple(signals),
        Casualties(report.killed, report.injured),
        report.actors,
    )


def build(path: Path, now: datetime) -> None:
    """Write the test database at ``path``, its times relative to ``now``."""
    with Store(path) as store:
        store.feeds.sync(list(FEEDS), now - timedelta(days=30))
        feeds = {f.name: f for f in store.feeds.all()}
        ids: dict[str, int] = {}
        for report in [r for reports in STORIES.values() for r in reports] + [PENDING]:
            at = now - report.age
            article = Article(
                report.url, report.url, report.title, report.text[:80], report.text, at
            )
            [stored] = store.articles.store(feeds[report.feed], [article], now - report.age)
            ids[report.url] = stored.article_id
        processed, alerts = [], []
        for story_id, reports in STORIES.items():
            story = None
            for i, report in enumerate(reports):
                at = now - report.age
                c = classification(report)
                best = max(reports[: i + 1], key=lambda r: r.score)
                level = max(r.level for r in reports[: i + 1])
                story = Story(
                    story_id,
                    best.title,
                    now - reports[0].age,
                    at,
                    best.score,
                    level,
                    i + 1,
                    i + 1,
                    len({r.feed for r in reports[: i + 1]}),
                    tuple(sorted({a for r in reports[: i + 1] for a in r.actors})),
                    tuple(sorted({s for r in reports[: i + 1] for s in r.evidence})),
                    max((r.killed for r in reports[: i + 1] if r.killed), default=None),
                    max((r.injured for r in reports[: i + 1] if r.injured), default=None),
                )
                previous = max((r.level for r in reports[:i]), default=None)
                change = None
                if previous is None or level > previous:
                    change = LevelChange(at, previous, level, ids[report.url])
                processed.append(Processed(ids[report.url], c, story, change))
            if story_id == 1 and story is not None:
                last = reports[-1]
                at = now - last.age
                alert = Alert(
                    f"{WATCH}:1:{story.level}",
                    WATCH,
                    "Strikes involving Iran",
                    story,
                    story.level,
                    None,
                    ("actors IL, IR",),
                    (),
                    (Source(ids[last.url], last.feed, "v.example", last.title, last.url, at),),
                    now - last.age,
                )
                alerts.append(AlertIntent(Decision(alert, ("email", "slack"), now - last.age)))
        with store.processing.batch() as tx:
            tx.save(processed, alerts, classifier="test", now=now)
        due = {d.notifier: d.id for d in store.outbox.due(now)}
        store.outbox.mark_sent([due["slack"]], now - timedelta(hours=3))
        store.outbox.mark_sending([due["email"]])
        store.outbox.mark_failed([due["email"]], "SMTP 550: mailbox unavailable")
        polled, due = now - timedelta(minutes=3), now + timedelta(minutes=7)
        ok = PollRecord(polled, 200, None, due, 120, items_seen=20, items_new=1)
        store.feeds.record_poll(feeds["harbour-times"], ok)
        store.feeds.record_poll(feeds["northern-post"], ok)
        failing = feeds["valley-herald"]
        for minutes in (40, 20, 5):
            polled = now - timedelta(minutes=minutes)
            error = "HTTP 503 Service Unavailable"
            record = PollRecord(polled, 503, error, now + timedelta(minutes=5), 900)
            failing = store.feeds.record_poll(failing, record)
