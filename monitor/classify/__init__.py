"""Escalation classification: article text in, ``Classification`` out.

``Classifier`` builds a spaCy pipeline and matchers once from a signal lexicon
(``signals.yaml``) and finds, in each article, the escalation signals it carries (strike,
casualties, un_statement, threat, mobilization, displacement, nuclear, de_escalation, and
any a user adds), the words that prove each, casualty and displacement counts, the
countries and armed groups involved, a score and a level.

The parts:

- ``lexicon``: the lexicon file, validated (``load_lexicon``);
- ``places``: names of countries, demonyms, capitals and cities -> ISO codes;
- ``counts``: numbers and the count a phrase states;
- ``model``: the learned component (hashed features, a linear model per signal, used as a
  filter on the rules or as a second opinion where measured to help);
- ``classifier``: the Classifier itself, with how score and level are computed.

Pure: no network, no database, no clock. Files are read only when a Classifier is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.classify.lexicon import Lexicon, bundled_path, load_lexicon
from monitor.models import Classification

if TYPE_CHECKING:
    from monitor.classify.classifier import Classifier


def __getattr__(name: str) -> Any:
    # The Classifier imports spaCy: only what builds one pays for it, not what reads the
    # lexicon.
    if name == "Classifier":
        from monitor.classify.classifier import Classifier

        return Classifier
    raise AttributeError(name)


def classification_to_json(c: Classification, id: object) -> dict[str, Any]:
    """The JSON object of the ``monitor classify`` contract for one classification.

    Fields may be added in later versions, never renamed.
    """
    return {
        "id": id,
        "score": c.score,
        "level": str(c.level),
        "signals": {
            s.name: [{"text": e.text, "start": e.start, "end": e.end} for e in s.evidence]
            for s in c.signals
        },
        "casualties": {
            "killed": c.casualties.killed,
            "injured": c.casualties.injured,
            "displaced": c.casualties.displaced,
        },
        "actors": list(c.actors),
        "decided_by": {s.name: s.decided_by for s in c.signals},
    }


__all__ = ["Classifier", "Lexicon", "bundled_path", "classification_to_json", "load_lexicon"]
