# vanban — make targets. `make` alone lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PY := .venv/bin/python
VANBAN := .venv/bin/vanban
OUT ?= data/processed
CORPUS ?= ../shared/corpus
EVAL_OUT ?= build/eval
RULES := $(wildcard rules/*.yaml rules/*.csv rules/encodings/*)
SAMPLE_SRC := $(wildcard data/raw/*.txt data/raw/*.html)

.PHONY: help setup system run samples test eval bench report clean

help: ## list the targets
	@grep -E '^[a-z][a-z_-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

system: ## install system programs where missing (Tesseract + Vietnamese, LibreOffice, poppler)
	@tools/setup_system.sh

.venv/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv .venv
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test]'
	@touch $@

setup: system .venv/.installed ## create .venv and install everything vanban needs

data/raw/generated/.done: tools/make_samples.py $(SAMPLE_SRC) | setup
	@$(PY) tools/make_samples.py data/raw data/raw/generated
	@touch $@

samples: data/raw/generated/.done ## generate PDF (text and scanned), DOCX, DOC, zip and legacy-encoded versions of the samples

$(OUT)/documents.parquet: data/raw/generated/.done $(SAMPLE_SRC) $(RULES) $(wildcard pipeline/*.py pipeline/*/*.py) | setup
	@$(VANBAN) run data/raw --out $(OUT)

run: setup samples ## process the bundled sample in data/raw into data/processed and print a summary
	@$(VANBAN) run data/raw --out $(OUT)
	@$(VANBAN) show $(OUT)

report: setup ## write data/processed/report.html and vanban.duckdb (after make run)
	@test -f $(OUT)/documents.parquet || $(VANBAN) run data/raw --out $(OUT) -q
	@$(VANBAN) report $(OUT)

test: setup ## run the test suite
	@$(PY) -m pytest -q

eval: setup ## run over ../shared/corpus and score against ../shared/gold (fails below the floors)
	@$(VANBAN) run $(CORPUS) --out $(EVAL_OUT)
	@$(PY) $(CORPUS)/../eval/score.py --gold $(CORPUS)/../gold --pred $(EVAL_OUT)
	@$(PY) tools/eval_gate.py --gold $(CORPUS)/../gold --pred $(EVAL_OUT)

bench: setup ## benchmark: generated corpus (2,000 texts, 200 ten-page PDFs, 50 DOCX) with 1 and 2 workers
	@$(PY) tools/bench.py $(BENCH_ARGS)

clean: ## remove outputs (never the raw data)
	rm -rf $(OUT)/*.parquet $(OUT)/*.csv $(OUT)/catalog.sqlite* $(OUT)/vanban.duckdb $(OUT)/vanban.xlsx $(OUT)/datapackage.json $(OUT)/report.html $(OUT)/report_files build data/raw/generated
