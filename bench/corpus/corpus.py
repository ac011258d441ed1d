"""The labelled corpus: every label file merged into one label per item, with its fold.

    python3 bench/corpus/corpus.py [--labels DIR]     size and label counts per source

Reads ``labels/seed.jsonl`` and the readers' ``labels/<batch>.<reader>.jsonl`` files (ids
and labels only; the texts stay in ``../shared/train/``). Merging:

- a batch read by one reader gives that reader's label; ``b900`` re-reads seed items in a
  class of close call settled since, so its label replaces the seed's;
- the re-readings under the settled close calls of ``GUIDELINE.md`` replace every earlier
  label of their items: ``a*`` batches (every noted item, and every double-read item the
  two readers disagreed on), then ``c*`` batches (one class read again once its rule was
  clarified), the latest reading winning;
- a batch read by two readers (``batches/plan.json``) gives the label they agree on
  (strike, casualties, un_statement and killed); where they disagree the item is left
  out of training and evaluation until a third reading settles it, and is listed; while
  only one of the two has read it, that reading is used;
- ``"skip": true`` leaves the item out.

Every item gets a fold from a stable hash of its id: 70% ``tune`` (rules are widened and
models trained looking only at these) and 30% ``test`` (measured, never read item by item).

Nothing here classifies or trains; it reads label files and prints.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"
PLAN = HERE / "batches" / "plan.json"
SOURCES = ("rss-2023", "satp", "muc4", "ipe", "ucdp", "bbc")
SIGNALS = ("strike", "casualties", "un_statement")
AGREE_ON = (*SIGNALS, "killed")
TUNE_SHARE = 70
RELABEL_BATCH = "b900"


def fold_of(item_id: str) -> str:
    """``tune`` or ``test``, from a hash of the id: the same id always falls the same way."""
    digest = hashlib.sha256(f"monitor-corpus|{item_id}".encode()).digest()
    return "tune" if int.from_bytes(digest[:4], "big") % 100 < TUNE_SHARE else "test"


def source_of(item_id: str) -> str:
    return item_id.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Label:
    """One item's merged label."""

    id: str
    source: str
    strike: bool
    casualties: bool
    un_statement: bool
    killed: int | None
    """People stated killed, None when not stated (or casualties is false)."""
    injured: int | None
    """People stated injured; None when not stated, and always None in the seed labels."""
    fold: str
    origin: str
    """The label file (or files, joined by ``+``) it comes from."""

    def signal(self, name: str) -> bool:
        return bool(getattr(self, name))

    @property
    def any_signal(self) -> bool:
        return self.strike or self.casualties or self.un_statement


@dataclass
class Corpus:
    labels: dict[str, Label] = field(default_factory=dict)
    disagreements: list[tuple[str, str]] = field(default_factory=list)
    """(id, what the two readers said) for double-read items left out."""
    skipped: list[str] = field(default_factory=list)

    def of(self, source: str | None = None, fold: str | None = None) -> list[Label]:
        return [
            label
            for label in self.labels.values()
            if (source is None or label.source == source) and (fold is None or label.fold == fold)
        ]


def _label(raw: dict[str, Any], origin: str) -> Label:
    item_id = str(raw["id"])
    return Label(
        id=item_id,
        source=source_of(item_id),
        strike=bool(raw["strike"]),
        casualties=bool(raw["casualties"]),
        un_statement=bool(raw["un_statement"]),
        killed=raw.get("killed") if raw.get("casualties") else None,
        injured=raw.get("injured") if raw.get("casualties") else None,
        fold=fold_of(item_id),
        origin=origin,
    )


def _read(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a reader's half-written last line: read it next time
    return rows


def load_corpus(labels_dir: Path = LABELS, plan_path: Path = PLAN) -> Corpus:
    """All label files in ``labels_dir`` merged (see the module docstring)."""
    plan: dict[str, list[str]] = json.loads(plan_path.read_text()) if plan_path.exists() else {}
    corpus = Corpus()
    seed = labels_dir / "seed.jsonl"
    raw_by_id: dict[str, dict[str, Any]] = {}
    origin_by_id: dict[str, str] = {}
    if seed.exists():
        for raw in _read(seed):
            raw_by_id[raw["id"]] = raw
            origin_by_id[raw["id"]] = seed.name
    readings: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for path in sorted(labels_dir.glob("b*.jsonl")):
        batch = path.name.split(".")[0]
        for raw in _read(path):
            if "id" in raw:
                readings[raw["id"]].append((f"{batch}:{path.name}", raw))
    for item_id, reads in readings.items():
        batches = {origin.split(":")[0] for origin, _ in reads}
        if RELABEL_BATCH in batches:
            origin, raw = next((o, r) for o, r in reads if o.startswith(RELABEL_BATCH))
        elif len(reads) >= 2 or any(len(plan.get(b, ())) >= 2 for b in batches):
            usable = [(o, r) for o, r in reads if not r.get("skip")]
            if len(usable) < len(reads) and not usable:
                corpus.skipped.append(item_id)
                raw_by_id.pop(item_id, None)
                continue
            keys = {tuple(r.get(k) for k in AGREE_ON) for _, r in usable}
            if len(keys) > 1:
                said = " vs ".join(
                    f"{o.split(':')[1]} " + ",".join(f"{k}={r.get(k)}" for k in AGREE_ON)
                    for o, r in usable
                )
                corpus.disagreements.append((item_id, said))
                raw_by_id.pop(item_id, None)
                continue
            origin = "+".join(o.split(":")[1] for o, _ in usable)
            raw = usable[0][1]
        else:
            origin, raw = reads[0]
            origin = origin.split(":")[1]
        if raw.get("skip"):
            corpus.skipped.append(item_id)
            raw_by_id.pop(item_id, None)
            continue
        raw_by_id[item_id] = raw
        origin_by_id[item_id] = origin
    settled: set[str] = set()
    for pattern in ("a*.jsonl", "c*.jsonl"):
        for path in sorted(labels_dir.glob(pattern)):
            for raw in _read(path):
                if "id" not in raw:
                    continue
                item_id = raw["id"]
                settled.add(item_id)
                if item_id in corpus.skipped:
                    corpus.skipped.remove(item_id)
                if raw.get("skip"):
                    raw_by_id.pop(item_id, None)
                    corpus.skipped.append(item_id)
                    continue
                raw_by_id[item_id] = raw
                origin_by_id[item_id] = path.name
    corpus.disagreements = [d for d in corpus.disagreements if d[0] not in settled]
    for item_id, raw in raw_by_id.items():
        try:
            corpus.labels[item_id] = _label(raw, origin_by_id[item_id])
        except KeyError:
            corpus.skipped.append(item_id)
    return corpus


def with_texts(corpus: Corpus, shared: Path | None = None) -> list[tuple[Label, str, str]]:
    """``(label, title, text)`` for every labelled item, in id order (texts from ``../shared``)."""
    from sources import SHARED_TRAIN, by_id

    items = by_id(shared or SHARED_TRAIN)
    out = []
    for item_id in sorted(corpus.labels):
        item = items.get(item_id)
        if item is not None:
            out.append((corpus.labels[item_id], item.title, item.text))
    return out


def report(corpus: Corpus) -> str:
    """Size and label counts per source and fold, and the items left out."""
    lines = [
        f"{'source':<10} {'items':>6} {'tune':>5} {'test':>5} {'strike':>7} {'casualt':>7} "
        f"{'killed#':>7} {'un':>5} {'none':>5}"
    ]
    totals: Counter[str] = Counter()
    for source in (*SOURCES, None):
        rows = corpus.of(source)
        if not rows:
            continue
        counts = Counter(
            {
                "items": len(rows),
                "tune": sum(r.fold == "tune" for r in rows),
                "test": sum(r.fold == "test" for r in rows),
                "strike": sum(r.strike for r in rows),
                "casualties": sum(r.casualties for r in rows),
                "killed": sum(r.killed is not None for r in rows),
                "un": sum(r.un_statement for r in rows),
                "none": sum(not r.any_signal for r in rows),
            }
        )
        if source is not None:
            totals.update(counts)
        c = counts
        lines.append(
            f"{source or 'all':<10} {c['items']:>6} {c['tune']:>5} {c['test']:>5} "
            f"{c['strike']:>7} {c['casualties']:>7} {c['killed']:>7} {c['un']:>5} {c['none']:>5}"
        )
    lines.append(
        f"left out: {len(corpus.disagreements)} double-read item(s) the readers disagree on, "
        f"{len(corpus.skipped)} skipped"
    )
    lines.extend(f"  disagree {item_id}: {said}" for item_id, said in corpus.disagreements)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    print(report(load_corpus(args.labels)))


if __name__ == "__main__":
    main()
