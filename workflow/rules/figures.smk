# Figures: the corpus at a glance, the framework as pictures, entropy weights and agreement.
# One rule per figure group, each run as soon as its inputs exist. Every figure is written as
# PNG (shown by `snakemake --report` with its caption from workflow/report/), SVG and PDF, with
# the numbers it shows as CSV (metasynth.figures.figure_outputs). The PRISMA diagram is drawn by
# draw_prisma (screen.smk). Include after synthesise.smk (it names the synthesis rules' outputs).

from metasynth.figures import figure_outputs


rule draw_corpus_figures:
    input:
        publications=rules.match_duplicates.output.publications,
        status=rules.derive_record_states.output.status,
    output:
        **figure_outputs("corpus", report, directory="results/figures"),
    log:
        "results/logs/draw_corpus_figures.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        figures=settings("figures", "corpus"),
    script:
        "../../scripts/draw_corpus_figures.py"


rule draw_framework_figures:
    input:
        framework=rules.aggregate_codes.output.framework,
        matrix=rules.aggregate_codes.output.matrix,
        codings=rules.check_codes.output.codings,
        studies=rules.number_studies.output.studies,
    output:
        **figure_outputs("framework", report, directory="results/figures"),
    log:
        "results/logs/draw_framework_figures.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        figures=settings("figures", "framework"),
    script:
        "../../scripts/draw_framework_figures.py"


rule draw_entropy_figure:
    input:
        entropy=rules.weigh_entropy.output.entropy,
        framework=rules.aggregate_codes.output.framework,
        studies=rules.number_studies.output.studies,
    output:
        **figure_outputs("entropy", report, directory="results/figures"),
    log:
        "results/logs/draw_entropy_figure.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/draw_entropy_figure.py"


rule draw_agreement_figures:
    input:
        kappa=rules.compute_agreement.output.kappa,
        reliability=rules.assess_reliability.output.reliability,
        framework=rules.aggregate_codes.output.framework,
    output:
        **figure_outputs("agreement", report, directory="results/figures"),
    log:
        "results/logs/draw_agreement_figures.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # one screener per publication, or one coder: agreement is not part of the review
        screening=settings("screening", "reviewers_per_stage"),
        synthesis=settings("synthesis", "coders"),
    script:
        "../../scripts/draw_agreement_figures.py"
