"""The dashboard's pages: overview, stories, one story, feeds, alerts, search, and the one
write action (retrying failed deliveries, when enabled).

Each page reads through the store's typed queries, derives what it shows with the pure
helpers of ``plots``, ``story`` and ``filters``, and renders a template; every text is
escaped by Jinja2's autoescape. Pages work without JavaScript.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from monitor.models import Level
from monitor.storage import Store, lock_holder_running
from monitor.storage.records import AlertRecord, FeedDay, FeedHealth, TimelineCount
from monitor.web import plots
from monitor.web.app import Web
from monitor.web.filters import (
    SINCE_CHOICES,
    BadRequest,
    alert_query,
    cutoff,
    parse_actors,
    search_query,
    story_query,
)
from monitor.web.story import casualty_changes, pick_evidence, quotes, ties

TIMELINE_DAYS = 14
ALERTS_SHOWN = 8
ALERTS_COUNTED = 100
"""The overview counts today's alerts up to this many, and lists the latest few."""
TIMELINE_HOURS = 48
SPARK_DAYS = 14
MAX_ID = 2**63 - 1
"""The largest id SQLite can hold: a larger one names no story."""
FACET_DAYS = 30
RANKED = 2000
"""Best-match search ranks the newest this many matches (ranking them all takes long)."""
FORM_BYTES = 4096
"""The largest form body read (the retry form holds one token)."""
ARTICLES_PER_PAGE = 100
"""Articles listed on one page of a story (its evidence and figures cover them all)."""


def page_routes(web: Web) -> list[BaseRoute]:
    pages = Pages(web)
    return [
        Route("/", pages.overview, name="overview"),
        Route("/stories", pages.stories, name="stories"),
        Route("/stories/{story_id:int}", pages.story, name="story"),
        Route("/feeds", pages.feeds, name="feeds"),
        Route("/alerts", pages.alerts, name="alerts"),
        Route("/alerts/retry", pages.retry, methods=["POST"], name="retry"),
        Route("/search", pages.search, name="search"),
    ]


def timeline_rows(
    counts: Sequence[TimelineCount], starts: Sequence[datetime]
) -> list[tuple[datetime, dict[Level, int]]]:
    """The timeline as a table: for each hour or day, stories by level (every level)."""
    table: dict[datetime, dict[Level, int]] = {s: dict.fromkeys(Level, 0) for s in starts}
    for c in counts:
        if c.start in table:
            table[c.start][c.level] += c.stories
    return list(table.items())


@dataclass(frozen=True, slots=True)
class Pulse:
    """The monitor's state as the overview shows it, from cheap queries only (``monitor
    status`` also counts the articles fetched in a day: a pass over every article)."""

    feeds: list[FeedHealth]
    health: dict[str, int]
    last_poll: datetime | None
    published_24h: int
    stories_24h: int
    alerts_today: list[AlertRecord]
    """Today's alerts, newest first, at most ``ALERTS_COUNTED + 1``."""
    pending_articles: int
    deliveries: dict[str, int]
    running: bool
    """Whether the daemon holds its lock (runs)."""
    meta: dict[str, str]

    @property
    def heartbeat(self) -> datetime | None:
        beat = self.meta.get("daemon.heartbeat")
        return datetime.fromisoformat(beat) if beat else None

    @property
    def alerts_count(self) -> str:
        n = len(self.alerts_today)
        return f"{ALERTS_COUNTED}+" if n > ALERTS_COUNTED else str(n)


def pulse(store: Store, now: datetime) -> Pulse:
    feeds = store.feeds.health()
    polls = [f.last_polled for f in feeds if f.last_polled is not None]
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return Pulse(
        feeds=feeds,
        health=health_counts(feeds),
        last_poll=max(polls, default=None),
        published_24h=store.articles.count(now - timedelta(hours=24)),
        stories_24h=store.stories.count(now - timedelta(hours=24)),
        alerts_today=store.outbox.alerts(since=today, limit=ALERTS_COUNTED + 1),
        pending_articles=store.processing.pending_count(),
        deliveries=store.outbox.counts(),
        running=lock_holder_running(store.path),
        meta=store.queries.meta(),
    )


def ago(value: datetime | None, now: datetime) -> str:
    """``5 min ago``, ``3 h ago``, ``2 days ago``; ``never`` for None."""
    if value is None:
        return "never"
    seconds = (now - value).total_seconds()
    if seconds < 0:
        return "in the future"
    if seconds < 90:
        return f"{int(seconds)} s ago"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min ago"
    if seconds < 48 * 3600:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} days ago"


def segments(text: str, marks: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) at ``marks``."""
    out: list[tuple[str, bool]] = []
    last = 0
    for start, end in sorted(marks):
        if start < last or end > len(text):
            continue
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


HEALTHS = ("ok", "failing", "backed off", "never polled", "disabled")


def health_counts(feeds: Sequence[FeedHealth]) -> dict[str, int]:
    """Feeds by health, every state present."""
    counts = dict.fromkeys(HEALTHS, 0)
    for f in feeds:
        counts[f.health] += 1
    return counts


def feed_days(store: Store, now: datetime) -> tuple[list[date], dict[str, list[int]]]:
    """The last ``SPARK_DAYS`` days (UTC) and, by feed name, its items on each."""
    today = now.astimezone(UTC).date()
    days = [today - timedelta(days=SPARK_DAYS - 1 - i) for i in range(SPARK_DAYS)]
    since = datetime.combine(days[0], datetime.min.time(), tzinfo=UTC)
    return days, per_feed_days(store.feeds.items_per_day(since), days)


class Pages:
    def __init__(self, web: Web) -> None:
        self.web = web
        self.store = web.store

    # --- overview ---------------------------------------------------------------------

    def overview(self, request: Request) -> Response:
        now = self.web.now()
        actor_text = request.query_params.get("actor", "").strip()
        if len(actor_text) > 200:
            raise BadRequest(["actor: at most 200 characters"])
        actors = parse_actors(actor_text)
        days = plots.buckets(now, TIMELINE_DAYS, "day")
        hours = plots.buckets(now, TIMELINE_HOURS, "hour")
        per_day = self.store.stories.timeline(days[0], "day", actors)
        per_hour = self.store.stories.timeline(hours[0], "hour", actors)
        who = f" naming {' and '.join(actors)}" if actors else ""
        state = pulse(self.store, now)
        return self.web.render(
            request,
            "overview.html",
            title="Overview",
            refresh=self.web.options.refresh,
            actor=actor_text,
            actors=actors,
            day_plot=plots.timeline(
                per_day, days, "day", ident="per-day", title=f"Stories per day{who}"
            ),
            hour_plot=plots.timeline(
                per_hour, hours, "hour", ident="per-hour", title=f"Stories per hour{who}"
            ),
            day_rows=timeline_rows(per_day, days),
            levels=list(Level),
            drawn=plots.DRAWN,
            latest=self.store.stories.list(
                since=days[0], levels=[Level.HIGH, Level.CRITICAL], actors=actors, limit=8
            ),
            pulse=state,
            alerts=state.alerts_today[:ALERTS_SHOWN],
            today=now.replace(hour=0, minute=0, second=0, microsecond=0),
            troubled=[f for f in state.feeds if f.health in ("failing", "backed off")][:6],
            heartbeat_age=ago(state.heartbeat, now),
        )

    # --- stories ----------------------------------------------------------------------

    def stories(self, request: Request) -> Response:
        now = self.web.now()
        query = story_query(request.query_params)
        rows = self.store.stories.list(
            since=cutoff(query.since, now),
            levels=query.levels,
            actors=query.actors,
            signal=query.signal or None,
            watch=query.watch or None,
            limit=query.limit + 1,
            offset=query.offset,
        )
        facets = self.store.stories.facets(now - timedelta(days=FACET_DAYS))
        return self.web.render(
            request,
            "stories.html",
            title="Stories",
            query=query,
            actor=request.query_params.get("actor", ""),
            stories=rows[: query.limit],
            next_url=str(request.url.include_query_params(page=query.page + 1))
            if len(rows) > query.limit
            else "",
            previous_url=str(request.url.include_query_params(page=query.page - 1))
            if query.page > 1
            else "",
            facets=facets,
            since_choices=SINCE_CHOICES,
            levels=[lv for lv in Level if lv > Level.NONE],
        )

    def story(self, request: Request) -> Response:
        story_id: int = request.path_params["story_id"]
        detail = self.store.stories.detail(story_id) if story_id <= MAX_ID else None
        if detail is None:
            raise HTTPException(404, f"No story has the id {story_id}.")
        raw_page = request.query_params.get("page", "1")
        pages = max(1, -(-len(detail.articles) // ARTICLES_PER_PAGE))
        if not raw_page.isdigit() or not 1 <= int(raw_page) <= pages:
            raise BadRequest([f"page: expected a whole number from 1 to {pages}"])
        page = int(raw_page)
        shown = detail.articles[(page - 1) * ARTICLES_PER_PAGE : page * ARTICLES_PER_PAGE]
        picked = pick_evidence(detail)
        ids = sorted({a.id for found in picked.values() for a, _ in found})
        texts = {r.id: f"{r.title}\n{r.text}" for r in self.store.articles.many(ids)}
        story = detail.story
        page_of = {a.id: i // ARTICLES_PER_PAGE + 1 for i, a in enumerate(detail.articles)}

        def article_href(article_id: int) -> str:
            """Where an article of the story is listed: on this page or another."""
            on = page_of.get(article_id, page)
            return f"#article-{article_id}" if on == page else f"?page={on}#article-{article_id}"

        return self.web.render(
            request,
            "story.html",
            article_href=article_href,
            title=story.headline,
            detail=detail,
            story=story,
            shown=shown,
            first_shown=(page - 1) * ARTICLES_PER_PAGE + 1,
            next_url=str(request.url.include_query_params(page=page + 1)) if page < pages else "",
            previous_url=str(request.url.include_query_params(page=page - 1)) if page > 1 else "",
            quotes=quotes(detail, texts),
            casualties=casualty_changes(detail.articles),
            ties=ties(detail),
            history=plots.level_history(
                detail.levels, story.first_seen, story.last_seen, now=self.web.now()
            ),
        )

    # --- feeds ------------------------------------------------------------------------

    def feeds(self, request: Request) -> Response:
        now = self.web.now()
        days, per_day = feed_days(self.store, now)
        feeds = self.store.feeds.health()
        rows = [
            (
                f,
                plots.sparkline(
                    days,
                    per_day.get(f.feed.name, [0] * len(days)),
                    label=f"Items per day over the last {len(days)} days",
                ),
                sum(per_day.get(f.feed.name, [])),
            )
            for f in feeds
        ]
        return self.web.render(
            request,
            "feeds.html",
            title="Feeds",
            rows=rows,
            health=health_counts(feeds),
            spark_days=len(days),
            ago=lambda value: ago(value, now),
        )

    # --- alerts -----------------------------------------------------------------------

    def alerts(self, request: Request) -> Response:
        query = alert_query(request.query_params)
        rows = self.store.outbox.alerts(
            status=query.status or None, limit=query.limit + 1, offset=query.offset
        )
        retried = request.query_params.get("retried", "")
        return self.web.render(
            request,
            "alerts.html",
            title="Alerts",
            query=query,
            alerts=rows[: query.limit],
            counts=self.store.outbox.counts(),
            next_url=str(request.url.include_query_params(page=query.page + 1))
            if len(rows) > query.limit
            else "",
            previous_url=str(request.url.include_query_params(page=query.page - 1))
            if query.page > 1
            else "",
            retried=int(retried) if retried.isdigit() else None,
            csrf=self.web.csrf_token() if self.web.options.write else "",
        )

    async def retry(self, request: Request) -> Response:
        """Failed deliveries made pending again, due now (as ``monitor alerts retry``
        queues them); the daemon sends them. Only with write actions enabled, from the
        dashboard's own form: its CSRF token, and an Origin (when the browser sends one)
        that is the dashboard's."""
        if not self.web.options.write:
            raise HTTPException(403, "Write actions are disabled: start `monitor web --write`.")
        origin = request.headers.get("origin")
        if origin and origin != "null":
            own = f"{request.url.scheme}://{request.url.netloc}"
            if origin.rstrip("/") != own:
                raise HTTPException(403, "This form was posted from another site.")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > FORM_BYTES:
                raise HTTPException(413, "This form is too large.")
        token = parse_qs(body.decode("utf-8", "replace")).get("csrf", [""])[0]
        if not self.web.csrf.valid(token, time.time()):
            raise HTTPException(
                403, "The form has expired or did not come from this dashboard: reload it."
            )
        count = await run_in_threadpool(self._retry_failed)
        return RedirectResponse(f"/alerts?status=pending&retried={count}", status_code=303)

    def _retry_failed(self) -> int:
        with self.web.writer() as store:
            return store.outbox.retry_failed(self.web.now())

    # --- search -----------------------------------------------------------------------

    def search(self, request: Request) -> Response:
        query = search_query(request.query_params)
        result = None
        hits = []
        if query.text:
            result = self.store.articles.find(
                query.text, query.limit, newest=query.order == "newest", within=RANKED
            )
            hits = [(h, segments(h.snippet, h.marks)) for h in result.hits]
        return self.web.render(
            request,
            "search.html",
            title=f"Search: {query.text}" if query.text else "Search",
            query=query,
            result=result,
            hits=hits,
        )


def per_feed_days(rows: Sequence[FeedDay], days: Sequence[date]) -> dict[str, list[int]]:
    """Items per day by feed name, one value per day of ``days`` (0 where none)."""
    index = {d: i for i, d in enumerate(days)}
    out: dict[str, list[int]] = {}
    for r in rows:
        if r.day in index:
            out.setdefault(r.feed, [0] * len(days))[index[r.day]] += r.items
    return out
