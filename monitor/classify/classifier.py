"""The classifier: a spaCy pipeline and the lexicon's matchers, turned into Classifications.

The default pipeline is ``spacy.blank("en")``: the tokenizer, then one pass over arrays that
sets each token's lemma from spaCy's English lookup table (``spacy-lookups-data``) and marks
sentence starts (after ". ! ?" and line breaks, so a title is a sentence). Matching runs
over it with matchers built once from the lexicon: PhraseMatchers on lemmas (``terms``), on
lower-case text (``words``) and on exact text (``exact``, place names, armed groups), and a
token Matcher for token patterns (``pattern``), run on an article with only the patterns
whose words it holds (``patterns.py``: walking them all over every article cost the most).
A trained pipeline named in the settings (``classifier.model``) is loaded instead of the
blank one for its sentence boundaries (its NER and lemmatizer are left out); the lemmas
still come from the lookup table so the lexicon means the same under both.

Long runs stay flat in memory: ``classify_many`` works in chunks of ``ZONE_SIZE`` articles,
each inside ``nlp.memory_zone()``, so the strings and words first seen in a chunk are freed
with it.

Each match then passes the lexicon's checks, in order: its rule's setting named somewhere
in the article, its rule's veto terms nearby, the
signal's vetoes by scope (cues in its sentence such as "convicted" or "in 2015", in the
headline such as "jailed for life", or anywhere in the article such as a flood that
explains the deaths in the text), each lifted where the match's sentence names what
lifts it (violence beside a blaze) or, for some, where the article names it anywhere (a
war beside a house that blew up), ``not_before``, its ``near`` companion (place names
may count), ``not_after``, and negation, hedging or a "to" before a verb earlier in its
clause. In a text
written in capitals, acronyms that are also common words ("WHO") are not read as names;
in one written in lower case, names are matched in lower case. Counts come from
``monitor.classify.counts``; actors from ``monitor.classify.places`` and the armed-group
list.

Then the learned component (``monitor.classify.model``, weights in
``monitor/data/model.npz`` when ``make train`` found a use for them; without the file the
rules decide alone), for the signals it was measured to help: it drops a rule's signal it
finds improbable (a filter), or adds a signal no rule found when it is confident (a second
opinion; the evidence is then the sentence that carried the decision). Each signal says
what decided it (``Signal.decided_by``).

The score of an article is the sum of the weights of its signals plus, for each count,
``scoring.<kind> * log10(1 + count)``, floored at 0; its level is the highest whose
threshold the score reaches (both configured in ``signals.yaml``).

Pure: text in, Classification out. Files are read only when a Classifier is built.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

import numpy as np
import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from monitor.classify.counts import (
    KILLING_NOUNS,
    MONTH_NUMBERS,
    after_his_or_her,
    attackers_themselves,
    bodies_found,
    claimed,
    count_near,
    count_value,
    cumulative,
    daily_update,
    earlier_deed,
    is_numberish,
    is_toll,
    killed_over_period,
    opens_cumulative,
    ordinal_victim,
    over_period,
    participle_after_comma,
    restates_victim,
    separate_incidents,
    war_toll,
)
from monitor.classify.lexicon import Lexicon, Rule, SignalDef, Veto, bundled_path, load_lexicon
from monitor.classify.model import (
    Features,
    LearnedModel,
    bundled_model_path,
    join,
    load_model,
    named_features,
    text_features,
)
from monitor.classify.patterns import TokenPatterns
from monitor.classify.places import Places, load_places
from monitor.errors import ConfigError
from monitor.models import Casualties, Classification, Evidence, Level, Signal

LOGIC_VERSION = "19"
"""Bumped whenever a change of code changes what a lexicon finds (part of the digest)."""

BATCH_SIZE = 64
ZONE_SIZE = 512
"""Articles classified in one memory zone: memory is bounded by the largest such chunk."""

_SENTENCE_END = frozenset({".", "!", "?", "…"})
_DETERMINERS = frozenset({"the", "a", "an"})
# A hedge does not reach a match right after one of these: "vowed to answer the strikes"
# speaks of strikes that happened.
_DEFINITE = frozenset({"the", "this", "these", "those", "its", "their", "his", "her",
                       "'s", "’s", "last", "recent", "yesterday", "earlier"})  # fmt: skip
# A hedge right after one of these is a near escape from what did happen: "narrowly
# avoiding a drone attack", "barely escaping the shelling".
_NEAR_ESCAPE = frozenset({"narrowly", "barely"})
_COUNT_KINDS = ("killed", "injured", "displaced")
LEXICAL_ATTRS = ("LOWER", "NORM", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
                 "IS_PUNCT", "IS_SPACE", "LIKE_NUM", "LANG")  # fmt: skip
"""The lexical attributes set on words with the blank pipeline (token patterns may use these,
besides ORTH, LEMMA, LENGTH and the other token attributes)."""
_LEXICAL_ATTRS = frozenset(importlib.import_module("spacy.attrs").IDS[n] for n in LEXICAL_ATTRS)
_HYPHENATED = re.compile(r"(?<![\w.-])([A-Z][\w.]*?)-\w")


def _lemma_table() -> dict[str, str]:
    """spaCy's English lemma lookup table (form -> lemma), from spacy-lookups-data.

    A form that is itself some word's lemma and is not spelt like the lemma it is mapped
    to keeps its own reading: the table maps "wound" to "wind" and "found" to "find",
    which would hide "wound" (the injury) from a lexicon that lists it.
    """
    data = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        table: dict[str, str] = json.load(f)
    lowered = {form.lower(): lemma.lower() for form, lemma in table.items()}
    lemmas = set(lowered.values())
    return {
        form: lemma
        for form, lemma in lowered.items()
        if form not in lemmas or form[:3] == lemma[:3]
    }


@dataclass(frozen=True, slots=True)
class _Hit:
    signal: int
    rule: int
    start: int
    end: int


_BUNDLED = "bundled"


class Classifier:
    """Classifies articles with one lexicon; build it once, use it for every article."""

    digest: str
    """A short hash of the lexicon, the model and this code's logic version: stored beside
    a classification, it tells whether the classification is stale."""

    def __init__(
        self,
        lexicon: Lexicon,
        model: str = "blank",
        learned: LearnedModel | str | None = _BUNDLED,
    ) -> None:
        """``learned``: the learned component (the bundled one by default; None for the
        rules alone)."""
        self.lexicon = lexicon
        self.model = model
        self.learned = load_model(bundled_model_path()) if learned == _BUNDLED else learned
        if isinstance(self.learned, str):
            raise TypeError("learned must be a LearnedModel, None or the default")
        self.nlp = self._load_model(model)
        strings = self.nlp.vocab.strings
        # Forms are looked up by hash and need no place in the string store; lemmas do,
        # for ``token.lemma_``.
        pairs = sorted(
            (get_string_id(form), strings.add(lemma)) for form, lemma in _lemma_table().items()
        )
        # Sorted arrays: a whole document's lemmas are looked up at once with searchsorted.
        self._forms = np.array([f for f, _ in pairs], dtype=np.uint64)
        self._form_lemmas = np.array([lemma for _, lemma in pairs], dtype=np.uint64)
        del pairs
        self._sentence_ends = np.array([strings.add(p) for p in _SENTENCE_END], dtype=np.uint64)
        self._places: Places = load_places(bundled_path("places_extra.yaml"))
        self._groups = {
            alias: group.name
            for group in lexicon.armed_groups
            for alias in (group.name, *group.aliases)
        }
        neg = lexicon.negation
        self._negators = frozenset(neg.negators)
        self._hedges = frozenset(neg.hedges)
        self._breaks = frozenset(neg.breaks)
        self._persons = frozenset(self._lemma_text(p) for p in lexicon.persons)
        self._build_matchers()
        self._rule_names = {
            (s, r): f"{sig.name}|"
            + hashlib.sha256(rule.model_dump_json().encode()).hexdigest()[:10]
            for s, sig in enumerate(lexicon.signals)
            for r, rule in enumerate(sig.rules)
        }
        self.digest = self._digest()

    @classmethod
    def from_settings(
        cls,
        signals_path: Path | None,
        model: str = "blank",
        learned: LearnedModel | str | None = _BUNDLED,
    ) -> Classifier:
        """A classifier for the lexicon at ``signals_path`` (None: the bundled one)."""
        return cls(load_lexicon(signals_path), model, learned)

    # -- building -------------------------------------------------------------------

    @staticmethod
    def _load_model(model: str) -> Language:
        if model == "blank":
            # The tokenizer is built once, lean: spaCy's own, then changed attribute by
            # attribute, loaded its thousands of special cases again at each change.
            nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": LEAN}}})
            # Every word new to the vocabulary gets each lexical attribute computed in
            # Python; those no rule reads (shape, stop word, URL, ...) are not computed.
            getters = getattr(nlp.vocab, "lex_attr_getters", {})
            for attr in [a for a in getters if a not in _LEXICAL_ATTRS]:
                del getters[attr]
            return nlp
        try:
            # Only what gives sentences is kept: the lexicon supplies everything else.
            return spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as e:
            raise ConfigError(
                "classifier.model",
                [f"the spaCy pipeline {model!r} is not installed (use 'blank' or install it)"],
            ) from e

    def _digest(self) -> str:
        learned = self.learned.digest if isinstance(self.learned, LearnedModel) else "-"
        blob = f"{LOGIC_VERSION}|{self.model}|{self.lexicon.digest()}|{learned}"
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    def _lemmas(self, lowers: np.ndarray) -> np.ndarray:
        at = np.minimum(np.searchsorted(self._forms, lowers), len(self._forms) - 1)
        return np.where(self._forms[at] == lowers, self._form_lemmas[at], lowers)

    def _annotate(self, doc: Doc) -> Doc:
        """Set lemmas (and, for the blank pipeline, sentence starts) on ``doc``.

        Works on arrays rather than Token objects: creating a Token per word cost more
        than all the matching.
        """
        n = len(doc)
        if n == 0:
            return doc
        columns = doc.to_array(["LOWER", "ORTH", "IS_PUNCT", "IS_SPACE"])
        lemmas = self._lemmas(columns[:, 0])
        if self.model != "blank":
            # The trained pipeline's parser has set the sentences.
            doc.from_array(["LEMMA"], cast(Any, lemmas.reshape(-1, 1)))
            return doc
        # A sentence starts after ". ! ?" (unless more punctuation follows, as in '."')
        # and after a line break: the title is a sentence of its own.
        orths = columns[:, 1]
        ends = np.zeros(n, dtype=bool)
        for end in self._sentence_ends:
            ends |= orths == end
        breaks = np.zeros(n, dtype=bool)
        for i in np.flatnonzero(columns[:, 3]).tolist():
            breaks[i] = "\n" in doc[i].text
        starts = np.full(n, -1, dtype=np.int64)
        after_end = np.zeros(n, dtype=bool)
        after_end[1:] = ends[:-1] & (columns[1:, 2] == 0)
        after_break = np.zeros(n, dtype=bool)
        after_break[1:] = breaks[:-1]
        starts[after_end | after_break] = 1
        starts[0] = 1
        values = np.stack([lemmas, starts.astype(np.uint64)], axis=1)
        doc.from_array(["LEMMA", "SENT_START"], cast(Any, values))
        return doc

    def _lemma_doc(self, text: str) -> Doc:
        return self._annotate(self.nlp.make_doc(text))

    def _lemma_text(self, text: str) -> str:
        return " ".join(t.lemma_ for t in self._lemma_doc(text))

    def _build_matchers(self) -> None:
        vocab = self.nlp.vocab
        self._by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._by_text = PhraseMatcher(vocab, attr="ORTH")
        self._by_lower = PhraseMatcher(vocab, attr="LOWER")
        self._tokens = TokenPatterns(vocab)
        self._exact_lower = PhraseMatcher(vocab, attr="LOWER")
        self._keys: dict[int, tuple[str, int, int]] = {}
        self._vetoes: list[tuple[set[int], Veto]] = []
        """Every veto, by number: (the signals it serves, veto)."""

        def key(kind: str, signal: int, rule: int = -1) -> str:
            name = f"{kind}:{signal}:{rule}"
            self._keys[vocab.strings.add(name)] = (kind, signal, rule)
            return name

        for s, sig in enumerate(self.lexicon.signals):
            for r, rule in enumerate(sig.rules):
                if rule.terms:
                    self._by_lemma.add(key("rule", s, r), self._docs(rule.terms))
                if rule.words:
                    self._by_lower.add(
                        key("rule", s, r), [self.nlp.make_doc(t) for t in rule.words]
                    )
                if rule.exact:
                    self._by_text.add(key("rule", s, r), [self.nlp.make_doc(t) for t in rule.exact])
                if rule.pattern is not None:
                    self._tokens.add(key("rule", s, r), [list(rule.pattern)])
                if rule.near is not None:
                    self._by_lemma.add(key("near", s, r), self._docs(rule.near.terms))
                if rule.veto:
                    self._by_lemma.add(key("rveto", s, r), self._docs(rule.veto))
                if rule.not_before:
                    self._by_lemma.add(key("nbefore", s, r), self._docs(rule.not_before))
                if rule.setting:
                    self._by_lemma.add(key("setting", s, r), self._docs(rule.setting))
                if rule.exact:
                    # Articles written in lower case (some archives) name the UN as "un".
                    self._exact_lower.add(
                        key("rule", s, r),
                        [
                            self.nlp.make_doc(t.lower())
                            for t in rule.exact
                            if t.lower() not in STOP_WORDS
                        ],
                    )
            for veto in _vetoes_of(sig):
                # A veto several signals share (a YAML anchor) is matched once for all.
                g = next((g for g, (_, v) in enumerate(self._vetoes) if v == veto), None)
                if g is not None:
                    self._vetoes[g][0].add(s)
                    continue
                g = len(self._vetoes)
                self._vetoes.append(({s}, veto))
                if veto.terms:
                    self._by_lemma.add(key("veto", s, g), self._docs(veto.terms))
                if veto.patterns:
                    self._tokens.add(key("veto", s, g), [list(p) for p in veto.patterns])
                if veto.unless:
                    self._by_lemma.add(key("keep", s, g), self._docs(veto.unless))
                if veto.unless_named:
                    self._by_lemma.add(key("lift", s, g), self._docs(veto.unless_named))
                if veto.requires is not None:
                    if veto.requires.terms:
                        self._by_lemma.add(key("also", s, g), self._docs(veto.requires.terms))
                    if veto.requires.patterns:
                        self._tokens.add(
                            key("also", s, g), [list(p) for p in veto.requires.patterns]
                        )
        self._by_text.add(key("place", -1), [self.nlp.make_doc(n) for n in self._places.names])
        self._by_text.add(key("group", -1), [self.nlp.make_doc(n) for n in self._groups])

    def _docs(self, phrases: Iterable[str]) -> list[Doc]:
        """The phrases of the lexicon, lemmatized to be matched by lemma (a phrase is one
        sentence: no sentence starts are needed, and thousands are built at start-up)."""
        tokenizer: Any = self.nlp.tokenizer
        docs = list(tokenizer.pipe(phrases))
        words = [doc for doc in docs if len(doc)]
        if not words:
            return docs
        # Every phrase's lemmas are looked up at once: one lookup per phrase cost more than
        # the tokenizing.
        lowers = np.concatenate([doc.to_array(["LOWER"]) for doc in words])
        lemmas = self._lemmas(lowers).reshape(-1, 1)
        at = 0
        for doc in words:
            doc.from_array(["LEMMA"], cast(Any, lemmas[at : at + len(doc)]))
            at += len(doc)
        return docs

    # -- classifying ----------------------------------------------------------------

    def classify(self, title: str, text: str) -> Classification:
        """The classification of one article (offsets index ``title + "\\n" + text``)."""
        with self.nlp.memory_zone():
            joined = _joined(title, text)
            return self._classify_doc(self._annotate(self.nlp(joined)), joined)[0]

    def rules_and_features(
        self, items: Iterable[tuple[str, str]]
    ) -> Iterator[tuple[Classification, np.ndarray]]:
        """For training: the rules' classification of each article (without the learned
        model) and the distinct feature buckets the learned model would see."""
        chunk: list[str] = []
        for title, text in items:
            chunk.append(_joined(title, text))
            if len(chunk) >= ZONE_SIZE:
                yield from self._run_features(chunk)
                chunk = []
        if chunk:
            yield from self._run_features(chunk)

    def _run_features(self, texts: list[str]) -> list[tuple[Classification, np.ndarray]]:
        out = []
        with self.nlp.memory_zone():
            for doc, text in zip(self.nlp.pipe(texts, batch_size=BATCH_SIZE), texts, strict=True):
                result, features = self._classify_doc(
                    self._annotate(doc), text, use_learned=False, want_features=True
                )
                assert features is not None
                out.append((result, features.unique()))
        return out

    def classify_many(self, items: Iterable[tuple[str, str]]) -> Iterator[Classification]:
        """Classifications of ``(title, text)`` pairs, in order, processed in batches."""
        chunk: list[str] = []
        for title, text in items:
            chunk.append(_joined(title, text))
            if len(chunk) >= ZONE_SIZE:
                yield from self._run(chunk)
                chunk = []
        if chunk:
            yield from self._run(chunk)

    def _run(self, texts: list[str]) -> list[Classification]:
        # One memory zone per chunk: the strings and words first seen in it are freed once
        # it is classified. A zone costs the re-creation of those words in the next one,
        # so a chunk holds many batches.
        with self.nlp.memory_zone():
            docs = self.nlp.pipe(texts, batch_size=BATCH_SIZE)
            return [
                self._classify_doc(self._annotate(doc), text)[0]
                for doc, text in zip(docs, texts, strict=True)
            ]

    def _classify_doc(
        self, doc: Doc, text: str, use_learned: bool = True, want_features: bool = False
    ) -> tuple[Classification, Features | None]:
        sent_of, bounds = _sentences(doc)
        # The headline is the first line with words, even in hard-wrapped text.
        head = next((n for n, (a, b) in enumerate(bounds) if _has_words(doc, a, b)), 0)
        # What a veto or a negator reaches: a sentence of hard-wrapped text runs on across
        # its line breaks ("SHE WAS KILLED\n10 YEARS AGO"), but not into the headline.
        first_break = _first_break(doc)
        scope_of, scope_bounds = _wrapped_lines_joined(
            doc, sent_of, bounds, first_break, apart=head
        )
        # The first line stands apart as a headline, unless the item has no title and its
        # text is hard-wrapped (other lines were joined): then it starts the first
        # sentence ("A BOMB\nEXPLODED TODAY").
        titled = first_break is not None and _has_words(doc, 0, first_break)
        lead_joined = not titled and len(scope_bounds) < len(bounds)
        if lead_joined:
            scope_of, scope_bounds = _wrapped_lines_joined(doc, sent_of, bounds, first_break)
        heads = _headline(scope_of, bounds[head][0], first_break)
        hits: list[_Hit] = []
        near: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        vetoed: dict[int, list[tuple[int, int]]] = defaultdict(list)
        """Per veto: (sentence, token) of each of its cues."""
        owned: dict[tuple[int, int], int] = {}
        """Per (veto, cue token): where a possessive after the cue stands ("last month's
        attack"): the cue then dates only what it owns."""
        kept_by: dict[int, set[int]] = defaultdict(set)
        """Per veto: the sentences that hold a cue lifting it."""
        required: set[int] = set()
        """The vetoes whose required cues the article holds."""
        lifted: set[int] = set()
        """The vetoes lifted by a phrase the article names anywhere."""
        places: list[tuple[int, int]] = []
        actors: set[str] = set()
        case = _case_of(text)
        by_text = self._by_text(doc)
        if case == "upper":
            # In a text written in capitals, "WHO" is mostly the pronoun.
            by_text = [
                (m, b, e)
                for m, b, e in by_text
                if not (e - b == 1 and doc[b].lower_ in STOP_WORDS and doc[b].is_upper)
            ]
        elif case == "lower":
            by_text = [*by_text, *self._exact_lower(doc)]
        matches = [*self._by_lemma(doc), *by_text]
        rule_vetoed: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        not_before: dict[tuple[int, int], list[int]] = defaultdict(list)
        settings: set[tuple[int, int]] = set()
        """The rules whose setting the article names."""
        if len(self._by_lower):
            matches.extend(self._by_lower(doc))
        if len(self._tokens):
            matches.extend(self._tokens(doc))
        for match_id, start, end in matches:
            kind, s, r = self._keys[match_id]
            if kind == "rule":
                hits.append(_Hit(s, r, start, end))
            elif kind == "near":
                if not _state_in_a_name(doc, start, end) and not _issue_as_noun(doc, start, end):
                    near[(s, r)].append((start, end))
            elif kind == "veto":
                vetoed[r].append((scope_of[start], start))
                if _time_possessive(doc, end):
                    owned[(r, start)] = end
            elif kind == "keep":
                kept_by[r].add(scope_of[start])
            elif kind == "also":
                required.add(r)
            elif kind == "lift":
                lifted.add(r)
            elif kind == "rveto":
                rule_vetoed[(s, r)].append((scope_of[start], start))
            elif kind == "nbefore":
                not_before[(s, r)].append(start)
            elif kind == "setting":
                settings.add((s, r))
            elif kind == "place":
                places.append((start, end))
                code = self._places.code(doc[start:end].text)
                if code:
                    actors.add(code)
            else:
                actors.add(self._groups[doc[start:end].text])
        actors |= self._hyphenated_places(text)
        if lead_joined:
            # The lead is still the first sentence as parsed, though its wrapped lines
            # read on: a headline veto's cue must lie there.
            lead = range(*bounds[head])
            for g in [g for g in vetoed if self._vetoes[g][1].scope == "headline"]:
                vetoed[g] = [(n, pos) for n, pos in vetoed[g] if pos in lead]
                if not vetoed[g]:
                    del vetoed[g]
        # A veto that requires other cues holds only in an article that has one of them,
        # and one lifted by a phrase named anywhere only in an article without it.
        for g in [g for g in vetoed if self._vetoes[g][1].requires and g not in required]:
            del vetoed[g]
        for g in [g for g in vetoed if g in lifted]:
            del vetoed[g]
        # An accident told beside violence is the attack's doing, not an accident.
        for g in [g for g in vetoed if self._vetoes[g][1].unless_at_cue]:
            vetoed[g] = [(n, pos) for n, pos in vetoed[g] if n not in kept_by.get(g, ())]
            if not vetoed[g]:
                del vetoed[g]
        # Date vetoes are read apart: each date is stale or not against the latest one.
        dated = {
            g: _dates_read(doc, vetoed.pop(g), self._vetoes[g][1].older_than or 0)
            for g in [g for g in vetoed if self._vetoes[g][1].older_than]
        }

        covered: dict[tuple[int, int], set[int]] = defaultdict(set)
        for hit in hits:
            covered[(hit.signal, hit.rule)].update(range(hit.start, hit.end))
        kept: dict[int, list[_Hit]] = defaultdict(list)
        for hit in hits:
            sig = self.lexicon.signals[hit.signal]
            rule = sig.rules[hit.rule]
            sent = scope_of[hit.start]
            line = bounds[sent_of[hit.start]]
            reach = sig.veto_window
            # Some matches count only in an article that names their setting: a blast
            # told only by how loud it was, in an article of war or militancy.
            if rule.setting and (hit.signal, hit.rule) not in settings:
                continue
            if any(
                n == sent and abs(pos - hit.start) <= reach
                for n, pos in rule_vetoed.get((hit.signal, hit.rule), ())
            ):
                continue
            if any(
                self._vetoed(g, hit.start, sent, cues, kept_by.get(g, ()), reach, heads, owned)
                for g, cues in vetoed.items()
                if hit.signal in self._vetoes[g][0]
            ):
                continue
            if any(
                _nearest_stale(hit.start, sent, marks, self._vetoes[g][1].window or reach)
                for g, marks in dated.items()
                if hit.signal in self._vetoes[g][0] and sent not in kept_by.get(g, ())
            ):
                continue
            # The window opens after the rule's own matches that follow this one: in
            # "the UN Security Council speech", "speech" is what follows "UN".
            after = _past(hit.end, covered[(hit.signal, hit.rule)])
            if any(
                after <= pos < min(after + rule.not_before_window, line[1])
                for pos in not_before.get((hit.signal, hit.rule), ())
            ):
                continue
            companions = near.get((hit.signal, hit.rule), [])
            if rule.near is not None and rule.near.places:
                companions = [*companions, *places]
            if not self._near_ok(rule, hit, companions, line, scope_bounds[sent]):
                continue
            if rule.not_after and self._after_cancelled(
                doc, hit.start, rule, line[0], covered[(hit.signal, hit.rule)]
            ):
                continue
            if self._negated(doc, hit.start, sig, scope_bounds[sent][0], hit.end):
                continue
            kept[hit.signal].append(hit)
        # Counted matches are read apart from the evidence: "was shot and killed" is
        # evidence; its "killed" still says how many. Count-only matches count only where
        # another match found the signal.
        counted: dict[int, list[_Hit]] = {}
        for signal, signal_hits in list(kept.items()):
            rules = self.lexicon.signals[signal].rules
            evidence = [h for h in signal_hits if not rules[h.rule].count_only]
            if not evidence:
                del kept[signal]
                continue
            counted[signal] = _longest([h for h in signal_hits if rules[h.rule].count])
            kept[signal] = _longest(evidence)

        counts = self._counts(doc, counted, sent_of, bounds, first_break)
        signals = [
            Signal(sig.name, sig.weight, _evidence(doc, kept[s]))
            for s, sig in enumerate(self.lexicon.signals)
            if kept.get(s)
        ]
        features = None
        learned = self.learned if use_learned else None
        if want_features or isinstance(learned, LearnedModel):
            features = self._features(doc, sent_of, hits, kept, counts)
        if isinstance(learned, LearnedModel) and features is not None:
            signals, counts = self._second_look(learned, doc, bounds, features, signals, counts)
        score = self._score(tuple(signals), counts)
        result = Classification(
            score=score,
            level=self.level_of(score),
            signals=tuple(signals),
            casualties=counts,
            actors=tuple(sorted(actors)),
        )
        return result, features

    def _features(
        self,
        doc: Doc,
        sent_of: list[int],
        hits: list[_Hit],
        kept: dict[int, list[_Hit]],
        counts: Casualties,
    ) -> Features:
        """What the learned model sees: the words, and what the rules made of them."""
        names = [(f"raw|{self._rule_names[(h.signal, h.rule)]}", sent_of[h.start]) for h in hits]
        for signal_hits in kept.values():
            names.extend(
                (f"kept|{self._rule_names[(h.signal, h.rule)]}", sent_of[h.start])
                for h in signal_hits
            )
        for s, signal_hits in kept.items():
            name = self.lexicon.signals[s].name
            names.extend((f"sig|{name}", sent_of[h.start]) for h in signal_hits[:1])
        names.extend(
            (f"count|{kind}", 0) for kind in _COUNT_KINDS if getattr(counts, kind) is not None
        )
        return join(text_features(doc, sent_of), named_features(names))

    def _second_look(
        self,
        learned: LearnedModel,
        doc: Doc,
        bounds: list[tuple[int, int]],
        features: Features,
        signals: list[Signal],
        counts: Casualties,
    ) -> tuple[list[Signal], Casualties]:
        """The rules' signals filtered, or completed, by the learned model where it is used."""
        present = features.unique()
        by_name = {s.name: s for s in signals}
        for sig in self.lexicon.signals:
            model = learned.used_for(sig.name)
            if model is None:
                continue
            p = model.probability(present)
            found = by_name.get(sig.name)
            if found is not None and model.low > 0:
                if p >= model.low:
                    by_name[sig.name] = Signal(sig.name, sig.weight, found.evidence, "rules+model")
                else:
                    del by_name[sig.name]
            elif found is None and p >= model.high:
                start, end = bounds[model.best_sentence(features)]
                span = doc[start:end]
                while len(span) and (span[-1].is_space or span[0].is_space):
                    span = span[1:] if span[0].is_space else span[:-1]
                evidence = (Evidence(span.text, span.start_char, span.end_char),)
                by_name[sig.name] = Signal(sig.name, sig.weight, evidence, "model")
        if "casualties" not in by_name:
            counts = Casualties(None, None, counts.displaced)
        ordered = [by_name[s.name] for s in self.lexicon.signals if s.name in by_name]
        return ordered, counts

    def _hyphenated_places(self, text: str) -> set[str]:
        # The tokenizer keeps "U.S.-led" whole; its first part names a country.
        found: set[str] = set()
        for match in _HYPHENATED.finditer(text):
            code = self._places.code(match.group(1))
            if code:
                found.add(code)
        return found

    def _vetoed(
        self,
        g: int,
        start: int,
        sent: int,
        cues: list[tuple[int, int]],
        kept: Iterable[int] | set[int],
        reach: int,
        heads: set[int],
        owned: dict[tuple[int, int], int],
    ) -> bool:
        """Whether veto ``g``, whose cues are at ``cues``, cancels a match at ``start``
        (``heads``: the numbers of the headline's sentences; ``owned``: where a possessive
        follows a cue, which then reaches only the words it owns)."""
        if sent in kept:
            return False
        veto = self._vetoes[g][1]
        scope = veto.scope
        if scope == "sentence":
            reach = reach if veto.window is None else veto.window
            return any(
                n == sent
                and abs(pos - start) <= reach
                and (start >= pos or not veto.after_only)
                and ((g, pos) not in owned or 0 < start - owned[(g, pos)] <= POSSESSED_REACH)
                for n, pos in cues
            )
        if scope == "headline":
            return any(n in heads for n, _ in cues)
        return bool(cues)

    @staticmethod
    def _near_ok(
        rule: Rule,
        hit: _Hit,
        spans: Iterable[tuple[int, int]],
        line: tuple[int, int],
        sent: tuple[int, int],
    ) -> bool:
        if rule.near is None:
            return True
        if rule.near.anywhere:
            return any(not (s < hit.end and e > hit.start) for s, e in spans)
        # A companion begins within ``before`` tokens before the match or within ``after``
        # tokens after its end, and does not overlap it. On the match's own line the whole
        # reach holds; across the line breaks of hard-wrapped text ("A BOMB\nEXPLODED") a
        # companion must lie closer, within WRAP_REACH tokens of the match.
        return any(
            _within(s, hit, rule.near.before, rule.near.after, line)
            or _within(
                s, hit, min(rule.near.before, WRAP_REACH), min(rule.near.after, WRAP_REACH), sent
            )
            for s, e in spans
            if not (s < hit.end and e > hit.start) and e <= sent[1]
        )

    @staticmethod
    def _after_cancelled(doc: Doc, start: int, rule: Rule, floor: int, same: set[int]) -> bool:
        # Words of the rule's own matches are skipped: "addressing the UN General Assembly".
        j = start - 1
        while j >= floor and (doc[j].lower_ in _DETERMINERS or j in same):
            j -= 1
        # The form as written counts too: the lemma table reads some nouns as other words
        # ("weed" as "wee").
        return j >= floor and (doc[j].lemma_ in rule.not_after or doc[j].lower_ in rule.not_after)

    def _negated(self, doc: Doc, start: int, sig: SignalDef, floor: int, end: int) -> bool:
        if not (sig.negatable or sig.hedgeable):
            return False
        if sig.hedgeable and _infinitive(doc, start, floor):
            return True
        definite = start > floor and doc[start - 1].lower_ in _DEFINITE
        j = start - 1
        lo = max(floor, start - self.lexicon.negation.window)
        while j >= lo:
            tok = doc[j]
            if tok.lower_ in self._breaks:
                return False
            lemma = tok.lemma_
            if sig.negatable and (lemma in self._negators or tok.lower_ in self._negators):
                # A missile "thwarted" in flight was fired all the same.
                if lemma in sig.interception and _names_any(doc[start:end], sig.airborne):
                    return False
                return not _denies_authorship(doc, j + 1, start, sig.authorship)
            if (
                sig.hedgeable
                and not definite
                and (lemma in self._hedges or _hyphenated(doc, j, lo) in self._hedges)
                and tok.text != "May"  # the month
                and not (j > floor and doc[j - 1].lower_ in _NEAR_ESCAPE)
                and not _qualifies_other(doc, j, start, floor, self._breaks)
            ):
                return True
            j -= 1
        return False

    def _counts(
        self,
        doc: Doc,
        kept: dict[int, list[_Hit]],
        sent_of: list[int],
        bounds: list[tuple[int, int]],
        first_break: int | None,
    ) -> Casualties:
        counted = [
            (hit, rule.count)
            for s, hits in kept.items()
            for hit in hits
            if (rule := self.lexicon.signals[s].rules[hit.rule]).count is not None
        ]
        # A search for a number stops at another count's words ("3 killed and 5 injured"),
        # but a toll of the killed may cross a word for displacement ("13 displaced people
        # dead").
        blockers = {
            kind: {
                i
                for hit, other in counted
                if kind == "displaced" or other != "displaced"
                for i in range(hit.start, hit.end)
            }
            for kind in _COUNT_KINDS
        }
        sent_of, bounds = _wrapped_lines_joined(doc, sent_of, bounds, first_break)
        # A killing on someone's record ("a gangster involved in killing seven"), or one a
        # side claims ("the rebels claimed that nine soldiers were killed"), gives the count
        # only when the item states no other.
        killings = {
            i for hit, kind in counted if kind == "killed" for i in range(hit.start, hit.end)
        }
        deeds = [
            (hit, kind)
            for hit, kind in counted
            if kind == "killed"
            and (
                earlier_deed(doc, hit.start, sent_start := bounds[sent_of[hit.start]][0], killings)
                or claimed(doc, hit.start, sent_start)
            )
        ]
        events = [pair for pair in counted if pair not in deeds]
        found = self._tally(doc, events, blockers, sent_of, bounds)
        if found.killed is None and deeds:
            fallback = self._tally(doc, deeds, blockers, sent_of, bounds)
            found = Casualties(fallback.killed, found.injured, found.displaced)
        return found

    def _tally(
        self,
        doc: Doc,
        counted: Sequence[tuple[_Hit, str]],
        blockers: dict[str, set[int]],
        sent_of: list[int],
        bounds: list[tuple[int, int]],
    ) -> Casualties:
        """The counts the hits ``counted`` (each with its kind) state together."""
        tolls: dict[str, int] = {}
        toll_at: list[tuple[str, int, int]] = []  # each toll's kind, sentence and figure
        # Figures read close together in one sentence are parts of one report and add up
        # ("two militants were killed, while one civilian was killed"); elsewhere (headline
        # and body, or a later recap) the same toll is often stated again, so the largest
        # such total is the overall figure.
        per_sentence: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
        # Sentences with a count of their own; the others only add ("was also killed").
        main: set[tuple[str, int]] = set()
        # "The third guard succumbed": (sentence, 3).
        ordinals: list[tuple[int, int]] = []
        # Killing nouns a victim follows, by sentence: "the murder of a guard".
        victim_nouns: dict[int, list[int]] = defaultdict(list)
        # Read once a sentence, however many counts it holds.
        running = functools.cache(lambda n: cumulative(doc, *bounds[n]))
        opens_running = functools.cache(lambda n: opens_cumulative(doc, *bounds[n]))
        separate = functools.cache(lambda n: separate_incidents(doc, *bounds[n]))
        spans_period = functools.cache(lambda n: over_period(doc, *bounds[n]))
        # "210 were killed in the past 24 hours, bringing the toll to 12,000": the day's
        # figure is the event's, the toll the war's; the toll counts only when the sentence
        # gives no figure of its own.
        daily = functools.cache(lambda n: daily_update(doc, *bounds[n]))
        daily_tolls: dict[int, int] = {}
        # Bodies found or recovered give no cause of death: beside a killing the sentence
        # counts, they are no part of its toll. They are read last, after that count.
        recovered = functools.cache(
            lambda hit: bodies_found(doc, hit.start, hit.end, *bounds[sent_of[hit.start]])
        )
        counted = sorted(counted, key=lambda pair: pair[1] == "killed" and recovered(pair[0]))
        # A match of the killed right after another is one phrase with it ("two dead
        # bodies"), not more victims.
        killed_ends = {hit.end for hit, kind in counted if kind == "killed"}
        killed_starts = {hit.start for hit, kind in counted if kind == "killed"}
        for hit, kind in counted:
            sent_no = sent_of[hit.start]
            sent = bounds[sent_no]
            if kind == "killed" and hit.start in killed_ends:
                continue
            if (
                kind == "injured"
                and hit.end + 1 in killed_starts
                and doc[hit.end].lower_ == "and"
                and doc[hit.start].lower_ in _HARMED_AND
                and hit.start > sent[0]
                and doc[hit.start - 1].lower_ in ("was", "were", "been", "being")
            ):
                continue  # "two were shot and killed": the killed's count, no one hurt
            toll = is_toll(doc, hit.start, hit.end, sent[0])
            if toll and kind == "killed":
                if running(sent_no) or spans_period(sent_no):
                    continue  # a toll that runs since a war or a campaign began, or for months
            elif kind == "killed" and (
                opens_running(sent_no)
                or killed_over_period(doc, hit.end, sent[1])
                or war_toll(doc, *sent, at=hit.start)
            ):
                continue  # "Since January, 17 traders have been killed", "killed in two months"
            elif kind != "displaced" and separate(sent_no):
                continue  # a total of separate incidents is no event's toll
            elif kind == "killed" and recovered(hit) and per_sentence.get((kind, sent_no)):
                continue  # "two bodies were recovered, while one man was killed": 1
            found, anchor = count_near(
                doc, hit.start, hit.end, sent[0], sent[1], self._persons,
                blockers[kind] - set(range(hit.start, hit.end)),
            )  # fmt: skip
            value = count_value(found)
            if value is not None and value > 0 and toll and kind == "killed" and daily(sent_no):
                daily_tolls[sent_no] = max(daily_tolls.get(sent_no, 0), value)
            elif value is not None and value > 0 and toll:
                # A toll is a total already: never added to the parts beside it.
                tolls[kind] = max(tolls.get(kind, 0), value)
                toll_at.append((kind, sent_no, value))
            elif value is not None and value > 0:
                parts = per_sentence[(kind, sent_no)]
                if participle_after_comma(doc, hit.start, sent[0]) and any(
                    pos < anchor and before >= value for pos, before in parts.items()
                ):
                    continue  # "Five were killed when a bomb went off, killing three children"
                if (
                    kind == "killed"
                    and value == 1
                    and parts
                    and after_his_or_her(doc, hit.start, sent[0])
                ):
                    continue  # "shot him dead and dumped his body": no second victim
                if kind == "killed" and doc[hit.end - 1].lower_ in KILLING_NOUNS:
                    if hit.end < sent[1] and doc[hit.end].lower_ == "of":
                        victim_nouns[sent_no].append(hit.end - 1)
                elif (
                    value == 1
                    and kind == "killed"
                    and restates_victim(doc, hit.start, sent[0], victim_nouns[sent_no])
                ):
                    continue  # "the killing of a student who was shot dead": one victim
                if value == 1 and kind == "killed":
                    nth = ordinal_victim(doc, sent[0], hit.start, self._persons)
                    if nth is not None:
                        ordinals.append((sent_no, nth))
                parts[anchor] = max(parts.get(anchor, 0), value)
                # "Also killed", and attackers "shot dead themselves", add to the victims.
                if not (
                    _also_before(doc, hit.start, sent[0])
                    or attackers_themselves(doc, hit.end, sent[1])
                ):
                    main.add((kind, sent_no))
            if toll:
                main.add((kind, sent_no))  # "had also been killed, bringing the toll to 36"
        for sent_no, value in daily_tolls.items():
            if ("killed", sent_no) not in per_sentence:
                tolls["killed"] = max(tolls.get("killed", 0), value)
                toll_at.append(("killed", sent_no, value))
        # In the order of the sentences (a sentence's own count before what it adds): "one
        # civilian was also killed" after the event's toll adds to it; a total told after
        # it ("the gunmen killed the mayor and his driver") counts it already.
        figures: dict[str, list[tuple[int, bool, int]]] = defaultdict(list)
        for name, sent_no, value in toll_at:
            figures[name].append((sent_no, False, value))
        for (name, sent_no), found_parts in per_sentence.items():
            for total in _cluster_sums(found_parts, doc):
                figures[name].append((sent_no, (name, sent_no) not in main, total))
        best: dict[str, int] = {}
        for name, told in figures.items():
            value = 0
            for _, adds, total in sorted(told):
                value = value + total if adds else max(value, total)
            best[name] = value
        # "Two guards were killed ... The third guard died later": three so far; alone, a
        # "second rebel shot dead" is the item's one.
        killed_in = {n for (name, n) in per_sentence if name == "killed"}
        for sent_no, nth in ordinals:
            if killed_in - {sent_no} or "killed" in tolls:
                best["killed"] = max(best.get("killed", 0), nth)
        return Casualties(best.get("killed"), best.get("injured"), best.get("displaced"))

    def _score(self, signals: tuple[Signal, ...], counts: Casualties) -> float:
        scoring = self.lexicon.scoring
        score = sum(s.weight for s in signals)
        for kind in _COUNT_KINDS:
            value = getattr(counts, kind)
            if value:
                score += getattr(scoring, kind) * math.log10(1 + value)
        return round(max(float(score), 0.0), 2)

    def level_of(self, score: float) -> Level:
        """The level a score reaches under the lexicon's thresholds."""
        levels = self.lexicon.levels
        for level, threshold in (
            (Level.CRITICAL, levels.critical),
            (Level.HIGH, levels.high),
            (Level.ELEVATED, levels.elevated),
            (Level.LOW, levels.low),
        ):
            if score >= threshold:
                return level
        return Level.NONE


# Splitting rules for the blank pipeline's tokenizer, simpler than spaCy's English ones
# (which handle units, currencies, emoticons and URLs with long regular expressions) and
# about 1.6 times faster on news. spaCy's exceptions ("U.S.", "Mr.", "don't") still apply.
_PREFIX = re.compile(
    r"""^[\(\[\{"'“‘«$£€#¿¡*<>—–]"""
    r"""|^(?:were|was)(?=(?:killed|injured|wounded|hurt)$)"""  # a missing space: "werekilled"
    # An opening quote in UTF-8 read as Latin-1 (mojibake): "â€œ".
    r"""|^(?-i:â€[œ˜])""",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"""(?:['’]s|['’]|[\)\]\}"”’»,;:!?…%*>—–]|(?<=[^.\s][^.\s])\.|\.\.\.)$"""
    r"""|(?<=[a-z]ed)and$"""  # a missing space: "were killedand seven injured"
    # Mojibake quotes stuck to a word: "the cityâ€™s", "concern.â€\x9d".
    r"""|(?-i:â€™s|â€[\x9d™”]?)$""",
    re.IGNORECASE,
)
_INFIX = re.compile(
    r"""(?<=[A-Za-z0-9])[-–—/](?=[A-Za-z0-9])"""  # "US-Israeli", "17-year-old"
    r"""|(?<=[a-z0-9])[,;:.](?=[A-Z])"""  # a missing space: "said.Meanwhile"
    r"""|(?<=[a-z])[,;:](?=[a-z])|\.\.\.|…|(?<=\w)[()"“”](?=\w)"""
)


LEAN = "monitor.lean_tokenizer.v1"


def _lean_tokenizer() -> Callable[[Language], Tokenizer]:
    """English tokenization with the affixes above and no URL or token matching (no rule
    reads URLs)."""

    def build(nlp: Language) -> Tokenizer:
        return Tokenizer(
            nlp.vocab,
            rules=nlp.Defaults.tokenizer_exceptions,
            prefix_search=_PREFIX.search,
            suffix_search=_SUFFIX.search,
            infix_finditer=_INFIX.finditer,
            token_match=None,
            url_match=None,
        )

    return build


registry.tokenizers.register(LEAN, func=_lean_tokenizer)

_ONGOING = frozenset({"continue", "continues", "continued", "continuing", "begin", "began",
                      "begun", "start", "started", "starts"})  # fmt: skip


_JOINS = frozenset({",", "and", "or"})
# Nouns written like verbs after "to", which start no list of verbs: "lost to death or
# injury", "taken to hospital and treated".
_NOUNS_AFTER_TO = frozenset({"death", "injury", "harm", "life", "justice", "power", "court",
                             "hospital", "jail", "prison", "safety", "work", "school", "war",
                             "peace", "rest", "light", "mind", "date", "zero",
                             "nothing"})  # fmt: skip


def _infinitive(doc: Doc, start: int, floor: int) -> bool:
    """Whether the match is a verb after "to" ("vowed to kill", "wants to bomb"), or joined
    to such a verb ("came to attack, kill and destroy"): a purpose or a plan, not an
    event, unless it goes on ("continue to die"). A line break of hard-wrapped text
    between the words ("A TANK TO\nKILL A FLEA") is read as the space it stands for."""
    if start <= floor or not _base_verb(doc[start]):
        return False
    first, to = start, _before(doc, start, floor)
    # Back over the verbs joined before it: "to attack, kill, and destroy".
    for _ in range(3):
        if to < floor or doc[to].lower_ not in _JOINS:
            break
        j = to
        while j >= floor and doc[j].lower_ in _JOINS:
            j = _before(doc, j, floor)
        if j < floor or not _base_verb(doc[j]) or doc[j].lower_ in _NOUNS_AFTER_TO:
            return False
        first, to = j, _before(doc, j, floor)
    if to < floor or doc[to].lower_ != "to":
        return False
    if doc[first].is_title and doc[to].is_lower:
        return False  # a name after a lower-case "to" ("reacts to Israeli raid"), not a verb
    before = _before(doc, to, floor)
    return not (before >= floor and doc[before].lower_ in _ONGOING)


def _before(doc: Doc, i: int, floor: int) -> int:
    """The token before ``i``, across one line break of hard-wrapped text (below
    ``floor`` when there is none)."""
    j = i - 1
    if j >= floor and doc[j].is_space and doc[j].text.count("\n") == 1:
        j -= 1
    return j


def _base_verb(word: Token) -> bool:
    """Whether ``word`` is written as its own lemma, as a verb after "to" is."""
    return word.lower_ == word.lemma_ and word.is_alpha


# Words before a participle that make it an adjective: "an alleged", "two suspected".
_ATTRIBUTIVE_AFTER = frozenset({"a", "an", "the", "of", "by", "for", "with", "from", "against",
                                "on", "at", "in", "among", "two", "three", "some", "several",
                                "many", "more", ",", "(", '"', "“"})  # fmt: skip


def _qualifies_other(
    doc: Doc, hedge: int, start: int, floor: int, breaks: frozenset[str] | set[str]
) -> bool:
    """Whether a hedge is a participle used as an adjective for another word than the
    match: "alleged militants fired rockets" tells of rockets fired, "an alleged drone
    attack" does not (the adjective reaches the noun phrase right after it)."""
    word = doc[hedge]
    if not word.lower_.endswith("ed") or word.lower_ == word.lemma_ or start - hedge <= 2:
        return False
    # "To" after it makes it a predicate ("more accustomed to shelling", "alleged to have
    # fired"), which governs what follows rather than naming a noun.
    if doc[hedge + 1].lower_ == "to":
        return False
    before = doc[hedge - 1] if hedge > floor else None
    # A clause opens before it too: "as alleged blockaders hurled a petrol bomb".
    return (
        before is None
        or before.lower_ in _ATTRIBUTIVE_AFTER
        or before.lower_ in breaks
        or before.like_num
    )


def _hyphenated(doc: Doc, end: int, lo: int) -> str:
    """The hyphenated word ending at token ``end``, which the tokenizer splits
    ("pre-emptive"), or "" if none."""
    if end - 2 < lo or doc[end - 1].text != "-":
        return ""
    if doc[end - 2].whitespace_ or doc[end - 1].whitespace_:
        return ""
    return f"{doc[end - 2].lower_}-{doc[end].lower_}"


def _names_any(span: Span, lemmas: tuple[str, ...]) -> bool:
    """Whether a token of the span has one of these lemmas (or is written so)."""
    return any(t.lemma_ in lemmas or t.lower_ in lemmas for t in span)


def _denies_authorship(doc: Doc, lo: int, hi: int, authorship: tuple[str, ...]) -> bool:
    """Whether the words between a negator and a match deny who did it, not that it
    happened: "denied Ukraine was behind the blasts" still reports the blasts."""
    return any(t.lemma_ in authorship or t.lower_ in authorship for t in doc[lo:hi])


def _vetoes_of(sig: SignalDef) -> list[Veto]:
    """A signal's vetoes: ``veto`` and ``doc_veto`` as the simplest kinds, then ``vetoes``."""
    out = []
    if sig.veto:
        out.append(Veto(terms=sig.veto))
    if sig.doc_veto:
        out.append(
            Veto(
                scope="document",
                terms=sig.doc_veto,
                unless=sig.doc_veto_unless,
                unless_at_cue=True,
            )
        )
    return [*out, *sig.vetoes]


def _has_words(doc: Doc, start: int, end: int) -> bool:
    return any(not t.is_space for t in doc[start:end])


def _case_of(text: str) -> str:
    """``upper`` for a text written in capitals, ``lower`` for one without any, else ``mixed``."""
    letters = [c for c in text[:2000] if c.isalpha()]
    if len(letters) < 20:
        return "mixed"
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.8:
        return "upper"
    return "lower" if upper < 0.01 else "mixed"


# A no-break space in UTF-8 read as Latin-1 (mojibake) leaves an "Â" stuck to the word
# before it ("1 killedÂ violence"): read as the space it was, which keeps every offset.
_NBSP_MOJIBAKE = re.compile(r"Â(?=\s|$)")


def _joined(title: str, text: str) -> str:
    return _NBSP_MOJIBAKE.sub(" ", f"{title}\n{text}")


def _sentences(doc: Doc) -> tuple[list[int], list[tuple[int, int]]]:
    """The sentence index of every token, and each sentence's token bounds."""
    n = len(doc)
    if n == 0:
        return [], []
    flags = doc.to_array("SENT_START").astype(np.int64)
    flags[0] = 1
    firsts = np.flatnonzero(flags == 1)
    sent_of = (np.cumsum(flags == 1) - 1).tolist()
    ends = [*firsts[1:].tolist(), n]
    return sent_of, list(zip(firsts.tolist(), ends, strict=True))


def _first_break(doc: Doc) -> int | None:
    """The token holding the first line break: where the title ends."""
    return next((t.i for t in doc if "\n" in t.text), None)


def _wrapped_lines_joined(
    doc: Doc,
    sent_of: list[int],
    bounds: list[tuple[int, int]],
    first_break: int | None,
    apart: int = -1,
) -> tuple[list[int], list[tuple[int, int]]]:
    """The sentences for reading counts: a line break inside a sentence of hard-wrapped
    text ("THREE GUERRILLAS WERE\nKILLED") ends no sentence there. A line break ends a
    sentence only where the line before it ends with ". ! ?", where a blank line follows,
    or where the title ends (the first line break). The sentence ``apart`` is joined to no
    line after it."""
    merged: list[tuple[int, int]] = []
    for n, (start, end) in enumerate(bounds):
        if merged and n - 1 != apart and _wraps(doc, start, first_break):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if len(merged) == len(bounds):
        return sent_of, bounds
    joined = [0] * len(doc)
    for n, (start, end) in enumerate(merged):
        joined[start:end] = [n] * (end - start)
    return joined, merged


def _headline(scope_of: list[int], start: int, first_break: int | None) -> set[int]:
    """The sentences of the headline, which starts at token ``start``: every sentence of
    the title line ("Who bombed the depot? What we know a year on"), or the lead of an
    item without a title."""
    title_end = len(scope_of) if first_break is None else first_break
    return set(scope_of[start : max(title_end, start + 1)])


def _wraps(doc: Doc, start: int, first_break: int | None) -> bool:
    """Whether the sentence that starts at ``start`` goes on from the line before it."""
    brk = start - 1
    if brk < 1 or brk == first_break or doc[brk].text.count("\n") != 1:
        return False
    before = doc[brk - 1]
    return not before.is_space and before.text not in _SENTENCE_END


def _also_before(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether "also" stands just before a passive verb or a verb of dying at ``start``:
    "one civilian was also killed", "two others also died", "a guard also lost his life";
    not "who also killed two guards", often a recap of the count before."""
    before = {t.lower_ for t in doc[max(sent_start, start - 3) : start]}
    passive = before & {"was", "were", "been"} or doc[start].lower_ in _DYING
    return bool(passive) and (
        "also" in before
        or _another_subject(doc, start, sent_start)
        or _attacker_subject(doc, start, sent_start)
    )


_DYING = frozenset({"died", "dead", "lost", "succumbed"})


def _another_subject(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether the sentence opens with "another" as the victim ("Another guard was shot
    dead", "Another died later"): one more person, like "also"."""
    words = [t.lower_ for t in doc[sent_start:start] if not t.is_space]
    return 0 < len(words) <= 4 and words[0] == "another"


_ATTACKERS = frozenset({"shooter", "gunman", "attacker", "assailant", "bomber", "perpetrator"})


def _attacker_subject(doc: Doc, start: int, sent_start: int) -> bool:
    """Whether the sentence opens with the attacker as the one who died ("The shooter was
    killed by police", "The gunman died at the scene"): one more than the victims."""
    words = [t.lower_ for t in doc[sent_start:start] if not t.is_space]
    return 2 <= len(words) <= 4 and words[0] == "the" and words[1] in _ATTACKERS


WRAP_REACH = 8
"""How many tokens a rule's companion may lie from its match across a line break of
hard-wrapped text."""


# "State" as part of a name says nothing: "the United States", "Islamic State", "the
# Secretary of State", "the State Department" beside the UN are no "the UN stated".
_STATE_NAMED_AFTER = frozenset({"united", "islamic", "of"})
_STATE_NAMED_BEFORE = frozenset({"department", "dept", "dept."})


def _state_in_a_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a companion is the word "State(s)" written as part of a name."""
    word = doc[start]
    if end - start != 1 or word.lower_ not in ("state", "states") or not word.text[0].isupper():
        return False
    before, after = _neighbours(doc, start, end)
    return before in _STATE_NAMED_AFTER or after in _STATE_NAMED_BEFORE


# "Issue" as a noun says nothing: "thorny issues, including who would inspect", "the
# issue of funding" (not "the UN issues a warning", "issued a report").
_ISSUE_NOUN_AFTER = frozenset({"the", "a", "an", "this", "that", "these", "those", "its",
                               "their", "other", "key", "main", "many", "several", "such",
                               "some", "any", "thorny", "outstanding", "pressing", "on",
                               "over", "about", "of", "and", "or"})  # fmt: skip
_ISSUE_NOUN_BEFORE = frozenset({",", ".", ";", ":", ")", "of", "including", "such", "like",
                                "is", "are", "was", "were", "that", "which", "remain",
                                "remained", "remains", "facing", "at"})  # fmt: skip


def _issue_as_noun(doc: Doc, start: int, end: int) -> bool:
    """Whether a companion is the noun "issue(s)", not the verb of a statement issued."""
    if end - start != 1 or doc[start].lower_ not in ("issue", "issues"):
        return False
    before, after = _neighbours(doc, start, end)
    return before in _ISSUE_NOUN_AFTER or after in _ISSUE_NOUN_BEFORE


def _neighbours(doc: Doc, start: int, end: int) -> tuple[str, str]:
    """The words (lower case) right before and right after ``doc[start:end]``; "" at an
    edge of the text."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return before, after


def _within(start: int, hit: _Hit, before: int, after: int, sent: tuple[int, int]) -> bool:
    """Whether a companion starting at ``start`` lies within ``before`` tokens before the
    match or ``after`` tokens after its end, inside the sentence ``sent``."""
    lo = max(sent[0], hit.start - before)
    hi = min(sent[1], hit.end + after)
    return lo <= start < hit.start or hit.end <= start < hi


PARTS_WINDOW = 15
"""Counts whose numbers lie within this many tokens of each other in a sentence add up."""


_HARMED_AND = frozenset({"shot", "stabbed"})
_EARLIER_EVENT = frozenset({"after", "following"})

_POSSESSIVE = frozenset({"'s", "’s"})
_TIME_NOUNS = frozenset({"year", "years", "month", "months", "week", "weeks", "decade",
                         "decades", "century", "summer", "winter", "spring", "autumn"})  # fmt: skip
POSSESSED_REACH = 3
"""How many tokens after a possessive a sentence veto's cue still reaches: "last month's
deadly suicide bombing" dates the bombing, not the raid the sentence goes on to tell."""


def _time_possessive(doc: Doc, end: int) -> bool:
    """Whether a cue ending at ``end`` is a time in the possessive ("last month's", "the
    2015's"), which dates only the noun it goes on to name."""
    if end < 1 or end >= len(doc) or doc[end].lower_ not in _POSSESSIVE:
        return False
    last = doc[end - 1]
    return last.lower_ in _TIME_NOUNS or bool(_YEAR.match(last.text))


def _cluster_sums(parts: dict[int, int], doc: Doc) -> list[int]:
    """Sums of the values at positions no more than PARTS_WINDOW apart, unless "after"
    stands between them: "seven militants were killed as troops hit back after a blast
    killed a soldier" tells two events."""
    sums: list[int] = []
    last = None
    for pos in sorted(parts):
        if (
            last is not None
            and pos - last <= PARTS_WINDOW
            and not any(t.lower_ in _EARLIER_EVENT for t in doc[last:pos])
            and not any(_headlines_apart(t) for t in doc[last:pos])
            and not _whole_after(doc, last, pos)
        ):
            sums[-1] += parts[pos]
        else:
            sums.append(parts[pos])
        last = pos
    return sums


_RELATIVE_THINGS = frozenset({"that", "which"})
_ANYONE = frozenset({"people", "persons", "individuals", "dead"})


def _whole_after(doc: Doc, last: int, pos: int) -> bool:
    """Whether the count at ``pos`` is the whole toll of the attack in which the victims
    counted at ``last`` died: "a mother and her baby were shot in an attack that left six
    people dead" (six in all, the two among them), not more victims."""
    if not any(t.lower_ in _RELATIVE_THINGS for t in doc[last:pos]):
        return False
    k = pos
    while k < len(doc) and (is_numberish(doc[k]) or doc[k].text == "-"):
        k += 1
    return k < len(doc) and k > pos and doc[k].lower_ in _ANYONE


def _headlines_apart(token: Token) -> bool:
    """Whether ``token`` is a run of spaces with no line break inside a line: what parts a
    list of headlines run together ("Riots go on, 1 killed  Riots go on, 1 killed"),
    each its own report."""
    return token.is_space and "\n" not in token.text


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def _day_of_year(doc: Doc, start: int) -> int | None:
    """The day of the year of the date written from ``start`` ("on April 22", "on 16
    November", "in September", "on Wednesday, 7 February"), or None."""
    month = day = None
    words = [t for t in doc[start : start + 6] if t.lower_ not in _WEEKDAYS and t.text != ","]
    for tok in words[:4]:
        name = tok.lower_.rstrip(".")
        if month is None and name in MONTH_NUMBERS:
            month = MONTH_NUMBERS[name]
        # The day may hold the full stop that ends its sentence: "on May 4." is one token.
        elif day is None and (digits := tok.text.rstrip(".")).isdigit() and 1 <= int(digits) <= 31:
            day = int(digits)
    if month is None:
        return None
    # A month alone ("in September") is dated by its last day, the latest it can mean.
    return sum(_MONTH_DAYS[:month]) + (day or _MONTH_DAYS[month])


def _dates_read(doc: Doc, cues: list[tuple[int, int]], days: int) -> list[tuple[int, int, bool]]:
    """The date cues as (sentence, token, stale): stale when more than ``days`` before the
    latest date among them. A date written with its year ("on January 27, 2011") tells of
    the past beside dates written without one (the report's own days): it sets the latest
    date only where every date has its year."""
    dated = [(sent, pos, _day_of_year(doc, pos)) for sent, pos in cues]
    known = [(sent, pos, day) for sent, pos, day in dated if day is not None]
    if not known:
        return []
    # Dates across a new year ("on December 30 ... on January 2"): January comes after.
    if max(d for *_, d in known) - min(d for *_, d in known) > 182:
        known = [(sent, pos, d + 365 if d <= 182 else d) for sent, pos, d in known]
    yearless = [d for _, pos, d in known if not _with_year(doc, pos)]
    latest = max(yearless or [d for *_, d in known])
    return [(sent, pos, latest - d > days) for sent, pos, d in known]


_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def _with_year(doc: Doc, start: int) -> bool:
    """Whether the date written from ``start`` ("on April 22, 2015", "on 16 November 2019")
    goes on with its year."""
    end = min(len(doc), start + 6)
    month = next((i for i in range(start, end) if doc[i].lower_.rstrip(".") in MONTH_NUMBERS), None)
    if month is None:
        return False
    j = month + 1
    if j < end and doc[j].text.rstrip(".").isdigit() and not _YEAR.match(doc[j].text):
        j += 1  # the day after the month
    if j < end and doc[j].text == ",":
        j += 1
    return j < end and bool(_YEAR.match(doc[j].text.rstrip(".")))


def _nearest_stale(start: int, sent: int, marks: list[tuple[int, int, bool]], reach: int) -> bool:
    """Whether the date nearest a match in its sentence, within ``reach`` tokens, is stale:
    "injured on September 22, he died on October 17" is news of October for "died"."""
    near = [(abs(pos - start), stale) for n, pos, stale in marks if n == sent]
    near = [(gap, stale) for gap, stale in near if gap <= reach]
    return min(near)[1] if near else False


def _past(end: int, same: set[int]) -> int:
    """The first token from ``end`` on that no match in ``same`` covers."""
    while end in same:
        end += 1
    return end


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """``hits`` without those inside a longer one ("dead" inside "shot dead")."""
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_Hit] = []
    for hit in ordered:
        if out and hit.start >= out[-1].start and hit.end <= out[-1].end:
            continue
        out.append(hit)
    return out


def _evidence(doc: Doc, hits: list[_Hit]) -> tuple[Evidence, ...]:
    """The spans of ``hits``, overlapping ones merged, in text order."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((h.start, h.end) for h in hits):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    out = []
    for start, end in spans:
        span = doc[start:end]
        out.append(Evidence(span.text, span.start_char, span.end_char))
    return tuple(out)
