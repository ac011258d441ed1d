"""Watch rules: each condition, and the decision function's promises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import WatchRule
from monitor.models import (
    Alert,
    Casualties,
    Classification,
    Level,
    Previous,
    Signal,
    Source,
    Story,
)
from monitor.rules import Candidate, after_quiet_hours, decide, explain, not_before

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def watch(**fields: Any) -> WatchRule:
    return WatchRule.model_validate({"name": "w", "notify": ["n"], **fields})


def candidate(
    *,
    story_id: int = 1,
    level: Level = Level.HIGH,
    actors: tuple[str, ...] = ("IR", "PK"),
    signals: tuple[str, ...] = ("strike", "casualties"),
    killed: int | None = 12,
    sources: int = 2,
    title: str = "Iran and Pakistan trade strikes",
    text: str = "Missiles hit villages near the border; the UN urged restraint.",
    published: datetime = NOW,
    backlog: bool = False,
    feeds: tuple[str, ...] = ("wire",),
) -> Candidate:
    story = Story(
        story_id,
        title,
        published - HOUR,
        published,
        8.0,
        level,
        3,
        sources,
        3,
        actors,
        signals,
        killed,
    )
    c = Classification(
        7.0, level, tuple(Signal(s, 1.0, ()) for s in signals), Casualties(killed=killed), actors
    )
    src = tuple(
        Source(
            i, "wire", f"site{i}.example", title, f"https://site{i}.example/a", published - i * HOUR
        )
        for i in range(sources)
    )
    return Candidate(
        1, title, text, feeds, frozenset({"world"}), published, backlog, c, story, (title,), src, ()
    )


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ({"actors": {"any": ["IR"]}}, True),
        ({"actors": ["SY", "IR"]}, True),  # a plain list means any
        ({"actors": {"all": ["IR", "IL"]}}, False),
        ({"actors": {"none": ["PK"]}}, False),
        ({"signals": {"all": ["strike"], "any": ["casualties", "un_statement"]}}, True),
        ({"signals": {"all": ["strike", "nuclear"]}}, False),
        ({"signals": {"none": ["de_escalation"]}}, True),
        ({"keywords": {"any": ["restraint"]}}, True),
        ({"keywords": {"any": ["urged restraint"]}}, True),  # a phrase
        ({"keywords": {"any": ["restrain"]}}, False),  # whole words only
        ({"keywords": {"all": ["missiles", "villages"], "within": 3}}, True),
        ({"keywords": {"all": ["missiles", "restraint"], "within": 3}}, False),
        ({"keywords": {"none": ["earthquake"]}}, True),
        ({"feeds": ["wire"]}, True),
        ({"feeds": ["other"]}, False),
        ({"tags": ["world"]}, True),
        ({"min_level": "high"}, True),
        ({"min_level": "critical"}, False),
        ({"min_score": 8}, True),
        ({"min_killed": 12}, True),
        ({"min_killed": 13}, False),
        ({"min_sources": 2}, True),
        ({"min_sources": 3}, False),
        ({"scope": "article", "min_score": 7.5}, False),  # the article scored 7, the story 8
        ({"enabled": False}, False),
    ],
    ids=lambda v: str(v),
)
def test_conditions(fields: dict[str, Any], fires: bool) -> None:
    rule = watch(**fields)
    decisions = decide([rule], [candidate()], {}, now=NOW, max_age=HOUR)
    assert bool(decisions) is fires
    if fields.get("enabled", True):
        checks = explain(rule, candidate())
        assert all(c.passed for c in checks) is fires
        assert all(c.detail for c in checks)


def test_min_sources_counts_only_within_the_window() -> None:
    rule = watch(min_sources=2, window="30m")
    wide = candidate(sources=2)  # the second source is an hour older than the article
    assert not decide([rule], [wide], {}, now=NOW, max_age=HOUR)
    assert decide([watch(min_sources=2, window="2h")], [wide], {}, now=NOW, max_age=HOUR)


def test_backlog_and_old_articles_never_alert() -> None:
    rule = watch()
    assert not decide([rule], [candidate(backlog=True)], {}, now=NOW, max_age=HOUR)
    old = candidate(published=NOW - 2 * HOUR)
    assert not decide([rule], [old], {}, now=NOW, max_age=HOUR)


def test_one_alert_per_watch_and_story_per_pass_at_the_highest_level() -> None:
    rule = watch()
    burst = [
        candidate(level=Level.ELEVATED),
        candidate(level=Level.CRITICAL),
        candidate(level=Level.HIGH),
    ]
    [decision] = decide([rule], burst, {}, now=NOW, max_age=HOUR)
    assert decision.alert.level == Level.CRITICAL
    assert decision.alert.key == "w:1:critical"
    assert decision.notify == ("n",)


def test_realerts_only_upwards() -> None:
    rule = watch()
    seen = {("w", 1): Previous(Level.HIGH, NOW - HOUR)}
    assert not decide([rule], [candidate(level=Level.HIGH)], seen, now=NOW, max_age=HOUR)
    assert not decide([rule], [candidate(level=Level.ELEVATED)], seen, now=NOW, max_age=HOUR)
    [up] = decide([rule], [candidate(level=Level.CRITICAL)], seen, now=NOW, max_age=HOUR)
    assert (up.alert.previous_level, up.alert.level, up.alert.escalation) == (
        Level.HIGH,
        Level.CRITICAL,
        True,
    )
    off = watch(realert_on_rise=False)
    assert not decide([off], [candidate(level=Level.CRITICAL)], seen, now=NOW, max_age=HOUR)


def test_cooldown_quiet_hours_and_digest_delay_but_never_drop() -> None:
    seen = Previous(Level.ELEVATED, NOW - HOUR)
    assert not_before(watch(cooldown="6h"), seen, NOW) == NOW + 5 * HOUR
    assert not_before(watch(cooldown="6h"), None, NOW) == NOW
    assert not_before(watch(digest="30m"), None, NOW + timedelta(minutes=10)) == NOW + 30 * (
        HOUR / 60
    )
    quiet = watch(quiet_hours={"start": "22:00", "end": "07:00", "timezone": "Europe/Paris"})
    late = datetime(2025, 6, 2, 21, 30, tzinfo=UTC)  # 23:30 in Paris
    assert not_before(quiet, None, late) == datetime(2025, 6, 3, 5, 0, tzinfo=UTC)
    assert after_quiet_hours(quiet.quiet_hours, NOW) == NOW  # 14:00 in Paris  # type: ignore[arg-type]


levels = st.sampled_from(list(Level))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), levels), min_size=1, max_size=30), st.booleans())
def test_decisions_over_many_passes(passes: list[tuple[int, Level]], realert: bool) -> None:
    """Whatever arrives, in whatever order: an identity is alerted at most once, and a
    story re-alerts only to a higher level than it last alerted."""
    rule = watch(realert_on_rise=realert)
    previous: dict[tuple[str, int], Previous] = {}
    keys: set[str] = set()
    for story_id, level in passes:
        for d in decide(
            [rule], [candidate(story_id=story_id, level=level)], previous, now=NOW, max_age=HOUR
        ):
            assert d.alert.key not in keys
            keys.add(d.alert.key)
            before = previous.get(("w", story_id))
            if before is not None:
                assert realert and d.alert.level > before.level
                assert d.alert.previous_level == before.level
            previous[("w", story_id)] = Previous(d.alert.level, NOW)


def test_a_higher_alert_supersedes_the_unsent_ones_and_keeps_the_level_last_sent() -> None:
    from monitor.models import Decision, UnsentAlert
    from monitor.rules import supersede

    story = Story(5, "Strikes", NOW, NOW, 8.0, Level.HIGH, 1, 1, 1)
    alert = Alert("w:5:high", "w", "", story, Level.HIGH, Level.ELEVATED, (), (), (), NOW)
    decision = Decision(alert, ("team",), NOW)
    assert supersede(decision, []).supersedes == ()
    unsent = [UnsentAlert(12, Level.ELEVATED, Level.LOW), UnsentAlert(11, Level.LOW, None)]
    intent = supersede(decision, unsent)
    assert intent.supersedes == (12, 11)
    assert intent.decision.alert.previous_level is None  # the earliest waiting had none sent
