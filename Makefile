# Two entry points for a fresh machine (see README.md):
#   make site   - install what the generator needs, import content/wordpress, build site/
#   make test   - install what the tests need (Python and Debian packages), run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: site test system-deps lint clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

site: $(VENV)/.runtime
	NO_MKDOCS_2_WARNING=1 $(PY) -m generator build

system-deps:
	.ci/install-system-deps.sh

test: $(VENV)/.dev system-deps
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check generator tests benchmarks

clean:
	rm -rf site .pytest_cache
