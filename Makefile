# Two commands do all set-up on a fresh machine:
#   make reports   # creates .venv, installs the pinned stack, renders the reports into reports/
#   make test      # same set-up, then runs the test suite
# Offline: export CA_DATA_MIRROR=/path/to/shared/data first (layout <dataset_id>/<file>).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
THEMES ?= energy
COUNTRIES ?= KAZ UZB KGZ TJK TKM

.PHONY: setup reports test clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

reports: setup
	@for theme in $(THEMES); do for country in $(COUNTRIES); do \
		$(BIN)/python -m helpers render $$theme --country $$country || exit 1; \
	done; done

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports
