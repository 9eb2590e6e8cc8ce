# The two commands of the README: `make run` (the whole pipeline on the default corpus) and
# `make test` (the test suite). Either one creates .venv from the pinned dependencies when it
# is missing or older than pyproject.toml / requirements/constraints.txt, so they work on a
# fresh clone in either order.

PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
CORES ?= 2
# The package's bytecode, written before a run or a test session: each rule's job is a Python
# process of its own (a test session starts hundreds), and where PYTHONDONTWRITEBYTECODE is set
# (as on our CI machine) every one of them would compile each metasynth module it imports again,
# 0.1-0.3 s of CPU per job. A module edited later is compiled afresh by Python, as without it.
COMPILE = $(BIN)/python -m compileall -q src/metasynth

.PHONY: run test test-fast fuzz fuzz-projects fuzz-commands lint dryrun report bench-ingest bench-dedup bench-dedup-stress bench-screen bench-scale corpus clean

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[test]"
	@touch $(STAMP)

# The linters and type checker (the `dev` extras, pinned like the rest) on top of the test setup.
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[test,dev]"
	@touch $(DEV_STAMP)

## run: set up, then run the whole workflow on the default corpus (outputs in results/). An
## interrupted run is picked up where it stopped: `metasynth.recover` removes the lock a killed
## Snakemake left (only when no other Snakemake runs in this folder) and the temporaries of
## killed writers, and --rerun-incomplete re-runs the jobs that were cut short.
run: $(STAMP)
	$(COMPILE)
	$(BIN)/python -m metasynth.recover
	$(BIN)/snakemake --cores $(CORES) --rerun-incomplete

## test: set up, then run the test suite (includes one end-to-end run of the workflow). The test
## files are spread over TEST_WORKERS processes (pytest-xdist; `auto`: one per core), each file
## whole on one worker (its module fixtures built once), in the order tests/conftest.py gives
## them (the files of slow tests first); the session's workflow runs are shared by the workers
## (tests/conftest.py `build_once`). TEST_WORKERS=0 runs them in this process.
## PYTEST_ARGS: more options for pytest (CI adds the SLURM test: PYTEST_ARGS='-m "not bench"').
TEST_WORKERS ?= auto
PYTEST_WORKERS = -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
test: $(STAMP)
	$(COMPILE)
	$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

## test-fast: the test suite without the slow end-to-end tests
test-fast: $(STAMP)
	$(COMPILE)
	$(BIN)/python -m pytest $(PYTEST_WORKERS) -m "not slow and not bench"

## fuzz: a long fuzz campaign over every reader: FUZZ_CASES damaged real exports (seeded by
## FUZZ_SEED) through `metasynth ingest`; then the held-out probes: every structural change of
## every real file (structural.py), hostile YAML in every YAML input (yaml_probe.py) and hostile
## text through `metasynth export` and back (export_probe.py), and names, encodings, line ends
## and fields of exports (edges.py --exports), and kinds of damage the others do not make
## (held_out.py --exports). Prints the inputs tried,
## tracebacks, silent losses and hangs (docs/robustness.md). `make test` runs a short,
## repeatable one (tests/fuzz).
FUZZ_CASES ?= 3000
FUZZ_SEED ?= 1
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz/campaign.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)
	$(BIN)/python tests/fuzz/structural.py
	$(BIN)/python tests/fuzz/yaml_probe.py
	$(BIN)/python tests/fuzz/export_probe.py --seed $(FUZZ_SEED)
	$(BIN)/python tests/fuzz/edges.py --exports
	$(BIN)/python tests/fuzz/held_out.py --exports --seed $(FUZZ_SEED)

## fuzz-projects: the held-out probe of whole review projects (tests/fuzz/projects.py): a new
## review's files damaged as shared folders, Git and Excel damage them, run through the workflow;
## then edges.py: hand-edited rows, file names, and whole runs killed and picked up again; then
## held_out.py: sheets, workbooks, QDA archives, configs, full disks, SIGTERM (as root)
fuzz-projects: $(STAMP)
	$(BIN)/python tests/fuzz/campaign.py --projects
	$(BIN)/python tests/fuzz/edges.py --kill-after 20,60,100
	$(BIN)/python tests/fuzz/held_out.py --seed $(FUZZ_SEED)

## fuzz-commands: the seventh held-out probe (tests/fuzz/command_inputs.py): hostile files and
## names given to the commands a reviewer runs by hand on a new review — outputs named like the
## command's own inputs, workbooks, CSV quirks, bulk lists, YAML, odd paths, damaged results,
## concurrent writers; the eighth: what XML cannot carry, codes from a sheet; the ninth:
## spreadsheet error values typed into files under data/, quoted codes (about 50 minutes on a
## busy machine; `--kinds a,b` or `--only a,b` for some)
fuzz-commands: $(STAMP)
	$(BIN)/python tests/fuzz/command_inputs.py

## dryrun / lint: what CI checks besides the tests (lint: ruff, mypy --strict on src/, snakefmt,
## snakemake --lint; their settings are in pyproject.toml)
dryrun: $(STAMP)
	$(BIN)/snakemake -n --cores 1 --quiet
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/snakefmt --check Snakefile workflow/
	$(BIN)/snakemake --lint

## report: Snakemake's own report (results/snakemake-report.html), after `make run`
report: $(STAMP)
	$(BIN)/snakemake --cores 1 --report results/snakemake-report.html

## corpus: regenerate the synthetic default corpus (data/, examples/update-2024/) from its seed
## with the development tool tools/synthetic (not part of the installed package)
corpus: $(STAMP)
	$(BIN)/python scripts/generate_corpus.py

clean:
	rm -rf results .snakemake

## bench-dedup: dedup accuracy on ../shared/fixtures/dedup and speed on 100,000 generated records,
## side by side with bib-dedupe (installed in its own .venv-bench-bibdedupe, never in .venv)
BIBDEDUPE_VENV := .venv-bench-bibdedupe
$(BIBDEDUPE_VENV)/.installed:
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(BIBDEDUPE_VENV)
	$(BIBDEDUPE_VENV)/bin/python -m pip install --quiet bib-dedupe==0.11.0
	@touch $@
bench-dedup: $(STAMP) $(BIBDEDUPE_VENV)/.installed
	$(BIN)/python benchmarks/bench_dedup.py labelled
	$(BIN)/python benchmarks/bench_dedup.py scale --records 100000 --bib-dedupe-records 80000

## bench-dedup-stress: export variation (journal abbreviations, missing fields, title notes,
## author forms, years, DOIs …, alone or as one database's record combines them) applied to one
## copy of every labelled duplicate group (`--target both`: two copies), each through
## `metasynth ingest` + `metasynth dedup`; deltas against the unvaried run
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[test,bench]"
	@touch $(BENCH_STAMP)
bench-dedup-stress: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_dedup.py stress

## bench-screen: screening prioritisation (recall@10%, WSS@95 over 5 seeds) on
## ../shared/fixtures/screening and ranking time for 5,000 records, side by side with ASReview LAB's
## default model (installed in its own .venv-bench-asreview, never in .venv)
ASREVIEW_VENV := .venv-bench-asreview
$(ASREVIEW_VENV)/.installed:
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(ASREVIEW_VENV)
	$(ASREVIEW_VENV)/bin/python -m pip install --quiet asreview==3.0.8
	@touch $@
bench-screen: $(STAMP) $(ASREVIEW_VENV)/.installed
	$(BIN)/python benchmarks/bench_screen.py --seeds 5

## bench-ingest: ingestion speed and peak memory on 100,000 generated WOS records (one file, and
## split into 40), side by side with wosfile (installed in its own .venv-bench-wosfile, never in .venv)
WOSFILE_VENV := .venv-bench-wosfile
$(WOSFILE_VENV)/.installed:
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
	$(PYTHON) -m venv $(WOSFILE_VENV)
	$(WOSFILE_VENV)/bin/python -m pip install --quiet wosfile==0.7.0 pandas==3.1.1 pyarrow==26.0.1
	@touch $@
bench-ingest: $(STAMP) $(WOSFILE_VENV)/.installed
	$(BIN)/python benchmarks/bench_ingest.py --records 100000 --files 1,40

## bench-generator: speed and peak memory of the synthetic generators in tools/synthetic (a
## 100,000-record export with 10% fuzzy duplicates, its split into WOS batches, the default corpus)
.PHONY: bench-generator
bench-generator: $(STAMP)
	$(BIN)/python benchmarks/bench_generator.py --records 100000

## bench-serve: the screening app (metasynth screen serve): next-record latency with 10,000 records
## waiting (HTTP and headless Chromium), and the WSS@95 of the order it serves against
## benchmarks/bench_screen.py's simulation on ../shared/fixtures/screening
.PHONY: bench-serve
bench-serve: $(STAMP)
	$(BIN)/python benchmarks/bench_serve.py latency --records 10000 --decisions 300 --browser 100
	$(BIN)/python benchmarks/bench_serve.py wss --seeds 5

## bench-decisions: reading, checking and settling 200,000 reviewer decision rows (issue 15's
## scale) through the rule that reads the decision files (screen_publications), in a review of
## 120,000 generated WOS records; results in benchmarks/out/decisions/results.{md,json}
.PHONY: bench-decisions
bench-decisions: $(STAMP)
	$(BIN)/python benchmarks/bench_decisions.py --rows 200000 --records 120000

## bench-scale: ingestion, deduplication and the workflow up to the screening queue at 100,000,
## 300,000 and 1,000,000 generated WOS records (~6 GB of exports under benchmarks/out/scale;
## about an hour on 2 cores); results in benchmarks/out/scale/results.{md,json}
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --records 100000,300000,1000000
