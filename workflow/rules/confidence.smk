# Confidence in the findings (GRADE-CERQual): the review findings of data/coded/findings.yaml and
# the reviewers' judgements of data/coded/cerqual.yaml, beside what the codings, study numbers,
# appraisal and publications give → Evidence Profile and Summary of Qualitative Findings (CSV,
# Markdown, LaTeX, Word), contributions, sensitivity checks and missing judgements.
# Include after synthesise.smk and appraise.smk (it names their rules' outputs).


rule assess_confidence:
    input:
        unpack(lambda wildcards: confidence_files()),
        codebook=config_input("synthesis", "codebook"),
        codings=rules.check_codes.output.codings,
        studies=rules.number_studies.output.studies,
        appraisal=rules.score_appraisal.output.casp,
        appraisals=rules.score_appraisal.output.appraisals,
        publications=rules.match_duplicates.output.publications,
        versions=rules.track_versions.output.publications,
    output:
        profile="results/confidence/evidence_profile.csv",
        profile_md="results/confidence/evidence_profile.md",
        profile_tex="results/confidence/evidence_profile.tex",
        profile_docx="results/confidence/evidence_profile.docx",
        soqf="results/confidence/soqf.csv",
        soqf_md="results/confidence/soqf.md",
        soqf_tex="results/confidence/soqf.tex",
        soqf_docx="results/confidence/soqf.docx",
        contributions="results/confidence/contributions.csv",
        sensitivity="results/confidence/sensitivity.csv",
        missing="results/confidence/missing_judgements.csv",
    log:
        "results/logs/assess_confidence.log",
    conda:
        "../../environment.yml"
    params:
        metasynth=METASYNTH,
        confidence=settings("confidence"),
        # the checklist, whose criteria the methodological limitations name (JBI, MMAT)
        appraisal=settings("appraisal", "checklist", "decide_by", "scheme", "schemes"),
        # the documents name the review and its question
        project=settings("project", "title", "review_question"),
    script:
        "../../scripts/assess_confidence.py"
