"""The ``terminal`` notifier: alerts printed as coloured blocks, for demos and trying rules.

Text comes from ``render.terminal_alerts``, already free of escape sequences; it is
printed as ``rich.text.Text``, never parsed as rich markup, so a ``[bold]`` in a title
stays text. Colour follows the ``color`` setting, or whether the output is a terminal.

It writes to standard output (or the stream it was given) and nothing else.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from monitor.alerting import render
from monitor.config import TerminalNotifier
from monitor.models import Alert, Level, Notice

STYLES = {
    Level.NONE: "dim",
    Level.LOW: "blue",
    Level.ELEVATED: "yellow",
    Level.HIGH: "bold dark_orange",
    Level.CRITICAL: "bold red",
}


class Terminal:
    """Prints each alert or notice as a framed block."""

    def __init__(
        self, name: str, settings: TerminalNotifier, *, stdout: TextIO | None = None
    ) -> None:
        self.name = name
        self.channel = f"terminal:{name}"
        self.console = Console(
            file=stdout if stdout is not None else sys.stdout,
            force_terminal=settings.color,
            no_color=settings.color is False,
            highlight=False,
            emoji=False,
        )

    def __repr__(self) -> str:
        return f"Terminal({self.name!r})"

    async def send(self, alerts: Sequence[Alert]) -> None:
        for block in render.terminal_alerts(alerts):
            self._print(block)

    async def notice(self, notice: Notice) -> None:
        self._print(render.terminal_notice(notice))

    async def aclose(self) -> None:
        """Nothing to close: the stream belongs to the caller."""

    def _print(self, block: render.TerminalBlock) -> None:
        style = STYLES[block.level]
        text = Text(block.title, style=style)
        if block.lines:
            text.append("\n" + "\n".join(block.lines))
        self.console.print(Panel(text, border_style=style))
