# Puente: `make chat` to try it in a terminal, `make test` to run the tests.
# Everything runs inside .venv, created on first use from pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
BENCH_STAMP := $(VENV)/.bench-$(shell cksum < pyproject.toml | cut -d' ' -f1)
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))

.PHONY: install chat bot image test test-min lock lint format bench seed migrate i18n-extract i18n-update i18n-compile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	rm -f $(VENV)/.bench-*
	touch $@

install: $(STAMP) i18n-compile  ## create .venv and install Puente with its test tools

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d locales -D messages -l $* --statistics

i18n-compile: $(CATALOGS)  ## compile the gettext catalogs (.po -> .mo)

i18n-extract: $(STAMP)  ## collect translatable strings from the code into locales/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ --no-location --sort-output \
		--project=puente -o locales/messages.pot bot

i18n-update: i18n-extract  ## merge new strings into the en and es catalogs
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

migrate: install  ## migrate DATABASE_URL (default: ./puente.db) to the newest schema
	$(BIN)/puente db upgrade

seed: migrate  ## load db/seed/ into DATABASE_URL
	$(BIN)/puente seed

chat: seed  ## try Puente in the terminal (reads standard input when it is not a terminal)
	@$(BIN)/puente chat

bot: seed  ## run the Telegram bot (needs TELEGRAM_BOT_TOKEN)
	$(BIN)/puente run

# Workers for `make test` (pytest-xdist): most tests wait on processes, timers and the image
# build rather than the CPU, so more workers than cores pay. A test module stays on one worker
# (its module fixtures, e.g. the image, are made once); each worker has its own PostgreSQL database.
TEST_WORKERS ?= 3

test: lint  ## ruff and mypy, then the whole test suite (PostgreSQL tests run when it is reachable)
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadscope

# The declared minimum versions, in a venv of their own: the tests that need no stand-in server,
# and the end-to-end ones that start the bot (PTB and Typer releases below the bounds fail them).
MIN_VENV := .venv-min
MIN_TESTS := $(filter-out tests/test_image.py,$(wildcard tests/test_*.py)) tests/e2e/test_process.py tests/e2e/test_commands.py

test-min: install  ## the fast tests against the lowest versions pyproject.toml allows
	rm -rf $(MIN_VENV)
	$(BIN)/uv venv --quiet --python $(BIN)/python $(MIN_VENV)
	VIRTUAL_ENV=$(MIN_VENV) $(BIN)/uv pip install --quiet --resolution lowest-direct -e '.[test]'
	VIRTUAL_ENV=$(MIN_VENV) $(BIN)/uv pip list --quiet 2>/dev/null | grep -iE '^(python-telegram-bot|typer|sqlalchemy|alembic|pydantic-settings) '
	$(MIN_VENV)/bin/pytest -q -p no:cacheprovider $(MIN_TESTS)

image:  ## build the production image from the Dockerfile with buildah (root; no Docker engine)
	scripts/build-image puente:latest

lock: install  ## pin every runtime dependency, with hashes, in requirements.lock (the image installs it)
	$(BIN)/uv pip compile pyproject.toml --quiet --python-version 3.11 --python-platform linux \
		--generate-hashes --no-header --output-file requirements.lock

lint: install  ## ruff, then mypy (pyproject.toml says what it checks and how strictly)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install  ## let ruff fix what it can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install $(BENCH_STAMP)  ## speed figures (matcher, the bot end to end, the broadcast sender; each with a baseline), then designs compared
	$(BIN)/python -m bench.bench_match
	$(BIN)/python -m bench.bench_bot
	$(BIN)/python -m bench.bench_sender
	$(BIN)/python -m bench.bench_accuracy

clean:
	rm -rf $(VENV) $(MIN_VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis puente.db
