"""A real HTTP endpoint on 127.0.0.1 that receives POSTs, standing in for Slack's
incoming webhook and other webhooks: it answers each POST with the next queued ``Answer``
(200 "ok" when none is queued) and records what it received."""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None
    """Wait for this event before answering (a server that does not answer in time)."""


@dataclass
class Posted:
    path: str
    headers: dict[str, str]
    body: bytes
    completed: bool = False
    """The answer went out to a client still connected: the post was delivered."""

    def json(self) -> Any:
        return json.loads(self.body)


class PostServer:
    """Answers POSTs with the next queued ``Answer`` (then 200 ok), recording each."""

    def __init__(self, port: int = 0) -> None:
        self.answers: list[Answer] = []
        self.posted: list[Posted] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                posted = Posted(self.path, headers, body)
                server.posted.append(posted)
                answer = server.answers.pop(0) if server.answers else Answer()
                if answer.hold is not None:
                    answer.hold.wait(10)
                    if _hung_up(self.connection):
                        return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(answer.status)
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                    self.wfile.flush()
                    posted.completed = True

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that gave up waiting is what the timeout test is about

        self.httpd = Server(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _hung_up(connection: socket.socket) -> bool:
    """True if the client closed its end (a process killed while waiting for us)."""
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
