"""Token patterns matched only where their words are: the same matches as spaCy's Matcher."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from monitor.classify.patterns import TokenPatterns

PATTERNS = {
    "toll": [[{"LOWER": "toll"}, {"LOWER": "of"}, {"LIKE_NUM": True}]],
    "year": [
        [{"LOWER": {"IN": ["in", "since"]}}, {"LOWER": {"REGEX": r"^(19|20)\d\d$"}}],
        [{"LOWER": {"REGEX": r"^(19|20)\d0s$"}}],
    ],
    "weapon": [
        [
            {"LOWER": {"IN": ["with", "using"]}},
            {"IS_ALPHA": True, "OP": "?"},
            {"LEMMA": {"IN": ["rocket", "drone"]}},
        ]
    ],
    "deadly": [[{"LOWER": "deadly", "OP": "?"}, {"ORTH": {"IN": ["Monday", "Friday"]}}]],
    "number": [[{"LIKE_NUM": True}, {"LOWER": {"NOT_IN": ["percent"]}}]],
    "toll again": [[{"LOWER": "toll"}]],
}

TEXTS = [
    "The toll of 12 rose on Friday after an attack with rockets.",
    "Since 1999 the village was shelled using drone and rocket fire.",
    "Prices rose 4 percent in the 1990s.",
    "Nothing happened here.",
    "A deadly Monday: the toll of nine, with a drone.",
    "",
]


def _lemmatized(nlp: spacy.language.Language, text: str) -> spacy.tokens.Doc:
    doc = nlp.make_doc(text)
    for token in doc:  # a stand-in for the classifier's lemmas: plurals made singular
        token.lemma_ = token.lower_.removesuffix("s")
    return doc


@pytest.fixture(scope="module")
def both() -> tuple[spacy.language.Language, Matcher, TokenPatterns]:
    nlp = spacy.blank("en")
    matcher, patterns = Matcher(nlp.vocab), TokenPatterns(nlp.vocab)
    for key, group in PATTERNS.items():
        matcher.add(key, group)
        patterns.add(key, group)
    return nlp, matcher, patterns


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_matches_as_one_matcher_of_every_pattern(both, text):
    nlp, matcher, patterns = both
    doc = _lemmatized(nlp, text)
    assert patterns(doc) == (matcher(doc) if len(doc) else [])


def test_inside_a_memory_zone_and_again_after_it(both):
    nlp, matcher, patterns = both
    for _ in range(2):
        with nlp.memory_zone():
            doc = _lemmatized(nlp, "In 2003 a brand-new toll of 7 came with fresh drones.")
            found = patterns(doc)
            assert found == matcher(doc)
            assert {nlp.vocab.strings[k] for k, _, _ in found} == {
                "toll",
                "year",
                "weapon",
                "number",
                "toll again",
            }


def test_an_article_is_walked_only_by_the_patterns_whose_words_it_holds(both):
    nlp, _, patterns = both
    # In the order added: toll 0, year 1 and 2, weapon 3, deadly 4, number 5, toll again 6;
    # "number" needs no listed word, "deadly" a weekday, not its optional adjective.
    assert patterns.wanted(_lemmatized(nlp, "A deadly quiet day.")) == (5,)
    dated = _lemmatized(nlp, "The toll of ten on Monday in 2020.")
    assert patterns.wanted(dated) == (0, 1, 4, 5, 6)


def test_a_pattern_found_by_one_word_it_needs_still_needs_the_others(both):
    nlp, _, patterns = both
    # "weapon" (3) needs "with" or "using" and a rocket or a drone: either alone is not enough.
    assert 3 not in patterns.wanted(_lemmatized(nlp, "Made with care."))
    assert 3 not in patterns.wanted(_lemmatized(nlp, "A drone flew over."))
    assert 3 in patterns.wanted(_lemmatized(nlp, "Hit with a drone."))
    # "year" (1) needs "in" or "since" and a year its expression finds.
    assert 1 not in patterns.wanted(_lemmatized(nlp, "In the spring."))
    assert 1 in patterns.wanted(_lemmatized(nlp, "Since 1987 nothing changed."))
