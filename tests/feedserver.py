"""A real HTTP server on 127.0.0.1 for tests: each path answers as a test tells it to.

``FeedServer.route(path, handler)`` installs a handler that gets the request and returns
a ``Reply``; helpers build the usual ones (a static feed with ETag support, a status, a
redirect). The server runs in a thread and records every request it saw.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    delay: float = 0.0
    """Seconds between chunks when ``body`` is an iterable (a trickling server)."""


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


Handler = Callable[[Request], Reply]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.requests.append(request)
                handler = server.routes.get(self.path.split("?")[0])
                reply = handler(request) if handler else Reply(404, body=b"not found")
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                chunked = not isinstance(reply.body, bytes)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                elif "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))  # type: ignore[arg-type]
                self.end_headers()
                if not chunked:
                    self.wfile.write(reply.body)  # type: ignore[arg-type]
                    return
                for chunk in reply.body:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                    time.sleep(reply.delay)
                self.wfile.write(b"0\r\n\r\n")

            def log_message(self, *args: object) -> None:
                pass

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up early are what several tests are about

        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler | Reply) -> str:
        self.routes[path] = handler if callable(handler) else (lambda _r, reply=handler: reply)
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.split("?")[0] == path]

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def static_feed(
    body: bytes,
    *,
    etag: str = '"v1"',
    last_modified: str | None = None,
    content_type: str = "application/rss+xml",
    gzipped: bool = False,
) -> Handler:
    """A feed that answers 304 to a matching If-None-Match or If-Modified-Since."""

    def handler(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag or (
            last_modified and request.headers.get("if-modified-since") == last_modified
        ):
            return Reply(304, {"ETag": etag})
        headers = {"Content-Type": content_type, "ETag": etag}
        if last_modified:
            headers["Last-Modified"] = last_modified
        data = body
        if gzipped:
            data = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return Reply(200, headers, data)

    return handler


def rss(
    items: Iterable[tuple[str, str, str]], title: str = "Test feed", site: str = "news.example"
) -> bytes:
    """A small RSS 2.0 document from (guid, title, description) triples; links on ``site``."""
    entries = "".join(
        f'<item><guid isPermaLink="false">{g}</guid><title>{t}</title>'
        f"<link>https://{site}/{g}</link><description>{d}</description>"
        f"<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item>"
        for g, t, d in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example/</link>{entries}</channel></rss>"
    ).encode()
