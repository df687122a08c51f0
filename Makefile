# Two commands: `make run` and `make test`. Each builds .venv from nothing when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS ?= dev,dask,calibration,maps,geotiff,animation,dashboard,netcdf
OUT    ?= runs/hyosan-high

.PHONY: run test lint typecheck bench clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/hyosan run hyosan-high --out $(OUT)
	$(BIN)/hyosan report $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -n auto --durations=15 tests; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests"; exit 1; fi; exit $$rc

bench: $(STAMP)
	for f in benchmarks/*.py; do $(BIN)/python $$f || true; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
