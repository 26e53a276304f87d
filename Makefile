# Two commands: `make run` and `make test`. Both create .venv themselves.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test pipeline check install install-dev chromium tesseract libreoffice lint clean bench bench-corpus bench-pipeline bench-app bench-peers bench-peers-dev bench-text

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

## Debian's chromium for the browser tests (never `playwright install`).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

## Debian's Tesseract with the Norwegian model: OCR for PDF pages without a text layer (scans).
tesseract:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>&1 | grep -qx nor; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-nor; \
	fi

## Debian's LibreOffice Impress without a GUI: the tests render the PowerPoint downloads to PDF/PNG to look at them.
libreoffice:
	@if ! command -v soffice >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-impress-nogui; \
	fi

## Builds the analysis tables if missing or stale (a no-change rebuild is a cache hit), then starts the app.
run: install tesseract
	@$(BIN)/python -m pipeline build || echo "The build reported problems (above); the app starts on the last good tables and lists them on the Method page."
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --browser.gatherUsageStats false

pipeline: install tesseract
	$(BIN)/python -m pipeline build

check: install
	$(BIN)/python -m pipeline check

test: install-dev chromium tesseract libreoffice
	$(BIN)/python -m pytest

clean:
	rm -rf data/interim data/processed

## Benchmarks (report, never run by `make test` or CI). Figures go to bench/RESULTS.md.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): requirements-bench.txt $(DEV_STAMP)
	grep -v '^bertopic' requirements-bench.txt | $(BIN)/pip install --quiet -r /dev/stdin
	$(BIN)/pip install --quiet --no-deps $$(grep '^bertopic' requirements-bench.txt)
	touch $@

bench: bench-corpus bench-pipeline bench-app bench-peers bench-text

bench-corpus: install-dev
	$(BIN)/python -m bench.make_corpus

bench-pipeline: bench-corpus
	$(BIN)/python -m bench.bench_pipeline

bench-app: bench-corpus chromium
	$(BIN)/python -m bench.bench_app

bench-text: install-dev
	$(BIN)/python -m bench.bench_text

bench-peers: $(BENCH_STAMP)
	$(BIN)/python -m bench.bench_peers

# The same comparison on the development corpus (../shared/corpora/helsereform), built into bench/corpora/.
DEV_CORPUS ?= ../shared/corpora/helsereform
DEV_DATA := bench/corpora/helsereform
bench-peers-dev: $(BENCH_STAMP)
	@test -d $(DEV_CORPUS)/raw || { echo "bench-peers-dev needs the development corpus in $(DEV_CORPUS)/raw"; exit 1; }
	mkdir -p $(DEV_DATA)/raw && cp -u $(DEV_CORPUS)/raw/* $(DEV_DATA)/raw/ && cp data/themes.toml $(DEV_DATA)/
	HORINGSRADAR_DATA=$(DEV_DATA) $(BIN)/python -m pipeline build
	$(BIN)/python -m bench.bench_peers --processed $(DEV_DATA)/processed
