# flask_jsondash: two commands on a fresh clone.
#   make run   - set everything up and serve the example app with its example dashboards
#   make test  - set up what the tests need and run them all
# Everything installs into ./.venv; nothing is installed globally.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
VENDOR_STAMP := flask_jsondash/static/vendor/MANIFEST.json
LINTED := flask_jsondash tests example_app bench scripts
HOST ?= 127.0.0.1
PORT ?= 8080

# The example app's database, for the fixtures targets (as `make run` uses it).
EXAMPLE_DB := CHARTS_ACTIVE_DB=sqlite CHARTS_DB_PATH=example_app/instance/jsondash.sqlite3
FACTORIES := $(PY) -m flask_jsondash.model_factories

.PHONY: help install vendor chromium run test pytest jstest lint format bench screenshots clean \
	fixtures fixturize dropall testdata dist dockerize coverage fuzz bench-pages

help:
	@echo "make run    serve the example app on http://$(HOST):$(PORT)/charts (and its data on :5004)"
	@echo "make test   lint and run every test (Python, JavaScript and in headless Chromium)"
	@echo "make screenshots  write PNGs of the example dashboards to docs/img/"
	@echo "make bench  the original 6.2.3 beside this port: pages, drawing in Chromium, bytes, heap"
	@echo "            (~7 minutes; QUICK=1 ~3; writes bench/results/latest.md and traces),"
	@echo "            then search and tag filtering at 100,000 dashboards (bench/bench_search.py)"
	@echo "make bench-pages  this port's index and dashboard pages at up to 100,000 dashboards"
	@echo "make lint   ruff (check and format), mypy and eslint; make format rewrites"
	@echo "make fixtures / fixturize / testdata / dropall   load, dump, fake or delete dashboards"
	@echo "make dist   build the sdist and wheel;  make dockerize  build and start docker-compose"
	@echo "make coverage   the tests, with coverage of flask_jsondash"
	@echo "make fuzz   the property-based tests of every route, with thousands of examples each"

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,example]'
	touch $(STAMP)

install: $(STAMP)

# Browser libraries: pinned in package.json / package-lock.json, copied into the package.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR_STAMP): $(NPM_STAMP) $(STAMP) flask_jsondash/settings.py scripts/vendor_assets.py
	$(PY) scripts/vendor_assets.py

vendor: $(VENDOR_STAMP)

# Debian's Chromium for the browser tests, where it is missing and this user may install it.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing and cannot be installed here: browser tests will be skipped."; \
	fi

run: install vendor
	HOST=$(HOST) PORT=$(PORT) $(PY) example_app/serve.py

test: install vendor chromium lint jstest pytest

pytest: install vendor
	$(PY) -m pytest

# tests/test_fuzz.py runs in `make test` with a few examples (profile "ci"); this runs thousands.
fuzz: install vendor
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz.py

jstest: $(NPM_STAMP)
	npx --no-install jasmine --config=tests_js/support/jasmine.json

screenshots: install vendor chromium
	$(PY) scripts/screenshots.py

lint: install $(NPM_STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	npx --no-install eslint flask_jsondash/static/js tests_js

format: install
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

# The original is installed into a throwaway virtualenv under $(BENCH_WORKDIR) (pip and npm);
# if it cannot be, the bench says so and times this port alone. BENCH_ARGS: --port-only,
# --no-browser, --out DIR. A benchmark, not a test: nothing here runs in `make test`.
BENCH_WORKDIR ?= /tmp/flask_jsondash-bench
bench: install vendor chromium
	BENCH_WORKDIR=$(BENCH_WORKDIR) $(PY) bench/run.py $(if $(filter 1,$(QUICK)),--quick) $(BENCH_ARGS)
	$(PY) bench/bench_search.py --backends sqlite $(if $(filter 1,$(QUICK)),--repeat 3)

bench-pages: install
	$(PY) bench/bench_pages.py

# The original's fixtures targets, on the example app's database.
fixtures: install
	$(EXAMPLE_DB) $(FACTORIES) --fixtures examples/config

fixturize: install
	$(EXAMPLE_DB) $(FACTORIES) --dump fixtures

testdata: install
	$(EXAMPLE_DB) $(FACTORIES) --records 10

dropall: install
	$(EXAMPLE_DB) $(FACTORIES) --delete

# The build itself vendors the libraries (or fails saying what to run); THIRD_PARTY_NOTICES must
# match node_modules (regenerate with `$(PY) scripts/third_party_notices.py`).
dist: install vendor
	$(PY) scripts/third_party_notices.py --check
	rm -rf dist
	$(PY) -m build --outdir dist

dockerize:
	docker compose up --build -d || docker-compose up --build -d

coverage: install vendor
	$(PY) -m pytest --cov=flask_jsondash --cov-report=term-missing

clean:
	rm -rf $(VENV) node_modules flask_jsondash/static/vendor build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
