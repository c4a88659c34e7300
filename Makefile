# Trivselscoach. `make run` sets everything up and starts the assistant; `make test` tests it.
# Settings come from the environment (see README), e.g. RASA_PORT=5006 make run.

VENV        ?= .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
STAMP       := $(VENV)/.installed
SPACY_MODEL := build/spacy_da/meta.json
MODEL       := models/current.tar.gz
# What the model is made of: the config, domain and training data, and the components it
# trains (their code and corpora). INPUT_LIST changes when a file is added or removed.
# Rasa's own cache knows only the config and the training data, not our components' corpora,
# so a change here retrains everything (--force).
TRAIN_INPUTS := config.yml $(shell find domain data bot/safety/data bot/coach/data -name '*.yml' 2>/dev/null | sort) \
	$(filter-out bot/safety/privacy.py,$(wildcard bot/nlu/*.py bot/safety/*.py)) bot/themes.py bot/coach/themes.py bot/coach/theme_cues.py
INPUT_LIST  := build/train-inputs.txt
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false

.PHONY: FORCE run test test-fast system-packages train shell lint bench sample screenshots knowledge install validate telegram clean help cluster cluster-status

help:
	@echo "make run     installér, træn ved behov og start assistenten (REST på port 5005)"
	@echo "make test    installér det, testene kræver, og kør hele testsuiten"
	@echo "make test-fast  kør testene, der ikke starter servere"
	@echo "make train   træn modellen, hvis data eller konfiguration er ændret"
	@echo "make shell   chat med assistenten i terminalen"
	@echo "make cluster flere replikaer på PostgreSQL og Redis bag haproxy (REPLICAS, CLUSTER_PORT)"
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

$(INPUT_LIST): FORCE
	@mkdir -p build; echo "$(TRAIN_INPUTS)" | tr ' ' '\n' > $@.new; \
	  if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(MODEL): $(STAMP) $(SPACY_MODEL) $(TRAIN_INPUTS) $(INPUT_LIST)
	$(VENV)/bin/trivselscoach train
	@touch $@

train: $(MODEL)

knowledge: $(STAMP)
	$(VENV)/bin/trivselscoach load-knowledge

run: $(MODEL)
	$(VENV)/bin/trivselscoach run

shell: $(MODEL)
	$(VENV)/bin/trivselscoach shell

# Several replicas on PostgreSQL and Redis behind haproxy (bot/cluster.py); REPLICAS=2 and
# CLUSTER_PORT=8080 by default. `make cluster-status` lists its processes.
cluster: $(MODEL)
	@scripts/system-packages $(CLUSTER_PACKAGES)
	$(VENV)/bin/trivselscoach cluster

cluster-status: $(STAMP)
	@$(VENV)/bin/trivselscoach cluster status

# Polling mode for Telegram beside a running `make run` (which also polls by itself when
# TELEGRAM_TOKEN is set and TELEGRAM_WEBHOOK_URL is not).
telegram: $(STAMP)
	$(VENV)/bin/trivselscoach telegram

# Debian packages the tests use (scripts/system-packages installs them as root, or says how).
TEST_PACKAGES := chromium chromium-driver postgresql libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
	redis-server haproxy
# What `make cluster` runs on: PostgreSQL, Redis and haproxy.
CLUSTER_PACKAGES := postgresql redis-server haproxy

system-packages:
	@scripts/system-packages $(TEST_PACKAGES)

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
test: system-packages $(MODEL)
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "Ingen tests blev kørt." >&2; exit 1; fi; exit $$rc

# The tests that start no servers: seconds, not minutes.
test-fast: $(SPACY_MODEL)
	$(PY) -m pytest -m "not servers" -q $(PYTEST_ARGS)

validate: $(STAMP)
	$(PY) -m bot.kb.validate
	$(RASA) data validate --domain domain --fail-on-warnings --quiet

lint: $(STAMP) validate
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/ruff format --check bot actions tests bench

bench: $(MODEL)
	@scripts/system-packages $(CLUSTER_PACKAGES)
	$(PY) -m bench

# A sample team's trend chart and APV export, in var/sample/.
sample: $(STAMP)
	$(PY) -m bench.sample_team var/sample

# The team room on a wide screen and a phone (needs Debian's chromium and chromium-driver).
screenshots: $(MODEL)
	$(PY) -m tests.screenshots var/screenshots

clean:
	rm -rf build models var .pytest_cache
