"""``monitor classify``: classify articles from files or JSON lines, one JSON object each.

    monitor classify FILE...            a text file: first line the title, the rest the body
    monitor classify --jsonl -          one {"id", "title", "text"} object per line on stdin
    monitor classify --pretty FILE...   a readable, highlighted explanation instead (with
                                        what decided each signal: rules or model)

Each input gives one JSON object on stdout (the contract other tools rely on: fields may be
added, never renamed)::

    {"id", "score", "level", "signals": {"<name>": [{"text", "start", "end"}, ...]},
     "casualties": {"killed", "injured", "displaced"}, "actors": [...],
     "decided_by": {"<name>": "rules" | "rules+model" | "model"}}

Offsets index ``title + "\\n" + text``. A bad input (unreadable file, invalid JSON, a missing
or mistyped field) is reported on stderr with its line number; the others are still
classified, and the exit code is 1.

The lexicon and model come from ``monitor.yaml`` when it exists (``signals``,
``classifier.model``), else the bundled lexicon is used; ``--signals`` overrides both.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from monitor.cli.common import LEVEL_STYLE
from monitor.models import Classification

if TYPE_CHECKING:  # spaCy takes seconds to import: only the commands that classify pay
    from monitor.classify import Classifier

BATCH = 64


@dataclass(frozen=True, slots=True)
class _Item:
    id: object
    title: str
    text: str


def _classifier(ctx: click.Context, signals: Path | None) -> Classifier:
    config_path = ctx.find_root().obj
    model = "blank"
    if isinstance(config_path, Path) and config_path.exists():
        from monitor.config import load_settings

        settings = load_settings(config_path).settings
        model = settings.classifier.model
        if signals is None:
            signals = settings.signals
    from monitor.classify import Classifier

    return Classifier.from_settings(signals, model)


def read_files(paths: tuple[str, ...], problems: list[str]) -> Iterator[_Item]:
    for name in paths:
        path = Path(name)
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            problems.append(f"{name}: cannot read: {e}")
            continue
        title, _, body = content.partition("\n")
        yield _Item(path.name, title.strip(), body)


def read_jsonl(sources: tuple[str, ...], problems: list[str]) -> Iterator[_Item]:
    for source in sources or ("-",):
        label = "<stdin>" if source == "-" else source
        try:
            stream: IO[Any] = click.open_file(source, encoding="utf-8")
        except OSError as e:
            problems.append(f"{label}: cannot read: {e}")
            continue
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                item = _parse_line(line, f"{label}:{number}", problems)
                if item is not None:
                    yield item


def _parse_line(line: str, where: str, problems: list[str]) -> _Item | None:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as e:
        problems.append(f"{where}: invalid JSON: {e.msg}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{where}: expected a JSON object with id, title and text")
        return None
    missing = [key for key in ("id", "text") if key not in data]
    if missing:
        problems.append(f"{where}: missing field {', '.join(repr(k) for k in missing)}")
        return None
    title = data.get("title") or ""
    text = data["text"]
    if not isinstance(title, str) or not isinstance(text, str):
        problems.append(f"{where}: 'title' and 'text' must be strings")
        return None
    return _Item(data["id"], title, text)


def _batches(items: Iterator[_Item]) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


_DECIDED = {
    "rules": "by the rules",
    "rules+model": "by the rules, confirmed by the model",
    "model": "by the model (its sentence)",
}


def _pretty(item: _Item, result: Classification) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from monitor.alerting.render import blank, clean

    console = Console()
    full = blank(f"{item.title}\n{item.text}")  # the same length: offsets still hold
    level = Text(f"{result.level} ({result.score:g})", style=LEVEL_STYLE[result.level])
    table = Table.grid(padding=(0, 2))
    table.add_row("level", level)
    c = result.casualties
    counts = ", ".join(
        f"{name} {value}"
        for name, value in (
            ("killed", c.killed),
            ("injured", c.injured),
            ("displaced", c.displaced),
        )
        if value is not None
    )
    table.add_row("counts", counts or "-")
    table.add_row("actors", ", ".join(result.actors) or "-")
    for signal in result.signals:
        shown = Text()
        for n, ev in enumerate(signal.evidence):
            if n:
                shown.append("\n")
            left = full[max(0, ev.start - 50) : ev.start]
            right = full[ev.end : ev.end + 50]
            shown.append("…" + left)
            shown.append(full[ev.start : ev.end], style="bold reverse")
            shown.append(right + "…")
        label = Text(f"{signal.name} ({signal.weight:+g})", style="bold")
        label.append(f"\n{_DECIDED.get(signal.decided_by, signal.decided_by)}", style="dim")
        table.add_row(label, shown)
    title = clean(item.title)[:80]
    console.print(
        Panel(table, title=Text(clean(str(item.id))), subtitle=Text(title) if title else None)
    )


@click.command("classify")
@click.argument("inputs", nargs=-1, metavar="FILE...")
@click.option("--jsonl", is_flag=True, help='Read {"id","title","text"} lines ("-": stdin).')
@click.option("--pretty", is_flag=True, help="Show a readable, highlighted explanation.")
@click.option(
    "--signals",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The signal lexicon to use (default: from monitor.yaml, else the bundled one).",
)
@click.pass_context
def classify(
    ctx: click.Context, inputs: tuple[str, ...], jsonl: bool, pretty: bool, signals: Path | None
) -> None:
    """Classify articles: one JSON object per input on stdout."""
    if not inputs and not jsonl:
        raise click.UsageError("give one or more FILEs, or --jsonl - to read JSON lines")
    from monitor.classify import classification_to_json as to_json

    classifier = _classifier(ctx, signals)
    problems: list[str] = []
    items = read_jsonl(inputs, problems) if jsonl else read_files(inputs, problems)
    reported = 0
    for batch in _batches(items):
        results = classifier.classify_many((i.title, i.text) for i in batch)
        for item, result in zip(batch, results, strict=True):
            if pretty:
                _pretty(item, result)
            else:
                line = json.dumps(to_json(result, item.id), ensure_ascii=False)
                click.echo(line)
        for problem in problems[reported:]:
            click.echo(f"error: {problem}", err=True)
        reported = len(problems)
    for problem in problems[reported:]:
        click.echo(f"error: {problem}", err=True)
    if problems:
        sys.exit(1)


commands = [classify]
