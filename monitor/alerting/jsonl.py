"""The ``jsonl`` notifier: one JSON object per line, appended to a file.

Each alert becomes one line (``render.alert_json``), each notice one line
(``render.notice_json``); lines are told apart by their ``type``. A call's lines are
written with one ``write`` to a file opened for appending, then flushed and fsynced before
the call returns, so a delivered alert is on disk. A lock per file keeps lines from
notifiers of one process whole even when they share a file; other processes appending to
the same file are not coordinated beyond what ``O_APPEND`` gives. Parent folders are
created as needed.

This module renders nothing itself and does not rotate files.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from monitor.alerting import render
from monitor.config import JsonlNotifier
from monitor.errors import DeliveryError
from monitor.models import Alert, Notice

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    # A threading lock, not an asyncio one: writes run in worker threads, and the
    # notifier may outlive one event loop (each CLI command runs its own).
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.Lock())


class Jsonl:
    """Appends alerts and notices to ``settings.path``."""

    def __init__(self, name: str, settings: JsonlNotifier) -> None:
        self.name = name
        self.channel = f"jsonl:{name}"
        self.path = Path(settings.path).absolute()

    def __repr__(self) -> str:
        return f"Jsonl({self.name!r}, {str(self.path)!r})"

    async def send(self, alerts: Sequence[Alert]) -> None:
        if not alerts:
            raise ValueError("nothing to send: no alerts")
        await asyncio.to_thread(self._append, [render.alert_json(a) for a in alerts])

    async def notice(self, notice: Notice) -> None:
        await asyncio.to_thread(self._append, [render.notice_json(notice)])

    async def aclose(self) -> None:
        """Nothing to close: the file is opened for each write."""

    def _append(self, objects: Iterable[dict[str, Any]]) -> None:
        data = "".join(
            json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n" for o in objects
        ).encode()
        try:
            with _lock_for(self.path):
                created = not self.path.exists()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view) :]
                    os.fsync(fd)
                finally:
                    os.close(fd)
                if created:
                    _fsync_dir(self.path.parent)
        except OSError as e:
            raise DeliveryError(
                self.channel, f"cannot append to {self.path}: {e.strerror or e}"
            ) from e


def _fsync_dir(path: Path) -> None:
    """Make a new file's directory entry durable too (where the platform allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
