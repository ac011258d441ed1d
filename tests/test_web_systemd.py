"""The dashboard's systemd unit: it verifies, its exposure rating stays low, it runs as the
daemon's user on loopback only, and the install script installs it with its env file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "systemd" / "monitor-web.service"
DAEMON = ROOT / "systemd" / "monitor.service"
INSTALL = ROOT / "systemd" / "install.sh"
INSTALLED_BINARY = "/opt/monitor/.venv/bin/monitor"
MAX_EXPOSURE = 2.0

needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)


def settings(unit: Path, name: str) -> list[str]:
    """Every value assigned to ``name`` in ``unit``, in order."""
    values = []
    for line in unit.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == name and not line.lstrip().startswith("#"):
            values.append(value.strip())
    return values


@needs_analyze
def test_unit_verifies(tmp_path: Path) -> None:
    here = Path(sys.executable).with_name("monitor")
    binary = here if here.exists() else Path(sys.executable)
    copy = tmp_path / UNIT.name
    copy.write_text(
        UNIT.read_text().replace(f"ExecStart={INSTALLED_BINARY}", f"ExecStart={binary}")
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert UNIT.name not in result.stderr, result.stderr


@needs_analyze
def test_unit_exposure_is_low() -> None:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(UNIT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0 and "offline" in result.stderr:
        pytest.skip(f"this systemd-analyze has no --offline: {result.stderr.strip()}")
    match = re.search(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)", result.stdout)
    assert match, result.stdout + result.stderr
    assert float(match.group(1)) <= MAX_EXPOSURE, result.stdout


def test_unit_runs_the_dashboard_as_the_daemons_user_on_loopback() -> None:
    [command] = settings(UNIT, "ExecStart")
    assert command.startswith(INSTALLED_BINARY + " --config /etc/monitor/monitor.yaml web ")
    assert "--host 127.0.0.1" in command and "--write" not in command
    for name in ("DynamicUser", "StateDirectory", "ProtectSystem", "MemoryDenyWriteExecute"):
        assert settings(UNIT, name) == settings(DAEMON, name), name
    # The daemon's dynamic user is named after its unit: the same name, the same UID.
    assert settings(UNIT, "User") == ["monitor"]
    assert settings(UNIT, "IPAddressDeny") == ["any"]
    assert settings(UNIT, "IPAddressAllow") == ["localhost"]
    assert settings(UNIT, "RestartPreventExitStatus") == ["2"]
    assert "-/etc/monitor/web.env" in settings(UNIT, "EnvironmentFile")
    assert settings(UNIT, "SystemCallFilter") == settings(DAEMON, "SystemCallFilter")


def test_install_script_installs_the_unit_and_its_env_file() -> None:
    script = INSTALL.read_text()
    assert "WEB_UNIT=$UNIT_DIR/monitor-web.service" in script
    assert 'for unit in "$UNIT" "$WEB_UNIT"' in script
    assert '"$CONF_DIR/web.env" 0600' in script
    result = subprocess.run(["bash", "-n", str(INSTALL)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    example = (ROOT / "systemd" / "web.env.example").read_text()
    assert all(line.startswith("#") or not line.strip() for line in example.splitlines())
