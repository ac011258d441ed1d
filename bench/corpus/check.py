"""Check label files: every line well formed, every id in its batch, every item labelled.

    python3 bench/corpus/check.py [FILE...]      (default: every file in labels/)

A label file of a batch is ``labels/<batch>.<reader>.jsonl``. Prints one line per problem
and a summary per file; exit 1 if any problem was found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = {"strike": bool, "casualties": bool, "un_statement": bool}
COUNTS = ("killed", "injured")


def problems_of(label: dict[str, object]) -> list[str]:
    if label.get("skip") is True:
        return []
    out = []
    for name, kind in FIELDS.items():
        if not isinstance(label.get(name), kind):
            out.append(f"{name} must be true or false")
    for name in COUNTS:
        value = label.get(name)
        whole = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        if value is not None and not whole:
            out.append(f"{name} must be a whole number or null")
        if value is not None and label.get("casualties") is False:
            out.append(f"{name} is {value} but casualties is false")
    unknown = set(label) - {"id", "note", "skip", "source", *FIELDS, *COUNTS}
    if unknown:
        out.append(f"unknown keys {sorted(unknown)}")
    return out


def check(path: Path) -> int:
    batch = path.name.split(".")[0]
    ids_file = HERE / "batches" / f"{batch}.ids"
    expected = ids_file.read_text().split() if ids_file.exists() else None
    seen: set[str] = set()
    bad = 0
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            label = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"{path.name}:{number}: not JSON: {e}")
            bad += 1
            continue
        item = label.get("id")
        found = problems_of(label)
        if expected is not None and item not in expected:
            found.append("id not in this batch")
        if item in seen:
            found.append("labelled twice")
        seen.add(str(item))
        for p in found:
            print(f"{path.name}:{number}: {item}: {p}")
        bad += len(found)
    if expected is not None:
        missing = [i for i in expected if i not in seen]
        if missing:
            print(f"{path.name}: {len(missing)} item(s) not labelled yet, first {missing[0]}")
        print(f"{path.name}: {len(seen)} of {len(expected)} labelled, {bad} problem(s)")
    return bad


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted((HERE / "labels").glob("b*.jsonl"))
    sys.exit(1 if sum(check(f) for f in files) else 0)


if __name__ == "__main__":
    main()
