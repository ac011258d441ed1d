"""The readers' event labels, settled where several read one group.

``groups.json`` says which reader read which group; ``labels/READER.jsonl`` holds each
reader's ``{"id", "group", "event"}`` lines. A group read by one reader takes that reader's
labels. A group read by several (to measure agreement, ``agreement.py``) takes the labels of
the reader who agrees most with the others on its pairs of items (the first by name on a
tie). Items no reader labelled are left out.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def plan() -> dict[str, dict[str, list[str]]]:
    return json.loads((HERE / "groups.json").read_text(encoding="utf-8"))


def by_reader() -> dict[str, dict[str, tuple[str, str]]]:
    """Reader -> item id -> (group, event letter)."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for path in sorted((HERE / "labels").glob("*.jsonl")):
        rows = out.setdefault(path.stem, {})
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rows[d["id"]] = (d["group"], d["event"])
    return out


def same_pairs(labels: dict[str, tuple[str, str]], ids: list[str]) -> dict[tuple[str, str], bool]:
    """Every two labelled items of ``ids``: whether one reader put them in one event."""
    known = [i for i in ids if i in labels]
    return {(a, b): labels[a][1] == labels[b][1] for a, b in itertools.combinations(known, 2)}


def settled(
    readers: dict[str, dict[str, tuple[str, str]]] | None = None,
    groups: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Item id -> its event, ``GROUP-LETTER``, over every labelled group (of ``readers``'
    labels and ``groups``, read from their files when not given)."""
    readers = by_reader() if readers is None else readers
    groups = plan()["groups"] if groups is None else groups
    out: dict[str, str] = {}
    for group, ids in groups.items():
        who = [r for r, rows in readers.items() if any(i in rows for i in ids)]
        if not who:
            continue
        pairs = {r: same_pairs(readers[r], ids) for r in who}
        best = max(sorted(who), key=lambda r: _agreement(pairs, r))
        for i in ids:
            if i in readers[best]:
                out[i] = f"{group}-{readers[best][i][1]}"
    return out


def _agreement(pairs: dict[str, dict[tuple[str, str], bool]], reader: str) -> int:
    """On how many pair decisions ``reader`` agrees with the other readers of a group."""
    mine = pairs[reader]
    return sum(
        mine[p] == theirs[p]
        for other, theirs in pairs.items()
        if other != reader
        for p in mine.keys() & theirs.keys()
    )
