"""Configuration: YAML files in, validated and frozen settings out.

``load_settings`` reads ``monitor.yaml`` (database, poll defaults, classifier, feeds).
Every problem in a file is collected and raised as one ``ConfigError`` that names each by
its path and line, such as ``monitor.yaml:14: feeds[2].url: expected http, https or
file URL, got 'ftp://x'``. Unknown keys are refused, never ignored.

This module reads files; it does not fetch, store or decide anything.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from monitor import __version__
from monitor.errors import ConfigError
from monitor.models import Feed, Level

USER_AGENT = (
    f"monitor/{__version__} (news escalation monitor; +https://github.com/monitor-news/monitor)"
)

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_EMAIL = re.compile(r"^[^@\s<>,;\r\n]+@[^@\s<>,;\r\n]+$")
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


class EmailNotifier(Strict):
    type: Literal["email"]
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    sender: str = Field(alias="from")
    to: tuple[str, ...] = Field(min_length=1)
    timeout: Duration = 30.0

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    @field_validator("sender", "to")
    @classmethod
    def _addresses(cls, value: str | tuple[str, ...]) -> str | tuple[str, ...]:
        for address in (value,) if isinstance(value, str) else value:
            if not _EMAIL.match(address):
                raise ValueError(f"expected an email address, got {address!r}")
        return value


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

    @model_validator(mode="after")
    def _health_notifiers(self) -> Settings:
        unknown = [n for n in self.health.notify if n not in self.notifiers]
        if unknown:
            raise ValueError(f"health.notify names no defined notifier: {', '.join(unknown)}")
        return self

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
    """A validated configuration file: the settings and where they came from."""

    path: Path
    settings: Settings


M = TypeVar("M", bound=BaseModel)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it: the same documents, many times faster."""


def read_yaml(path: Path) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """The data in ``path`` and the line of every key path in it (for error messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), [f"cannot read: {e}"]) from e
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise ConfigError(str(path), [f"{where}invalid YAML: {problem}"]) from e
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
    for err in error.errors():
        loc = prefix + tuple(p for p in err["loc"] if not _is_internal(p))
        line = _line_of(loc, lines)
        where = f"{name}:{line}" if line else name
        yield f"{where}: {format_path(loc)}: {_message(err)}"


def _is_internal(part: object) -> bool:
    # pydantic adds validator names (e.g. 'function-after[...]') to locations of unions.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _message(err: Any) -> str:
    kind, msg = err["type"], err["msg"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown key (check its spelling and indentation)"
    if kind == "missing":
        return "required, but missing"
    if kind == "value_error":
        return str(msg).removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        msg = msg.replace("valid tuple", "list")
        return f"{msg[0].lower()}{msg[1:]}, got {value!r}"
    return f"{msg[0].lower()}{msg[1:]}"


def validate(
    model: type[M], data: Any, lines: Mapping[tuple[str | int, ...], int], path: Path
) -> M:
    """``data`` validated as ``model``, or a ConfigError listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{path.name}: expected a mapping at the top level"])
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ConfigError(str(path), list(validation_problems(e, lines, path.name))) from None


def expand_secrets(
    data: Any,
    path: tuple[str | int, ...],
    base: Path,
    problems: list[str],
    lines: Mapping[tuple[str | int, ...], int],
    name: str,
) -> Any:
    """``${VAR}`` replaced by the environment's value, and ``key_file: PATH`` by
    ``key: <the file's content>``, anywhere below ``data``. Missing ones are problems;
    the values themselves never appear in a message."""
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
            out[key] = expand_secrets(value, here, base, problems, lines, name)
        return out
    if isinstance(data, list):
        return [
            expand_secrets(v, (*path, i), base, problems, lines, name) for i, v in enumerate(data)
        ]
    if isinstance(data, str) and "${" in data:

        def substitute(match: re.Match[str]) -> str:
            value = os.environ.get(match.group(1))
            if value is None:
                problems.append(
                    f"{_where(path, lines, name)}: {format_path(path)}: environment "
                    f"variable {match.group(1)} is not set"
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


def load_settings(path: Path) -> Loaded:
    """Read and validate ``monitor.yaml``; relative paths in it resolve against its folder."""
    path = Path(path)
    data, lines = read_yaml(path)
    base = path.resolve().parent
    problems: list[str] = []
    if isinstance(data, dict) and isinstance(data.get("notifiers"), dict):
        data["notifiers"] = expand_secrets(
            data["notifiers"], ("notifiers",), base, problems, lines, path.name
        )
    try:
        settings = validate(Settings, data, lines, path)
    except ConfigError as e:
        raise ConfigError(str(path), [*problems, *e.problems]) from None
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
    return Loaded(path, settings.model_copy(update=updates))


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
        return Level.parse(value)
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


def load_watches(
    path: Path, *, notifiers: Iterable[str], signals: Iterable[str], feeds: Iterable[str] = ()
) -> tuple[WatchRule, ...]:
    """Read and validate a watch file. A watch naming a notifier, signal or feed that does
    not exist is an error, like any other, listed with its path and line."""
    data, lines = read_yaml(path)
    problems: list[str] = []
    try:
        watches = validate(WatchFile, data, lines, path).watches
    except ConfigError as e:
        problems.extend(e.problems)
        watches = ()
    known_notifiers, known_signals, known_feeds = set(notifiers), set(signals), set(feeds)
    seen: set[str] = set()

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(f"{_where(loc, lines, path.name)}: {format_path(loc)}: {message}")

    for i, watch in enumerate(watches):
        here: tuple[str | int, ...] = ("watches", i)
        if watch.name in seen:
            problem((*here, "name"), f"another watch is already named {watch.name!r}")
        seen.add(watch.name)
        for j, name in enumerate(watch.notify):
            if name not in known_notifiers:
                hint = ", ".join(sorted(known_notifiers)) or "none is defined in monitor.yaml"
                problem((*here, "notify", j), f"no notifier is named {name!r} (known: {hint})")
        for part in ("any", "all", "none"):
            for j, name in enumerate(getattr(watch.signals, part)):
                if name not in known_signals:
                    hint = ", ".join(sorted(known_signals))
                    problem(
                        (*here, "signals", part, j), f"no signal is named {name!r} (known: {hint})"
                    )
        if known_feeds:
            for j, name in enumerate(watch.feeds):
                if name not in known_feeds:
                    problem((*here, "feeds", j), f"no feed is named {name!r}")
        if watch.keywords.within and len(watch.keywords.all) < 2:
            problem((*here, "keywords", "within"), "needs at least two keywords under 'all'")
    if problems:
        raise ConfigError(str(path), problems)
    return watches
