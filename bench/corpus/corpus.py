"""The labelled corpus: every label file merged into one label per item.

    python3 bench/corpus/corpus.py            # sizes and label counts per source

Precedence, highest first: the re-reading of one class after its rule was clarified
(``c*.jsonl``), the re-reading of every noted item under the settled close calls
(``a*.jsonl``, and ``b900`` for the seed's settled classes), the first-round readers
(``b*.jsonl``), the seed labels. Where two
first-round readers disagree on an item that was not read again, the item is left out.
Skipped items are left out. The result holds ids and labels only; the texts stay in
``../shared/train/``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"
KEYS = ("strike", "casualties", "killed", "un_statement")


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    source: str
    strike: bool
    casualties: bool
    killed: int | None
    un_statement: bool
    injured: int | None = None
    origin: str = ""
    """Which file decided it."""

    @property
    def any_signal(self) -> bool:
        return self.strike or self.casualties or self.un_statement


def source_of(item_id: str) -> str:
    return item_id.split(":", 1)[0]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def load_corpus(labels: Path = LABELS) -> dict[str, Label]:
    """One label per item id."""
    chosen: dict[str, tuple[int, dict[str, object], str]] = {}
    first_round: defaultdict[str, list[dict[str, object]]] = defaultdict(list)

    def offer(rank: int, d: dict[str, object], origin: str) -> None:
        item = str(d["id"])
        if item not in chosen or chosen[item][0] < rank:
            chosen[item] = (rank, d, origin)

    for d in _lines(labels / "seed.jsonl"):
        offer(0, d, "seed")
    for path in sorted(labels.glob("b*.jsonl")):
        batch = path.name.split(".")[0]
        for d in _lines(path):
            if batch == "b900":
                offer(2, d, path.name)
            else:
                first_round[str(d["id"])].append(d)
    for item, found in first_round.items():
        answers = {json.dumps([d.get(k) for k in (*KEYS, "skip")]) for d in found}
        if len(answers) == 1:
            offer(1, found[0], "first round")
        elif item in chosen and chosen[item][0] == 0:
            del chosen[item]  # the readers disagree: not the seed's call either
    for rank, pattern in ((3, "a*.jsonl"), (4, "c*.jsonl")):
        for path in sorted(labels.glob(pattern)):
            for d in _lines(path):
                offer(rank, d, path.name)
    agreed_ids = {i for i, found in first_round.items() if len(found) > 1}
    out = {}
    for item, (rank, d, origin) in chosen.items():
        if d.get("skip"):
            continue
        if rank == 1 and item in agreed_ids:
            origin = "first round, two readers"
        out[item] = Label(
            item,
            source_of(item),
            bool(d["strike"]),
            bool(d["casualties"]),
            d.get("killed"),  # type: ignore[arg-type]
            bool(d["un_statement"]),
            d.get("injured"),  # type: ignore[arg-type]
            origin,
        )
    # A first-round disagreement not read again is left out.
    for item, found in first_round.items():
        if item in out and out[item].origin.startswith("first round"):
            answers = {json.dumps([d.get(k) for k in KEYS]) for d in found}
            if len(answers) > 1:
                del out[item]
    return out


def main() -> None:
    corpus = load_corpus()
    by_source: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for label in corpus.values():
        c = by_source[label.source]
        c["items"] += 1
        c["strike"] += label.strike
        c["casualties"] += label.casualties
        c["killed stated"] += label.killed is not None
        c["un_statement"] += label.un_statement
        c["no signal"] += not label.any_signal
    columns = ("items", "strike", "casualties", "killed stated", "un_statement", "no signal")
    print(f"{'source':<10}" + "".join(f"{c:>15}" for c in columns))
    total: Counter[str] = Counter()
    for source in sorted(by_source):
        total.update(by_source[source])
        print(f"{source:<10}" + "".join(f"{by_source[source][c]:>15}" for c in columns))
    print(f"{'all':<10}" + "".join(f"{total[c]:>15}" for c in columns))


if __name__ == "__main__":
    main()
