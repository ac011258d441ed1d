"""What a request asks for: query parameters read into typed filters, or a list of what is
wrong with them. Pure. Values only ever reach the database as bound parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import parse_duration
from monitor.models import Level
from monitor.storage import DELIVERY_STATUSES

SINCE_CHOICES = ("1h", "6h", "24h", "3d", "7d", "30d", "all")
"""The periods the forms offer; the API takes any duration (``90m``, ``2d``)."""
MAX_TEXT = 200
MAX_QUERY = 500
"""Characters of a search query accepted."""
PAGE_SIZE = 50
_PAIR = re.compile(r"^[A-Za-z]{2}(-[A-Za-z]{2})+$")
_SHORT_PREFIX = re.compile(r"(?<!\w)\w{1,2}\*")
"""A prefix search of one or two characters (``a*``): it expands to most of the index."""
_SPLIT = re.compile(r"\s*[,+]\s*")


class BadRequest(ValueError):
    """Query parameters that cannot be read; each problem names its parameter."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problems))


def parse_actors(text: str) -> tuple[str, ...]:
    """``IR-IL`` (a pair, or more, of country codes), or names separated by ``,`` or ``+``
    (``IR, Hamas``): every actor a story must name. Two-letter codes are upper-cased; a
    hyphen inside a longer name (``al-Shabaab``) is kept."""
    text = text.strip()
    if not text:
        return ()
    parts = text.split("-") if _PAIR.match(text) else _SPLIT.split(text)
    actors = [p.upper() if len(p) == 2 and p.isalpha() else p for p in parts if p]
    return tuple(dict.fromkeys(actors))


def _text(params: Mapping[str, str], name: str, problems: list[str], limit: int = MAX_TEXT) -> str:
    value = params.get(name, "").strip()
    if len(value) > limit:
        problems.append(f"{name}: at most {limit} characters")
        return ""
    if any(ord(c) < 32 for c in value):
        problems.append(f"{name}: control characters are not accepted")
        return ""
    return value


def _int(
    params: Mapping[str, str], name: str, default: int, low: int, high: int, problems: list[str]
) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        problems.append(f"{name}: expected a whole number from {low} to {high}, got {raw[:20]!r}")
        return default
    return int(raw)


def _since(params: Mapping[str, str], default: str, problems: list[str]) -> str:
    since = _text(params, "since", problems) or default
    if since != "all":
        try:
            parse_duration(since)
        except ValueError as e:
            problems.append(f"since: {e}")
            return default
    return since


def cutoff(since: str, now: datetime) -> datetime | None:
    """The start of the period ``since`` (``24h``) ending ``now``; None for ``all``."""
    return None if since == "all" else now - timedelta(seconds=parse_duration(since))


@dataclass(frozen=True, slots=True)
class _Paged:
    """A page of a listing: ``page`` counted from 1, ``limit`` rows a page."""

    page: int = 1
    limit: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def _paging(params: Mapping[str, str], problems: list[str]) -> dict[str, int]:
    """``page`` and ``limit`` of a request, for a ``_Paged`` query."""
    return {
        "page": _int(params, "page", 1, 1, 10_000, problems),
        "limit": _int(params, "limit", PAGE_SIZE, 1, 500, problems),
    }


@dataclass(frozen=True, slots=True)
class StoryQuery(_Paged):
    """The filters of a story list."""

    level: Level | None = None
    """At least this level."""
    actors: tuple[str, ...] = ()
    """Every one of these actors."""
    signal: str = ""
    watch: str = ""
    since: str = "7d"

    @property
    def levels(self) -> list[Level]:
        return [] if self.level is None else [lv for lv in Level if lv >= self.level]


def story_query(params: Mapping[str, str], *, default_since: str = "7d") -> StoryQuery:
    """The story filters of a request: ``level``, ``actor``, ``signal``, ``watch``,
    ``since``, ``page``, ``limit``. BadRequest lists what is wrong."""
    problems: list[str] = []
    level = None
    if raw := _text(params, "level", problems):
        try:
            level = Level.parse(raw)
        except ValueError as e:
            problems.append(f"level: {e}")
    query = StoryQuery(
        level=level,
        actors=parse_actors(_text(params, "actor", problems)),
        signal=_text(params, "signal", problems),
        watch=_text(params, "watch", problems),
        since=_since(params, default_since, problems),
        **_paging(params, problems),
    )
    if problems:
        raise BadRequest(problems)
    return query


@dataclass(frozen=True, slots=True)
class AlertQuery(_Paged):
    status: str = ""


def alert_query(params: Mapping[str, str]) -> AlertQuery:
    """``status`` (a delivery state), ``page``, ``limit``."""
    problems: list[str] = []
    status = _text(params, "status", problems)
    if status and status not in DELIVERY_STATUSES:
        problems.append(f"status: expected one of {', '.join(DELIVERY_STATUSES)}")
    query = AlertQuery(status=status, **_paging(params, problems))
    if problems:
        raise BadRequest(problems)
    return query


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str = ""
    order: str = "newest"
    """``newest`` (newest stored first) or ``best`` (best match first)."""
    limit: int = 30


def search_query(params: Mapping[str, str]) -> SearchQuery:
    """``q`` (the query), ``order`` (``newest`` or ``best``), ``limit``. A query of any
    characters is accepted up to ``MAX_QUERY`` characters: storage reads what is not valid
    search syntax as plain words."""
    problems: list[str] = []
    text = params.get("q", "").strip()
    if len(text) > MAX_QUERY:
        problems.append(f"q: at most {MAX_QUERY} characters (this one has {len(text)})")
    elif "\x00" in text:
        problems.append("q: a NUL character is not accepted")
    elif _SHORT_PREFIX.search(text):
        problems.append(
            "q: a prefix search needs at least three characters before the * "
            "(evac* rather than ev*): a shorter one matches most words"
        )
    order = params.get("order", "newest").strip() or "newest"
    if order not in ("newest", "best"):
        problems.append("order: expected newest or best")
    query = SearchQuery(text, order, _int(params, "limit", 30, 1, 200, problems))
    if problems:
        raise BadRequest(problems)
    return query
