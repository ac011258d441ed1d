"""Measure the web dashboard: how long each page takes on a database of 100,000 articles and
10,000 stories, against baselines measured in the same run.

    python bench/bench_web.py                       build the database, time every page
    python bench/bench_web.py --articles 20000 --stories 2000     a smaller database
    python bench/bench_web.py --keep data/bench-web.db            keep (or reuse) the file
    python bench/bench_web.py --screenshot docs/web-overview.png  also photograph the overview

The database is written with the real storage API (``Store``: feeds synced, articles
stored per feed as polls store them, then classifications, stories, level changes and
alerts saved in processing batches, deliveries marked sent or failed, polls recorded with
some feeds failing), over 60 days up to now. Its text is invented here: template sentences
over invented towns and people, real country codes as actors, so that the stories, the
evidence spans and the full-text index look like the monitor's own. Story sizes follow a
long tail (most a handful of articles, a few hundreds, the largest ``LARGEST``).

Each page is requested ``--repeat`` times through Starlette's TestClient on the real app
(opened read-only on that file, as ``monitor web`` does), after one warm-up request, and the
median and 95th percentile are printed with two baselines measured in the same run:

- ``bare``: a route of the same app that returns a fixed text: the cost of the framework,
  the middleware and the test client, with no query and no template;
- ``cli``: the page's main query and its JSON, as ``--json`` prints it (the storage call and
  ``monitor.views``), without HTTP or templates.

The ratio ``page / cli`` says what the web layer adds over the command line's own path.
Nothing here is a test: no figure is asserted. Every loop is bounded by a count.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.models import (
    Alert,
    AlertIntent,
    Article,
    Casualties,
    Classification,
    Decision,
    Evidence,
    Feed,
    Level,
    LevelChange,
    PollRecord,
    Signal,
    Source,
    Story,
)
from monitor.storage import Processed, Store

DAYS = 60
LARGEST = 600
"""Articles of the largest invented story."""
WEIGHTS = {
    "strike": 3.0,
    "casualties": 2.0,
    "un_statement": 1.0,
    "threat": 1.0,
    "mobilization": 1.5,
    "displacement": 1.0,
    "de_escalation": -1.0,
}
ACTORS = (
    "IR", "IL", "PK", "SY", "LB", "UA", "RU", "SD", "YE", "US", "IQ", "AF", "SO", "CD", "ML",
    "MM", "ET", "Hamas", "Houthis", "al-Shabaab", "Hezbollah", "M23",
)  # fmt: skip
SYLLABLES = (
    "ka", "ran", "bel", "mor", "tia", "sul", "dor", "ven", "aza", "lim", "qar", "nes", "oto",
    "ulm", "bra", "sek", "hal", "mir", "tov", "zen",
)  # fmt: skip
OUTLETS = (
    "Daily Ledger", "Morning Wire", "Harbour Times", "Northern Post", "Evening Courier",
    "Valley Herald", "Frontier Review", "Capital Bulletin", "Coastal Gazette", "Plains Echo",
    "River Chronicle", "Summit Observer", "Island Dispatch", "Desert Monitor", "Forest Tribune",
    "Lakeside Journal", "Metro Signal", "Highland Record", "Delta Register", "Bay Standard",
)  # fmt: skip
WATCHES = ("conflict-high", "casualties", "un-statements")


def town(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def person(rng: random.Random) -> str:
    return f"{town(rng)} {town(rng)}"


@dataclass
class Event:
    """One invented event and the articles that report it."""

    id: int
    start: datetime
    actors: tuple[str, ...]
    place: str
    kind: str
    killed: int
    injured: int
    spokesman: str
    articles: list[tuple[Article, Classification, str]] = field(default_factory=list)
    """(article, classification, feed name)."""


KEYS = {
    "strike": "launched strikes on",
    "threat": "threatened retaliation",
    "mobilization": "called up reservists",
    "casualties": "people were killed",
    "displacement": "families fled",
    "un_statement": "called for restraint",
    "de_escalation": "agreed to a ceasefire",
}
"""The words of each signal's sentence that its evidence span covers."""


def sentence_parts(e: Event, n: int, killed: int, rng: random.Random) -> list[tuple[str, str]]:
    """(signal or '', sentence) for the n-th report of an event."""
    a = e.actors[0]
    b = e.actors[-1]
    parts: list[tuple[str, str]] = []
    if e.kind in ("strike", "offensive"):
        parts.append(("strike", f"Forces linked to {a} launched strikes on {e.place} overnight."))
    if e.kind == "threat":
        parts.append(("threat", f"Officials of {a} threatened retaliation against {b}."))
    if e.kind == "mobilization":
        parts.append(("mobilization", f"{a} called up reservists near the border with {b}."))
    if killed:
        parts.append(("casualties", f"At least {killed} people were killed in {e.place}."))
    if e.injured and n % 2:
        parts.append(("", f"Hospitals in {e.place} treated {e.injured} wounded, staff said."))
    if e.kind == "offensive" and n % 3 == 1:
        parts.append(("displacement", f"Hundreds of families fled {e.place} after the attack."))
    if e.kind == "statement" or (e.kind == "offensive" and n % 5 == 2):
        parts.append(
            ("un_statement", "The UN Secretary-General called for restraint by all sides.")
        )
    if e.kind == "talks":
        parts.append(("de_escalation", f"Envoys of {a} and {b} agreed to a ceasefire."))
    parts.append(("", f"{e.spokesman}, a local official, spoke to reporters on day {n + 1}."))
    parts.append(("", f"Report {e.id}-{n} from the {rng.choice(OUTLETS)} desk."))
    return parts


def level_of(score: float) -> Level:
    for threshold, level in ((10, Level.CRITICAL), (6, Level.HIGH), (3, Level.ELEVATED)):
        if score >= threshold:
            return level
    return Level.LOW if score >= 1 else Level.NONE


def report(e: Event, n: int, when: datetime, rng: random.Random) -> tuple[Article, Classification]:
    killed = e.killed + (n // 3) * rng.randint(0, 2) if e.killed else 0
    killed = killed if e.kind in ("strike", "offensive") else 0
    title = {
        "strike": f"Strikes hit {e.place} as {e.actors[0]} presses attack",
        "offensive": f"Offensive near {e.place} enters day {n + 1}",
        "threat": f"{e.actors[0]} warns {e.actors[-1]} over {e.place}",
        "mobilization": f"Troops gather near {e.place}",
        "talks": f"Talks on {e.place} open in a neutral capital",
        "statement": f"UN chief speaks on the situation in {e.place}",
        "other": f"Market day in {e.place} draws crowds",
    }[e.kind]
    parts = sentence_parts(e, n, killed, rng)
    text = " ".join(p for _, p in parts)
    joined = f"{title}\n{text}"
    signals: dict[str, list[Evidence]] = {}
    cursor = len(title) + 1
    for name, part in parts:
        if name:
            start = joined.index(KEYS[name], joined.index(part, cursor))
            end = start + len(KEYS[name])
            signals.setdefault(name, []).append(Evidence(joined[start:end], start, end))
        cursor += len(part) + 1
    score = sum(WEIGHTS[s] for s in signals) + 2 * math.log10(1 + killed)
    classification = Classification(
        score=round(score, 2),
        level=level_of(score),
        signals=tuple(Signal(s, WEIGHTS[s], tuple(ev)) for s, ev in signals.items()),
        casualties=Casualties(killed or None, e.injured or None, None),
        actors=tuple(sorted(e.actors)),
    )
    url = f"https://news{n % 7}.example/{e.id}/{n}"
    article = Article(f"{e.id}-{n}", url, title, text[:200], text, when)
    return article, classification


def invent(articles: int, stories: int, now: datetime, seed: int = 7) -> list[Event]:
    """``stories`` events reported by ``articles`` articles in all, over ``DAYS`` days, more of
    them recently."""
    rng = random.Random(seed)
    counts = [1] * stories
    for _ in range(articles - stories):
        # A few stories draw many articles (a long war story), most a handful.
        head = min(int(rng.paretovariate(1.2)) - 1, stories - 1)
        counts[head if rng.random() < 0.2 else rng.randrange(stories)] += 1
    # No story beyond LARGEST articles: a major event seen by a thousand feeds in its
    # two-day window; the rest goes to other stories.
    spare = sum(max(0, c - LARGEST) for c in counts)
    counts = [min(c, LARGEST) for c in counts]
    while spare:
        i = rng.randrange(stories)
        if counts[i] < LARGEST:
            counts[i] += 1
            spare -= 1
    feeds = [
        f"{o.lower().replace(' ', '-')}-{k}" for o in OUTLETS for k in ("world", "region", "wire")
    ]
    events = []
    for i in range(stories):
        age = timedelta(days=DAYS) * (1 - math.sqrt(rng.random()))
        start = now - age - timedelta(hours=counts[i] / 4)
        kind = rng.choices(
            ("strike", "offensive", "threat", "mobilization", "talks", "statement", "other"),
            (4, 1, 3, 2, 2, 2, 6),
        )[0]
        actors = tuple(dict.fromkeys(rng.sample(ACTORS, rng.randint(1, 3))))
        e = Event(
            i + 1,
            start,
            actors,
            town(rng),
            kind,
            rng.choice((0, 0, 0, 0, 0, 1, 2, 3, 5, 8, 12, 40, 120)),
            rng.choice((0, 0, 4, 10, 30)),
            person(rng),
        )
        for n in range(counts[i]):
            when = min(
                now - timedelta(minutes=1), start + timedelta(minutes=15 * n + rng.randint(0, 14))
            )
            article, c = report(e, n, when, rng)
            e.articles.append((article, c, rng.choice(feeds)))
        events.append(e)
    return events


def build(path: Path, articles: int, stories: int, now: datetime) -> None:
    """Write the invented database at ``path`` with the real storage API."""
    events = invent(articles, stories, now)
    feed_names = sorted({f for e in events for _, _, f in e.articles})
    feeds = [Feed(f"https://{name}.example/rss", name) for name in feed_names]
    with Store(path) as store:
        store.feeds.sync(feeds, now - timedelta(days=DAYS + 1))
        states = {f.name: f for f in store.feeds.all()}
        # One poll per feed and six hours, in time order, as the daemon would store them.
        polls: dict[tuple[datetime, str], list[tuple[int, int]]] = {}
        for ei, e in enumerate(events):
            for ai, (article, _, feed) in enumerate(e.articles):
                window = article.published.replace(minute=0, second=0)
                window -= timedelta(hours=window.hour % 6)
                polls.setdefault((window, feed), []).append((ei, ai))
        ids: dict[tuple[int, int], int] = {}
        for (window, feed), keys in sorted(polls.items()):
            fetched = min(now, window + timedelta(hours=6))
            stored = store.articles.store(
                states[feed], [events[ei].articles[ai][0] for ei, ai in keys], fetched
            )
            for key, s in zip(keys, stored, strict=True):
                ids[key] = s.article_id
        process(store, events, ids, now)
        record_polls(store, now)


def process(
    store: Store, events: list[Event], ids: dict[tuple[int, int], int], now: datetime
) -> None:
    order = sorted(
        ((ei, ai) for ei, e in enumerate(events) for ai in range(len(e.articles))),
        key=lambda k: events[k[0]].articles[k[1]][0].published,
    )
    order = order[:-40]  # the newest few wait to be processed, as they would at any moment
    state: dict[int, Story] = {}
    best_of: dict[int, float] = {}
    domains: dict[int, set[str]] = {}
    feeds: dict[int, set[str]] = {}
    rng = random.Random(11)
    for start in range(0, len(order), 2000):
        processed, alerts = [], []
        for ei, ai in order[start : start + 2000]:
            e = events[ei]
            article, c, feed = e.articles[ai]
            article_id = ids[(ei, ai)]
            if not article_id:
                continue
            before = state.get(e.id)
            domains.setdefault(e.id, set()).add(article.url.split("/")[2])
            feeds.setdefault(e.id, set()).add(feed)
            sources = len(domains[e.id])
            best = best_of[e.id] = max(c.score, best_of.get(e.id, 0.0))
            score = round(best * (1 + min(0.25, 0.05 * (sources - 1))), 2)
            level = max(level_of(score), before.level if before else Level.NONE)
            killed = max(
                (x for x in (c.casualties.killed, before and before.killed) if x), default=None
            )
            story = Story(
                e.id,
                before.headline if before else article.title,
                before.first_seen if before else article.published,
                article.published,
                score,
                level,
                (before.articles if before else 0) + 1,
                sources,
                len(feeds[e.id]),
                tuple(sorted(e.actors)),
                tuple(sorted({*(before.signals if before else ()), *c.signal_names})),
                killed,
                c.casualties.injured or (before.injured if before else None),
            )
            state[e.id] = story
            change = None
            if before is None or level > before.level:
                change = LevelChange(
                    article.published, before.level if before else None, level, article_id
                )
                if level >= Level.HIGH:
                    watch = rng.choice(WATCHES)
                    alert = Alert(
                        f"{watch}:{e.id}:{level}",
                        watch,
                        f"Invented watch {watch}",
                        story,
                        level,
                        None,
                        (f"story level {level}",),
                        c.signals,
                        (
                            Source(
                                article_id,
                                feed,
                                article.url.split("/")[2],
                                article.title,
                                article.url,
                                article.published,
                            ),
                        ),
                        article.published,
                    )
                    alerts.append(
                        AlertIntent(Decision(alert, ("slack", "email"), article.published))
                    )
            processed.append(Processed(article_id, c, story, change))
        with store.processing.batch() as tx:
            tx.save(processed, alerts, classifier="bench", now=now)
    due = store.outbox.due(now + timedelta(days=1), limit=1_000_000)
    failed = [d.id for d in due if rng.random() < 0.03]
    store.outbox.mark_failed(failed, "HTTP 404 from the invented endpoint: no_service")
    store.outbox.mark_sent([d.id for d in due if d.id not in set(failed)], now)


def record_polls(store: Store, now: datetime) -> None:
    rng = random.Random(5)
    for i, feed in enumerate(store.feeds.all()):
        failing = i % 17 == 3
        backed_off = i % 29 == 5
        error = "connection refused" if failing or backed_off else None
        for _ in range(4 if error else 1):
            feed = store.feeds.record_poll(
                feed,
                PollRecord(
                    polled=now - timedelta(minutes=rng.randint(1, 9)),
                    status=None if error else 200,
                    error=error,
                    next_due=now + (timedelta(hours=3) if backed_off else timedelta(minutes=10)),
                    duration_ms=rng.randint(40, 900),
                    items_seen=50,
                    items_new=rng.randint(0, 5),
                ),
            )


# --- timing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    cli: Callable[[], object] | None = None
    """The page's main query and its JSON, as the command line's ``--json`` path runs it."""


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm-up: templates compiled, pages in SQLite's cache
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def median_p95(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    return statistics.median(ms), ms[min(len(ms) - 1, math.ceil(len(ms) * 0.95) - 1)]


@contextmanager
def serving(store: Store, now: datetime) -> Iterator[str]:
    """The dashboard (plus a bare route) on a free loopback port, as ``monitor web`` serves
    it: uvicorn, the same options, a read-only store. Its base URL."""
    import socket
    import threading

    import uvicorn
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from monitor.web import WebOptions, create_app
    from monitor.web.app import allowed_hosts

    options = WebOptions(allowed_hosts=allowed_hosts("127.0.0.1", (), loopback=True))
    app = create_app(store, options, now=lambda: now)
    app.router.routes.insert(0, Route("/bare", lambda request: PlainTextResponse("ok")))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            server_header=False)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def cases(store: Store, now: datetime) -> list[Case]:
    from monitor.views import (
        alert_record_json,
        feed_json,
        hit_json,
        story_detail_json,
        story_json,
    )

    every = store.stories.list(limit=1_000_000)
    by_size = sorted(every, key=lambda s: s.articles)
    typical, largest = by_size[len(by_size) // 2], by_size[-1]
    high = [Level.HIGH, Level.CRITICAL]

    def dumps(rows: list[dict[str, object]]) -> str:
        return "\n".join(json.dumps(r) for r in rows)

    def overview_cli() -> object:
        status = store.queries.status(now - timedelta(hours=24))
        return status, dumps([story_json(s) for s in store.stories.list(levels=high, limit=8)])

    def stories_cli() -> object:
        return dumps([story_json(s) for s in store.stories.list(since=now - timedelta(days=7))])

    def detail_cli(story_id: int) -> Callable[[], object]:
        def run() -> object:
            detail = store.stories.detail(story_id)
            assert detail is not None
            return json.dumps(story_detail_json(detail))

        return run

    return [
        Case("bare route (baseline)", "/bare"),
        Case("overview", "/", overview_cli),
        Case("overview, IR-IL", "/?actor=IR-IL"),
        Case("stories, 7 days", "/stories", stories_cli),
        Case("stories, high+ IR 30d", "/stories?level=high&actor=IR&since=30d"),
        Case("stories, page 40", "/stories?since=all&page=40"),
        Case(f"story, {typical.articles} articles", f"/stories/{typical.id}",
             detail_cli(typical.id)),
        Case(f"story, {largest.articles} articles", f"/stories/{largest.id}",
             detail_cli(largest.id)),
        Case("feeds", "/feeds", lambda: dumps([feed_json(f) for f in store.feeds.health()])),
        Case("alerts", "/alerts",
             lambda: dumps([alert_record_json(a) for a in store.outbox.alerts()])),
        Case("alerts, failed", "/alerts?status=failed",
             lambda: dumps([alert_record_json(a) for a in store.outbox.alerts(status="failed")])),
        Case("search 'strikes'", "/search?q=strikes",
             lambda: dumps([hit_json(h) for h in store.articles.search("strikes")])),
        Case("search 'strikes', best", "/search?q=strikes&order=best",
             lambda: dumps([hit_json(h) for h in store.articles.search("strikes")])),
        Case("search, bad syntax", "/search?q=%22killed+AND+(",
             lambda: dumps([hit_json(h) for h in store.articles.search('"killed AND (')])),
        Case("api overview", "/api/overview", overview_cli),
        Case("api stories", "/api/stories", stories_cli),
        Case(f"api story, {typical.articles} articles", f"/api/stories/{typical.id}",
             detail_cli(typical.id)),
        Case("api feeds", "/api/feeds"),
        Case("api search", "/api/search?q=killed"),
    ]  # fmt: skip


def measure(path: Path, repeat: int, now: datetime) -> None:
    import httpx

    with Store(path, readonly=True) as store, serving(store, now) as base:
        rows = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for case in cases(store, now):
                answers = []

                def get(case: Case = case, answers: list[httpx.Response] = answers) -> None:
                    answer = client.get(case.path)
                    answers.append(answer)

                page = median_p95(timed(get, repeat))
                status = answers[-1].status_code
                size = len(answers[-1].content)
                cli = median_p95(timed(case.cli, repeat)) if case.cli else None
                rows.append((case, page, cli, status, size))
    bare = rows[0][1][0]
    print(f"\n{'page':<28} {'status':>6} {'KB':>6} {'median':>8} {'p95':>8} {'x bare':>7}"
          f" {'cli path':>9} {'x cli':>6}")  # fmt: skip
    for case, (med, p95), cli, status, size in rows:
        cli_text = f"{cli[0]:7.1f}ms {med / cli[0]:5.1f}x" if cli else ""
        print(f"{case.name:<28} {status:>6} {size / 1024:6.1f} {med:6.1f}ms {p95:6.1f}ms"
              f" {med / bare:6.1f}x {cli_text}")  # fmt: skip
    slowest = max(rows[1:], key=lambda r: r[1][1])
    print(f"\nslowest p95: {slowest[0].name}, {slowest[1][1]:.1f} ms (goal: under 200 ms)")


def screenshot(path: Path, out: Path, now: datetime) -> None:
    """The overview of the database at ``path`` in headless Chromium, as a PNG."""
    from playwright.sync_api import sync_playwright

    with (
        Store(path, readonly=True) as store,
        serving(store, now) as base,
        sync_playwright() as p,
        tempfile.TemporaryDirectory() as profile,
    ):
        browser = p.chromium.launch_persistent_context(
            profile,
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
            viewport={"width": 1280, "height": 900},
            color_scheme="light",
        )  # fmt: skip
        page = browser.new_page()
        page.goto(base + "/")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    print(f"screenshot of the overview: {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    parser.add_argument("--keep", type=Path, help="build the database here (reused if there)")
    parser.add_argument("--screenshot", type=Path, help="write a PNG of the overview here")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench-web.db"
        if not path.exists():
            started = time.perf_counter()
            build(path, args.articles, args.stories, now)
            took = time.perf_counter() - started
            print(f"built {path}: {args.articles:,} articles, {args.stories:,} stories in "
                  f"{took:.0f} s, {path.stat().st_size / 1e6:.0f} MB")  # fmt: skip
        else:
            print(f"reusing {path}")
            with Store(path, readonly=True) as store:
                newest = store.stories.list(limit=1)
            now = max(now, newest[0].last_seen) if newest else now
        measure(path, args.repeat, now)
        if args.screenshot:
            screenshot(path, args.screenshot, now)


if __name__ == "__main__":
    sys.exit(main())
