"""Rendering alerts: JSON schema, Slack blocks and limits, email, terminal, hostile text."""

from __future__ import annotations

import email
import email.policy
import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.alerting import render
from monitor.models import Alert, Evidence, Level, Notice, Signal, Source, Story

NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)


def make_story(**changes: Any) -> Story:
    story = Story(
        id=42,
        headline="Iran and Pakistan trade strikes",
        first_seen=NOW - timedelta(minutes=30),
        last_seen=NOW - timedelta(minutes=5),
        score=7.5,
        level=Level.HIGH,
        articles=3,
        sources=2,
        feeds=3,
        actors=("IR", "PK"),
        signals=("strike", "casualties"),
        killed=12,
        injured=30,
    )
    return replace(story, **changes)


def make_source(i: int = 0, **changes: Any) -> Source:
    source = Source(
        article_id=100 + i,
        feed="border-wire",
        domain="news.example",
        title=f"Strikes reported along the border, update {i}",
        url=f"https://news.example/articles/{i}",
        published=NOW - timedelta(minutes=5 + i),
    )
    return replace(source, **changes)


def make_alert(
    *,
    story: Story | None = None,
    sources: Sequence[Source] | None = None,
    level: Level = Level.HIGH,
    previous: Level | None = None,
    watch: str = "iran-strikes",
    **changes: Any,
) -> Alert:
    story = story or make_story()
    evidence = (
        Signal("strike", 1.0, (Evidence("launched strikes", 0, 16), Evidence("air raid", 30, 38))),
        Signal("casualties", 1.0, (Evidence("12 people were killed", 50, 71),)),
    )
    alert = Alert(
        key=f"{watch}:{story.id}:{level}",
        watch=watch,
        description="Strikes involving Iran, with casualties",
        story=story,
        level=level,
        previous_level=previous,
        reasons=("story level high reaches elevated", "2 independent sources within 24h"),
        evidence=evidence,
        sources=tuple(sources if sources is not None else (make_source(0), make_source(1))),
        decided=NOW,
    )
    return replace(alert, **changes)


def strings(value: object) -> Iterator[str]:
    """Every string anywhere in a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>")


def slack_markup_ok(text: str) -> list[str]:
    """Problems with escaped Slack text: stray markup or a broken entity. Empty if none."""
    problems = []
    rest = LINK.sub("", text)
    if "<" in rest or ">" in rest:
        problems.append(f"unescaped < or > outside our links: {text!r}")
    for m in re.finditer(r"&", text):
        if not re.match(r"&(amp|lt|gt);", text[m.start() :]):
            problems.append(f"broken entity at {m.start()}: {text[m.start() : m.start() + 8]!r}")
    return problems


def link_targets(payload: dict[str, Any]) -> list[str]:
    return [m.group(1) for s in strings(payload) for m in LINK.finditer(s)]


def parse(message: EmailMessage) -> EmailMessage:
    """The message as a mail server would read it back from the wire."""
    parsed = email.message_from_bytes(bytes(message), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert text is not None and page is not None
    return text.get_content(), page.get_content()


# --- JSON -------------------------------------------------------------------------------


def test_alert_json_schema() -> None:
    alert = make_alert(previous=Level.ELEVATED)
    data = render.alert_json(alert)
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "type",
        "version",
        "key",
        "watch",
        "description",
        "level",
        "previous_level",
        "escalation",
        "story",
        "reasons",
        "evidence",
        "sources",
        "decided",
    }
    assert data["type"] == "alert"
    assert data["version"] == 1
    assert data["key"] == "iran-strikes:42:high"
    assert (data["level"], data["previous_level"], data["escalation"]) == ("high", "elevated", True)
    assert data["story"] == {
        "id": 42,
        "headline": "Iran and Pakistan trade strikes",
        "level": "high",
        "score": 7.5,
        "actors": ["IR", "PK"],
        "signals": ["strike", "casualties"],
        "killed": 12,
        "injured": 30,
        "displaced": None,
        "sources": 2,
        "articles": 3,
        "feeds": 3,
        "first_seen": "2025-06-02T09:30:00Z",
        "last_seen": "2025-06-02T09:55:00Z",
    }
    assert data["evidence"] == {
        "strike": ["launched strikes", "air raid"],
        "casualties": ["12 people were killed"],
    }
    assert data["sources"][0] == {
        "feed": "border-wire",
        "domain": "news.example",
        "title": "Strikes reported along the border, update 0",
        "url": "https://news.example/articles/0",
        "published": "2025-06-02T09:55:00Z",
        "joined": "",
    }
    assert data["decided"] == "2025-06-02T10:00:00Z"


def test_json_times_are_utc_whatever_the_input_zone() -> None:
    plus_two = NOW.astimezone(__import__("datetime").timezone(timedelta(hours=2)))
    assert render.alert_json(make_alert(decided=plus_two))["decided"] == "2025-06-02T10:00:00Z"


def test_webhook_body_and_notice_json() -> None:
    body = render.alerts_json([make_alert(), make_alert(watch="un-restraint")])
    assert body["type"] == "alerts"
    assert [a["watch"] for a in body["alerts"]] == ["iran-strikes", "un-restraint"]
    notice = render.notice_json(Notice("feed failing", "timed out 3 times", Level.ELEVATED, NOW))
    assert notice == {
        "type": "notice",
        "version": 1,
        "title": "feed failing",
        "body": "timed out 3 times",
        "level": "elevated",
        "decided": "2025-06-02T10:00:00Z",
    }
    with pytest.raises(ValueError):
        render.alerts_json([])


# --- untrusted text in Slack ------------------------------------------------------------

HOSTILE_TITLES = [
    pytest.param("<!channel> <https://evil.example|click>", id="channel-ping-and-link"),
    pytest.param("<!here> please look", id="here-ping"),
    pytest.param("<@U123ABC> and <#C123|general>", id="user-and-channel-mention"),
    pytest.param("<!subteam^S123|@oncall> escalate", id="usergroup-ping"),
    pytest.param("Tom &amp; Jerry &lt;!channel&gt;", id="pre-escaped-entities"),
    pytest.param("line one\n<!channel>\r\nline two", id="newlines-around-ping"),
    pytest.param("*bold* _it_ ~s~ `code` > quote", id="mrkdwn-formatting"),
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_slack_untrusted_titles_ping_nobody_and_link_nowhere(title: str) -> None:
    story = make_story(headline=title)
    sources = [make_source(0, title=title, feed=title, domain=title)]
    alert = make_alert(
        story=story,
        sources=sources,
        reasons=(title,),
        evidence=(Signal(title, 1.0, (Evidence(title, 0, 1),)),),
        description=title,
        watch=title,
    )
    for payload in (
        render.slack_alerts([alert]),
        render.slack_alerts([alert, alert]),
        render.slack_notice(Notice(title, title)),
    ):
        for text in strings(payload):
            assert slack_markup_ok(text) == []
            assert "<!" not in text and "<@" not in text and "<#" not in text
        assert all(t == "https://news.example/articles/0" for t in link_targets(payload))


@pytest.mark.parametrize(
    ("url", "target"),
    [
        pytest.param("https://news.example/a", "https://news.example/a", id="plain"),
        pytest.param(
            "https://news.example/a?x=1&y=2", "https://news.example/a?x=1&amp;y=2", id="ampersand"
        ),
        pytest.param(
            "https://news.example/a|<!channel>",
            "https://news.example/a%7C%3C!channel%3E",
            id="pipe-and-angle-brackets",
        ),
        pytest.param("https://evil.example|click", None, id="pipe-in-host"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("ftp://news.example/a", None, id="ftp"),
        pytest.param("/relative/path", None, id="relative"),
        pytest.param("https://news.example/a\nb", None, id="newline"),
        pytest.param("https://news.example/a b", "https://news.example/a%20b", id="space"),
        pytest.param("http://[broken/a", None, id="invalid-ipv6"),
        pytest.param("https://[::1]:8080/a", "https://[::1]:8080/a", id="ipv6"),
        pytest.param("https://bank.example@evil.example/", None, id="userinfo"),
        pytest.param("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4", id="idn"),
        pytest.param("HTTPS://News.Example:8443/A", "https://news.example:8443/A", id="case"),
    ],
)
def test_slack_links_only_http_urls_escaped(url: str, target: str | None) -> None:
    payload = render.slack_alerts([make_alert(sources=[make_source(0, url=url)])])
    targets = link_targets(payload)
    assert targets == ([target] if target else [])
    for text in strings(payload):
        assert slack_markup_ok(text) == []


def test_slack_single_alert_content() -> None:
    sources = [make_source(i) for i in range(8)]
    alert = make_alert(previous=Level.ELEVATED, sources=sources)
    payload = render.slack_alerts([alert], max_sources=5)
    blocks = payload["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == "🟠 HIGH: Iran and Pakistan trade strikes"
    text = "\n".join(strings(blocks))
    assert "Escalated from elevated to high" in text
    assert "“launched strikes”" in text and "“12 people were killed”" in text
    assert "*Killed:* 12" in text and "*Injured:* 30" in text
    assert "story level high reaches elevated" in text
    assert "Watch *iran-strikes*" in text
    assert len(link_targets(payload)) == 5
    assert "…and 3 more" in text
    assert payload["unfurl_links"] is False
    assert "iran-strikes" in payload["text"]


def test_slack_first_alert_is_not_called_an_escalation() -> None:
    text = "\n".join(strings(render.slack_alerts([make_alert()])))
    assert "New story at level high" in text
    assert "Escalated" not in text


@pytest.mark.parametrize(
    ("level", "emoji"),
    [(Level.LOW, "🔵"), (Level.ELEVATED, "🟡"), (Level.HIGH, "🟠"), (Level.CRITICAL, "🔴")],
    ids=str,
)
def test_slack_header_emoji_per_level(level: Level, emoji: str) -> None:
    header = render.slack_alerts([make_alert(level=level)])["blocks"][0]["text"]["text"]
    assert header.startswith(f"{emoji} {str(level).upper()}: ")


# --- Slack limits -----------------------------------------------------------------------


def assert_within_slack_limits(payload: dict[str, Any]) -> None:
    blocks = payload["blocks"]
    assert len(blocks) <= 50
    assert render.utf16_len(payload["text"]) <= 3000
    assert slack_markup_ok(payload["text"]) == []
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
            assert render.utf16_len(block["text"]["text"]) <= 150
        elif block["type"] == "section":
            assert render.utf16_len(block["text"]["text"]) <= 3000
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            for element in block["elements"]:
                assert render.utf16_len(element["text"]) <= 3000
    for text in strings(blocks):
        assert slack_markup_ok(text) == []


LONG = "<&> 🟥 " * 700  # escapes triple its length; astral emoji count twice in UTF-16


def huge_alert(i: int = 0) -> Alert:
    story = make_story(id=i, headline=f"{i} {LONG}", actors=tuple(f"A{n}" for n in range(300)))
    evidence = tuple(
        Signal(f"signal{n}", 1.0, tuple(Evidence(f"{q} {LONG}", 0, 1) for q in range(50)))
        for n in range(40)
    )
    sources = [make_source(n, title=LONG, url=f"https://news.example/{n}?a&b") for n in range(200)]
    return make_alert(
        story=story,
        evidence=evidence,
        sources=sources,
        reasons=tuple(f"reason {n} {LONG}" for n in range(100)),
        description=LONG,
        watch=f"watch-{i}",
    )


def test_slack_huge_story_stays_within_limits() -> None:
    payload = render.slack_alerts([huge_alert()], max_sources=20)
    assert_within_slack_limits(payload)
    text = "\n".join(strings(payload["blocks"]))
    assert "more signals" in text  # the overflow is said, not silently dropped


def test_slack_digest_of_sixty_alerts_stays_within_limits() -> None:
    alerts = [make_alert(story=make_story(id=i, headline=f"Story {i}")) for i in range(60)]
    alerts[37] = make_alert(story=make_story(id=37, headline="Story 37"), level=Level.CRITICAL)
    payload = render.slack_alerts(alerts)
    assert_within_slack_limits(payload)
    assert payload["blocks"][0]["text"]["text"] == "🔴 60 alerts, highest CRITICAL"
    text = "\n".join(strings(payload["blocks"]))
    assert "*And 45 more*" in text
    # The highest level comes first, and every alert is at least named.
    assert "Story 37" in payload["blocks"][1]["text"]["text"]
    assert all(f"Story {i}" in text for i in range(60))


def test_slack_digest_of_sixty_huge_alerts_stays_within_limits() -> None:
    huge = huge_alert()
    alerts = [replace(huge, story=replace(huge.story, id=i), watch=f"w{i}") for i in range(60)]
    payload = render.slack_alerts(alerts)
    assert_within_slack_limits(payload)
    assert "more alerts" in payload["blocks"][-2]["text"]["text"]


@given(st.text(alphabet=st.sampled_from("ab<>&|🟥 "), max_size=400), st.integers(2, 300))
def test_clip_never_splits_an_entity_or_exceeds_the_limit(text: str, limit: int) -> None:
    clipped = render.clip(render.slack_escape(text), limit)
    assert render.utf16_len(clipped) <= limit
    assert slack_markup_ok(clipped) == []


def test_clip_keeps_links_whole() -> None:
    link = render.slack_link("https://news.example/a", "title")
    clipped = render.clip("x" * 10 + link + "y" * 100, 20)
    assert clipped == "x" * 10 + "…"


# --- email ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alerts", "subject"),
    [
        pytest.param([make_alert()], "[HIGH] IR, PK: Iran and Pakistan trade strikes", id="one"),
        pytest.param(
            [make_alert(previous=Level.ELEVATED)],
            "[HIGH, up from ELEVATED] IR, PK: Iran and Pakistan trade strikes",
            id="escalation",
        ),
        pytest.param(
            [make_alert(story=make_story(actors=()))],
            "[HIGH] Iran and Pakistan trade strikes",
            id="no-actors",
        ),
        pytest.param(
            [
                make_alert(level=Level.ELEVATED, story=make_story(id=1, headline="Shelling")),
                make_alert(level=Level.CRITICAL),
                make_alert(story=make_story(id=3)),
            ],
            "[CRITICAL] 3 alerts: IR, PK: Iran and Pakistan trade strikes (+2 more)",
            id="digest",
        ),
    ],
)
def test_email_subject(alerts: list[Alert], subject: str) -> None:
    assert render.email_subject(alerts) == subject
    message = parse(render.email_message(alerts, sender="m@example.org", to=["a@example.org"]))
    # The parser keeps the space of a header folded right after its name.
    assert message["Subject"].lstrip() == subject


INJECTIONS = [
    pytest.param("x\r\nBcc: victim@example.com", id="crlf-bcc"),
    pytest.param("x\nBcc: victim@example.com", id="lf-bcc"),
    pytest.param("x\rBcc: victim@example.com", id="cr-bcc"),
    pytest.param("x\r\n\r\n<html>body</html>", id="crlf-body"),
    pytest.param("x\u2028Bcc: victim@example.com", id="line-separator"),
    pytest.param("x\x0bBcc:\x0cvictim@example.com\x00", id="other-controls"),
]


@pytest.mark.parametrize("title", INJECTIONS)
def test_email_title_cannot_add_a_header(title: str) -> None:
    alert = make_alert(story=make_story(headline=title), key=f"w:1:high{title}")
    message = render.email_message([alert], sender="m@example.org", to=["a@example.org"])
    parsed = parse(message)
    assert sorted(parsed.keys()) == sorted(
        [
            *("Subject", "From", "To", "Date", "Message-ID", "X-Monitor-Alert"),
            *("MIME-Version", "Content-Type"),
        ]
    )
    assert parsed["Bcc"] is None
    assert "\n" not in parsed["Subject"] and "\r" not in parsed["Subject"]
    assert parsed["Subject"].startswith("[HIGH] IR, PK: x")
    assert parsed.get_all("To") == ["a@example.org"]


def test_notice_title_cannot_add_a_header() -> None:
    notice = Notice("feed down\r\nBcc: victim@example.com", "body\r\nBcc: x@example.com")
    parsed = parse(render.email_notice(notice, sender="m@example.org", to=["a@example.org"]))
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "[LOW] feed down Bcc: victim@example.com"


def test_email_message_parts_and_headers() -> None:
    alerts = [make_alert(), make_alert(watch="un-restraint")]
    message = render.email_message(alerts, sender="m@example.org", to=["a@example.org", "b@x.org"])
    parsed = parse(message)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["To"] == "a@example.org, b@x.org"
    assert parsed.get_all("X-Monitor-Alert") == ["iran-strikes:42:high", "un-restraint:42:high"]
    assert parsed["Date"] == "Mon, 02 Jun 2025 10:00:00 +0000"
    text, page = parts(parsed)
    assert text.startswith("2 alerts")
    assert "Killed: 12" in text and "https://news.example/articles/1" in text
    assert '<a href="https://news.example/articles/0">' in page
    assert "Why this alert" in text and "Why this alert" in page


def test_message_id_depends_only_on_the_keys() -> None:
    one = render.email_message([make_alert()], sender="m@example.org", to=["a@example.org"])
    again = render.email_message(
        [make_alert(decided=NOW + timedelta(hours=1))], sender="m@example.org", to=["b@x.org"]
    )
    other = render.email_message(
        [make_alert(level=Level.CRITICAL)], sender="m@example.org", to=["a@example.org"]
    )
    assert one["Message-ID"] == again["Message-ID"]
    assert one["Message-ID"] != other["Message-ID"]
    assert re.fullmatch(r"<alert\.[0-9a-f]{32}@example\.org>", one["Message-ID"])


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param("<script>alert(1)</script>", id="script"),
        pytest.param('<img src=x onerror="alert(1)">', id="img-onerror"),
        pytest.param("</h2><a href='https://evil.example'>x</a>", id="closing-tag-and-link"),
        pytest.param("Tom & Jerry \"quoted\" 'single'", id="ampersand-quotes"),
    ],
)
def test_email_html_escapes_untrusted_text(hostile: str) -> None:
    alert = make_alert(
        story=make_story(headline=hostile, actors=(hostile,)),
        sources=[make_source(0, title=hostile, feed=hostile, domain=hostile)],
        reasons=(hostile,),
        evidence=(Signal(hostile, 1.0, (Evidence(hostile, 0, 1),)),),
    )
    _, page = parts(parse(render.email_message([alert], sender="m@x.org", to=["a@x.org"])))
    assert "<script" not in page and "<img" not in page and "evil.example'" not in page
    assert "</h2><a" not in page
    assert re.findall(r'href="([^"]*)"', page) == ["https://news.example/articles/0"]
    assert html.escape(hostile) in page


@pytest.mark.parametrize(
    ("url", "href"),
    [
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("data:text/html,<b>x</b>", None, id="data"),
        pytest.param(
            'https://news.example/"onmouseover="x',
            "https://news.example/%22onmouseover=%22x",
            id="quote",
        ),
        pytest.param(
            "https://news.example/?a=1&b=2", "https://news.example/?a=1&amp;b=2", id="amp"
        ),
    ],
)
def test_email_html_links_only_http_urls(url: str, href: str | None) -> None:
    alert = make_alert(sources=[make_source(0, url=url)])
    _, page = parts(parse(render.email_message([alert], sender="m@x.org", to=["a@x.org"])))
    assert re.findall(r'href="([^"]*)"', page) == ([href] if href else [])


# --- terminal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("\x1b[31mred\x1b[0m", id="csi-colour"),
        pytest.param("\x1b]0;pwned\x07title", id="osc-window-title"),
        pytest.param("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", id="osc-hyperlink"),
        pytest.param("clear\x1b[2J\x1bc", id="clear-screen"),
        pytest.param("bell\x07 backspace\x08 \u202eevil", id="controls-and-bidi"),
        pytest.param("\x9b31mC1 CSI", id="c1-csi"),
    ],
)
def test_terminal_text_has_no_escape_sequences(title: str) -> None:
    alert = make_alert(story=make_story(headline=title), sources=[make_source(0, title=title)])
    blocks = render.terminal_alerts([alert])
    for text in (blocks[0].text, render.terminal_notice(Notice(title, title)).text):
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", text)
        assert "evil.example" not in text


def test_terminal_blocks_highest_level_first() -> None:
    blocks = render.terminal_alerts(
        [make_alert(level=Level.ELEVATED), make_alert(level=Level.CRITICAL)]
    )
    assert [b.level for b in blocks] == [Level.CRITICAL, Level.ELEVATED]
    assert blocks[0].title == "CRITICAL: Iran and Pakistan trade strikes"
    assert "  strike: “launched strikes”, “air raid”" in blocks[0].lines
