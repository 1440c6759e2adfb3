# kloof — the two commands are `make demo` and `make test`; both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared/data
DEMO_STORE ?= demo.duckdb
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[all,dev]"
	touch $(STAMP)

demo: install
	rm -rf $(DEMO_STORE) demo-output && mkdir -p demo-output
	$(BIN)/kloof --store $(DEMO_STORE) data import \
	  $(SHARED)/cbs-kwb-2023/kwb-2023-transformed.xlsx \
	  $(SHARED)/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv \
	  $(SHARED)/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv \
	  $(SHARED)/cbs-kwb-amsterdam $(SHARED)/gemeente-panel $(SHARED)/boundaries \
	  $(SHARED)/crosswalks
	$(BIN)/kloof --store $(DEMO_STORE) data status
	@echo "== Meten / measure: the kloof index of every wijk (2023), most vulnerable first"
	$(BIN)/kloof --store $(DEMO_STORE) index build --year 2023 --level wijk --top 15
	$(BIN)/kloof --store $(DEMO_STORE) index build --year 2023 --level wijk \
	  --output demo-output/index-wijk-2023.xlsx
	@echo "== Financieren / fund: Preventie met Gezag 2025 (EUR 143M) by need"
	$(BIN)/kloof --store $(DEMO_STORE) allocate pmg2025 \
	  --output demo-output/allocatie-pmg-2025.xlsx
	@echo "== Monitoren / monitor: Rotterdam-Zuid against the rest of the gemeente and NL"
	$(BIN)/kloof --store $(DEMO_STORE) monitor series rotterdam-zuid

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install lint
	$(BIN)/pytest -q -p no:cacheprovider

bench: install
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_STORE) demo-output .mypy_cache .ruff_cache
