"""The learned component: the shipped weights (if ``make train`` found a use for them) load
offline, and the shipped classifier gives the outputs recorded for a fixed sample of our own
sentences; a filter drops, a second opinion adds with its sentence as evidence; weights
survive a save and a load.

After ``make train`` changes the weights (or ships none), record the new outputs with
``.venv/bin/python -m tests.test_classify_model`` and review the difference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from monitor.classify import Classifier, classification_to_json
from monitor.classify.model import (
    FEATURE_DIM,
    LearnedModel,
    SignalModel,
    bundled_model_path,
    load_model,
    named_features,
    save_model,
)
from tests.test_classify import shared_classifier

GOLDEN = Path(__file__).parent / "data" / "classify_model_golden.json"

SAMPLE = [
    ("Drone strike on a market", "Eleven people were killed when a drone hit the market."),
    ("", "Reports spoke of civilian casualties after the shelling of the suburbs."),
    ("Quarterly results", "The company said profits rose by a fifth in the spring."),
    ("", "The death of the author was announced by his publisher on Friday."),
    ("", "Police said two men were injured in a fight outside a bar."),
    ("Clashes in the north", "Rebels and soldiers fought for hours. Casualties unknown."),
    ("", "UN agencies warned that the harvest would fail without rain."),
    ("", "Militants ambushed a patrol, killing four soldiers and wounding two."),
]


def outputs(classifier: Classifier) -> list[dict[str, Any]]:
    out = []
    for title, text in SAMPLE:
        result = classification_to_json(classifier.classify(title, text), len(out))
        out.append(
            {
                "signals": sorted(result["signals"]),
                "decided_by": result["decided_by"],
                "casualties": result["casualties"],
            }
        )
    return out


def test_shipped_model_loads_offline() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    model = load_model(bundled_model_path())
    if golden["model"] is None:
        # make train found no use of the model that beats the rules: none is shipped.
        assert not bundled_model_path().exists(), "a model is shipped but none is recorded"
        assert shared_classifier().learned is None
        return
    assert model is not None, "monitor/data/model.npz is missing or built for other features"
    for signal in model.signals.values():
        assert signal.weights.shape == (FEATURE_DIM,)
        assert signal.mode != "off"


def test_shipped_classifier_gives_the_recorded_outputs() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    classifier = shared_classifier()
    digest = classifier.learned.digest if classifier.learned is not None else None
    assert golden["model"] == digest, (
        "the shipped weights changed: record the outputs again (see the module docstring)"
    )
    assert outputs(classifier) == golden["outputs"]


def _lexicon_classifier(learned: LearnedModel) -> Classifier:
    base = shared_classifier()
    return Classifier(base.lexicon, base.model, learned)


def _weights_for(names: list[str], value: float) -> np.ndarray:
    weights = np.zeros(FEATURE_DIM, dtype=np.float32)
    weights[named_features((n, 0) for n in names).index] = value
    return weights


def test_filter_drops_the_rules_signal_and_its_counts() -> None:
    # A model certain that nothing is a casualty report.
    model = SignalModel("casualties", -20.0, np.zeros(FEATURE_DIM, dtype=np.float32), 0.5, 2.0)
    classifier = _lexicon_classifier(LearnedModel({"casualties": model}, "test-filter"))
    result = classifier.classify("", "Gunmen killed three villagers on Sunday.")
    assert "casualties" not in result.signal_names
    assert result.casualties.killed is None


def test_filter_keeps_what_it_confirms() -> None:
    model = SignalModel("casualties", 20.0, np.zeros(FEATURE_DIM, dtype=np.float32), 0.5, 2.0)
    classifier = _lexicon_classifier(LearnedModel({"casualties": model}, "test-keep"))
    result = classifier.classify("", "Gunmen killed three villagers on Sunday.")
    signal = result.signal("casualties")
    assert signal is not None and signal.decided_by == "rules+model"
    assert result.casualties.killed == 3


def test_second_opinion_quotes_the_sentence_that_decided() -> None:
    # Weight on the lemmas of one sentence only: that sentence is the evidence.
    weights = np.zeros(FEATURE_DIM, dtype=np.float32)
    classifier = shared_classifier()
    doc = classifier._lemma_doc("The convoy was ambushed near the pass.")
    from monitor.classify.model import text_features

    features = text_features(doc, [0] * len(doc))
    weights[features.index] = 2.0
    model = SignalModel("strike", -1.0, weights, 0.0, 0.9)
    learned = _lexicon_classifier(LearnedModel({"strike": model}, "test-second"))
    title, text = "Morning news", "Markets opened flat. The convoy was ambushed near the pass."
    result = learned.classify(title, text)
    signal = result.signal("strike")
    assert signal is not None and signal.decided_by == "model"
    (evidence,) = signal.evidence
    assert evidence.text == "The convoy was ambushed near the pass."
    assert f"{title}\n{text}"[evidence.start : evidence.end] == evidence.text


def test_weights_survive_save_and_load(tmp_path: Path) -> None:
    model = SignalModel("strike", 0.25, _weights_for(["a", "b"], 1.5), 0.1, 0.9)
    path = tmp_path / "model.npz"
    save_model(path, [model], {"trained_on": 0})
    loaded = load_model(path)
    assert loaded is not None
    again = loaded.signals["strike"]
    assert (again.bias, again.low, again.high) == (0.25, 0.1, 0.9)
    assert np.array_equal(again.weights, model.weights)
    assert again.mode == "filter and second opinion"


def test_no_model_file_means_rules_alone(tmp_path: Path) -> None:
    assert load_model(tmp_path / "absent.npz") is None


@pytest.mark.parametrize("title, text", SAMPLE[:3])
def test_rules_alone_ignore_the_model(title: str, text: str) -> None:
    base = shared_classifier()
    rules = Classifier(base.lexicon, base.model, None)
    assert all(s.decided_by == "rules" for s in rules.classify(title, text).signals)


if __name__ == "__main__":  # record the outputs of the shipped classifier and its weights
    built = Classifier.from_settings(None)
    digest = built.learned.digest if built.learned is not None else None
    record = {"model": digest, "outputs": outputs(built)}
    GOLDEN.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
