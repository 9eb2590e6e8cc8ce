# Quality appraisal: the CASP checklists under data/appraisal → scores, bands, include decisions.
# Included before screen.smk, whose record states read these outputs.

from metasynth.screen.decisions import hand_edited_files


rule score_appraisal:
    input:
        appraisals=hand_edited_files(config["appraisal"]["appraisal_dir"]),
        clusters=rules.match_duplicates.output.clusters,
    output:
        appraisals="results/appraisal/appraisals.csv",
        casp="results/appraisal/casp.csv",
    log:
        "results/logs/score_appraisal.log",
    conda:
        "../../environment.yml"
    params:
        appraisal=settings("appraisal"),
        # appraisers are reviewers
        screening=settings("screening", "reviewers"),
    script:
        "../../scripts/score_appraisal.py"
