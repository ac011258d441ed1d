"""Notifiers against real servers on 127.0.0.1: SMTP (aiosmtpd) and HTTP (Slack, webhook)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
import json
import logging
import socket
import threading
from collections.abc import Callable, Coroutine, Iterator, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from monitor.alerting import Notifier, build_notifiers, render
from monitor.alerting.jsonl import Jsonl
from monitor.alerting.slack import Slack
from monitor.alerting.smtp import Email
from monitor.alerting.terminal import Terminal
from monitor.alerting.webhook import Webhook
from monitor.config import (
    EmailNotifier,
    JsonlNotifier,
    Settings,
    SlackNotifier,
    TerminalNotifier,
    WebhookNotifier,
)
from monitor.errors import DeliveryError
from monitor.models import Alert, Level, Notice
from tests.postserver import Answer, PostServer
from tests.test_alerting_render import NOW, make_alert, make_story

T = TypeVar("T")
SECRET_PATH = "/services/T0001/B0001/s3cr3tT0ken"


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def send_once(notifier: Notifier, alerts: Sequence[Alert]) -> None:
    """Send, then close the notifier's connections whatever happened."""
    try:
        await notifier.send(alerts)
    finally:
        await notifier.aclose()


def failure(coro: Coroutine[Any, Any, object]) -> DeliveryError:
    with pytest.raises(DeliveryError) as info:
        run(coro)
    return info.value


@pytest.fixture
def http() -> Iterator[PostServer]:
    server = PostServer()
    yield server
    server.stop()


def slack(url: str, **settings: Any) -> Slack:
    return Slack(
        "analysts", SlackNotifier.model_validate({"type": "slack", "url": url, **settings})
    )


def test_slack_posts_blocks(http: PostServer) -> None:
    notifier = slack(http.url(SECRET_PATH), max_sources=1)

    async def go() -> None:
        await notifier.send([make_alert(previous=Level.ELEVATED)])
        await notifier.notice(Notice("feed failing", "border-wire: timed out", Level.ELEVATED))
        await notifier.aclose()

    run(go())
    alert, notice = http.posted
    assert alert.path == SECRET_PATH
    assert alert.headers["content-type"] == "application/json; charset=utf-8"
    assert alert.json() == render.slack_alerts([make_alert(previous=Level.ELEVATED)], max_sources=1)
    assert notice.json()["blocks"][0]["text"]["text"] == "🟡 feed failing"


@pytest.mark.parametrize(
    ("answer", "temporary", "retry_after", "reason"),
    [
        pytest.param(
            Answer(429, b"rate_limited", {"Retry-After": "7"}), True, 7.0, "HTTP 429", id="429"
        ),
        pytest.param(Answer(500, b"rollup_error"), True, None, "rollup_error", id="500"),
        pytest.param(
            Answer(503, b"", {"Retry-After": "30"}), True, 30.0, "HTTP 503", id="503-retry-after"
        ),
        pytest.param(Answer(408, b""), True, None, "HTTP 408", id="408"),
        pytest.param(Answer(404, b"no_service"), False, None, "no_service", id="404-no-service"),
        pytest.param(
            Answer(404, b"channel_not_found"), False, None, "channel_not_found", id="404-channel"
        ),
        pytest.param(Answer(403, b"invalid_token"), False, None, "invalid_token", id="403"),
        pytest.param(Answer(400, b"invalid_payload"), False, None, "invalid_payload", id="400"),
        pytest.param(
            Answer(410, b"channel_is_archived"), False, None, "channel_is_archived", id="410"
        ),
        pytest.param(
            Answer(302, b"", {"Location": "http://127.0.0.1:1/elsewhere"}),
            False,
            None,
            "redirected",
            id="redirect",
        ),
    ],
)
def test_slack_failures_are_classified(
    http: PostServer, answer: Answer, temporary: bool, retry_after: float | None, reason: str
) -> None:
    http.answers.append(answer)
    notifier = slack(http.url(SECRET_PATH))

    error = failure(send_once(notifier, [make_alert()]))
    assert error.channel == "slack:analysts"
    assert error.temporary is temporary
    assert error.retry_after == retry_after
    assert reason in error.reason
    assert "s3cr3t" not in str(error) and "s3cr3t" not in repr(notifier)
    assert len(http.posted) == 1


def test_slack_error_messages_and_logs_never_show_the_url(
    http: PostServer, caplog: pytest.LogCaptureFixture
) -> None:
    # A server that echoes the URL back must not get it into the error either.
    http.answers.append(Answer(400, f"bad request to {http.url(SECRET_PATH)}".encode()))
    notifier = slack(http.url(SECRET_PATH))
    caplog.set_level(logging.DEBUG)

    error = failure(send_once(notifier, [make_alert()]))
    assert "s3cr3t" not in str(error)
    assert "HTTP Request: POST" in caplog.text  # httpx did log the request...
    assert "s3cr3t" not in caplog.text  # ...without the secret


def test_slack_timeout_is_temporary(http: PostServer) -> None:
    release = threading.Event()
    http.answers.append(Answer(hold=release))
    notifier = slack(http.url(SECRET_PATH), timeout=0.2)

    try:
        error = failure(send_once(notifier, [make_alert()]))
    finally:
        release.set()
    assert error.temporary is True
    assert "timed out" in error.reason


def test_slack_down_then_back_delivers_once() -> None:
    port = free_port()
    notifier = slack(f"http://127.0.0.1:{port}{SECRET_PATH}")
    alert = make_alert()
    errors: list[DeliveryError] = []
    server: PostServer | None = None

    async def attempt() -> bool:
        try:
            await notifier.send([alert])
        except DeliveryError as e:
            errors.append(e)
            return False
        return True

    async def go() -> None:
        nonlocal server
        # What the delivery worker does: try, and on a temporary error try again later.
        assert not await attempt()
        server = PostServer(port)  # the endpoint comes back
        server.answers.append(Answer(500, b"rollup_error"))
        assert not await attempt()
        assert await attempt()
        await notifier.aclose()

    try:
        run(go())
    finally:
        if server is not None:
            server.stop()
    assert [e.temporary for e in errors] == [True, True]
    assert "connection failed" in errors[0].reason
    assert server is not None
    assert len(server.posted) == 2  # the 500 and the delivery: the alert arrived once
    assert server.posted[-1].json() == render.slack_alerts([alert])


def test_slack_non_http_url_is_permanent() -> None:
    error = failure(send_once(slack("ftp://127.0.0.1/services/s3cr3t"), [make_alert()]))
    assert error.temporary is False
    assert "s3cr3t" not in str(error)


def test_webhook_posts_the_json_schema(http: PostServer) -> None:
    settings = WebhookNotifier.model_validate(
        {"type": "webhook", "url": http.url("/hook"), "headers": {"Authorization": "Bearer tok"}}
    )
    notifier = Webhook("scripts", settings)
    alerts = [make_alert(), make_alert(watch="un-restraint")]

    async def go() -> None:
        await notifier.send(alerts)
        await notifier.send(alerts)
        await notifier.notice(Notice("test", "hello", decided=NOW))
        await notifier.aclose()

    run(go())
    first, again, notice = http.posted
    assert first.json() == render.alerts_json(alerts)
    assert [a["key"] for a in first.json()["alerts"]] == [
        "iran-strikes:42:high",
        "un-restraint:42:high",
    ]
    assert first.headers["authorization"] == "Bearer tok"
    assert first.headers["idempotency-key"] == again.headers["idempotency-key"]
    assert len(first.headers["idempotency-key"]) == 64
    assert notice.json() == render.notice_json(Notice("test", "hello", decided=NOW))
    assert "tok" not in repr(notifier) and "tok" not in repr(settings)


def test_webhook_client_error_is_permanent(http: PostServer) -> None:
    http.answers.append(Answer(422, b'{"error": "unprocessable"}'))
    notifier = Webhook("scripts", WebhookNotifier(type="webhook", url=http.url("/hook")))
    error = failure(send_once(notifier, [make_alert()]))
    assert (error.temporary, error.channel) == (False, "webhook:scripts")
    assert "HTTP 422" in error.reason and "unprocessable" in error.reason


# --- a real SMTP server -----------------------------------------------------------------


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and can refuse on command."""

    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []
        self.rcpt_reply: Callable[[str], str | None] = lambda address: None
        self.data_reply: str | None = None

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        reply = self.rcpt_reply(address)
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.data_reply is not None:
            return self.data_reply
        assert isinstance(envelope.content, bytes)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((envelope, message))
        return "250 Message accepted for delivery"


def check_login(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = auth_data.login == b"monitor" and auth_data.password == b"hunter2"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=check_login,
        auth_require_tls=False,  # loopback only; TLS would need a certificate
    )
    controller.start()
    yield mailbox, port
    controller.stop()


def mailer(port: int, **settings: Any) -> Email:
    data = {
        "type": "email",
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "from": "monitor@example.org",
        "to": ["analysts@example.org"],
        "timeout": 5,
    }
    return Email("desk", EmailNotifier.model_validate({**data, **settings}))


def test_email_is_delivered_with_headers_and_both_parts(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    alert = make_alert(story=make_story(headline="x\r\nBcc: victim@example.com <b>bold</b>"))
    run(mailer(port, to=["a@example.org", "b@example.org"]).send([alert]))
    [(envelope, message)] = mailbox.messages
    assert envelope.mail_from == "monitor@example.org"
    assert envelope.rcpt_tos == ["a@example.org", "b@example.org"]
    assert "victim@example.com" not in envelope.rcpt_tos
    assert message["Bcc"] is None
    assert message["Subject"] == "[HIGH] IR, PK: x Bcc: victim@example.com <b>bold</b>"
    assert message["X-Monitor-Alert"] == "iran-strikes:42:high"
    assert message["Message-ID"] == render.message_id(["iran-strikes:42:high"], "m@example.org")
    assert message.get_content_type() == "multipart/alternative"
    plain, page = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and page is not None
    assert "Killed: 12" in plain.get_content()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page.get_content()


def test_email_resend_has_the_same_message_id(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    notifier = mailer(port)

    async def go() -> None:
        await notifier.send([make_alert()])
        await notifier.send([make_alert()])

    run(go())
    ids = [m["Message-ID"] for _, m in mailbox.messages]
    assert len(ids) == 2 and ids[0] == ids[1]


def test_email_notice_and_login(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    notifier = mailer(port, username="monitor", password="hunter2")
    run(notifier.notice(Notice("monitor notify test", "It works.", Level.LOW)))
    [(_, message)] = mailbox.messages
    assert message["Subject"] == "[LOW] monitor notify test"
    assert message["Message-ID"] and message["Date"]


def test_email_wrong_password_is_permanent(smtp: tuple[Mailbox, int]) -> None:
    _, port = smtp
    error = failure(mailer(port, username="monitor", password="wrong").send([make_alert()]))
    assert error.temporary is False
    assert "login refused: 535" in error.reason
    assert "wrong" not in str(error)


@pytest.mark.parametrize(
    ("rcpt", "data", "temporary", "reason"),
    [
        pytest.param(
            None, "451 4.3.0 Try again later", True, "message refused: 451", id="451-data"
        ),
        pytest.param(None, "554 5.6.0 Rejected", False, "message refused: 554", id="554-data"),
        pytest.param(
            "550 5.1.1 No such user", None, False, "all recipients refused", id="550-rcpt"
        ),
        pytest.param("452 4.2.2 Mailbox full", None, True, "all recipients refused", id="452-rcpt"),
    ],
)
def test_email_refusals_are_classified(
    smtp: tuple[Mailbox, int], rcpt: str | None, data: str | None, temporary: bool, reason: str
) -> None:
    mailbox, port = smtp
    mailbox.rcpt_reply = lambda address: rcpt
    mailbox.data_reply = data
    error = failure(mailer(port).send([make_alert()]))
    assert (error.temporary, error.channel) == (temporary, "email:desk")
    assert reason in error.reason
    assert mailbox.messages == []


def test_email_one_refused_recipient_is_reported(smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    mailbox.rcpt_reply = lambda a: "550 5.1.1 No such user" if a.startswith("gone") else None
    notifier = mailer(port, to=["a@example.org", "gone@example.org"])
    error = failure(send_once(notifier, [make_alert()]))
    assert error.temporary is False
    assert "gone@example.org: 550" in error.reason
    assert [env.rcpt_tos for env, _ in mailbox.messages] == [["a@example.org"]]


def test_email_starttls_on_a_server_without_it_is_permanent(smtp: tuple[Mailbox, int]) -> None:
    _, port = smtp
    error = failure(mailer(port, security="starttls").send([make_alert()]))
    assert error.temporary is False
    assert "STARTTLS" in error.reason


def test_email_connection_refused_is_temporary() -> None:
    error = failure(mailer(free_port()).send([make_alert()]))
    assert error.temporary is True
    assert "127.0.0.1" in error.reason


# --- jsonl, terminal, factory -----------------------------------------------------------


def test_jsonl_appends_one_object_per_line(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "alerts.jsonl"
    notifier = Jsonl("log", JsonlNotifier(type="jsonl", path=path))
    alerts = [make_alert(), make_alert(watch="un-restraint")]

    async def go() -> None:
        await notifier.send(alerts)
        await notifier.notice(Notice("test", "hello\nworld", decided=NOW))
        await notifier.send(alerts[:1])

    run(go())
    lines = path.read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["type"] for o in objects] == ["alert", "alert", "notice", "alert"]
    assert objects[0] == render.alert_json(alerts[0])
    assert objects[2]["body"] == "hello\nworld"


def test_jsonl_concurrent_appends_keep_lines_whole(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    big = make_alert(story=make_story(headline="x" * 200_000))
    one = Jsonl("one", JsonlNotifier(type="jsonl", path=path))
    two = Jsonl("two", JsonlNotifier(type="jsonl", path=path))

    async def go() -> None:
        await asyncio.gather(*(n.send([big, big]) for _ in range(10) for n in (one, two)))

    run(go())
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert [json.loads(line)["key"] for line in lines[:-1]] == [big.key] * 40


def test_jsonl_unwritable_path_is_a_delivery_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder")
    notifier = Jsonl("log", JsonlNotifier(type="jsonl", path=tmp_path / "taken" / "a.jsonl"))
    error = failure(send_once(notifier, [make_alert()]))
    assert error.channel == "jsonl:log"


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_terminal_prints_a_block(color: bool) -> None:
    out = io.StringIO()
    title = "Strikes \x1b]0;pwned\x07 [bold red]reported[/]"
    notifier = Terminal("screen", TerminalNotifier(type="terminal", color=color), stdout=out)

    async def go() -> None:
        await notifier.send([make_alert(story=make_story(headline=title))])
        await notifier.notice(Notice("feed back", "border-wire answers again"))

    run(go())
    text = out.getvalue()
    assert "[bold red]reported[/]" in text  # printed as text, not as rich markup
    assert "pwned" not in text and "\x1b]" not in text
    assert "HIGH: Strikes" in text and "feed back" in text
    assert ("\x1b[" in text) is color


def test_build_notifiers_from_settings(tmp_path: Path) -> None:
    settings = Settings.model_validate(
        {
            "notifiers": {
                "analysts": {"type": "slack", "url": "https://hooks.example/s3cr3t"},
                "desk": {
                    "type": "email",
                    "host": "mail.example",
                    "from": "m@x.org",
                    "to": "a@x.org",
                },
                "scripts": {"type": "webhook", "url": "https://hooks.example/s3cr3t"},
                "log": {"type": "jsonl", "path": str(tmp_path / "a.jsonl")},
                "screen": {"type": "terminal"},
            }
        }
    )
    out = io.StringIO()
    notifiers = build_notifiers(settings.notifiers, stdout=out)
    assert {name: n.channel for name, n in notifiers.items()} == {
        "analysts": "slack:analysts",
        "desk": "email:desk",
        "scripts": "webhook:scripts",
        "log": "jsonl:log",
        "screen": "terminal:screen",
    }
    assert all(isinstance(n, Notifier) and n.name == name for name, n in notifiers.items())
    assert "s3cr3t" not in repr(notifiers)
    run(notifiers["screen"].send([make_alert()]))
    assert "Iran and Pakistan" in out.getvalue()
