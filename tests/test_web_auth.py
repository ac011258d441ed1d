"""Who may use the dashboard: credentials from the environment, the exposure rule that
`monitor web` starts under, the Authorization check, CSRF tokens and the Host check."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.web.app import allowed_hosts, host_name
from monitor.web.auth import (
    Credentials,
    CsrfTokens,
    check_exposure,
    credentials_from,
    is_loopback,
)

TOKEN = "0123456789abcdef0123"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_no_credentials_in_the_environment() -> None:
    assert credentials_from({"PATH": "/bin"}) is None


def test_token_and_basic_credentials() -> None:
    found = credentials_from(
        {"MONITOR_WEB_TOKEN": TOKEN, "MONITOR_WEB_USER": "desk", "MONITOR_WEB_PASSWORD": "pw"}
    )
    assert found == Credentials(TOKEN, "desk", "pw")
    assert TOKEN not in repr(found) and "pw" not in repr(found)


def test_secrets_from_files(tmp_path: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n")
    found = credentials_from({"MONITOR_WEB_TOKEN_FILE": str(tmp_path / "token")})
    assert found is not None and found.token == TOKEN


def test_every_problem_is_listed_and_no_secret_shown(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        credentials_from(
            {
                "MONITOR_WEB_TOKEN": "short",
                "MONITOR_WEB_USER": "a:b",
                "MONITOR_WEB_PASSWORD_FILE": str(tmp_path / "missing"),
            }
        )
    text = str(e.value)
    assert "shorter than 16" in text and "cannot read" in text and "':'" in text
    assert "short" not in text.replace("shorter", "")
    with pytest.raises(ConfigError, match="without MONITOR_WEB_PASSWORD"):
        credentials_from({"MONITOR_WEB_USER": "desk"})
    with pytest.raises(ConfigError, match="both set"):
        credentials_from({"MONITOR_WEB_TOKEN": TOKEN, "MONITOR_WEB_TOKEN_FILE": "/x"})
    with pytest.raises(ConfigError, match="empty"):
        credentials_from({"MONITOR_WEB_TOKEN": " "})


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("dashboard.example", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_exposure_rule() -> None:
    check_exposure("127.0.0.1", None, write=False)
    check_exposure("0.0.0.0", Credentials(TOKEN), write=True)
    with pytest.raises(ConfigError, match="MONITOR_WEB_TOKEN") as e:
        check_exposure("0.0.0.0", None, write=True)
    assert len(e.value.problems) == 2  # exposed, and write actions


def test_authorization_header() -> None:
    both = Credentials(TOKEN, "desk", "pw")
    assert both.allows(f"Bearer {TOKEN}")
    assert both.allows(f"bearer  {TOKEN} ")
    assert both.allows(basic("anyone", TOKEN))
    assert both.allows(basic("desk", "pw"))
    for refused in (
        None,
        "",
        "Bearer",
        f"Bearer {TOKEN}x",
        basic("desk", "wrong"),
        basic("other", "pw"),
        "Basic !!!not-base64",
        "Basic " + base64.b64encode(b"no colon").decode(),
        f"Token {TOKEN}",
    ):
        assert not both.allows(refused), refused
    assert not Credentials(None, "desk", "pw").allows(f"Bearer {TOKEN}")
    assert not Credentials(TOKEN).allows(basic("desk", "pw"))


def test_csrf_tokens() -> None:
    tokens = CsrfTokens(lifetime=3600, secret=b"k" * 32)
    token = tokens.issue(1_000_000)
    assert tokens.valid(token, 1_000_100)
    assert not tokens.valid(token, 1_000_000 + 3601)  # expired
    assert not tokens.valid(token, 999_000)  # from the future
    assert not CsrfTokens(secret=b"x" * 32).valid(token, 1_000_100)  # another process
    issued, _, signature = token.partition(".")
    assert not tokens.valid(f"{int(issued) + 1}.{signature}", 1_000_100)
    for broken in (None, "", ".", "abc.def", "1" * 20 + "." + signature):
        assert not tokens.valid(broken, 1_000_100)


def test_host_names() -> None:
    assert host_name("127.0.0.1:8080") == "127.0.0.1"
    assert host_name("[::1]:8080") == "::1"
    assert host_name("Dashboard.Example") == "dashboard.example"
    assert allowed_hosts("127.0.0.1", ("news.example",), loopback=True) >= {
        "localhost", "127.0.0.1", "::1", "news.example",
    }  # fmt: skip
    assert allowed_hosts("0.0.0.0", (), loopback=False) == frozenset()
    assert allowed_hosts("0.0.0.0", ("News.Example",), loopback=False) == {
        "news.example", "0.0.0.0",
    }  # fmt: skip
