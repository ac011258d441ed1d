"""Commands for feeds and articles: ``poll``, ``feeds ...``, ``articles search``."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import threading
import xml.etree.ElementTree as ET
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from monitor.alerting.render import clean
from monitor.cli.common import (
    Alongside,
    classifying,
    config_path,
    deliver,
    process_pending,
    reading,
    stderr_console,
    utcnow,
    writing,
)
from monitor.cli.table import Column, inert, print_table, table_time
from monitor.config import check_feed_url, parse_duration
from monitor.errors import ConfigError, MonitorError
from monitor.fetching import Fetcher
from monitor.models import Feed
from monitor.polling import (
    Parsing,
    PollResult,
    Services,
    parser_pool,
    poll_feeds,
    select_feeds,
)
from monitor.runtime import Runtime
from monitor.storage import Store, lock_holder_running
from monitor.storage.records import FeedHealth
from monitor.views import feed_json, hit_json

EXIT_FAILED = 1
EXIT_STORAGE = 3
PARSE_POOL_FROM = 20
"""Polls of this many feeds or more parse them in a second process."""


# --- poll ---------------------------------------------------------------------------------


@click.command()
@click.option("--all", "all_feeds", is_flag=True, help="Poll every enabled feed, due or not.")
@click.option("--feed", "names", multiple=True, metavar="NAME", help="Poll this feed (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per feed.")
@click.option("--fail-on-error", is_flag=True, help="Exit 1 if any feed failed.")
@click.pass_context
def poll(
    ctx: click.Context, all_feeds: bool, names: tuple[str, ...], as_json: bool, fail_on_error: bool
) -> None:
    """Poll the due feeds once (or --all, or --feed NAME), store new articles, then
    classify, cluster and alert on them."""
    with writing(ctx) as rt:
        store = rt.store
        daemon = lock_holder_running(store.path)
        if not daemon:
            rt.config.loaded.notifiers()  # it will send: a secret missing is said before polling
        feeds = select_feeds(store, utcnow(), all_feeds=all_feeds, names=names)
        unknown = set(names) - {f.name for f in feeds} - {f.url for f in feeds}
        if unknown:
            raise ConfigError(
                "--feed", [f"no enabled feed is named {n!r}" for n in sorted(unknown)]
            )
        # Processing starts while the feeds are fetched, which is mostly waiting on the
        # network: in a process of its own on a machine with a core to spare (a larger
        # poll), else by loading the classifier in a thread. While a daemon runs, it
        # processes what we store.
        process = bool(feeds) and not daemon
        alongside = warm = None
        if process and len(feeds) >= PARSE_POOL_FROM and (os.cpu_count() or 1) >= 2:
            if store.lock():  # held from now on: the child processes for us
                alongside = Alongside(config_path(ctx))
        elif process:
            warm = threading.Thread(target=rt.warm, name="warm", daemon=True)
            warm.start()
        with alongside or nullcontext():
            results = asyncio.run(_poll(rt, feeds, show_progress=not as_json))
            done = _finish(alongside, store, show_progress=not as_json) if alongside else 0
        if warm is not None:
            warm.join()
        owner = store.lock()  # False while the daemon runs: it processes what we stored
        processed = done + (len(process_pending(rt, show_progress=not as_json)) if owner else 0)
        report = deliver(rt) if owner else None
    if as_json:
        for r in results:
            click.echo(json.dumps(_result_json(r)))
    else:
        _print_summary(results, processed)
        if not owner:
            stderr_console().print(
                "the running daemon classifies and alerts on these articles within seconds"
            )
        elif report and (report.sent or report.retrying or report.failed):
            stderr_console().print(
                f"alerts: {report.sent} delivered, {report.retrying} to retry, "
                f"{report.failed} failed"
            )
        for error in report.errors if report else ():
            stderr_console().print(f"  [red]delivery failed[/red] {inert(error)}")
    if any(r.storage_error for r in results):
        sys.exit(EXIT_STORAGE)  # the database refused what was fetched: say so loudly
    if (fail_on_error and any(not r.ok for r in results)) or (report and report.errors):
        sys.exit(EXIT_FAILED)


async def _poll(rt: Runtime, feeds: list[Any], *, show_progress: bool) -> list[PollResult]:
    with parser_pool() if len(feeds) >= PARSE_POOL_FROM else nullcontext() as parser:
        return await _poll_with(rt, feeds, parser, show_progress=show_progress)


async def _poll_with(
    rt: Runtime,
    feeds: list[Any],
    parser: Parsing | None,
    *,
    show_progress: bool,
) -> list[PollResult]:
    console = stderr_console()
    async with Fetcher(rt.settings.poll) as fetcher:
        services = Services(rt.settings, rt.store, fetcher, utcnow, parser)
        if not (show_progress and console.is_terminal and feeds):
            return await poll_feeds(services, feeds)
        columns = (
            TextColumn("polling"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[new]} new"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("poll", total=len(feeds), new=0)
            new = 0

            def advance(result: PollResult) -> None:
                nonlocal new
                new += len(result.new)
                progress.update(task, advance=1, new=new)

            return await poll_feeds(services, feeds, advance)


def _finish(alongside: Alongside, store: Store, *, show_progress: bool) -> int:
    """Wait for the processing beside the poll (with a progress bar on a terminal); the
    articles it processed. A failure is said; what it left is processed here after it."""
    console = stderr_console()
    if show_progress and console.is_terminal:
        with classifying(console) as progress:
            total = store.processing.pending_count()
            task = progress.add_task("classify", total=total)

            def waiting() -> None:
                progress.update(task, completed=total - store.processing.pending_count())

            done, error = alongside.finish(waiting)
    else:
        done, error = alongside.finish()
    if error:
        console.print(f"[red]processing beside the poll stopped[/red]: {inert(error)}")
    return done


def _result_json(r: PollResult) -> dict[str, Any]:
    return {
        "feed": r.feed,
        "ok": r.ok,
        "status": r.status,
        "error": r.error,
        "warning": r.warning,
        "new": len(r.new),
        "updated": len(r.updated),
        "seen": r.seen,
        "skipped": r.left_out(),
        "duration_ms": r.duration_ms,
    }


def _print_summary(results: list[PollResult], processed: int) -> None:
    console = stderr_console()
    failed = [r for r in results if not r.ok]
    new = sum(len(r.new) for r in results)
    updated = sum(len(r.updated) for r in results)
    seen = sum(r.seen for r in results)
    left_out: dict[str, int] = {}
    for r in results:
        for why, n in r.left_out().items():
            left_out[why] = left_out.get(why, 0) + n
    skipped = ""
    if left_out:
        reasons = ", ".join(f"{n} {why}" for why, n in left_out.items())
        skipped = f", {sum(left_out.values())} skipped ({reasons})"
    console.print(
        f"polled {len(results)} feed(s): {new} new article(s), {updated} updated, "
        f"{seen} unchanged{skipped}, {len(failed)} failed; {processed} article(s) classified",
        markup=False,
    )
    for r in failed:
        status = f" (HTTP {r.status})" if r.status and str(r.status) not in (r.error or "") else ""
        console.print(f"  [red]failed[/red] {inert(r.feed)}{status}: {inert(r.error or '')}")


# --- feeds --------------------------------------------------------------------------------


@click.group()
def feeds() -> None:
    """List, add, import and export feeds."""


HEALTH_STYLE = {
    "ok": "green",
    "failing": "red",
    "backed off": "red",
    "never polled": "yellow",
    "disabled": "dim",
}
FEED_COLUMNS = (
    Column("name", flex=18),
    Column("health"),
    Column("last poll"),
    Column("status", drop=4, justify="right"),
    Column("fails", drop=3, justify="right"),
    Column("next due", drop=2),
    Column("articles", justify="right"),
    Column("problem", flex=20, drop=1, weight=2),
)


@feeds.command("list")
@click.option("--wide", is_flag=True, help="Every column in full, however wide.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def feeds_list(ctx: click.Context, wide: bool, as_json: bool) -> None:
    """Every feed with its health: last poll, status, failures, next due, articles."""
    with reading(ctx) as rt:
        rows = rt.store.feeds.health()
    if as_json:
        for row in rows:
            click.echo(json.dumps(feed_json(row)))
        return
    now = utcnow()
    print_table(
        FEED_COLUMNS,
        [
            (
                row.feed.name,
                (row.health, HEALTH_STYLE.get(row.health, "")),
                table_time(row.last_polled, now, wide=wide),
                str(row.last_status or ""),
                str(row.feed.consecutive_failures or ""),
                table_time(row.feed.next_due, now, wide=wide),
                str(row.articles),
                row.problem,
            )
            for row in rows
        ],
        wide=wide,
    )


@feeds.command("add")
@click.argument("url")
@click.option("--name", help="A short unique name (default: from the URL).")
@click.option("--interval", help="Poll interval, such as 5m or 1h (default: the configured one).")
@click.option("--tag", "tags", multiple=True, help="A tag for watch rules (repeatable).")
@click.pass_context
def feeds_add(
    ctx: click.Context, url: str, name: str | None, interval: str | None, tags: tuple[str, ...]
) -> None:
    """Add the feed at URL to the database (it is polled with the configured ones)."""
    feed = _new_feed(url, name, interval, tags)
    with writing(ctx, rules=False) as rt:
        state = rt.store.feeds.add(feed, utcnow())
    click.echo(f"added {state.name}: {state.url}")


def _new_feed(url: str, name: str | None, interval: str | None, tags: tuple[str, ...]) -> Feed:
    problems = []
    try:
        check_feed_url(url)
    except ValueError as e:
        problems.append(f"URL: {e}")
    seconds = None
    if interval is not None:
        try:
            seconds = parse_duration(interval)
        except ValueError as e:
            problems.append(f"--interval: {e}")
    if problems:
        raise ConfigError("feeds add", problems)
    return Feed(url, name or name_from_url(url), seconds, tags)


def name_from_url(url: str) -> str:
    """A readable default name: the host without ``www.``, plus the path's words."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    words = [
        w
        for w in re.split(r"[^A-Za-z0-9]+", parts.path)
        if w and w.lower() not in ("rss", "xml", "feed", "feeds", "atom", "index", "rss2")
    ]
    return "-".join([host, *words[:3]]) if host else "-".join(words) or "feed"


@feeds.command("remove")
@click.argument("name")
@click.pass_context
def feeds_remove(ctx: click.Context, name: str) -> None:
    """Disable a feed (its articles are kept). Configured feeds are removed in the YAML."""
    with writing(ctx, rules=False) as rt:
        feed = rt.store.feeds.get(name)
        if feed is None:
            raise ConfigError("feeds remove", [f"no feed is named {name!r}"])
        rt.store.feeds.disable(feed.id)
    click.echo(f"disabled {feed.name}")


@feeds.command("import")
@click.argument("opml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def feeds_import(ctx: click.Context, opml: Path) -> None:
    """Add every feed of an OPML file (as exported by any feed reader)."""
    entries, skipped = read_opml(opml)
    added = 0
    with writing(ctx, rules=False) as rt:
        for feed in entries:
            try:
                rt.store.feeds.add(feed, utcnow(), source="opml")
                added += 1
            except MonitorError as e:
                skipped.append(f"{feed.name!r} ({feed.url}): {e}")
    for why in skipped:
        click.echo(f"skipped {clean(why)}", err=True)
    click.echo(f"imported {added} feed(s) from {opml.name}, {len(skipped)} skipped")


def read_opml(path: Path) -> tuple[list[Feed], list[str]]:
    """The feeds of an OPML file (outline categories become tags), and why each outline
    that names an unusable URL was left out."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise ConfigError(str(path), [f"not valid OPML/XML: {e}"]) from e
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ConfigError(str(path), ["not an OPML file (no <opml><body>)"])
    feeds: list[Feed] = []
    problems: list[str] = []
    names: set[str] = set()

    def walk(node: ET.Element, tags: tuple[str, ...]) -> None:
        for outline in node.findall("outline"):
            url = (outline.get("xmlUrl") or "").strip()
            label = (outline.get("title") or outline.get("text") or "").strip()
            if not url:
                walk(outline, (*tags, label) if label else tags)
                continue
            try:
                check_feed_url(url)
            except ValueError as e:
                problems.append(f"{label or url!r}: {e}")
                continue
            name = label or name_from_url(url)
            while name in names:
                name += "-2"
            names.add(name)
            categories = re.split(r"[,/]", outline.get("category") or "")
            extra = tuple(c.strip() for c in categories if c.strip() and c.strip() not in tags)
            feeds.append(Feed(url, name, None, (*tags, *extra)))

    walk(body, ())
    return feeds, problems


@feeds.command("export")
@click.pass_context
def feeds_export(ctx: click.Context) -> None:
    """Write every enabled feed as OPML to standard output."""
    with reading(ctx) as rt:
        rows = [r for r in rt.store.feeds.health() if r.feed.enabled]
    click.echo(to_opml(rows), nl=False)


def to_opml(rows: list[FeedHealth]) -> str:
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = "monitor feeds"
    body = ET.SubElement(opml, "body")
    for row in rows:
        name = row.feed.name
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": row.feed.url}
        if row.site_url:
            attrs["htmlUrl"] = row.site_url
        tags = row.feed.tags
        if tags:
            attrs["category"] = ",".join(tags)
        ET.SubElement(body, "outline", attrs)
    ET.indent(opml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, "unicode") + "\n"


# --- articles -----------------------------------------------------------------------------


@click.group()
def articles() -> None:
    """Search stored articles."""


SEARCH_COLUMNS = (
    Column("id", justify="right"),
    Column("published"),
    Column("feed", flex=10, drop=2),
    Column("title", flex=20, weight=3),
    Column("url", flex=28, drop=1),
)


@articles.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--wide", is_flag=True, help="Every column in full, however wide.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per article.")
@click.pass_context
def articles_search(ctx: click.Context, query: str, limit: int, wide: bool, as_json: bool) -> None:
    """Full-text search over titles, summaries and content (best match first; accents
    are ignored)."""
    with reading(ctx) as rt:
        rows = rt.store.articles.search(query, limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(hit_json(row)))
        return
    if not rows:
        click.echo("no articles match", err=True)
        return
    now = utcnow()
    print_table(
        SEARCH_COLUMNS,
        [
            (str(r.id), table_time(r.published, now, wide=wide), r.feed, r.title, r.url)
            for r in rows
        ],
        wide=wide,
    )


commands = [poll, feeds, articles]
