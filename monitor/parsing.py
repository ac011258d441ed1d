"""Feed bytes in, Articles out. The only module that imports feedparser; no network.

``parse_feed`` hands feedparser the body as a byte stream together with the response
headers (content type for the encoding, content location for the base URL); it never
hands it a URL, because feedparser would fetch it without a timeout. HTML sanitising and
relative-URI resolution inside content are turned off: they cost half of feedparser's time
and the monitor keeps plain text only, which it strips here and escapes on output.

Feeds that are not well-formed but still yield entries ("bozo" feeds) are accepted and the
reason is kept in ``ParsedFeed.warning``; an HTML page or an error body is refused with a
``ParseError``. JSON Feed (1.0 and 1.1) is read without feedparser.
"""

from __future__ import annotations

import calendar
import html
import io
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from monitor.errors import ParseError
from monitor.models import Article

MAX_TITLE = 1_000
MAX_TEXT = 200_000

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one feed document holds."""

    title: str
    """The feed's own title (plain text)."""
    link: str
    """The site the feed belongs to, if it says."""
    articles: tuple[Article, ...]
    """Its entries, in document order."""
    warning: str | None = None
    """Why the document was not well-formed, when it still yielded entries."""
    skipped: tuple[tuple[str, int], ...] = ()
    """Entries left out, counted by why (``("no title or text", 2)``)."""


NO_TEXT = "no title or text"
NOT_AN_ITEM = "not an item object"


def _count(reasons: list[str]) -> tuple[tuple[str, int], ...]:
    return tuple((r, reasons.count(r)) for r in dict.fromkeys(reasons))


def parse_feed(
    body: bytes, url: str, headers: Mapping[str, str] | None = None, *, now: datetime
) -> ParsedFeed:
    """Read ``body`` (fetched from ``url`` with ``headers``) as RSS, Atom or JSON Feed.

    ``now`` is the fetch time: entries without a date get it, and entries dated after it
    are clamped to it (a clock set wrong, or a feed announcing tomorrow's paper).
    """
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    content_type = headers.get("content-type", "").lower()
    head = body[:512].lstrip()
    if "json" in content_type or head.startswith(b"{"):
        return _parse_json_feed(body, url, now)
    base = headers.get("content-location") or url
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={
            "content-type": headers.get("content-type", "application/xml"),
            "content-location": base,
        },
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    warning = _bozo_reason(parsed) if parsed.get("bozo") else None
    if not version and not entries:
        if head[:1] != b"<" or _looks_like_html(head):
            raise ParseError(url, f"not a feed ({_describe(body, content_type)})")
        raise ParseError(url, f"no feed found: {warning or 'unknown document'}")
    feed = parsed.get("feed") or {}
    language = str(feed.get("language") or "")
    articles: list[Article] = []
    skipped: list[str] = []
    for entry in entries:
        article = _entry_article(entry, base, language, now)
        if article is None:
            skipped.append(NO_TEXT)
        else:
            articles.append(article)
    return ParsedFeed(
        title=clean_text(str(feed.get("title") or ""), MAX_TITLE),
        link=str(feed.get("link") or ""),
        articles=tuple(articles),
        warning=warning,
        skipped=_count(skipped),
    )


def _entry_article(entry: Any, base: str, language: str, now: datetime) -> Article | None:
    link = _absolute(str(entry.get("link") or ""), base)
    guid = str(entry.get("id") or "").strip() or None
    title = clean_text(html_to_text(str(entry.get("title") or "")), MAX_TITLE)
    summary = clean_text(html_to_text(str(entry.get("summary") or "")), MAX_TEXT)
    content = clean_text(
        "\n\n".join(html_to_text(str(c.get("value") or "")) for c in entry.get("content") or ()),
        MAX_TEXT,
    )
    if content == summary:
        content = ""
    # An entry with neither link nor GUID is kept: its text is its identity (updates.py).
    if not (title or summary or content):
        return None
    # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed.
    updated = _struct_to_datetime(dict.get(entry, "updated_parsed"))
    published = _struct_to_datetime(dict.get(entry, "published_parsed")) or updated
    if updated == published:
        updated = None
    return Article(
        guid=guid,
        url=link,
        title=title,
        summary=summary,
        content=content,
        published=_clamp(published, now),
        updated=_clamp(updated, now) if updated else None,
        author=clean_text(str(entry.get("author") or ""), 200),
        language=str(entry.get("language") or language)[:35],
    )


def _struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    # feedparser's *_parsed are naive UTC: timegm, never mktime (which assumes local time).
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _clamp(value: datetime | None, now: datetime) -> datetime:
    if value is None or value > now:
        return now
    return value


def _absolute(link: str, base: str) -> str:
    link = link.strip()
    if not link:
        return ""
    joined = urljoin(base, link)
    return joined if urlsplit(joined).scheme in ("http", "https", "file") else ""


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    name = type(exc).__name__ if exc is not None else "unknown"
    return clean_text(f"{name}: {exc}", 300)


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lower()
    return lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered


def _describe(body: bytes, content_type: str) -> str:
    kind = content_type.split(";")[0].strip() or "no content type"
    if not body.strip():
        return f"{kind}, empty body"
    if _looks_like_html(body[:512].lstrip()):
        return f"{kind}, looks like an HTML page"
    return f"{kind}, {len(body)} bytes"


def _parse_json_feed(body: bytes, url: str, now: datetime) -> ParsedFeed:
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParseError(url, f"invalid JSON: {e}") from e
    version = doc.get("version", "") if isinstance(doc, dict) else ""
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise ParseError(url, "JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError(url, "JSON Feed has no 'items' list")
    language = str(doc.get("language") or "")
    articles = []
    skipped: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            skipped.append(NOT_AN_ITEM)
        elif article := _json_item(item, url, language, now):
            articles.append(article)
        else:
            skipped.append(NO_TEXT)
    return ParsedFeed(
        title=clean_text(str(doc.get("title") or ""), MAX_TITLE),
        link=str(doc.get("home_page_url") or ""),
        articles=tuple(articles),
        skipped=_count(skipped),
    )


def _json_item(item: dict[str, Any], base: str, language: str, now: datetime) -> Article | None:
    link = _absolute(str(item.get("url") or item.get("external_url") or ""), base)
    guid = str(item.get("id") or "").strip() or None
    title = clean_text(html_to_text(str(item.get("title") or "")), MAX_TITLE)
    summary = clean_text(str(item.get("summary") or ""), MAX_TEXT)
    content = item.get("content_text") or html_to_text(str(item.get("content_html") or ""))
    content = clean_text(str(content), MAX_TEXT)
    if not (title or summary or content):
        return None
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    author = next(
        (str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")), ""
    )
    updated = _iso_datetime(item.get("date_modified"))
    return Article(
        guid=guid,
        url=link,
        title=title,
        summary=summary,
        content="" if content == summary else content,
        published=_clamp(_iso_datetime(item.get("date_published")) or updated, now),
        updated=_clamp(updated, now) if updated else None,
        author=clean_text(author, 200),
        language=str(item.get("language") or language)[:35],
    )


def _iso_datetime(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- HTML to plain text ---------------------------------------------------------------

_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "title"}
)


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment; drops scripts, styles and every tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment (or of plain text with entities)."""
    if "<" not in fragment:
        return html.unescape(fragment) if "&" in fragment else fragment
    extractor = _TextExtractor()
    extractor.feed(fragment)
    extractor.close()
    return "".join(extractor.parts)


def clean_text(text: str, limit: int) -> str:
    """Whitespace folded, control characters removed, at most ``limit`` characters."""
    text = _CONTROL.sub("", text)
    text = "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text[:limit]
