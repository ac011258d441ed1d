"""``monitor demo``: the whole chain on bundled news, in a minute, with no network.

A local HTTP server (127.0.0.1, a free port) serves three invented outlets' feeds from
``monitor/data/demo/timeline.yaml``; items appear as the seconds pass, as breaking news
does. The real daemon polls them every few seconds with the demo's watch rules and prints
alerts on the terminal: the first within about fifteen seconds, then an escalation.
Everything is written to a temporary folder that is removed at the end.
"""

from __future__ import annotations

import html
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from monitor.classify.lexicon import bundled_path

POLL_SECONDS = 3


class DemoFeeds:
    """The demo's outlets, each item visible once its time has come."""

    def __init__(self, timeline: dict[str, Any], start: float) -> None:
        self.outlets = {o["name"]: o for o in timeline["outlets"]}
        self.items = timeline["items"]
        self.start = start

    def rss(self, name: str, now: float) -> bytes:
        outlet = self.outlets[name]
        elapsed = now - self.start
        entries = []
        for number, item in enumerate(self.items):
            if item["outlet"] != name or item["after"] > elapsed:
                continue
            published = datetime.fromtimestamp(self.start + item["after"], UTC)
            if item["after"] == 0:
                published -= timedelta(hours=3)
            entries.append(
                f'<item><guid isPermaLink="false">demo-{number}</guid>'
                f"<title>{html.escape(item['title'])}</title>"
                f"<link>https://{outlet['site']}/news/{number}</link>"
                f"<description>{html.escape(item['text'])}</description>"
                f"<pubDate>{format_datetime(published)}</pubDate></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{html.escape(outlet['title'])}</title><link>https://{outlet['site']}/</link>"
            + "".join(reversed(entries))
            + "</channel></rss>"
        ).encode()


@contextmanager
def serve(feeds: DemoFeeds) -> Iterator[str]:
    """Serve the demo feeds on 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.strip("/").removesuffix(".xml")
            if name not in feeds.outlets:
                self.send_error(404)
                return
            body = feeds.rss(name, time.time())
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_config(folder: Path, base_url: str, outlets: list[str]) -> Path:
    """The demo's monitor.yaml in ``folder``."""
    config = {
        "database": str(folder / "demo.db"),
        "watches": str(bundled_path("demo/watches.yaml")),
        "poll": {"interval": f"{POLL_SECONDS}s", "jitter": "0s"},
        "notifiers": {"screen": {"type": "terminal"}},
        "feeds": [{"name": name, "url": f"{base_url}/{name}.xml"} for name in outlets],
    }
    path = folder / "monitor.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@contextmanager
def demo_config() -> Iterator[Path]:
    """A running demo feed server and a configuration that watches it."""
    timeline = yaml.safe_load(bundled_path("demo/timeline.yaml").read_text(encoding="utf-8"))
    feeds = DemoFeeds(timeline, time.time())
    with tempfile.TemporaryDirectory(prefix="monitor-demo-") as folder, serve(feeds) as url:
        yield write_config(Path(folder), url, list(feeds.outlets))
