"""Parsing: golden files for each feed format, and refusals for what is not a feed."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.parsing import clean_text, html_to_text, parse_feed

FEEDS = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _as_json(parsed: object) -> str:
    def default(value: object) -> object:
        if isinstance(value, datetime):
            return value.isoformat()
        raise TypeError(value)

    return (
        json.dumps(
            dataclasses.asdict(parsed),
            indent=2,
            default=default,  # type: ignore[call-overload]
            ensure_ascii=False,
        )
        + "\n"
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("rss2.xml", "application/rss+xml; charset=utf-8"),
        ("atom.xml", "application/atom+xml"),
        ("rss1.rdf", "application/rdf+xml"),
        ("latin1.xml", "text/xml"),
        ("broken.xml", "application/xml"),
        ("feed.json", "application/feed+json"),
    ],
    ids=["rss2", "atom", "rss1", "latin1", "bozo", "jsonfeed"],
)
def test_golden(name: str, content_type: str) -> None:
    body = (FEEDS / name).read_bytes()
    parsed = parse_feed(
        body, f"https://feeds.example/{name}", {"Content-Type": content_type}, now=NOW
    )
    golden = FEEDS / f"{name}.expected.json"
    actual = _as_json(parsed)
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_dates_are_aware_utc_and_never_in_the_future() -> None:
    parsed = parse_feed((FEEDS / "rss2.xml").read_bytes(), "https://n.example/rss", now=NOW)
    for article in parsed.articles:
        assert article.published.tzinfo is UTC
        assert article.published <= NOW
    by_title = {a.title: a for a in parsed.articles}
    assert by_title["A dispatch from the future"].published == NOW
    assert by_title["An item with no date"].published == NOW
    # +0100 in the feed is 05:15 UTC.
    first = by_title["Artillery fire hits border town of Verenka overnight"]
    assert first.published == datetime(2025, 6, 3, 5, 15, tzinfo=UTC)


def test_html_is_stripped_and_scripts_dropped() -> None:
    parsed = parse_feed((FEEDS / "rss2.xml").read_bytes(), "https://n.example/rss", now=NOW)
    first = parsed.articles[0]
    assert "<" not in first.summary + first.content
    assert "track()" not in first.content
    assert "wounded & taken" in first.content


def test_relative_links_resolve_against_the_feed_url() -> None:
    parsed = parse_feed((FEEDS / "rss2.xml").read_bytes(), "https://n.example/rss", now=NOW)
    assert "https://n.example/world/harvest-prices" in {a.url for a in parsed.articles}


def test_bozo_feed_keeps_entries_and_says_why() -> None:
    parsed = parse_feed((FEEDS / "broken.xml").read_bytes(), "https://h.example/", now=NOW)
    assert len(parsed.articles) == 1
    assert parsed.warning and "not well-formed" in parsed.warning


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        ((FEEDS / "page.html").read_bytes(), "text/html", "HTML page"),
        (b"Service temporarily unavailable", "text/plain", "not a feed"),
        (b"", "application/xml", "not a feed"),
        (b"<error><code>500</code></error>", "application/xml", "no feed found"),
        (b'{"error": "rate limited"}', "application/json", "not a JSON Feed"),
        (b"{not json", "application/json", "invalid JSON"),
    ],
    ids=["html-page", "plain-error", "empty", "xml-error-body", "json-error", "bad-json"],
)
def test_not_a_feed_is_a_parse_error(body: bytes, content_type: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason) as info:
        parse_feed(body, "https://bad.example/feed", {"Content-Type": content_type}, now=NOW)
    assert info.value.url == "https://bad.example/feed"


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("plain words", "plain words"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<style>p{}</style>kept<script>alert(1)</script>", "kept"),
        ("a<br>b", "a\nb"),
        ("<img src=x onerror=alert(1)>caption", "caption"),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert clean_text(html_to_text(fragment), 1000) == text
