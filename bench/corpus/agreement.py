"""Agreement between readers on the items two of them read independently.

    python3 bench/corpus/agreement.py

For each double-read batch (``plan.json`` lists two readers), and in all: the share of
items on which both gave the same answer, per label, and Cohen's kappa for the yes/no
labels; ``killed`` agreement counts both null as agreeing. Lists the disagreements by id.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = ("strike", "casualties", "un_statement")


def read(path: Path) -> dict[str, dict[str, object]]:
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text().splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["id"]] = d
    return out


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    agree = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n
    pb = sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (agree - expected) / (1 - expected)


def pairs_of(plan: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    return [(batch, *readers) for batch, readers in plan.items() if len(readers) == 2]  # type: ignore[misc]


def main() -> None:
    plan = json.loads((HERE / "batches" / "plan.json").read_text())
    every: dict[str, list[tuple[object, object]]] = {k: [] for k in (*LABELS, "killed")}
    disagreements = []
    for batch, first, second in pairs_of(plan):
        a = read(HERE / "labels" / f"{batch}.{first}.jsonl")
        b = read(HERE / "labels" / f"{batch}.{second}.jsonl")
        both = [i for i in a if i in b and not a[i].get("skip") and not b[i].get("skip")]
        for item in both:
            for key in every:
                every[key].append((a[item].get(key), b[item].get(key)))
            differ = [k for k in every if a[item].get(k) != b[item].get(k)]
            if differ:
                disagreements.append((batch, item, first, second, differ))
        print(f"{batch} ({first}, {second}): {len(both)} items read by both")
    n = len(every["strike"])
    print(f"\nin all, {n} items read twice")
    for key, pairs in every.items():
        same = sum(x == y for x, y in pairs)
        line = f"  {key:<13} agree {same}/{len(pairs)} ({same / max(1, len(pairs)):.3f})"
        if key in LABELS:
            line += f", kappa {kappa([(bool(x), bool(y)) for x, y in pairs]):.3f}"
        print(line)
    print(f"\n{len(disagreements)} item(s) with a disagreement:")
    for batch, item, first, second, differ in disagreements:
        print(f"  {batch} {item}: {', '.join(differ)} ({first} vs {second})")


if __name__ == "__main__":
    main()
