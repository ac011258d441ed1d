"""Check a reader's event labels against the groups they were given.

    python3 bench/corpus/stories/check_labels.py r1 [r2 ...]

Every item of every group of the reader must have one line ``{"id", "group", "event"}`` (and
``note`` optionally), ``event`` a capital letter. Prints what is missing or malformed, by line.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from labels import plan

HERE = Path(__file__).resolve().parent


def problems(reader: str) -> list[str]:
    groups = plan()
    wanted = {i: g for g in groups["readers"][reader] for i in groups["groups"][g]}
    path = HERE / "labels" / f"{reader}.jsonl"
    if not path.exists():
        return [f"{path} is missing"]
    out, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            out.append(f"line {n}: not JSON ({e})")
            continue
        if set(d) - {"id", "group", "event", "note"} or not {"id", "group", "event"} <= set(d):
            out.append(f"line {n}: keys must be id, group, event (and note): {sorted(d)}")
        elif wanted.get(d["id"]) != d["group"]:
            out.append(f"line {n}: {d['id']} is not in group {d['group']} of {reader}")
        elif not re.fullmatch(r"[A-Z]", str(d["event"])):
            out.append(f"line {n}: event must be one capital letter, not {d['event']!r}")
        elif d["id"] in seen:
            out.append(f"line {n}: {d['id']} labelled twice")
        seen.add(d.get("id"))
    out += [f"{i} (group {g}) has no label" for i, g in wanted.items() if i not in seen]
    return out


def main() -> int:
    bad = 0
    for reader in sys.argv[1:]:
        found = problems(reader)
        bad += bool(found)
        print(f"{reader}: " + ("ok" if not found else f"{len(found)} problems"))
        for p in found[:40]:
            print(f"  {p}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
