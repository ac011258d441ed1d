"""Pick the training items to be read and labelled, and split them into reading batches.

    python3 bench/corpus/pick_items.py [--shared PATH] [--readers 6]

Reads the texts in ``../shared/train/`` and writes, under ``bench/corpus/batches/``, one
file of item ids per batch (``b001.ids``...) and ``plan.json``: which reader reads which
batch. Only ids are written; the texts stay in ``../shared/``. Deterministic: the same
inputs give the same batches.

Where the corpus was thin, items are picked on purpose (see README.md): feed items naming
the UN or one of its bodies, naming a means of attack, or speaking of deaths and injuries,
whatever the sense (most are hard negatives: sport, business, disasters, police, threats);
event reports of every native class from the South Asia and Latin America sources; police
actions; event headlines; and political and other news with conflict words in other
senses. A share of every source is picked at random so the corpus also holds ordinary
items. Items already labelled are never picked again.

Some batches are read by two readers, to measure their agreement (``agreement.py``).

    python3 bench/corpus/pick_items.py --wave N [--readers 4]

adds a later wave (wave 2: batches ``b101``..., wave 3: ``b201``..., added to ``plan.json``,
nothing else rewritten) of items not labelled before it, where the rules still erred most
(``WAVES``), with one batch read by two readers.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sources import SHARED_TRAIN, Item, load_items

HERE = Path(__file__).resolve().parent
BATCHES = HERE / "batches"
SEED = 20261130

UN = re.compile(
    r"\b(UN|U\.N\.|United Nations|Security Council|General Assembly|Guterres|UNICEF|UNHCR|"
    r"UNRWA|OCHA|WHO|IAEA|WFP|UNDP|UNESCO|IOM|peacekeep\w*|rapporteur|secretary-general)\b",
    re.IGNORECASE,
)
MEANS = re.compile(
    r"\b(air ?strikes?|strikes?|struck|missiles?|drones?|shell(?:ing|ed|s)?|artillery|"
    r"rockets?|bomb\w*|blasts?|explo\w+|IEDs?|grenades?|mortars?|raids?|attack\w*|"
    r"fired|landmines?|mines?|jets?|warplanes?)\b",
    re.IGNORECASE,
)
HARM = re.compile(
    r"\b(kill\w*|dead|deaths?|died|dies|wound\w*|injur\w*|shot|lynch\w*|execut\w*|"
    r"beat(?:en)?|massacre\w*|toll|casualt\w+|bodies)\b",
    re.IGNORECASE,
)
POLICE = re.compile(
    r"\b(police\w*|firing|fired|lathi\w*|tear ?gas|arrest\w*|curfew|mobs?|riot\w*|"
    r"attack\w*|burn\w*|torch\w*|arson|stab\w*)\b",
    re.IGNORECASE,
)
WORDS = re.compile(r"\w+")


def pick(
    items: list[Item], n: int, rng: random.Random, where: Callable[[Item], bool] | None = None
) -> list[Item]:
    pool = [i for i in items if where is None or where(i)]
    rng.shuffle(pool)
    return pool[:n]


def native(item: Item, key: str) -> bool:
    return bool(item.native.get(key))


def plan_items(items: dict[str, list[Item]], taken: set[str]) -> list[tuple[str, list[Item]]]:
    """The items to read, as (pool name, items) in reading order."""
    rng = random.Random(SEED)
    free = {source: [i for i in rows if i.id not in taken] for source, rows in items.items()}
    chosen: set[str] = set()
    pools: list[tuple[str, list[Item]]] = []

    def add(name: str, picked: Iterable[Item]) -> None:
        fresh = [i for i in picked if i.id not in chosen]
        chosen.update(i.id for i in fresh)
        pools.append((name, fresh))

    def text(i: Item) -> str:
        return f"{i.title}\n{i.text}"

    rss = free["rss-2023"]
    add("rss-un", pick(rss, 500, rng, lambda i: bool(UN.search(text(i)))))
    add("rss-means", pick(rss, 900, rng, lambda i: bool(MEANS.search(text(i)))))
    add("rss-harm", pick(rss, 600, rng, lambda i: bool(HARM.search(text(i)))))
    add("rss-random", pick(rss, 300, rng))

    satp = free["satp"]
    add("satp-bombing", pick(satp, 150, rng, lambda i: native(i, "bombing_explosion")))
    add(
        "satp-assault",
        pick(
            satp,
            150,
            rng,
            lambda i: native(i, "armed_assault") and not native(i, "bombing_explosion"),
        ),
    )
    add(
        "satp-other",
        pick(satp, 100, rng, lambda i: native(i, "kidnapping") or native(i, "other")),
    )
    add("satp-none", pick(satp, 200, rng, lambda i: not any(i.native.values())))

    muc4 = free["muc4"]
    add("muc4", pick(muc4, 350, rng))

    ucdp = free["ucdp"]
    add("ucdp", pick(ucdp, 450, rng, lambda i: len(WORDS.findall(i.text)) >= 5))

    # The police-event sentences carry no usable native labels (all are false): picked
    # by their words instead.
    ipe = free["ipe"]
    add("ipe-harm", pick(ipe, 200, rng, lambda i: bool(HARM.search(i.text))))
    add("ipe-police", pick(ipe, 150, rng, lambda i: bool(POLICE.search(i.text))))
    add("ipe-random", pick(ipe, 60, rng, lambda i: len(WORDS.findall(i.text)) >= 6))

    bbc = free["bbc"]
    add("bbc-politics", pick(bbc, 150, rng, lambda i: native(i, "politics")))
    add(
        "bbc-words",
        pick(bbc, 200, rng, lambda i: bool(MEANS.search(i.text) or HARM.search(i.text))),
    )
    return pools


def batches(pools: list[tuple[str, list[Item]]], budget: int = 60_000) -> list[list[Item]]:
    """Pools cut into batches of about ``budget`` characters, one source per batch."""
    out: list[list[Item]] = []
    for _name, rows in pools:
        current: list[Item] = []
        size = 0
        for item in rows:
            length = len(item.title) + len(item.text)
            if current and size + length > budget:
                out.append(current)
                current, size = [], 0
            current.append(item)
            size += length
        if current:
            out.append(current)
    return out


def overlap(pools: list[tuple[str, list[Item]]], n: int, rng: random.Random) -> list[Item]:
    """``n`` items drawn across every pool for two readers to read independently."""
    every = [i for _name, rows in pools for i in rows]
    return rng.sample(every, n)


SETTLED = re.compile(
    r"\b(United Nations Command|UN Command|U\.N\. Command|International Court|ICJ|ICC|"
    r"World Court)\b"
)
"""Classes of close call the seed labels settled different ways, now settled in
GUIDELINE.md: items of the seed that name them are read again."""


def seed_to_reread(items: dict[str, list[Item]], shared: Path) -> list[str]:
    """Seed items in a class of close call settled since they were labelled: those naming
    the UN Command or an international court, and those whose seed note speaks of
    background, campaigns or framing."""
    seed = [json.loads(line) for line in (shared / "labels_seed.jsonl").open()]
    texts = {i.id: f"{i.title}\n{i.text}" for rows in items.values() for i in rows}
    notes = re.compile(r"background|campaign|ongoing|framing|backdrop|context", re.IGNORECASE)
    return [
        s["id"]
        for s in seed
        if SETTLED.search(texts.get(s["id"], "")) or notes.search(s.get("note", ""))
    ]


Pool = tuple[str, Callable[[Item], bool] | None, int]
"""A pool of a later wave: (source, what an item must be, how many)."""


def _says(pattern: re.Pattern[str]) -> Callable[[Item], bool]:
    return lambda i: bool(pattern.search(f"{i.title}\n{i.text}"))


WAVES: dict[int, tuple[Pool, ...]] = {
    # Feed items, where the rules still erred most after the first wave.
    2: (("rss-2023", _says(HARM), 260), ("rss-2023", _says(MEANS), 200),
        ("rss-2023", _says(UN), 80), ("rss-2023", None, 60)),
    # Feed items again, and event reports of the sources where false signals and counts
    # were still far off: SATP paragraphs with no event class, MUC-4 reports, UCDP
    # headlines and police sentences that speak of harm.
    3: (("rss-2023", _says(HARM), 300), ("rss-2023", _says(MEANS), 200),
        ("rss-2023", _says(UN), 100),
        ("satp", lambda i: not any(i.native.values()), 150), ("satp", None, 100),
        ("muc4", None, 150), ("ucdp", lambda i: len(WORDS.findall(i.text)) >= 5, 100),
        ("ipe", _says(HARM), 100)),
    # Feed items once more; BBC articles, whose false signals come from politics and
    # business words in other senses; SATP paragraphs.
    4: (("rss-2023", _says(HARM), 350), ("rss-2023", _says(MEANS), 250),
        ("rss-2023", _says(UN), 100), ("rss-2023", None, 100),
        ("bbc", _says(MEANS), 150), ("bbc", None, 50), ("satp", None, 100)),
    # A wave read after the eleventh widening, to measure it on items no rule was written
    # against: feed items as before, and event reports of the sources with the most false
    # signals and wrong counts still (MUC-4, SATP) and UCDP headlines.
    5: (("rss-2023", _says(HARM), 300), ("rss-2023", _says(MEANS), 200),
        ("rss-2023", _says(UN), 100), ("rss-2023", None, 100),
        ("muc4", None, 150), ("satp", None, 100), ("ucdp", None, 50)),
    # Feed items above all, the service's own input, whose held-back figures were the
    # furthest from target after the fifteenth widening (false signals, casualties and
    # counts); BBC articles for false signals; police sentences that speak of harm.
    6: (("rss-2023", _says(HARM), 220), ("rss-2023", _says(MEANS), 160),
        ("rss-2023", _says(UN), 80), ("rss-2023", None, 80),
        ("bbc", None, 60), ("ipe", _says(HARM), 80)),
}  # fmt: skip
"""The pools of each later wave; wave ``n`` writes batches ``b{n-1}01``..."""


def labelled_before(first: int) -> set[str]:
    """The ids labelled before the batches numbered from ``first``: the seed and every
    reading batch numbered below it (not the re-readings, whose items were labelled
    already)."""
    taken = set()
    for path in (HERE / "labels").glob("*.jsonl"):
        batch = path.name.split(".")[0]
        if path.name != "seed.jsonl" and not (batch[0] == "b" and int(batch[1:]) < first):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                taken.add(json.loads(line)["id"])
    return taken


def later_wave(wave: int, items: dict[str, list[Item]], readers: int, overlap_n: int) -> None:
    """Add the batches of a later wave to the plan (see the module docstring): items not
    labelled before it, dealt in turn into one single-read batch per reader, then one
    batch of ``overlap_n`` items read by the first two readers. The same labels before it
    give the same batches."""
    first = (wave - 1) * 100 + 1
    rng = random.Random(SEED + wave)
    taken = labelled_before(first)
    chosen: list[Item] = []
    for source, where, n in WAVES[wave]:
        seen = taken | {i.id for i in chosen}
        chosen += pick([i for i in items[source] if i.id not in seen], n, rng, where)
    rng.shuffle(chosen)
    shared, single = chosen[:overlap_n], chosen[overlap_n:]
    plan = json.loads((BATCHES / "plan.json").read_text())
    names = [f"b{first + k}" for k in range(readers + 1)]
    parts = [single[k::readers] for k in range(readers)] + [shared]
    for k, (name, part) in enumerate(zip(names, parts, strict=True)):
        plan[name] = [f"r{k + 1}"] if k < readers else ["r1", "r2"]
        (BATCHES / f"{name}.ids").write_text("".join(f"{i.id}\n" for i in part))
    (BATCHES / "plan.json").write_text(json.dumps(plan, indent=1) + "\n")
    print(f"wave {wave}: {len(single)} single-read and {len(shared)} double-read items in "
          f"{', '.join(names)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--overlap", type=int, default=40, help="items per overlap batch")
    parser.add_argument("--wave", type=int, default=1, choices=(1, *WAVES))
    args = parser.parse_args()
    if args.wave > 1:
        later_wave(args.wave, load_items(args.shared), args.readers, args.overlap)
        return

    items = load_items(args.shared)
    taken = {json.loads(line)["id"] for line in (HERE / "labels" / "seed.jsonl").open()}
    pools = plan_items(items, taken)
    rng = random.Random(SEED + 1)
    shared = overlap(pools, args.overlap * args.readers, rng)
    shared_ids = {i.id for i in shared}
    pools = [(name, [i for i in rows if i.id not in shared_ids]) for name, rows in pools]
    single = batches(pools)

    BATCHES.mkdir(exist_ok=True)
    plan: dict[str, list[str]] = {}
    readers = [f"r{k + 1}" for k in range(args.readers)]
    load = dict.fromkeys(readers, 0)
    number = 0
    # Longest batches first, each to the least loaded reader.
    for batch in sorted(single, key=lambda b: -sum(len(i.text) for i in b)):
        number += 1
        name = f"b{number:03d}"
        reader = min(readers, key=lambda r: load[r])
        load[reader] += sum(len(i.title) + len(i.text) for i in batch)
        plan[name] = [reader]
        (BATCHES / f"{name}.ids").write_text("".join(f"{i.id}\n" for i in batch))
    for k, reader in enumerate(readers):
        number += 1
        name = f"b{number:03d}"
        part = shared[k * args.overlap : (k + 1) * args.overlap]
        plan[name] = [reader, readers[(k + 1) % len(readers)]]
        (BATCHES / f"{name}.ids").write_text("".join(f"{i.id}\n" for i in part))
    relabel = seed_to_reread(items, args.shared)
    plan["b900"] = [readers[0]]
    (BATCHES / "b900.ids").write_text("".join(f"{i}\n" for i in relabel))
    (BATCHES / "plan.json").write_text(json.dumps(plan, indent=1) + "\n")
    counts: dict[str, int] = {}
    for _name, rows in pools:
        for i in rows:
            counts[i.source] = counts.get(i.source, 0) + 1
    print(f"{len(plan)} batches; single-read items by source: {counts}; double-read {len(shared)}")
    for reader in readers:
        mine = [b for b, rs in plan.items() if reader in rs]
        print(f"  {reader}: {len(mine)} batches, {load[reader]:,} characters + overlap")


if __name__ == "__main__":
    main()
