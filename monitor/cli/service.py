"""Commands for the service: ``run`` (the daemon), ``status`` and ``demo``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from monitor.alerting.render import clean
from monitor.cli.common import reading, short_time, utcnow
from monitor.cli.table import fit, inert
from monitor.storage import lock_holder_running
from monitor.views import iso

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _inert(text: str) -> str:
    """Control characters shown as escapes: no forged log lines, no terminal sequences, no
    text shown in another order than it has (bidirectional controls)."""
    text = text.replace("\n", "\\n")
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


class TextFormatter(logging.Formatter):
    """``LEVEL logger: message``, one line per event; the time when on a terminal (journald
    adds its own)."""

    def __init__(self, with_time: bool) -> None:
        fmt = "%(asctime)s " if with_time else ""
        super().__init__(fmt + "%(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        # The message whole, on one line (a line break in it shown as \n: no forged log
        # lines); a traceback, only for what was not expected, follows on its own lines.
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = _inert(self.formatMessage(record))
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=True)


def configure_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter(sys.stderr.isatty()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("apscheduler", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


@click.command()
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
@click.option(
    "--log-format", default="text", show_default=True, type=click.Choice(["text", "json"])
)
@click.option(
    "--no-watch-config",
    is_flag=True,
    help="Reload only on SIGHUP, not when a configuration file changes.",
)
@click.pass_context
def run(ctx: click.Context, log_level: str, log_format: str, no_watch_config: bool) -> None:
    """Run the monitor as a service: poll on schedule, alert, reload on SIGHUP.

    Stops cleanly on SIGTERM or Ctrl-C. Under systemd it reports readiness, status and
    watchdog pings.
    """
    from monitor.daemon import Daemon

    configure_logging(log_level, log_format)
    config: Path = ctx.find_root().obj
    daemon = Daemon(config, watch_config=not no_watch_config)
    try:
        code = asyncio.run(daemon.run())
    except KeyboardInterrupt:  # a second Ctrl-C while stopping: stop at once, quietly
        code = 130
    ctx.exit(code)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """The monitor's state, from its database: last poll, feed health, today's articles
    and stories, alerts pending and failed, database size, and whether the daemon runs."""
    now = utcnow()
    with reading(ctx) as rt:
        report = rt.store.queries.status(now - timedelta(hours=24))
        database = rt.store.path
    alive = lock_holder_running(database)
    meta = report.meta
    size = sum(
        p.stat().st_size
        for p in database.parent.glob(database.name + "*")
        if p.is_file() and not p.name.endswith(".lock")
    )
    daemon: dict[str, Any] = {
        "running": alive,
        "heartbeat": meta.get("daemon.heartbeat"),
        "started": meta.get("daemon.started"),
        "stopped": meta.get("daemon.stopped"),
        "pid": meta.get("daemon.pid"),
        "stalled": meta.get("daemon.stalled"),
    }
    processing = {
        "error": meta.get("processing.error"),
        "failing_since": meta.get("processing.failing_since"),
    }
    if as_json:
        click.echo(
            json.dumps(
                {
                    "last_poll": iso(report.last_poll),
                    "feeds": report.feeds,
                    "failing": [
                        {"name": f.name, "failures": f.failures, "error": f.error}
                        for f in report.failing
                    ],
                    "articles_24h": report.articles_24h,
                    "stories_24h": report.stories_24h,
                    "alerts_24h": report.alerts_24h,
                    "pending_articles": report.pending_articles,
                    "deliveries": report.deliveries,
                    "processing": processing,
                    "database": str(database),
                    "database_bytes": size,
                    "daemon": daemon,
                }
            )
        )
        return
    out = Console(highlight=False)
    if alive:
        state = f"[green]running[/] (pid {daemon['pid']}, since {short_time(daemon['started'])})"
        if daemon["stalled"]:
            state += f"\n          [red]stalled:[/] {inert(daemon['stalled'])}"
    else:
        last = daemon["heartbeat"] or daemon["stopped"]
        state = f"[red]not running[/] (last seen {short_time(last) or 'never'})"
    feeds = report.feeds
    out.print(f"daemon    {state}")
    out.print(f"last poll {short_time(report.last_poll) or 'never'}")
    out.print(
        f"feeds     {feeds['ok']} ok, [red]{feeds['failing']} failing[/], "
        f"{feeds['never']} never polled, {feeds['disabled']} disabled"
    )
    for failing in report.failing:
        name = f"{clean(failing.name)} ({failing.failures}x): "
        error = fit(clean(failing.error or ""), max(20, out.width - 12 - len(name)))
        out.print(f"          [red]✗[/] {escape(name)}{escape(error)}", no_wrap=True)
    out.print(
        f"last 24h  {report.articles_24h} new article(s), {report.stories_24h} "
        f"active stor(ies), {report.alerts_24h} alert(s)"
    )
    out.print(
        f"pending   {report.pending_articles} article(s) to process, "
        f"{report.deliveries['pending']} delivery(ies) to send"
    )
    if processing["error"]:
        out.print(
            f"          [red]processing failing[/] since "
            f"{short_time(processing['failing_since'])}: {inert(processing['error'])}"
        )
    out.print(
        f"failed    {report.deliveries['failed']} delivery(ies) "
        "(see `monitor alerts list --status failed`)"
    )
    out.print(f"database  {inert(database)}, {size / 1e6:.1f} MB")


@click.command()
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
)
def demo(log_level: str) -> None:
    """Watch bundled news arrive and alert on this terminal, in about a minute, offline.

    Serves three invented outlets' feeds from a local server, runs the real daemon on
    them and prints its alerts here. Ctrl-C ends it; nothing is kept.
    """
    from monitor.daemon import Daemon
    from monitor.demo import demo_config

    configure_logging(log_level, "text")
    click.echo(
        "monitor demo: three local feeds, polled every few seconds; alerts appear "
        "below within a minute. Ctrl-C to stop.\n",
        err=True,
    )
    with demo_config() as config, contextlib.suppress(KeyboardInterrupt):
        asyncio.run(Daemon(config, watch_config=False).run())


commands = [run, status, demo]
