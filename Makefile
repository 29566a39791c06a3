# Aisle: `make demo` runs everything on this machine; `make test` runs the whole suite.
# Every target is idempotent; services, data and logs live under .aisle/ (gitignored).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# uv installs the locked set (uv.lock); it is bootstrapped into the venv at this version.
UV_VERSION := 0.13.9
UV     := $(BIN)/uv
# uv works on .venv (not a venv of its own) and never downloads a Python of its own.
UV_ENV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never
AISLE  := $(BIN)/aisle
STATE  := .aisle
RUN    := $(STATE)/run
LOGS   := $(STATE)/logs
ICECAT ?= ../shared/data/icecat
API_HOST ?= $(or $(AISLE_API_HOST),127.0.0.1)
API_PORT ?= $(or $(AISLE_API_PORT),8400)
FRONTEND_SOURCES := $(shell find frontend/src frontend/scripts frontend/index.html frontend/package.json frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: help install lock services-up services-down services-status migrate catalog index frontend env-example \
        browser faketime nginx demo stop api-client lint typecheck test test-unit test-future-clock \
        test-integration test-e2e bench bench-frontend clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: $(VENV)/.installed  ## Create the virtualenv; install Aisle (editable) and its dev tools at the locked versions.
# --locked: install exactly uv.lock, and refuse when it no longer matches pyproject.toml
# (run `make lock`). Packages not in the lock are removed, so .venv is the lock, no more.
$(VENV)/.installed: pyproject.toml uv.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q 'uv==$(UV_VERSION)'
	$(UV_ENV) $(UV) sync --locked --extra dev --python $(BIN)/python
	touch $@

lock:  ## Update uv.lock after editing dependencies in pyproject.toml (other pins stay).
	@[ -x $(UV) ] || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q 'uv==$(UV_VERSION)'; }
	$(UV_ENV) $(UV) lock

services-up: install  ## Install (when missing) and start Postgres, Redis and Elasticsearch.
	$(AISLE) services up

services-down: install  ## Stop the services (data is kept).
	$(AISLE) services down

services-status: install  ## Show whether each service is up and healthy.
	$(AISLE) services status

migrate: services-up  ## Bring the database schema up to date.
	$(AISLE) db migrate

catalog: migrate  ## Import Icecat from ../shared when present, else a synthetic catalog.
	@if [ -d "$(ICECAT)" ]; then $(AISLE) catalog import "$(ICECAT)"; \
	else echo "$(ICECAT) not found: generating a synthetic catalog"; $(AISLE) catalog generate --n 20000 --seed 42; fi

index: catalog  ## Build the search index and make it live.
	$(AISLE) index rebuild

frontend: frontend/dist/index.html  ## Build the web UI.
frontend/dist/index.html: $(FRONTEND_SOURCES) frontend/node_modules/.installed
	cd frontend && npm run build

# npm ci again only when the locked packages change (the stamp sits inside what npm ci replaces).
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

api-client: install  ## Regenerate the web UI's API client: openapi.json from app.openapi(), then schema.d.ts from it.
	$(BIN)/python -m search_service.openapi_dump frontend/src/api/openapi.json
	cd frontend && npm run api-client

browser:  ## Install Debian's Chromium for the end-to-end test (no browser downloads).
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium'"; exit 1; fi; }

faketime:  ## Install Debian's faketime for the future-clock check.
	@command -v faketime >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq faketime; \
	  else echo "faketime is missing: run 'sudo apt-get install faketime'"; exit 1; fi; }

nginx:  ## Install Debian's nginx for the reverse-proxy test and `aisle proxy run`.
	@command -v nginx >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx; \
	  else echo "nginx is missing: run 'sudo apt-get install nginx'"; exit 1; fi; }

demo: index frontend stop  ## Run everything: services, catalog, index, API + worker + web UI.
	@mkdir -p $(RUN) $(LOGS)
	nohup $(AISLE) worker > $(LOGS)/worker.log 2>&1 & echo $$! > $(RUN)/worker.pid
	nohup $(AISLE) serve --host $(API_HOST) --port $(API_PORT) > $(LOGS)/api.log 2>&1 & echo $$! > $(RUN)/api.pid
	@for i in $$(seq 1 60); do \
	  curl -sf http://$(API_HOST):$(API_PORT)/readyz >/dev/null && break; sleep 0.5; done; \
	curl -sf http://$(API_HOST):$(API_PORT)/readyz >/dev/null || { echo "API did not become ready; see $(LOGS)/api.log"; tail -20 $(LOGS)/api.log; exit 1; }
	@echo ""
	@$(AISLE) users demo
	@echo "Aisle is running: http://$(API_HOST):$(API_PORT)/  (API docs: http://$(API_HOST):$(API_PORT)/docs)"
	@echo "Mail (sign-up and reset links) goes to the dev mailbox: 'aisle mail list' or /admin/mailbox."
	@echo "Logs in $(LOGS)/; stop the API and worker with 'make stop', the services with 'make services-down'."

stop:  ## Stop the demo's API and worker.
	@for name in api worker; do \
	  if [ -f $(RUN)/$$name.pid ]; then kill $$(cat $(RUN)/$$name.pid) 2>/dev/null || true; rm -f $(RUN)/$$name.pid; fi; done

lint: install frontend/node_modules/.installed  ## ruff; import-linter (layers); deptry (deps); the API client is current; ESLint.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	@# The packages may import only required dependencies (config: [tool.deptry]); tests and
	@# benches may import any declared one, dev extra included, but nothing undeclared.
	$(BIN)/deptry .
	$(BIN)/deptry tests bench --exclude '\.venv' --extend-exclude '\.aisle' --ignore DEP002,DEP004
	@# The generated client: schema.d.ts is what openapi-typescript makes of the committed openapi.json
	@# (tests/unit/search_service/test_openapi_client.py checks openapi.json against app.openapi()).
	cd frontend && npm run --silent api-client:check
	$(BIN)/python -m infra.settings_example --check
	cd frontend && npm run lint

env-example: install  ## Rewrite .env.example from the settings' descriptions in core/settings.py.
	$(BIN)/python -m infra.settings_example

typecheck: install  ## mypy --strict on the packages.
	$(BIN)/mypy

test: install services-up frontend browser faketime nginx lint typecheck  ## Everything the suite needs, then the whole suite.
	cd frontend && npm run typecheck && npm test
	$(BIN)/pytest
	$(FUTURE_CLOCK_PYTEST)

# No test may depend on the calendar. The tests marked `clock` (events and their 7-day window,
# rollups and retention, experiments, tokens and sessions, rule schedules, behaviour training)
# run again with the clock a year ahead: faketime shifts this process and every process it
# starts (the API, the worker, the CLI), not Postgres, Redis or Elasticsearch, so tests that
# compare Postgres' now() with the app's clock (signal decay, suggestions, the job reaper) are
# left unmarked: there the skew is the check's own doing, not a bug. The monotonic clock moves
# too (with FAKETIME_DONT_FAKE_MONOTONIC, faketime 0.9.10 makes Python's time.sleep fail: EINVAL).
FUTURE_CLOCK ?= +365d
FUTURE_CLOCK_PYTEST = faketime -f '$(FUTURE_CLOCK)' $(BIN)/pytest -q -m clock tests/unit tests/integration

test-future-clock: install services-up faketime  ## The tests that read the clock, with it a year ahead.
	$(FUTURE_CLOCK_PYTEST)

test-unit: install  ## Only the unit tests (no services needed).
	$(BIN)/pytest tests/unit

bench: index  ## Run the benchmarks and print their figures.
	$(BIN)/python -m bench.rebuild
	$(BIN)/python -m bench.search_latency
	$(BIN)/python -m bench.jobs
	$(BIN)/python -m bench.events
	$(BIN)/python -m bench.suggest
	$(BIN)/python -m bench.auth
	$(BIN)/python -m bench.rerank || echo "bench.rerank skipped: promote a model first (aisle ranking train JUDGMENTS --promote)"

bench-frontend:  ## Time the shopper's first load in Chromium against a running API (URL=, BASELINE=).
	$(BIN)/python -m bench.frontend_load --url $(or $(URL),http://127.0.0.1:8400) $(if $(BASELINE),--baseline $(BASELINE))

clean: stop  ## Remove build output (keeps service data; `rm -rf .aisle` wipes it).
	rm -rf frontend/dist .pytest_cache .mypy_cache .ruff_cache
