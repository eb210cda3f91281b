# sitegen — two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SITEGEN := $(VENV)/bin/sitegen
DIST ?= dist

.PHONY: site test serve check posters clean system-deps bench mutate dist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh

site: $(STAMP) system-deps
	$(SITEGEN) build -c content -o output

check: $(STAMP)
	$(SITEGEN) check -c content

serve: $(STAMP)
	$(SITEGEN) serve -c content -o output

posters: $(STAMP) system-deps
	$(SITEGEN) posters -c content -o output

test: $(STAMP) system-deps
	$(PY) -m pytest -q -n 2 --dist loadgroup

# Every module in turn (hours), or some: make mutate MODULES="facts read". The slowest,
# translate and validate, took 65 and 57 min with one child on a shared machine (docs/testing.md).
MODULES ?=
mutate: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,mutate]'
	$(PY) scripts/mutate.py $(MODULES)

# The wheel the county office hands to township clerks (Windows: py -m pip install <file>.whl).
dist: $(STAMP)
	rm -rf $(DIST)
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation -w $(DIST) .
	@ls $(DIST)/*.whl

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/run.py
	$(PY) bench/compare_hugo.py --scales 1 10 100 --runs 3

clean:
	rm -rf output .sitegen-cache
