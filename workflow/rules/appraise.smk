# Quality appraisal: the CASP checklists under data/appraisal → scores, bands, include decisions.
# Included before screen.smk, whose record states read these outputs.

from pathlib import Path


def hand_edited_csv(folder):
    """The hand-edited tables of a folder (*.csv, sorted), so a new file re-runs its rule."""
    return sorted(str(p) for p in Path(folder).glob("*.csv"))


rule score_appraisal:
    input:
        appraisals=hand_edited_csv(config["appraisal"]["appraisal_dir"]),
        clusters=rules.match_duplicates.output.clusters,
    output:
        appraisals="results/appraisal/appraisals.csv",
        casp="results/appraisal/casp.csv",
    log:
        "results/logs/score_appraisal.log",
    script:
        "../../scripts/score_appraisal.py"
