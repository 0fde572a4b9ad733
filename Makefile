# Intervention History teaching pack. Every target sets itself up: nothing is needed first
# but Python 3.11+ and make. The virtual environment lives in .venv and is reused.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: handouts test lab check pdf bench clean help

help:
	@echo "make handouts  build offline HTML handouts (learner + facilitator) into build/handouts/"
	@echo "make test      run the whole test suite (lessons, data, handouts in headless Chromium)"
	@echo "make lab       open the lessons in JupyterLab"
	@echo "make check     validate every table in data/"
	@echo "make pdf       print every handout to A4 PDF (needs Chromium)"
	@echo "make bench     measure build, handout and widget speed; writes build/bench.json"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@# JupyterLab: start the lesson's kernel without asking, and fetch no news (offline).
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp helpers/build/assets/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

handouts: $(STAMP)
	$(BIN)/python -m helpers.build handouts

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab lessons/

check: $(STAMP)
	$(BIN)/python -m helpers check

pdf: handouts
	$(BIN)/python -m helpers.build pdf

bench: $(STAMP)
	$(BIN)/python -m helpers.build.bench

clean:
	rm -rf build
