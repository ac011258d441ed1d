"""Alerts and notices rendered for each channel: Slack Block Kit, email, JSON, terminal text.

Pure: values in, values out. No network, no files, no clock; every date shown comes from
the alert or notice itself.

Article text is untrusted. Each renderer makes it inert for its medium:

- Slack mrkdwn: ``&``, ``<`` and ``>`` are escaped everywhere, so ``<!channel>``,
  ``<@U123>`` or ``<https://evil|click>`` in a title ping nobody and link nowhere. Only
  http(s) URLs become links, percent-encoded so that ``|`` or ``>`` cannot end the link.
- Email: headers are built with ``email.message.EmailMessage`` from text stripped of CR,
  LF and every other control character, so a title cannot add a header line. The HTML part
  escapes every string and links only http(s) URLs.
- Terminal: ANSI escape sequences, control characters and bidirectional controls are
  removed.
- JSON keeps the text as the feed gave it: ``json`` encoding is already safe, and scripts
  deserve the original.

Slack's limits are respected by construction (at most 50 blocks, 3000 characters a
section, 150 a header, 10 context elements); long text is cut with an ellipsis that never
splits an escape sequence or a link, and a digest of many alerts summarises the overflow.

This module decides nothing about whether to alert and sends nothing.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from monitor.models import Alert, Level, Notice, Source
from monitor.views import story_json

SCHEMA_VERSION = 1
"""Version of the JSON objects below; it changes only when a field changes meaning or goes."""

EMOJI = {
    Level.NONE: "⚪",
    Level.LOW: "🔵",
    Level.ELEVATED: "🟡",
    Level.HIGH: "🟠",
    Level.CRITICAL: "🔴",
}

# Slack's documented limits for messages with blocks.
SLACK_MAX_BLOCKS = 50
SLACK_SECTION_CHARS = 3000
SLACK_HEADER_CHARS = 150
SLACK_CONTEXT_ELEMENTS = 10
SLACK_TEXT_CHARS = 3000
SLACK_DIGEST_DETAILED = 15
"""A digest shows this many alerts in full; the rest are listed one line each."""

QUOTES_PER_SIGNAL = 3
QUOTE_CHARS = 120
TITLE_CHARS = 200
HEADLINE_CHARS = 300
REASON_CHARS = 300
EMAIL_SOURCES = 20
SUBJECT_CHARS = 200

_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|[@-Z\\-_])"  # two-character sequences
)
# C0 and C1 controls, DEL, line/paragraph separators, and the bidirectional marks,
# embeddings, overrides and isolates that can make a terminal or mail client show text in
# an order other than the one it has.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SPACES = re.compile(r"\s+")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?", re.IGNORECASE)


# --- untrusted text ---------------------------------------------------------------------


def clean(text: str) -> str:
    """``text`` on one line: escape sequences and control characters removed, spaces folded."""
    text = _ANSI.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def blank(text: str) -> str:
    """``text`` with each control character (escape, bidirectional controls, line breaks)
    replaced by a space: inert, and of the same length, so offsets into it still hold."""
    return _CONTROL.sub(" ", text)


def inert_lines(text: str) -> str:
    """``text`` with escape sequences and control characters removed, its lines and
    indentation kept (a message that lists problems)."""
    return "\n".join(_CONTROL.sub(" ", _ANSI.sub("", line)) for line in text.split("\n"))


def tidy(text: str, limit: int) -> str:
    """``text`` cleaned and shortened to ``limit`` characters.

    Only a bounded prefix is cleaned: an article can be megabytes long, a line cannot.
    """
    return shorten(clean(text[: limit * 4 + 64]), limit)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def safe_url(url: str) -> str | None:
    """``url`` percent-encoded for embedding, if it is an absolute http(s) URL; else None.

    Spaces, quotes, ``<``, ``>``, ``|``, backslashes and non-ASCII characters are encoded, so
    the result cannot end a Slack link or an HTML attribute early. URLs with a user name
    (``https://bank.example@evil.example/``) are refused: they exist to mislead a reader.
    """
    url = url.strip()
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    if ":" in host:
        try:
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return None
    elif not _HOST.fullmatch(host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        if not _HOST.fullmatch(host):
            return None
    netloc = host + (f":{port}" if port is not None else "")
    path, query, fragment = (
        quote(p, safe=_URL_SAFE) for p in (parts.path, parts.query, parts.fragment)
    )
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def slack_escape(text: str) -> str:
    """``text`` with the three characters Slack parses as markup escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_link(url: str, label: str) -> str:
    """A Slack link to ``url`` showing ``label``, or just the escaped label if the URL is unsafe."""
    text = slack_escape(clean(label)) or "link"
    target = safe_url(url)
    if target is None:
        return text
    return f"<{slack_escape(target)}|{text}>"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit in which Slack's limits are safest measured."""
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """Escaped Slack text cut to ``limit`` UTF-16 units with an ellipsis, never inside an
    ``&amp;``-style entity or a ``<url|label>`` link."""
    if utf16_len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > limit - 1:
            break
        kept.append(char)
        used += width
    cut = "".join(kept)
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    lt = cut.rfind("<")
    if lt != -1 and ">" not in cut[lt:]:
        cut = cut[:lt]
    return cut.rstrip() + "…"


def iso(when: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``: ``2025-06-02T10:00:00Z``."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def human_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# --- one alert, channel-neutral ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceLine:
    title: str
    url: str | None
    """An http(s) URL safe to link to, else None."""
    meta: str
    """``feed (domain), published``."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What every channel shows of one alert, with untrusted text already on one clean line.

    Fields are plain text, not yet escaped for any medium.
    """

    level: Level
    headline: str
    change: str
    """``Escalated from elevated to high.`` or ``New story at level high.``"""
    facts: tuple[tuple[str, str], ...]
    """Label and value: actors, casualties, score and sources."""
    signals: tuple[tuple[str, tuple[str, ...]], ...]
    """Each signal with a few short evidence quotes."""
    sources: tuple[SourceLine, ...]
    more_sources: int
    reasons: tuple[str, ...]
    watch: str
    description: str
    story_id: int
    key: str
    decided: datetime
    actors: tuple[str, ...]


def summarize(alert: Alert, *, max_sources: int = 5) -> Summary:
    """The parts of ``alert`` a reader needs, cleaned, with at most ``max_sources`` sources."""
    story = alert.story
    if alert.escalation:
        change = f"Escalated from {alert.previous_level} to {alert.level}."
    elif alert.previous_level is not None:
        change = f"Alerted again at level {alert.level}."
    else:
        change = f"New story at level {alert.level}."
    actors = tuple(a for a in (tidy(a, TITLE_CHARS) for a in story.actors) if a)
    facts: list[tuple[str, str]] = []
    if actors:
        facts.append(("Actors", ", ".join(actors)))
    counts = [
        (label, n)
        for label, n in (
            ("Killed", story.killed),
            ("Injured", story.injured),
            ("Displaced", story.displaced),
        )
        if n is not None
    ]
    facts.extend((label, f"{n:,}") for label, n in counts)
    noun = "article" if story.articles == 1 else "articles"
    facts.append(
        (
            "Reports",
            f"{story.articles} {noun} from {story.sources} independent "
            f"source{'' if story.sources == 1 else 's'}",
        )
    )
    facts.append(("Score", f"{story.score:.1f}"))
    signals = tuple(
        (
            tidy(signal.name, TITLE_CHARS),
            _first_unique((tidy(e.text, QUOTE_CHARS) for e in signal.evidence), QUOTES_PER_SIGNAL),
        )
        for signal in alert.evidence
    )
    if not signals and story.signals:
        signals = tuple((tidy(name, TITLE_CHARS), ()) for name in story.signals)
    shown = alert.sources[:max_sources]
    return Summary(
        level=alert.level,
        headline=tidy(story.headline, HEADLINE_CHARS) or f"Story {story.id}",
        change=change,
        facts=tuple(facts),
        signals=signals,
        sources=tuple(_source_line(s) for s in shown),
        more_sources=len(alert.sources) - len(shown),
        reasons=tuple(r for r in (tidy(r, REASON_CHARS) for r in alert.reasons) if r),
        watch=tidy(alert.watch, TITLE_CHARS),
        description=tidy(alert.description, REASON_CHARS),
        story_id=story.id,
        key=clean(alert.key),
        decided=alert.decided,
        actors=actors,
    )


def _source_line(source: Source) -> SourceLine:
    title = tidy(source.title, TITLE_CHARS) or tidy(source.domain, TITLE_CHARS) or "untitled"
    where = tidy(source.feed, TITLE_CHARS)
    domain = tidy(source.domain, TITLE_CHARS)
    if domain and domain != where:
        where = f"{where} ({domain})" if where else domain
    meta = ", ".join(p for p in (where, human_time(source.published)) if p)
    if joined := tidy(source.joined, REASON_CHARS):
        meta = f"{meta}; joined on {joined}" if meta else f"joined on {joined}"
    return SourceLine(title, safe_url(source.url), meta)


def _first_unique(items: Iterable[str], n: int) -> tuple[str, ...]:
    """The first ``n`` distinct non-empty ``items`` among the first ``4 * n``."""
    out: list[str] = []
    seen: set[str] = set()
    for item in itertools.islice(items, 4 * n):
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
            if len(out) == n:
                break
    return tuple(out)


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def _by_level(alerts: Sequence[Alert]) -> list[Alert]:
    """Highest level first; equal levels keep the caller's order."""
    return sorted(alerts, key=lambda a: -a.level)


def _require(alerts: Sequence[Alert]) -> None:
    if not alerts:
        raise ValueError("nothing to render: no alerts")


# --- JSON (jsonl and webhook) -----------------------------------------------------------


def alert_json(alert: Alert) -> dict[str, Any]:
    """One alert as a JSON object (see the module docstring of ``monitor.alerting``)."""
    story = alert.story
    return {
        "type": "alert",
        "version": SCHEMA_VERSION,
        "key": alert.key,
        "watch": alert.watch,
        "description": alert.description,
        "level": str(alert.level),
        "previous_level": None if alert.previous_level is None else str(alert.previous_level),
        "escalation": alert.escalation,
        "story": story_json(story),
        "reasons": list(alert.reasons),
        "evidence": {s.name: [e.text for e in s.evidence] for s in alert.evidence},
        "sources": [
            {
                "feed": s.feed,
                "domain": s.domain,
                "title": s.title,
                "url": s.url,
                "published": iso(s.published),
                "joined": s.joined,
            }
            for s in alert.sources
        ],
        "decided": iso(alert.decided),
    }


def alerts_json(alerts: Sequence[Alert]) -> dict[str, Any]:
    """The body a webhook receives: ``{"type": "alerts", "version": 1, "alerts": [...]}``."""
    _require(alerts)
    return {
        "type": "alerts",
        "version": SCHEMA_VERSION,
        "alerts": [alert_json(a) for a in alerts],
    }


def notice_json(notice: Notice) -> dict[str, Any]:
    """An operational notice as a JSON object (``"type": "notice"``)."""
    return {
        "type": "notice",
        "version": SCHEMA_VERSION,
        "title": notice.title,
        "body": notice.body,
        "level": str(notice.level),
        "decided": None if notice.decided is None else iso(notice.decided),
    }


# --- Slack ------------------------------------------------------------------------------


def _header(text: str) -> dict[str, Any]:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(text, SLACK_HEADER_CHARS), "emoji": True},
    }


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SLACK_SECTION_CHARS)}}


def _context(*texts: str) -> dict[str, Any]:
    return {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": clip(t, SLACK_SECTION_CHARS)}
            for t in texts[:SLACK_CONTEXT_ELEMENTS]
        ],
    }


def _lines_within(lines: Sequence[str], limit: int, more: str) -> str:
    """As many whole ``lines`` as fit in ``limit`` units, then ``more`` naming how many did not.

    ``more`` is a format string with ``{n}``.
    """
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        rest = len(lines) - i - 1
        tail = utf16_len(more.format(n=rest + 1)) + 1 if rest else 0
        width = utf16_len(line) + (1 if out else 0)
        if used + width + tail > limit:
            out.append(more.format(n=len(lines) - i))
            break
        out.append(line)
        used += width
    return "\n".join(out)


def _slack_facts(summary: Summary) -> str:
    facts = " · ".join(f"*{slack_escape(k)}:* {slack_escape(v)}" for k, v in summary.facts)
    return f"{slack_escape(summary.change)}\n{facts}"


def _slack_signal(name: str, quotes: Sequence[str]) -> str:
    said = ", ".join(f"“{slack_escape(q)}”" for q in quotes)
    return f"• *{slack_escape(name)}*" + (f": {said}" if said else "")


def _slack_source(line: SourceLine) -> str:
    title = slack_escape(line.title)
    if line.url is not None:
        title = f"<{slack_escape(line.url)}|{title}>"
    return f"• {title} — {slack_escape(line.meta)}"


def slack_alerts(alerts: Sequence[Alert], *, max_sources: int = 5) -> dict[str, Any]:
    """A Slack incoming-webhook payload for one alert, or a digest of several."""
    _require(alerts)
    if len(alerts) == 1:
        return _slack_one(summarize(alerts[0], max_sources=max_sources))
    return _slack_digest(_by_level(alerts))


def _slack_one(s: Summary) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        _header(f"{EMOJI[s.level]} {str(s.level).upper()}: {slack_escape(s.headline)}"),
        _section(_slack_facts(s)),
    ]
    if s.signals:
        signals = [_slack_signal(name, quotes) for name, quotes in s.signals]
        blocks.append(
            _section(
                "*Signals*\n"
                + _lines_within(signals, SLACK_SECTION_CHARS - 12, "…and {n} more signals")
            )
        )
    if s.sources:
        sources = [_slack_source(line) for line in s.sources]
        if s.more_sources:
            sources.append(f"…and {s.more_sources} more")
        blocks.append(
            _section(
                "*Sources*\n"
                + _lines_within(sources, SLACK_SECTION_CHARS - 12, "…and {n} more sources")
            )
        )
    if s.reasons:
        reasons = [f"• {slack_escape(r)}" for r in s.reasons]
        blocks.append(
            _section(
                "*Why this alert*\n"
                + _lines_within(reasons, SLACK_SECTION_CHARS - 20, "…and {n} more reasons")
            )
        )
    watch = f"Watch *{slack_escape(s.watch)}*"
    if s.description:
        watch += f": {slack_escape(s.description)}"
    blocks.append(_context(watch, f"Story {s.story_id} · decided {human_time(s.decided)}"))
    fallback = f"{str(s.level).upper()}: {s.headline} ({s.change.rstrip('.')}) · watch {s.watch}"
    return _slack_payload(clip(slack_escape(fallback), SLACK_TEXT_CHARS), blocks)


def _slack_digest(alerts: Sequence[Alert]) -> dict[str, Any]:
    top = alerts[0].level
    blocks: list[dict[str, Any]] = [
        _header(f"{EMOJI[top]} {len(alerts)} alerts, highest {str(top).upper()}")
    ]
    for alert in alerts[:SLACK_DIGEST_DETAILED]:
        s = summarize(alert, max_sources=1)
        first = s.sources[0] if s.sources else None
        headline = slack_escape(s.headline)
        if first is not None and first.url is not None:
            headline = f"<{slack_escape(first.url)}|{headline}>"
        facts = " · ".join(f"{slack_escape(k)}: {slack_escape(v)}" for k, v in s.facts)
        signals = ", ".join(slack_escape(name) for name, _ in s.signals)
        lines = [
            f"{EMOJI[s.level]} *{str(s.level).upper()}* {headline}",
            f"{slack_escape(s.change)} {facts}",
        ]
        if signals:
            lines.append(f"Signals: {signals}")
        why = f" · {slack_escape(s.reasons[0])}" if s.reasons else ""
        lines.append(f"Watch *{slack_escape(s.watch)}*{why}")
        blocks.append(_section("\n".join(lines)))
    # The rest are named one line each: reading them in full would only be cut away.
    rest = [
        (
            a.level,
            tidy(a.story.headline, HEADLINE_CHARS) or f"Story {a.story.id}",
            tidy(a.watch, TITLE_CHARS),
        )
        for a in alerts[SLACK_DIGEST_DETAILED:]
    ]
    if rest:
        lines = [
            f"• {str(level).upper()}: {slack_escape(headline)} (watch {slack_escape(watch)})"
            for level, headline, watch in rest
        ]
        blocks.append(
            _section(
                f"*And {len(rest)} more*\n"
                + _lines_within(lines, SLACK_SECTION_CHARS - 20, "…and {n} more alerts")
            )
        )
    watches = ", ".join(_unique(tidy(a.watch, TITLE_CHARS) for a in alerts))
    blocks.append(_context(f"Watches: {slack_escape(watches)}"))
    fallback = f"{len(alerts)} alerts: " + "; ".join(
        f"{str(a.level).upper()} {tidy(a.story.headline, 100)}" for a in alerts
    )
    return _slack_payload(clip(slack_escape(fallback), SLACK_TEXT_CHARS), blocks)


def slack_notice(notice: Notice) -> dict[str, Any]:
    """A Slack payload for an operational notice."""
    title = slack_escape(clean(notice.title)) or "Notice"
    body = "\n".join(slack_escape(clean(line)) for line in notice.body.splitlines())
    blocks = [_header(f"{EMOJI[notice.level]} {title}")]
    if body.strip():
        blocks.append(_section(body))
    if notice.decided is not None:
        blocks.append(_context(human_time(notice.decided)))
    fallback = f"{title}: {clean(body)}" if body.strip() else title
    return _slack_payload(clip(fallback, SLACK_TEXT_CHARS), blocks)


def _slack_payload(text: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    # Unfurling would fetch and preview article URLs that came from untrusted feeds.
    return {
        "text": text,
        "blocks": blocks[:SLACK_MAX_BLOCKS],
        "unfurl_links": False,
        "unfurl_media": False,
    }


# --- email ------------------------------------------------------------------------------


def email_subject(alerts: Sequence[Alert]) -> str:
    """``[HIGH] IR, PK: Iran and Pakistan trade strikes``; a digest names how many more."""
    _require(alerts)
    ordered = _by_level(alerts)
    first = ordered[0]
    level = str(first.level).upper()
    if len(alerts) == 1 and first.escalation:
        level += f", up from {str(first.previous_level).upper()}"
    actors = ", ".join(a for a in (tidy(a, 20) for a in first.story.actors[:6]) if a)
    if len(first.story.actors) > 6:
        actors += ", …"
    headline = tidy(first.story.headline, SUBJECT_CHARS) or f"Story {first.story.id}"
    count = f"{len(alerts)} alerts: " if len(alerts) > 1 else ""
    subject = f"[{level}] {count}" + (f"{actors}: " if actors else "") + headline
    if len(alerts) == 1:
        return shorten(subject, SUBJECT_CHARS)
    more = f" (+{len(alerts) - 1} more)"
    return shorten(subject, SUBJECT_CHARS - len(more)) + more


def email_text(alerts: Sequence[Alert]) -> str:
    """The plain-text part of an alert email."""
    _require(alerts)
    summaries = [summarize(a, max_sources=EMAIL_SOURCES) for a in _by_level(alerts)]
    parts = [_text_summary(s) for s in summaries]
    if len(parts) > 1:
        parts.insert(0, f"{len(parts)} alerts\n")
    return "\n\n----\n\n".join(parts) + "\n"


def _text_summary(s: Summary) -> str:
    lines = [f"{str(s.level).upper()}: {s.headline}", s.change, ""]
    lines += [f"{k}: {v}" for k, v in s.facts]
    if s.signals:
        lines += ["", "Signals"]
        for name, quotes in s.signals:
            said = ", ".join(f"“{q}”" for q in quotes)
            lines.append(f"  - {name}" + (f": {said}" if said else ""))
    if s.sources:
        lines += ["", "Sources"]
        for src in s.sources:
            lines.append(f"  - {src.title}")
            lines.append(f"    {src.meta}")
            if src.url is not None:
                lines.append(f"    {src.url}")
        if s.more_sources:
            lines.append(f"  ...and {s.more_sources} more")
    if s.reasons:
        lines += ["", "Why this alert"]
        lines += [f"  - {r}" for r in s.reasons]
    watch = f"Watch: {s.watch}" + (f" ({s.description})" if s.description else "")
    lines += ["", watch, f"Story {s.story_id}, decided {human_time(s.decided)}", f"Alert {s.key}"]
    return "\n".join(lines)


def email_html(alerts: Sequence[Alert]) -> str:
    """The HTML part of an alert email: every string escaped, links only to http(s) URLs."""
    _require(alerts)
    summaries = [summarize(a, max_sources=EMAIL_SOURCES) for a in _by_level(alerts)]
    body = '<hr style="border:0;border-top:1px solid #ccc">'.join(
        _html_summary(s) for s in summaries
    )
    if len(summaries) > 1:
        body = f"<p><strong>{len(summaries)} alerts</strong></p>{body}"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body style="font-family:sans-serif;line-height:1.4">{body}</body></html>'
    )


def _html_summary(s: Summary) -> str:
    e = html.escape
    out = [
        f"<h2>{EMOJI[s.level]} {e(str(s.level).upper())}: {e(s.headline)}</h2>",
        f"<p>{e(s.change)}</p>",
        "<p>" + "<br>".join(f"<strong>{e(k)}:</strong> {e(v)}" for k, v in s.facts) + "</p>",
    ]
    if s.signals:
        items = "".join(
            f"<li><strong>{e(name)}</strong>"
            + (": " + ", ".join(f"“{e(q)}”" for q in quotes) if quotes else "")
            + "</li>"
            for name, quotes in s.signals
        )
        out.append(f"<h3>Signals</h3><ul>{items}</ul>")
    if s.sources:
        items = ""
        for src in s.sources:
            title = e(src.title)
            if src.url is not None:
                title = f'<a href="{e(src.url)}">{title}</a>'
            items += f"<li>{title}<br><small>{e(src.meta)}</small></li>"
        if s.more_sources:
            items += f"<li>…and {s.more_sources} more</li>"
        out.append(f"<h3>Sources</h3><ul>{items}</ul>")
    if s.reasons:
        items = "".join(f"<li>{e(r)}</li>" for r in s.reasons)
        out.append(f"<h3>Why this alert</h3><ul>{items}</ul>")
    watch = f"Watch <strong>{e(s.watch)}</strong>"
    if s.description:
        watch += f": {e(s.description)}"
    out.append(
        f'<p style="color:#666"><small>{watch}<br>Story {s.story_id}, decided '
        f"{e(human_time(s.decided))}<br>Alert {e(s.key)}</small></p>"
    )
    return "".join(out)


def header_text(text: str) -> str:
    """``text`` fit for an email header: one line, no control characters."""
    return clean(text)


def message_id(keys: Sequence[str], sender: str) -> str:
    """A Message-ID that depends only on the alert keys, so a resend is recognisably the same."""
    digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:32]
    domain = clean(sender.rpartition("@")[2]) or "monitor.invalid"
    return f"<alert.{digest}@{domain}>"


def email_message(alerts: Sequence[Alert], *, sender: str, to: Sequence[str]) -> EmailMessage:
    """A multipart/alternative message (plain text and HTML) for one alert or a digest.

    ``Message-ID`` is derived from the alert keys and ``Date`` is the latest decision time,
    so the same alerts always make the same message. Each key is in an ``X-Monitor-Alert``
    header.
    """
    _require(alerts)
    msg = EmailMessage()
    msg["Subject"] = header_text(email_subject(alerts))
    msg["From"] = header_text(sender)
    msg["To"] = ", ".join(header_text(t) for t in to)
    msg["Date"] = format_datetime(max(a.decided for a in alerts).astimezone(UTC))
    msg["Message-ID"] = message_id([a.key for a in alerts], sender)
    for alert in alerts:
        msg["X-Monitor-Alert"] = header_text(alert.key)
    msg.set_content(email_text(alerts))
    msg.add_alternative(email_html(alerts), subtype="html")
    return msg


def email_notice(notice: Notice, *, sender: str, to: Sequence[str]) -> EmailMessage:
    """A multipart/alternative message for an operational notice.

    It has no ``Message-ID`` and, without ``notice.decided``, no ``Date``: the sender adds
    them, since two notices with the same text are still two messages.
    """
    title = header_text(notice.title) or "Notice"
    msg = EmailMessage()
    msg["Subject"] = shorten(f"[{str(notice.level).upper()}] {title}", SUBJECT_CHARS)
    msg["From"] = header_text(sender)
    msg["To"] = ", ".join(header_text(t) for t in to)
    if notice.decided is not None:
        msg["Date"] = format_datetime(notice.decided.astimezone(UTC))
    lines = [clean(line) for line in notice.body.splitlines()]
    msg.set_content(f"{title}\n\n" + "\n".join(lines) + "\n")
    paragraphs = "<br>".join(html.escape(line) for line in lines)
    msg.add_alternative(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body style="font-family:sans-serif"><h2>{html.escape(title)}</h2>'
        f"<p>{paragraphs}</p></body></html>",
        subtype="html",
    )
    return msg


# --- terminal ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TerminalBlock:
    """Plain text for a terminal: a title line and the lines under it, all inert."""

    level: Level
    title: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join((self.title, *self.lines))


def terminal_alerts(alerts: Sequence[Alert], *, max_sources: int = 5) -> tuple[TerminalBlock, ...]:
    """One block per alert, highest level first."""
    _require(alerts)
    blocks = []
    for alert in _by_level(alerts):
        s = summarize(alert, max_sources=max_sources)
        lines = [s.change, *(f"{k}: {v}" for k, v in s.facts)]
        for name, quotes in s.signals:
            said = ", ".join(f"“{q}”" for q in quotes)
            lines.append(f"  {name}" + (f": {said}" if said else ""))
        for src in s.sources:
            lines.append(f"  - {src.title} [{src.meta}]")
            if src.url is not None:
                lines.append(f"    {src.url}")
        if s.more_sources:
            lines.append(f"  ...and {s.more_sources} more")
        lines += [f"  why: {r}" for r in s.reasons]
        lines.append(f"watch {s.watch} · story {s.story_id} · {human_time(s.decided)}")
        blocks.append(TerminalBlock(s.level, f"{str(s.level).upper()}: {s.headline}", tuple(lines)))
    return tuple(blocks)


def terminal_notice(notice: Notice) -> TerminalBlock:
    lines = tuple(clean(line) for line in notice.body.splitlines())
    if notice.decided is not None:
        lines += (human_time(notice.decided),)
    return TerminalBlock(notice.level, clean(notice.title) or "Notice", lines)
