"""Measure story assignment as the database grows: ms per article at 1k, 10k and 100k.

    python bench/bench_stories.py                  assignment at 1k/10k/100k, then Processor.run
    python bench/bench_stories.py --quick          1k and 10k only, smaller samples
    python bench/bench_stories.py --no-processor   assignment only
    python bench/bench_stories.py --sizes 1000,100000,500000 --no-processor

Part 1, assignment. A synthetic stream of articles (ordinary words drawn by frequency from
the bundled word statistics; events of 1 to 6 articles sharing invented names and actors,
published over a few hours; ``--per-day`` articles a simulated day) goes in published order
through the path ``Processor.run`` takes: each article's candidates are searched in a real
SQLite file (the stories' FTS5 index), the ``Assigner`` places it, and every 200 the changed
stories are saved in one transaction; closed stories leave the index every simulated hour,
as after each run. Articles come pre-classified with cheap values: the classifier's cost is
measured in part 2 and by ``bench_classify.py``. When the stream has passed 1,000, 10,000
and 100,000 articles, the next ``--sample`` decisions (search and assign, the save left
out) are timed one by one and the table shows their median and 95th percentile, the open
stories, and the process's RSS (now and peak). Then the ratio of the median at 100k to that
at 1k: the design keeps it near 1, and the memory flat, because the open stories are in the
database and only a decision's candidates are read. At 1,000 articles a simulated day the
100k point is reached after about 100 simulated days.

Part 2, the whole processing path. Generated English news text (real country names, so the
real ``Classifier`` finds actors and signals; invented towns and people) is stored in a
real SQLite ``Store`` in a temporary folder, in batches as polls would store it, and
``Processor.run`` (classify, assign, save in one transaction per batch) processes it. The
articles/s of ``run`` is printed for the stretch after 1,000 and after 10,000 stored
articles.

Every loop is bounded by a count and by ``--max-seconds``; the temporary folder is removed.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.classify import Classifier
from monitor.models import Article, Casualties, Classification, Feed, Level, Signal
from monitor.processing import Processor, StateCache, _BatchStories
from monitor.storage import Store
from monitor.stories import Assigner, StoryParams
from monitor.stories.features import Features, features_of, vocabulary

T0 = datetime(2025, 1, 6, tzinfo=UTC)
SIGNAL_NAMES = ("strike", "casualties", "threat", "displacement", "un_statement", "mobilization")


class OutOfTime(Exception):
    pass


@dataclass(slots=True)
class Deadline:
    seconds: float
    start: float = field(default_factory=time.monotonic)

    def passed(self) -> bool:
        return time.monotonic() - self.start > self.seconds

    def check(self) -> None:
        if self.passed():
            raise OutOfTime(f"stopped after --max-seconds {self.seconds:g}")


# --- part 1: the index on a synthetic stream ------------------------------------------


def invented_words(rng: random.Random, n: int) -> list[str]:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    seen: set[str] = set()
    out: list[str] = []
    for _ in range(n * 4):
        if len(out) == n:
            break
        word = "".join(
            rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))
        )
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


@dataclass(slots=True)
class Stream:
    """Synthetic pre-classified articles in published order, hour by simulated hour."""

    per_day: int
    seed: int = 7
    rng: random.Random = field(init=False)
    vocab: list[str] = field(init=False)
    names: list[str] = field(init=False)
    cum: list[float] = field(init=False)
    actors: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        df = vocabulary().df
        # Ordinary words as often as news uses them; invented names for each event.
        self.vocab = sorted(df, key=lambda t: (-df[t], t))[:20_000]
        self.names = invented_words(self.rng, 50_000)
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(self.vocab))]
        self.cum = list(_accumulate(weights))
        self.actors = [a + b for a in "ABCDEFGH" for b in "KLMNPRST"]  # 64 codes

    def hours(self) -> Iterator[tuple[datetime, list[tuple[Features, float]]]]:
        """(end of the hour, the articles published in it), endlessly; the caller bounds it."""
        rng = self.rng
        events_per_hour = self.per_day / 24 / 2.6  # 2.6 articles per event on average
        pending: list[tuple[datetime, int, tuple[Features, float]]] = []
        article_id = 0
        for hour in range(10**7):
            start = T0 + timedelta(hours=hour)
            end = start + timedelta(hours=1)
            for _ in range(_poisson(rng, events_per_hour)):
                for item in self._event(start, article_id):
                    article_id += 1
                    heapq.heappush(pending, (item[0].published, item[0].article_id, item))
            out = []
            while pending and pending[0][0] < end:
                out.append(heapq.heappop(pending)[2])
            yield end, out

    def _event(self, hour: datetime, first_id: int) -> list[tuple[Features, float]]:
        rng = self.rng
        keywords = [w.capitalize() for w in rng.sample(self.names, 4)] + rng.sample(
            self.vocab[300:], 4
        )
        actors = tuple(sorted(rng.sample(self.actors, rng.randint(1, 3))))
        signals = tuple(rng.sample(SIGNAL_NAMES, rng.randint(1, 2)))
        n = rng.choices((1, 2, 3, 4, 5, 6), weights=(30, 25, 20, 12, 8, 5))[0]
        began = hour + timedelta(minutes=rng.uniform(0, 60))
        items = []
        for k in range(n):
            published = began + timedelta(hours=rng.uniform(0, 10) if k else 0)
            title = rng.sample(keywords, 3) + self._general(4)
            body = self._general(55) + rng.sample(keywords, 5)
            rng.shuffle(body)
            killed = rng.choice((None, None, rng.randint(1, 40)))
            score = round(rng.uniform(0.5, 12), 2)
            c = Classification(
                score=score,
                level=Level.LOW,
                signals=tuple(Signal(s, 1.0, ()) for s in signals),
                casualties=Casualties(killed=killed),
                actors=actors,
            )
            article_id = first_id + k + 1
            outlet = rng.randrange(300)
            f = features_of(
                article_id,
                title=" ".join(title),
                text=" ".join(body) + ".",
                url=f"https://outlet{outlet}.example/news/{article_id}",
                published=published,
                classification=c,
                feeds=frozenset({f"outlet{outlet}"}),
            )
            items.append((f, score))
        return items

    def _general(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; the mean here is a few dozen at most.
    limit, k, p = math.exp(-mean), 0, 1.0
    while k < 10_000:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
    return k


def _level_of(score: float) -> Level:
    for level, threshold in ((Level.CRITICAL, 12), (Level.HIGH, 8), (Level.ELEVATED, 4)):
        if score >= threshold:
            return level
    return Level.LOW if score >= 1 else Level.NONE


@dataclass(slots=True)
class Checkpoint:
    size: int
    assign_ms: list[float] = field(default_factory=list)
    open_stories: int = 0
    rss_mb: float = 0.0
    peak_mb: float = 0.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def run_index(
    sizes: tuple[int, ...], sample: int, per_day: int, deadline: Deadline, folder: Path
) -> list[Checkpoint]:
    """Feed the stream through the database-backed path; time it after each size."""
    checkpoints = [Checkpoint(s) for s in sizes]
    total = max(sizes) + sample
    stream = Stream(per_day)
    params = StoryParams()
    assigner = Assigner(_level_of, params)
    done = 0
    cache = StateCache()
    with Store(folder / "assign.db") as store:
        batch = _BatchStories(store, cache)
        for end, items in stream.hours():
            if deadline.passed():
                print(f"stopped after --max-seconds {deadline.seconds:g} at {done:,} articles:"
                      " the sizes reached are shown", file=sys.stderr)  # fmt: skip
                break
            for f, score in items:
                if done >= total:
                    break
                t = time.perf_counter_ns()
                candidates = batch.candidates(f, f.published - params.window, params.max_candidates)
                state, _ = assigner.assign(f, candidates, score=score, id_free=batch.id_free)
                elapsed = (time.perf_counter_ns() - t) / 1e6
                batch.changed.put(state, f.article_id)
                done += 1
                if done % 200 == 0:
                    _save(store, batch, end)
                    batch = _BatchStories(store, cache)
                for cp in checkpoints:
                    if cp.size < done <= cp.size + sample:
                        cp.assign_ms.append(elapsed)
                    if done == cp.size:
                        cp.open_stories = store.stories.open_count()
                        cp.rss_mb = _rss_mb()
                        cp.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            store.processing.expire(end - params.window - params.reach)
            if done >= total:
                break
    return checkpoints


def _save(store: Store, batch: _BatchStories, now: datetime) -> None:
    with store.processing.batch() as tx:
        tx.save([], [], classifier="bench", now=now, states=list(batch.changed.stories.values()))


def print_index(timed: list[Checkpoint], per_day: int) -> None:
    print(f"\nassignment on a synthetic stream ({per_day} articles a simulated day, window "
          f"{StoryParams().window}): candidates searched in SQLite, Assigner.assign")  # fmt: skip
    print(f"{'stored':>8} {'median ms':>10} {'p95 ms':>8} {'open stories':>13}"
          f" {'RSS MB':>8} {'peak RSS MB':>12}")  # fmt: skip
    for cp in timed:
        if not cp.assign_ms:
            continue
        print(
            f"{cp.size:>8,} {statistics.median(cp.assign_ms):>10.2f} {_p95(cp.assign_ms):>8.2f}"
            f" {cp.open_stories:>13,} {cp.rss_mb:>8.0f} {cp.peak_mb:>12.0f}"
        )
    measured = [cp for cp in timed if cp.assign_ms]
    if len(measured) >= 2:
        first, last = measured[0], measured[-1]
        ratio = statistics.median(last.assign_ms) / statistics.median(first.assign_ms)
        print(f"median at {last.size:,} / median at {first.size:,}: {ratio:.2f}")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


# --- part 2: Processor.run with the real classifier and a real Store -------------------

COUNTRIES = ("Israel", "Lebanon", "Syria", "Ukraine", "Russia", "Sudan", "Yemen", "Pakistan",
             "India", "Iran", "Somalia", "Myanmar", "Iraq", "Afghanistan", "Ethiopia")  # fmt: skip
ATTACKS = ("an air strike hit", "artillery shelling struck", "a drone attack hit",
           "missiles slammed into", "a rocket barrage hit")  # fmt: skip
TARGETS = ("a residential building", "a market", "a school used as a shelter",
           "a military base", "a fuel depot", "a hospital compound")  # fmt: skip
SOURCES = ("the health ministry said", "local officials said", "a regional governor said",
           "rescue workers said", "the army said in a statement")  # fmt: skip
SECOND = ("Officials in {a} blamed forces from {b}, which said it had targeted fighters.",
          "{b} denied involvement and accused {a} of staging the attack near {town}.",
          "The {unit} brigade of {b} said it hit a weapons store in the area.",
          "It was the deadliest attack on {town} since the {unit} offensive began.")  # fmt: skip
THIRD = ("{name}, a resident, said families were still searching the rubble.",
         "Hospitals in {town} appealed for blood donors, {name} said.",
         "Shops in the {district} quarter stayed closed on Friday.",
         "{name} said the {district} road was blocked by debris.")  # fmt: skip
OTHER = ("{town} council approves {what} plan",
         "{name} leads {town} to win over {what}",
         "Shares of {town} {what} rise after results",
         "{town} {what} festival opens")  # fmt: skip


@dataclass(slots=True)
class TextStream:
    """Generated news articles, in published order, each with the feed it came from."""

    per_day: int
    feeds: int
    rng: random.Random = field(default_factory=lambda: random.Random(11))
    syllables: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.syllables = invented_words(self.rng, 3000)

    def articles(self, total: int) -> Iterator[tuple[int, Article]]:
        rng = self.rng
        pending: list[tuple[datetime, int, int, Article]] = []
        made = seq = 0
        events_per_hour = self.per_day / 24 / 2.5
        for hour in range(10**7):
            start = T0 + timedelta(hours=hour)
            for _ in range(_poisson(rng, events_per_hour)):
                if made >= total:
                    break
                for feed, article in self._event(start, seq):
                    heapq.heappush(pending, (article.published, seq, feed, article))
                    seq += 1
                    made += 1
            end = start + timedelta(hours=1)
            while pending and (pending[0][0] < end or made >= total):
                _, _, feed, article = heapq.heappop(pending)
                yield feed, article
            if made >= total and not pending:
                return

    def _event(self, hour: datetime, seq: int) -> list[tuple[int, Article]]:
        rng = self.rng
        town = rng.choice(self.syllables).capitalize()
        name = (
            f"{rng.choice(self.syllables).capitalize()} {rng.choice(self.syllables).capitalize()}"
        )
        began = hour + timedelta(minutes=rng.uniform(0, 60))
        n = rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]
        out = []
        conflict = rng.random() < 0.7
        a, b = rng.sample(COUNTRIES, 2)
        attack, target = rng.choice(ATTACKS), rng.choice(TARGETS)
        killed = rng.randint(2, 40)
        district, unit = rng.choice(self.syllables).capitalize(), rng.choice(self.syllables)
        keywords = rng.sample(self.syllables, 6)
        for k in range(n):
            published = began + timedelta(hours=rng.uniform(0, 8) if k else 0)
            toll = killed + k * rng.randint(0, 3)
            if conflict:
                title = rng.choice((
                    f"{toll} killed as {attack.split()[1]} hits {town} in {a}",
                    f"{a} says attack on {town} kills {toll}",
                    f"Death toll in {town} rises to {toll} after {b} strike",
                    f"{district} district of {town} hit, {toll} dead",
                ))  # fmt: skip
                text = " ".join(
                    rng.sample(
                        [
                            f"In {town}, {a}, {attack} {target}, killing {toll} people, "
                            f"{rng.choice(SOURCES)}.",
                            rng.choice(SECOND).format(a=a, b=b, town=town, unit=unit),
                            rng.choice(THIRD).format(name=name, district=district, town=town),
                            f"Reference {seq + k}: {rng.choice(self.syllables)} "
                            f"{rng.choice(self.syllables)}.",
                        ],
                        k=4,
                    )
                )
            else:
                words = [rng.choice(keywords) for _ in range(12)] + rng.sample(self.syllables, 12)
                rng.shuffle(words)
                title = rng.choice(OTHER).format(town=town, name=name, what=" ".join(keywords[:2]))
                text = f"{title}. {name} said {' '.join(words)}. Reference {seq + k}."
            feed = rng.randrange(self.feeds)
            url = f"https://outlet{feed}.example/news/{seq + k}"
            out.append((feed, Article(url, url, title, text, "", published)))
        return out


def run_processor(
    sizes: tuple[int, ...], sample: int, per_day: int, deadline: Deadline, batch: int = 200
) -> list[tuple[int, float, float]]:
    """(stored before, articles/s of Processor.run, articles/s of storing) at each size."""
    results: list[tuple[int, float, float]] = []
    classifier = Classifier.from_settings(None)
    total = max(sizes) + sample
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
        store = Store(Path(tmp) / "monitor.db")
        try:
            feeds = [
                store.feeds.add(Feed(f"https://outlet{i}.example/rss", f"outlet{i}"), T0)
                for i in range(20)
            ]
            processor = Processor(classifier)
            stream = TextStream(per_day, len(feeds)).articles(total)
            processed = 0
            window: list[tuple[int, int, float, float]] = []  # size, articles, run s, store s
            while processed < total:
                deadline.check()
                chunk = [fa for _, fa in zip(range(batch), stream, strict=False)]
                if not chunk:
                    break
                t = time.perf_counter()
                for feed_no in sorted({f for f, _ in chunk}):
                    store.articles.store(
                        feeds[feed_no],
                        [a for f, a in chunk if f == feed_no],
                        chunk[-1][1].published,
                    )
                stored_s = time.perf_counter() - t
                t = time.perf_counter()
                done = processor.run(store, chunk[-1][1].published, batch=batch)
                run_s = time.perf_counter() - t
                before = processed
                processed += len(done)
                for size in sizes:
                    if size <= before < size + sample:
                        window.append((size, len(done), run_s, stored_s))
                if not done:
                    break
            for size in sizes:
                rows = [w for w in window if w[0] == size]
                if rows:
                    n = sum(r[1] for r in rows)
                    results.append((size, n / sum(r[2] for r in rows), n / sum(r[3] for r in rows)))
        finally:
            store.close()
    return results


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted(int(part) for part in text.split(",")))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least two positive sizes, such as 1000,100000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, small samples")
    parser.add_argument("--sample", type=int, default=1000, help="assigns timed at each size")
    parser.add_argument("--per-day", type=int, default=1000, help="articles a simulated day")
    parser.add_argument("--no-processor", action="store_true", help="skip Processor.run")
    parser.add_argument(
        "--sizes", type=_sizes, help="stored articles to time at (default 1000,10000,100000)"
    )
    parser.add_argument("--max-seconds", type=float, default=3600.0)
    args = parser.parse_args(argv)
    sizes = args.sizes or ((1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))
    sample = min(args.sample, 500) if args.quick else args.sample
    deadline = Deadline(args.max_seconds)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
            print_index(run_index(sizes, sample, args.per_day, deadline, Path(tmp)), args.per_day)
        if not args.no_processor:
            per_day = min(args.per_day, 1000)
            print(f"\nProcessor.run: real Classifier, SQLite in a temporary folder, batches of "
                  f"200, {per_day} generated articles a simulated day")  # fmt: skip
            print(f"{'stored':>8} {'run articles/s':>15} {'store articles/s':>17}")
            for size, run_rate, store_rate in run_processor(
                sizes[:2], 1000 if not args.quick else 400, per_day, deadline
            ):
                print(f"{size:>8,} {run_rate:>15.0f} {store_rate:>17.0f}")
    except OutOfTime as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
