# Trivselscoach. `make run` sets everything up and starts the assistant; `make test` tests it.
# Settings come from the environment (see README), e.g. RASA_PORT=5006 make run.

VENV        ?= .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
STAMP       := $(VENV)/.installed
SPACY_MODEL := build/spacy_da/meta.json
MODEL       := models/current.tar.gz
TRAIN_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null | sort)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3

.PHONY: run test train shell lint bench sample screenshots knowledge install validate telegram clean help

help:
	@echo "make run     installér, træn ved behov og start assistenten (REST på port 5005)"
	@echo "make test    kør hele testsuiten"
	@echo "make train   træn modellen, hvis data eller konfiguration er ændret"
	@echo "make shell   chat med assistenten i terminalen"
	@echo "make telegram hent beskeder fra Telegram (kræver TELEGRAM_TOKEN)"
	@echo "make lint    ruff og rasa data validate"
	@echo "make bench   mål svartider, gennemløb og præcision (kun tal)"
	@echo "make screenshots  skærmbilleder af teamrummet i var/screenshots"
	@echo "make sample  udviklingsdiagram og APV-eksport for et eksempelteam i var/sample"

$(STAMP): pyproject.toml
	@PYBIN=$$(scripts/find-python310) || exit 1; \
	  test -x $(PY) || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

$(SPACY_MODEL): $(STAMP) bot/nlp_pipeline.py
	$(PY) -m bot.nlp_pipeline build/spacy_da

$(MODEL): $(STAMP) $(SPACY_MODEL) $(TRAIN_INPUTS)
	$(RASA) train --fixed-model-name current --out models --quiet
	@touch $@

train: $(MODEL)

knowledge: $(STAMP)
	$(VENV)/bin/trivselscoach load-knowledge

run: $(MODEL)
	$(VENV)/bin/trivselscoach run

shell: $(MODEL)
	$(VENV)/bin/trivselscoach shell

# Polling mode for Telegram beside a running `make run` (which also polls by itself when
# TELEGRAM_TOKEN is set and TELEGRAM_WEBHOOK_URL is not).
telegram: $(STAMP)
	$(VENV)/bin/trivselscoach telegram

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
test: $(MODEL)
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "Ingen tests blev kørt." >&2; exit 1; fi; exit $$rc

validate: $(STAMP)
	$(PY) -m bot.kb.validate
	$(RASA) data validate --fail-on-warnings --quiet

lint: $(STAMP) validate
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/ruff format --check bot actions tests bench

bench: $(MODEL)
	$(PY) -m bench

# A sample team's trend chart and APV export, in var/sample/.
sample: $(STAMP)
	$(PY) -m bench.sample_team var/sample

# The team room on a wide screen and a phone (needs Debian's chromium and chromium-driver).
screenshots: $(MODEL)
	$(PY) -m tests.screenshots var/screenshots

clean:
	rm -rf build models var .pytest_cache
