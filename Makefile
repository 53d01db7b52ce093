# Two commands on a fresh machine: `make run` serves the app, `make test` runs every test.
# Both set up what they need first and are quick when it is already there.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501
# Tests never touch a model hub: everything they use is bundled.
TEST_ENV := HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 EMBEDDING_EXPLORER_CACHE=$(CURDIR)/.cache/test-encodings

.PHONY: run test test-fast bench lint install dev chromium clean vendor-deckgl

run: $(VENV)/.installed
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: $(VENV)/.dev-installed chromium
	$(TEST_ENV) $(PY) -m pytest

test-fast: $(VENV)/.dev-installed
	$(TEST_ENV) $(PY) -m pytest -m "not e2e and not slow"

bench: $(VENV)/.dev-installed chromium
	$(PIP) install -q -r requirements-bench.txt
	$(PY) bench/run.py --out bench/results.md

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

# torch first, pinned to the CPU wheel: anything else would pull the CUDA build. Then UMAP is
# compiled once into numba's disk cache (~40 s), so no user waits for it on a first map.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -r requirements.txt
	HF_HUB_OFFLINE=1 $(PY) -m core.precompile
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's chromium (a test tool's own browser download cannot work offline).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# The map's WebGL engine, vendored (static/vendor/deck.gl): the npm tarball at a pinned version,
# checked against its registry integrity, then its prebuilt bundle and licence copied unchanged.
DECKGL_VERSION := 9.4.0
DECKGL_INTEGRITY := sha512-8q5R1CwUNZUYTZ41BC8l6avRvLIEzT9uceh0PHc6Me74dLlpBvYt92pFLpY25i0HFSg9cRiVuidTXFRpmuZbJg==
vendor-deckgl:
	rm -rf .cache/deckgl && mkdir -p .cache/deckgl
	cd .cache/deckgl && npm pack --silent deck.gl@$(DECKGL_VERSION) >/dev/null
	test "sha512-$$(openssl dgst -sha512 -binary .cache/deckgl/deck.gl-$(DECKGL_VERSION).tgz | base64 -w0)" = "$(DECKGL_INTEGRITY)"
	tar -xzf .cache/deckgl/deck.gl-$(DECKGL_VERSION).tgz -C .cache/deckgl
	cp .cache/deckgl/package/dist.min.js .cache/deckgl/package/LICENSE static/vendor/deck.gl/
	cd static/vendor/deck.gl && sha256sum dist.min.js > SHA256SUMS

clean:
	rm -rf $(VENV) .pytest_cache .cache
