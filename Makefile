# Two commands a newcomer needs: `make demo` and `make test`. Both create the virtual environment
# and install wavemod (and, for the end-to-end tests, the example's node packages) from scratch.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test demo bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

test: install
	$(PY) -m pytest -q

demo: install
	$(PY) scripts/demo.py

bench: install
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/bench.py

clean:
	rm -rf $(VENV) .pytest_cache *.egg-info
