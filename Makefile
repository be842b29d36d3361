# Targets for the media-analysis project. `make` (or `make help`) lists them.
PYTHON ?= .venv/bin/python
ARTICLE ?= data/raw/000_72c6fca640860fce.txt
EVAL ?= ../shared/eval

.DEFAULT_GOAL := help
.PHONY: help install run test eval bench notebooks report clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.venv/bin/python:
	python3 -m venv .venv

install: .venv/bin/python ## create .venv and install the package with test extras
	$(PYTHON) -m pip install -e ".[test]"

run: ## analyse the bundled article (ARTICLE=...) into data/processed/ and figures/
	$(PYTHON) -m analysis run $(ARTICLE)

test: ## run the whole test suite (unit tests, evaluations when $(EVAL) exists, nbval)
	$(PYTHON) -m pytest

eval: ## print the evaluation numbers on the public datasets in $(EVAL) and rewrite the reliability table
	$(PYTHON) -m analysis.evaluate attribution --polnear $(EVAL)/polnear --split dev --reliability
	$(PYTHON) -m analysis.evaluate sentiment --newsmtsc $(EVAL)/newsmtsc --variant rw --split dev --reliability
	$(PYTHON) -m analysis.evaluate sentiment --newsmtsc $(EVAL)/newsmtsc --variant mt --split dev --reliability
	$(PYTHON) -m analysis.evaluate framing --nfc $(EVAL)/nfc --split dev --reliability
	$(PYTHON) -m analysis.evaluate framing --semeval $(EVAL)/semeval23 --split dev --reliability
	$(PYTHON) -m analysis.evaluate framing --frac $(EVAL)/frac/gold_standard_single_label_all.csv

bench: ## print speed: attribution vs spaCy parse, sentiment throughput, batch articles/s
	$(PYTHON) -m analysis.bench attribution --polnear $(EVAL)/polnear
	$(PYTHON) -m analysis.bench sentiment --polnear $(EVAL)/polnear
	$(PYTHON) -m analysis.bench batch --texts $(EVAL)/polnear/dev/text

notebooks: ## re-execute the notebooks in place; ARTICLE=... / CORPUS=...: run them on that input (papermill) into data/processed/notebook-runs/
	$(PYTHON) -m analysis.notebooks $(if $(filter command line environment,$(origin ARTICLE)),--article $(ARTICLE)) $(if $(CORPUS),--corpus $(CORPUS))

report: ## write the annotated HTML report of ARTICLE
	$(PYTHON) -m analysis report $(ARTICLE)

clean: ## remove generated outputs under data/processed/
	rm -rf data/processed/*/
