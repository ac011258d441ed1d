"""Measure the daemon over a long run: memory, CPU and the latency from news to alert.

    python bench/bench_daemon.py                   30 minutes, 1,000 feeds, 60 s + 30 s jitter
    python bench/bench_daemon.py --quick           a smoke run: 3 minutes, 200 feeds, 30 s + 10 s
    python bench/bench_daemon.py --minutes 60 --feeds 2000 --interval 120 --jitter 60

The real daemon runs as users run it, ``python -m monitor --config FILE run --log-format json
--no-watch-config``, in its own process, on a configuration and a SQLite file written to a
temporary folder. Around it:

- a feed server in its own process serves ``--feeds`` RSS 2.0 feeds from ``--hosts``
  loopback addresses (127.0.0.2, 127.0.0.3, ...), so the daemon's per-host limit acts as it
  does on the internet. Each feed starts with ``--background`` invented items (the first
  poll stores them as backlog: they never alert). It answers after ``--latency`` ms; most
  feeds honour ``If-None-Match``/``If-Modified-Since`` with a 304, a share
  (``--unconditional``) always answer 200 with the whole feed, as some real servers do;
- one watch fires on any strike (``signals: {all: [strike]}``, ``min_level: low``) and
  notifies a ``webhook`` notifier; its endpoint, an HTTP server in this process, records
  when each alert arrives.

Once every feed has been polled and the backlog processed (the warm-up), new items are
injected into random feeds at random times for ``--minutes``: ordinary invented news
(``--news-per-minute``, must not alert) and about one invented strike a minute, each a
distinct event (its own place, attacker and target) and so its own story. Every injected
title carries a unique token that the alert's ``sources[].title`` gives back. After the
last injection the run drains for up to ``interval + jitter + 60`` s, then the daemon gets
SIGTERM (SIGKILL if it is still running 20 s later).

Measured, every ``--sample`` seconds, from ``/proc/PID``: resident memory (VmRSS) and CPU
time (utime + stime) of the daemon. Reported:

- memory at the start (after the warm-up), at the end, its maximum, and its slope in MB
  per hour over the second half of the run (least squares);
- CPU as a share of one core over the run, in sample windows where no feed served anything
  new (the cost of polls that find nothing: the daemon between two pieces of news), in
  windows with news, and CPU milliseconds per poll;
- latency of each strike: alert arrival minus the moment the item became visible on the
  server (median, 95th percentile, max), split using the database into waiting for the
  poll, processing (fetched to alert decided) and delivery; alerts received against
  expected, false alerts (any other item), duplicates;
- the daemon's log: errors, tracebacks and lines that are not JSON, with first examples;
  the exit code and time of its stop on SIGTERM.

PASS/MISS against: memory flat (end within +10% or +20 MB of the start, whichever is
larger), every strike alerted, no false alert, p95 latency within interval + jitter + 5 s,
a clean log, a clean stop. A miss is reported, never an exit code: this is a measurement,
not a test. A missed alert is traced in the database (stored? classified? which story?
alert decided? delivered?) before the temporary folder is removed (``--keep`` keeps it).

It needs only loopback addresses and a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import email.utils
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIRST_HOST = (127, 0, 0, 2)
MB = 1024 * 1024
SERVER_TIMEOUT = 120.0
"""Longest wait for the feed server to start or to answer a request from the benchmark."""
STOP_WAIT = 20.0
"""Seconds the daemon gets to exit after SIGTERM before it is killed."""
CLEAN_STOP = 10.0
"""The daemon promises to stop within this many seconds of SIGTERM."""

FLAT_SHARE = 0.10
FLAT_MB = 20.0
LATENCY_SLACK = 5.0


# --- invented news ------------------------------------------------------------------------


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((p.split()[0], p.split()[1]) for p in _phrases(text))


_HEADS = _split("Ab Bel Cor Dar Esk Fal Gor Hal Isk Jor Kel Lom Mar Nor Ost Pel Quen Ros Sel Tav")
_MIDS = _split("a e i o u ar en il or un")
_TAILS = _split("brook mere holt stad vik ford wick dale grad port by ton rin ova mouth field")

_ORGS = _phrases(
    "town council|public library|rowing club|water board|tram company|botanical garden|"
    "choir|chamber of commerce|football club|museum|university|orchestra|port authority|"
    "bakers' guild|fishing cooperative|cycling club|school board|theatre|observatory|"
    "housing association|ferry operator|chess club|film society|farmers' market|"
    "ski resort|wine growers|tourist office|planning office|radio station|bus company|"
    "archive|allotment society|brewery|zoo|sailing school|craft fair|"
    "beekeepers' association|puppet theatre|climbing club|parish"
)
_ACTIONS = _pairs(
    "approves approved|opens opened|publishes published|reports reported|extends extended|"
    "chooses chose|welcomes welcomed|postpones postponed|unveils unveiled|"
    "launches launched|reviews reviewed|celebrates celebrated|restores restored|"
    "renames renamed|donates donated|repaints repainted|buys bought|sells sold|"
    "plants planted|displays displayed|funds funded|builds built|redesigns redesigned|"
    "catalogues catalogued|borrows borrowed|lends lent|insures insured|"
    "shortlists shortlisted"
)
_ADJECTIVES = _split(
    "new old wooden electric seasonal historic tiny giant solar floating painted rare modest "
    "quiet colourful spare shared weekly annual vintage portable green blue yellow silver "
    "copper glass stone woollen handmade digital local open-air indoor winter summer spring "
    "autumn evening morning family community second-hand miniature heated covered scenic "
    "lakeside hilltop riverside"
)
_NOUNS = _phrases(
    "bench|fountain|mural|tram stop|reading room|cycle lane|footbridge|orchard|greenhouse|"
    "bandstand|clock tower|sailboat|telescope|piano|organ|tapestry|map collection|"
    "seed bank|beehive|pond|playground|skate park|bus shelter|market hall|lighthouse|"
    "windmill|canal lock|railway carriage|book fair|cheese fair|flower show|"
    "concert series|lecture series|timetable|website|logo|mascot|menu|recipe book|"
    "photo archive|charity run|regatta|chess tournament|kite festival|ice rink|sauna|"
    "parking scheme|recycling scheme|street lamps|hedgerows|tree nursery|vineyard|"
    "cider press|bakery|rooftop garden|allotments|swimming lessons|evening classes|"
    "language course|art prize|poetry prize|postcards|stamp series|visitor centre|"
    "weather vane|sundial|fossil collection|butterfly house|aquarium|cable car|towpath|"
    "carousel|herb garden|bell|stained glass|kayaks|snow plough|tandem bicycles|"
    "picnic area|pottery kiln"
)
_QUOTES = (
    "a spokesperson said",
    "according to a statement on its website",
    "the local paper reported",
    "its chair told reporters",
    "a newsletter to members said",
)
_LINKS = _split("near beside behind across along above below opposite around")
_WEEKDAYS = _split("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

_STRIKES = (
    # title words, the same in a sentence, present verb, past verb
    ("Drone strike", "a drone strike", "hits", "hit"),
    ("Rocket attack", "a rocket attack", "damages", "damaged"),
    ("Artillery barrage", "an artillery barrage", "pounds", "pounded"),
    ("Air strike", "an air strike", "destroys", "destroyed"),
    ("Missile strike", "a missile strike", "hits", "hit"),
    ("Mortar attack", "a mortar attack", "damages", "damaged"),
    ("Car bomb", "a car bomb", "wrecks", "wrecked"),
    ("Roadside bomb", "a roadside bomb", "hits", "hit"),
    ("Grenade attack", "a grenade attack", "damages", "damaged"),
    ("Rocket barrage", "a rocket barrage", "hits", "hit"),
)
_TARGETS = _phrases(
    "fuel depot|rail yard|power substation|grain silo|radar post|river bridge|"
    "army barracks|water pumping station|customs post|military warehouse|airfield hangar|"
    "port warehouse|telecom mast|lorry convoy"
)
_GROUP_ADJECTIVES = _split(
    "Crimson Silver Eastern Free United Black Golden Red Iron High Old Green"
)
_GROUP_NOUNS = _split("Valley River Mountain Dawn Coast Plain Forest Harbour Steppe Lake")
_GROUP_UNITS = _split("Brigade Legion Battalion Column Company Regiment Corps Guard")
_WHEN = (
    "early on {d}",
    "overnight into {d}",
    "on {d} evening",
    "shortly before dawn on {d}",
    "around noon on {d}",
)
_SAYERS = (
    "the regional governor said",
    "local officials said",
    "the district police chief said",
    "a spokesperson for the provincial administration said",
    "witnesses said",
)
_AFTERMATH = (
    "Fire crews worked through the night to put out the blaze.",
    "Windows were blown out in houses several streets away.",
    "Traffic on the main road into {p} was halted for hours.",
    "{n} people were injured, the hospital in {p} said.",
    "Power was cut to much of {p} until the afternoon.",
    "Smoke could be seen from the hills above {p}.",
)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _places(rng: random.Random) -> list[str]:
    names = [h + m + t for h in _HEADS for m in _MIDS for t in _TAILS]
    rng.shuffle(names)
    return names


@dataclass(frozen=True, slots=True)
class Item:
    """One feed item, as the server will show it."""

    token: str
    """Unique in the run; ends the title, so an alert names the item it came from."""
    title: str
    text: str


class Newsroom:
    """Writes invented items: ordinary news, and strikes each on its own event."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}:news")
        self.tag = "".join(self.rng.choice("bcdfghjkmnpqrstvwxz") for _ in range(3))
        names = _places(self.rng)
        # Strikes take places from the front, each its own; ordinary news from the rest.
        self.strike_places = names[:1000]
        self.ordinary_places = names[1000:]
        self.groups = [
            f"the {a} {n} {u}"
            for a in _GROUP_ADJECTIVES
            for n in _GROUP_NOUNS
            for u in _GROUP_UNITS
        ]
        self.rng.shuffle(self.groups)
        self.counts: Counter[str] = Counter()

    def token_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?:bg|nw|ev)\d{{5}}{self.tag}\b")

    def _token(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}{self.counts[kind]:05d}{self.tag}"

    def _thing(self) -> str:
        return f"{self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)}"

    def ordinary(self, background: bool = False) -> Item:
        """Civic news that names no signal: a place, a body, an action, a few objects."""
        rng = self.rng
        token = self._token("bg" if background else "nw")
        place = rng.choice(self.ordinary_places)
        org = rng.choice(_ORGS)
        present, past = rng.choice(_ACTIONS)
        thing = self._thing()
        title = f"{place} {org} {present} {thing} ({token})"
        more = rng.choice(_ACTIONS)[1]
        text = (
            f"The {org} in {place} {past} the {thing} on {rng.choice(_WEEKDAYS)},"
            f" {rng.choice(_QUOTES)}. {_a(self._thing()).capitalize()} {rng.choice(_LINKS)} the"
            f" {self._thing()} was {more} too. Next comes the {self._thing()} in"
            f" {rng.choice(self.ordinary_places)}, with {_a(self._thing())}."
        )
        return Item(token, title, text)

    def strike(self) -> Item:
        rng = self.rng
        token = self._token("ev")
        n = self.counts["ev"] - 1
        place = self.strike_places[n % len(self.strike_places)]
        if n >= len(self.strike_places):
            place += f" {rng.choice(('Upper', 'Lower', 'New', 'Old'))}"
        group = self.groups[n % len(self.groups)]
        kind, phrase, present, past = rng.choice(_STRIKES)
        target = rng.choice(_TARGETS)
        title = f"{kind} {present} {target} in {place} ({token})"
        when = rng.choice(_WHEN).format(d=rng.choice(_WEEKDAYS))
        aftermath = rng.choice(_AFTERMATH).format(p=place, n=rng.randint(2, 9))
        text = (
            f"{phrase[0].upper()}{phrase[1:]} {past} {_a(target)} in {place} {when}, "
            f"{rng.choice(_SAYERS)}. {group[0].upper()}{group[1:]} claimed the attack in a "
            f"message to journalists. {aftermath}"
        )
        return Item(token, title, text)


# --- the feed server (its own process) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One served feed."""

    index: int
    host: str
    path: str
    site: str
    conditional: bool
    """Answers a matching ``If-None-Match``/``If-Modified-Since`` with 304."""


@dataclass(slots=True)
class _Entry:
    item: Item
    guid: str
    link: str
    published: float


@dataclass(slots=True)
class _Feed:
    spec: FeedSpec
    entries: list[_Entry]
    version: int = 0
    served_version: int = -1
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render(feed: _Feed, now: float) -> None:
    spec = feed.spec
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>Outlet {spec.site.split('.')[0]}: feed {spec.index}</title>\n"
        f"<link>https://{spec.site}/</link>\n"
        f"<description>Invented news for a benchmark, feed {spec.index}.</description>\n"
        f"<lastBuildDate>{email.utils.formatdate(now, usegmt=True)}</lastBuildDate>\n"
    ]
    for e in feed.entries:
        permalink = "true" if e.guid == e.link else "false"
        parts.append(
            f"<item><title>{_xml(e.item.title)}</title><link>{e.link}</link>"
            f'<guid isPermaLink="{permalink}">{_xml(e.guid)}</guid>'
            f"<pubDate>{email.utils.formatdate(e.published, usegmt=True)}</pubDate>"
            f"<description>{_xml(e.item.text)}</description></item>\n"
        )
    parts.append("</channel></rss>\n")
    feed.body = "".join(parts).encode()
    feed.etag = f'"{spec.index:x}-{feed.version:x}"'
    feed.last_modified = email.utils.formatdate(now, usegmt=True)


@dataclass(slots=True)
class _ServerState:
    feeds: dict[tuple[str, str], _Feed]
    latency: float
    max_items: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    news: int = 0
    """Answers that carried a version of their feed not served before."""
    polled: set[int] = field(default_factory=set)
    errors: int = 0
    """Connections that ended in an error, as when the client resets them (timeouts)."""


class _FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HostServer

    def do_GET(self) -> None:
        state = self.server.state
        time.sleep(state.latency)
        with state.lock:
            feed = state.feeds.get((self.server.host, self.path.split("?", 1)[0]))
            state.requests += 1
            if feed is None:
                status, body, headers = 404, b"not found\n", {"Content-Type": "text/plain"}
            else:
                state.polled.add(feed.spec.index)
                headers = {"ETag": feed.etag, "Last-Modified": feed.last_modified}
                tags = self.headers.get("If-None-Match")
                since = self.headers.get("If-Modified-Since")
                fresh = (tags is not None and feed.etag in tags) or (
                    tags is None and since == feed.last_modified
                )
                if feed.spec.conditional and fresh:
                    status, body = 304, b""
                else:
                    status, body = 200, feed.body
                    headers["Content-Type"] = "application/rss+xml; charset=utf-8"
                    if feed.version > feed.served_version:
                        feed.served_version = feed.version
                        state.news += 1
            state.statuses[status] += 1
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _HostServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, host: str, state: _ServerState) -> None:
        self.host = host
        self.state = state
        super().__init__((host, 0), _FeedHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        with self.state.lock:
            self.state.errors += 1


def serve_feeds(conn: Connection, specs: list[FeedSpec], options: dict[str, Any]) -> None:
    """The server process: every feed with its background items, until told to stop.

    Messages: ``("inject", index, item)`` adds an item on top of a feed and answers the
    time it became visible; ``("stats",)``; ``("stop",)``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the benchmark's to handle
    now = time.time()
    newsroom_items: list[list[Item]] = options["background"]
    rng = random.Random(options["seed"])
    feeds: dict[tuple[str, str], _Feed] = {}
    by_index: list[_Feed] = []
    for spec, items in zip(specs, newsroom_items, strict=True):
        entries = [
            _entry(spec, item, now - rng.uniform(3600, 20 * 3600))
            for item in sorted(items, key=lambda _: rng.random())
        ]
        entries.sort(key=lambda e: -e.published)
        feed = _Feed(spec, entries)
        _render(feed, now)
        feeds[(spec.host, spec.path)] = feed
        by_index.append(feed)
    state = _ServerState(feeds, options["latency"], options["max_items"])
    servers = [_HostServer(host, state) for host in sorted({s.host for s in specs})]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    conn.send(("ready", {s.host: s.server_address[1] for s in servers}))
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message[0] == "inject":
                feed = by_index[message[1]]
                with state.lock:
                    visible = time.time()
                    feed.entries.insert(0, _entry(feed.spec, message[2], visible))
                    del feed.entries[state.max_items :]
                    feed.version += 1
                    _render(feed, visible)
                conn.send(("visible", visible))
            elif message[0] == "stats":
                usage = resource.getrusage(resource.RUSAGE_SELF)
                with state.lock:
                    stats = {
                        "cpu": usage.ru_utime + usage.ru_stime,
                        "requests": state.requests,
                        "statuses": dict(state.statuses),
                        "news": state.news,
                        "polled": len(state.polled),
                        "errors": state.errors,
                    }
                conn.send(("stats", stats))
            else:
                return
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _entry(spec: FeedSpec, item: Item, published: float) -> _Entry:
    link = f"https://{spec.site}/news/{item.token}"
    guid = link if spec.index % 2 == 0 else f"{spec.site}:{item.token}"
    return _Entry(item, guid, link, published)


class FeedServer:
    """The server process, seen from the benchmark."""

    def __init__(self, specs: list[FeedSpec], options: dict[str, Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=serve_feeds, args=(child, specs, options), name="feed-server", daemon=True
        )
        self.process.start()
        child.close()
        self.ports: dict[str, int] = self._ask(None)[1]

    def _ask(self, message: tuple[Any, ...] | None) -> tuple[Any, ...]:
        if message is not None:
            self.conn.send(message)
        if not self.conn.poll(SERVER_TIMEOUT):
            raise RuntimeError(f"the feed server did not answer within {SERVER_TIMEOUT:g}s")
        reply: tuple[Any, ...] = self.conn.recv()
        return reply

    def inject(self, index: int, item: Item) -> float:
        """Put ``item`` on top of feed ``index``; the time it became visible."""
        visible: float = self._ask(("inject", index, item))[1]
        return visible

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self._ask(("stats",))[1]
        return stats

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(("stop",))
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


# --- the alert endpoint (a thread of this process) ----------------------------------------


@dataclass(slots=True)
class Received:
    """What the webhook endpoint has seen."""

    first: dict[str, float] = field(default_factory=dict)
    """Token -> arrival time of the first alert naming it."""
    times_named: Counter[str] = field(default_factory=Counter)
    posts: int = 0
    alerts: int = 0
    unmatched: list[str] = field(default_factory=list)
    """Headlines of alerts that named no injected item."""
    crowded: list[list[str]] = field(default_factory=list)
    """Alerts that named more than one strike: strikes clustered into one story."""
    notices: list[str] = field(default_factory=list)
    bad: int = 0


class AlertEndpoint:
    """The webhook notifier's target: records the arrival of every alert."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.lock = threading.Lock()
        self.received = Received()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                endpoint.record(data, time.time())
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def record(self, data: bytes, arrival: float) -> None:
        with self.lock:
            r = self.received
            r.posts += 1
            try:
                body = json.loads(data)
            except ValueError:
                r.bad += 1
                return
            if body.get("type") == "notice":
                r.notices.append(str(body.get("title")))
                return
            for alert in body.get("alerts", []):
                r.alerts += 1
                texts = [s.get("title") or "" for s in alert.get("sources", [])]
                texts.append((alert.get("story") or {}).get("headline") or "")
                tokens = sorted({t for text in texts for t in self.pattern.findall(text)})
                if not tokens:
                    r.unmatched.append((alert.get("story") or {}).get("headline") or "?")
                if sum(t.startswith("ev") for t in tokens) > 1:
                    r.crowded.append(tokens)
                for token in tokens:
                    r.times_named[token] += 1
                    r.first.setdefault(token, arrival)

    def snapshot(self) -> tuple[int, dict[str, float]]:
        with self.lock:
            return self.received.alerts, dict(self.received.first)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- the daemon and its process figures ---------------------------------------------------


def proc_figures(pid: int) -> tuple[float, float] | None:
    """Resident memory (MB) and CPU seconds (user + system) of ``pid``; None once gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rss_kb = next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
    )
    # Fields after the command name (which may hold spaces): state is field 3, utime 14.
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])
    return rss_kb / 1024, ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Sample:
    at: float
    phase: str
    """``warmup``, ``run`` (injecting) or ``drain``."""
    rss_mb: float
    cpu: float
    requests: int
    news: int
    alerts: int


def backlog_done(database: Path, expected: int) -> bool:
    """True once the database holds ``expected`` articles and none waits for processing."""
    if not database.exists():
        return False
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=2)
        ) as db:
            stored, pending = db.execute(
                "SELECT count(*), coalesce(sum(pending), 0) FROM articles"
            ).fetchone()
    except sqlite3.Error:
        return False
    return bool(stored >= expected and pending == 0)


def feed_name(index: int) -> str:
    return f"feed-{index:05d}"


def write_config(
    workdir: Path, specs: list[FeedSpec], ports: dict[str, int], webhook: str, args: Any
) -> Path:
    import yaml

    poll: dict[str, Any] = {"interval": f"{args.interval}s", "jitter": f"{args.jitter}s"}
    if args.concurrency:
        poll["concurrency"] = args.concurrency
    if args.per_host:
        poll["per_host"] = args.per_host
    # A webhook URL is a credential: from a file, as a deployment gives it.
    (workdir / "webhook-url").write_text(webhook + "\n")
    config = {
        "database": str(workdir / "monitor.db"),
        "watches": str(workdir / "watches.yaml"),
        "poll": poll,
        "notifiers": {
            "hook": {"type": "webhook", "url_file": str(workdir / "webhook-url"), "timeout": "10s"}
        },
        "feeds": [
            {"name": feed_name(s.index), "url": f"http://{s.host}:{ports[s.host]}{s.path}"}
            for s in specs
        ],
    }
    watches = {
        "watches": [
            {
                "name": "any-strike",
                "description": "Any strike, anywhere",
                "signals": {"all": ["strike"]},
                "min_level": "low",
                "notify": ["hook"],
            }
        ]
    }
    (workdir / "watches.yaml").write_text(yaml.safe_dump(watches, sort_keys=False))
    path = workdir / "monitor.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def start_daemon(config: Path, workdir: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "monitor", "--config", str(config), "run"]
    command += ["--log-format", "json", "--no-watch-config"]
    with (workdir / "daemon.out").open("wb") as out, (workdir / "daemon.log").open("wb") as err:
        return subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, start_new_session=True)


def stop_daemon(daemon: subprocess.Popen[bytes]) -> tuple[int | None, float, bool]:
    """SIGTERM, then SIGKILL after ``STOP_WAIT``: exit code, seconds to exit, killed."""
    if daemon.poll() is not None:
        return daemon.returncode, 0.0, False
    started = time.monotonic()
    daemon.send_signal(signal.SIGTERM)
    try:
        code = daemon.wait(STOP_WAIT)
        return code, time.monotonic() - started, False
    except subprocess.TimeoutExpired:
        daemon.kill()
        daemon.wait(10)
        return daemon.returncode, time.monotonic() - started, True


# --- figures ------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), interpolating between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def slope_per_hour(samples: Sequence[Sample]) -> float:
    """Least-squares slope of resident memory, in MB per hour."""
    if len(samples) < 2:
        return float("nan")
    xs = [(s.at - samples[0].at) / 3600 for s in samples]
    ys = [s.rss_mb for s in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        return float("nan")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var


@dataclass(slots=True)
class LogReport:
    lines: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    not_json: list[str] = field(default_factory=list)
    warnings: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Warnings by phase (warm-up or run) and message, numbers and names blurred."""


def read_log(path: Path, warm: float | None) -> LogReport:
    """Count the daemon's JSON log lines; warnings before ``warm`` count as the warm-up's."""
    report = LogReport()
    if not path.exists():
        return report
    for line in path.read_text(errors="replace").splitlines():
        if not line.strip():
            continue
        report.lines += 1
        try:
            entry = json.loads(line)
        except ValueError:
            report.not_json.append(line)
            continue
        if not isinstance(entry, dict):
            report.not_json.append(line)
            continue
        level = str(entry.get("level", "?"))
        report.levels[level] += 1
        message = str(entry.get("message", ""))
        if level in ("error", "critical"):
            report.errors.append(message)
        if level == "warning":
            at = _epoch(entry.get("time"))
            phase = "warm-up" if warm is None or (at is not None and at < warm) else "run"
            kind = re.sub(r"feed-\d+|\d+(\.\d+)?", "N", message)[:90]
            report.warnings[(phase, kind)] += 1
        if "exception" in entry:
            report.tracebacks.append(f"{message}\n{entry['exception']}")
    return report


def _epoch(iso: str | None) -> float | None:
    return None if iso is None else datetime.fromisoformat(iso).timestamp()


@dataclass(frozen=True, slots=True)
class Trace:
    """Where one strike was seen in the database after the run."""

    token: str
    fetched: float | None = None
    decided: float | None = None
    note: str = ""


def trace_strikes(database: Path, feeds: dict[str, str], missed: set[str]) -> dict[str, Trace]:
    """For each token (-> the feed it was put in): when its article was fetched and its
    first alert decided; for a missed one, why no alert arrived."""
    traces: dict[str, Trace] = {}
    if not database.exists():
        return traces
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        for token, feed in feeds.items():
            row = db.execute(
                "SELECT a.id, a.fetched, a.pending, a.backlog, a.story_id, c.level, c.signals"
                " FROM articles a LEFT JOIN classifications c ON c.article_id = a.id"
                " WHERE a.title LIKE ?",
                (f"%{token}%",),
            ).fetchone()
            if row is None:
                traces[token] = Trace(token, note=_never_stored(db, feed))
                continue
            alert = db.execute(
                "SELECT id, key, decided FROM alerts WHERE story_id = ? ORDER BY decided LIMIT 1",
                (row["story_id"],),
            ).fetchone()
            own = db.execute(
                "SELECT decided FROM alerts WHERE payload LIKE ? ORDER BY decided LIMIT 1",
                (f"%{token}%",),
            ).fetchone()
            fetched = _epoch(row["fetched"])
            decided = _epoch(own["decided"]) if own else None
            note = ""
            if token in missed:
                note = _why_missed(db, token, row, alert)
            traces[token] = Trace(token, fetched, decided, note)
    return traces


def _never_stored(db: sqlite3.Connection, feed: str) -> str:
    state = db.execute(
        "SELECT last_success, consecutive_failures, last_error FROM feeds WHERE name = ?",
        (feed,),
    ).fetchone()
    if state is None:
        return f"never stored: {feed} is not in the database"
    return (
        f"never stored: {feed} last answered {state['last_success'] or 'never'};"
        f" {state['consecutive_failures']} failure(s) in a row, last: {state['last_error']}"
    )


def feed_health(database: Path, since: float) -> tuple[int, int, int, Counter[str]]:
    """Feeds in all, polled successfully since ``since``, never; the last errors of the
    others, grouped."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT last_success, last_error FROM feeds").fetchall()
    recent = never = 0
    errors: Counter[str] = Counter()
    for last_success, last_error in rows:
        at = _epoch(last_success)
        if at is None:
            never += 1
        if at is not None and at >= since:
            recent += 1
        else:
            errors[re.sub(r"\d+(\.\d+)?", "N", str(last_error))[:70]] += 1
    return len(rows), recent, never, errors


def _why_missed(
    db: sqlite3.Connection, token: str, row: sqlite3.Row, alert: sqlite3.Row | None
) -> str:
    if row["pending"]:
        return "stored but still pending: never processed"
    if row["backlog"]:
        return "stored as backlog (a feed's first poll): never alerts"
    if row["level"] is None:
        return "processed but has no classification"
    if "strike" not in (row["signals"] or ""):
        return f"classified {row['level']} without the strike signal: {row['signals']}"
    others = [
        r[0]
        for r in db.execute(
            "SELECT title FROM articles WHERE story_id = ? AND title NOT LIKE ?",
            (row["story_id"], f"%{token}%"),
        )
    ]
    if alert is None:
        return f"story {row['story_id']} ({len(others)} other article(s)): no alert decided"
    status = db.execute(
        "SELECT status, attempts, last_error FROM deliveries WHERE alert_id = ?", (alert["id"],)
    ).fetchall()
    deliveries = ", ".join(f"{s[0]} after {s[1]} attempt(s) {s[2] or ''}".strip() for s in status)
    if others:
        return (
            f"joined story {row['story_id']} with {len(others)} other article(s), e.g."
            f" {others[0]!r}; the story's alert {alert['key']} came earlier ({deliveries})"
        )
    return f"alert {alert['key']} decided; delivery: {deliveries or 'none'}"


# --- the run ------------------------------------------------------------------------------


def host_addresses(count: int) -> list[str]:
    a, b, c, d = FIRST_HOST
    first = (a << 24) | (b << 16) | (c << 8) | d
    addresses = []
    for n in range(first, first + count):
        if n >> 24 != 127:
            raise SystemExit("--hosts: only 127.0.0.0/8 addresses may be used")
        addresses.append(".".join(str((n >> s) & 255) for s in (24, 16, 8, 0)))
    return addresses


def feed_specs(feeds: int, hosts: Sequence[str], unconditional: float, seed: int) -> list[FeedSpec]:
    rng = random.Random(f"{seed}:feeds")
    specs = []
    for i in range(feeds):
        h = i % len(hosts)
        specs.append(
            FeedSpec(
                index=i,
                host=hosts[h],
                path=f"/feeds/{i // len(hosts):04d}.xml",
                site=f"outlet{h + 1:02d}.example",
                conditional=rng.random() >= unconditional,
            )
        )
    return specs


def schedule(args: Any, rng: random.Random) -> list[tuple[float, str, int]]:
    """(seconds after the warm-up, ``news`` or ``strike``, feed index), in time order."""
    span = args.minutes * 60.0
    events: list[tuple[float, str, int]] = []
    strikes = max(1, round(args.minutes * args.strikes_per_minute))
    slot = span / strikes
    for k in range(strikes):
        events.append((k * slot + rng.uniform(0, slot), "strike", rng.randrange(args.feeds)))
    at = rng.expovariate(args.news_per_minute / 60) if args.news_per_minute > 0 else span
    while at < span:
        events.append((at, "news", rng.randrange(args.feeds)))
        at += rng.expovariate(args.news_per_minute / 60)
    events.sort()
    return events


@dataclass(slots=True)
class Run:
    """Everything measured in one run."""

    samples: list[Sample] = field(default_factory=list)
    launched: float = 0.0
    warm: float | None = None
    """When the warm-up ended (every feed polled, backlog processed)."""
    warm_timed_out: bool = False
    injected_end: float = 0.0
    ended: float = 0.0
    strikes: dict[str, float] = field(default_factory=dict)
    """Strike token -> the moment it became visible on the server."""
    strike_feeds: dict[str, str] = field(default_factory=dict)
    """Strike token -> the feed it was put in."""
    news: dict[str, float] = field(default_factory=dict)
    died: int | None = None
    """The daemon's exit code, if it exited by itself."""
    stop_code: int | None = None
    stop_seconds: float = 0.0
    killed: bool = False
    server_before: dict[str, Any] = field(default_factory=dict)
    server_after: dict[str, Any] = field(default_factory=dict)


def measure(
    args: Any,
    daemon: subprocess.Popen[bytes],
    server: FeedServer,
    endpoint: AlertEndpoint,
    newsroom: Newsroom,
    database: Path,
    run: Run,
) -> None:
    """Warm up, inject news for ``--minutes``, drain; samples all along."""
    rng = random.Random(f"{args.seed}:schedule")
    events = schedule(args, rng)
    drain = args.interval + args.jitter + 60.0
    expected_backlog = args.feeds * args.background
    next_sample = time.time()
    phase = "warmup"
    start = 0.0
    pending = iter(events)
    upcoming = next(pending, None)
    last_report = 0.0
    while True:
        now = time.time()
        if daemon.poll() is not None:
            run.died = daemon.returncode
            print(f"  the daemon exited by itself with code {daemon.returncode}", flush=True)
            return
        if phase == "run" and upcoming is not None and now >= start + upcoming[0]:
            _, kind, index = upcoming
            item = newsroom.strike() if kind == "strike" else newsroom.ordinary()
            visible = server.inject(index, item)
            (run.strikes if kind == "strike" else run.news)[item.token] = visible
            if kind == "strike":
                run.strike_feeds[item.token] = feed_name(index)
            upcoming = next(pending, None)
            continue
        if now >= next_sample:
            next_sample += args.sample
            figures = proc_figures(daemon.pid)
            if figures is None:
                continue
            stats = server.stats()
            alerts, first = endpoint.snapshot()
            run.samples.append(
                Sample(now, phase, figures[0], figures[1], stats["requests"], stats["news"], alerts)
            )
            if phase == "warmup":
                polled = stats["polled"]
                if polled >= args.feeds and backlog_done(database, expected_backlog):
                    phase, start, run.warm = "run", now, now
                    run.samples[-1] = dataclasses.replace(run.samples[-1], phase="run")
                    run.server_before = stats
                    print(
                        f"  warm-up done in {now - run.launched:.0f}s: {polled} feeds polled,"
                        f" backlog processed; RSS {figures[0]:.1f} MB; injecting for"
                        f" {args.minutes:g} min",
                        flush=True,
                    )
                elif now - run.launched > args.warmup_timeout:
                    phase, start, run.warm, run.warm_timed_out = "run", now, now, True
                    run.server_before = stats
                    print(
                        f"  warm-up not finished after {args.warmup_timeout:g}s ({polled} of"
                        f" {args.feeds} feeds polled); measuring anyway",
                        flush=True,
                    )
            elif phase == "run" and upcoming is None and now >= start + args.minutes * 60:
                phase, run.injected_end = "drain", now
            elif phase == "drain":
                missing = [t for t in run.strikes if t not in first]
                if not missing or now >= run.injected_end + drain:
                    run.ended = now
                    run.server_after = stats
                    return
            if now - last_report >= 60:
                last_report = now
                got = sum(t in first for t in run.strikes)
                print(
                    f"  [{(now - run.launched) / 60:5.1f} min] {phase:<6} RSS"
                    f" {figures[0]:6.1f} MB, CPU {figures[1]:7.1f} s, {stats['requests']}"
                    f" requests, {len(run.strikes)} strikes injected, {got} alerted,"
                    f" {len(run.news)} news",
                    flush=True,
                )
        wake = next_sample
        if phase == "run" and upcoming is not None:
            wake = min(wake, start + upcoming[0])
        time.sleep(max(0.0, min(wake - time.time(), 1.0)))


# --- the report ---------------------------------------------------------------------------


def _cpu_windows(samples: Sequence[Sample]) -> tuple[list[float], list[float]]:
    """CPU % of one core per sample window: windows without news, windows with news.

    A window counts as quiet when neither it nor the window before it served anything new
    and no alert arrived in it, so processing that lags its poll is not counted quiet.
    """
    quiet: list[float] = []
    busy: list[float] = []
    for i in range(1, len(samples)):
        a, b = samples[i - 1], samples[i]
        dt = b.at - a.at
        if dt <= 0:
            continue
        pct = 100 * (b.cpu - a.cpu) / dt
        before = samples[i - 2].news if i >= 2 else a.news
        if b.news == before and b.alerts == a.alerts:
            quiet.append(pct)
        else:
            busy.append(pct)
    return quiet, busy


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def report(
    args: Any,
    run: Run,
    received: Received,
    log: LogReport,
    traces: dict[str, Trace],
    health: tuple[int, int, int, Counter[str]] | None,
) -> None:
    measured = [s for s in run.samples if s.phase != "warmup"]
    warmup = [s for s in run.samples if s.phase == "warmup"]
    print(f"\n== results ({args.feeds} feeds, {args.interval}s interval + {args.jitter}s jitter)")
    if not measured:
        print("  no measurement after the warm-up: the daemon did not get that far")
        return
    first, last = measured[0], measured[-1]
    hours = (last.at - first.at) / 3600
    half = first.at + (last.at - first.at) / 2
    slope = slope_per_hour([s for s in measured if s.at >= half])
    peak = max(s.rss_mb for s in measured)
    warm_peak = max((s.rss_mb for s in warmup), default=float("nan"))
    allowed = max(FLAT_SHARE * first.rss_mb, FLAT_MB)
    cpu_total = last.cpu - first.cpu
    polls = last.requests - first.requests
    quiet, busy = _cpu_windows(measured)
    warm_warnings = sum(n for (phase, _), n in log.warnings.items() if phase == "warm-up")
    run_warnings = sum(log.warnings.values()) - warm_warnings

    latencies = sorted(received.first[t] - v for t, v in run.strikes.items() if t in received.first)
    missed = [t for t in run.strikes if t not in received.first]
    false_alerts = [t for t in received.first if not t.startswith("ev")]
    duplicates = {t: n for t, n in received.times_named.items() if n > 1}
    waits, processing, delivery = [], [], []
    for token, visible in run.strikes.items():
        trace = traces.get(token)
        if trace is None or trace.fetched is None or trace.decided is None:
            continue  # only the strikes whose own alert was decided
        waits.append(trace.fetched - visible)
        processing.append(trace.decided - trace.fetched)
        if token in received.first:
            delivery.append(received.first[token] - trace.decided)

    rows = [
        (
            "measured",
            f"{hours * 60:.1f} min after a {(first.at - run.launched) / 60:.1f} min warm-up",
        ),
        ("RSS at start", f"{first.rss_mb:.1f} MB (peak during warm-up {warm_peak:.1f} MB)"),
        ("RSS at end", f"{last.rss_mb:.1f} MB ({last.rss_mb - first.rss_mb:+.1f} MB)"),
        ("RSS max", f"{peak:.1f} MB"),
        ("RSS slope, 2nd half", f"{slope:+.1f} MB/hour"),
        ("CPU over the run", f"{100 * cpu_total / max(last.at - first.at, 1e-9):.1f}% of one core"),
        (
            "CPU, no news",
            f"{_mean(quiet):.1f}% mean, {percentile(quiet, 50):.1f}% median"
            f" ({len(quiet)} windows of {args.sample:g}s)",
        ),
        ("CPU, with news", f"{_mean(busy):.1f}% mean ({len(busy)} windows)"),
        ("CPU per poll", f"{1000 * cpu_total / max(polls, 1):.2f} ms ({polls} polls)"),
        (
            "latency",
            f"median {percentile(latencies, 50):.1f}s, p95 {percentile(latencies, 95):.1f}s,"
            f" max {max(latencies, default=float('nan')):.1f}s",
        ),
        (
            "  poll wait",
            f"median {percentile(waits, 50):.1f}s, p95 {percentile(waits, 95):.1f}s",
        ),
        (
            "  processing",
            f"median {percentile(processing, 50):.2f}s, p95 {percentile(processing, 95):.2f}s,"
            f" max {max(processing, default=float('nan')):.2f}s (whole seconds in the database)",
        ),
        (
            "  delivery",
            f"median {percentile(delivery, 50):.2f}s, p95 {percentile(delivery, 95):.2f}s",
        ),
        ("strikes alerted", f"{len(latencies)} of {len(run.strikes)}"),
        ("news injected", f"{len(run.news)} (must not alert); false alerts {len(false_alerts)}"),
        (
            "alerts received",
            f"{received.alerts} in {received.posts} post(s); duplicates {len(duplicates)};"
            f" naming no item {len(received.unmatched)}; notices {len(received.notices)}",
        ),
        (
            "feeds at the end",
            "unknown"
            if health is None
            else f"{health[1]} of {health[0]} polled successfully in the last 3 intervals;"
            f" {health[2]} never",
        ),
        (
            "log",
            f"{log.lines} lines: "
            + ", ".join(f"{n} {lvl}" for lvl, n in sorted(log.levels.items()))
            + f" ({warm_warnings} warning(s) in the warm-up, {run_warnings} after);"
            + f" {len(log.tracebacks)} traceback(s), {len(log.not_json)} non-JSON line(s)",
        ),
        (
            "stop on SIGTERM",
            "not sent (the daemon had exited)"
            if run.died is not None
            else f"exit {run.stop_code} after {run.stop_seconds:.1f}s"
            + (" (killed)" if run.killed else ""),
        ),
    ]
    if run.server_before and run.server_after:
        cpu = run.server_after["cpu"] - run.server_before["cpu"]
        statuses = Counter(run.server_after["statuses"])
        statuses.subtract(Counter(run.server_before["statuses"]))
        rows.append(
            (
                "feed server",
                ", ".join(f"{s} x{n}" for s, n in sorted(statuses.items()) if n)
                + f"; {run.server_after.get('errors', 0)} connection(s) ended in an error"
                + f" ({run.server_before.get('errors', 0)} during the warm-up);"
                + f" {100 * cpu / max(last.at - first.at, 1e-9):.1f}% of one core",
            )
        )
    one, five, fifteen = os.getloadavg()
    rows.append(("machine", f"{os.cpu_count()} CPUs, load {one:.1f} / {five:.1f} / {fifteen:.1f}"))
    for label, value in rows:
        print(f"  {label:<20} {value}")

    if missed:
        print(f"\nmissed strikes ({len(missed)}):")
        for token in missed[:10]:
            print(f"  {token}: {traces[token].note if token in traces else 'not traced'}")
    if received.crowded:
        print(f"\nalerts naming several strikes (clustered into one story): {received.crowded[:5]}")
    if false_alerts or received.unmatched:
        print(f"\nfalse alerts: {false_alerts[:5]} {received.unmatched[:5]}")
    if duplicates:
        print(f"\nitems named by more than one alert: {list(duplicates.items())[:5]}")
    if health is not None and health[3]:
        print("\nlast error of the feeds not polled successfully in the last 3 intervals:")
        for message, n in health[3].most_common(4):
            print(f"  {n:6} x {message}")
    if log.errors or log.tracebacks or log.not_json:
        print("\nlog problems, first examples:")
        for message in (log.errors[:3] + log.tracebacks[:2] + log.not_json[:5])[:8]:
            print("  " + message.replace("\n", "\n  ")[:1500])
    if log.warnings:
        print("\nwarnings by kind:")
        for (phase, message), n in log.warnings.most_common(8):
            print(f"  {n:6} x {phase:<7} {message}")

    bound = args.interval + args.jitter + LATENCY_SLACK
    p95 = percentile(latencies, 95)
    checks = [
        (
            f"RSS flat: end <= start + max({FLAT_SHARE:.0%}, {FLAT_MB:g} MB)",
            f"{last.rss_mb - first.rss_mb:+.1f} MB (allowed +{allowed:.1f})",
            last.rss_mb <= first.rss_mb + allowed,
        ),
        (
            "every strike alerted",
            f"{len(latencies)} of {len(run.strikes)}",
            bool(run.strikes) and not missed,
        ),
        ("no false alert", str(len(false_alerts) + len(received.unmatched)), not false_alerts),
        (
            f"latency p95 <= interval + jitter + {LATENCY_SLACK:g}s = {bound:g}s",
            f"{p95:.1f}s",
            p95 <= bound,
        ),
        (
            "every feed polled successfully in the last 3 intervals",
            "unknown" if health is None else f"{health[1]} of {health[0]}",
            health is not None and health[1] == health[0],
        ),
        (
            "no error, traceback or stray output in the log",
            f"{len(log.errors)} / {len(log.tracebacks)} / {len(log.not_json)}",
            not (log.errors or log.tracebacks or log.not_json),
        ),
        (
            f"SIGTERM: exit 0 within {CLEAN_STOP:g}s",
            "exited before"
            if run.died is not None
            else f"{run.stop_code}, {run.stop_seconds:.1f}s",
            run.died is None and run.stop_code == 0 and run.stop_seconds <= CLEAN_STOP,
        ),
    ]
    if run.warm_timed_out:
        print("\nnote: the warm-up timed out; the start figures include backlog processing")
    print("\ntargets:")
    for label, value, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label:<58} {value}")


# --- command line -------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--minutes", type=float, help="minutes of injected news (default 30)")
    parser.add_argument("--feeds", type=int, help="feeds served (default 1000)")
    parser.add_argument("--interval", type=int, help="poll.interval in seconds (default 60)")
    parser.add_argument("--jitter", type=int, help="poll.jitter in seconds (default 30)")
    parser.add_argument("--quick", action="store_true", help="3 minutes, 200 feeds, 30s + 10s")
    parser.add_argument("--hosts", type=int, default=20, help="loopback hosts (default 20)")
    parser.add_argument("--latency", type=float, default=50, help="ms per answer (default 50)")
    parser.add_argument(
        "--unconditional",
        type=float,
        default=0.2,
        help="share of feeds that never answer 304 (default 0.2)",
    )
    parser.add_argument("--background", type=int, default=20, help="items per feed at start")
    parser.add_argument("--max-items", type=int, default=30, help="items a feed shows at most")
    parser.add_argument("--news-per-minute", type=float, default=10, help="ordinary items")
    parser.add_argument("--strikes-per-minute", type=float, default=1, help="strike items")
    parser.add_argument("--concurrency", type=int, help="poll.concurrency (default: the daemon's)")
    parser.add_argument("--per-host", type=int, help="poll.per_host (default: the daemon's)")
    parser.add_argument("--sample", type=float, default=5, help="seconds between samples")
    parser.add_argument(
        "--warmup-timeout", type=float, default=900, help="longest warm-up in seconds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    quick = {"minutes": 3.0, "feeds": 200, "interval": 30, "jitter": 10}
    full = {"minutes": 30.0, "feeds": 1000, "interval": 60, "jitter": 30}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.feeds < 1 or args.hosts < 1 or args.minutes <= 0 or args.interval < 1:
        parser.error("--feeds, --hosts, --minutes and --interval must be positive")
    if args.jitter < 0 or args.sample <= 0 or not 0 <= args.unconditional <= 1:
        parser.error("--jitter >= 0, --sample > 0 and --unconditional in [0, 1]")
    args.hosts = min(args.hosts, args.feeds)
    args.max_items = max(args.max_items, args.background)
    return args


@contextlib.contextmanager
def workspace(keep: bool) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="bench-daemon-"))
    try:
        yield path
    finally:
        if keep:
            print(f"kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    hosts = host_addresses(args.hosts)
    specs = feed_specs(args.feeds, hosts, args.unconditional, args.seed)
    newsroom = Newsroom(args.seed)
    background = [
        [newsroom.ordinary(background=True) for _ in range(args.background)] for _ in specs
    ]
    print(
        f"daemon benchmark: {args.feeds} feeds on {args.hosts} hosts ({hosts[0]}..{hosts[-1]}),"
        f" {args.background} items each, {args.latency:g} ms per answer,"
        f" {args.unconditional:.0%} never 304; poll every {args.interval}s + up to"
        f" {args.jitter}s jitter; {args.minutes:g} min of news ({args.news_per_minute:g} ordinary"
        f" and {args.strikes_per_minute:g} strike per minute); Python {sys.version.split()[0]}",
        flush=True,
    )
    server: FeedServer | None = None
    endpoint: AlertEndpoint | None = None
    daemon: subprocess.Popen[bytes] | None = None
    run = Run()
    with workspace(args.keep) as workdir:
        try:
            server = FeedServer(
                specs,
                {
                    "background": background,
                    "latency": args.latency / 1000,
                    "max_items": args.max_items,
                    "seed": args.seed,
                },
            )
            endpoint = AlertEndpoint(newsroom.token_pattern())
            config = write_config(workdir, specs, server.ports, endpoint.url, args)
            run.launched = time.time()
            daemon = start_daemon(config, workdir)
            print(f"  daemon pid {daemon.pid}, feed server pid {server.process.pid}", flush=True)
            measure(args, daemon, server, endpoint, newsroom, workdir / "monitor.db", run)
            if not run.server_after:
                run.server_after = server.stats()
        except KeyboardInterrupt:
            print("  interrupted: stopping", flush=True)
        finally:
            if daemon is not None:
                run.stop_code, run.stop_seconds, run.killed = stop_daemon(daemon)
            if endpoint is not None:
                endpoint.close()
            if server is not None:
                server.stop()
        if endpoint is None:
            return
        log = read_log(workdir / "daemon.log", run.warm)
        stray = (workdir / "daemon.out").read_text(errors="replace").splitlines()
        log.not_json.extend(f"stdout: {line}" for line in stray if line.strip())
        _, first = endpoint.snapshot()
        missed = {t for t in run.strikes if t not in first}
        try:
            traces = trace_strikes(workdir / "monitor.db", run.strike_feeds, missed)
            health = feed_health(
                workdir / "monitor.db", (run.ended or time.time()) - 3 * args.interval
            )
        except sqlite3.Error as e:
            print(f"  could not read the database: {e}")
            traces, health = {}, None
        report(args, run, endpoint.received, log, traces, health)


if __name__ == "__main__":
    main()
