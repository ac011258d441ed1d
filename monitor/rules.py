"""Watch rules over articles and their stories: which alerts are due. Pure: values in,
values out, no I/O, ``now`` passed in.

``explain(rule, candidate)`` checks every condition of a watch and says, for each, whether
it held and why; ``decide`` turns the candidates of one processing pass into alerts:

- an article from a feed's first poll (its backlog) or published more than ``max_age``
  ago never alerts, though it still counts for its story;
- an alert's identity is (watch, story, level): a story alerts a watch once, and again
  only when it reaches a higher level (unless the watch turns re-alerting off);
- the alerts one pass decides for the same watch and story are one alert, at the highest
  level reached: two outlets reporting one strike in the same minute make one message;
- a watch's cooldown, quiet hours and digest delay an alert (``not_before``); they never
  drop it;
- ``supersede``: an alert that finds earlier alerts of its watch and story still waiting,
  undelivered, replaces them: only the highest goes out, and it names as its previous
  level the one last actually sent.
"""

from __future__ import annotations

import dataclasses
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import AnyAllNone, QuietHours, WatchRule
from monitor.models import (
    Alert,
    AlertIntent,
    Classification,
    Decision,
    Level,
    Previous,
    Signal,
    Source,
    Story,
    UnsentAlert,
)

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A newly processed article and the story it is now part of."""

    article_id: int
    title: str
    text: str
    feeds: tuple[str, ...]
    """The feeds the article was seen in."""
    tags: frozenset[str]
    """The tags of those feeds."""
    published: datetime
    backlog: bool
    """Stored by a feed's first poll."""
    classification: Classification
    story: Story
    story_titles: tuple[str, ...]
    """The titles of every article of the story (keywords are matched on them too)."""
    sources: tuple[Source, ...]
    """The story's articles, newest first."""
    evidence: tuple[Signal, ...]
    """The story's signals, each with a few evidence quotes."""


@dataclass(frozen=True, slots=True)
class Check:
    """One condition of a watch, and whether a candidate met it."""

    condition: str
    passed: bool
    detail: str


# --- conditions ------------------------------------------------------------------------------


def explain(rule: WatchRule, c: Candidate) -> list[Check]:
    """Every condition of ``rule`` checked against ``c``; the watch fires if all passed."""
    on_story = rule.scope == "story"
    actors = set(c.story.actors if on_story else c.classification.actors)
    signals = set(c.story.signals if on_story else c.classification.signal_names)
    level = c.story.level if on_story else c.classification.level
    score = c.story.score if on_story else c.classification.score
    killed = c.story.killed if on_story else c.classification.casualties.killed
    injured = c.story.injured if on_story else c.classification.casualties.injured
    what = "story" if on_story else "article"
    checks: list[Check] = []
    if not rule.actors.empty:
        checks.append(_set_check("actors", rule.actors, actors))
    if not rule.signals.empty:
        checks.append(_set_check("signals", rule.signals, signals))
    if not rule.keywords.empty:
        texts = [c.title, c.text] if not on_story else [c.title, c.text, *c.story_titles]
        checks.append(_keyword_check(rule, texts))
    if rule.feeds:
        hit = sorted(set(rule.feeds) & set(c.feeds))
        checks.append(Check("feeds", bool(hit), f"from {', '.join(hit or c.feeds)}"))
    if rule.tags:
        hit = sorted(set(rule.tags) & c.tags)
        checks.append(Check("tags", bool(hit), f"tagged {', '.join(hit) or 'none of them'}"))
    if rule.min_level is not None:
        checks.append(
            Check(
                "min_level",
                level >= rule.min_level,
                f"{what} level {level} (at least {rule.min_level})",
            )
        )
    if rule.min_score is not None:
        checks.append(
            Check(
                "min_score",
                score >= rule.min_score,
                f"{what} score {score:g} (at least {rule.min_score:g})",
            )
        )
    for name, count, minimum in (
        ("killed", killed, rule.min_killed),
        ("injured", injured, rule.min_injured),
    ):
        if minimum is not None:
            checks.append(
                Check(
                    f"min_{name}",
                    (count or 0) >= minimum,
                    f"{_count(count)} {name} (at least {minimum})",
                )
            )
    if rule.min_sources > 1:
        sources = independent_sources(c, timedelta(seconds=rule.window))
        checks.append(
            Check(
                "min_sources",
                sources >= rule.min_sources,
                f"{sources} independent source(s) within {_span(rule.window)} "
                f"(at least {rule.min_sources})",
            )
        )
    return checks


def matches(rule: WatchRule, c: Candidate) -> bool:
    return rule.enabled and all(check.passed for check in explain(rule, c))


def independent_sources(c: Candidate, window: timedelta) -> int:
    """Distinct domains among the story's articles published within ``window`` before this
    one (the story's own count when the window covers the whole story)."""
    if c.story.last_seen - c.story.first_seen <= window:
        return c.story.sources
    recent = {s.domain for s in c.sources if c.published - window <= s.published <= c.published}
    return min(len(recent), c.story.sources) if recent else 1


def _set_check(name: str, rule: AnyAllNone, present: set[str]) -> Check:
    found = sorted(present)
    problems = []
    if rule.any and not present & set(rule.any):
        problems.append(f"none of {', '.join(rule.any)}")
    if missing := [x for x in rule.all if x not in present]:
        problems.append(f"missing {', '.join(missing)}")
    if excluded := [x for x in rule.none if x in present]:
        problems.append(f"has excluded {', '.join(excluded)}")
    shown = ", ".join(found) or "none"
    if problems:
        return Check(name, False, f"{name} {shown}: {'; '.join(problems)}")
    return Check(name, True, f"{name} {shown}")


def _keyword_check(rule: WatchRule, texts: Sequence[str]) -> Check:
    kw = rule.keywords
    words = [[w.lower() for w in _WORD.findall(t)] for t in texts]
    positions = [_positions(kw_text, words) for kw_text in (*kw.any, *kw.all, *kw.none)]
    found = {k for k, p in zip((*kw.any, *kw.all, *kw.none), positions, strict=True) if p}
    problems = []
    if kw.any and not found & set(kw.any):
        problems.append(f"none of {', '.join(repr(k) for k in kw.any)}")
    if missing := [k for k in kw.all if k not in found]:
        problems.append(f"missing {', '.join(repr(k) for k in missing)}")
    if excluded := [k for k in kw.none if k in found]:
        problems.append(f"has excluded {', '.join(repr(k) for k in excluded)}")
    if kw.within and not missing and kw.all and not _near(kw.all, words, kw.within):
        problems.append(f"{', '.join(repr(k) for k in kw.all)} not within {kw.within} words")
    shown = ", ".join(repr(k) for k in sorted(found)) or "none"
    if problems:
        return Check("keywords", False, f"keywords {shown}: {'; '.join(problems)}")
    return Check("keywords", True, f"keywords {shown}")


def _positions(keyword: str, texts: list[list[str]]) -> list[tuple[int, int]]:
    """(text index, word index) of every occurrence of a word or phrase."""
    phrase = [w.lower() for w in _WORD.findall(keyword)]
    if not phrase:
        return []
    n = len(phrase)
    return [
        (t, i)
        for t, words in enumerate(texts)
        for i in range(len(words) - n + 1)
        if words[i : i + n] == phrase
    ]


def _near(keywords: Sequence[str], texts: list[list[str]], within: int) -> bool:
    """True if, in one text, every keyword occurs within ``within`` words of the first's."""
    for t in range(len(texts)):
        occurrences = [[i for tt, i in _positions(k, texts) if tt == t] for k in keywords]
        if not all(occurrences):
            continue
        for anchor in occurrences[0]:
            if all(any(abs(i - anchor) <= within for i in occ) for occ in occurrences[1:]):
                return True
    return False


def _count(value: int | None) -> str:
    return "no stated number" if value is None else str(value)


def _span(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:g}h" if hours >= 1 else f"{seconds / 60:g}m"


# --- deciding --------------------------------------------------------------------------------


def decide(
    rules: Iterable[WatchRule],
    candidates: Iterable[Candidate],
    previous: Mapping[tuple[str, int], Previous],
    *,
    now: datetime,
    max_age: timedelta,
) -> list[Decision]:
    """The alerts due for ``candidates`` (in processing order), given the latest alert
    already decided for each (watch, story). One decision per watch and story at most."""
    rules = [r for r in rules if r.enabled]
    due: dict[tuple[str, int], tuple[Candidate, WatchRule, Level, list[Check]]] = {}
    for c in candidates:
        if c.backlog or c.published < now - max_age:
            continue
        for rule in rules:
            checks = explain(rule, c)
            if not all(check.passed for check in checks):
                continue
            level = c.story.level if rule.scope == "story" else c.classification.level
            key = (rule.name, c.story.id)
            before = previous.get(key)
            if before is not None and not (rule.realert_on_rise and level > before.level):
                continue
            if key in due and due[key][2] > level:
                continue
            due[key] = (c, rule, level, checks)
    decisions = []
    for (name, _story), (c, rule, level, checks) in due.items():
        before = previous.get((name, c.story.id))
        alert = Alert(
            key=f"{name}:{c.story.id}:{level}",
            watch=name,
            description=rule.description,
            story=c.story,
            level=level,
            previous_level=before.level if before else None,
            reasons=tuple(check.detail for check in checks),
            evidence=c.evidence,
            sources=c.sources,
            decided=now,
        )
        decisions.append(Decision(alert, rule.notify, not_before(rule, before, now)))
    return decisions


def not_before(rule: WatchRule, before: Previous | None, now: datetime) -> datetime:
    """The earliest an alert decided at ``now`` may go out: after the cooldown since the
    previous alert, outside quiet hours, and at the watch's next digest time."""
    when = now
    if before is not None and rule.cooldown:
        when = max(when, before.decided + timedelta(seconds=rule.cooldown))
    if rule.quiet_hours is not None:
        when = after_quiet_hours(rule.quiet_hours, when)
    if rule.digest:
        step = rule.digest
        slot = (when.timestamp() // step + 1) * step
        when = datetime.fromtimestamp(slot, when.tzinfo)
    return when


def after_quiet_hours(quiet: QuietHours, when: datetime) -> datetime:
    """``when``, or the end of the quiet hours it falls in."""
    zone = zoneinfo.ZoneInfo(quiet.timezone)
    local = when.astimezone(zone)
    start = local.replace(hour=quiet.start.hour, minute=quiet.start.minute, second=0, microsecond=0)
    end = local.replace(hour=quiet.end.hour, minute=quiet.end.minute, second=0, microsecond=0)
    if quiet.start <= quiet.end:  # e.g. 01:00-06:00, within one day
        quiet_now = start <= local < end
    else:  # e.g. 22:00-07:00, across midnight
        quiet_now = local >= start or local < end
        if local >= start:
            end += timedelta(days=1)
    return end.astimezone(when.tzinfo) if quiet_now else when


def supersede(decision: Decision, unsent: Sequence[UnsentAlert]) -> AlertIntent:
    """The intent to store ``decision`` given the alerts of its watch and story that are
    still undelivered: it replaces them, and reports as its previous level the previous
    level of the earliest of them (the level last actually sent, or None)."""
    if not unsent:
        return AlertIntent(decision)
    earliest = min(unsent, key=lambda u: u.id)
    alert = dataclasses.replace(decision.alert, previous_level=earliest.previous_level)
    return AlertIntent(dataclasses.replace(decision, alert=alert), tuple(u.id for u in unsent))
