"""Measure ingestion: `monitor poll --all` over many slow feeds, against a naive baseline.

    python bench/bench_ingest.py                 1,000 feeds of 50 items, 150 ms per answer
    python bench/bench_ingest.py --quick         a smoke run: 100 feeds
    python bench/bench_ingest.py --profile       also cProfile a first and a steady pass
    python bench/bench_ingest.py --full-baseline run the baseline on every feed (minutes)
    python bench/bench_ingest.py --command       then the whole command against ingestion

A server in its own process serves ``--feeds`` distinct RSS 2.0 feeds of ``--items`` items
(invented titles, ~60-word HTML summaries, links, GUIDs, dates; gzip when asked) from
``--hosts`` loopback addresses (127.0.0.2, 127.0.0.3, ...), so the monitor's per-host limit
acts as it does on the internet. It answers every request after ``--latency`` ms (an
``asyncio.sleep``, never a blocking one), honours ``If-None-Match``/``If-Modified-Since``
with a 304, and reports its own CPU time so a reader can see it was not the bottleneck.

Each pass of the monitor runs in a process of its own that does what ``monitor poll --all``
does to ingest (load the configuration, open a real SQLite file in a temporary folder and
sync the feeds into it, select every feed, poll them all with one ``Fetcher`` through
``pipeline.poll_feeds``), with the shipped configuration's concurrency
(``--concurrency``/``--per-host`` override it). The command's later stages (classification,
clustering, alerts) are not ingestion and are not run. Three passes are timed:

1. first: every feed answers 200 with its body; every article is new;
2. steady: ``--changed`` (10%) of the feeds have ``--new-items`` new items, the rest 304;
3. idle: nothing is new, every feed answers 304.

For each pass it prints the wall time and CPU seconds (user + sys) of the poll inside the
monitor's process, feeds/s, and the process's peak memory (max RSS, from ``wait4``); the
process's total time, interpreter start-up and imports included, is printed beside them.
In the same run and against the same server, the baseline a user would write is measured
the same way: a sequential loop of ``feedparser.parse(url)``. It takes about ``latency +
parse time`` per feed, so by default it runs on every tenth feed and its loop time is
extrapolated to all feeds (marked ``*``); ``--full-baseline`` runs it on every feed.
Ratios and PASS/MISS against the targets follow. A miss is reported, never an exit code:
this is a measurement, not a test.

Feed names sort by site, as in real configurations (``bbc-world``, ``bbc-middle-east``),
so feeds of one host are adjacent in the order the monitor polls them; ``--order shuffled``
names them so that hosts interleave instead.

It needs only loopback addresses and a temporary folder, and removes both when done.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.utils
import functools
import gzip
import json
import multiprocessing
import os
import pstats
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = ROOT / "config" / "monitor.yaml"
FIRST_HOST = (127, 0, 0, 2)
READY_TIMEOUT = 300.0
CONTROL_TIMEOUT = 120.0

TARGET_STEADY_WALL = 5.0
TARGET_STEADY_RATIO = 20.0
TARGET_FIRST_RATIO = 5.0
TARGET_COMMAND_RATIO = 1.5
TARGET_COMMAND_MB = 300.0
TARGET_PEAK_MB = 200.0


# --- invented feed content -----------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ADJECTIVES = _words(
    "northern southern eastern western coastal upland rural urban regional provincial "
    "central remote border river harbour mountain desert island frontier municipal "
    "national local interim joint emergency temporary annual quarterly senior former "
    "disputed contested fragile sudden renewed heavy light partial broad narrow early late"
)
_NOUNS = _words(
    "council ministry agency committee district province capital harbour bridge convoy "
    "airfield depot pipeline railway checkpoint corridor ceasefire truce delegation envoy "
    "summit panel court tribunal inquiry budget election ballot turnout survey report "
    "reservoir dam highway crossing market farmers workers teachers nurses engineers "
    "villagers residents officials observers monitors volunteers negotiators spokesperson"
)
_VERBS = _words(
    "reports announces confirms denies suspends resumes expands reviews delays approves "
    "rejects questions welcomes criticises extends postpones outlines publishes proposes "
    "considers secures restores closes reopens inspects evacuates supplies"
)
_PLACES = _words(
    "Arvenna Belmoor Castrel Dunhallow Estmark Fenwick Galloran Harrowgate Istrava Jorvel "
    "Kestrin Lowmere Marrowby Norhaven Ostrell Pellamy Quarren Rostova Selbury Tallowick "
    "Umbria Vantor Westmere Yarrow Zelenport"
)
_FILLER = _words(
    "the a its their after before during while amid despite following ahead of near "
    "across within under over about since until because although as"
)
_SECTIONS = _words(
    "world politics region economy security climate health science society opinion "
    "europe africa asia americas middle-east pacific business energy transport justice"
)


def _sentence(rng: random.Random, words: int) -> str:
    parts = [rng.choice(_ADJECTIVES).capitalize(), rng.choice(_NOUNS)]
    while len(parts) < words:
        pick = rng.random()
        if pick < 0.3:
            parts.append(rng.choice(_FILLER))
        elif pick < 0.55:
            parts.append(rng.choice(_NOUNS))
        elif pick < 0.75:
            parts.append(rng.choice(_VERBS))
        elif pick < 0.9:
            parts.append(rng.choice(_ADJECTIVES))
        elif pick < 0.96:
            parts.append(rng.choice(_PLACES))
        else:
            parts.append(str(rng.randint(2, 4000)))
    return " ".join(parts) + "."


def _summary_html(rng: random.Random, site: str, words: int = 60) -> str:
    """About ``words`` words in two or three paragraphs, with a link, bold text and entities."""
    paragraphs = []
    remaining = words
    for _ in range(rng.randint(2, 3)):
        sentences = []
        share = max(8, remaining // 2)
        while share > 0:
            n = min(share, rng.randint(8, 18))
            sentences.append(_sentence(rng, max(4, n)))
            share -= n
            remaining -= n
        text = " ".join(sentences)
        if rng.random() < 0.5:
            place = rng.choice(_PLACES)
            link = f'<a href="https://{site}/topics/{place.lower()}">{place}</a>'
            text = f"{text} More from {link} &amp; nearby districts."
        if rng.random() < 0.4:
            text = f"<b>{rng.choice(_PLACES)}:</b> {text}"
        paragraphs.append(f"<p>{text}</p>")
    return "".join(paragraphs)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One served feed: where it lives and what it is called."""

    index: int
    host: str
    site: str
    """The invented public site of its articles (``news07.example``)."""
    path: str
    name: str


def feed_specs(feeds: int, hosts: Sequence[str], order: str, seed: int) -> list[FeedSpec]:
    """``feeds`` feeds spread evenly over ``hosts``; names sort by site unless shuffled."""
    specs = []
    per_site: Counter[int] = Counter()
    shuffled = list(range(feeds))
    random.Random(f"{seed}:names").shuffle(shuffled)
    for i in range(feeds):
        h = i % len(hosts)
        j = per_site[h]
        per_site[h] += 1
        section = _SECTIONS[j % len(_SECTIONS)]
        site = f"news{h + 1:02d}.example"
        path = f"/rss/{section}-{j:03d}.xml"
        if order == "site":
            name = f"news{h + 1:02d}-{section}-{j:03d}"
        else:
            name = f"feed-{shuffled[i]:05d}"
        specs.append(FeedSpec(i, hosts[h], site, path, name))
    return specs


def render_feed(spec: FeedSpec, generation: int, items: int, new_items: int, t0: float) -> bytes:
    """The RSS 2.0 document of ``spec`` at ``generation``: its newest ``items`` items.

    Each generation adds ``new_items`` items on top; older items stay byte-for-byte the same.
    """
    top = items + generation * new_items
    section = spec.path.rsplit("/", 1)[-1].removesuffix(".xml")
    title = f"News {spec.site.split('.')[0][4:]}: {section.replace('-', ' ').title()}"
    opaque_guids = spec.index % 2 == 1
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{_escape(title)}</title>\n<link>https://{spec.site}/</link>\n"
        f"<description>Invented headlines for benchmarking, feed {spec.index}.</description>\n"
        f'<language>en-gb</language>\n<atom:link href="https://{spec.site}{spec.path}"'
        ' rel="self" type="application/rss+xml"/>\n'
        f"<lastBuildDate>{email.utils.formatdate(t0 + top * 600, usegmt=True)}</lastBuildDate>\n"
    ]
    for item in range(top, top - items, -1):
        rng = random.Random(f"{spec.index}:{item}")
        headline = _sentence(rng, rng.randint(7, 13)).rstrip(".")
        slug = "-".join(headline.lower().split()[:6])
        link = f"https://{spec.site}/{section}/{slug}-{spec.index}-{item}"
        guid = (
            f'<guid isPermaLink="false">{spec.site}:{spec.index}:{item}</guid>'
            if opaque_guids
            else f'<guid isPermaLink="true">{link}</guid>'
        )
        author = f"<dc:creator>{rng.choice(_PLACES)} Desk</dc:creator>" if item % 3 else ""
        parts.append(
            f"<item>\n<title>{_escape(headline)}</title>\n<link>{link}</link>\n{guid}\n"
            f"<pubDate>{email.utils.formatdate(t0 + item * 600, usegmt=True)}</pubDate>\n"
            f"<category>{section}</category>{author}\n"
            f"<description>{_escape(_summary_html(rng, spec.site))}</description>\n</item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode()


# --- the feed server (its own process) ----------------------------------------------------


@dataclass(slots=True)
class _Doc:
    body: bytes
    gzipped: bytes
    etag: str
    last_modified: str


@dataclass(slots=True)
class _ServerState:
    specs: list[FeedSpec]
    items: int
    new_items: int
    latency: float
    t0: float
    generations: list[int] = field(default_factory=list)
    docs: dict[tuple[str, str], _Doc] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    connections: int = 0

    def render(self, spec: FeedSpec) -> None:
        generation = self.generations[spec.index]
        body = render_feed(spec, generation, self.items, self.new_items, self.t0)
        self.docs[(spec.host, spec.path)] = _Doc(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6),
            etag=f'"{spec.index:x}-{generation:x}"',
            last_modified=email.utils.formatdate(self.t0 + generation * 600, usegmt=True),
        )


def _not_modified(doc: _Doc, headers: dict[str, str]) -> bool:
    tags = headers.get("if-none-match")
    if tags is not None:
        return tags.strip() == "*" or doc.etag in (t.strip() for t in tags.split(","))
    return headers.get("if-modified-since") == doc.last_modified


async def _handle(
    state: _ServerState, host: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    state.connections += 1
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            method, target, version = [*lines[0].split(" ", 2), "", ""][:3]
            headers = {}
            for line in lines[1:]:
                key, _, value = line.partition(":")
                if key:
                    headers[key.strip().lower()] = value.strip()
            connection = headers.get("connection", "").lower()
            keep = "close" not in connection and (
                version == "HTTP/1.1" or "keep-alive" in connection
            )
            await asyncio.sleep(state.latency)
            doc = state.docs.get((host, target.split("?", 1)[0]))
            extra: list[str] = []
            body = b""
            if method != "GET" or doc is None:
                status, reason, body = 404, "Not Found", b"not found\n"
                extra.append("Content-Type: text/plain")
            elif _not_modified(doc, headers):
                status, reason = 304, "Not Modified"
                extra += [f"ETag: {doc.etag}", f"Last-Modified: {doc.last_modified}"]
            else:
                status, reason = 200, "OK"
                extra += [
                    "Content-Type: application/rss+xml; charset=utf-8",
                    f"ETag: {doc.etag}",
                    f"Last-Modified: {doc.last_modified}",
                    "Cache-Control: max-age=300",
                    "Vary: Accept-Encoding",
                ]
                if "gzip" in headers.get("accept-encoding", ""):
                    body = doc.gzipped
                    extra.append("Content-Encoding: gzip")
                else:
                    body = doc.body
            if status != 304:
                extra.append(f"Content-Length: {len(body)}")
            extra.append(f"Date: {email.utils.formatdate(usegmt=True)}")
            extra.append("Connection: " + ("keep-alive" if keep else "close"))
            state.statuses[status] += 1
            head_out = "\r\n".join([f"HTTP/1.1 {status} {reason}", *extra, "", ""])
            writer.write(head_out.encode("latin-1") + body)
            try:
                await writer.drain()
            except ConnectionError:
                return
            if not keep:
                return
    finally:
        writer.close()


async def _serve(conn: Connection, specs: list[FeedSpec], options: dict[str, Any]) -> None:
    state = _ServerState(
        specs=specs,
        items=options["items"],
        new_items=options["new_items"],
        latency=options["latency"],
        t0=time.time() - 2 * 86400 - 600 * options["items"],
        generations=[0] * len(specs),
    )
    for spec in specs:
        state.render(spec)
    servers = []
    ports: dict[str, int] = {}
    for host in sorted({s.host for s in specs}):
        server = await asyncio.start_server(
            functools.partial(_handle, state, host), host, 0, backlog=1024
        )
        servers.append(server)
        ports[host] = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_control() -> None:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            stop.set()  # the benchmark went away: so do we
            return
        kind = message[0]
        if kind == "advance":
            for index in message[1]:
                state.generations[index] += 1
                state.render(specs[index])
            conn.send(("ok",))
        elif kind == "stats":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            conn.send(
                (
                    "stats",
                    {
                        "cpu": usage.ru_utime + usage.ru_stime,
                        "statuses": dict(state.statuses),
                        "connections": state.connections,
                        "bytes": sum(len(d.body) for d in state.docs.values()),
                        "gzipped": sum(len(d.gzipped) for d in state.docs.values()),
                    },
                )
            )
        else:
            stop.set()

    loop.add_reader(conn.fileno(), on_control)
    conn.send(("ready", ports))
    await stop.wait()
    loop.remove_reader(conn.fileno())
    for server in servers:
        server.close()


def serve(conn: Connection, specs: list[FeedSpec], options: dict[str, Any]) -> None:
    """The server process: render every feed, listen on every host, answer until told."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the benchmark's to handle
    asyncio.run(_serve(conn, specs, options))
    conn.close()


class FeedServer:
    """The server process, seen from the benchmark."""

    def __init__(self, specs: list[FeedSpec], options: dict[str, Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=serve, args=(child, specs, options), name="feed-server", daemon=True
        )
        self.process.start()
        child.close()
        reply = self._receive(READY_TIMEOUT)
        self.ports: dict[str, int] = reply[1]

    def _receive(self, timeout: float) -> tuple[Any, ...]:
        try:
            if not self.conn.poll(timeout):
                raise RuntimeError(f"the feed server did not answer within {timeout:g}s")
            reply: tuple[Any, ...] = self.conn.recv()
        except (EOFError, OSError) as e:
            raise RuntimeError(
                f"the feed server stopped (exit code {self.process.exitcode})"
            ) from e
        return reply

    def advance(self, indices: Sequence[int]) -> None:
        self.conn.send(("advance", list(indices)))
        self._receive(CONTROL_TIMEOUT)

    def stats(self) -> dict[str, Any]:
        self.conn.send(("stats",))
        stats: dict[str, Any] = self._receive(CONTROL_TIMEOUT)[1]
        return stats

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(("stop",))
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


# --- measuring a process ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measured:
    """One child process, measured by ``wait4``."""

    wall: float
    cpu: float
    """User plus system CPU seconds."""
    peak_mb: float
    """The largest RSS any one of its processes reached (``wait4``)."""
    returncode: int
    output: str
    tree_mb: float = 0.0
    """The most memory it and its child processes held at one time (their PSS, sampled)."""


def run_measured(command: Sequence[str], timeout: float, cwd: Path | None = None) -> Measured:
    """Run ``command``; its wall time, CPU, max RSS and standard output. Killed at ``timeout``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        expired = threading.Event()
        tree = [0.0]

        def kill() -> None:
            expired.set()
            process.kill()

        def sample() -> None:
            while not finished.wait(0.1):
                tree[0] = max(tree[0], _tree_pss(process.pid))

        finished = threading.Event()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            finished.set()
            sampler.join()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        shown = " ".join(Path(c).name for c in command[1:4])
        why = f"killed after {timeout:.0f} s" if expired.is_set() else f"exit {process.returncode}"
        tail = " / ".join(errors.strip().splitlines()[-3:])
        print(f"  ! {shown}: {why}{': ' + tail if tail else ''}")
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(wall, cpu, usage.ru_maxrss / 1024, process.returncode, output, tree[0])


def _tree_pss(pid: int) -> float:
    """The memory of ``pid`` and all its descendants now, in MB: their proportional set
    sizes, so that a page two of them share counts once, not twice as their RSS would."""
    total, todo = 0.0, [pid]
    while todo:
        one = todo.pop()
        try:
            rollup = Path(f"/proc/{one}/smaps_rollup").read_text()
        except OSError:
            continue
        total += int(rollup.split("\nPss:")[1].split()[0]) / 1024
        for task in Path(f"/proc/{one}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(child) for child in task.read_text().split())
    return total


BASELINE = """
import json, resource, sys, time
import feedparser
urls = open(sys.argv[1]).read().split()
entries = bozo = 0
u0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
for url in urls:
    d = feedparser.parse(url)
    entries += len(d.entries)
    bozo += bool(d.bozo)
wall = time.perf_counter() - t0
u1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (u1.ru_utime + u1.ru_stime) - (u0.ru_utime + u0.ru_stime)
print(json.dumps({"entries": entries, "bozo": bozo, "wall": wall, "cpu": cpu}))
"""


@dataclass(frozen=True, slots=True)
class Figures:
    """What a pass cost, for all ``feeds`` feeds (scaled when ``measured_feeds`` is fewer)."""

    feeds: int
    wall: float
    cpu: float
    peak_mb: float
    measured_feeds: int
    note: str = ""
    process_wall: float = 0.0
    """The measured process's own wall time, start-up included, before any scaling."""

    @property
    def rate(self) -> float:
        return self.feeds / self.wall if self.wall else 0.0

    @property
    def extrapolated(self) -> bool:
        return self.measured_feeds != self.feeds


def run_baseline(urls: Sequence[str], total: int, workdir: Path, timeout: float) -> Figures:
    """The naive loop over ``urls``; time scaled to ``total`` feeds if ``urls`` is a subset.

    Only the loop is scaled: the interpreter's start-up and import are counted once.
    """
    url_file = workdir / "baseline-urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    run = run_measured([sys.executable, "-c", BASELINE, str(url_file)], timeout)
    result = json.loads(run.output.strip().splitlines()[-1]) if run.returncode == 0 else {}
    loop_wall, loop_cpu = result.get("wall", run.wall), result.get("cpu", run.cpu)
    scale = total / len(urls)
    wall = run.wall - loop_wall + loop_wall * scale
    cpu = run.cpu - loop_cpu + loop_cpu * scale
    note = f"{result.get('entries', 0)} entries from {len(urls)} feeds"
    if result.get("bozo"):
        note += f", {result['bozo']} bozo"
    return Figures(total, wall, cpu, run.peak_mb, len(urls), note, run.wall)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the parsing process)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def poll_once(config: Path, profile_to: Path | None) -> dict[str, Any]:
    """In the monitor's process: what ``monitor poll --all`` does to ingest, timed.

    Open the store and sync the configured feeds into it, select every enabled feed, and
    poll them with one Fetcher. (The command then classifies and clusters what is new;
    that is not ingestion and is not run here.)
    """
    t_import = time.perf_counter()
    from datetime import UTC, datetime

    from monitor.cli.ingest import PARSE_POOL_FROM
    from monitor.config import load_settings
    from monitor.fetching import Fetcher
    from monitor.polling import Services, parser_pool, poll_feeds, select_feeds
    from monitor.storage import Store

    imported = time.perf_counter() - t_import

    def utcnow() -> datetime:
        return datetime.now(UTC)

    async def poll(services_args: tuple[Any, Store], feeds: list[Any]) -> list[Any]:
        settings, store = services_args
        # As the command does: a parsing process beside this one for larger polls.
        with parser_pool() if len(feeds) >= PARSE_POOL_FROM else nullcontext() as parser:
            async with Fetcher(settings.poll) as fetcher:
                services = Services(settings, store, fetcher, utcnow, parser)
                return await poll_feeds(services, feeds)

    profiler = None
    if profile_to is not None:
        import cProfile

        profiler = cProfile.Profile()
    usage0 = _cpu()
    t0 = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    settings = load_settings(config).settings
    with Store(settings.database) as store:
        store.feeds.sync(settings.feed_list(), utcnow())
        feeds = select_feeds(store, utcnow(), all_feeds=True)
        results = asyncio.run(poll((settings, store), feeds))
    if profiler is not None:
        profiler.disable()
    wall = time.perf_counter() - t0
    usage1 = _cpu()
    if profiler is not None and profile_to is not None:
        profiler.dump_stats(str(profile_to))
    cpu = usage1 - usage0
    failed = [r for r in results if not r.ok]
    return {
        "import": imported,
        "wall": wall,
        "cpu": cpu,
        "feeds": len(results),
        "statuses": dict(Counter(str(r.status) for r in results)),
        "new": sum(len(r.new) for r in results),
        "updated": sum(len(r.updated) for r in results),
        "failed": len(failed),
        "first_error": f"{failed[0].feed}: {failed[0].error}" if failed else None,
    }


def run_monitor(
    config: Path, feeds: int, timeout: float, profile_to: Path | None = None
) -> tuple[Figures, str, Measured]:
    """One ingesting poll of every feed in a process of its own; what it cost and did."""
    command = [sys.executable, str(Path(__file__).resolve()), "--poll", str(config)]
    if profile_to is not None:
        command += ["--profile-to", str(profile_to)]
    run = run_measured(command, timeout)
    lines = [line for line in run.output.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines:
        return Figures(feeds, run.wall, run.cpu, run.peak_mb, feeds), "did not finish", run
    result = json.loads(lines[-1])
    outcome = ", ".join(f"{s} x{n}" for s, n in sorted(result["statuses"].items()))
    outcome += f"; {result['new']} new, {result['updated']} updated, {result['failed']} failed"
    if result["first_error"]:
        outcome += f" (first: {result['first_error']})"
    if result["feeds"] != feeds:
        outcome += f"; {result['feeds']} of {feeds} feeds polled"
    figures = Figures(feeds, result["wall"], result["cpu"], run.peak_mb, feeds, "", run.wall)
    return figures, outcome, run


# --- profiles -----------------------------------------------------------------------------


def _where(path: str, function: str) -> str:
    """The package or module a profiled function belongs to."""
    if path == "~":
        for name in ("sqlite3", "zlib", "select", "epoll", "socket", "ssl", "pyexpat", "re"):
            if name in function:
                return {"epoll": "select"}.get(name, name) + " (C)"
        return "builtins (C)"
    p = path.replace("\\", "/")
    if "/site-packages/" in p:
        return p.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/monitor/" in p:
        return "monitor." + p.rsplit("/monitor/", 1)[1].removesuffix(".py").replace("/", ".")
    if "/lib/python" in p:
        rest = p.split("/lib/python", 1)[1].split("/", 1)[-1]
        return rest.split("/", 1)[0].removesuffix(".py")
    return Path(p).stem


def _label(key: tuple[str, int, str]) -> str:
    path, line, function = key
    if path == "~":
        return function
    return f"{_where(path, function)}:{line} {function}"


def print_profile(path: Path, title: str, top: int) -> None:
    stats = pstats.Stats(str(path))
    table: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    print(f"\n{title}: {total:.2f} s profiled (cProfile slows Python code down)")
    by_package: dict[str, float] = {}
    for key, (_, _, own, _, _) in table.items():
        where = _where(key[0], key[2])
        by_package[where] = by_package.get(where, 0.0) + own
    print("  own time by package or module:")
    for name, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {own:7.2f} s {100 * own / total:5.1f}%  {name}")
    print(f"  top {top} functions by own time:")
    for key, (_, calls, own, cumulative, _) in sorted(table.items(), key=lambda kv: -kv[1][2])[
        :top
    ]:
        print(f"    {own:7.2f} s own {cumulative:7.2f} s cum {calls:>9} calls  {_label(key)}")
    print(f"  top {top} functions by cumulative time:")
    for key, (_, calls, own, cumulative, _) in sorted(table.items(), key=lambda kv: -kv[1][3])[
        :top
    ]:
        print(f"    {cumulative:7.2f} s cum {own:7.2f} s own {calls:>9} calls  {_label(key)}")


# --- the benchmark ------------------------------------------------------------------------


def shipped_limits() -> tuple[int, int]:
    """The concurrency and per-host limit of the shipped configuration (or the defaults)."""
    from monitor.config import PollSettings, load_settings

    try:
        poll = load_settings(SHIPPED_CONFIG).settings.poll
    except Exception:  # a broken or missing file: the defaults it would have had
        poll = PollSettings()
    return poll.concurrency, poll.per_host


def write_config(
    path: Path,
    database: Path,
    specs: list[FeedSpec],
    ports: dict[str, int],
    args: argparse.Namespace,
) -> None:
    import yaml

    config = {
        "database": str(database),
        "poll": {"concurrency": args.concurrency, "per_host": args.per_host},
        "feeds": [
            {"name": s.name, "url": f"http://{s.host}:{ports[s.host]}{s.path}"} for s in specs
        ],
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False))


def host_addresses(count: int) -> list[str]:
    a, b, c, d = FIRST_HOST
    first = (a << 24) | (b << 16) | (c << 8) | d
    addresses = []
    for n in range(first, first + count):
        if n >> 24 != 127:
            raise SystemExit("--hosts: only 127.0.0.0/8 addresses may be used")
        addresses.append(".".join(str((n >> s) & 255) for s in (24, 16, 8, 0)))
    return addresses


def load_line() -> str:
    """The machine's load: figures taken on a busy machine are slower than they should be."""
    one, five, _ = os.getloadavg()
    cpus = os.cpu_count() or 1
    busy = "  (busy: other processes compete for the CPUs)" if five > cpus else ""
    return f"load average: {one:.1f} (1 min), {five:.1f} (5 min) on {cpus} CPUs{busy}"


def server_line(before: dict[str, Any], after: dict[str, Any], wall: float) -> str:
    cpu = after["cpu"] - before["cpu"]
    statuses = Counter(after["statuses"])
    statuses.subtract(Counter(before["statuses"]))
    served = ", ".join(f"{s} x{n}" for s, n in sorted(statuses.items()) if n)
    return (
        f"server: {served or 'nothing'}; {cpu:.2f} CPU s = {100 * cpu / max(wall, 1e-9):.0f}%"
        " of one core over the pass"
    )


def _row(who: str, f: Figures) -> str:
    star = "*" if f.extrapolated else " "
    return (
        f"  {who:<9} {f.feeds:>6}{star} {f.wall:9.2f} {f.rate:9.1f} {f.cpu:8.2f} {f.peak_mb:8.0f}"
    )


def _ratio(monitor: Figures, baseline: Figures) -> tuple[float, float]:
    return baseline.wall / monitor.wall, baseline.cpu / max(monitor.cpu, 1e-9)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    # The monitor's side of one pass runs as this script in a child process:
    parser.add_argument("--poll", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--feeds", type=int, default=1000, help="feeds served (default 1000)")
    parser.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    parser.add_argument("--latency", type=float, default=150, help="ms per answer (default 150)")
    parser.add_argument("--hosts", type=int, default=20, help="loopback hosts (default 20)")
    parser.add_argument("--concurrency", type=int, help="global limit (default: shipped config)")
    parser.add_argument("--per-host", type=int, help="per-host limit (default: shipped config)")
    parser.add_argument(
        "--changed", type=float, default=0.10, help="share of feeds with news (default 0.10)"
    )
    parser.add_argument("--new-items", type=int, default=5, help="new items per changed feed")
    parser.add_argument(
        "--baseline-feeds", type=int, default=100, help="feeds the baseline runs on (default 100)"
    )
    parser.add_argument("--full-baseline", action="store_true", help="baseline on every feed")
    parser.add_argument("--order", choices=("site", "shuffled"), default="site")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile a first and steady pass (and, with --command, a steady pass of it)",
    )
    parser.add_argument("--top", type=int, default=15, help="functions shown per profile")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 100 feeds")
    parser.add_argument(
        "--command",
        action="store_true",
        help="then the whole `monitor poll --all` against fetching and storing alone",
    )
    parser.add_argument(
        "--daemon",
        type=float,
        default=0,
        metavar="SECONDS",
        help="then run the daemon on the same database this long (after --command)",
    )
    parser.add_argument(
        "--age",
        type=int,
        default=0,
        metavar="COPIES",
        help="with --command: copy the processed articles this many weeks into the past first",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="with --command: steady pass pairs (whole command, fetch and store) measured",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.poll is not None:
        return args
    if args.quick:
        args.feeds, args.baseline_feeds = min(args.feeds, 100), min(args.baseline_feeds, 20)
    if args.full_baseline:
        args.baseline_feeds = args.feeds
    if args.concurrency is None or args.per_host is None:
        concurrency, per_host = shipped_limits()
        args.concurrency = args.concurrency or concurrency
        args.per_host = args.per_host or per_host
    for name in ("feeds", "items", "hosts", "baseline_feeds", "concurrency", "per_host"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if not 0 < args.changed <= 1 or not 1 <= args.new_items <= args.items:
        parser.error("--changed must be in (0, 1] and --new-items in [1, --items]")
    args.hosts = min(args.hosts, args.feeds)
    args.baseline_feeds = min(args.baseline_feeds, args.feeds)
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.poll is not None:
        print(json.dumps(poll_once(args.poll, args.profile_to)))
        return
    hosts = host_addresses(args.hosts)
    specs = feed_specs(args.feeds, hosts, args.order, args.seed)
    rng = random.Random(args.seed)
    changed = max(1, round(args.feeds * args.changed))
    step = args.feeds / args.baseline_feeds
    subset = sorted({int(i * step) for i in range(args.baseline_feeds)})
    pass_timeout = 300 + args.feeds * (args.latency / 1000 + 1.0)
    baseline_timeout = 60 + len(subset) * (args.latency / 1000 + 0.5)
    workdir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    server: FeedServer | None = None
    try:
        # From this script's folder, so that ``monitor`` is found as the passes will find it.
        where = run_measured(
            [sys.executable, "-c", "import monitor; print(monitor.__file__, monitor.__version__)"],
            60,
            cwd=Path(__file__).resolve().parent,
        ).output.strip()
        print(
            f"ingest benchmark: {args.feeds} feeds x {args.items} items, {args.latency:g} ms per"
            f" answer, {args.hosts} hosts ({hosts[0]}..{hosts[-1]}), names by {args.order}"
        )
        print(
            f"monitor {where}; concurrency {args.concurrency}, per host {args.per_host};"
            f" {os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
        )
        print(load_line())
        t = time.perf_counter()
        server = FeedServer(
            specs,
            {"items": args.items, "new_items": args.new_items, "latency": args.latency / 1000},
        )
        info = server.stats()
        print(
            f"server: own process (pid {server.process.pid}), asyncio HTTP/1.1 keep-alive, gzip;"
            f" {info['bytes'] / args.feeds / 1024:.0f} KB per feed"
            f" ({info['gzipped'] / args.feeds / 1024:.0f} KB gzipped); ready in"
            f" {time.perf_counter() - t:.1f}s"
        )
        config = workdir / "monitor.yaml"
        write_config(config, workdir / "monitor.db", specs, server.ports, args)
        urls = [f"http://{s.host}:{server.ports[s.host]}{s.path}" for s in specs]
        if len(subset) < args.feeds:
            print(
                f"* baseline measured on {len(subset)} of {args.feeds} feeds (every"
                f" {step:g}th); its loop time is extrapolated to {args.feeds} feeds"
            )
        print(f"\n  {'':<9} {'feeds':>7} {'wall s':>9} {'feeds/s':>9} {'CPU s':>8} {'peak MB':>8}")
        passes = (
            ("first", "every feed 200 with its body"),
            ("steady", f"{changed} feeds with {args.new_items} new items, the rest 304"),
            ("idle", "nothing new, every feed 304"),
        )
        figures: dict[str, tuple[Figures, Figures]] = {}
        for name, what in passes:
            if name == "steady":
                server.advance(rng.sample(range(args.feeds), changed))
            print(f"{name} pass: {what}")
            before = server.stats()
            monitor, outcome, process = run_monitor(config, args.feeds, pass_timeout)
            after = server.stats()
            baseline = run_baseline(
                [urls[i] for i in subset], args.feeds, workdir, baseline_timeout
            )
            figures[name] = (monitor, baseline)
            speed, cpu = _ratio(monitor, baseline)
            print(_row("monitor", monitor))
            print(_row("baseline", baseline))
            print(f"  {'ratio':<9} {'':>7} {speed:8.1f}x faster, {cpu:.1f}x less CPU")
            print(f"    monitor: {outcome}")
            print(f"    {server_line(before, after, monitor.wall)}")
            print(f"    baseline: {baseline.note}")
            print(
                f"    processes: monitor {process.wall:.2f} s, {process.cpu:.2f} CPU s with"
                f" interpreter start-up and imports; baseline {baseline.process_wall:.2f} s"
                f" for {baseline.measured_feeds} feeds"
            )
        print(load_line())
        report_targets(figures, args.feeds)
        if args.command:
            whole_command(Setting(server, config, args, rng, changed), pass_timeout)
        if args.daemon:
            whole_daemon(Setting(server, config, args, rng, changed))
        if args.profile:
            profile(server, config, workdir, args, rng, changed, pass_timeout)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def run_command(
    config: Path, timeout: float, profile_to: Path | None = None
) -> tuple[Measured, str]:
    """``monitor --config CONFIG poll --all`` as a user runs it: fetch, store, classify,
    cluster and decide alerts, in a process of its own (under cProfile with ``profile_to``)."""
    arguments = ["--config", str(config), "poll", "--all", "--json"]
    if profile_to is None:
        command = [str(Path(sys.executable).with_name("monitor")), *arguments]
    else:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile_to), "-m", "monitor"]
        command += arguments
    run = run_measured(command, timeout)
    results = [json.loads(line) for line in run.output.splitlines() if line.startswith("{")]
    new = sum(r.get("new", 0) for r in results)
    failed = sum(1 for r in results if not r.get("ok"))
    return run, f"{len(results)} feeds, {new} new, {failed} failed; exit {run.returncode}"


@dataclass(frozen=True, slots=True)
class Setting:
    """What the phases after the passes share: the server, the configuration, the
    options, the random source of the news and how many feeds get news each time."""

    server: FeedServer
    config: Path
    args: argparse.Namespace
    rng: random.Random
    changed: int

    def news(self) -> None:
        """Fresh items on ``changed`` feeds chosen at random."""
        self.server.advance(self.rng.sample(range(self.args.feeds), self.changed))


def whole_command(setting: Setting, timeout: float) -> None:
    """The whole command against fetching and storing alone, on steady passes.

    The passes above only ingest: their articles wait to be processed. A first run of the
    command processes every one of them (its time is that of a backlog, not of a pass).
    Then the ratio of steady passes (``steady_ratio``), what processing adds to a pass; with
    ``--age``, again once the database is that many times larger."""
    config, args = setting.config, setting.args
    print("\nthe whole command, `monitor poll --all` (classify, cluster, decide alerts):")
    catch_up, outcome = run_command(config, timeout * 20)
    print(f"  backlog: {catch_up.wall:.1f} s, peak {_peaks(catch_up)}; {outcome}")
    peak = max(catch_up.tree_mb, steady_ratio(setting, timeout))
    if args.age:
        t = time.perf_counter()
        total = age_database(config.with_name("monitor.db"), args.age)
        print(f"  aged: {args.age} copies of the processed articles, a week apart in the past;"
              f" {total:,} stored ({time.perf_counter() - t:.0f} s)")  # fmt: skip
        peak = max(peak, steady_ratio(setting, timeout))
    verdict = "PASS" if peak <= TARGET_COMMAND_MB else "MISS"
    print(f"  {verdict}  peak memory of the command <= {TARGET_COMMAND_MB:g} MB: {peak:.0f} MB")
    if args.profile:
        _catch_up(config, timeout)
        setting.news()
        out = config.with_name("command.prof")
        profiled, outcome = run_command(config, timeout * 3, out)
        print(
            f"\nsteady pass of the whole command under cProfile: {profiled.wall:.2f} s; {outcome}"
        )
        if out.exists():
            print_profile(out, "whole command, steady pass (imports included)", args.top)


def steady_ratio(setting: Setting, timeout: float) -> float:
    """``--pairs`` times: a steady pass of the whole command, then one that only fetches
    and stores, each with fresh news, and the ratio of their times; the verdict on the
    median ratio. Returns the command's peak memory. (The articles a fetch-and-store pass
    stores are processed before the next steady pass.)"""
    config = setting.config
    ratios, peak = [], 0.0
    for _ in range(setting.args.pairs):
        _catch_up(config, timeout)
        stored, _ = _stored_articles(config.with_name("monitor.db"))
        setting.news()
        whole, outcome = run_command(config, timeout)
        print(f"  steady pass among {stored:,} stored, whole command: {whole.wall:6.2f} s wall,"
              f" {whole.cpu:6.2f} CPU s, peak {_peaks(whole)}; {outcome}")  # fmt: skip
        setting.news()
        alone, outcome, _ = run_monitor(config, setting.args.feeds, timeout)
        ratios.append(whole.wall / max(alone.process_wall, 1e-9))
        peak = max(peak, whole.tree_mb)
        print(f"  steady pass, fetch and store only: {alone.process_wall:6.2f} s wall (process),"
              f" peak {alone.peak_mb:.0f} MB; {outcome}; ratio {ratios[-1]:.2f}")  # fmt: skip
    ratio = statistics.median(ratios)
    verdict = "PASS" if ratio <= TARGET_COMMAND_RATIO else "MISS"
    print(f"  {verdict}  whole command / fetch and store <= {TARGET_COMMAND_RATIO:g}:"
          f" {ratio:.2f} (median of {len(ratios)})")  # fmt: skip
    return peak


def _peaks(run: Measured) -> str:
    return f"{run.tree_mb:.0f} MB (its processes together; the largest alone {run.peak_mb:.0f} MB)"


# How ``--age`` copies each table: the column that says a row is one of the originals (and
# which offset moves it), the columns moved by an offset, the key columns that get a suffix
# (they are unique) and the times moved into the past. Other columns are copied as they are.
@dataclass(frozen=True, slots=True)
class _Copy:
    key: str
    offsets: dict[str, str]
    suffixed: tuple[str, ...] = ()
    times: tuple[str, ...] = ()


_COPIES = {
    "articles": _Copy(
        "id",
        {"id": "a", "story_id": "s"},
        ("guid", "url", "guid_key", "url_key", "content_hash"),
        ("published", "updated", "fetched"),
    ),
    "article_feeds": _Copy("article_id", {"article_id": "a"}, times=("first_seen",)),
    "classifications": _Copy("article_id", {"article_id": "a"}, times=("classified",)),
    "stories": _Copy("id", {"id": "s"}, times=("first_seen", "last_seen", "updated")),
    "story_levels": _Copy("id", {"id": "l", "story_id": "s", "article_id": "a"}, times=("at",)),
    "story_links": _Copy("article_id", {"article_id": "a", "story_id": "s"}),
}


def age_database(database: Path, copies: int) -> int:
    """Copy the processed articles, with their classifications and stories, ``copies``
    times into the past (a week apart), as if the monitor had run that many weeks longer:
    the steady passes after it run on a database that many times larger. The copies'
    stories are closed (older than any window), as they would be. Returns the articles
    stored."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as db:
        top = {
            "a": db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0,
            "s": db.execute("SELECT max(id) FROM stories").fetchone()[0] or 0,
            "l": db.execute("SELECT max(id) FROM story_levels").fetchone()[0] or 0,
        }
        processed = "SELECT id FROM articles WHERE pending = 0"
        with db:
            for k in range(1, copies + 1):
                for table, how in _COPIES.items():
                    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
                    values = [_copied(column, how, top, k) for column in columns]
                    where = f"{how.key} <= {top[how.offsets[how.key]]}"
                    if how.offsets[how.key] == "a":
                        where += f" AND {how.key} IN ({processed})"
                    # Names and expressions of this script's own, none from input.
                    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)}"
                    db.execute(f"{sql} FROM {table} WHERE {where}")
            db.execute(
                "UPDATE meta SET value = ? WHERE key = 'stories.last_id'",
                (str(top["s"] * (copies + 1)),),
            )
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def _copied(column: str, how: _Copy, top: dict[str, int], k: int) -> str:
    """The expression that gives ``column`` of the ``k``-th copy."""
    if column in how.offsets:
        return f"{column} + {top[how.offsets[column]] * k}"
    if column in how.suffixed:
        return (
            f"CASE WHEN {column} IS NULL OR {column} = '' THEN {column} ELSE {column} || '#{k}' END"
        )
    if column in how.times:
        return f"strftime('%Y-%m-%dT%H:%M:%S+00:00', {column}, '-{7 * k} days')"
    if column == "previous_story_id":
        return "NULL"
    return column


def whole_daemon(setting: Setting) -> None:
    """The real daemon on the database the passes filled, for ``--daemon`` seconds: every
    feed is due at its start, then every minute and, every 20 s, 10% of the feeds get news.
    Its memory is sampled from ``/proc``; it is stopped with SIGTERM, as systemd stops it."""
    import yaml

    config, args = setting.config, setting.args
    data = yaml.safe_load(config.read_text())
    data["poll"].update({"interval": "60s", "jitter": "10s"})
    daemon_config = config.with_name("daemon.yaml")
    daemon_config.write_text(yaml.safe_dump(data, sort_keys=False))
    stored, polls = _stored_articles(config.with_name("monitor.db"))
    _all_due(config.with_name("monitor.db"))
    print(f"\nthe daemon, `monitor run`, {args.daemon:g} s on {stored:,} stored articles:")
    command = [sys.executable, "-m", "monitor", "--config", str(daemon_config), "run"]
    command += ["--log-format", "json", "--no-watch-config"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
        rss: list[float] = []
        peak = 0.0
        start = time.monotonic()
        next_news = start + 20
        try:
            while time.monotonic() - start < args.daemon and process.poll() is None:
                time.sleep(1)
                figures = _vm(process.pid)
                if figures is not None:
                    rss.append(figures[0])
                    peak = max(peak, figures[1])
                if time.monotonic() >= next_news:
                    setting.news()
                    next_news += 20
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
        log.seek(0)
        errors = [line for line in log.read().decode(errors="replace").splitlines()
                  if '"level": "error"' in line or "Traceback" in line]  # fmt: skip
    after, polls_after = _stored_articles(config.with_name("monitor.db"))
    if rss:
        half = rss[len(rss) // 2 :]
        print(f"  RSS {rss[0]:.0f} MB after start-up, {half[0]:.0f} MB at half time, {rss[-1]:.0f}"
              f" MB at the end; peak {peak:.0f} MB (VmHWM)")  # fmt: skip
    print(f"  {polls_after - polls:,} polls, {after - stored:,} new articles stored;"
          f" exit {code} after SIGTERM;"
          f" {len(errors)} error lines in its log")  # fmt: skip
    for line in errors[:3]:
        print(f"    {line[:200]}")
    verdict = "PASS" if 0 < peak <= TARGET_COMMAND_MB else "MISS"
    print(f"  {verdict}  peak memory of the daemon <= {TARGET_COMMAND_MB:g} MB: {peak:.0f} MB")


def _vm(pid: int) -> tuple[float, float] | None:
    """Resident memory now and at its peak (VmRSS, VmHWM), in MB; None once gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kb = {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in status.splitlines())
          if k in ("VmRSS", "VmHWM")}  # fmt: skip
    return kb.get("VmRSS", 0) / 1024, kb.get("VmHWM", 0) / 1024


def _all_due(database: Path) -> None:
    """Every feed due now: the daemon keeps the times the passes set (minutes away)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE feeds SET next_due = NULL")


def _catch_up(config: Path, timeout: float) -> None:
    """Process what a fetch-and-store pass left, so that the command's next pass processes
    its own news only."""
    import sqlite3

    database = config.with_name("monitor.db")
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        pending = db.execute("SELECT count(*) FROM articles WHERE pending = 1").fetchone()[0]
    if pending:
        run_command(config, timeout * 3)


def _stored_articles(database: Path) -> tuple[int, int]:
    """The articles stored, and the polls the feeds have had."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        polls = db.execute("SELECT coalesce(sum(polls), 0) FROM feeds").fetchone()[0]
    return int(articles), int(polls)


def report_targets(figures: dict[str, tuple[Figures, Figures]], feeds: int) -> None:
    steady, steady_base = figures["steady"]
    first, first_base = figures["first"]
    peak = max(f.peak_mb for f, _ in figures.values())
    steady_ratio, first_ratio = steady_base.wall / steady.wall, first_base.wall / first.wall
    checks = (
        (
            f"steady pass of {feeds} feeds < {TARGET_STEADY_WALL:g} s",
            f"{steady.wall:.2f} s",
            steady.wall < TARGET_STEADY_WALL,
        ),
        (
            f"steady pass >= {TARGET_STEADY_RATIO:g}x faster than the baseline",
            f"{steady_ratio:.1f}x",
            steady_ratio >= TARGET_STEADY_RATIO,
        ),
        (
            f"first pass >= {TARGET_FIRST_RATIO:g}x faster than the baseline",
            f"{first_ratio:.1f}x",
            first_ratio >= TARGET_FIRST_RATIO,
        ),
        (
            f"peak memory < {TARGET_PEAK_MB:g} MB (any pass)",
            f"{peak:.0f} MB",
            peak < TARGET_PEAK_MB,
        ),
    )
    note = "" if feeds == 1000 else f" (targets are for 1000 feeds; this run has {feeds})"
    print(f"\ntargets{note}:")
    for label, value, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label:<48} {value}")


def profile(
    server: FeedServer,
    config: Path,
    workdir: Path,
    args: argparse.Namespace,
    rng: random.Random,
    changed: int,
    timeout: float,
) -> None:
    """cProfile a first pass (fresh database) and a steady pass, as measured above."""
    import yaml

    data = yaml.safe_load(config.read_text())
    data["database"] = str(workdir / "profiled.db")
    profiled = workdir / "profiled.yaml"
    profiled.write_text(yaml.safe_dump(data, sort_keys=False))
    print(f"\nprofiles of the poll ({args.feeds} feeds, fresh database; imports not included)")
    for name in ("first", "steady"):
        if name == "steady":
            server.advance(rng.sample(range(args.feeds), changed))
        out = workdir / f"{name}.prof"
        figures, outcome, _ = run_monitor(profiled, args.feeds, timeout * 3, out)
        print(
            f"\n{name} pass under cProfile: {figures.wall:.2f} s wall, {figures.cpu:.2f} CPU s;"
            f" {outcome}"
        )
        if out.exists():
            print_profile(out, f"{name} pass", args.top)


if __name__ == "__main__":
    main()
