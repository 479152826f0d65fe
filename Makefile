# On a fresh machine, `./run` and `./run test` (see README.md): they install the system
# packages first, make among them, then run these targets. With make already there,
# `make run` and `make test` do the same.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test mutants lint setup system-deps bench bundle clean FORCE

# The virtual environment, synced to uv.lock; redone when the lock or pyproject changes.
# A .venv left half-made (no marker: the set-up never finished) or broken (its python or uv
# does not run; checked on every make) is thrown away and made again.
VENV_WORKS := $(shell $(BIN)/python -c '' 2>/dev/null && $(BIN)/uv --version >/dev/null 2>&1 && echo yes)
$(VENV)/.synced: pyproject.toml uv.lock $(if $(VENV_WORKS),,FORCE)
	@if [ ! -f $@ ] || [ -z "$(VENV_WORKS)" ]; then \
	  echo "Making $(VENV) afresh..."; rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"; \
	fi
	$(BIN)/uv sync --locked --all-extras --python $(BIN)/python --quiet
	@touch $@

FORCE:

system-deps:
	@bash scripts/system-deps.sh

setup: system-deps $(VENV)/.synced

run: setup
	$(BIN)/pscp-training

lint: $(VENV)/.synced
	$(BIN)/ruff check src tests migrations benchmarks
	$(BIN)/lint-imports

# The order is shuffled with a fixed seed (pytest-randomly): an order dependency fails alike
# every run. Another order: make test SEED=N.
SEED ?= 20261203
test: setup lint
	@bash scripts/system-deps.sh tests
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p randomly --randomly-seed=$(SEED)

# Mutation testing of the rules (docs/test-strength.md); an hour or more on two cores.
mutants: setup
	$(BIN)/uv pip install --python $(BIN)/python --quiet "mutmut>=3.3"
	QT_QPA_PLATFORM=offscreen $(BIN)/mutmut run; $(BIN)/mutmut results

# make bench BENCH_SCALE=small: the 30,000-booking database; BENCH_ARGS="--repeats 2" etc.
bench: setup
	nice -n 10 $(BIN)/python -m benchmarks $(BENCH_ARGS)

bundle: setup
	bash packaging/build-linux.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
