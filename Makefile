# Everything a newcomer needs is `make serve` or `make test`: each target installs what it
# uses (a virtual environment with exactly the locked packages of requirements.txt, hash
# checked; for tests and PDFs, a Chromium).
# `make help` lists the targets. Every build goes through `python -m tools.site`, which
# builds each edition (English, Italian) with the project as MkDocs' working directory.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# pip-tools, which compiles the locks, in an environment of its own (itself locked in
# requirements-tools.txt): a lock that no longer matches can always be remade.
LOCK_VENV := .cache/pip-tools
LOCK_INSTALLED := $(LOCK_VENV)/.installed
# Installs a lock and nothing else: every package named in it at its version, each file
# checked against the lock's hashes.
PIP_INSTALL := -m pip install --quiet --disable-pip-version-check --require-hashes
# The header names `make lock` as the command that wrote the lock; no index or local
# folder of the machine that ran it is written into it.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
# The checkers that come from npm (axe-core, vnu-jar, Lighthouse), pinned in package-lock.json.
NODE_INSTALLED := node_modules/.installed
# Root installs system packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_UPDATE := $(SUDO) apt-get update -qq
# The edition `make serve` rebuilds as you edit: en (at the root) or it.
EDITION ?= en
# The site's public address, where production serves it: `make build
# SITE_URL=https://pec.example.it/` (or SITE_URL in the environment). The PDFs print and
# link it; without it they print each step's ID and no online address.
SITE_URL ?=
# What a build reads: a PDF built after the newest of these is still current.
SOURCES := $(shell find mkdocs*.yml docs snippets strings templates data hooks overrides tools -type f 2>/dev/null)

.PHONY: help serve preview build html pdf build-properdocs test bench lock upgrade browser \
  nginx clean

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

## build: write the complete site into site/, every edition with its PDFs (strict);
##        SITE_URL=https://…/ gives its public address, which the PDFs print and link
build: pdf

## html: write the site into site/ without the PDFs
html: $(INSTALLED)
	$(BIN)/python -m tools.site build --site-dir site $(if $(SITE_URL),--site-url $(SITE_URL))

## pdf: write each edition's PDFs into its pdf/ folder, printing one line per PDF
pdf: html browser
	$(BIN)/python -m tools.pdf site
	touch site/.pdf-built

## build-properdocs: write the complete site, PDFs too, into site-properdocs/ with
##                   ProperDocs, the drop-in fork of MkDocs 1.6 kept as a tested second
##                   engine (tests/test_engines.py: the same files as MkDocs' build)
build-properdocs: $(INSTALLED) browser
	$(BIN)/python -m tools.site build --engine properdocs --site-dir site-properdocs
	$(BIN)/python -m tools.pdf site-properdocs

# The PDFs `make serve` offers for download: those of the last `make pdf`, rebuilt only
# when a source changed since, so restarting the server stays quick.
site/.pdf-built: $(SOURCES) $(INSTALLED)
	$(MAKE) pdf

## test: run the whole browser test suite against a freshly built site, served by nginx
##       (TEST_WORKERS=0 runs it in one process)
# Two workers (pytest-xdist) keep both cores of a small machine busy; tests/conftest.py
# builds and serves the site once for both, and `loadgroup` keeps together the tests that
# share a changed build.
TEST_WORKERS ?= 2
test: $(INSTALLED) $(NODE_INSTALLED) browser nginx
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

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

# A fresh environment each time, as on a new machine: nothing stays from an earlier lock.
# A lock that requirements.in no longer matches is refused before anything is removed.
$(INSTALLED): requirements.in requirements.txt
	$(PYTHON) -m tools.lock check requirements.in requirements.txt
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python $(PIP_INSTALL) -r requirements.txt
	touch $@

## lock: compile requirements.txt from requirements.in (and requirements-tools.txt from
##       requirements-tools.in) after editing it, keeping every version it still allows
## upgrade: the same, with every package at the newest release the .in files allow
lock upgrade: $(LOCK_INSTALLED)
	$(PIP_COMPILE) $(if $(filter upgrade,$@),--upgrade) --output-file requirements-tools.txt requirements-tools.in
	$(PYTHON) -m tools.lock stamp requirements-tools.in requirements-tools.txt
	$(PIP_COMPILE) $(if $(filter upgrade,$@),--upgrade) --output-file requirements.txt requirements.in
	$(PYTHON) -m tools.lock stamp requirements.in requirements.txt

# Not checked against requirements-tools.in: a changed one is what `make lock` recompiles.
$(LOCK_INSTALLED): requirements-tools.txt
	$(PYTHON) -m venv --clear $(LOCK_VENV)
	$(LOCK_VENV)/bin/python $(PIP_INSTALL) -r requirements-tools.txt
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
	rm -rf site site-properdocs .preview .pytest_cache node_modules .cache
