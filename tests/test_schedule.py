"""When feeds are polled: backoff and jitter stay within their bounds."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from monitor.config import PollSettings
from monitor.schedule import backoff_delay, first_poll_delay, is_due, next_due

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
SETTINGS = PollSettings(backoff_base=60, backoff_max=6 * 3600)


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=0, max_value=2**31))
def test_backoff_grows_but_never_beyond_its_cap(failures: int, seed: int) -> None:
    delay = backoff_delay(failures, SETTINGS, random.Random(seed))
    assert SETTINGS.backoff_base / 2 <= delay <= SETTINGS.backoff_max
    if failures <= 5:  # 60 s doubling, scaled by 0.75-1.25
        assert 0.75 * 60 * 2 ** (failures - 1) <= delay <= 1.25 * 60 * 2 ** (failures - 1)


@given(
    st.floats(min_value=1, max_value=7 * 86400),
    st.floats(min_value=0, max_value=86400),
    st.integers(min_value=0, max_value=2**31),
)
def test_first_poll_waits_at_most_a_tenth_of_the_interval(
    interval: float, jitter: float, seed: int
) -> None:
    delay = first_poll_delay(interval, jitter, random.Random(seed))
    assert 0 <= delay <= min(jitter, interval / 10)


def test_a_five_second_feed_with_the_default_jitter_starts_within_half_a_second() -> None:
    default = PollSettings().jitter
    assert default == 60
    assert max(first_poll_delay(5, default, random.Random(s)) for s in range(200)) <= 0.5


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    asked = next_due(NOW, interval=600, failures=0, retry_after=7200, settings=SETTINGS)
    assert asked == NOW + timedelta(hours=2)
    capped = next_due(NOW, interval=600, failures=0, retry_after=10**7, settings=SETTINGS)
    assert capped == NOW + timedelta(seconds=SETTINGS.backoff_max)


def test_a_feed_never_polled_is_due() -> None:
    assert is_due(None, NOW)
    assert not is_due(NOW + timedelta(seconds=1), NOW)
