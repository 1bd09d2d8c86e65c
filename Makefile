# Everything a newcomer needs is `make serve` or `make test`: each target installs what it
# uses (a virtual environment with the pinned packages; for tests and PDFs, a Chromium).
# `make help` lists the targets. Every build goes through `python -m tools.site`, which
# builds each edition (English, Italian) with the project as MkDocs' working directory.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The checkers that come from npm (axe-core, vnu-jar, Lighthouse), pinned in package-lock.json.
NODE_INSTALLED := node_modules/.installed
# Root installs system packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_UPDATE := $(SUDO) apt-get update -qq
# The edition `make serve` rebuilds as you edit: en (at the root) or it.
EDITION ?= en
# What a build reads: a PDF built after the newest of these is still current.
SOURCES := $(shell find mkdocs*.yml docs snippets strings templates data hooks overrides tools -type f 2>/dev/null)

.PHONY: help serve preview build html pdf test bench browser nginx clean

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## serve: serve every edition at http://127.0.0.1:8000, rebuilding the edited one on
##        every change (EDITION=it for the Italian one); the PDFs are built once, beforehand
serve: site/.pdf-built
	$(BIN)/python -m tools.site serve --edition $(EDITION)

## preview: build the complete site and serve it as production does, with nginx and its
##          headers, at http://127.0.0.1:8080 (Ctrl+C stops it)
# Built apart, in .preview/, with that address as its site_url: instant navigation and the
# language selector follow only links under the site's address, and site/ stays the
# production build.
PREVIEW_PORT ?= 8080
preview: $(INSTALLED) browser nginx
	$(BIN)/python -m tools.site build --site-dir .preview --site-url http://127.0.0.1:$(PREVIEW_PORT)/
	$(BIN)/python -m tools.pdf .preview
	$(BIN)/python -m tools.nginx .preview --port $(PREVIEW_PORT)

## build: write the complete site into site/, every edition with its PDFs (strict)
build: pdf

## html: write the site into site/ without the PDFs
html: $(INSTALLED)
	$(BIN)/python -m tools.site build --site-dir site

## pdf: write each edition's PDFs into its pdf/ folder, printing one line per PDF
pdf: html browser
	$(BIN)/python -m tools.pdf site
	touch site/.pdf-built

# The PDFs `make serve` offers for download: those of the last `make pdf`, rebuilt only
# when a source changed since, so restarting the server stays quick.
site/.pdf-built: $(SOURCES) $(INSTALLED)
	$(MAKE) pdf

## test: run the whole browser test suite against a freshly built site, served by nginx
test: $(INSTALLED) $(NODE_INSTALLED) browser nginx
	$(BIN)/pytest

## bench: measure the performance budgets and print the figures (each bench reports
##        its own misses; `-` lets every bench run even when an earlier one misses)
bench: $(INSTALLED) $(NODE_INSTALLED) browser nginx
	-$(BIN)/python -m bench.generator
	-$(BIN)/python -m bench.guided
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

# The site is served as production serves it, by nginx: Debian's package where apt exists,
# with its brotli module where Debian has it (gzip alone otherwise).
nginx:
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then \
	  echo "nginx: found"; \
	elif command -v apt-get >/dev/null; then \
	  $(APT_UPDATE) && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	else \
	  echo "nginx: missing; install nginx to run the tests and make preview" >&2; exit 1; \
	fi
	@if [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then \
	  echo "nginx brotli: found"; \
	elif command -v apt-get >/dev/null; then \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnginx-mod-http-brotli-static \
	    || echo "nginx brotli: not available here; gzip only"; \
	fi

## clean: remove the built site and the installed checkers
clean:
	rm -rf site .preview .pytest_cache node_modules .cache
