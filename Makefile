# Two commands matter: `make run` and `make test`. Both set up everything they need from nothing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench package system-deps system-deps-test clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

run: system-deps $(STAMP)
	@bash scripts/run.sh

test: system-deps-test $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(STAMP) system-deps-test
	@bash scripts/bench.sh

package: system-deps $(STAMP)
	@bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
