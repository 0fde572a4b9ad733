# Intervention History teaching pack. Every target sets itself up: nothing is needed first
# but Python 3.11+ (and make, for these aliases). Each target is a thin alias of the pack's own
# command, which works without make too: `python3 -m helpers handouts` (Windows:
# `py -3.11 -m helpers handouts`). The virtual environment lives in .venv, is installed from
# requirements.lock and reused until pyproject.toml or the lock changes (see helpers/jobs.py).
# Choose the Python that creates .venv: make PYTHON=python3.11 handouts
# Pass options on: make test ARGS="-x -k lessons"

PYTHON ?= python3
ARGS   ?=

.PHONY: handouts test lab check pdf bench bundle hub-link learner-branch lock clean help

help:
	@echo "make handouts  build offline HTML handouts (learner + facilitator) into build/handouts/"
	@echo "make test      run the whole test suite (lessons, data, handouts in headless Chromium)"
	@echo "make lab       open your own copy of the lessons (no answers) in JupyterLab, in my-lessons/<language>/"
	@echo "               (make lab ARGS='--language es'; ARGS='--facilitator': the source lessons, with answers)"
	@echo "make check     validate every table in data/"
	@echo "make pdf       print every handout to A4 PDF (needs Chromium)"
	@echo "make bench     measure build, handout and widget speed and the bundle's size; writes build/bench.json"
	@echo "make bundle    zip the handouts for a USB stick or a message: one zip for learners, one for facilitators"
	@echo "make hub-link ARGS='HUB_URL REPO_URL'  the nbgitpuller link for a class on JupyterHub"
	@echo "make learner-branch  maintainers: build the learner-edition branch a class pulls (no answers)"
	@echo "make lock      maintainers: pin requirements.lock and binder/requirements.txt again"

handouts test lab check pdf bench bundle hub-link learner-branch lock:
	$(PYTHON) -m helpers $@ $(ARGS)

clean:
	rm -rf build
