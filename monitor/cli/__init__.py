"""The ``monitor`` command: a thin layer over the library.

Each sub-module adds one group of commands. Only this layer turns a ``MonitorError`` into
a clean message and an exit code; anything unexpected keeps its traceback.

Exit codes: 0 success, 1 the work ran but something failed (a feed, an input line),
2 usage or configuration error, 3 database error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from monitor import __version__
from monitor.errors import ConfigError, MonitorError, StorageError

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_STORAGE = 3

DEFAULT_CONFIG = Path("config/monitor.yaml")


class Group(click.Group):
    """A click group that reports MonitorErrors as one clean message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as e:
            _error(e)
            sys.exit(EXIT_USAGE)
        except StorageError as e:
            _error(e)
            sys.exit(EXIT_STORAGE)
        except MonitorError as e:
            _error(e)
            sys.exit(EXIT_FAILED)


def _error(error: MonitorError) -> None:
    """The error on stderr; what came from a file or a feed in it cannot act on the terminal."""
    from monitor.alerting.render import inert_lines

    click.echo(f"error: {inert_lines(str(error))}", err=True)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG,
    envvar="MONITOR_CONFIG",
    show_default=True,
    help="The monitor.yaml to use (env MONITOR_CONFIG).",
)
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def main(ctx: click.Context, config_path: Path) -> None:
    """A news escalation monitor: polls feeds, classifies, groups stories, alerts."""
    ctx.obj = config_path


def _register() -> None:
    from monitor.cli import alerts, classify, ingest, service, stories, web

    for module in (service, ingest, classify, stories, alerts, web):
        for command in module.commands:
            main.add_command(command)


_register()
