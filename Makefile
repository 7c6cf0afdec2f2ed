# Set-up and everyday tasks. `make demo` installs into .venv and reads the built-in examples;
# `make test` installs what the tests need and runs them.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint gazetteer vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml | vendor
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m procopius.gazetteer build
	touch $(STAMP)

install: $(STAMP)

# The web page's browser libraries and basemap, copied from npm packages into the Python
# package (nothing is loaded from a CDN at run time).
VENDOR := src/procopius/web/static/vendor
NPM    := web/node_modules

vendor: $(VENDOR)/.installed

$(VENDOR)/.installed: web/package.json
	cd web && npm install --no-audit --no-fund --ignore-scripts
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/markercluster $(VENDOR)/topojson $(VENDOR)/world-atlas $(VENDOR)/swagger-ui
	cp -r $(NPM)/leaflet/dist/leaflet.js $(NPM)/leaflet/dist/leaflet.css $(NPM)/leaflet/dist/images $(NPM)/leaflet/LICENSE $(VENDOR)/leaflet/
	cp $(NPM)/leaflet.markercluster/dist/leaflet.markercluster.js $(NPM)/leaflet.markercluster/dist/MarkerCluster.css $(NPM)/leaflet.markercluster/dist/MarkerCluster.Default.css $(NPM)/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/markercluster/
	cp $(NPM)/topojson-client/dist/topojson-client.min.js $(NPM)/topojson-client/LICENSE $(VENDOR)/topojson/
	cp $(NPM)/world-atlas/countries-50m.json $(NPM)/world-atlas/LICENSE $(VENDOR)/world-atlas/
	cp $(NPM)/swagger-ui-dist/swagger-ui-bundle.js $(NPM)/swagger-ui-dist/swagger-ui.css $(NPM)/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/
	touch $@

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
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache $(VENDOR) $(NPM)
