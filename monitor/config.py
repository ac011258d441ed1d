"""Configuration: YAML files in, validated and frozen settings out.

``load_settings`` reads ``monitor.yaml`` (database, poll defaults, classifier, feeds).
Every problem in a file is collected and raised as one ``ConfigError`` that names each by
its path and line, such as ``monitor.yaml:14: feeds[2].url: expected http, https or
file URL, got 'ftp://x'``. Unknown keys are refused, never ignored.

This module reads files; it does not fetch, store or decide anything.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import zoneinfo
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

from monitor import __version__
from monitor.errors import ConfigError
from monitor.models import Feed, Level
from monitor.secrets import SECRET_FIELDS, SecretRef, defer_secrets
from monitor.secrets import resolve as resolve_secrets

if TYPE_CHECKING:
    from monitor.actors import Resolved

USER_AGENT = (
    f"monitor/{__version__} (news escalation monitor; +https://github.com/monitor-news/monitor)"
)

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_EMAIL = re.compile(r"^[^@\s<>,;\r\n]+@[^@\s<>,;\r\n]+$")
_HOSTNAME = re.compile(r"^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])$")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)\s*$", re.IGNORECASE)
_SIZE_FACTOR = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "kib": 1024,
    "m": 10**6,
    "mb": 10**6,
    "mib": 2**20,
    "g": 10**9,
    "gb": 10**9,
    "gib": 2**30,
}


def parse_duration(value: object) -> float:
    """Seconds from ``30``, ``"30s"``, ``"5m"``, ``"1h30m"``, ``"2d"``; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration such as '30s', '5m' or '1h', got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        parts = list(_DURATION.finditer(text))
        if not parts or "".join(p.group(0) for p in parts).lower() != text.lower():
            raise ValueError(f"expected a duration such as '30s', '5m' or '1h', got {value!r}")
        seconds = sum(float(p.group(1)) * _UNIT_SECONDS[p.group(2).lower()] for p in parts)
    else:
        raise ValueError(f"expected a duration such as '30s', '5m' or '1h', got {value!r}")
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {value!r}")
    return seconds


def parse_size(value: object) -> int:
    """Bytes from ``1048576``, ``"10MB"``, ``"512KiB"``; ValueError otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and (m := _SIZE.match(value)):
        unit = m.group(2).lower()
        if unit in _SIZE_FACTOR:
            return int(float(m.group(1)) * _SIZE_FACTOR[unit])
    raise ValueError(f"expected a size such as '10MB' or '512KiB', got {value!r}")


Duration = Annotated[float, BeforeValidator(parse_duration)]
Size = Annotated[int, BeforeValidator(parse_size)]


class Strict(BaseModel):
    """Base of every configuration model: unknown keys refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def check_feed_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host, or a file URL; else ValueError."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname:
        return url
    if parts.scheme == "file" and parts.path:
        return url
    raise ValueError(f"expected an http, https or file URL, got {url!r}")


class FeedConfig(Strict):
    url: str
    name: str = Field(min_length=1)
    interval: Duration | None = None
    tags: tuple[str, ...] = ()
    enabled: bool = True

    _check_url = field_validator("url")(classmethod(lambda cls, v: check_feed_url(v)))

    def to_feed(self) -> Feed:
        return Feed(self.url, self.name, self.interval, self.tags, self.enabled)


class PollSettings(Strict):
    interval: Duration = 900.0
    """Default seconds between two polls of one feed."""
    jitter: Duration = 60.0
    """Feeds' first polls are spread over up to this many seconds, and never over more than a
    tenth of the feed's interval; later polls keep the spacing of their interval."""
    connect_timeout: Duration = 10.0
    read_timeout: Duration = 20.0
    """Longest wait for the next bytes of a response."""
    deadline: Duration = 60.0
    """Longest a whole fetch may take, however the server trickles its bytes."""
    max_bytes: Size = 10 * 10**6
    """Largest body accepted, counted after decompression."""
    concurrency: int = Field(default=50, ge=1, le=1000)
    per_host: int = Field(default=4, ge=1, le=100)
    user_agent: str = USER_AGENT
    backoff_base: Duration = 60.0
    """First delay after a failure; it doubles with each failure in a row."""
    backoff_max: Duration = 6 * 3600.0
    """The longest delay backoff can reach: a failing feed is retried at least this often."""
    redirect_after: int = Field(default=3, ge=1)
    """A permanent redirect replaces the stored URL once seen this many polls in a row."""


class SlackNotifier(Strict):
    type: Literal["slack"]
    url: SecretStr
    """The incoming-webhook URL: ``${SLACK_WEBHOOK_URL}`` or ``url_file``; never inline."""
    timeout: Duration = 15.0
    max_sources: int = Field(default=5, ge=1, le=20)


class WebhookNotifier(Strict):
    type: Literal["webhook"]
    url: SecretStr
    headers: dict[str, SecretStr] = {}
    timeout: Duration = 15.0


def _email(address: str) -> str:
    if not _EMAIL.match(address):
        raise ValueError(f"expected an email address, got {address!r}")
    return address


EmailAddress = Annotated[str, AfterValidator(_email)]


class EmailNotifier(Strict):
    type: Literal["email"]
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    sender: EmailAddress = Field(alias="from")
    to: tuple[EmailAddress, ...] = Field(min_length=1)
    timeout: Duration = 30.0

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not _HOSTNAME.match(value):
            raise ValueError(f"expected a host name such as smtp.example.org, got {value!r}")
        return value

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value


class JsonlNotifier(Strict):
    type: Literal["jsonl"]
    path: Path


class TerminalNotifier(Strict):
    type: Literal["terminal"]
    color: bool | None = None
    """None: colour when standard output is a terminal."""


NotifierSettings = Annotated[
    SlackNotifier | WebhookNotifier | EmailNotifier | JsonlNotifier | TerminalNotifier,
    Field(discriminator="type"),
]


class AlertSettings(Strict):
    max_age: Duration = 24 * 3600.0
    """An article published longer ago than this never alerts (it still counts for its story)."""
    max_attempts: int = Field(default=12, ge=1)
    """Deliveries tried this many times without success are marked failed."""
    retry_base: Duration = 30.0
    """First delay before retrying a delivery; it doubles with each attempt..."""
    retry_max: Duration = 3600.0
    """...up to this."""


class HealthSettings(Strict):
    failures: int = Field(default=5, ge=1)
    """A feed failing this many polls in a row is reported once, and again when it recovers."""
    notify: tuple[str, ...] = ()
    """The notifiers that hear about failing feeds (an operations channel)."""
    stall: Duration = 900.0
    """Processing that cannot make progress for this long (articles waiting, every batch
    failing) makes the daemon stop its watchdog pings, so that systemd restarts it."""


class MetricsSettings(Strict):
    listen: str | None = None
    """``127.0.0.1:9464`` serves Prometheus metrics there; None (default) serves none."""

    @field_validator("listen")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"expected HOST:PORT such as 127.0.0.1:9464, got {value!r}")
        return value


class ClassifierSettings(Strict):
    model: str = "blank"
    """``blank`` (rule-based, fast) or the name of an installed trained spaCy pipeline."""


class Settings(Strict):
    database: Path = Path("monitor.db")
    signals: Path | None = None
    """The signal lexicon; default: ``signals.yaml`` beside this file, else the bundled one."""
    watches: Path | None = None
    """The watch rules; default: ``watches.yaml`` beside this file (none if absent)."""
    alerts: AlertSettings = AlertSettings()
    poll: PollSettings = PollSettings()
    classifier: ClassifierSettings = ClassifierSettings()
    notifiers: dict[str, NotifierSettings] = {}
    health: HealthSettings = HealthSettings()
    metrics: MetricsSettings = MetricsSettings()
    feeds: tuple[FeedConfig, ...] = ()

    @field_validator("feeds", mode="before")
    @classmethod
    def _empty_feeds(cls, feeds: object) -> object:
        return () if feeds is None else feeds

    @field_validator("feeds")
    @classmethod
    def _unique_feeds(cls, feeds: tuple[FeedConfig, ...]) -> tuple[FeedConfig, ...]:
        for attr in ("name", "url"):
            seen: set[str] = set()
            for feed in feeds:
                value = getattr(feed, attr)
                if value in seen:
                    raise ValueError(f"two feeds have the {attr} {value!r}")
                seen.add(value)
        return feeds

    def feed_list(self) -> tuple[Feed, ...]:
        return tuple(f.to_feed() for f in self.feeds)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A validated configuration file: the settings and where they came from.

    The notifiers in ``settings`` hold their secrets' references (``${SLACK_WEBHOOK_URL}``),
    not their values: ``notifiers()`` resolves them, for the commands that send."""

    path: Path
    settings: Settings
    secrets: tuple[SecretRef, ...] = ()
    """Where each notifier's secrets come from."""

    def notifiers(self, names: Collection[str] | None = None) -> dict[str, NotifierSettings]:
        """The notifiers (those in ``names``, or all) with their secrets read from the
        environment and files; a ConfigError lists every one missing, empty or malformed."""
        resolved, problems = self._resolve(names)
        if problems:
            raise ConfigError(str(self.path), problems)
        return resolved

    def secret_problems(self) -> list[str]:
        """What ``notifiers()`` would refuse; no value is kept."""
        return self._resolve(None)[1]

    def _resolve(
        self, names: Collection[str] | None
    ) -> tuple[dict[str, NotifierSettings], list[str]]:
        notifiers = self.settings.notifiers
        refs = self.secrets
        if names is not None:
            notifiers = {n: s for n, s in notifiers.items() if n in names}
            refs = tuple(r for r in refs if r.notifier in names)
        return resolve_secrets(refs, notifiers, self.path.resolve().parent)


M = TypeVar("M", bound=BaseModel)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it: the same documents, many times faster."""


def read_yaml(path: Path) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """The data in ``path`` and the line of every key path in it (for error messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), [f"{path.name}: file not found ({path})"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), [f"{path.name}: cannot read: {e}"]) from e
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark is not None else path.name
        problem = getattr(e, "problem", None) or str(e)
        raise ConfigError(str(path), [f"{where}: invalid YAML: {problem}"]) from e
    finally:
        loader.dispose()
    lines: dict[tuple[str | int, ...], int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


def _index_lines(
    node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple[str | int, ...], int]
) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            out[child] = key.start_mark.line + 1
            _index_lines(value, child, out)
            out[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out)


def format_path(loc: tuple[str | int, ...]) -> str:
    """``('feeds', 2, 'url')`` -> ``feeds[2].url``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_of(loc: tuple[str | int, ...], lines: Mapping[tuple[str | int, ...], int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def validation_problems(
    error: ValidationError,
    lines: Mapping[tuple[str | int, ...], int],
    name: str,
    prefix: tuple[str | int, ...] = (),
) -> Iterator[str]:
    """One readable line per problem: ``file:line: path: message``."""
    errors = error.errors()
    items = {_location(e["loc"])[:-1] for e in errors if e["loc"] and isinstance(e["loc"][-1], int)}
    for err in errors:
        if err["type"] == "too_short" and _location(err["loc"]) in items:
            continue  # its items' own problems say it better
        loc = prefix + _location(err["loc"])
        line = _line_of(loc, lines)
        where = f"{name}:{line}" if line else name
        yield f"{where}: {format_path(loc)}: {_field_message(loc, err)}"


NOTIFIER_TYPES = ("slack", "webhook", "email", "jsonl", "terminal")


def _location(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A location as the file has it: without the validator names pydantic adds to unions
    (``function-after[...]``), nor the notifier type it adds after a notifier's name."""
    parts = tuple(p for p in loc if not _is_internal(p))
    if len(parts) > 2 and parts[0] == "notifiers" and parts[2] in NOTIFIER_TYPES:
        parts = parts[:2] + parts[3:]
    return parts


def _is_internal(part: object) -> bool:
    # pydantic adds validator names (e.g. 'function-after[...]') to locations of unions.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


_LISTS = ("actors", "signals", "keywords")


def _field_message(loc: tuple[str | int, ...], err: Any) -> str:
    """The message for a problem, with a hint where the field says what was meant."""
    kind, field = err["type"], loc[-1] if loc else None
    if field == "notify" and kind == "too_short":
        return "name at least one notifier (defined under notifiers: in monitor.yaml)"
    if field in _LISTS and kind.startswith("model_"):
        return f"expected a list of names, or any/all/none lists of them, got {err.get('input')!r}"
    if kind == "union_tag_not_found" or (kind == "missing" and field == "type"):
        return f"a notifier needs a type: one of {', '.join(NOTIFIER_TYPES)}"
    return _message(err)


def _message(err: Any) -> str:
    """A problem pydantic found, said in the project's words."""
    kind, msg = err["type"], str(err["msg"])
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown key (check its spelling and indentation)"
    if kind == "missing":
        return "required, but missing"
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"expected at least {least} item{'' if least == 1 else 's'}, got {_got(value)}"
    if kind == "too_long":
        most = ctx.get("max_length")
        return f"expected at most {most} item{'' if most == 1 else 's'}, got {_got(value)}"
    if kind == "string_too_short":
        return "cannot be empty"
    if kind in _BOUNDS:
        return f"expected a number {_BOUNDS[kind]} {ctx.get(_BOUND_KEYS[kind])}, got {value!r}"
    if kind == "literal_error":
        return f"expected {ctx.get('expected', 'one of the documented values')}, got {value!r}"
    if kind == "union_tag_invalid":
        return f"unknown type {ctx.get('tag')!r}: expected one of {', '.join(NOTIFIER_TYPES)}"
    for prefix, expected in _TYPES.items():
        if kind.startswith(prefix):
            return f"expected {expected}, got {value!r}"
    return f"{msg[0].lower()}{msg[1:]}"


def _got(value: object) -> str:
    if isinstance(value, list | tuple | dict | set | frozenset):
        return "none" if not value else str(len(value))
    return repr(value)


_BOUNDS = {
    "greater_than_equal": "of at least",
    "greater_than": "greater than",
    "less_than_equal": "of at most",
    "less_than": "less than",
}
_BOUND_KEYS = {
    "greater_than_equal": "ge",
    "greater_than": "gt",
    "less_than_equal": "le",
    "less_than": "lt",
}
_TYPES = {
    "int_": "a whole number",
    "float_": "a number",
    "bool_": "true or false",
    "string_": "text",
    "str_": "text",
    "tuple_": "a list",
    "list_": "a list",
    "set_": "a list",
    "dict_": "a mapping (key: value)",
    "model_": "a mapping (key: value)",
    "dataclass_": "a mapping (key: value)",
    "time_": "a time such as '22:00'",
    "path_": "a file path",
}


def validate(
    model: type[M],
    data: Any,
    lines: Mapping[tuple[str | int, ...], int],
    path: Path,
    context: dict[str, Any] | None = None,
) -> M:
    """``data`` validated as ``model`` (its validators see ``context``), or a ConfigError
    listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{path.name}: expected a mapping at the top level"])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as e:
        raise ConfigError(str(path), list(validation_problems(e, lines, path.name))) from None


def expand_references(
    data: Any,
    path: tuple[str | int, ...],
    base: Path,
    problems: list[str],
    lines: Mapping[tuple[str | int, ...], int],
    name: str,
) -> Any:
    """``${VAR}`` replaced by the environment's value, and ``key_file: PATH`` by
    ``key: <the file's content>``, anywhere below ``data``. Missing or empty ones are
    problems; the values themselves never appear in a message. (Secrets are not read
    here: ``monitor.secrets`` keeps them as references until a command sends.)"""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            here = (*path, str(key))
            if isinstance(key, str) and key.endswith("_file") and isinstance(value, str):
                secret_path = _resolve(base, Path(os.path.expandvars(value)))
                try:
                    out[key.removesuffix("_file")] = secret_path.read_text(encoding="utf-8").strip()
                except OSError as e:
                    where = _where(here, lines, name)
                    problems.append(
                        f"{where}: {format_path(here)}: cannot read {secret_path}: "
                        f"{e.strerror or e}"
                    )
                continue
            out[key] = expand_references(value, here, base, problems, lines, name)
        return out
    if isinstance(data, list):
        return [
            expand_references(v, (*path, i), base, problems, lines, name)
            for i, v in enumerate(data)
        ]
    if isinstance(data, str) and "${" in data:

        def substitute(match: re.Match[str]) -> str:
            value = os.environ.get(match.group(1))
            if value is None or not value.strip():
                state = "is not set" if value is None else "is empty"
                problems.append(
                    f"{_where(path, lines, name)}: {format_path(path)}: environment "
                    f"variable {match.group(1)} {state}"
                )
                return ""
            return value

        return _ENV.sub(substitute, data)
    return data


def _where(
    loc: tuple[str | int, ...], lines: Mapping[tuple[str | int, ...], int], name: str
) -> str:
    line = _line_of(loc, lines)
    return f"{name}:{line}" if line else name


def _notifiers(
    raw: Any, base: Path, lines: Mapping[tuple[str | int, ...], int], name: str
) -> tuple[Any, tuple[SecretRef, ...], list[str]]:
    """The ``notifiers:`` mapping ready to validate: secrets kept as references, other
    ``${VAR}`` and ``*_file`` values read now. With the references and the problems."""
    if not isinstance(raw, dict):
        return raw, (), []
    problems: list[str] = []
    refs: list[SecretRef] = []
    out: dict[str, Any] = {}

    def where(loc: tuple[str | int, ...]) -> str:
        return f"{_where(loc, lines, name)}: {format_path(loc)}"

    for notifier, settings in raw.items():
        loc = ("notifiers", str(notifier))
        if not isinstance(settings, dict):
            out[notifier] = settings
            continue
        shaped, found, wrong = defer_secrets(str(notifier), settings, loc, where)
        refs.extend(found)
        problems.extend(wrong)
        # Secrets stay as written; any other value is not a secret and is read now.
        secret = {k: v for k, v in shaped.items() if k in (*SECRET_FIELDS, "headers")}
        plain = {k: v for k, v in shaped.items() if k not in secret}
        out[notifier] = {**expand_references(plain, loc, base, problems, lines, name), **secret}
    return out, tuple(refs), problems


def load_settings(path: Path) -> Loaded:
    """Read and validate ``monitor.yaml``; relative paths in it resolve against its folder.

    Notifiers' secrets are not read (``Loaded.notifiers()`` reads them)."""
    path = Path(path)
    data, lines = read_yaml(path)
    base = path.resolve().parent
    problems: list[str] = []
    refs: tuple[SecretRef, ...] = ()
    if isinstance(data, dict) and "notifiers" in data:
        data["notifiers"], refs, problems = _notifiers(data["notifiers"], base, lines, path.name)
    try:
        settings = validate(Settings, data, lines, path)
    except ConfigError as e:
        problems.extend(e.problems)
        raise ConfigError(str(path), problems) from None
    for i, name in enumerate(settings.health.notify):
        if name not in settings.notifiers:
            loc = ("health", "notify", i)
            problems.append(
                f"{_where(loc, lines, path.name)}: {format_path(loc)}: "
                f"{unknown_notifier(name, settings.notifiers)}"
            )
    if problems:
        raise ConfigError(str(path), problems)
    signals = settings.signals
    if signals is None and (base / "signals.yaml").exists():
        signals = base / "signals.yaml"
    updates: dict[str, Any] = {"database": _resolve(base, settings.database)}
    updates["signals"] = _resolve(base, signals) if signals is not None else None
    watches = settings.watches
    if watches is None and (base / "watches.yaml").exists():
        watches = base / "watches.yaml"
    updates["watches"] = _resolve(base, watches) if watches is not None else None
    feeds = tuple(
        f.model_copy(update={"url": _resolve_file_url(base, f.url)}) for f in settings.feeds
    )
    updates["feeds"] = feeds
    updates["notifiers"] = {
        name: n.model_copy(update={"path": _resolve(base, n.path)})
        if isinstance(n, JsonlNotifier)
        else n
        for name, n in settings.notifiers.items()
    }
    return Loaded(path, settings.model_copy(update=updates), refs)


@dataclass(frozen=True, slots=True)
class Outline:
    """What the other files are checked against: the names ``monitor.yaml`` defines and
    where the lexicon and the watches are. Taken from the file as it is, even when it is
    invalid, so that every file is checked in one pass."""

    notifiers: frozenset[str]
    feeds: frozenset[str]
    tags: frozenset[str]
    signals: Path | None
    watches: Path | None

    @classmethod
    def of(cls, settings: Settings) -> Outline:
        return cls(
            frozenset(settings.notifiers),
            frozenset(f.name for f in settings.feeds),
            frozenset(t for f in settings.feeds for t in f.tags),
            settings.signals,
            settings.watches,
        )

    @classmethod
    def read(cls, path: Path) -> Outline:
        """The outline of a ``monitor.yaml`` that does not validate: whatever is readable."""
        base = path.resolve().parent
        try:
            data, _ = read_yaml(path)
        except ConfigError:
            data = None
        data = data if isinstance(data, dict) else {}
        notifiers = data.get("notifiers")
        listed = data.get("feeds")
        feeds = [f for f in listed if isinstance(f, dict)] if isinstance(listed, list) else []
        tags = [f.get("tags") for f in feeds]

        def file(key: str) -> Path | None:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return _resolve(base, Path(value))
            default = base / f"{key}.yaml"
            return default if default.exists() else None

        return cls(
            frozenset(str(n) for n in notifiers) if isinstance(notifiers, dict) else frozenset(),
            frozenset(str(f["name"]) for f in feeds if isinstance(f.get("name"), str)),
            frozenset(t for ts in tags if isinstance(ts, list) for t in ts if isinstance(t, str)),
            file("signals"),
            file("watches"),
        )


def secret_problems(path: Path) -> list[str]:
    """The problems of the notifiers' secrets in ``path``, even when the file does not
    validate otherwise (``Loaded.secret_problems`` when it does)."""
    try:
        data, lines = read_yaml(path)
    except ConfigError:
        return []
    if not isinstance(data, dict):
        return []
    base = path.resolve().parent
    _, refs, _ = _notifiers(data.get("notifiers"), base, lines, path.name)
    return resolve_secrets(refs, {}, base)[1]


def unknown_notifier(name: str, defined: Iterable[str]) -> str:
    """``no notifier is named 'pager': did you mean 'page'? (defined: log, page)``."""
    known = sorted(defined)
    listed = ", ".join(known) if known else "none is defined under notifiers: in monitor.yaml"
    return f"no notifier is named {name!r}{did_you_mean(name, known)} (defined: {listed})"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``: did you mean 'high'?`` when one of ``choices`` is close to ``name``, else ``""``."""
    by_fold = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(name.casefold(), by_fold, n=1, cutoff=0.75)
    return f": did you mean {by_fold[close[0]]!r}?" if close else ""


def _resolve(base: Path, p: Path) -> Path:
    p = p.expanduser()
    return p if p.is_absolute() else (base / p).resolve()


def _resolve_file_url(base: Path, url: str) -> str:
    """A relative ``file:`` URL (``file:feeds/a.xml``) made absolute against ``base``."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc or parts.path.startswith("/"):
        return url
    return (base / parts.path).resolve().as_uri()


# --- watch rules ---------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _as_any(value: object) -> object:
    """A plain list means ``any`` of it; a single string, a list of one."""
    if isinstance(value, str):
        return {"any": [value]}
    if isinstance(value, list):
        return {"any": value}
    return value


def _level(value: object) -> object:
    if isinstance(value, str):
        try:
            return Level.parse(value)
        except ValueError:
            names = [str(level) for level in Level]
            raise ValueError(
                f"unknown level {value!r}{did_you_mean(value.strip(), names)} "
                f"(levels: {', '.join(names)})"
            ) from None
    return value


class AnyAllNone(Strict):
    any: tuple[str, ...] = ()
    """At least one of these."""
    all: tuple[str, ...] = ()
    """Every one of these."""
    none: tuple[str, ...] = ()
    """Not one of these."""

    @property
    def empty(self) -> bool:
        return not (self.any or self.all or self.none)


class Keywords(AnyAllNone):
    within: int | None = Field(default=None, ge=1, le=1000)
    """With ``all``: every one of them within this many words of each other."""


class QuietHours(Strict):
    start: dt.time
    end: dt.time
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (a name such as Europe/Paris)") from None
        return value


class WatchRule(Strict):
    """One watch: what it is about, which signals, thresholds, and whom to tell."""

    name: str
    description: str = ""
    enabled: bool = True
    actors: Annotated[AnyAllNone, BeforeValidator(_as_any)] = AnyAllNone()
    keywords: Annotated[Keywords, BeforeValidator(_as_any)] = Keywords()
    feeds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    signals: Annotated[AnyAllNone, BeforeValidator(_as_any)] = AnyAllNone()
    min_level: Annotated[Level, BeforeValidator(_level)] | None = None
    min_score: float | None = None
    min_killed: int | None = Field(default=None, ge=0)
    min_injured: int | None = Field(default=None, ge=0)
    min_sources: int = Field(default=1, ge=1)
    window: Duration = 24 * 3600.0
    """``min_sources`` counts independent sources of the story within this time."""
    scope: Literal["story", "article"] = "story"
    """Thresholds apply to the story (default) or to the single article."""
    cooldown: Duration = 0.0
    """After an alert for a story, the next one for it waits at least this long."""
    realert_on_rise: bool = True
    """Alert again when the story reaches a higher level."""
    quiet_hours: QuietHours | None = None
    """Alerts decided in these hours are held until they end."""
    digest: Duration | None = None
    """Gather this watch's alerts into one message every so often."""
    notify: tuple[str, ...] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"expected letters, digits, '-', '_' or '.', got {value!r}")
        return value

    @field_validator("notify", "feeds", "tags", mode="before")
    @classmethod
    def _list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class WatchFile(Strict):
    watches: tuple[WatchRule, ...] = ()

    @field_validator("watches", mode="before")
    @classmethod
    def _empty(cls, value: object) -> object:
        return () if value is None else value


class Actors(Protocol):
    """What ``load_watches`` asks of ``monitor.actors.ActorNames``."""

    def resolve(self, name: str) -> Resolved: ...


@dataclass(frozen=True, slots=True)
class Known:
    """What watches may name, with every name they can be checked against."""

    notifiers: frozenset[str] = frozenset()
    signals: frozenset[str] | None = None
    """None when the lexicon could not be read (its problems are reported on their own)."""
    feeds: frozenset[str] | None = None
    """Configured and stored feeds: those added by ``feeds add`` or ``feeds import`` too;
    None when the database could not be asked (feeds and tags are then not checked)."""
    tags: frozenset[str] | None = None
    """Every tag of those feeds."""
    actors: Actors | None = None
    """The names of countries and armed groups; None: actors are not checked."""


Named = tuple[tuple[str | int, ...], str]
"""A name in a watch and where it is: ``(("watches", 0, "notify", 1), "pager")``."""


def _named(value: object, loc: tuple[str | int, ...]) -> list[Named]:
    """The names in ``value``, a name or a list of them, as written."""
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, list):
        return [((*loc, j), v) for j, v in enumerate(value) if isinstance(v, str)]
    return []


def _named_parts(value: object, loc: tuple[str | int, ...]) -> list[tuple[str, Named]]:
    """The names in an any/all/none value (or a plain list, which means ``any``)."""
    if isinstance(value, dict):
        return [
            (part, named)
            for part in ("any", "all", "none")
            for named in _named(value.get(part), (*loc, part))
        ]
    return [("any", named) for named in _named(value, loc)]


def load_watches(path: Path, known: Known) -> tuple[WatchRule, ...]:
    """Read and validate a watch file, and check every name in it against ``known``.

    Every problem of every watch is listed in one ConfigError, whatever else is wrong with
    the watch: a type error in one field does not hide an undefined notifier in another.
    Actors are stored as the classifier reports them (``Iran`` becomes ``IR``)."""
    data, lines = read_yaml(path)
    problems: list[str] = []

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(f"{_where(loc, lines, path.name)}: {format_path(loc)}: {message}")

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{path.name}: expected a mapping with a list `watches:`"])
    for key in data:
        if key != "watches":
            problem((str(key),), "unknown key (a watch file holds one list, `watches:`)")
    items = data.get("watches") or []
    if not isinstance(items, list):
        problem(("watches",), f"expected a list of watches, got {items!r}")
        items = []
    watches: list[WatchRule] = []
    names: dict[str, int] = {}
    for i, item in enumerate(items):
        here: tuple[str | int, ...] = ("watches", i)
        if not isinstance(item, dict):
            problem(here, f"expected a watch (name, notify, ...), got {item!r}")
            continue
        try:
            watch: WatchRule | None = WatchRule.model_validate(item)
        except ValidationError as e:
            problems.extend(validation_problems(e, lines, path.name, here))
            watch = None
        # The names are checked on the file's data, whether or not the rest is valid.
        name = item.get("name")
        if isinstance(name, str) and name.strip():
            if name.strip() in names:
                problem(
                    (*here, "name"),
                    f"another watch is already named {name.strip()!r} "
                    f"(watches[{names[name.strip()]}])",
                )
            else:
                names[name.strip()] = i
        for loc, notifier in _named(item.get("notify"), (*here, "notify")):
            if notifier not in known.notifiers:
                problem(loc, unknown_notifier(notifier, known.notifiers))
        for _, (loc, signal) in _named_parts(item.get("signals"), (*here, "signals")):
            if known.signals is not None and signal not in known.signals:
                listed = ", ".join(sorted(known.signals))
                problem(
                    loc,
                    f"no signal is named {signal!r}{did_you_mean(signal, known.signals)} "
                    f"(signals: {listed})",
                )
        for loc, feed in _named(item.get("feeds"), (*here, "feeds")):
            if known.feeds is not None and feed not in known.feeds:
                problem(loc, _unknown_feed(feed, known.feeds))
        for loc, tag in _named(item.get("tags"), (*here, "tags")):
            if known.tags is not None and tag not in known.tags:
                problem(loc, _unknown_tag(tag, known.tags))
        actors: dict[str, list[str]] = {"any": [], "all": [], "none": []}
        for part, (loc, actor) in _named_parts(item.get("actors"), (*here, "actors")):
            if known.actors is None:
                actors[part].append(actor)
                continue
            resolved = known.actors.resolve(actor)
            if resolved.actor is None:
                problem(loc, resolved.problem)
            elif resolved.actor not in actors[part]:
                actors[part].append(resolved.actor)
        if watch is None:
            continue
        if watch.keywords.within and len(watch.keywords.all) < 2:
            problem((*here, "keywords", "within"), "needs at least two keywords under 'all'")
        if known.actors is not None and not watch.actors.empty:
            update = {part: tuple(listed) for part, listed in actors.items()}
            watch = watch.model_copy(update={"actors": watch.actors.model_copy(update=update)})
        watches.append(watch)
    if problems:
        raise ConfigError(str(path), sorted(problems, key=_line_number))
    return tuple(watches)


def _line_number(problem: str) -> int:
    """The line of ``file:line: ...``, to list a file's problems in its order."""
    _, _, rest = problem.partition(":")
    number = rest.partition(":")[0]
    return int(number) if number.isdigit() else 0


def _unknown_feed(name: str, feeds: frozenset[str]) -> str:
    if not feeds:
        return (
            f"no feed is named {name!r}: no feed is configured or stored yet (feeds: in "
            "monitor.yaml, or `monitor feeds add`)"
        )
    return (
        f"no feed is named {name!r}{did_you_mean(name, feeds)} (a name from feeds: in "
        "monitor.yaml or from `monitor feeds list`)"
    )


def _unknown_tag(tag: str, tags: frozenset[str]) -> str:
    if not tags:
        return f"no feed is tagged {tag!r}: no feed has tags yet"
    return f"no feed is tagged {tag!r}{did_you_mean(tag, tags)} (tags: {', '.join(sorted(tags))})"
