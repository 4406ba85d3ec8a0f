# Two commands do all set-up on a fresh machine:
#   make reports   # creates .venv, installs the pinned stack, renders every report into reports/
#   make test      # same set-up, then runs the test suite
# Offline: export CA_DATA_MIRROR=/path/to/shared/data first (layout <dataset_id>/<file>).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Optional subsets, e.g. make reports THEMES=energy COUNTRIES="KAZ UZB"
THEMES ?=
COUNTRIES ?=

.PHONY: setup reports test clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

reports: setup
	$(BIN)/python -m helpers render --all $(if $(THEMES),--theme $(THEMES)) $(if $(COUNTRIES),--country $(COUNTRIES))

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports
