"""Measure the classifier on labelled news: precision, recall and F1 per signal.

    python bench/eval_classifier.py [--file PATH] [--signals PATH] [--model NAME] [--errors]

The file holds one JSON object per line: ``{"id", "title", "text", "labels": {"strike",
"casualties", "killed", "un_statement"}}`` (default: ``../shared/eval/dev.jsonl`` beside the
repository). Printed: precision, recall and F1 for strike, casualties and un_statement; the
exact-match rate of ``killed`` where a count is labelled; the false-positive rate on items
labelled with no signal; and, when ``../shared/samples`` is there, a check of each sample
article against what a reader would say. ``--errors`` lists every miss and false alarm.

It reads files and prints; it changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from monitor.classify import Classifier
from monitor.models import Classification

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_FILE = SHARED / "eval" / "dev.jsonl"
SAMPLES = SHARED / "samples"
SIGNALS = ("strike", "casualties", "un_statement")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        counts = f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        return f"{name:<14} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   {counts}"


def _snippet(item: dict[str, object], width: int = 160) -> str:
    text = f"{item.get('title') or ''} | {item.get('text') or ''}".replace("\n", " ")
    return text[:width]


def evaluate(classifier: Classifier, path: Path, show_errors: bool) -> None:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    results = list(classifier.classify_many((i.get("title") or "", i["text"]) for i in items))
    tallies = {name: Tally() for name in SIGNALS}
    killed_total = killed_exact = 0
    killed_errors: list[str] = []
    negatives = negative_fp = 0
    for item, result in zip(items, results, strict=True):
        labels = item["labels"]
        found = result.signal_names
        for name in SIGNALS:
            want, got = bool(labels[name]), name in found
            tally = tallies[name]
            if want and got:
                tally.tp += 1
            elif got:
                tally.fp += 1
                tally.errors.append(
                    f"  FP {item['id']}: {_evidence(result, name)} | {_snippet(item)}"
                )
            elif want:
                tally.fn += 1
                tally.errors.append(f"  FN {item['id']}: {_snippet(item)}")
        if labels.get("killed") is not None:
            killed_total += 1
            if result.casualties.killed == labels["killed"]:
                killed_exact += 1
            else:
                killed_errors.append(
                    f"  killed {item['id']}: want {labels['killed']}, got "
                    f"{result.casualties.killed} | {_snippet(item)}"
                )
        if not any(labels[name] for name in SIGNALS):
            negatives += 1
            if found & set(SIGNALS):
                negative_fp += 1

    print(f"{len(items)} items from {path}")
    for name in SIGNALS:
        print(tallies[name].row(name))
    rate = killed_exact / killed_total if killed_total else 0.0
    print(f"killed exact   {rate:.3f}   ({killed_exact} of {killed_total} labelled counts)")
    fp_rate = negative_fp / negatives if negatives else 0.0
    print(f"FP rate        {fp_rate:.3f}   ({negative_fp} of {negatives} items with no signal)")
    if show_errors:
        for name in SIGNALS:
            if tallies[name].errors:
                print(f"\n{name}:")
                print("\n".join(tallies[name].errors))
        if killed_errors:
            print("\nkilled:")
            print("\n".join(killed_errors))


def _evidence(result: Classification, name: str) -> str:
    signal = result.signal(name)
    return ", ".join(repr(e.text) for e in signal.evidence) if signal else ""


# What a reader says of each sample article: signals, counts and actors it must carry.
EXPECTED: dict[str, dict[str, object]] = {
    "000": {"signals": {"un_statement", "strike"}, "killed": 250, "actors": {"IL", "IR"}},
    "001": {"signals": {"un_statement", "strike"}, "actors": {"IL", "IR"}},
    "002": {"signals": {"un_statement", "strike"}, "actors": {"IR", "PK"}},
    "003": {
        "signals": {"un_statement", "displacement", "casualties"},
        "displaced": 48500,
        "killed": None,
        "actors": {"SY"},
    },
    "004": {"signals": {"un_statement", "strike"}, "actors": {"IR", "PK"}},
}


def check_samples(classifier: Classifier, folder: Path) -> bool:
    ok_all = True
    print(f"\nsamples in {folder}:")
    for path in sorted(folder.glob("*.txt")):
        key = path.name[:3]
        want = EXPECTED.get(key)
        if want is None:
            continue
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        got = classifier.classify(title, body)
        problems = []
        missing = set(want["signals"]) - got.signal_names  # type: ignore[arg-type]
        if missing:
            problems.append(f"missing {sorted(missing)}")
        for kind in ("killed", "displaced"):
            if kind in want and getattr(got.casualties, kind) != want[kind]:
                problems.append(f"{kind} {getattr(got.casualties, kind)} != {want[kind]}")
        absent = set(want["actors"]) - set(got.actors)  # type: ignore[arg-type]
        if absent:
            problems.append(f"actors lack {sorted(absent)}")
        status = "ok  " if not problems else "FAIL"
        ok_all = ok_all and not problems
        print(
            f"  {status} {path.name}: {sorted(got.signal_names)} killed={got.casualties.killed} "
            f"displaced={got.casualties.displaced} actors={list(got.actors)}"
            + (f"  <- {'; '.join(problems)}" if problems else "")
        )
    return ok_all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="labelled JSONL file")
    parser.add_argument("--signals", type=Path, default=None, help="lexicon (default: bundled)")
    parser.add_argument("--model", default="blank", help="spaCy pipeline (default: blank)")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    if not args.file.exists():
        print(
            f"no evaluation file at {args.file}: pass --file PATH "
            "(the labelled data lives in ../shared/eval/, beside the repository)",
            file=sys.stderr,
        )
        return 2
    classifier = Classifier.from_settings(args.signals, args.model)
    evaluate(classifier, args.file, args.errors)
    if SAMPLES.is_dir():
        return 0 if check_samples(classifier, SAMPLES) else 1
    print(f"\n(no samples at {SAMPLES}: sample check skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
