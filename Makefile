# Set-up and everyday tasks. `make demo` installs into .venv and reads the built-in examples;
# `make test` installs what the tests need and runs them.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint gazetteer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m procopius.gazetteer build
	touch $(STAMP)

install: $(STAMP)

gazetteer: $(STAMP)
	$(BIN)/python -m procopius.gazetteer build

demo: install
	$(BIN)/procopius extract --example

test: install
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
