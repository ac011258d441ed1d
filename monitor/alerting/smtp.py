"""The ``email`` notifier: alerts as multipart email over SMTP.

One connection per message, made with the standard library's ``smtplib`` in a worker
thread (``asyncio.to_thread``) so the event loop never waits on a mail server. Security is
``starttls`` (upgrade a plain connection, the usual port 587), ``tls`` (implicit TLS, port
465) or ``none`` (a local relay); certificates are verified. Credentials are used when a
username is configured.

Failures become ``DeliveryError``:

- temporary: a 4xx reply, a timeout, a refused or dropped connection, a TLS failure;
- permanent: a 5xx reply (a refused sender, recipient, message or login), a server that
  cannot do the STARTTLS or AUTH the configuration asks for.

If some recipients accept the message and others refuse it, the message was delivered to
the first ones: the error says so and is permanent, since sending again would repeat it
to those who have it.

Alert messages carry a ``Message-ID`` derived from the alert keys (``render.message_id``),
so a message sent again after a crash is recognisably the same one. This module renders
nothing itself and does not retry.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from monitor.alerting import render
from monitor.config import EmailNotifier
from monitor.errors import DeliveryError
from monitor.models import Alert, Notice


class Email:
    """Sends one email per call: one alert, or a digest of several."""

    def __init__(self, name: str, settings: EmailNotifier) -> None:
        self.name = name
        self.channel = f"email:{name}"
        self.settings = settings

    def __repr__(self) -> str:
        return f"Email({self.name!r})"

    async def send(self, alerts: Sequence[Alert]) -> None:
        message = render.email_message(alerts, sender=self.settings.sender, to=self.settings.to)
        await asyncio.to_thread(self._deliver, message)

    async def notice(self, notice: Notice) -> None:
        message = render.email_notice(notice, sender=self.settings.sender, to=self.settings.to)
        if "Date" not in message:
            message["Date"] = format_datetime(datetime.now(UTC))
        domain = self.settings.sender.rpartition("@")[2]
        message["Message-ID"] = make_msgid("notice", domain=domain)
        await asyncio.to_thread(self._deliver, message)

    async def aclose(self) -> None:
        """Nothing to close: each message uses its own connection."""

    def _deliver(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            self._transmit(message)
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            detail = "; ".join(
                f"{rcpt}: {code} {_reply(text)}" for rcpt, (code, text) in e.recipients.items()
            )
            temporary = any(400 <= code < 500 for code in codes)
            raise DeliveryError(
                self.channel, f"all recipients refused: {detail}", temporary=temporary
            ) from e
        except smtplib.SMTPResponseException as e:
            # Sender refused, data refused, login refused, unexpected greeting...
            what = {
                smtplib.SMTPSenderRefused: "sender refused",
                smtplib.SMTPDataError: "message refused",
                smtplib.SMTPAuthenticationError: "login refused",
                smtplib.SMTPHeloError: "greeting refused",
            }.get(type(e), "server said")
            raise DeliveryError(
                self.channel,
                f"{what}: {e.smtp_code} {_reply(e.smtp_error)}",
                temporary=not 500 <= e.smtp_code < 600,
            ) from e
        except smtplib.SMTPNotSupportedError as e:
            raise DeliveryError(self.channel, f"{s.host}:{s.port}: {e}", temporary=False) from e
        except smtplib.SMTPServerDisconnected as e:
            raise DeliveryError(self.channel, f"{s.host}:{s.port}: disconnected: {e}") from e
        except smtplib.SMTPException as e:
            raise DeliveryError(self.channel, f"{s.host}:{s.port}: {e}") from e
        except TimeoutError as e:
            raise DeliveryError(
                self.channel, f"{s.host}:{s.port}: timed out after {s.timeout:g}s"
            ) from e
        except ssl.SSLError as e:
            raise DeliveryError(self.channel, f"{s.host}:{s.port}: TLS failed: {e}") from e
        except OSError as e:
            reason = e.strerror or str(e) or type(e).__name__
            raise DeliveryError(self.channel, f"{s.host}:{s.port}: {reason}") from e

    def _transmit(self, message: EmailMessage) -> None:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        with smtp:
            if s.security == "starttls":
                smtp.starttls(context=context)
            if s.username:
                password = s.password.get_secret_value() if s.password is not None else ""
                smtp.login(s.username, password)
            refused = smtp.send_message(message, from_addr=s.sender, to_addrs=list(s.to))
        if refused:
            detail = "; ".join(
                f"{rcpt}: {code} {_reply(text)}" for rcpt, (code, text) in refused.items()
            )
            raise DeliveryError(
                self.channel,
                f"delivered to the other recipients, but refused by {detail}",
                temporary=False,
            )


def _reply(text: bytes | str) -> str:
    """A server's reply text, decoded and on one line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return render.shorten(render.clean(text), 200)
