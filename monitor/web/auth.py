"""Who may use the dashboard, and proof that a write came from its own page.

- ``credentials_from`` reads a token and/or a user and password from the environment (or
  from files they name, for systemd credentials); a half-given pair, an empty value or a
  short token is refused with every problem listed.
- ``check_exposure`` is the rule ``monitor web`` starts under: bound beyond the loopback
  interface, or with write actions, it needs credentials, and refuses to start without.
- ``Credentials.allows`` checks one request's ``Authorization`` header: ``Bearer TOKEN``,
  or HTTP Basic with the user and password, or with any user name and the token as the
  password (so a browser's own login prompt works with a token alone).
- ``CsrfTokens`` signs the hidden field of a write form: a page of another site cannot read
  it, so it cannot post a form that passes.

Nothing here logs or prints a secret; ``Credentials`` hides them from ``repr``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import ConfigError

ENV_TOKEN = "MONITOR_WEB_TOKEN"
ENV_USER = "MONITOR_WEB_USER"
ENV_PASSWORD = "MONITOR_WEB_PASSWORD"
MIN_TOKEN = 16
"""Characters a token needs at least: it is meant to be generated (``openssl rand -hex 32``)."""


@dataclass(frozen=True)
class Credentials:
    """What a request must present; either part may be absent, not both."""

    token: str | None = field(default=None, repr=False)
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    def allows(self, authorization: str | None) -> bool:
        """Whether an ``Authorization`` header value proves one of these credentials."""
        if not authorization:
            return False
        scheme, _, value = authorization.strip().partition(" ")
        value = value.strip()
        if scheme.lower() == "bearer":
            return self.token is not None and _same(value, self.token)
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        user, colon, password = decoded.partition(":")
        if not colon:
            return False
        # Both comparisons are always made: the time taken says nothing about which failed.
        by_token = self.token is not None and _same(password, self.token)
        by_user = (
            self.user is not None
            and self.password is not None
            and _same(user, self.user) & _same(password, self.password)
        )
        return by_token or by_user


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _secret(environ: Mapping[str, str], name: str, problems: list[str]) -> str | None:
    """The value of ``name``, or the content of the file ``name_FILE`` names."""
    value = environ.get(name)
    path = environ.get(f"{name}_FILE")
    if value is not None and path is not None:
        problems.append(f"{name} and {name}_FILE are both set: keep one")
        return None
    if path is not None:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as e:
            problems.append(f"{name}_FILE: cannot read {path}: {e.strerror or e}")
            return None
    if value is not None and not value.strip():
        problems.append(f"{name} is set but empty")
        return None
    return value


def credentials_from(environ: Mapping[str, str]) -> Credentials | None:
    """The dashboard's credentials from the environment, or None when none are set.

    ``MONITOR_WEB_TOKEN`` (a bearer token), ``MONITOR_WEB_USER`` with
    ``MONITOR_WEB_PASSWORD`` (HTTP Basic), or both; each may instead be read from the file
    named by the same variable with ``_FILE`` appended. ConfigError lists every problem."""
    problems: list[str] = []
    token = _secret(environ, ENV_TOKEN, problems)
    user = _secret(environ, ENV_USER, problems)
    password = _secret(environ, ENV_PASSWORD, problems)
    if token is not None and len(token) < MIN_TOKEN:
        problems.append(
            f"{ENV_TOKEN} is shorter than {MIN_TOKEN} characters: generate one, for example "
            "with `openssl rand -hex 32`"
        )
    if (user is None) != (password is None):
        given, missing = (ENV_USER, ENV_PASSWORD) if user is not None else (ENV_PASSWORD, ENV_USER)
        problems.append(f"{given} is set without {missing}: set both, or neither")
    if user is not None and ":" in user:
        problems.append(f"{ENV_USER} may not contain ':' (HTTP Basic cannot carry it)")
    if problems:
        raise ConfigError("environment", problems)
    if token is None and user is None:
        return None
    return Credentials(token, user, password)


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` reaches this machine only: ``localhost``, 127.0.0.0/8, ::1.
    Any other name may resolve to an outside address, so it counts as exposed."""
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, credentials: Credentials | None, *, write: bool) -> None:
    """Refuse to serve without credentials where anyone else could reach or change it."""
    needs = f"set {ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD} (or their *_FILE forms)"
    problems = []
    if credentials is None and not is_loopback(host):
        problems.append(f"--host {host} is reachable beyond this machine: {needs}")
    if credentials is None and write:
        problems.append(f"--write enables actions that change the database: {needs}")
    if problems:
        raise ConfigError("monitor web", problems)


class CsrfTokens:
    """Tokens for the hidden field of write forms: a time and its signature under a secret
    this process drew at start, valid for ``lifetime`` seconds."""

    def __init__(self, lifetime: float = 4 * 3600, secret: bytes | None = None) -> None:
        self.lifetime = lifetime
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, issued: str) -> str:
        return hmac.new(self._secret, issued.encode(), hashlib.sha256).hexdigest()

    def issue(self, now: float) -> str:
        issued = str(int(now))
        return f"{issued}.{self._sign(issued)}"

    def valid(self, token: str | None, now: float) -> bool:
        issued, dot, signature = (token or "").partition(".")
        if not dot or not issued.isdigit() or len(issued) > 12:
            return False
        if not hmac.compare_digest(signature.encode(), self._sign(issued).encode()):
            return False
        return 0 <= now - int(issued) <= self.lifetime
