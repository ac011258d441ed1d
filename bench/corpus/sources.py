"""The training texts in ``../shared/train/``, read by id. Nothing here is copied into the
project: the corpus keeps ids and labels, and scripts read the texts from their source.

Sources, by the name the corpus uses: ``rss-2023`` (world-news feed items), ``satp`` (South
Asia Terrorism Portal paragraphs), ``muc4`` (MUC-4 reports, upper case), ``ipe`` (Times of
India sentences on police actions), ``ucdp`` (headlines behind UCDP events) and ``bbc``
(BBC News articles, lower case).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# ``shared/`` lies beside the repository (or beside the folder of its worktrees).
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
SHARED_TRAIN = SHARED / "train"
FILES = {
    "satp": "satp.jsonl",
    "muc4": "muc4.jsonl",
    "ipe": "india_police_events.jsonl",
    "ucdp": "ucdp_headlines.jsonl",
    "bbc": "bbc_news.jsonl",
    "rss-2023": "rss_2023.jsonl.gz",
}


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    source: str
    title: str
    text: str
    native: dict[str, Any] = field(default_factory=dict)


def load_items(shared: Path = SHARED_TRAIN) -> dict[str, list[Item]]:
    """Every training item, by source, in file order."""
    if not shared.is_dir():
        raise SystemExit(f"the training texts are not there: {shared} is missing")
    out: dict[str, list[Item]] = {}
    for source, name in FILES.items():
        path = shared / name
        opener = gzip.open if name.endswith(".gz") else open
        rows = out.setdefault(source, [])
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                rows.append(
                    Item(
                        d["id"],
                        source,
                        d.get("title") or "",
                        d["text"] or "",
                        d.get("native") or {},
                    )
                )
    return out


def feed_items(shared: Path = SHARED_TRAIN) -> Iterator[dict[str, Any]]:
    """The 2023 feed items, as their lines say (``id``, ``feed``, ``published``, ``link``,
    ``title``, ``text``), in file order."""
    path = shared / FILES["rss-2023"]
    if not path.exists():
        raise SystemExit(f"the feed items are not there: {path} is missing")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def by_id(shared: Path = SHARED_TRAIN) -> dict[str, Item]:
    return {i.id: i for rows in load_items(shared).values() for i in rows}
