# Everything a newcomer needs is `make serve` or `make test`: each target installs what it
# uses (a virtual environment with the pinned packages; for tests, a Chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The checkers that come from npm (axe-core, vnu-jar, Lighthouse), pinned in package-lock.json.
NODE_INSTALLED := node_modules/.installed
# Root installs system packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_UPDATE := $(SUDO) apt-get update -qq

# Material and mkdocs-redirects print banners about MkDocs 2 on every build; the project
# stays on MkDocs 1.6.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build html pdf test bench browser clean

## serve: build the site and serve it at http://127.0.0.1:8000, rebuilding on every change
serve: $(INSTALLED)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: write the complete site into site/, PDFs included (strict: any warning fails)
build: pdf

## html: write the site into site/ without the PDFs
html: $(INSTALLED)
	$(BIN)/mkdocs build --strict --site-dir site

## pdf: write the guides' PDFs into site/pdf/, printing one line per PDF
pdf: html browser
	$(BIN)/python -m tools.pdf site

## test: run the whole browser test suite against a freshly built site
test: $(INSTALLED) $(NODE_INSTALLED) browser
	$(BIN)/pytest

## bench: measure the performance budgets and print the figures (each bench reports
## its own misses; `-` lets every bench run even when an earlier one misses)
bench: $(INSTALLED) $(NODE_INSTALLED) browser
	-$(BIN)/python -m bench.generator
	-$(BIN)/python -m bench.pdf
	-$(BIN)/python -m bench.lighthouse

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Playwright cannot download its own browser everywhere, so prefer the system Chromium:
# Debian's package where apt exists, Playwright's build only where it does not. The PDF
# tests render pages with pdftoppm (Debian's poppler-utils).
browser: $(INSTALLED)
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
	   || ls -d "$${PLAYWRIGHT_BROWSERS_PATH:-$$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then \
	  echo "browser: found"; \
	elif command -v apt-get >/dev/null; then \
	  $(APT_UPDATE) && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  $(BIN)/playwright install chromium; \
	fi
	@if command -v pdftoppm >/dev/null; then \
	  echo "pdftoppm: found"; \
	elif command -v apt-get >/dev/null; then \
	  $(APT_UPDATE) && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	else \
	  echo "pdftoppm: missing; install poppler-utils for the PDF rendering tests" >&2; \
	fi

clean:
	rm -rf site .pytest_cache node_modules
