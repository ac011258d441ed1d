"""The pure deciders of a poll: what each entry is, and when a redirect is adopted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.models import Article, FeedState, StoredEntry
from monitor.updates import Found, decide_entries, decide_redirect, entry_keys

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
TEXT = "Rockets landed near the northern border crossing overnight, the district council said."
FEED = FeedState(3, "https://a.example/rss", "a", "https://a.example/rss", polls=4)


def entry(guid: str | None, url: str, text: str = TEXT, title: str = "Rockets") -> Article:
    return Article(guid, url, title, text, "", NOW)


def found(*, guid=None, url=None, content=None) -> Found:  # type: ignore[no-untyped-def]
    return Found(guid or {}, url or {}, content or {})


def test_an_unknown_entry_is_new_and_a_first_poll_is_backlog() -> None:
    [intent] = decide_entries(FEED, [entry("1", "https://a.example/1")], found())
    assert (intent.outcome, intent.article_id, intent.backlog) == ("new", None, False)
    first = FeedState(3, FEED.url, "a", FEED.url, polls=0)
    assert decide_entries(first, [entry("1", "https://a.example/1")], found())[0].backlog


def test_same_guid_same_text_is_seen_other_text_is_an_update() -> None:
    a = entry("1", "https://a.example/1")
    key = entry_keys(FEED.id, a).guid
    assert key == "3:1"  # a plain GUID is scoped to its feed
    same = StoredEntry(41, a.title, a.summary, a.content)
    other = StoredEntry(41, a.title, "An earlier version.", "")
    assert decide_entries(FEED, [a], found(guid={key: same}))[0].outcome == "seen"
    updated = decide_entries(FEED, [a], found(guid={key: other}))[0]
    assert (updated.outcome, updated.article_id) == ("updated", 41)


def test_a_copy_under_another_link_is_found_by_its_text() -> None:
    a = entry(None, "https://b.example/copy")
    key = entry_keys(FEED.id, a).content
    assert key is not None
    stored = StoredEntry(9, "Another title", "", "")
    [intent] = decide_entries(FEED, [a], found(content={key: stored}))
    assert (intent.outcome, intent.article_id) == ("seen", 9)


def test_an_entry_listed_twice_in_one_answer_is_stored_once() -> None:
    a = entry("1", "https://a.example/1")
    b = entry("2", "https://a.example/1?utm_source=feed", text=TEXT + " More.")
    outcomes = [i.outcome for i in decide_entries(FEED, [a, b], found())]
    assert outcomes == ["new", "duplicate"]


@pytest.mark.parametrize(
    ("seen_before", "count_before", "target", "failed", "expected"),
    [
        (None, 0, None, False, (None, None, 0)),
        (None, 0, "https://a.example/new", False, (None, "https://a.example/new", 1)),
        (
            "https://a.example/new",
            1,
            "https://a.example/new",
            False,
            (None, "https://a.example/new", 2),
        ),
        (
            "https://a.example/new",
            2,
            "https://a.example/new",
            False,
            ("https://a.example/new", None, 0),
        ),
        (
            "https://a.example/new",
            2,
            "https://a.example/other",
            False,
            (None, "https://a.example/other", 1),
        ),
        ("https://a.example/new", 2, "https://a.example/new", True, (None, None, 0)),
    ],
    ids=["none", "first", "second", "third-adopted", "changed", "failed-resets"],
)
def test_a_redirect_is_adopted_on_the_third_poll_in_a_row(
    seen_before: str | None,
    count_before: int,
    target: str | None,
    failed: bool,
    expected: tuple[str | None, str | None, int],
) -> None:
    feed = FeedState(
        3, FEED.url, "a", FEED.url, redirect_target=seen_before, redirect_count=count_before
    )
    assert decide_redirect(feed, target, failed=failed, redirect_after=3) == expected


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["g1", "g2", None]),
            st.sampled_from(["https://n.example/1", "https://n.example/2", ""]),
            st.sampled_from(["A", "B"]),
        ),
        max_size=8,
    )
)
def test_every_entry_gets_exactly_one_intent(entries: list[tuple[str | None, str, str]]) -> None:
    articles = [entry(g, u, title=t) for g, u, t in entries]
    intents = decide_entries(FEED, articles, found())
    assert [i.article for i in intents] == articles
    assert all(i.outcome in ("new", "duplicate") for i in intents)


def test_an_entry_without_guid_or_link_is_known_by_its_text() -> None:
    bulletin = entry(None, "", "Curfew extended in the river district.", "Bulletin")
    keys = entry_keys(FEED.id, bulletin)
    assert keys.guid is not None and keys.guid.startswith("text:3:") and keys.url == ""
    assert (
        entry_keys(FEED.id, entry(None, "", "Curfew extended in the river district.", "bulletin"))
        == keys
    )
    other = entry_keys(FEED.id, entry(None, "", "Curfew lifted in the river district.", "Bulletin"))
    assert other.guid != keys.guid
    elsewhere = entry_keys(4, bulletin)
    assert elsewhere.guid != keys.guid  # short texts are only one entry within their feed
    stored = StoredEntry(7, bulletin.title, bulletin.summary, bulletin.content)
    [again] = decide_entries(FEED, [bulletin], found(guid={keys.guid: stored}))
    assert (again.outcome, again.article_id) == ("seen", 7)
    twice = decide_entries(FEED, [bulletin, bulletin], found())
    assert [i.outcome for i in twice] == ["new", "duplicate"]
