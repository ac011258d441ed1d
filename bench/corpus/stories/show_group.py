"""Print groups of feed items for a reader to sort into events.

    python3 bench/corpus/stories/show_group.py s001 [s002 ...]
    python3 bench/corpus/stories/show_group.py --reader r2

Each item is printed with its place in the group, its id, outlet, time (UTC), title and
text. The texts come from ``../shared/train/``; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from select_groups import outlet  # noqa: E402
from sources import SHARED_TRAIN, feed_items  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*")
    parser.add_argument("--reader")
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN)
    args = parser.parse_args()
    plan = json.loads((HERE / "groups.json").read_text(encoding="utf-8"))
    names = list(args.groups) + (plan["readers"][args.reader] if args.reader else [])
    wanted = {i for g in names for i in plan["groups"][g]}
    rows = {d["id"]: d for d in feed_items(args.shared) if d["id"] in wanted}
    for g in names:
        print(f"=== group {g}")
        for n, i in enumerate(plan["groups"][g], 1):
            d = rows[i]
            print(f"[{n}] {i}  {outlet(d['feed'])}  {d['published'][:16]}")
            print(f"    {d.get('title') or ''}")
            print(f"    {d.get('text') or ''}")
        print()


if __name__ == "__main__":
    main()
