# The two commands a new user needs: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= config/monitor.yaml
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
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

# The browser tests drive Debian's Chromium through Playwright: no browser is ever
# downloaded at run time (Playwright's own Python package carries only its driver).
$(CHROMIUM):
	@if command -v apt-get >/dev/null; then \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "no apt-get here: install Chromium as $(CHROMIUM) for the browser tests"; \
	fi

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -q

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

# The learned component, trained on the labelled corpus (texts in ../shared/train/).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/train_classifier.py

corpus:
	python3 bench/corpus/corpus.py

eval: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python bench/eval_classifier.py
	$(BIN)/python bench/eval_stories.py --samples

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
