# kloof — the two commands are `make demo` and `make test`; both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared/data
DEMO_STORE ?= demo.duckdb
DEMO_PLANS ?= sqlite:///demo-plans.db
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: install demo test lint bench clean translations

install: $(STAMP)

VENDOR := src/kloof/web/static/vendor

$(STAMP): pyproject.toml package.json package-lock.json
	command -v chromium >/dev/null || (apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core)
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[all,dev]"
	npm ci --no-audit --no-fund
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/maplibre-gl $(VENDOR)/utrecht
	cp node_modules/maplibre-gl/dist/maplibre-gl.mjs \
	  node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs \
	  node_modules/maplibre-gl/dist/maplibre-gl-shared.mjs \
	  node_modules/maplibre-gl/dist/maplibre-gl.css $(VENDOR)/maplibre-gl/
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/
	touch $(STAMP)

demo: install
	rm -rf $(DEMO_STORE) demo-plans.db demo-output && mkdir -p demo-output
	$(BIN)/kloof --store $(DEMO_STORE) data import \
	  $(SHARED)/cbs-kwb-2023/kwb-2023-transformed.xlsx \
	  $(SHARED)/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv \
	  $(SHARED)/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv \
	  $(SHARED)/cbs-kwb-amsterdam $(SHARED)/amsterdam-extra/wijken_info.csv \
	  $(SHARED)/amsterdam-extra/crime_totaal_2025.json \
	  $(SHARED)/amsterdam-extra/population_2025.json $(SHARED)/gemeente-panel \
	  $(SHARED)/boundaries $(SHARED)/crosswalks $(SHARED)/postcode
	@echo "== PC4 1-1-2022 onto the 2023 wijken and gemeenten by addresses (KWB values win)"
	$(BIN)/kloof --store $(DEMO_STORE) data reexpress --from pc4 --year 2022 \
	  --onto wijk --onto gemeente --boundaries 2023
	$(BIN)/kloof --store $(DEMO_STORE) data status
	@echo "== Meten / measure: the kloof index of every wijk (2023), most vulnerable first"
	$(BIN)/kloof --store $(DEMO_STORE) index build --year 2023 --level wijk --top 15
	$(BIN)/kloof --store $(DEMO_STORE) index build --year 2023 --level wijk \
	  --output demo-output/index-wijk-2023.xlsx
	@echo "== Valideren / validate: does the index find the NPLV areas, better than its parts?"
	$(BIN)/kloof --store $(DEMO_STORE) index validate --against nplv --year 2023
	@echo "== Selecteren / select: focus-area candidates against the NPLV areas; hot spots"
	$(BIN)/kloof --store $(DEMO_STORE) spatial focus -s index --index kloof \
	  --min-residents 20000 --compare nplv
	$(BIN)/kloof --store $(DEMO_STORE) map demo-output/kaart-index-wijk.png --index kloof \
	  --areas nplv
	@echo "== Financieren / fund: Preventie met Gezag 2025 (EUR 143M) by need"
	$(BIN)/kloof --store $(DEMO_STORE) allocate pmg2025 \
	  --output demo-output/allocatie-pmg-2025.xlsx
	@echo "== Monitoren / monitor: Rotterdam-Zuid against the rest of the gemeente and NL"
	$(BIN)/kloof --store $(DEMO_STORE) monitor series rotterdam-zuid
	@echo "== Amsterdam Nieuw-West year by year (wijk panel 2016-2021, KWB 2017-2024, 2025)"
	$(BIN)/kloof --store $(DEMO_STORE) monitor series amsterdam-nieuw-west -i inhabitants \
	  -i households -i crimes_total_per_1000
	@echo "== Simuleren / simulate: Zaanstad, current rules against spreading (Rotterdamwet)"
	$(BIN)/kloof --store $(DEMO_STORE) simulate zaanstad --compare zaanstad-spread --runs 20 \
	  --output demo-output/simulatie-zaanstad.xlsx
	@echo "== Samen doen / act together: an area plan for Rotterdam-Zuid and a demo editor"
	$(BIN)/kloof plans --db $(DEMO_PLANS) init nplv:rotterdam-zuid --title "Zuid werkt (demo)"
	KLOOF_NEW_PASSWORD=demo-wachtwoord-zuid $(BIN)/kloof users --db $(DEMO_PLANS) add \
	  demo@kloof.example --role rotterdam-zuid:area_admin
	$(BIN)/kloof plans --db $(DEMO_PLANS) export rotterdam-zuid --output demo-output/plan-zuid.xlsx
	@echo "   log in at /inloggen as demo@kloof.example / demo-wachtwoord-zuid (demo only)"
	@echo "== Tonen / show: area profiles of the NPLV areas and the dashboard"
	KLOOF_PLANS_DB=$(DEMO_PLANS) $(BIN)/kloof --store $(DEMO_STORE) report --all-nplv \
	  --format html --output demo-output/profielen
	KLOOF_PLANS_DB=$(DEMO_PLANS) $(BIN)/kloof --store $(DEMO_STORE) serve

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/mypy benchmarks
	$(BIN)/lint-imports

test: install lint
	$(BIN)/pytest -q -p no:cacheprovider --durations=15 --doctest-modules tests src/kloof \
	  --ignore=src/kloof/plans/migrations

LOCALE := src/kloof/locale
# Interface texts (docs/translations.md): collect the messages, merge them into the nl and
# en catalogues, then (after translating the .po files) compile the .mo files.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k translate:1 --no-wrap --sort-by-file \
	  --add-location=file --project kloof --copyright-holder "kloof contributors" \
	  -o $(LOCALE)/messages.pot src/kloof
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) --statistics

bench: install
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_STORE) demo-plans.db demo-output .mypy_cache .ruff_cache
