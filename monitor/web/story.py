"""What a story page derives from a stored story: the evidence quoted with its words
marked, the casualty figures as they changed, and what ties each article to the story.
Pure: a ``StoryDetail`` (and the texts of the articles quoted) in, values out.

The quotes are those alerts send (``monitor.alerting.evidence.quote``): the sentence around
each span, cut at word boundaries. An article whose text changed since it was classified
may no longer hold its span where the offsets say; its evidence is then shown as the words
alone, never a wrong neighbourhood.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerting.evidence import quote
from monitor.models import Evidence, Level
from monitor.storage.records import StoryArticle, StoryDetail


@dataclass(frozen=True, slots=True)
class Quote:
    """One evidence span in its sentence: ``before``, the matching words, ``after``."""

    before: str
    match: str
    after: str
    article_id: int
    article_title: str


@dataclass(frozen=True, slots=True)
class SignalQuotes:
    signal: str
    quotes: tuple[Quote, ...]
    more: int
    """Distinct spans of this signal not quoted."""


@dataclass(frozen=True, slots=True)
class CasualtyChange:
    """The story's highest stated figures after one article raised one of them."""

    at: datetime
    article_id: int
    killed: int | None
    injured: int | None
    displaced: int | None


def pick_evidence(
    detail: StoryDetail, per_signal: int = 4
) -> dict[str, list[tuple[StoryArticle, Evidence]]]:
    """Up to ``per_signal`` distinct spans per signal (by their words, case aside), newest
    article first, signals in the story's order; and how many distinct spans each has."""
    picked: dict[str, list[tuple[StoryArticle, Evidence]]] = {s: [] for s in detail.story.signals}
    seen: dict[str, set[str]] = {}
    for article in reversed(detail.articles):
        for signal in article.classification.signals if article.classification else ():
            words = seen.setdefault(signal.name, set())
            for evidence in signal.evidence:
                key = " ".join(evidence.text.lower().split())
                if key in words:
                    continue
                words.add(key)
                found = picked.setdefault(signal.name, [])
                if len(found) < per_signal:
                    found.append((article, evidence))
    return {name: found for name, found in picked.items() if found}


def distinct_spans(detail: StoryDetail) -> dict[str, int]:
    counts: dict[str, set[str]] = {}
    for article in detail.articles:
        for signal in article.classification.signals if article.classification else ():
            counts.setdefault(signal.name, set()).update(
                " ".join(e.text.lower().split()) for e in signal.evidence
            )
    return {name: len(spans) for name, spans in counts.items()}


def highlight(joined: str, evidence: Evidence) -> tuple[str, str, str]:
    """``evidence`` in the sentence around it in ``joined`` (``title + "\\n" + text``), as
    (before, match, after); the words alone when the text no longer holds them there."""
    start, end = evidence.start, evidence.end
    if not (0 <= start < end <= len(joined)) or joined[start:end] != evidence.text:
        return "", evidence.text, ""
    sentence = quote(joined, start, end)
    at = sentence.find(evidence.text)
    if at < 0:
        return "", evidence.text, ""
    return sentence[:at], evidence.text, sentence[at + len(evidence.text) :]


def quotes(
    detail: StoryDetail, texts: Mapping[int, str], per_signal: int = 4
) -> list[SignalQuotes]:
    """The story's evidence, quoted: ``texts`` holds ``title + "\\n" + text`` of the
    articles ``pick_evidence`` chose, by id."""
    counts = distinct_spans(detail)
    out = []
    for name, picked in pick_evidence(detail, per_signal).items():
        found = []
        for article, evidence in picked:
            before, match, after = highlight(texts.get(article.id, ""), evidence)
            found.append(Quote(before, match, after, article.id, article.title))
        out.append(SignalQuotes(name, tuple(found), max(0, counts.get(name, 0) - len(found))))
    return out


def casualty_changes(articles: Sequence[StoryArticle]) -> list[CasualtyChange]:
    """Each time an article raised the story's highest stated killed, injured or displaced
    figure (the story keeps the highest, never a sum), oldest first."""
    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    changes = []
    for a in articles:
        if a.classification is None:
            continue
        c = a.classification.casualties
        new = (_max(killed, c.killed), _max(injured, c.injured), _max(displaced, c.displaced))
        if new != (killed, injured, displaced):
            killed, injured, displaced = new
            changes.append(CasualtyChange(a.published, a.id, killed, injured, displaced))
    return changes


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def ties(detail: StoryDetail) -> dict[int, str]:
    """For each article, in words, why it is in the story: what clustering found it shares
    with the story's closest report (the similarity, shared places, actors, names and
    words, as stored when it joined), how long after the first report it came, and the
    level change it caused."""
    story = detail.story
    raised = {s.article_id: s for s in detail.levels if s.article_id is not None}
    first = detail.articles[0].published if detail.articles else story.first_seen
    notes: dict[int, str] = {}
    for i, a in enumerate(detail.articles):
        words: list[str] = []
        if i == 0:
            words.append("first report: opened the story")
        elif a.link:
            words.append(f"joined on {a.link}")
            words.append(f"{_delay(a.published - first)} after the first report")
        else:
            c = a.classification
            actors = [x for x in (c.actors if c else ()) if x in story.actors]
            signals = [s.name for s in (c.signals if c else ()) if s.name in story.signals]
            if actors:
                words.append("actors " + ", ".join(actors))
            if signals:
                words.append("signals " + ", ".join(signals))
            words.append(f"{_delay(a.published - first)} after the first report")
        step = raised.get(a.id)
        if step is not None and step.previous is not None:
            words.append(f"raised the level from {step.previous} to {step.level}")
        elif step is not None and i == 0 and step.level > Level.NONE:
            words.append(f"at level {step.level}")
        notes[a.id] = "; ".join(words)
    return notes


def _delay(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"
