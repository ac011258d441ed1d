"""Evidence as alerts quote it: each span a signal was found on, widened to the words
around it, and a few distinct quotes per signal for a story. Pure.

A span found by the classifier ("12 people were killed") says little on its own; a reader
judging an alert needs the sentence around it. Quotes are cut at word boundaries with an
ellipsis, so an alert stays short whatever the article's length.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from monitor.models import Classification, Evidence, Signal

QUOTE_REACH = 70
"""Characters of context on each side of an evidence span in an alert's quote."""
_STOPS = (". ", "! ", "? ")


def quote(text: str, start: int, end: int, reach: int = QUOTE_REACH) -> str:
    """The sentence around ``text[start:end]``, cut to ``reach`` characters on each side
    of it at word boundaries, with an ellipsis where it was cut."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    first = max(
        [line_start]
        + [
            text.rfind(m, line_start, start) + 2
            for m in _STOPS
            if text.rfind(m, line_start, start) != -1
        ]
    )
    ends = [text.find(m, end, line_end) + 1 for m in _STOPS if text.find(m, end, line_end) != -1]
    last = min([line_end, *ends])
    left, right = max(first, start - reach), min(last, end + reach)
    if left > first:
        left = text.find(" ", left, start) + 1 or start
    if right < last:
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) != -1 else end
    before = "…" if left > first else ""
    after = "…" if right < last else ""
    return f"{before}{text[left:right].strip()}{after}"


def quoted(title: str, text: str, classification: Classification) -> tuple[Signal, ...]:
    """The article's signals with each evidence span widened to a readable quote (the
    offsets stay those of the span in ``title + "\\n" + text``)."""
    joined = f"{title}\n{text}"
    return tuple(
        Signal(
            s.name,
            s.weight,
            tuple(Evidence(quote(joined, e.start, e.end), e.start, e.end) for e in s.evidence),
        )
        for s in classification.signals
    )


def story_evidence(articles: Iterable[Sequence[Signal]], per_signal: int = 3) -> tuple[Signal, ...]:
    """The signals of a story with up to ``per_signal`` distinct quotes each, taken from
    its articles' signals in the order given (the newest article's first)."""
    quotes: dict[str, list[Evidence]] = {}
    weights: dict[str, float] = {}
    for signals in articles:
        for sig in signals:
            found = quotes.setdefault(sig.name, [])
            weights[sig.name] = sig.weight
            for evidence in sig.evidence:
                if len(found) < per_signal and all(e.text != evidence.text for e in found):
                    found.append(evidence)
    return tuple(Signal(name, weights[name], tuple(q)) for name, q in sorted(quotes.items()))
