"""Measure the classifier on labelled news: on the dev set, and source by source on the corpus.

    python bench/eval_classifier.py [--dev PATH] [--labels DIR] [--no-loso]
    python bench/eval_classifier.py --errors SOURCE|all      (the corpus's tune split only)

Printed, in one run, with three classifiers side by side (a keyword baseline, the rules
alone, and the shipped classifier: rules with the learned model where it is enabled):

- the corpus's size and label counts per source (``bench/corpus/corpus.py``);
- the dev set (``../shared/eval/dev.jsonl``, never trained or tuned on): precision, recall
  and F1 for strike, casualties and un_statement, the exact-match rate of ``killed`` where
  a count is labelled, and the share of no-signal items given a signal (false signals);
- leave-one-source-out over the corpus: for each source, the learned model is trained on
  every other source and tested on the left-out source's ``test`` split (and on the whole
  source, whose ``tune`` split the rules were widened on), with the same figures;
- the check of each sample article in ``../shared/samples`` against what a reader says.

``--errors`` lists the rules' misses and false signals on the corpus's ``tune`` split (of
one source, or all): the items the rules may be widened on. It never lists the ``test``
split or the dev set, which are measured, not read.

It reads files and prints; it changes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "bench" / "corpus"))

from corpus import SOURCES, Label, fold_of, load_corpus, report, with_texts  # noqa: E402
from sources import SHARED  # noqa: E402

from monitor.classify import Classifier  # noqa: E402
from monitor.classify.model import LearnedModel, SignalModel  # noqa: E402
from monitor.models import Classification  # noqa: E402

DEV = SHARED / "eval" / "dev.jsonl"
SAMPLES = SHARED / "samples"
SIGNALS = ("strike", "casualties", "un_statement")
MIN_POSITIVES = 10
"""A signal's F1 is printed for a source only with at least this many positives in it."""


@dataclass(frozen=True, slots=True)
class Gold:
    """What a reader said of one item."""

    id: str
    signals: frozenset[str]
    killed: int | None


@dataclass(frozen=True, slots=True)
class Guess:
    """What a classifier said of one item."""

    signals: frozenset[str]
    killed: int | None
    evidence: str = ""


def guess_of(result: Classification) -> Guess:
    names = frozenset(result.signal_names & set(SIGNALS))
    shown = "; ".join(
        f"{s.name}: " + ", ".join(repr(e.text[:60]) for e in s.evidence)
        for s in result.signals
        if s.name in SIGNALS
    )
    return Guess(names, result.casualties.killed, shown)


def gold_of(label: Label) -> Gold:
    return Gold(label.id, frozenset(n for n in SIGNALS if label.signal(n)), label.killed)


# -- the keyword baseline -------------------------------------------------------------

_KEYWORDS = {
    "strike": re.compile(
        r"\b(air ?strikes?|airstrikes?|missiles?|rockets?|shell(?:ing|ed)|artillery|mortars?|"
        r"bomb(?:s|ing|ings|ed)?|blasts?|explosions?|drones?|grenades?|IEDs?)\b",
        re.IGNORECASE,
    ),
    "casualties": re.compile(
        r"\b(kill(?:s|ed|ing)?|dead|died|deaths?|wounded|injured|casualties)\b", re.IGNORECASE
    ),
    "un_statement": re.compile(
        r"\b(UN|U\.N\.|United Nations|Security Council|Guterres|UNICEF|UNHCR|OCHA|UNRWA|"
        r"WHO|IAEA|WFP)\b"
    ),
}
_KILLED_NUMBER = re.compile(r"\b(\d[\d,]*)\s+(?:\w+\s+){0,3}?(?:killed|dead|died)\b", re.I)


def keyword_guess(title: str, text: str) -> Guess:
    """A reader of keywords alone: a signal wherever one of its words appears."""
    joined = f"{title}\n{text}"
    names = frozenset(n for n, pattern in _KEYWORDS.items() if pattern.search(joined))
    killed = None
    if "casualties" in names:
        match = _KILLED_NUMBER.search(joined)
        if match:
            killed = int(match.group(1).replace(",", ""))
    return Guess(names, killed)


# -- figures --------------------------------------------------------------------------


@dataclass
class Figures:
    """Per-signal counts, killed exact matches and false signals over a set of items."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIGNALS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIGNALS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIGNALS, 0))
    killed_total: int = 0
    killed_exact: int = 0
    negatives: int = 0
    negative_fp: int = 0

    def add(self, gold: Gold, guess: Guess) -> None:
        for name in SIGNALS:
            want, got = name in gold.signals, name in guess.signals
            if want and got:
                self.tp[name] += 1
            elif got:
                self.fp[name] += 1
            elif want:
                self.fn[name] += 1
        if gold.killed is not None:
            self.killed_total += 1
            self.killed_exact += guess.killed == gold.killed
        if not gold.signals:
            self.negatives += 1
            self.negative_fp += bool(guess.signals)

    def prf(self, name: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[name], self.fp[name], self.fn[name]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def positives(self, name: str) -> int:
        return self.tp[name] + self.fn[name]

    @property
    def killed_rate(self) -> float:
        return self.killed_exact / self.killed_total if self.killed_total else float("nan")

    @property
    def fp_rate(self) -> float:
        return self.negative_fp / self.negatives if self.negatives else float("nan")


def figures(golds: Sequence[Gold], guesses: Sequence[Guess]) -> Figures:
    out = Figures()
    for gold, guess in zip(golds, guesses, strict=True):
        out.add(gold, guess)
    return out


HEADER = (
    f"{'':<22}"
    + "".join(f"{name[:10]:>10} P/R/F1      " for name in SIGNALS)
    + f"{'killed=':>8} {'false sig':>10}"
)


def row(name: str, f: Figures, min_positives: int = 1) -> str:
    cells = []
    for signal in SIGNALS:
        if f.positives(signal) < min_positives:
            cells.append(f"{'(' + str(f.positives(signal)) + ' pos)':>22}")
            continue
        p, r, f1 = f.prf(signal)
        cells.append(f"  {p:.2f} {r:.2f} {f1:.3f} ({f.positives(signal):>3})")
    killed = f"{f.killed_rate:.3f}" if f.killed_total else "  -  "
    return (
        f"{name:<22}"
        + "".join(cells)
        + f"  {killed:>6} ({f.killed_total:>3})"
        + f"  {f.fp_rate:.3f} ({f.negative_fp}/{f.negatives})"
    )


# -- runs -----------------------------------------------------------------------------

Runner = Callable[[Sequence[tuple[str, str]]], list[Guess]]


def rules_runner(classifier: Classifier) -> Runner:
    def run(items: Sequence[tuple[str, str]]) -> list[Guess]:
        return [guess_of(r) for r in classifier.classify_many(items)]

    return run


def keyword_runner(items: Sequence[tuple[str, str]]) -> list[Guess]:
    return [keyword_guess(t, x) for t, x in items]


def load_dev(path: Path) -> tuple[list[Gold], list[tuple[str, str]]]:
    golds, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        labels = item["labels"]
        names = frozenset(n for n in SIGNALS if labels.get(n))
        golds.append(Gold(str(item["id"]), names, labels.get("killed")))
        texts.append((item.get("title") or "", item["text"]))
    return golds, texts


def dev_table(runners: dict[str, Runner], path: Path) -> None:
    golds, texts = load_dev(path)
    print(f"\n== dev set: {len(golds)} items from {path} (aggregate figures only)")
    print(HEADER)
    for name, run in runners.items():
        print(row(name, figures(golds, run(texts))))


def loso_table(
    runners: dict[str, Runner],
    shipped_for: Callable[[str], Runner] | None,
    rows: list[tuple[Label, str, str]],
) -> None:
    """Per left-out source: the runners on its test split and on the whole source."""
    print(
        "\n== leave-one-source-out: the model is trained without the source; "
        "'test' is its test split, 'all' the whole source"
    )
    print(HEADER)
    for source in SOURCES:
        mine = [(lab, t, x) for lab, t, x in rows if lab.source == source]
        if not mine:
            continue
        cases: dict[str, Runner] = dict(runners)
        if shipped_for is not None:
            cases["shipped"] = shipped_for(source)
        for name, run in cases.items():
            guesses = run([(t, x) for _, t, x in mine])
            golds = [gold_of(lab) for lab, _, _ in mine]
            test = [i for i, (lab, _, _) in enumerate(mine) if lab.fold == "test"]
            f_test = figures([golds[i] for i in test], [guesses[i] for i in test])
            f_all = figures(golds, guesses)
            print(row(f"{source} {name} test", f_test, MIN_POSITIVES))
            print(row(f"{source} {name} all", f_all, MIN_POSITIVES))
        print()


def describe(learned: LearnedModel | None) -> str:
    if learned is None:
        return "none (the rules alone decide)"
    return "; ".join(
        f"{name}: {model.mode} (low {model.low}, high {model.high})"
        for name, model in learned.signals.items()
    )


def loso_shipped(
    rules: Classifier, learned: LearnedModel | None, rows: list[tuple[Label, str, str]]
) -> Callable[[str], Runner] | None:
    """For a left-out source: the shipped classifier with models trained without it."""
    if learned is None:
        return None
    import train_classifier as tc

    data = tc.build(rows, rules)
    models = tc.loso(data)

    def for_source(source: str) -> Runner:
        signals = {}
        for name, shipped in learned.signals.items():
            if name in models.get(source, {}):
                bias, weights = models[source][name]
                signals[name] = SignalModel(name, bias, weights, shipped.low, shipped.high)
        classifier = Classifier(rules.lexicon, rules.model, LearnedModel(signals, source))
        return rules_runner(classifier)

    return for_source


def list_errors(classifier: Classifier, rows: list[tuple[Label, str, str]], source: str) -> None:
    """The rules' errors on the tune split: what the rules may be widened on."""
    tune = [
        (lab, t, x)
        for lab, t, x in rows
        if lab.fold == "tune" and (source == "all" or lab.source == source)
    ]
    assert all(fold_of(lab.id) == "tune" for lab, _, _ in tune)
    guesses = rules_runner(classifier)([(t, x) for _, t, x in tune])
    for (lab, title, text), guess in zip(tune, guesses, strict=True):
        gold = gold_of(lab)
        wrong = [
            ("FN " if n in gold.signals else "FP ") + n
            for n in SIGNALS
            if (n in gold.signals) != (n in guess.signals)
        ]
        if gold.killed is not None and guess.killed != gold.killed:
            wrong.append(f"killed {guess.killed} want {gold.killed}")
        if wrong:
            snippet = f"{title} | {text}".replace("\n", " ")[:700]
            print(f"{lab.id} [{', '.join(wrong)}] {guess.evidence}\n    {snippet}\n")


# -- samples --------------------------------------------------------------------------

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
    parser.add_argument("--dev", type=Path, default=DEV, help="the labelled dev set")
    parser.add_argument("--labels", type=Path, default=None, help="corpus label files")
    parser.add_argument("--signals", type=Path, default=None, help="lexicon (default: bundled)")
    parser.add_argument("--no-loso", action="store_true", help="skip the corpus table")
    parser.add_argument("--errors", metavar="SOURCE", help="list rule errors on the tune split")
    args = parser.parse_args()

    rules = Classifier.from_settings(args.signals, learned=None)
    shipped = Classifier.from_settings(args.signals)
    corpus = load_corpus(args.labels) if args.labels else load_corpus()
    if args.errors:
        list_errors(rules, with_texts(corpus), args.errors)
        return 0
    print(report(corpus))
    print(f"\nshipped model: {describe(shipped.learned)}")
    runners: dict[str, Runner] = {"keywords": keyword_runner, "rules": rules_runner(rules)}
    if args.dev.exists():
        dev_table({**runners, "shipped": rules_runner(shipped)}, args.dev)
    else:
        print(f"\n(no dev set at {args.dev}: skipped)")
    if not args.no_loso:
        rows = with_texts(corpus)
        # Without a shipped model, the shipped classifier is the rules alone.
        shipped_for = loso_shipped(rules, shipped.learned, rows) or (
            lambda source: rules_runner(shipped)
        )
        loso_table(runners, shipped_for, rows)
    if SAMPLES.is_dir():
        return 0 if check_samples(shipped, SAMPLES) else 1
    print(f"\n(no samples at {SAMPLES}: sample check skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
