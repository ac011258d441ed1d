# The two commands a new user needs: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= config/monitor.yaml
STAMP := $(VENV)/.installed
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run demo test lint typecheck check bench eval train corpus clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/monitor --config $(CONFIG) run

demo: $(STAMP)
	$(BIN)/monitor demo

# System packages the tests use: Debian's Chromium for the browser tests, driven through
# Playwright (no browser is ever downloaded at run time: Playwright's Python package
# carries only its driver), and libseccomp's Python binding, with which a test runs the
# Python stack under the service unit's system-call filter.
SYSTEM_PACKAGES := chromium python3-seccomp
SYSTEM_STAMP := $(VENV)/.system-packages

$(SYSTEM_STAMP): | $(BIN)/python
	@if command -v apt-get >/dev/null; then \
		missing=""; \
		for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			$(SUDO) apt-get update && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
		fi; \
	else \
		echo "no apt-get here: install $(SYSTEM_PACKAGES) for the browser and sandbox tests"; \
	fi
	touch $(SYSTEM_STAMP)

test: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check monitor tests bench
	$(BIN)/ruff format --check monitor tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_classify.py
	$(BIN)/python bench/bench_stories.py --quick
	$(BIN)/python bench/bench_web.py

# The learned parts: the classifier's model, trained on the labelled corpus (texts in
# ../shared/train/), and the story pair model, on the story corpus alone (bench/corpus/stories/,
# texts in ../shared/train/). Nothing in ../shared/eval/ is trained on: `make eval` measures.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/train_classifier.py
	$(BIN)/python bench/train_stories.py

corpus:
	python3 bench/corpus/corpus.py

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/eval_classifier.py
	$(BIN)/python bench/eval_stories.py --samples

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
