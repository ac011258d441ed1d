"""Running the dashboard: uvicorn on one host and port, until SIGTERM or Ctrl-C.

Uvicorn logs through the monitor's own logging (one line per event, no colours), its
``Server`` header is off, and it stops within a few seconds of a signal: requests in
flight finish, then the store is closed by the caller.
"""

from __future__ import annotations

import logging
import signal

import uvicorn

from monitor.storage import Store
from monitor.web.app import WebOptions, create_app

log = logging.getLogger("monitor.web")


def serve(store: Store, host: str, port: int, options: WebOptions, *, log_level: str) -> bool:
    """Serve the dashboard over ``store``; False if it could not start (the port taken)."""
    app = create_app(store, options)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # the handlers the command set up
        log_level=log_level,
        access_log=log_level == "debug",
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
        limit_concurrency=200,
    )
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    log.info(
        "serving %s on http://%s:%d/ (%s, %s)",
        store.path,
        shown,
        port,
        "write actions enabled" if options.write else "read-only",
        "credentials required" if options.credentials else "no credentials: loopback only",
    )
    # Uvicorn handles SIGTERM and SIGINT while it runs, then raises them again once stopped:
    # with these no-op handlers in place by then, a requested stop ends in exit status 0.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda number, frame: None)
    try:
        server.run()
    except SystemExit:  # uvicorn's way to say it could not start (the port taken): logged
        return False
    return server.started
