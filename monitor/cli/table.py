"""Terminal views that fit the terminal: tables with one line per row, text made inert.

Every listing (feeds, stories, alerts, articles) is a ``Table``: each row is one line,
whatever the width of the terminal. When the columns do not fit, the flexible ones
(headlines, names, problems) are shortened with an ellipsis at a word boundary, and the
columns that matter least are left out, in the order each column says; ``--wide`` shows
every column in full (lines may then be wider than the terminal) and ``--json`` every
field. Fixed columns (ids, levels, times, counts) are never cut.

Text from feeds is untrusted: every cell and every line passed through ``inert`` has its
escape sequences, control characters and bidirectional controls removed (``render.clean``)
and is shown as text, never read as rich markup.

This module lays out and prints; it does not read the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from monitor.alerting.render import clean

GAP = 2
"""Spaces between two columns."""
ELLIPSIS = "…"
_BREAKS = " -/_.?&=,;:"
"""Characters after which a cut is at a word boundary (URLs and names included)."""


def inert(text: object) -> str:
    """``text`` on one line, made inert, and escaped for rich markup."""
    return escape(clean(str(text)))


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal cells: cut at the last word boundary (a space,
    or after ``-``, ``/``, ``.`` ...) that keeps at least a third of the room, with an
    ellipsis. Only a word longer than that is cut inside."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS if width == 1 else ""
    kept: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    cut = "".join(kept)
    if text[len(cut)] in _BREAKS:  # the cut falls where a word ends
        return cut.rstrip(" ,;:") + ELLIPSIS
    boundary = max(cut.rfind(c) for c in _BREAKS)
    if boundary >= len(cut) // 3:
        cut = cut[: boundary + 1] if cut[boundary] != " " else cut[:boundary]
    return cut.rstrip(" ,;:") + ELLIPSIS


def table_time(value: datetime | None, now: datetime, *, wide: bool = False) -> str:
    """A time in a table, in UTC: ``11-30 08:05`` this year, ``2025-11-30`` before;
    ``2026-11-30 08:05:09Z`` when ``wide``."""
    if value is None:
        return ""
    value = value.astimezone(UTC)
    if wide:
        return value.strftime("%Y-%m-%d %H:%M:%SZ")
    return value.strftime("%m-%d %H:%M" if value.year == now.year else "%Y-%m-%d")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table."""

    header: str
    flex: int | None = None
    """None: never cut (ids, levels, times, counts). Else the narrowest this column may be
    cut to; such columns share the room left by their ``weight``."""
    drop: int = 0
    """Left out when the table does not fit, the highest first; 0: never left out."""
    justify: Literal["left", "right"] = "left"
    weight: int = 1
    """How large a share of the room a cut column gets, against the others."""


Cell = str | tuple[str, str]
"""A cell's text, or its text and a rich style (``"bold red"``). Never markup."""


def _text(cell: Cell) -> str:
    return clean(cell if isinstance(cell, str) else cell[0])


def layout(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """The width of each column so that a row fits in ``width`` cells; 0 for a column left
    out. Columns keep their natural width when everything fits."""
    natural = [
        max([cell_len(c.header), *(cell_len(row[i]) for row in rows)])
        for i, c in enumerate(columns)
    ]

    def least(i: int) -> int:
        flex = columns[i].flex
        if flex is None:
            return natural[i]
        return min(natural[i], max(flex, cell_len(columns[i].header)))

    active = list(range(len(columns)))
    while True:
        need = sum(least(i) for i in active) + GAP * (len(active) - 1)
        droppable = [i for i in active if columns[i].drop]
        if need <= width or not droppable:
            break
        active.remove(max(droppable, key=lambda i: columns[i].drop))
    widths = [0] * len(columns)
    for i in active:
        widths[i] = least(i)
    room = width - sum(widths) - GAP * (len(active) - 1)
    # Share the room by weight: a column that needs less than its share to be shown in full
    # gets just that, and the others share the rest (a headline, weighing most, the most).
    lacking = {i: natural[i] - widths[i] for i in active if widths[i] < natural[i]}
    while lacking and room > 0:
        weights = sum(columns[i].weight for i in lacking)
        share = {i: room * columns[i].weight // weights for i in lacking}
        full = [i for i, lack in lacking.items() if lack <= share[i]]
        for i in full:
            room -= lacking[i]
            widths[i] += lacking.pop(i)
        if full:
            continue
        for i in lacking:
            widths[i] += share[i]
            room -= share[i]
        for i in sorted(lacking, key=lambda i: -columns[i].weight)[:room]:
            widths[i] += 1
        room = 0
    return widths


def print_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    wide: bool = False,
    console: Console | None = None,
) -> None:
    """Print ``rows`` under ``columns``, one line each, fitted to the console's width (or,
    ``wide``, in full)."""
    console = console or Console(highlight=False)
    texts = [[_text(cell) for cell in row] for row in rows]
    widths = layout(columns, texts, 1 << 30 if wide else console.width)
    table = RichTable(
        box=None, header_style="bold", padding=(0, GAP // 2), pad_edge=False, show_edge=False
    )
    shown = [i for i, w in enumerate(widths) if w]
    for i in shown:
        column = columns[i]
        table.add_column(
            column.header,
            width=widths[i],
            no_wrap=True,
            overflow="ellipsis",
            justify=column.justify,
        )
    for row, text in zip(rows, texts, strict=True):
        cells = []
        for i in shown:
            style = row[i][1] if isinstance(row[i], tuple) else ""
            cells.append(Text(fit(text[i], widths[i]), style=style))
        table.add_row(*cells)
    if wide:
        # As wide as the table is: the terminal may wrap what does not fit; nothing is cut.
        total = sum(widths[i] for i in shown) + GAP * (len(shown) - 1)
        narrow = console.width
        console.width = max(total, narrow)
        try:
            console.print(table)
        finally:
            console.width = narrow
        return
    console.print(table)
