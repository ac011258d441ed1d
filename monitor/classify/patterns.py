"""Token patterns, matched only against the articles that hold the words they need.

spaCy's Matcher walks every pattern over every token of an article, creating a Token and
calling Python for each set or regular-expression test on the way: with the lexicon's few
dozen patterns, that cost three times all the rest of classifying. Most patterns cannot
match without words most articles lack (a toll pattern needs "toll", a dated-attack veto
a year), so each pattern keeps the words it needs, and an article is matched by one Matcher
holding only the patterns whose needed words it has. Which those are is found from the
article's own words: each pattern is listed under the words of one list it needs (the
shortest), so that only the patterns an article's words name are checked further, not
every pattern of the lexicon. That Matcher is kept for the next article that needs the
same patterns. The matches are those of a Matcher holding every
pattern, in the same order: a pattern left out could not have matched.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

_COLUMNS = {"ORTH": 0, "TEXT": 0, "LOWER": 1, "LEMMA": 2}
"""The attributes a needed word is read from, by their column in ``_Words``."""
_REQUIRED_OPS = frozenset({"1", "+"})
"""A token with one of these operators (or none) must be in every match."""
_CACHED = 1024
"""Matchers kept, one per set of patterns an article needed."""


@dataclass(frozen=True, slots=True)
class _Need:
    """A word a pattern cannot match without: one of ``values`` (hashes), or a word that
    ``regex`` finds, in the column ``column``."""

    column: int
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None


class _Words:
    """The words of one article, column by column, read once and only when asked."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._array: np.ndarray | None = None
        self._hashes: dict[int, set[int]] = {}
        self._texts: dict[int, list[str]] = {}

    def hashes(self, column: int) -> set[int]:
        if column not in self._hashes:
            if self._array is None:
                self._array = self.doc.to_array(["ORTH", "LOWER", "LEMMA"])
            self._hashes[column] = set(self._array[:, column].tolist())
        return self._hashes[column]

    def has(self, need: _Need) -> bool:
        if need.regex is None:
            return not need.values.isdisjoint(self.hashes(need.column))
        if need.column not in self._texts:
            strings = self.doc.vocab.strings
            self._texts[need.column] = [strings[h] for h in self.hashes(need.column)]
        return any(need.regex.search(text) for text in self._texts[need.column])


def _needs(pattern: Sequence[Mapping[str, Any]], strings: Any) -> tuple[_Need, ...]:
    """What ``pattern`` cannot match without. Only required tokens count, and of them only
    tests of ORTH, LOWER or LEMMA against a word, a list (IN) or a regular expression;
    a pattern with none is tried on every article."""
    needs = []
    for token in pattern:
        if str(token.get("OP", "1")) not in _REQUIRED_OPS:
            continue
        for attr, value in token.items():
            column = _COLUMNS.get(attr.upper()) if isinstance(attr, str) else None
            if column is None:
                continue
            if isinstance(value, str):
                needs.append(_Need(column, frozenset({strings.add(value)})))
            elif isinstance(value, Mapping) and isinstance(value.get("IN"), list):
                words = [v for v in value["IN"] if isinstance(v, str)]
                if len(words) == len(value["IN"]):
                    needs.append(_Need(column, frozenset(strings.add(w) for w in words)))
            elif isinstance(value, Mapping) and isinstance(value.get("REGEX"), str):
                needs.append(_Need(column, regex=re.compile(value["REGEX"])))
    return tuple(needs)


class TokenPatterns:
    """Token patterns under keys, matched as spaCy's Matcher matches them."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._patterns: list[tuple[str, list[dict[str, Any]]]] = []
        self._needs: list[tuple[_Need, ...]] = []
        self._by_word: dict[tuple[int, int], list[int]] = {}
        """The patterns (by number) under one word each of them needs, by column and hash:
        an article's own words find the patterns worth checking."""
        self._columns: set[int] = set()
        self._unindexed: list[int] = []
        """The patterns that need no word from a list (checked on every article)."""
        self._matchers: OrderedDict[tuple[int, ...], Matcher] = OrderedDict()

    def add(self, key: str, patterns: Iterable[Sequence[Mapping[str, Any]]]) -> None:
        """Add ``patterns`` under ``key`` (a Matcher's ``add``). Their words are stored
        now, so that a Matcher built later inside a memory zone adds no string."""
        self.vocab.strings.add(key)
        for pattern in patterns:
            number = len(self._patterns)
            needs = _needs(pattern, self.vocab.strings)
            self._patterns.append((key, [dict(token) for token in pattern]))
            self._needs.append(needs)
            listed = [n for n in needs if n.regex is None]
            if not listed:
                self._unindexed.append(number)
                continue
            need = min(listed, key=lambda n: len(n.values))
            self._columns.add(need.column)
            for value in need.values:
                self._by_word.setdefault((need.column, value), []).append(number)
        self._matchers.clear()

    def __len__(self) -> int:
        return len(self._patterns)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` of every match in ``doc``."""
        if not self._patterns or not len(doc):
            return []
        wanted = self.wanted(doc)
        return list(self._matcher(wanted)(doc)) if wanted else []

    def wanted(self, doc: Doc) -> tuple[int, ...]:
        """The patterns (by the order they were added) whose needed words ``doc`` holds."""
        words = _Words(doc)
        candidates = set(self._unindexed)
        for column in self._columns:
            for value in words.hashes(column):
                found = self._by_word.get((column, value))
                if found is not None:
                    candidates.update(found)
        needs = self._needs
        return tuple(i for i in sorted(candidates) if all(words.has(n) for n in needs[i]))

    def _matcher(self, wanted: tuple[int, ...]) -> Matcher:
        matcher = self._matchers.get(wanted)
        if matcher is None:
            matcher = Matcher(self.vocab)
            for i in wanted:  # in the order added: matches come in the same order
                key, pattern = self._patterns[i]
                matcher.add(key, [pattern])
            self._matchers[wanted] = matcher
            if len(self._matchers) > _CACHED:
                self._matchers.popitem(last=False)
        else:
            self._matchers.move_to_end(wanted)
        return matcher
