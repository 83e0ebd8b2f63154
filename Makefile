# Two-command set-up:  `make` (set up, build, run the main job)  and  `make test`.
# Every target is idempotent: a second run only does what is missing.

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: all deps sysdeps main test test-slow bench lint format clean

all: main

$(VPY):
	$(PYTHON) -m venv $(VENV)

# Python dependencies, pinned in pyproject.toml; the project itself is installed
# editable so that the `rpython` command exists in .venv/bin.
$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install -q -e .
	touch $(STAMP)

deps: $(STAMP) sysdeps

# System packages (C compilers, Boehm GC, pypy3 as a speed reference).
sysdeps:
	@sh tools/sysdeps.sh

main: deps
	@sh tools/main-job.sh

test: deps
	$(VPY) -m testrunner

test-slow: deps
	$(VPY) -m testrunner --slow

# Every benchmark suite whose artefact exists (others say what they miss);
# pass options with BENCH_ARGS, e.g. make bench BENCH_ARGS="single --runs 5".
bench: deps
	$(VPY) -m bench run $(BENCH_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff format .

clean:
	rm -rf cache build
