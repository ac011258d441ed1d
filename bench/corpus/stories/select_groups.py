"""Pick groups of related feed items for readers to sort into events.

    python3 bench/corpus/stories/select_groups.py [--days 48] [--per-day 5]
    python3 bench/corpus/stories/select_groups.py --wave 2 --readers 6

The story pair model learns from real reports of one event by several outlets, and from
reports that look alike but tell different events. Both come from the 2023 world-news feed
items of ``../shared/train/`` (ten outlets, times to the second). On days spread over the
year, a few items are picked as seeds (most naming violence, the UN or a conflict, the rest
any news), and each seed's group gathers the items most like it in words (TF-IDF cosine of
title and text) published within two days of it: other outlets' reports of the same event,
follow-ups, and related events on nearby days. No item is in two groups, and a seed too
like an item already grouped is skipped, so that one event rarely spans two groups.

Writes ``groups.json``: ``{group: [item ids, in published order]}``, and which reader reads
which group. Only ids are written; the texts stay in ``../shared/``. Deterministic.

A later ``--wave`` adds groups to those already there, on other days of the year (the first
wave's days moved by ``OFFSET`` days), from items no group holds yet: groups named by the
wave's letter (``t001`` ... for the second), read by readers of their own (``w2r1`` ...).
The groups of earlier waves are kept as they are, so a wave is reproducible from them.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from sources import SHARED_TRAIN, feed_items  # noqa: E402

SEED = 20261130
WINDOW = timedelta(days=2)
GROUP = 8
"""At most this many items a group: the seed and its nearest neighbours."""
NEAREST = 0.10
"""A neighbour's least cosine to its seed."""
TAKEN = 0.30
"""A seed this like an item already grouped is skipped."""
OFFSET = {1: 0, 2: 4, 3: 2, 4: 6, 5: 1}
"""Days the seed days of a wave are moved by from the first wave's."""
LETTER = {1: "s", 2: "t", 3: "u", 4: "v", 5: "w"}
CONFLICT = re.compile(
    r"\b(strikes?|struck|attack\w*|killed|kills?|dead|deaths?|bomb\w*|missiles?|drones?|"
    r"shell\w*|rockets?|troops|army|militants?|rebels?|war|ceasefire|raid\w*|clash\w*|"
    r"UN|U\.N\.|United Nations|Security Council|Guterres)\b",
    re.IGNORECASE,
)
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "with",
        "by",
        "from",
        "as",
        "after",
        "over",
        "into",
        "says",
        "said",
        "say",
        "will",
        "would",
        "could",
        "not",
        "no",
        "new",
        "more",
        "than",
        "about",
        "who",
        "what",
        "when",
        "why",
        "how",
        "he",
        "she",
        "they",
        "their",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
    ]
)


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOP and len(w) > 1]


def outlet(feed: str) -> str:
    host = re.sub(r"^https?://", "", feed).split("/")[0]
    return host.removeprefix("www.").removeprefix("feeds.").removeprefix("rss.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN)
    parser.add_argument("--days", type=int, default=48)
    parser.add_argument("--per-day", type=int, default=5)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--overlap", type=int, default=6, help="groups read by every reader")
    parser.add_argument("--wave", type=int, choices=sorted(OFFSET), default=1)
    args = parser.parse_args()
    earlier: dict[str, dict[str, list[str]]] = {"groups": {}, "readers": {}}
    if args.wave > 1:
        earlier = json.loads((HERE / "groups.json").read_text(encoding="utf-8"))
        earlier["groups"] = {g: ids for g, ids in earlier["groups"].items()
                             if g[0] != LETTER[args.wave]}  # fmt: skip
        earlier["readers"] = {r: gs for r, gs in earlier["readers"].items()
                              if not r.startswith(f"w{args.wave}r")}  # fmt: skip
    items = []
    for d in feed_items(args.shared):
        text = f"{d.get('title') or ''} {d.get('text') or ''}"
        when = datetime.fromisoformat(d["published"])
        items.append((when, d["id"], outlet(d["feed"]), text))
    items.sort()
    df: Counter[str] = Counter()
    bags = []
    for _, _, _, text in items:
        bag = Counter(words(text))
        bags.append(bag)
        df.update(bag.keys())
    n = len(items)
    vectors = []
    for bag in bags:
        v = {w: c * math.log(n / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})

    def cos(i: int, j: int) -> float:
        a, b = vectors[i], vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(w, 0.0) for w, x in a.items())

    rng = random.Random(SEED)
    start = datetime.fromisoformat("2023-01-04 00:00:00+00:00")
    grouped = {i for ids in earlier["groups"].values() for i in ids}
    used: set[int] = {k for k, it in enumerate(items) if it[1] in grouped}
    groups: dict[str, list[str]] = {}
    for d in range(args.days):
        day = start + timedelta(days=d * 360 // args.days + OFFSET[args.wave])
        near = [i for i, it in enumerate(items) if abs(it[0] - day - timedelta(hours=12)) <= WINDOW]
        today = [i for i in near if day <= items[i][0] < day + timedelta(days=1)]
        rng.shuffle(today)
        conflict = [i for i in today if CONFLICT.search(items[i][3])]
        other = [i for i in today if not CONFLICT.search(items[i][3])]
        picked = 0
        for pool, quota in ((conflict, args.per_day - 2), (other + conflict, args.per_day)):
            for seed in pool:
                if picked >= quota:
                    break
                if seed in used or any(cos(seed, u) >= TAKEN for u in near if u in used):
                    continue
                scored = sorted(
                    ((cos(seed, j), j) for j in near if j != seed and j not in used),
                    reverse=True,
                )
                members = [j for c, j in scored[: GROUP - 1] if c >= NEAREST]
                if len({items[j][2] for j in members} - {items[seed][2]}) < 2:
                    continue  # too few other outlets near it to teach anything
                group = sorted([seed, *members])
                used.update(group)
                groups[f"{LETTER[args.wave]}{len(groups) + 1:03d}"] = [items[i][1] for i in group]
                picked += 1
    names = list(groups)
    overlap = names[: args.overlap]
    reader = "r{}" if args.wave == 1 else f"w{args.wave}r{{}}"
    plan = {reader.format(k + 1): list(overlap) for k in range(args.readers)}
    for k, g in enumerate(names[args.overlap :]):
        plan[reader.format(k % args.readers + 1)].append(g)
    out = {"groups": earlier["groups"] | groups, "readers": earlier["readers"] | plan}
    (HERE / "groups.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    size = sum(map(len, groups.values()))
    print(f"{len(groups)} groups, {size} items; {len(overlap)} read by all {args.readers} readers")


if __name__ == "__main__":
    main()
