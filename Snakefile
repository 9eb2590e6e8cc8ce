# metasynth: a reproducible systematic review ending in a qualitative meta-synthesis.
#
#   data/raw ─► ingest ─► dedup ─► screening ─► appraisal ─► synthesis ─► figures ─► report
#
# `snakemake --cores 2` (or `make run`) builds everything under results/. Configuration lives in
# config/config.yaml and is validated against workflow/schemas/config.schema.yaml at start-up.
# The logic is in the `metasynth` package (src/metasynth); rule scripts in scripts/ are thin.

import os
import sys
from pathlib import Path

from snakemake.utils import min_version, validate

# The package's source sits beside this file. Put it first on the path of this process and of
# every job, so that the rules run the package of this checkout even where it is not installed
# (in the conda environment that `--use-conda` builds from environment.yml).
SRC = str(Path(str(workflow.current_basedir)) / "src")
sys.path.insert(0, SRC)
os.environ.update(
    PYTHONPATH=os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))
)


min_version("9.0")


# Snakemake's own reader of a damaged config names neither the file nor the line; ours does.
from metasynth.config import exit_on_bad_config_file
from metasynth.errors import InputError

exit_on_bad_config_file("config/config.yaml")


configfile: "config/config.yaml"


# Snakemake's YAML reader keeps the last of two equal keys; ours names the file and line instead.
# Our validation names the key and what to do (an empty REQUIRED value of a new project's config),
# printed as that message alone: an exception here would add Snakemake's traceback lines.
# Snakemake's validation below quotes the schema, and fills in its defaults.
# An invalid value is named at the file and line that set it (a --configfile, or config.yaml).
from metasynth.config import config_precedence, validate_config
from metasynth.validation import load_yaml

try:
    for path in workflow.configfiles:
        load_yaml(path)
    validate_config(
        config,
        file=" + ".join(str(path) for path in workflow.configfiles),
        files=config_precedence(workflow.configfiles, workflow.overwrite_configfiles),
    )
except InputError as error:
    sys.exit(f"Error in the config: {error}")


validate(config, schema="workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/dedup.smk"
include: "workflow/rules/versions.smk"
include: "workflow/rules/screen.smk"
include: "workflow/rules/appraise.smk"  # after screen.smk: it appraises what screening included
include: "workflow/rules/records.smk"  # the record states after screening and appraisal, PRISMA
include: "workflow/rules/synthesise.smk"
include: "workflow/rules/confidence.smk"  # after synthesise.smk: it reads the codings
include: "workflow/rules/todo.smk"  # after synthesise.smk: it lists the coding to-do too
include: "workflow/rules/spreadsheets.smk"  # after todo.smk: Excel copies of the to-do lists
include: "workflow/rules/progress.smk"  # after synthesise.smk: it reads the coding tables
include: "workflow/rules/figures.smk"
include: "workflow/rules/report.smk"  # last: its manifest lists every other rule's outputs


rule all:
    default_target: True
    input:
        rules.ingest_exports.output,
        rules.match_duplicates.output,
        rules.track_versions.output,
        rules.screen_publications.output,
        rules.score_appraisal.output,
        rules.derive_record_states.output,
        rules.compute_agreement.output,
        rules.count_prisma.output,
        rules.summarise_screening.output,
        rules.number_studies.output,
        rules.draw_prisma.output,
        rules.rank_queue.output,
        rules.aggregate_codes.output,
        rules.compare_versions.output,
        rules.weigh_entropy.output,
        rules.assess_reliability.output,
        rules.check_clustering.output,
        rules.assess_confidence.output,
        rules.list_todo.output,
        rules.write_spreadsheets.output,
        rules.summarise_progress.output,
        rules.render_report.output,
        rules.write_manifest.output,


# A failed run ends on Snakemake's traceback of the job; the error that names the file, the line
# and what to do is in the rule's log, and twenty lines higher. Say it again, last.
onerror:
    # imported here, on error only: metasynth.status imports most of the package
    from metasynth.status import say_what_failed

    say_what_failed(workflow)
