"""Commands for watch rules and alerts: ``rules check``, ``rules test``, ``backtest``,
``alerts list``, ``alerts retry`` and ``notify test``."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from monitor.alerting.render import clean
from monitor.cli.common import (
    LEVEL_STYLE,
    deliver,
    deliveries_text,
    load,
    reading,
    short_time,
    stderr_console,
    utcnow,
    writing,
)
from monitor.cli.table import Column, fit, inert, print_table, table_time
from monitor.config import WatchRule, parse_duration, unknown_notifier
from monitor.errors import ConfigError, DeliveryError, MonitorError
from monitor.models import Notice
from monitor.rules import explain
from monitor.runtime import Runtime
from monitor.storage import DELIVERY_STATUSES
from monitor.storage.records import ArticleRecord
from monitor.views import alert_record_json

EXIT_FAILED = 1


def _watches(rt: Runtime, name: str | None) -> tuple[WatchRule, ...]:
    watches = rt.watches
    if name is None:
        return watches
    chosen = tuple(w for w in watches if w.name == name)
    if not chosen:
        known = ", ".join(w.name for w in watches) or "none"
        raise ConfigError("--watch", [f"no watch is named {name!r} (known: {known})"])
    return chosen


# --- rules ------------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@click.group()
def rules() -> None:
    """Check watch rules, and try them on articles."""


@rules.command("check")
@click.pass_context
def rules_check(ctx: click.Context) -> None:
    """Validate monitor.yaml, signals.yaml and watches.yaml, listing every problem."""
    with reading(ctx, missing_ok=True, rules=True, secrets=True) as rt:
        config = rt.config
    settings = config.settings
    where = _shown(settings.watches) if settings.watches else "no watches.yaml"
    signals = len(config.lexicon.signals) if config.lexicon else 0
    click.echo(
        f"ok: {len(config.watches)} watch(es), {len(settings.notifiers)} notifier(s), "
        f"{signals} signal(s), {len(settings.feeds)} feed(s); watches in {where}"
    )


@rules.command("test")
@click.argument("inputs", nargs=-1, metavar="FILE...")
@click.option("--jsonl", is_flag=True, help='Read {"id","title","text"} lines ("-": stdin).')
@click.option("--watch", "watch_name", help="Only this watch.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article and watch.")
@click.pass_context
def rules_test(
    ctx: click.Context, inputs: tuple[str, ...], jsonl: bool, watch_name: str | None, as_json: bool
) -> None:
    """Which watches would fire on these articles, and why (nothing is sent).

    Each FILE is an article: its first line the title, the rest the text. The articles
    are grouped into stories as the monitor would, in the order given.
    """
    from monitor.cli.classify import read_files, read_jsonl

    problems: list[str] = []
    items = list(read_jsonl(inputs, problems) if jsonl else read_files(inputs, problems))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if not items:
        raise ConfigError("rules test", ["no article to test: give FILE... or --jsonl -"])
    now = utcnow()
    with reading(ctx, missing_ok=True, rules=True) as rt:
        watches = _watches(rt, watch_name)
        classifier = rt.classifier()
        processor = rt.processor()
    out = Console(highlight=False)
    for number, (item, c) in enumerate(
        zip(items, classifier.classify_many((i.title, i.text) for i in items), strict=True),
        start=1,
    ):
        article = ArticleRecord(number, item.title, "", item.text, "", now, ())
        candidate = processor.candidate(article, c)
        for watch in watches:
            checks = explain(watch, candidate)
            fires = watch.enabled and all(check.passed for check in checks)
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "id": item.id,
                            "watch": watch.name,
                            "fires": fires,
                            "story": candidate.story.id,
                            "level": str(candidate.story.level),
                            "checks": [
                                {"condition": k.condition, "passed": k.passed, "detail": k.detail}
                                for k in checks
                            ],
                        }
                    )
                )
                continue
            mark = "[bold green]FIRES[/]" if fires else "[dim]no[/]   "
            story = f"(story {candidate.story.id}, {candidate.story.level})"
            out.print(f"{mark}  {inert(watch.name)}  [dim]{story}[/]")
            tried = fit(f"← {clean(str(item.id))}: {clean(item.title)}", out.width - 7)
            out.print(f"       {escape(tried)}", no_wrap=True)
            for check in checks:
                sign = "[green]✓[/]" if check.passed else "[red]✗[/]"
                out.print(f"      {sign} {inert(check.detail)}")
    if problems:
        ctx.exit(EXIT_FAILED)


# --- backtest --------------------------------------------------------------------------------


@click.command()
@click.option("--since", default="7d", show_default=True, help="How far back to replay.")
@click.option("--watch", "watch_name", help="Only this watch.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per alert.")
@click.pass_context
def backtest(ctx: click.Context, since: str, watch_name: str | None, as_json: bool) -> None:
    """Replay stored articles through the current rules and show the alerts that would
    have been sent (nothing is sent, nothing is stored).

    Articles are replayed in publication order with their stored classification, as if
    each had arrived when it was published; run `monitor reclassify` first after editing
    the lexicon.
    """
    try:
        cutoff = utcnow() - timedelta(seconds=parse_duration(since))
    except ValueError as e:
        raise ConfigError("--since", [str(e)]) from None
    with reading(ctx, rules=True) as rt:
        watches = _watches(rt, watch_name)
        rows = rt.store.processing.classified(cutoff)
        processor = rt.processor()
        decisions = list(processor.replay(((r.article, r.classification) for r in rows), watches))
    if as_json:
        for d in decisions:
            click.echo(
                json.dumps(
                    {
                        "decided": d.alert.decided.isoformat(),
                        "key": d.alert.key,
                        "watch": d.alert.watch,
                        "level": str(d.alert.level),
                        "previous_level": str(d.alert.previous_level)
                        if d.alert.previous_level
                        else None,
                        "story": d.alert.story.id,
                        "headline": d.alert.story.headline,
                        "not_before": d.not_before.isoformat(),
                        "notify": list(d.notify),
                        "reasons": list(d.alert.reasons),
                    }
                )
            )
        return
    out = Console(highlight=False)
    for d in decisions:
        rise = f" (from {d.alert.previous_level})" if d.alert.previous_level else ""
        head = f"{short_time(d.alert.decided)}  {d.alert.level}{rise}  #{d.alert.story.id}  "
        headline = fit(clean(d.alert.story.headline), max(10, out.width - len(head)))
        out.print(f"{escape(head)}[bold]{escape(headline)}[/]", no_wrap=True)
        why = fit(
            f"watch {clean(d.alert.watch)} · {clean('; '.join(d.alert.reasons))}", out.width - 6
        )
        out.print(f"      [dim]{escape(why)}[/]", no_wrap=True)
    per_watch: dict[str, int] = {}
    for d in decisions:
        per_watch[d.alert.watch] = per_watch.get(d.alert.watch, 0) + 1
    counts = ", ".join(f"{name}: {n}" for name, n in sorted(per_watch.items())) or "none"
    stderr_console().print(
        f"{len(rows)} article(s) since {short_time(cutoff)} would have sent "
        f"{len(decisions)} alert(s) ({counts})"
    )


# --- alerts ----------------------------------------------------------------------------------


@click.group()
def alerts() -> None:
    """The alerts decided, and their deliveries."""


@alerts.command("list")
@click.option(
    "--status",
    type=click.Choice(DELIVERY_STATUSES),
    help="Only alerts with a delivery in this state.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--wide", is_flag=True, help="Every column in full, however wide.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per alert.")
@click.pass_context
def alerts_list(
    ctx: click.Context, status: str | None, limit: int, wide: bool, as_json: bool
) -> None:
    """Alerts, newest first, with the state of each delivery."""
    with reading(ctx) as rt:
        rows = rt.store.outbox.alerts(status=status, limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(alert_record_json(row)))
        return
    if not rows:
        stderr_console().print("no alerts")
        return
    now = utcnow()
    print_table(
        ALERT_COLUMNS,
        [
            (
                str(row.id),
                table_time(row.decided, now, wide=wide),
                row.watch,
                (str(row.level), LEVEL_STYLE[row.level]),
                str(row.story_id),
                deliveries_text(row.deliveries, errors=wide),
                row.headline,
            )
            for row in rows
        ],
        wide=wide,
    )


ALERT_COLUMNS = (
    Column("id", justify="right"),
    Column("decided"),
    Column("watch", flex=8),
    Column("level"),
    Column("story", drop=1, justify="right"),
    Column("deliveries", flex=18),
    Column("headline", flex=20, weight=3),
)


@alerts.command("retry")
@click.pass_context
def alerts_retry(ctx: click.Context) -> None:
    """Try every failed delivery again, now."""
    with writing(ctx, secrets=True) as rt:
        count = rt.store.outbox.retry_failed(utcnow())
        if not rt.store.lock():
            click.echo(f"{count} failed delivery(ies) queued again: the running daemon sends them")
            return
        report = deliver(rt)
    click.echo(
        f"retried {count} delivery(ies): {report.sent} delivered, "
        f"{report.retrying} to retry, {report.failed} failed"
    )
    for error in report.errors:
        click.echo(f"  failed {clean(error)}", err=True)
    if report.failed or report.retrying:
        ctx.exit(EXIT_FAILED)


# --- notify ----------------------------------------------------------------------------------


@click.group()
def notify() -> None:
    """Notifiers."""


@notify.command("test")
@click.argument("name")
@click.pass_context
def notify_test(ctx: click.Context, name: str) -> None:
    """Send a test message through the notifier NAME."""
    from monitor.alerting import build_notifier

    loaded = load(ctx)
    if name not in loaded.settings.notifiers:
        raise ConfigError("notify test", [unknown_notifier(name, loaded.settings.notifiers)])
    notifier = build_notifier(name, loaded.notifiers([name])[name])
    notice = Notice(
        "monitor: test message",
        f"This is a test of the notifier {name!r}. If you can read it, alerts will reach you here.",
        decided=utcnow(),
    )

    async def send() -> None:
        try:
            await notifier.notice(notice)
        finally:
            await notifier.aclose()

    try:
        asyncio.run(send())
    except DeliveryError as e:
        raise MonitorError(f"test message not delivered: {e}") from e
    click.echo(f"test message sent through {notifier.channel}")


commands = [rules, backtest, alerts, notify]
