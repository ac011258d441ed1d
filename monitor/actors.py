"""Actor names as people write them, mapped to what the classifier reports.

The classifier reports a country as its ISO 3166 alpha-2 code (``IR``) and an armed group
by the group's name in the lexicon (``Hezbollah``). A watch rule, or ``stories list
--actor``, may name either the way a person would: ``IR``, ``IRN``, ``Iran``, ``Islamic
Republic of Iran``, ``Iranian``, ``Hizbollah``. ``ActorNames.resolve`` maps each such name,
in any case and with or without accents, to the actor the classifier reports, and for a
name it does not know, suggests the closest one it does ("did you mean IR (Iran)?").

Where the names come from: countryinfo (each country's name, alternative spellings,
demonym and codes), the hand-written supplement ``monitor/data/places_extra.yaml``, and the
armed groups of the lexicon (the shipped ``armed_groups.yaml`` and any a user adds under
``armed_groups:`` in ``signals.yaml``). Cities are left out: an actor is a country or a
group.

This module builds a table and answers questions about names; it reads no articles and
imports no spaCy (``stories list`` uses it, and must start fast).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from monitor.config import read_yaml
from monitor.errors import ConfigError

Group = tuple[str, tuple[str, ...]]
"""An armed group: the name reported, and the other names that mean it."""


def fold(name: str) -> str:
    """``name`` compared loosely: case, accents, and runs of spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").split())


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a name means: the actor the classifier reports, or a suggestion."""

    name: str
    """The name as written."""
    actor: str | None
    """``IR``, ``Hezbollah``; None when the name means nothing known."""
    suggestion: str | None = None
    """For an unknown name, the closest known actor, as ``IR (Iran)`` or ``Hezbollah``."""

    @property
    def problem(self) -> str:
        """Why the name was not understood, in a sentence, with a hint."""
        if self.suggestion is not None:
            return (
                f"no country or armed group is known as {self.name!r}: "
                f"did you mean {self.suggestion}?"
            )
        return (
            f"no country or armed group is known as {self.name!r} (write an ISO 3166 code "
            "such as IR, a country name such as Iran, or an armed group such as Hezbollah)"
        )


class ActorNames:
    """Every name of every actor the classifier can report."""

    def __init__(self, countries: Mapping[str, str], groups: Iterable[Group]) -> None:
        """``countries``: name -> ISO alpha-2 code (exact names; folded here)."""
        self._actors: dict[str, str] = {}
        """Folded name -> actor."""
        self._country_names: dict[str, str] = {}
        """Code -> the country's first name in ``countries`` (for ``IR (Iran)``)."""
        for code in sorted(set(countries.values())):
            self._actors[fold(code)] = code
        for name, code in countries.items():
            self._actors.setdefault(fold(name), code)
            if name != code:
                self._country_names.setdefault(code, name)
        for group, aliases in groups:
            for name in (group, *aliases):
                self._actors.setdefault(fold(name), group)

    def label(self, actor: str) -> str:
        """``IR (Iran)`` for a country, the name for a group."""
        name = self._country_names.get(actor)
        return f"{actor} ({name})" if name else actor

    @property
    def actors(self) -> frozenset[str]:
        """Every actor the classifier may report: codes and group names."""
        return frozenset(self._actors.values())

    def resolve(self, name: str) -> Resolved:
        """The actor ``name`` means, or the closest known one as a suggestion."""
        actor = self._actors.get(fold(name))
        if actor is not None:
            return Resolved(name, actor)
        folded = fold(name)
        # Two- and three-letter codes are too short to be near anything by their spelling.
        if len(folded) <= 3:
            return Resolved(name, None)
        close = difflib.get_close_matches(folded, self._actors, n=1, cutoff=0.75)
        return Resolved(name, None, self.label(self._actors[close[0]]) if close else None)


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    names: tuple[tuple[int, str], ...]
    """(rank, name): 0 the name, 1 a spelling, 2 a demonym, 3 an ISO alpha-3 code."""
    population: int


@cache
def _countries() -> dict[str, str]:
    """Name -> code for every country countryinfo knows, and the supplement's names.

    A name two countries share ("French", "American") goes to the one where it ranks
    higher (a name before a demonym), then to the more populous one, as the classifier
    decides."""
    from countryinfo import CountryInfo

    countries: list[_Country] = []
    for info in CountryInfo.all().values():
        iso: Mapping[str, Any] = info.get("ISO") or {}
        code = iso.get("alpha2")
        if not isinstance(code, str) or len(code) != 2:
            continue
        names = [(0, str(info.get("name") or ""))]
        names += [(1, str(s)) for s in info.get("altSpellings") or ()]
        names.append((2, str(info.get("demonym") or "")))
        names.append((3, str(iso.get("alpha3") or "")))
        people = int(info.get("population") or 0)
        countries.append(_Country(code, tuple((r, n) for r, n in names if n.strip()), people))
    best: dict[str, tuple[int, int, str]] = {}
    for country in countries:
        for rank, name in country.names:
            key = (rank, -country.population, country.code)
            if name not in best or key < best[name]:
                best[name] = key
    table = {name: code for name, (_, _, code) in best.items()}
    # The country's own name first, so that a suggestion shows "IR (Iran)".
    ordered = {
        c.names[0][1]: c.code for c in sorted(countries, key=lambda c: -c.population) if c.names
    }
    ordered = {name: code for name, code in ordered.items() if table.get(name) == code}
    for name, code in table.items():
        ordered.setdefault(name, code)
    for name, code in _supplement().items():
        ordered.setdefault(name, code)
    return ordered


def _data(name: str) -> Path:
    return Path(str(resources.files("monitor") / "data" / name))


def _supplement() -> dict[str, str]:
    data, _ = read_yaml(_data("places_extra.yaml"))
    names = data.get("names") if isinstance(data, dict) else None
    if not isinstance(names, dict):
        return {}
    return {str(k): str(v) for k, v in names.items() if isinstance(v, str) and len(v) == 2}


def groups_in(data: object) -> tuple[Group, ...]:
    """The armed groups listed in ``data`` (a list of ``{name, aliases}``), leniently: the
    lexicon validates the file; this only reads the names."""
    groups: list[Group] = []
    for item in data if isinstance(data, list) else ():
        if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            aliases = item.get("aliases")
            listed = aliases if isinstance(aliases, list) else []
            groups.append((item["name"].strip(), tuple(str(a) for a in listed if a)))
    return tuple(groups)


@cache
def shipped_groups() -> tuple[Group, ...]:
    """The armed groups of ``monitor/data/armed_groups.yaml``."""
    data, _ = read_yaml(_data("armed_groups.yaml"))
    return groups_in(data.get("groups") if isinstance(data, dict) else None)


def lexicon_groups(signals: Path | None) -> tuple[Group, ...]:
    """The shipped groups and those a ``signals.yaml`` adds, without building the lexicon
    (which needs spaCy): for commands that only read."""
    added: tuple[Group, ...] = ()
    if signals is not None:
        try:
            data, _ = read_yaml(signals)
        except ConfigError:
            data = None  # the lexicon's own check reports it; the shipped groups remain
        added = groups_in(data.get("armed_groups") if isinstance(data, dict) else None)
    names = {name for name, _ in added}
    return tuple(g for g in shipped_groups() if g[0] not in names) + added


def actor_names(groups: Iterable[Group] | None = None) -> ActorNames:
    """Every country, and ``groups`` (default: the shipped ones)."""
    return ActorNames(_countries(), shipped_groups() if groups is None else groups)
