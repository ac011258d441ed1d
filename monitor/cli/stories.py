"""Commands for stories: ``stories list``, ``stories show``, and ``reclassify``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from monitor.actors import actor_names, lexicon_groups
from monitor.alerting.render import clean
from monitor.cli.common import (
    LEVEL_STYLE,
    deliveries_text,
    process_pending,
    reading,
    short_time,
    stderr_console,
    styled,
    utcnow,
    writing,
)
from monitor.cli.table import Column, fit, inert, print_table, table_time
from monitor.config import parse_duration
from monitor.errors import ConfigError, StorageError
from monitor.models import Level
from monitor.storage.records import StoryDetail
from monitor.views import story_detail_json, story_json


def _level_option(value: str | None) -> list[Level]:
    if value is None:
        return []
    try:
        lowest = Level.parse(value)
    except ValueError as e:
        raise ConfigError("--level", [str(e)]) from None
    return [level for level in Level if level >= lowest]


def _actor_option(name: str, signals: Path | None) -> str:
    """The actor the classifier reports for ``name`` (``Iran``, ``iranian``: ``IR``)."""
    resolved = actor_names(lexicon_groups(signals)).resolve(name)
    if resolved.actor is None:
        raise ConfigError("--actor", [resolved.problem])
    return resolved.actor


@click.group()
def stories() -> None:
    """Stories: one event, as reported by one or more outlets."""


@stories.command("list")
@click.option(
    "--since",
    default="24h",
    show_default=True,
    help="Only stories seen within this long (30m, 24h, 7d); 'all' for every one.",
)
@click.option(
    "--level", help="Only stories at this level or higher (low, elevated, high, critical)."
)
@click.option(
    "--actor",
    help="Only stories naming this actor: an ISO code (IR), a country (Iran), a demonym "
    "(Iranian) or an armed group (Hezbollah).",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--wide", is_flag=True, help="Every column in full, however wide.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per story.")
@click.pass_context
def stories_list(
    ctx: click.Context,
    since: str,
    level: str | None,
    actor: str | None,
    limit: int,
    wide: bool,
    as_json: bool,
) -> None:
    """The latest stories, newest first."""
    try:
        cutoff = None if since == "all" else utcnow() - timedelta(seconds=parse_duration(since))
    except ValueError as e:
        raise ConfigError("--since", [str(e)]) from None
    levels = _level_option(level)
    with reading(ctx) as rt:
        code = _actor_option(actor, rt.settings.signals) if actor is not None else None
        rows = rt.store.stories.list(since=cutoff, levels=levels, actor=code, limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(story_json(row)))
        return
    if not rows:
        asked = [f"since {since}" if cutoff else "ever"]
        if level is not None:
            asked.append(f"at level {levels[0]} or higher")
        if code is not None:
            asked.append(f"naming {actor_names().label(code)}")
        stderr_console().print(f"no stories match ({', '.join(asked)})", markup=False)
        return
    now = utcnow()
    print_table(
        STORY_COLUMNS,
        [
            (
                str(row.id),
                (str(row.level), LEVEL_STYLE[row.level]),
                table_time(row.last_seen, now, wide=wide),
                str(row.articles),
                str(row.sources),
                "" if row.killed is None else str(row.killed),
                " ".join(row.actors),
                row.headline,
            )
            for row in rows
        ],
        wide=wide,
    )


STORY_COLUMNS = (
    Column("id", justify="right"),
    Column("level"),
    Column("last seen"),
    Column("articles", drop=2, justify="right"),
    Column("sources", drop=1, justify="right"),
    Column("killed", justify="right"),
    Column("actors", flex=6),
    Column("headline", flex=28, weight=3),
)


@stories.command("show")
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the story as one JSON object.")
@click.pass_context
def stories_show(ctx: click.Context, story_id: int, as_json: bool) -> None:
    """One story: its articles and sources, signals with evidence, and level history."""
    with reading(ctx) as rt:
        story = rt.store.stories.detail(story_id)
    if story is None:
        raise ConfigError("stories show", [f"no story has the id {story_id}"])
    if as_json:
        click.echo(json.dumps(story_detail_json(story)))
        return
    _print_story(story)


def _print_story(detail: StoryDetail) -> None:
    out = Console(highlight=False)
    width = out.width
    story = detail.story
    out.print(f"[bold]#{story.id} {inert(story.headline)}[/]")
    counts = [
        f"{n} {what}"
        for n, what in ((story.killed, "killed"), (story.injured, "injured"))
        if n is not None
    ]
    facts = [
        ("level", f"{styled(story.level)} (score {story.score})"),
        ("counts", ", ".join(counts)),
        (
            "reports",
            f"{story.articles} article(s) from {story.sources} independent source(s) in "
            f"{story.feeds} feed(s)",
        ),
        ("seen", f"{short_time(story.first_seen)} → {short_time(story.last_seen)}"),
        ("actors", inert(" ".join(story.actors))),
    ]
    for label, value in facts:
        if value:
            out.print(f"{label:<9} {value}")
    out.print("\n[bold]articles[/]")
    for a in detail.articles:
        level = a.classification.level if a.classification else Level.NONE
        when = short_time(a.published)
        # One line per title, cut to the terminal; the link whole on the next line.
        title = fit(clean(a.title), max(10, width - len(when) - len(str(level)) - 6))
        out.print(f"  {when}  {styled(level)}  {escape(title)}", no_wrap=True)
        feeds = fit(clean(", ".join(a.feeds)), max(10, width - 6))
        url = clean(a.url)
        link = f"[link={escape(url)}]{escape(url)}[/link]" if url else "[dim](no link)[/]"
        out.print(f"      {escape(feeds)}  {link}", soft_wrap=True)
        if a.link:
            joined = fit(clean(f"joined on {a.link}"), max(10, width - 6))
            out.print(f"      [dim]{escape(joined)}[/]", no_wrap=True)
    evidence: dict[str, list[str]] = {}
    for a in detail.articles:
        for signal in a.classification.signals if a.classification else ():
            quotes = evidence.setdefault(signal.name, [])
            quotes.extend(e.text for e in signal.evidence if e.text not in quotes)
    if evidence:
        out.print("\n[bold]signals[/]")
        for name, quotes in evidence.items():
            shown = "; ".join(f"“{clean(q)}”" for q in quotes[:4])
            more = f" (+{len(quotes) - 4} more)" if len(quotes) > 4 else ""
            out.print(f"  {inert(name)}: {escape(shown)}{more}")
    out.print("\n[bold]level history[/]")
    for change in detail.levels:
        before = change.previous or "opened"
        out.print(
            f"  {short_time(change.at)}  {before} → {change.level} "
            f"(score {change.score}, article {change.article_id})"
        )
    if detail.alerts:
        out.print("\n[bold]alerts[/]")
        for alert in detail.alerts:
            channels = deliveries_text(alert.deliveries)
            line = f"  {short_time(alert.decided)}  {clean(alert.watch)}  {alert.level}  {channels}"
            out.print(fit(line, width), markup=False, no_wrap=True)


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def reclassify(ctx: click.Context, yes: bool) -> None:
    """Re-run the current lexicon over every stored article and rebuild the stories.

    Run it after editing signals.yaml, with the daemon stopped. Stories are rebuilt in
    publication order, so the same articles always give the same stories. No alert is
    sent for what the rebuild finds.
    """
    with writing(ctx) as rt:
        store = rt.store
        if not store.lock():
            raise StorageError(
                store.path,
                "the daemon is running on it: stop it before reclassifying, then start it again",
            )
        total = store.articles.count()
        if not yes and not click.confirm(
            f"reclassify {total} article(s) and rebuild stories?", default=True, err=True
        ):
            return
        store.processing.reset()
        processed = process_pending(rt, alerts=False)
        count = store.stories.count()
    stderr_console().print(f"reclassified {len(processed)} article(s) into {count} stories")


commands = [stories, reclassify]
