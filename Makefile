# Two entry points for a fresh machine (see README.md):
#   make site   - install what the generator needs, import content/wordpress, build site/
#   make test   - install what the tests need (Python and Debian packages), run the test suite
#   make lock   - after editing requirements*.txt: pin every package they pull in, again
# requirements*.txt are the human-readable lists; the environments are installed from
# requirements*.lock, which pin every transitive package too (made by pip-tools).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

PIP_TOOLS := pip-tools==7.6.2
# No index URL, find-links or host of this machine is written into the lock files.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile --quiet --strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links --no-emit-trusted-host

.PHONY: site test system-deps lint lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

site: $(VENV)/.runtime
	NO_MKDOCS_2_WARNING=1 $(PY) -m generator build

system-deps:
	.ci/install-system-deps.sh

# One pytest-xdist worker per core; each test file runs whole in one worker, so that what a file
# sets up once (a WordPress, an import its tests read) is set up once; tests/conftest.py hands
# out the slowest files first (BENCHMARKS.md, "The test suite").
test: $(VENV)/.dev system-deps
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest -n auto --dist loadfile

lint: $(VENV)/.dev
	$(PY) -m ruff check generator tests benchmarks

lock: | $(PY)
	$(PY) -m pip install --quiet $(PIP_TOOLS)
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

clean:
	rm -rf site .pytest_cache
