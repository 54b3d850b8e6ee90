# Sanad — every task has a target. `make demo` and `make test` need only Python >= 3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: demo test test-browser check lint format migrations-check messages bench clean install serve worker

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Sanad needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
	@chmod 600 var/secret_key

var/encryption_key:
	@mkdir -p var
	@$(PYTHON) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' > var/encryption_key
	@chmod 600 var/encryption_key

# The demo runs with DEBUG off, as production does: hashed static files, gzip, secure settings.
DEMO_ENV = SECRET_KEY="$$(cat var/secret_key)" SANAD_ENCRYPTION_KEYS="$$(cat var/encryption_key)" \
	SECURE_COOKIES=false PORT=$(PORT)

demo: $(STAMP) var/secret_key var/encryption_key
	$(DEMO_ENV) $(BIN)/sanad migrate --no-input -v1
	$(DEMO_ENV) $(BIN)/sanad compilemessages -v0 --ignore=.venv
	$(DEMO_ENV) $(BIN)/sanad collectstatic --no-input -v0
	$(DEMO_ENV) $(BIN)/sanad load_gazetteer
	$(DEMO_ENV) $(BIN)/sanad seed_demo
	$(DEMO_ENV) ./scripts/run-demo

# In parallel, one worker per core (TEST_WORKERS=0 runs in one process). On SQLite each worker's
# test database is a file kept between runs (--reuse-db; new migrations give a new one); on
# PostgreSQL (DATABASE_URL) each run creates its databases afresh.
TEST_WORKERS ?= auto
REUSE_DB = $(if $(DATABASE_URL),,--reuse-db)

test: $(STAMP)
	SANAD_TESTING=1 $(BIN)/sanad compilemessages -v0 --ignore=.venv
	$(BIN)/pytest -m "not browser" -q -n $(TEST_WORKERS) $(REUSE_DB) $(PYTEST_ARGS)

test-browser: $(STAMP)
	SANAD_TESTING=1 $(BIN)/sanad compilemessages -v0 --ignore=.venv
	SANAD_TEST_SQLITE_FILE=1 $(BIN)/pytest -m browser -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	SANAD_TESTING=1 $(BIN)/sanad makemigrations --check --dry-run

messages: $(STAMP)
	cd sanad && SANAD_TESTING=1 ../$(BIN)/sanad makemessages -l ar -l fr --no-obsolete --ignore="tests/*"

check: lint migrations-check test

bench: $(STAMP)
	$(BIN)/python bench/page_weight.py

clean:
	rm -rf $(VENV) var/static *.egg-info
