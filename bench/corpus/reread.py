"""Pick the items to read again under the settled close calls of GUIDELINE.md.

    python3 bench/corpus/reread.py [--shared PATH] [--readers 4]

After the first round, the close calls the readers noted were settled in GUIDELINE.md.
Read again, each by one reader who labels it fresh under the settled rules: every item a
reader put a note on, every item two readers disagreed on, and every seed item whose seed
note marks a close call. Writes ``batches/a001.ids``... and adds them to ``plan.json``.
Deterministic.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from agreement import pairs_of, read
from sources import SHARED_TRAIN

HERE = Path(__file__).resolve().parent


UNDATED = re.compile(r"undated|background|follow|no date|not dated|recent", re.IGNORECASE)


def undated_class(labels: Path) -> list[str]:
    """The second re-reading: items of the re-read batches that their reader called
    background (their note says undated, background, follow-up or recent) and labelled
    with no strike and no casualties; read again once the time rule was clarified."""
    out = []
    for path in sorted(labels.glob("a*.jsonl")):
        for item, label in read(path).items():
            note = str(label.get("note") or "")
            if label.get("skip") or label.get("strike") or label.get("casualties"):
                continue
            if UNDATED.search(note):
                out.append(item)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument(
        "--undated", action="store_true", help="the second re-reading (c001, c002) instead"
    )
    args = parser.parse_args()
    if args.undated:
        plan = json.loads((HERE / "batches" / "plan.json").read_text())
        chosen = undated_class(HERE / "labels")
        random.Random(3).shuffle(chosen)
        half = len(chosen) // 2
        for k, part in enumerate((chosen[:half], chosen[half:]), start=1):
            (HERE / "batches" / f"c{k:03d}.ids").write_text("".join(f"{i}\n" for i in part))
            plan[f"c{k:03d}"] = [f"c{k}"]
        (HERE / "batches" / "plan.json").write_text(json.dumps(plan, indent=1) + "\n")
        print(f"{len(chosen)} items to read again in two batches")
        return
    plan: dict[str, list[str]] = json.loads((HERE / "batches" / "plan.json").read_text())
    plan = {b: r for b, r in plan.items() if not b.startswith(("a", "c"))}
    chosen: list[str] = []
    seen: set[str] = set()

    def add(item: str) -> None:
        if item not in seen:
            seen.add(item)
            chosen.append(item)

    for path in sorted((HERE / "labels").glob("b*.r*.jsonl")):
        for item, label in read(path).items():
            if label.get("note") and not label.get("skip"):
                add(item)
    for batch, first, second in pairs_of(plan):
        a = read(HERE / "labels" / f"{batch}.{first}.jsonl")
        b = read(HERE / "labels" / f"{batch}.{second}.jsonl")
        for item in a:
            if item in b and any(
                a[item].get(k) != b[item].get(k)
                for k in ("strike", "casualties", "killed", "un_statement")
            ):
                add(item)
    for line in (args.shared / "labels_seed.jsonl").open():
        seed = json.loads(line)
        if seed.get("note") and "unreadable" not in seed["note"]:
            add(seed["id"])
    random.Random(20261201).shuffle(chosen)
    size = -(-len(chosen) // args.readers)
    for k in range(args.readers):
        name = f"a{k + 1:03d}"
        part = chosen[k * size : (k + 1) * size]
        (HERE / "batches" / f"{name}.ids").write_text("".join(f"{i}\n" for i in part))
        plan[name] = [f"a{k + 1}"]
    (HERE / "batches" / "plan.json").write_text(json.dumps(plan, indent=1) + "\n")
    print(f"{len(chosen)} items to read again in {args.readers} batches of up to {size}")


if __name__ == "__main__":
    main()
