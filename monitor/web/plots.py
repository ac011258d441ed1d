"""Plots drawn on the server as SVG: the escalation timeline, a story's level history and a
feed's items per day. Pure: values in, markup out.

Every text that reaches the markup is escaped here, numbers are formatted here, and colours
come from CSS classes (``lv-high``), so the plots follow the page's light or dark theme and
need no script. Each plot is an ``img`` for assistive technology, with a title and a
description that say what it shows in words; each bar and point has a ``<title>`` that
browsers show on hover.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from markupsafe import Markup, escape

from monitor.models import Level
from monitor.storage.records import LevelStep, TimelineCount

DRAWN = (Level.LOW, Level.ELEVATED, Level.HIGH, Level.CRITICAL)
"""Levels the timeline stacks, lowest at the bottom (stories at ``none`` carry no signal)."""


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... at least ``value``."""
    if value <= 1:
        return 1
    power = int(10 ** math.floor(math.log10(value)))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def buckets(end: datetime, count: int, by: Literal["hour", "day"]) -> list[datetime]:
    """The starts of the last ``count`` hours (or days) up to and including ``end``'s."""
    if by == "hour":
        last = end.replace(minute=0, second=0, microsecond=0)
        step = timedelta(hours=1)
    else:
        last = end.replace(hour=0, minute=0, second=0, microsecond=0)
        step = timedelta(days=1)
    return [last - step * (count - 1 - i) for i in range(count)]


def _label(start: datetime, by: str) -> str:
    if by == "day":
        return start.strftime("%d %b")
    return start.strftime("%d %b") if start.hour == 0 else start.strftime("%H:%M")


def _bucket_name(start: datetime, by: str) -> str:
    return start.strftime("%Y-%m-%d") if by == "day" else start.strftime("%Y-%m-%d %H:00 UTC")


def timeline(
    counts: Sequence[TimelineCount],
    starts: Sequence[datetime],
    by: Literal["hour", "day"],
    *,
    ident: str,
    title: str,
) -> Markup:
    """Stacked bars: for each hour or day of ``starts``, the stories first seen then, by
    the level they reached. ``ident`` makes the ids of the title and description unique in
    the page."""
    width, height = 720, 220
    left, right, top, bottom = 40, 8, 12, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    table: dict[datetime, dict[Level, int]] = {s: {} for s in starts}
    for c in counts:
        if c.start in table and c.level in DRAWN:
            table[c.start][c.level] = table[c.start].get(c.level, 0) + c.stories
    totals = [sum(row.values()) for row in table.values()]
    top_value = nice_ceiling(max(totals, default=0))
    scale = plot_h / top_value
    slot = plot_w / max(1, len(starts))
    bar = max(1.0, slot * 0.78)
    parts: list[str] = []
    for tick in sorted({0, top_value // 2 if top_value >= 2 else 0, top_value}):
        y = top + plot_h - tick * scale
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}"/>'
            f'<text class="axis" x="{left - 6}" y="{_n(y + 4)}" text-anchor="end">{tick}</text>'
        )
    every = max(1, math.ceil(len(starts) / 8))
    for i, start in enumerate(starts):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for level in DRAWN:
            value = table[start].get(level, 0)
            if not value:
                continue
            h = value * scale
            y -= h
            tip = escape(f"{_bucket_name(start, by)}: {value} {level}")
            parts.append(
                f'<rect class="lv lv-{level}" x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}"'
                f' height="{_n(h)}"><title>{tip}</title></rect>'
            )
        if (len(starts) - 1 - i) % every == 0:
            parts.append(
                f'<text class="axis" x="{_n(x + bar / 2)}" y="{height - 10}"'
                f' text-anchor="middle">{escape(_label(start, by))}</text>'
            )
    total = sum(totals)
    if total:
        peak = max(range(len(starts)), key=lambda i: totals[i])
        desc = (
            f"{total} stories at level low or above; the most, {totals[peak]}, in "
            f"{_bucket_name(starts[peak], by)}. "
            + ", ".join(
                f"{sum(row.get(lv, 0) for row in table.values())} {lv}" for lv in reversed(DRAWN)
            )
            + "."
        )
    else:
        desc = "No story at level low or above in this period."
        parts.append(
            f'<text class="empty" x="{width / 2}" y="{top + plot_h / 2}" '
            f'text-anchor="middle">{escape(desc)}</text>'
        )
    return Markup(
        f'<svg class="plot timeline" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{top + plot_h}"'
        f' y2="{top + plot_h}"/>{"".join(parts)}</svg>'
    )


def level_history(
    steps: Sequence[LevelStep], first: datetime, last: datetime, *, now: datetime
) -> Markup:
    """A step line of a story's level from its first report to its last (or now, while
    the last change is later), a dot at each change."""
    width, height = 480, 150
    left, right, top, bottom = 70, 12, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    start = min([first, *(s.at for s in steps)])
    end = max([last, *(s.at for s in steps)])
    if end <= start:
        end = start + timedelta(hours=1)
    span = (end - start).total_seconds()
    levels = list(Level)

    def x(at: datetime) -> float:
        return left + (at - start).total_seconds() / span * plot_w

    def y(level: Level) -> float:
        return top + plot_h - levels.index(level) / (len(levels) - 1) * plot_h

    parts = [
        f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_n(y(lv))}" y2="{_n(y(lv))}"/>'
        f'<text class="axis" x="{left - 6}" y="{_n(y(lv) + 4)}" text-anchor="end">{lv}</text>'
        for lv in levels
    ]
    if steps:
        points = []
        for i, step in enumerate(steps):
            if i:
                points.append(f"{_n(x(step.at))},{_n(y(steps[i - 1].level))}")
            points.append(f"{_n(x(step.at))},{_n(y(step.level))}")
        points.append(f"{_n(x(end))},{_n(y(steps[-1].level))}")
        parts.append(f'<polyline class="step" points="{" ".join(points)}"/>')
        for step in steps:
            was = f"from {step.previous}" if step.previous is not None else "opened"
            tip = escape(
                f"{step.at:%Y-%m-%d %H:%M} UTC: {step.level} ({was}), score {step.score:g}"
            )
            parts.append(
                f'<circle class="lv lv-{step.level}" cx="{_n(x(step.at))}"'
                f' cy="{_n(y(step.level))}" r="4.5"><title>{tip}</title></circle>'
            )
    for at, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text class="axis" x="{_n(x(at))}" y="{height - 8}" text-anchor="{anchor}">'
            f"{escape(f'{at:%d %b %H:%M}')}</text>"
        )
    desc = (
        "; ".join(f"{s.at:%Y-%m-%d %H:%M} UTC {s.level}" for s in steps)
        or "No level change recorded."
    )
    return Markup(
        f'<svg class="plot history" viewBox="0 0 {width} {height}" role="img"'
        ' aria-labelledby="history-t history-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="history-t">Level history</title>'
        f'<desc id="history-d">{escape(desc)}</desc>{"".join(parts)}</svg>'
    )


def sparkline(days: Sequence[date], values: Sequence[int], *, label: str) -> Markup:
    """Small bars, one per day, scaled to the highest; its label says the numbers."""
    width, height = 112, 24
    slot = width / max(1, len(values))
    high = max(values, default=0) or 1
    bars = []
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        h = max(1.0, value / high * (height - 2)) if value else 0.0
        tip = f"{day:%Y-%m-%d}: {int(value)}"  # digits and dashes only: nothing to escape
        bars.append(
            f'<rect class="spark" x="{_n(i * slot + 0.5)}" y="{_n(height - h)}"'
            f' width="{_n(max(1.0, slot - 1))}" height="{_n(h)}"><title>{tip}</title></rect>'
        )
    words = escape(f"{label}: " + ", ".join(str(v) for v in values))
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" role="img" aria-label="{words}"'
        f' xmlns="http://www.w3.org/2000/svg"><line class="baseline" x1="0" x2="{width}"'
        f' y1="{height - 0.5}" y2="{height - 0.5}"/>{"".join(bars)}</svg>'
    )
