from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.classify import Classifier
from tests.feedserver import FeedServer
from tests.test_classify import shared_classifier


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    """The classifier with the bundled lexicon, built once for the session."""
    return shared_classifier()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer().start()
    yield srv
    srv.stop()
