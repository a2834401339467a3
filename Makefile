# flask_jsondash: two commands on a fresh clone.
#   make run   - set everything up and serve the example app with its example dashboards
#   make test  - set up what the tests need and run them all
# Everything installs into ./.venv; nothing is installed globally.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: help install run test pytest lint format bench clean

help:
	@echo "make run    serve the example app on http://$(HOST):$(PORT)/charts"
	@echo "make test   lint and run every test"
	@echo "make bench  time the index and dashboard pages at 100, 10,000 and 100,000 dashboards"
	@echo "make lint   ruff check and format check; make format rewrites"

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,example]'
	touch $(STAMP)

install: $(STAMP)

run: install
	HOST=$(HOST) PORT=$(PORT) $(PY) example_app/app.py

test: install lint pytest

pytest: install
	$(PY) -m pytest

lint: install
	$(BIN)/ruff check flask_jsondash tests example_app bench
	$(BIN)/ruff format --check flask_jsondash tests example_app bench

format: install
	$(BIN)/ruff check --fix flask_jsondash tests example_app bench
	$(BIN)/ruff format flask_jsondash tests example_app bench

bench: install
	$(PY) bench/bench_pages.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
