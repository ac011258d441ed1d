"""The dashboard's application: routes, templates, and the guard every request passes.

``create_app`` takes an open store (read-only, as ``monitor web`` opens it) and returns a
Starlette application. Every request passes ``Guard`` first, which

- refuses a ``Host`` header it does not expect (a page of another site that points its own
  name at 127.0.0.1 cannot read the dashboard: DNS rebinding);
- asks for credentials when some are configured (``monitor.web.auth``);
- adds the security headers to every answer: a Content-Security-Policy that allows no
  inline script or style and nothing from another origin, no framing, no referrer, no
  caching of pages;
- answers an unexpected error with a plain 500 page (its traceback goes to the log only).

Pages and API endpoints are plain functions run in Starlette's thread pool: SQLite calls
block, and the event loop stays free. Reading never takes a write lock, so the daemon
writing the same file is never held up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor import __version__
from monitor.errors import StorageError
from monitor.storage import Store
from monitor.web.auth import Credentials, CsrfTokens
from monitor.web.filters import BadRequest

log = logging.getLogger("monitor.web")
HERE = Path(__file__).parent

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WebOptions:
    """How the dashboard is served."""

    credentials: Credentials | None = None
    """What every request must present; None: nothing (loopback only)."""
    write: bool = False
    """Whether write actions (retrying failed deliveries) are offered."""
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    """Host names requests may be addressed to; empty: any."""
    refresh: int = 60
    """Seconds between two reloads of the overview."""


def allowed_hosts(host: str, extra: tuple[str, ...], *, loopback: bool) -> frozenset[str]:
    """The ``Host`` names to accept: on loopback, its own names and ``extra``; bound beyond
    it (where credentials are required), any unless ``extra`` names some."""
    names = {name.lower().strip("[]") for name in extra}
    if loopback:
        return frozenset(names | LOOPBACK_NAMES | {host.lower().strip("[]")})
    return frozenset(names | {host.lower().strip("[]")}) if names else frozenset()


def host_name(header: str) -> str:
    """The name of a ``Host`` header without its port: ``[::1]:8080`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


class Guard:
    """Host check, authentication and security headers for every request (pure ASGI)."""

    def __init__(self, app: ASGIApp, options: WebOptions) -> None:
        self.app = app
        self.options = options

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
        allowed = self.options.allowed_hosts
        if allowed and host_name(headers.get("host", "")) not in allowed:
            response: Response = PlainTextResponse("unexpected Host header\n", status_code=400)
            await self._send(response, path, scope, receive, send)
            return
        credentials = self.options.credentials
        if credentials is not None and not credentials.allows(headers.get("authorization")):
            response = PlainTextResponse(
                "authentication required: a bearer token, or the dashboard's user and "
                "password (HTTP Basic)\n",
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="monitor", charset="UTF-8"'},
            )
            await self._send(response, path, scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                secure(MutableHeaders(scope=message), path)
            await send(message)

        try:
            await self.app(scope, receive, send_secured)
        except Exception:
            log.exception("error answering %s %s", scope.get("method"), path)
            if started:
                raise
            response = PlainTextResponse(
                "internal error: the monitor's log says more\n", status_code=500
            )
            await self._send(response, path, scope, receive, send)

    @staticmethod
    async def _send(
        response: Response, path: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        secure(response.headers, path)
        await response(scope, receive, send)


def secure(headers: MutableHeaders, path: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    if not path.startswith("/static/"):
        headers["cache-control"] = "no-store"


class Web:
    """What every page and endpoint reads from: the store, the clock, the options."""

    def __init__(
        self,
        store: Store,
        options: WebOptions,
        now: Callable[[], datetime],
        writer: Callable[[], Store],
    ) -> None:
        self.store = store
        self.options = options
        self.now = now
        self.writer = writer
        self.csrf = CsrfTokens()
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["when"] = when
        env.filters["http_url"] = http_url
        env.globals["version"] = __version__
        self.templates = Jinja2Templates(env=env)

    def render(
        self, request: Request, name: str, status_code: int = 200, **context: Any
    ) -> Response:
        context.setdefault("now", self.now())
        context.setdefault("refresh", 0)
        context.setdefault("write", self.options.write)
        context["path"] = request.url.path
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def csrf_token(self) -> str:
        return self.csrf.issue(time.time())


def when(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A time in UTC as the pages show it."""
    return "" if value is None else value.astimezone(UTC).strftime(fmt)


def http_url(value: str | None) -> str:
    """``value`` if it is an absolute http(s) URL, else the empty string: a link from a
    feed is shown as a link only then (never ``javascript:`` or ``data:``)."""
    if not value:
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(
    store: Store,
    options: WebOptions | None = None,
    *,
    now: Callable[[], datetime] = utcnow,
    writer: Callable[[], Store] | None = None,
) -> Starlette:
    """The dashboard over ``store``. ``now`` is the clock; ``writer`` opens a writable store
    of the same database for write actions (only called when ``options.write``)."""
    from monitor.web.api import api_routes
    from monitor.web.pages import page_routes

    options = options or WebOptions()
    web = Web(store, options, now, writer or (lambda: Store(store.path)))

    def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadRequest)
        if is_api(request):
            return JSONResponse({"error": "bad request", "problems": list(exc.problems)}, 400)
        return web.render(request, "error.html", 400, title="Bad request", problems=exc.problems)

    def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        detail = exc.detail if isinstance(exc, HTTPException) else "not found"
        if is_api(request):
            return JSONResponse({"error": detail}, status)
        title = "Not found" if status == 404 else detail
        return web.render(request, "error.html", status, title=title, problems=(detail,))

    def unavailable(request: Request, exc: Exception) -> Response:
        log.warning("database: %s", exc)
        message = f"The database could not be read just now: {exc}. Try again in a moment."
        if is_api(request):
            return JSONResponse({"error": message}, 503, headers={"Retry-After": "5"})
        return web.render(
            request, "error.html", 503, title="Database unavailable", problems=(message,)
        )

    routes: list[BaseRoute] = [
        *page_routes(web),
        *api_routes(web),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, options=options)],
        exception_handlers={
            BadRequest: bad_request,
            HTTPException: not_found,
            StorageError: unavailable,
        },
    )
    app.state.web = web
    return app
