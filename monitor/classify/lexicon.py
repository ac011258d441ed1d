"""The signal lexicon: ``signals.yaml`` read, validated and frozen.

A lexicon names each escalation signal, its weight, and the rules that find it: lemma
phrases (``terms``) or spaCy token patterns (``pattern``), optionally tied to a casualty or
displacement count, to a companion term nearby, or cancelled by a veto term in the same
sentence. It also holds the negation and hedging cues, the score and the level thresholds,
and any armed groups a user adds to the shipped list.

This module reads and checks files; it does not build a pipeline or classify anything.
"""

from __future__ import annotations

import filecmp
import functools
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from monitor.config import Strict, read_yaml, validate

CountRole = Literal["killed", "injured", "displaced"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Lexical attributes the classifier's blank pipeline does not compute, to save time.
_UNSET_ATTRS = frozenset({
    "PREFIX", "SUFFIX", "IS_STOP", "LIKE_EMAIL", "LIKE_URL", "IS_ASCII", "SHAPE",
    "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
})  # fmt: skip


def _phrases(values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not value.strip():
            raise ValueError("a term cannot be empty")
    return tuple(v.strip() for v in values)


class Near(Strict):
    """A companion that must occur close to a rule's match, in the same sentence."""

    terms: tuple[str, ...] = Field(min_length=1)
    """Lemma phrases (lower case), any of which will do."""
    before: int = Field(default=0, ge=0, le=50)
    """How many tokens before the match's start the companion may begin."""
    after: int = Field(default=10, ge=0, le=50)
    """How many tokens after the match's end the companion may begin."""
    anywhere: bool = False
    """The companion may be anywhere in the article (``before`` and ``after`` are ignored):
    "injured" in an article about an attack."""
    places: bool = False
    """A place name (a country, a capital, a city, a region of the place data) also counts
    as the companion: "Russia pounded Kharkiv"."""

    _check_terms = field_validator("terms")(classmethod(lambda cls, v: _phrases(v)))


class Rule(Strict):
    """One way a signal shows: a set of phrases or one token pattern."""

    terms: tuple[str, ...] = ()
    """Phrases matched on lemmas, case-insensitively: ``air strike`` also finds "air strikes"."""
    words: tuple[str, ...] = ()
    """Word forms matched as written, in any case, without lemmas: ``bombing`` (whose
    lemma, "bomb", would also find "bomb threat")."""
    exact: tuple[str, ...] = ()
    """Phrases matched on exact text, case and all: ``UN``, ``WHO``."""
    pattern: tuple[dict[str, Any], ...] | None = None
    """A spaCy Matcher token pattern (``LEMMA`` values are lower case)."""
    count: CountRole | None = None
    """The count a number beside this match states, if any."""
    count_only: bool = False
    """The match gives a count but never the signal: it counts only when another rule
    found the signal ("Ten people died." in an article whose attack another rule found)."""
    near: Near | None = None
    """A companion that must occur near the match for it to count."""
    not_after: tuple[str, ...] = ()
    """Lemmas that cancel the match when they stand just before it ("called on the UN")."""
    not_before: tuple[str, ...] = ()
    """Lemma phrases that cancel the match when they begin within ``not_before_window``
    tokens after it and after any match of the same rule that follows it, in the same
    sentence ("killed 15 livestock", "casualties unknown", "UN Security Council speech")."""
    not_before_window: int = Field(default=4, ge=1, le=20)
    veto: tuple[str, ...] = ()
    """Lemma phrases that cancel this rule's matches (not the signal's others) near them in
    the same sentence, up to the signal's ``veto_window``: "union" for a labour strike
    cancels "strike", not "a bomb exploded at the union's office"."""
    setting: tuple[str, ...] = ()
    """Lemma phrases of which one must occur somewhere in the article for the match to
    count: the armed conflict or militancy that makes a blast of no stated cause an attack
    (a house that explodes in a quiet suburb is not one)."""

    _check_terms = field_validator("terms", "words", "exact", "not_before", "veto", "setting")(
        classmethod(lambda cls, v: _phrases(v))
    )

    @field_validator("pattern")
    @classmethod
    def _check_pattern(
        cls, pattern: tuple[dict[str, Any], ...] | None, info: ValidationInfo
    ) -> tuple[dict[str, Any], ...] | None:
        if pattern is None:
            return None
        return _valid_pattern(pattern, info)

    @model_validator(mode="after")
    def _one_kind(self) -> Rule:
        kinds = sum(bool(k) for k in (self.terms, self.words, self.exact, self.pattern))
        if kinds != 1:
            raise ValueError("a rule needs exactly one of 'terms', 'words', 'exact' or 'pattern'")
        return self


SHIPPED = "shipped"
"""The validation context's key that says the file is the bundled lexicon, byte for byte."""


def _valid_pattern(
    pattern: tuple[dict[str, Any], ...], info: ValidationInfo
) -> tuple[dict[str, Any], ...]:
    if not pattern:
        raise ValueError("a pattern needs at least one token")
    # spaCy's own check of a token pattern takes importing spaCy (about 100 MB and a
    # second): the bundled lexicon's patterns are checked by the test suite, so a command
    # that loads only the configuration (a poll whose processing runs in another process)
    # does not pay for it. Any other lexicon is checked here.
    if not (info.context or {}).get(SHIPPED):
        from spacy.schemas import validate_token_pattern

        problems = validate_token_pattern(list(pattern))
        if problems:
            raise ValueError("invalid token pattern: " + "; ".join(problems))
    unset = sorted({key for token in pattern for key in token} & _UNSET_ATTRS)
    if unset:
        raise ValueError(
            f"{', '.join(unset)} cannot be used: the pipeline does not compute "
            "it (see the attributes listed in signals.yaml)"
        )
    return pattern


VetoScope = Literal["sentence", "document", "headline"]


class Cues(Strict):
    """Cues to look for: lemma phrases or token patterns, at least one of them."""

    what: ClassVar[str] = "'requires'"
    """How an error names these cues."""
    terms: tuple[str, ...] = ()
    """Lemma phrases."""
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    """spaCy Matcher token patterns (a year after "in": ``in 2015``)."""

    _check_terms = field_validator("terms")(classmethod(lambda cls, v: _phrases(v)))

    @field_validator("patterns")
    @classmethod
    def _check_patterns(
        cls, patterns: tuple[tuple[dict[str, Any], ...], ...], info: ValidationInfo
    ) -> tuple[tuple[dict[str, Any], ...], ...]:
        return tuple(_valid_pattern(p, info) for p in patterns)

    @model_validator(mode="after")
    def _some_cue(self) -> Cues:
        if not (self.terms or self.patterns):
            raise ValueError(f"{self.what} needs 'terms' or 'patterns'")
        return self


class Veto(Cues):
    """Cues that cancel a signal's matches, unless other cues lift the veto.

    ``sentence``: a cue in the match's sentence, up to the signal's ``veto_window`` tokens
    away ("convicted", "in 2015"); ``document``: a cue anywhere in the article ("a flood
    in the headline explains the deaths in the text"); ``headline``: a cue in the first
    sentence with words, the title or else the lead ("Gunman jailed for life" makes the
    killing in the text a past one). A match whose own sentence holds one of ``unless``
    is kept.
    """

    what: ClassVar[str] = "a veto"
    scope: VetoScope = "sentence"
    unless: tuple[str, ...] = ()
    """Lemma phrases that keep a match in their sentence: a missile named beside the
    "blaze" it started."""
    window: int | None = Field(default=None, ge=0)
    """For a ``sentence`` veto, how many tokens away a cue reaches (default: the signal's
    ``veto_window``)."""
    after_only: bool = False
    """For a ``sentence`` veto, the cue reaches only matches after its start: a year that
    dates the event named after it ("the 2005 bombing that killed ...")."""
    requires: Cues | None = None
    """Cues of which one must also be found anywhere in the article for the veto to hold:
    a charge in the headline makes a killing past only where the article dates it ("last
    year", "in April")."""
    older_than: int | None = Field(default=None, ge=1)
    """For a ``sentence`` veto whose cues are dates ("on April 22", "on 16 November"): a
    match is cancelled when the date nearest it in its sentence is more than this many
    days before the latest date the article gives ("reports the paper on May 3"). A report
    dated in its text makes an event of weeks before it background."""
    unless_at_cue: bool = False
    """For a ``document`` veto, a cue whose own sentence holds one of ``unless`` is no cue:
    a train "derailed by a dynamite charge" is an attack, and explains no death as an
    accident."""

    unless_named: tuple[str, ...] = ()
    """Lemma phrases of which none may occur anywhere in the article for the veto to hold:
    a house that blew up is a mishap only in an article that names no war or militancy."""

    _check_unless = field_validator("unless", "unless_named")(
        classmethod(lambda cls, v: _phrases(v))
    )


class SignalDef(Strict):
    """A signal as the lexicon defines it."""

    name: str
    weight: float
    """Points the signal adds to an article's score (negative ones lower it)."""
    description: str = ""
    rules: tuple[Rule, ...] = Field(min_length=1)
    veto: tuple[str, ...] = ()
    """Lemma phrases that cancel this signal's matches near them in the same sentence."""
    veto_window: int = Field(default=20, ge=0)
    """How many tokens away from a match a veto term reaches (sentences in some news run
    on without full stops)."""
    doc_veto: tuple[str, ...] = ()
    """Lemma phrases that, anywhere in the article, cancel this signal's matches whose
    sentence has none of ``doc_veto_unless``: a flood or a crash named in the headline
    explains the deaths in the text."""
    doc_veto_unless: tuple[str, ...] = ()
    """Lemma phrases that keep a match in a sentence of its own despite ``doc_veto``."""
    vetoes: tuple[Veto, ...] = ()
    """More vetoes, each with its scope and the cues that lift it (``veto`` and
    ``doc_veto`` are the two simplest kinds)."""
    negatable: bool = True
    """Whether "no", "not", "denied" ... before a match cancel it."""
    hedgeable: bool = True
    """Whether "could", "vowed to", "threatened to" ... before a match cancel it."""
    authorship: tuple[str, ...] = ()
    """Words (lemmas or forms) of who did it: between a negator and a match they make the
    negation a denial of responsibility ("denies it carried out the drone attack"), and
    the match stands."""
    interception: tuple[str, ...] = ()
    """Negators (lemmas) that, before a match naming one of ``airborne``, tell of an attack
    stopped in flight, which still happened ("thwarted a missile barrage", "foiled drone
    attacks"); before other matches they negate as usual ("foiled a bomb plot")."""
    airborne: tuple[str, ...] = ()
    """Lemmas of weapons that fly to their target: a match holding one is an attack even
    when it was intercepted."""

    @field_validator("name")
    @classmethod
    def _check_name(cls, name: str) -> str:
        if not _NAME.match(name):
            raise ValueError(f"expected a lower-case name such as 'air_raid', got {name!r}")
        return name

    _check_veto = field_validator("veto", "doc_veto", "doc_veto_unless")(
        classmethod(lambda cls, v: _phrases(v))
    )


class Negation(Strict):
    """Cues that cancel a match when they come before it in the same clause."""

    window: int = Field(default=8, ge=0, le=30)
    """How many tokens before a match are searched for a cue."""
    negators: tuple[str, ...] = ()
    """Lemmas that negate or deny: ``no``, ``not``, ``deny``."""
    hedges: tuple[str, ...] = ()
    """Lemmas that make it hypothetical or future: ``could``, ``threaten``, ``vow``."""
    breaks: tuple[str, ...] = ()
    """Lower-case tokens that end a clause, beyond which no cue reaches: ``,``, ``after``."""


class Levels(Strict):
    """The lowest score at which each level is reached."""

    low: float = Field(gt=0)
    elevated: float
    high: float
    critical: float

    @model_validator(mode="after")
    def _ascending(self) -> Levels:
        if not self.low < self.elevated < self.high < self.critical:
            raise ValueError("thresholds must rise: low < elevated < high < critical")
        return self


class Scoring(Strict):
    """Points for the magnitude of counts: ``factor * log10(1 + count)`` for each count."""

    killed: float = Field(default=2.0, ge=0)
    injured: float = Field(default=1.0, ge=0)
    displaced: float = Field(default=0.5, ge=0)


class ArmedGroup(Strict):
    """A named armed group: the name reported as an actor, and the names that mean it."""

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    """Other spellings, matched on exact text (case matters)."""


class Lexicon(Strict):
    """A whole lexicon: everything the classifier needs besides the place data."""

    levels: Levels
    scoring: Scoring = Scoring()
    negation: Negation = Negation()
    persons: tuple[str, ...] = ()
    """Singular nouns for one person ("soldier"): "a soldier was killed" counts one."""
    signals: tuple[SignalDef, ...] = Field(min_length=1)
    armed_groups: tuple[ArmedGroup, ...] = ()
    """Groups added to the shipped list (``monitor/data/armed_groups.yaml``)."""

    @field_validator("signals")
    @classmethod
    def _unique(cls, signals: tuple[SignalDef, ...]) -> tuple[SignalDef, ...]:
        seen: set[str] = set()
        for signal in signals:
            if signal.name in seen:
                raise ValueError(f"two signals are named {signal.name!r}")
            seen.add(signal.name)
        return signals

    def digest(self) -> str:
        """A short hash of the whole lexicon: equal lexicons, equal digests."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


class _GroupFile(Strict):
    groups: tuple[ArmedGroup, ...] = ()


def bundled_path(name: str = "signals.yaml") -> Path:
    """The path of a data file shipped in ``monitor/data``."""
    return Path(str(resources.files("monitor") / "data" / name))


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon in ``path`` (None: the bundled one), with the shipped armed groups.

    A file unchanged since it was last read (same size and modification time) is not read
    again: a reload, which checks every configuration file, then costs no parsing of a
    lexicon nobody edited. Raises ConfigError listing every problem as
    ``file:line: path: message``.
    """
    path = bundled_path() if path is None else Path(path)
    try:
        stat = path.stat()
    except OSError:
        return _read_lexicon(path)  # the error names the file
    return _read_lexicon_once(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_lexicon_once(path: Path, mtime_ns: int, size: int) -> Lexicon:
    return _read_lexicon(path)


def _read_lexicon(path: Path) -> Lexicon:
    data, lines = read_yaml(path)
    shipped = filecmp.cmp(path, bundled_path(), shallow=False)  # sizes first
    lexicon = validate(Lexicon, data, lines, path, {SHIPPED: shipped})
    groups_shipped = load_armed_groups(bundled_path("armed_groups.yaml"))
    names = {g.name for g in lexicon.armed_groups}
    groups = tuple(g for g in groups_shipped if g.name not in names) + lexicon.armed_groups
    return lexicon.model_copy(update={"armed_groups": groups})


def load_armed_groups(path: Path) -> tuple[ArmedGroup, ...]:
    """The groups listed in an ``armed_groups.yaml``."""
    data, lines = read_yaml(path)
    return validate(_GroupFile, data, lines, path).groups


__all__ = [
    "ArmedGroup",
    "CountRole",
    "Levels",
    "Lexicon",
    "Near",
    "Negation",
    "Rule",
    "Scoring",
    "SignalDef",
    "Veto",
    "bundled_path",
    "load_armed_groups",
    "load_lexicon",
]
