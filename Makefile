# Everything a newcomer needs is `make serve` or `make test`: each target installs what it
# uses (a virtual environment with the pinned packages; for tests, a Chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Root installs system packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Material and mkdocs-redirects print banners about MkDocs 2 on every build; the project
# stays on MkDocs 1.6.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test bench browser clean

## serve: build the site and serve it at http://127.0.0.1:8000, rebuilding on every change
serve: $(INSTALLED)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: write the complete site into site/ (strict: any warning fails)
build: $(INSTALLED)
	$(BIN)/mkdocs build --strict --site-dir site

## test: run the whole browser test suite against a freshly built site
test: $(INSTALLED) browser
	$(BIN)/pytest

## bench: measure the performance budgets and print the figures
bench: $(INSTALLED) browser
	$(BIN)/python bench/generator.py

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Playwright cannot download its own browser everywhere, so prefer the system Chromium:
# Debian's package where apt exists, Playwright's build only where it does not.
browser: $(INSTALLED)
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
	   || ls -d "$${PLAYWRIGHT_BROWSERS_PATH:-$$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then \
	  echo "browser: found"; \
	elif command -v apt-get >/dev/null; then \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  $(BIN)/playwright install chromium; \
	fi

clean:
	rm -rf site .pytest_cache
