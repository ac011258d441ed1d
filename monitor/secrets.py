"""Notifier secrets: kept as references when the configuration is read, resolved only to send.

A webhook URL, a password, a token in a header never go in the YAML: a notifier names them
as ``${VAR}`` (from the environment) or as ``KEY_file: PATH`` (systemd credentials, Docker
secrets). Reading ``monitor.yaml`` keeps those references as they are written (``defer_secrets``),
so commands that only read (``status``, ``stories list``, ``backtest``) work whether the
secrets are there or not; the commands that send (``run``, ``poll``, ``alerts retry``,
``notify test``) and ``rules check`` resolve them (``resolve``), and every problem is then
listed: a variable that is not set or is empty, a file that cannot be read, a value that is
not an http(s) URL where one is needed. A value itself never appears in a message.

The fields that are secrets: ``url``, ``username``, ``password`` and every ``headers``
value. A Slack or webhook URL and an email password must be references: written inline,
they are refused.

This module reads the environment and secret files when asked to resolve; it does not
validate the rest of a notifier (``monitor.config`` does) and sends nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr

ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
SECRET_FIELDS = ("url", "username", "password")
"""Fields of a notifier that hold secrets (and ``headers``, every value of it)."""
CREDENTIALS = {"slack": ("url",), "webhook": ("url",), "email": ("password",)}
"""Secrets that must be references: a credential written in the YAML is refused."""
URL_FIELDS = {"slack": ("url",), "webhook": ("url",)}

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class SecretRef:
    """Where a notifier's secret comes from, as written; never its value."""

    notifier: str
    field: tuple[str, ...]
    """``("url",)`` or ``("headers", "Authorization")``."""
    where: str
    """``monitor.yaml:4: notifiers.team.url``: the start of a message about it."""
    template: str | None = None
    """The text with its ``${VAR}`` references, when it comes from the environment."""
    file: str | None = None
    """The path as written (``${VAR}`` allowed in it), when it comes from a file."""
    url: bool = False
    """The value must be an http or https URL with a host."""

    @property
    def stand_in(self) -> str:
        """What the settings hold until it is resolved: the reference itself."""
        return self.template if self.template is not None else f"<{self.file}>"


def defer_secrets(
    notifier: str, raw: Mapping[str, Any], loc: Loc, where: Callable[[Loc], str]
) -> tuple[dict[str, Any], list[SecretRef], list[str]]:
    """A notifier's ``raw`` settings with each secret replaced by its reference (``stand_in``),
    the references, and the problems of how they are written (an inline credential, both
    ``url`` and ``url_file``). Nothing is read."""
    kind = raw.get("type")
    urls = URL_FIELDS.get(kind, ()) if isinstance(kind, str) else ()
    required = CREDENTIALS.get(kind, ()) if isinstance(kind, str) else ()
    out: dict[str, Any] = {}
    refs: list[SecretRef] = []
    problems: list[str] = []
    for key, value in raw.items():
        key = str(key)
        field = key.removesuffix("_file")
        here = (*loc, key)
        if key.endswith("_file") and field in SECRET_FIELDS and isinstance(value, str):
            if field in raw:
                problems.append(f"{where(here)}: give {field} or {key}, not both")
            ref = SecretRef(notifier, (field,), where(here), file=value, url=field in urls)
            refs.append(ref)
            out[field] = ref.stand_in
        elif key in SECRET_FIELDS and isinstance(value, str):
            if ENV.search(value):
                ref = SecretRef(notifier, (key,), where(here), template=value, url=key in urls)
                refs.append(ref)
                out[key] = ref.stand_in
            else:
                out[key] = value
                if key in required:
                    what = "URL" if key in urls else key
                    problems.append(
                        f"{where(here)}: the {what} is a credential and never goes in this "
                        f"file: write {key}: ${{{_variable(notifier, key)}}} and set it in the "
                        f"environment, or {key}_file: PATH"
                    )
        elif key == "headers" and isinstance(value, Mapping):
            headers: dict[str, Any] = {}
            for name, text in value.items():
                name = str(name)
                header = name.removesuffix("_file")
                at = where((*here, name))
                if name.endswith("_file") and isinstance(text, str):
                    ref = SecretRef(notifier, ("headers", header), at, file=text)
                elif isinstance(text, str) and ENV.search(text):
                    ref = SecretRef(notifier, ("headers", header), at, template=text)
                else:
                    headers[name] = text
                    continue
                refs.append(ref)
                headers[header] = ref.stand_in
            out[key] = headers
        else:
            out[key] = value
    return out, refs, problems


def _variable(notifier: str, field: str) -> str:
    """A suggested variable name: ``SLACK_WEBHOOK_URL`` style, from the notifier's name."""
    stem = re.sub(r"[^A-Za-z0-9]+", "_", notifier).strip("_").upper() or "NOTIFIER"
    return f"{stem}_{field.upper()}"


def resolve(
    refs: tuple[SecretRef, ...],
    notifiers: Mapping[str, M],
    base: Path,
    environ: Mapping[str, str] | None = None,
) -> tuple[dict[str, M], list[str]]:
    """``notifiers`` with every secret's value in place of its reference, and the problems
    met (a notifier with a problem keeps its reference). Relative file paths resolve
    against ``base``."""
    env = os.environ if environ is None else environ
    values: dict[str, dict[tuple[str, ...], str]] = {}
    problems: list[str] = []
    for ref in refs:
        value = _value(ref, base, env, problems)
        if value is None:
            continue
        if ref.url and not _is_url(value):
            source = _source(ref)
            problems.append(
                f"{ref.where}: expected an http or https URL with a host, but {source} holds "
                "something else (its value is not shown)"
            )
            continue
        values.setdefault(ref.notifier, {})[ref.field] = value
    resolved = dict(notifiers)
    for name, fields in values.items():
        if name not in resolved:
            continue
        settings = resolved[name]
        update: dict[str, Any] = {}
        for field, value in fields.items():
            if field[0] == "headers":
                headers = dict(update.get("headers", getattr(settings, "headers", {})))
                headers[field[1]] = SecretStr(value)
                update["headers"] = headers
            elif field[0] == "username":
                update["username"] = value
            else:
                update[field[0]] = SecretStr(value)
        resolved[name] = settings.model_copy(update=update)
    return resolved, problems


def _source(ref: SecretRef) -> str:
    if ref.file is not None:
        return f"the file {ref.file}"
    names = ENV.findall(ref.template or "")
    return names[0] if len(names) == 1 else "the value"


def _value(ref: SecretRef, base: Path, env: Mapping[str, str], problems: list[str]) -> str | None:
    if ref.template is not None:
        return _expand(ref.template, ref.where, env, problems, "")
    assert ref.file is not None
    written = _expand(ref.file, ref.where, env, problems, " (in the file's path)")
    if written is None:
        return None
    path = Path(written).expanduser()
    path = path if path.is_absolute() else base / path
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else "not UTF-8 text"
        problems.append(f"{ref.where}: cannot read {path}: {reason}")
        return None
    if not text:
        problems.append(f"{ref.where}: the file {path} is empty")
        return None
    return text


def _expand(
    template: str, where: str, env: Mapping[str, str], problems: list[str], context: str
) -> str | None:
    """``template`` with its ``${VAR}`` replaced; None, and a problem each, if one is not
    set or is empty."""
    failed = False
    for name in dict.fromkeys(ENV.findall(template)):
        value = env.get(name)
        if value is None:
            problems.append(f"{where}: environment variable {name}{context} is not set")
            failed = True
        elif not value.strip():
            problems.append(f"{where}: environment variable {name}{context} is empty")
            failed = True
    if failed:
        return None
    return ENV.sub(lambda m: env[m.group(1)].strip(), template)


def _is_url(value: str) -> bool:
    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        return False
