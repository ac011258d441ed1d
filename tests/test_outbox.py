"""The outbox: decided alerts are stored with their articles and delivered exactly once,
through a real local HTTP endpoint standing in for Slack."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.alerting import Notifier, build_notifiers
from monitor.alerting.outbox import DeliveryReport, deliver_due
from monitor.config import AlertSettings, NotifierSettings, SlackNotifier
from monitor.models import Alert, Decision, Level, Notice, NoticeIntent, Source, Story
from monitor.rules import supersede
from monitor.storage import Store
from monitor.storage.codec import alert_from_json, alert_to_json
from tests.postserver import Answer, PostServer

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
SETTINGS = AlertSettings(max_attempts=4, retry_base=60, retry_max=600)


def alert(
    story_id: int = 1,
    level: Level = Level.HIGH,
    watch: str = "w",
    previous: Level | None = None,
    title: str = "Strikes on the border",
) -> Alert:
    story = Story(story_id, title, NOW, NOW, 8.0, level, 2, 2, 2, ("IR",), ("strike",), 5)
    source = Source(1, "wire", "a.example", title, "https://a.example/1", NOW)
    return Alert(
        f"{watch}:{story_id}:{level}",
        watch,
        "desc",
        story,
        level,
        previous,
        ("because",),
        (),
        (source,),
        NOW,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "m.db") as s:
        yield s


@pytest.fixture
def http() -> Iterator[PostServer]:
    server = PostServer()
    yield server
    server.stop()


def decide_and_store(store: Store, *decisions: Decision) -> None:
    """Store decisions as processing does: each superseding what it finds unsent."""
    with store.processing.batch() as tx:
        unsent = tx.unsent_alerts((d.alert.watch, d.alert.story.id) for d in decisions)
        intents = [
            supersede(d, unsent.get((d.alert.watch, d.alert.story.id), [])) for d in decisions
        ]
        tx.save([], intents, classifier="test", now=NOW)


def slack(url: str) -> dict[str, NotifierSettings]:
    return {"slack": SlackNotifier.model_validate({"type": "slack", "url": url})}


def deliver(
    store: Store, settings: Mapping[str, NotifierSettings], now: datetime
) -> DeliveryReport:
    async def go() -> DeliveryReport:
        notifiers: dict[str, Notifier] = build_notifiers(settings)
        try:
            return await deliver_due(store, notifiers, now, SETTINGS)
        finally:
            for n in notifiers.values():
                await n.aclose()

    return asyncio.run(go())


def statuses(store: Store) -> list[str]:
    return [d.status for a in store.outbox.alerts() for d in a.deliveries]


def test_alert_round_trips_through_the_outbox() -> None:
    a = alert(previous=Level.ELEVATED)
    assert alert_from_json(alert_to_json(a)) == a


def test_delivered_once(store: Store, http: PostServer) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    assert deliver(store, slack(http.url()), NOW).sent == 1
    assert deliver(store, slack(http.url()), NOW + timedelta(hours=1)).sent == 0
    assert len(http.posted) == 1 and statuses(store) == ["sent"]


def test_same_identity_is_never_stored_twice(store: Store) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    assert len(store.outbox.alerts()) == 1


def test_rate_limit_and_server_errors_are_retried_until_delivered(
    store: Store, http: PostServer
) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    http.answers += [Answer(429, b"rate_limited", {"Retry-After": "300"}), Answer(500, b"oops")]
    first = deliver(store, slack(http.url()), NOW)
    assert first.retrying == 1 and "429" in first.errors[0]
    [row] = store.outbox.alerts()[0].deliveries
    assert row.next_attempt >= NOW + timedelta(seconds=300)
    assert deliver(store, slack(http.url()), NOW + timedelta(seconds=60)).sent == 0  # not yet
    assert deliver(store, slack(http.url()), NOW + timedelta(seconds=301)).retrying == 1
    assert deliver(store, slack(http.url()), NOW + timedelta(hours=1)).sent == 1
    assert len(http.posted) == 3 and statuses(store) == ["sent"]


def test_endpoint_down_for_a_while_then_back(store: Store) -> None:
    server = PostServer()
    port = server.port
    server.stop()  # down: connections are refused
    decide_and_store(store, *(Decision(alert(story_id=i), ("slack",), NOW) for i in (1, 2)))
    url = f"http://127.0.0.1:{port}/hook"
    assert deliver(store, slack(url), NOW).retrying == 2
    assert deliver(store, slack(url), NOW + timedelta(minutes=5)).retrying == 2
    back = PostServer(port)
    try:
        assert deliver(store, slack(url), NOW + timedelta(hours=1)).sent == 2
        assert deliver(store, slack(url), NOW + timedelta(hours=2)).sent == 0
        assert len(back.posted) == 2
    finally:
        back.stop()


def test_permanent_failure_is_failed_and_can_be_retried_by_hand(
    store: Store, http: PostServer
) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    http.answers.append(Answer(404, b"no_service"))
    assert deliver(store, slack(http.url()), NOW).failed == 1
    assert [a.id for a in store.outbox.alerts(status="failed")] == [1]
    assert store.outbox.retry_failed(NOW) == 1
    assert deliver(store, slack(http.url()), NOW).sent == 1


def test_too_many_attempts_end_failed(store: Store) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    url = "http://127.0.0.1:9/hook"
    for hour in range(SETTINGS.max_attempts):
        deliver(store, slack(url), NOW + timedelta(hours=hour))
    assert statuses(store) == ["failed"]


def test_one_failing_notifier_never_stops_the_others(
    store: Store, http: PostServer, tmp_path: Path
) -> None:
    settings = {
        **slack("http://127.0.0.1:9/down"),
        "ok": SlackNotifier.model_validate({"type": "slack", "url": http.url()}),
    }
    decide_and_store(store, Decision(alert(), ("slack", "ok", "missing"), NOW))
    report = deliver(store, settings, NOW)
    assert (report.sent, report.retrying, report.failed) == (1, 1, 1)
    assert len(http.posted) == 1


def test_lower_undelivered_alert_is_superseded(store: Store, http: PostServer) -> None:
    later = NOW + timedelta(hours=1)
    decide_and_store(store, Decision(alert(level=Level.ELEVATED), ("slack",), later))
    decide_and_store(
        store, Decision(alert(level=Level.HIGH, previous=Level.ELEVATED), ("slack",), later)
    )
    assert deliver(store, slack(http.url()), later).sent == 1
    [posted] = http.posted
    assert "Strikes on the border" in posted.body.decode()
    high, elevated = store.outbox.alerts()
    assert (high.level, high.previous_level) == (Level.HIGH, None)  # nothing was sent before
    assert elevated.superseded_by == high.id
    assert [d.status for d in elevated.deliveries] == ["superseded"]


def test_crash_while_sending_is_recovered(store: Store, http: PostServer) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    [due] = store.outbox.due(NOW)
    store.outbox.mark_sending([due.id])  # then the process dies before recording the result
    assert store.outbox.due(NOW) == []
    assert store.outbox.recover() == 1
    assert deliver(store, slack(http.url()), NOW).sent == 1


def test_not_before_holds_an_alert(store: Store, http: PostServer) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW + timedelta(hours=6)))
    assert deliver(store, slack(http.url()), NOW).sent == 0
    assert store.outbox.next_due() == NOW + timedelta(hours=6)
    assert deliver(store, slack(http.url()), NOW + timedelta(hours=6)).sent == 1


def test_notice_goes_through_the_outbox_once_even_when_its_channel_is_down(
    store: Store,
) -> None:
    notice = Notice("Feed failing: wire", "It failed five polls in a row.", Level.ELEVATED, NOW)
    intent = NoticeIntent("feed:1:failing:2025-06-02T12:00:00+00:00", notice, ("slack",))
    assert store.outbox.add_notice(intent)
    assert not store.outbox.add_notice(intent)  # the same notice is never queued twice
    server = PostServer()
    port = server.port
    server.stop()
    url = f"http://127.0.0.1:{port}/hook"
    assert deliver(store, slack(url), NOW).retrying == 1
    back = PostServer(port)
    try:
        assert deliver(store, slack(url), NOW + timedelta(hours=1)).sent == 1
        assert deliver(store, slack(url), NOW + timedelta(hours=2)).sent == 0
        [posted] = back.posted
        assert "Feed failing: wire" in posted.body.decode()
    finally:
        back.stop()


def test_a_delivery_given_up_is_logged_once_with_its_alert(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    decide_and_store(store, Decision(alert(), ("slack",), NOW))
    url = "http://127.0.0.1:9/hook"
    with caplog.at_level("WARNING", logger="monitor.alerting.outbox"):
        for hour in range(SETTINGS.max_attempts):
            deliver(store, slack(url), NOW + timedelta(hours=hour))
    given_up = [r.getMessage() for r in caplog.records if "given up" in r.getMessage()]
    assert len(given_up) == 1
    assert "w:1:high" in given_up[0] and f"{SETTINGS.max_attempts} attempts" in given_up[0]
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retries) == SETTINGS.max_attempts - 1
    assert all("w:1:high" in m and "attempt" in m for m in retries)
