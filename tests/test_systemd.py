"""The systemd unit and its example configuration: the unit verifies, its exposure rating
stays low, the shipped ``monitor.yaml`` is valid and writes only under the StateDirectory,
and the Python stack runs under the unit's system call filter."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from monitor.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "systemd" / "monitor.service"
EXAMPLE = ROOT / "systemd" / "monitor.yaml"
INSTALLED_BINARY = "/opt/monitor/.venv/bin/monitor"
STATE_DIR = "/var/lib/monitor"
CONFIG_DIR = "/etc/monitor"
MAX_EXPOSURE = 2.0

needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)


def analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["systemd-analyze", *args], capture_output=True, text=True, timeout=60, check=False
    )


def unit_settings(name: str) -> list[str]:
    """Every value assigned to ``name`` in the unit's [Service] section, in order."""
    values = []
    for line in UNIT.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == name and not line.lstrip().startswith("#"):
            values.append(value.strip())
    return values


@needs_analyze
def test_unit_verifies(tmp_path: Path) -> None:
    # `verify` fails when ExecStart's binary is missing, and the unit points at the install
    # location, /opt/monitor, which a test machine does not have. Verify a copy whose
    # ExecStart names this checkout's own `monitor` script instead: everything else in the
    # unit is checked as shipped.
    assert unit_settings("ExecStart")[0].startswith(INSTALLED_BINARY + " ")
    here = Path(sys.executable).with_name("monitor")
    binary = here if here.exists() else Path(sys.executable)
    text = UNIT.read_text()
    copy = tmp_path / UNIT.name
    copy.write_text(text.replace(f"ExecStart={INSTALLED_BINARY}", f"ExecStart={binary}"))
    assert copy.read_text() != text

    result = analyze("verify", str(copy))

    assert result.returncode == 0, result.stderr
    assert UNIT.name not in result.stderr, result.stderr


@needs_analyze
def test_unit_exposure_is_low() -> None:
    result = analyze("security", "--offline=true", "--no-pager", str(UNIT))
    if result.returncode != 0 and "offline" in result.stderr:
        pytest.skip(f"this systemd-analyze has no --offline: {result.stderr.strip()}")

    match = re.search(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)", result.stdout)

    assert match, result.stdout + result.stderr
    assert float(match.group(1)) <= MAX_EXPOSURE, result.stdout


def test_unit_essentials() -> None:
    """What the daemon relies on: notify readiness from the main process, a watchdog, SIGHUP
    for reload, a writable state directory, and the config it reads."""
    for name, expected in {
        "Type": "notify",
        "NotifyAccess": "main",
        "ExecReload": "/bin/kill -HUP $MAINPID",
        "StateDirectory": "monitor",
        "ConfigurationDirectory": "monitor",
        "ProtectSystem": "strict",
        "Restart": "on-failure",
    }.items():
        assert unit_settings(name) == [expected], name
    assert f"--config {CONFIG_DIR}/monitor.yaml run" in unit_settings("ExecStart")[0]
    assert unit_settings("WatchdogSec")


@pytest.fixture
def example_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example config installed as it would be, with /etc/monitor and /var/lib/monitor
    moved under ``tmp_path``; no secret in the environment."""
    for var in ("SLACK_WEBHOOK_URL", "SMTP_PASSWORD", "CREDENTIALS_DIRECTORY"):
        monkeypatch.delenv(var, raising=False)
    etc, state = tmp_path / "etc", tmp_path / "state"
    etc.mkdir()
    state.mkdir()
    for name in ("watches.yaml", "signals.yaml"):
        shutil.copy(ROOT / "config" / name, etc / name)
    text = EXAMPLE.read_text().replace(CONFIG_DIR + "/", f"{etc}/")
    (etc / "monitor.yaml").write_text(text.replace(STATE_DIR + "/", f"{state}/"))
    return tmp_path


def test_example_config_loads_without_secrets(example_dir: Path) -> None:
    etc, state = example_dir / "etc", example_dir / "state"

    settings = load_settings(etc / "monitor.yaml").settings

    assert settings.database == state / "monitor.db"
    assert settings.watches == etc / "watches.yaml"
    assert settings.signals == etc / "signals.yaml"
    assert settings.feeds
    assert settings.metrics.listen is None


def test_example_config_passes_rules_check(example_dir: Path) -> None:
    config = example_dir / "etc" / "monitor.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "rules", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:"), result.stdout


def test_example_config_writes_only_under_the_state_directory() -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    written = [Path(data["database"])]
    written += [Path(n["path"]) for n in data["notifiers"].values() if n["type"] == "jsonl"]

    assert len(written) >= 2
    for path in written:
        assert path.is_absolute() and path.is_relative_to(STATE_DIR), path
    for key in ("watches", "signals"):
        assert Path(data[key]).parent == Path(CONFIG_DIR)


# --- the Python stack under the unit's seccomp filter ---------------------------------------

# Installs the unit's SystemCallFilter=, SystemCallErrorNumber=, MemoryDenyWriteExecute= and
# RestrictAddressFamilies= as systemd would (a seccomp filter, then exec), using libseccomp's
# Python binding, which Debian ships for the system Python only (python3-seccomp).
SANDBOX = textwrap.dedent(
    r"""
    import errno, json, mmap, os, socket, subprocess, sys
    import seccomp

    spec = json.loads(sys.argv[1])

    def expand(name):
        if not name.startswith("@"):
            return {name}
        out = subprocess.run(["systemd-analyze", "syscall-filter", name],
                             capture_output=True, text=True, check=True).stdout
        calls = set()
        for line in out.splitlines()[1:]:
            line = line.strip()
            if line and not line.startswith("#"):
                calls |= expand(line)
        return calls

    allowed = set()
    for i, entry in enumerate(spec["filter"]):
        deny = entry.startswith("~")
        names = set().union(*(expand(n) for n in entry.lstrip("~").split()))
        assert i or not deny, "expected an allow list first"
        allowed = allowed - names if deny else allowed | names
    refused = seccomp.ERRNO(getattr(errno, spec["errno"]))
    f = seccomp.SyscallFilter(defaction=refused)
    special = {"mmap", "mprotect", "pkey_mprotect", "shmat", "socket"}
    for name in sorted(allowed - special):
        try:
            f.add_rule(seccomp.ALLOW, name)
        except (RuntimeError, ValueError, OSError):
            pass  # not a system call of this architecture
    wx, x = mmap.PROT_WRITE | mmap.PROT_EXEC, mmap.PROT_EXEC
    mdwe = spec["mdwe"]
    if "mmap" in allowed:
        for prot in ((0, mmap.PROT_WRITE, x) if mdwe else (0, mmap.PROT_WRITE, x, wx)):
            f.add_rule(seccomp.ALLOW, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, wx, prot))
    for name in ("mprotect", "pkey_mprotect"):
        if name in allowed:
            for prot in ((0,) if mdwe else (0, x)):
                f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, x, prot))
    if "socket" in allowed:
        for family in spec["families"]:
            f.add_rule(seccomp.ALLOW, "socket", seccomp.Arg(0, seccomp.EQ, family))
    f.set_attr(seccomp.Attr.CTL_NNP, 1)
    f.load()
    os.execv(spec["argv"][0], spec["argv"])
    """
)

# What the daemon does that a filter could break: import and run spaCy (numpy, thinc), use
# SQLite in WAL mode, call back through ctypes, TLS set-up, an AF_UNIX datagram (sd_notify)
# and a TCP connection. Then it checks that the filter is really in place.
WORKLOAD = textwrap.dedent(
    """
    import ctypes, mmap, os, socket, sqlite3, ssl, sys
    import spacy

    assert len(spacy.blank("en")("Strikes hit the port overnight.")) == 6
    folder = sys.argv[1]
    db = sqlite3.connect(os.path.join(folder, "monitor.db"))
    assert db.execute("PRAGMA journal_mode=wal").fetchone() == ("wal",)
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (1)")
    db.commit()
    assert os.path.exists(os.path.join(folder, "monitor.db-wal"))
    assert os.path.exists(os.path.join(folder, "monitor.db-shm"))
    assert ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda n: n + 1)(41) == 42
    ssl.create_default_context()
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.sendto(b"READY=1", os.path.join(folder, "notify"))
    socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=5).close()

    for name, attempt in {
        "W+X memory": lambda: mmap.mmap(-1, 4096, prot=7),
        "AF_NETLINK": lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW),
        "sched_setaffinity": lambda: os.sched_setaffinity(0, os.sched_getaffinity(0)),
        "setuid": lambda: os.setuid(os.getuid()),
    }.items():
        try:
            attempt()
        except OSError:
            continue
        sys.exit(f"the filter allowed {name}")
    print("ok")
    """
)

SYSTEM_PYTHON = "/usr/bin/python3"


def _has_seccomp_binding() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import seccomp"], capture_output=True)
    return probe.returncode == 0


@needs_analyze
@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not _has_seccomp_binding(),
    reason="needs Linux and libseccomp's Python binding for /usr/bin/python3 (python3-seccomp)",
)
def test_python_stack_runs_under_the_unit_filter(tmp_path: Path) -> None:
    families = {
        "AF_UNIX": socket.AF_UNIX,
        "AF_INET": socket.AF_INET,
        "AF_INET6": socket.AF_INET6,
    }
    spec = {
        "filter": unit_settings("SystemCallFilter"),
        "errno": unit_settings("SystemCallErrorNumber")[0],
        "mdwe": unit_settings("MemoryDenyWriteExecute") == ["yes"],
        "families": [int(families[f]) for f in unit_settings("RestrictAddressFamilies")[0].split()],
        "argv": [sys.executable, "-c", WORKLOAD, str(tmp_path), ""],
    }
    assert spec["filter"] and spec["mdwe"]
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    server = socket.create_server(("127.0.0.1", 0))
    spec["argv"][-1] = str(server.getsockname()[1])
    with notify, server:
        result = subprocess.run(
            [SYSTEM_PYTHON, "-c", SANDBOX, json.dumps(spec)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip() == "ok"
        assert notify.recv(64) == b"READY=1"
