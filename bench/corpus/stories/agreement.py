"""How far readers agree on the groups several of them sorted into events.

    python3 bench/corpus/stories/agreement.py

For every two readers, over the groups both read: the share of item pairs both put in one
event or both kept apart, Cohen's kappa on those same-event decisions, and the pairs on
which they differ. The corpus's size and its events are printed too.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from labels import by_reader, plan, same_pairs, settled


def kappa(decisions: list[tuple[bool, bool]]) -> float:
    n = len(decisions)
    agree = sum(a == b for a, b in decisions) / n
    pa = sum(a for a, _ in decisions) / n
    pb = sum(b for _, b in decisions) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (agree - expected) / (1 - expected)


def main() -> None:
    groups = plan()["groups"]
    readers = by_reader()
    events = Counter(settled(readers, groups).values())
    sizes = Counter(events.values())
    print(f"{sum(events.values())} items labelled in {len({e.split('-')[0] for e in events})} "
          f"groups, {len(events)} events; events by number of items: "
          + ", ".join(f"{k}: {sizes[k]}" for k in sorted(sizes)))  # fmt: skip
    total: list[tuple[bool, bool]] = []
    for a, b in itertools.combinations(sorted(readers), 2):
        decisions, differ = [], []
        for group, ids in groups.items():
            pa, pb = same_pairs(readers[a], ids), same_pairs(readers[b], ids)
            for pair in pa.keys() & pb.keys():
                decisions.append((pa[pair], pb[pair]))
                if pa[pair] != pb[pair]:
                    differ.append(
                        f"{group}: {pair[0]} {pair[1]} ({a}: {pa[pair]}, {b}: {pb[pair]})"
                    )
        if decisions:
            total += decisions
            agree = sum(x == y for x, y in decisions) / len(decisions)
            print(f"{a} and {b}: {len(decisions)} pairs, agree {agree:.3f}, "
                  f"kappa {kappa(decisions):.2f}")  # fmt: skip
            for line in differ:
                print(f"  {line}")
    if total:
        agree = sum(x == y for x, y in total) / len(total)
        print(f"all: {len(total)} pair decisions, agree {agree:.3f}, kappa {kappa(total):.2f}")


if __name__ == "__main__":
    main()
