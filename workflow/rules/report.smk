# The report: one self-contained HTML file (results/report.html) a reviewer reads offline, and
# the manifest of output checksums (results/manifest.tsv), written last.
# Include last: the manifest lists the outputs of every other rule.

from metasynth.figures import report_captions, report_figures
from metasynth.manifest import rule_outputs
from metasynth.report.inputs import run_input_files
from metasynth.searches import MANIFEST_NAME


report: "../report/workflow.rst"


rule write_manifest:
    input:
        # A function, so it runs once every rule file has been read.
        lambda wildcards: rule_outputs(
            workflow.rules, exclude=("all", "write_manifest")
        ),
    output:
        manifest="results/manifest.tsv",
    log:
        "results/logs/write_manifest.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
    script:
        "../../scripts/write_manifest.py"


rule render_report:
    input:
        prisma=rules.count_prisma.output.counts,
        prisma_checks=rules.count_prisma.output.checks,
        # the exclusions' caption names the record states they are counted from
        status=rules.derive_record_states.output.status,
        included=rules.derive_record_states.output.included,
        studies=rules.number_studies.output.studies,
        reasons=rules.summarise_screening.output.reasons,
        exclusions=rules.summarise_screening.output.exclusions,
        status_counts=rules.summarise_screening.output.status_counts,
        kappa=rules.compute_agreement.output.kappa,
        resolutions=rules.derive_record_states.output.resolutions,
        screening_notices=rules.derive_record_states.output.notices,
        version_notices=rules.track_versions.output.notices,
        import_notices=rules.import_codes.output.notices,
        casp=rules.score_appraisal.output.casp,
        appraisals=rules.score_appraisal.output.appraisals,
        appraisal_outcomes=rules.score_appraisal.output.outcomes,
        framework=rules.aggregate_codes.output.framework,
        codings=rules.check_codes.output.codings,
        coders=rules.check_codes.output.coders,
        unmapped=rules.check_codes.output.unmapped,
        coding_todo=rules.check_codes.output.todo,
        entropy=rules.weigh_entropy.output.entropy,
        reliability=rules.assess_reliability.output.reliability,
        clustering=rules.check_clustering.output.clustering,
        concept_versions=rules.compare_versions.output.concepts,
        new_codes=rules.compare_versions.output.codes,
        searches=rules.track_versions.output.searches,
        version_runs=rules.track_versions.output.runs,
        progress=rules.summarise_progress.output.progress,
        soqf=rules.assess_confidence.output.soqf,
        evidence_profile=rules.assess_confidence.output.profile,
        missing_judgements=rules.assess_confidence.output.missing,
        codebook=config_input("synthesis", "codebook"),
        figures=report_figures(config["report"]["figure_format"], "results/figures"),
        captions=report_captions(workflow_file("workflow/report")),
        input_files=run_input_files("data", config_files()),
    output:
        report="results/report.html",
    log:
        "results/logs/render_report.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        # the report quotes the project, the reasons and schemes, the settings of each stage
        config=config,
        # the files its captions name besides its inputs (metasynth.report.inputs.FILES)
        files={
            "audit": str(rules.derive_record_states.output.audit),
            "prisma_template": str(rules.count_prisma.output.prisma),
            "manifest": str(rules.write_manifest.output.manifest),
            "config": ", ".join(config_files()),
            "statements": defining_file(config_files(), ["report", "statements"])
            or config_files()[0],
            "search_manifest": str(Path(config["ingest"]["raw_dir"]) / MANIFEST_NAME),
            "sensitivity": str(rules.assess_confidence.output.sensitivity),
        },
    script:
        "../../scripts/render_report.py"
