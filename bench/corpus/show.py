"""Print the items of a reading batch, for a reader to label.

    python3 bench/corpus/show.py b007 [--from 21] [--count 20]

Each item is printed with its number in the batch, its id and source, its title and its
whole text. The texts come from ``../shared/train/``; nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sources import SHARED_TRAIN, by_id

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch")
    parser.add_argument("--from", dest="start", type=int, default=1)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN)
    args = parser.parse_args()
    ids = (HERE / "batches" / f"{args.batch}.ids").read_text().split()
    if not 1 <= args.start <= len(ids):
        parser.error(f"--from {args.start}: batch {args.batch} has items 1 to {len(ids)}")
    items = by_id(args.shared)
    end = min(len(ids), args.start - 1 + args.count)
    for n in range(args.start, end + 1):
        item = items[ids[n - 1]]
        print(f"=== {n}/{len(ids)}  {item.id}  [{item.source}]")
        if item.title:
            print(f"TITLE: {item.title}")
        print(item.text.strip())
        print()


if __name__ == "__main__":
    main()
