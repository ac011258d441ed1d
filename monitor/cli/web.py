"""The ``monitor web`` command: the dashboard, served over a read-only store."""

from __future__ import annotations

import os
import sys

import click

from monitor.cli.common import reading

EXIT_FAILED = 1


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback needs credentials (see below).",
)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--write",
    is_flag=True,
    help="Offer write actions (retrying failed deliveries); needs credentials.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests addressed to this host name (a reverse proxy's); repeatable.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="debug also logs every request.",
)
@click.pass_context
def web(
    ctx: click.Context,
    host: str,
    port: int,
    write: bool,
    allow_hosts: tuple[str, ...],
    log_level: str,
) -> None:
    """Serve the web dashboard: overview, stories, feeds, alerts, search, JSON API.

    It reads the database through a read-only connection, so it never holds up the
    daemon. Bound to 127.0.0.1 (the default) it needs no credentials. Bound to any other
    address, or with --write, it refuses to start unless credentials are set in the
    environment: MONITOR_WEB_TOKEN (sent as "Authorization: Bearer TOKEN", or as the
    password of the browser's login prompt), and/or MONITOR_WEB_USER with
    MONITOR_WEB_PASSWORD (HTTP Basic). Each may instead name a file to read with a _FILE
    suffix (MONITOR_WEB_TOKEN_FILE). Use TLS in front of it (a reverse proxy) beyond a
    trusted network.
    """
    from monitor.cli.service import configure_logging
    from monitor.web.app import WebOptions, allowed_hosts
    from monitor.web.auth import check_exposure, credentials_from, is_loopback
    from monitor.web.server import serve

    credentials = credentials_from(os.environ)
    check_exposure(host, credentials, write=write)
    configure_logging(log_level, "text")
    options = WebOptions(
        credentials=credentials,
        write=write,
        allowed_hosts=allowed_hosts(host, allow_hosts, loopback=is_loopback(host)),
    )
    with reading(ctx) as rt:
        started = serve(rt.store, host, port, options, log_level=log_level)
    if not started:
        click.echo(f"error: could not listen on {host}:{port}", err=True)
        sys.exit(EXIT_FAILED)


commands = [web]
