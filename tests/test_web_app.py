"""The dashboard over real HTTP: the application served by uvicorn on 127.0.0.1, read-only
over a real SQLite file built with the storage API, requested with httpx.

Pages and the JSON API answer with what the database holds; text from feeds is escaped and
links are http(s) only; every answer carries the security headers; hostile queries get a
clear message; credentials, the Host check and the CSRF-protected write action hold."""

from __future__ import annotations

import base64
import json
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.storage import Store
from monitor.web import WebOptions, create_app
from monitor.web.auth import Credentials
from tests.webdb import HOSTILE_TITLE, build

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
TOKEN = "t0ken-for-the-dashboard-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: Store, options: WebOptions | None = None) -> Iterator[httpx.Client]:
    """The dashboard over ``store`` on a free loopback port, in a thread, with the clock
    frozen at NOW; a client for it."""
    port = free_port()
    app = create_app(store, options, now=lambda: NOW)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "monitor.db"
    build(path, NOW)
    return path


@pytest.fixture(scope="module")
def client(database: Path) -> Iterator[httpx.Client]:
    with Store(database, readonly=True) as store, serving(store) as c:
        yield c


def text_of(html: str) -> str:
    """The visible text of a page, roughly: tags dropped, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- pages ------------------------------------------------------------------------------


def test_overview_draws_the_timeline_and_names_the_stories(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert html.count('<svg class="plot timeline"') == 2
    # One bar per level reached on the day of story 1 (critical), 2 (elevated), 3 (high).
    assert re.search(r'<rect class="lv lv-critical"[^>]*><title>2025-06-10: 1 critical', html)
    assert '<meta http-equiv="refresh" content="60">' in html
    text = text_of(html)
    assert "Death toll rises to 14 after Varnell port strikes" in text
    assert "14 killed" in text and "30 injured" in text
    assert "1 failing" in text and "valley-herald" in text
    assert "1 article to classify" in text
    assert "iran-strikes" in text  # alerts today


def test_overview_filters_by_actor_pair(client: httpx.Client) -> None:
    pair = client.get("/", params={"actor": "ir-pk"}).text
    assert "naming IR and PK" in pair
    assert "Varnell" not in text_of(pair.split("Latest high")[1].split("Alerts today")[0])
    assert "1 elevated" in pair  # the Tarsk story, in the plot's description
    both = client.get("/", params={"actor": "IL, IR"}).text
    assert "Death toll rises to 14" in both


def test_story_page(client: httpx.Client) -> None:
    page = client.get("/stories/1")
    assert page.status_code == 200
    html = page.text
    assert "<mark>14 people were killed</mark>" in html
    assert "Rescue teams said <mark>" in html  # the sentence around the words
    assert '<svg class="plot history"' in html
    text = text_of(html)
    for expected in (
        "harbour-times",
        "valley-herald",
        "raised the level from high to critical",
        "SMTP 550: mailbox unavailable",
        "iran-strikes",
        "first report: opened the story",
    ):
        assert expected in text
    # Killed as it changed: 9, then 14 with 30 injured.
    assert re.search(r">\s*9\s*<.*>\s*14\s*<.*>\s*30\s*<", html, re.DOTALL)
    assert 'href="https://valley.example/world/varnell-toll" rel="noopener noreferrer"' in html


def test_feed_text_is_escaped_and_unsafe_links_are_not_links(client: httpx.Client) -> None:
    html = client.get("/stories/3").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in html
    assert "javascript:" not in html
    listed = client.get("/stories", params={"since": "all"}).text
    assert "<script>alert" not in listed and "&lt;script&gt;" in listed


def test_every_link_out_is_http_and_keeps_no_opener(client: httpx.Client) -> None:
    for path in ("/", "/stories?since=all", "/stories/1", "/stories/3", "/feeds", "/alerts",
                 "/search?q=port"):  # fmt: skip
        html = client.get(path).text
        for tag in re.findall(r"<a [^>]*>", html):
            href = re.search(r'href="([^"]*)"', tag)
            assert href, tag
            if href.group(1).startswith(("/", "#")):
                continue
            assert href.group(1).startswith(("https://", "http://")), tag
            assert 'rel="noopener noreferrer"' in tag, tag


def test_missing_story_is_404(client: httpx.Client) -> None:
    for path in ("/stories/999", "/stories/99999999999999999999999999"):
        page = client.get(path)
        assert page.status_code == 404
        assert "No story has the id" in page.text
    assert client.get("/stories/abc").status_code == 404
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/api/stories/999").json() == {"error": "no story has the id 999"}


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"level": "high", "since": "all"}, ["Varnell", "Ostrava"], ["Tarsk", "Sudan"]),
        ({"actor": "PK", "since": "all"}, ["Tarsk"], ["Varnell", "Sudan"]),
        ({"actor": "IR-IL", "since": "all"}, ["Varnell"], ["Tarsk"]),
        ({"signal": "un_statement", "since": "all"}, ["Sudan"], ["Varnell"]),
        ({"watch": "iran-strikes", "since": "all"}, ["Varnell"], ["Tarsk", "Ostrava"]),
        ({"since": "24h"}, ["Varnell", "Ostrava"], ["Tarsk", "Sudan"]),
        ({"since": "all"}, ["Varnell", "Tarsk", "Ostrava", "Sudan"], []),
    ],
    ids=["level", "actor", "pair", "signal", "watch", "since", "all"],
)
def test_story_filters(
    client: httpx.Client, params: dict[str, str], shown: list[str], hidden: list[str]
) -> None:
    text = text_of(client.get("/stories", params=params).text.split("</form>", 2)[-1])
    for word in shown:
        assert word in text
    for word in hidden:
        assert word not in text
    api = client.get("/api/stories", params=params).json()
    headlines = " ".join(s["headline"] for s in api["stories"])
    assert all(w in headlines for w in shown) and not any(w in headlines for w in hidden)


def test_stories_are_sorted_by_last_seen_and_paged(client: httpx.Client) -> None:
    first = client.get("/api/stories", params={"since": "all", "limit": "2"}).json()
    assert [s["id"] for s in first["stories"]] == [3, 1]
    second = client.get(first["next"]).json()
    assert [s["id"] for s in second["stories"]] == [2, 4] and second["next"] is None
    page = client.get("/stories", params={"since": "all", "limit": "2"}).text
    assert 'rel="next"' in page


def test_bad_filters_are_a_clear_400(client: httpx.Client) -> None:
    page = client.get("/stories", params={"level": "severe", "since": "forever"})
    assert page.status_code == 400
    assert "expected one of none, low, elevated, high, critical" in page.text
    assert "since:" in page.text
    api = client.get("/api/alerts", params={"status": "lost"})
    assert api.status_code == 400 and api.json()["problems"][0].startswith("status:")


def test_feeds_page(client: httpx.Client) -> None:
    html = client.get("/feeds").text
    assert html.count('<svg class="sparkline"') == 4
    text = text_of(html)
    assert "HTTP 503 Service Unavailable" in text and "never polled" in text
    feeds = {f["name"]: f for f in client.get("/api/feeds").json()["feeds"]}
    assert feeds["valley-herald"]["consecutive_failures"] == 3
    assert feeds["harbour-times"]["items_per_day"]["2025-06-10"] == 2
    assert len(feeds["quiet-gazette"]["items_per_day"]) == 14


def test_alerts_page_offers_no_write_action_when_read_only(client: httpx.Client) -> None:
    html = client.get("/alerts").text
    text = text_of(html)
    assert "SMTP 550: mailbox unavailable" in text and "1 attempt" in text
    assert "/alerts/retry" not in html
    failed = client.get("/alerts", params={"status": "failed"}).text
    assert "Death toll rises" in failed
    refused = client.post("/alerts/retry", data={"csrf": "x"})
    assert refused.status_code == 403 and "disabled" in refused.text


def test_search(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "port Varnell"}).text
    assert "<mark>port</mark>" in html and "<mark>Varnell</mark>" in html
    assert "How to write a query" in html
    hits = client.get("/api/search", params={"q": "killed", "order": "best"}).json()
    assert {h["title"] for h in hits["hits"]} >= {"Missile strikes hit the port of Varnell"}
    assert hits["as_words"] is False
    newest = client.get("/api/search", params={"q": "killed"}).json()["hits"]
    assert newest[0]["title"] == HOSTILE_TITLE  # stored last of the three


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "(((", "AND", "NEAR(", "title:", "*", "nosuchcolumn: port", "a\x01b", "'; DROP"],
)
def test_hostile_search_gets_a_message_never_a_500(client: httpx.Client, query: str) -> None:
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    api = client.get("/api/search", params={"q": query})
    assert api.status_code == 200
    if api.json()["as_words"]:
        assert "not valid search syntax" in page.text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_search_answers(client: httpx.Client, query: str) -> None:
    page = client.get("/api/search", params={"q": query})
    assert page.status_code in (200, 400)
    if page.status_code == 400:
        assert page.json()["problems"]


def test_long_and_costly_queries_are_refused_plainly(client: httpx.Client) -> None:
    assert client.get("/search", params={"q": "x" * 501}).status_code == 400
    short = client.get("/search", params={"q": "a*"})
    assert short.status_code == 400 and "at least three characters" in short.text
    nul = client.get("/api/search", params={"q": "port\x00"})
    assert nul.status_code == 400 and "NUL" in nul.json()["problems"][0]


# --- the API ----------------------------------------------------------------------------


def test_api_story_matches_the_cli_json(client: httpx.Client, database: Path) -> None:
    from monitor.views import story_detail_json

    with Store(database, readonly=True) as store:
        detail = store.stories.detail(1)
        assert detail is not None
        expected = json.loads(json.dumps(story_detail_json(detail)))
    assert client.get("/api/stories/1").json() == expected


def test_api_overview_and_alerts(client: httpx.Client) -> None:
    overview = client.get("/api/overview").json()
    assert overview["generated"] == "2025-06-10T12:00:00Z"
    assert [s["id"] for s in overview["latest"]] == [3, 1]
    assert overview["status"]["feeds"]["failing"] == 1
    assert overview["status"]["pending_articles"] == 1
    day = {(t["start"], t["level"]): t["stories"] for t in overview["timeline"]["day"]}
    assert day[("2025-06-10T00:00:00Z", "critical")] == 1
    alerts = client.get("/api/alerts").json()["alerts"]
    assert [d["status"] for d in alerts[0]["deliveries"]] == ["failed", "sent"]


# --- security ---------------------------------------------------------------------------


def test_security_headers_on_every_answer(client: httpx.Client) -> None:
    for path in ("/", "/stories/1", "/stories/999", "/api/stories", "/static/style.css",
                 "/search?q=(("):  # fmt: skip
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_pages_hold_no_inline_script_or_style(client: httpx.Client) -> None:
    for path in ("/", "/stories", "/stories/1", "/feeds", "/alerts", "/search?q=port"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


def test_credentials_are_required_when_configured(database: Path) -> None:
    options = WebOptions(credentials=Credentials(token=TOKEN, user="analyst", password="pw-1"))
    with Store(database, readonly=True) as store, serving(store, options) as c:
        refused = c.get("/")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Basic")
        assert "content-security-policy" in refused.headers
        assert c.get("/static/style.css").status_code == 401
        assert c.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/stories", auth=("anyone", TOKEN)).status_code == 200
        assert c.get("/", auth=("analyst", "pw-1")).status_code == 200
        assert c.get("/", auth=("analyst", "wrong")).status_code == 401
        basic = "Basic " + base64.b64encode(b"no-colon").decode()
        assert c.get("/", headers={"Authorization": basic}).status_code == 401


def test_unexpected_host_is_refused(database: Path) -> None:
    options = WebOptions(allowed_hosts=frozenset({"127.0.0.1", "localhost"}))
    with Store(database, readonly=True) as store, serving(store, options) as c:
        assert c.get("/").status_code == 200
        rebound = c.get("/", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400 and "Host" in rebound.text


def test_retry_needs_write_actions_csrf_and_same_origin(tmp_path: Path) -> None:
    path = tmp_path / "monitor.db"
    build(path, NOW)
    options = WebOptions(credentials=Credentials(token=TOKEN), write=True)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with Store(path, readonly=True) as store, serving(store, options) as c:
        page = c.get("/alerts", headers=auth).text
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token and "Retry the 1 failed delivery" in page
        assert c.post("/alerts/retry", headers=auth, data={"csrf": "1.forged"}).status_code == 403
        big = c.post("/alerts/retry", headers=auth, data={"csrf": "x" * 10_000})
        assert big.status_code == 413
        assert c.post("/alerts/retry", data={"csrf": token.group(1)}).status_code == 401
        elsewhere = {**auth, "Origin": "https://attacker.example"}
        posted = c.post("/alerts/retry", headers=elsewhere, data={"csrf": token.group(1)})
        assert posted.status_code == 403
        with Store(path, readonly=True) as check:
            assert check.outbox.counts()["failed"] == 1  # nothing changed yet
        done = c.post("/alerts/retry", headers=auth, data={"csrf": token.group(1)})
        assert done.status_code == 303 and done.headers["location"].endswith("retried=1")
        with Store(path, readonly=True) as check:
            counts = check.outbox.counts()
        assert (counts["failed"], counts["pending"]) == (0, 1)
        shown = c.get(done.headers["location"], headers=auth).text
        assert "1 failed delivery queued again" in shown


def test_reading_never_writes_the_database(database: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in database.parent.iterdir()}
    with Store(database, readonly=True) as store, serving(store) as c:
        for path in ("/", "/stories", "/stories/1", "/feeds", "/alerts", "/search?q=port"):
            assert c.get(path).status_code == 200
    after = {p.name: p.stat().st_mtime_ns for p in database.parent.iterdir()}
    assert after[database.name] == before[database.name]


def test_a_locked_database_is_a_503_not_a_500(tmp_path: Path) -> None:
    path = tmp_path / "monitor.db"
    build(path, NOW)
    # A copy in rollback-journal mode (as a backup tool may leave one): there, a program
    # holding an exclusive lock keeps readers out, which WAL never does.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    with Store(path, readonly=True, busy_timeout=0.1) as store, serving(store) as c:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            page = c.get("/stories")
            api = c.get("/api/stories")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert c.get("/stories").status_code == 200  # and back once the lock is gone
    assert page.status_code == 503 and "could not be read just now" in page.text
    assert "Traceback" not in page.text
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
