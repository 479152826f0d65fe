# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint system-deps bench bundle clean

# The virtual environment, synced to uv.lock; redone when the lock or pyproject changes.
$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv sync --locked --all-extras --python $(BIN)/python --quiet
	@touch $@

system-deps:
	@bash scripts/system-deps.sh

run: system-deps $(VENV)/.synced
	$(BIN)/pscp-training

lint: $(VENV)/.synced
	$(BIN)/ruff check src tests migrations benchmarks
	$(BIN)/lint-imports

test: system-deps $(VENV)/.synced lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: system-deps $(VENV)/.synced
	$(BIN)/python -m benchmarks

bundle: system-deps $(VENV)/.synced
	bash packaging/build-linux.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
