"""The JSON API under ``/api/``: the dashboard's data for other tools.

Records are turned into JSON by ``monitor.views``, the functions ``--json`` prints with, so
a story reads the same from the command line and from the API. Every list is an object
with the list under a name and ``next`` (the URL of the next page, or null). Errors are
``{"error": ...}`` with the HTTP status (400 lists ``problems``). Documented in the README.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from monitor.models import Level
from monitor.storage.records import TimelineCount
from monitor.views import alert_record_json, feed_json, hit_json, iso, story_detail_json, story_json
from monitor.web import plots
from monitor.web.app import Web
from monitor.web.filters import alert_query, cutoff, parse_actors, search_query, story_query
from monitor.web.pages import (
    MAX_ID,
    RANKED,
    TIMELINE_DAYS,
    TIMELINE_HOURS,
    feed_days,
    pulse,
)

API_VERSION = 1


def api_routes(web: Web) -> list[BaseRoute]:
    api = Api(web)
    return [
        Route("/api/overview", api.overview),
        Route("/api/stories", api.stories),
        Route("/api/stories/{story_id:int}", api.story),
        Route("/api/alerts", api.alerts),
        Route("/api/feeds", api.feeds),
        Route("/api/search", api.search),
    ]


def timeline_json(counts: list[TimelineCount]) -> list[dict[str, Any]]:
    return [{"start": iso(c.start), "level": str(c.level), "stories": c.stories} for c in counts]


def _next(request: Request, more: bool, page: int) -> str | None:
    return str(request.url.include_query_params(page=page + 1)) if more else None


class Api:
    def __init__(self, web: Web) -> None:
        self.web = web
        self.store = web.store

    def overview(self, request: Request) -> JSONResponse:
        """Status, the timeline per day and per hour, and the latest high stories."""
        now = self.web.now()
        actors = parse_actors(request.query_params.get("actor", "")[:200])
        days = plots.buckets(now, TIMELINE_DAYS, "day")
        hours = plots.buckets(now, TIMELINE_HOURS, "hour")
        state = pulse(self.store, now)
        return JSONResponse(
            {
                "version": API_VERSION,
                "generated": iso(now),
                "actors": list(actors),
                "timeline": {
                    "day": timeline_json(self.store.stories.timeline(days[0], "day", actors)),
                    "hour": timeline_json(self.store.stories.timeline(hours[0], "hour", actors)),
                },
                "latest": [
                    story_json(s)
                    for s in self.store.stories.list(
                        since=days[0], levels=[Level.HIGH, Level.CRITICAL], actors=actors, limit=8
                    )
                ],
                "status": {
                    "last_poll": iso(state.last_poll),
                    "feeds": state.health,
                    "published_24h": state.published_24h,
                    "stories_24h": state.stories_24h,
                    "alerts_today": len(state.alerts_today),
                    "pending_articles": state.pending_articles,
                    "deliveries": state.deliveries,
                    "daemon": {"running": state.running, "heartbeat": iso(state.heartbeat)},
                },
            }
        )

    def stories(self, request: Request) -> JSONResponse:
        query = story_query(request.query_params)
        rows = self.store.stories.list(
            since=cutoff(query.since, self.web.now()),
            levels=query.levels,
            actors=query.actors,
            signal=query.signal or None,
            watch=query.watch or None,
            limit=query.limit + 1,
            offset=query.offset,
        )
        return JSONResponse(
            {
                "stories": [story_json(s) for s in rows[: query.limit]],
                "next": _next(request, len(rows) > query.limit, query.page),
            }
        )

    def story(self, request: Request) -> JSONResponse:
        story_id: int = request.path_params["story_id"]
        detail = self.store.stories.detail(story_id) if story_id <= MAX_ID else None
        if detail is None:
            raise HTTPException(404, f"no story has the id {story_id}")
        return JSONResponse(story_detail_json(detail))

    def alerts(self, request: Request) -> JSONResponse:
        query = alert_query(request.query_params)
        rows = self.store.outbox.alerts(
            status=query.status or None, limit=query.limit + 1, offset=query.offset
        )
        return JSONResponse(
            {
                "alerts": [alert_record_json(a) for a in rows[: query.limit]],
                "next": _next(request, len(rows) > query.limit, query.page),
            }
        )

    def feeds(self, request: Request) -> JSONResponse:
        days, per_day = feed_days(self.store, self.web.now())
        return JSONResponse(
            {
                "feeds": [
                    {
                        **feed_json(f),
                        "items_per_day": dict(
                            zip(
                                (d.isoformat() for d in days),
                                per_day.get(f.feed.name, [0] * len(days)),
                                strict=True,
                            )
                        ),
                    }
                    for f in self.store.feeds.health()
                ],
                "next": None,
            }
        )

    def search(self, request: Request) -> JSONResponse:
        query = search_query(request.query_params)
        if not query.text:
            return JSONResponse({"error": "bad request", "problems": ["q: a query is needed"]}, 400)
        result = self.store.articles.find(
            query.text, query.limit, newest=query.order == "newest", within=RANKED
        )
        return JSONResponse(
            {
                "query": query.text,
                "order": query.order,
                "as_words": result.as_words,
                "hits": [{**hit_json(h), "snippet": h.snippet} for h in result.hits],
                "next": None,
            }
        )
