# Puente: `make chat` to try it in a terminal, `make test` to run the tests.
# Everything runs inside .venv, created on first use from pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
BENCH_STAMP := $(VENV)/.bench-$(shell cksum < pyproject.toml | cut -d' ' -f1)
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))

.PHONY: install chat bot test lint format bench seed migrate i18n-extract i18n-update i18n-compile clean

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

test: install  ## ruff, then the whole test suite (PostgreSQL tests run when it is reachable)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: install  ## ruff only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install  ## let ruff fix what it can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install $(BENCH_STAMP)  ## speed figures (matcher, the bot end to end, the broadcast sender; each with a baseline), then designs compared
	$(BIN)/python -m bench.bench_match
	$(BIN)/python -m bench.bench_bot
	$(BIN)/python -m bench.bench_sender
	$(BIN)/python -m bench.bench_accuracy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis puente.db
