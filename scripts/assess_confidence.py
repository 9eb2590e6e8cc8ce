"""GRADE-CERQual: the Evidence Profile and Summary of Qualitative Findings of every finding.

Inputs: data/coded/findings.yaml and data/coded/cerqual.yaml (when they exist), the codebook,
codings.csv, studies.csv, the appraisal summary (casp.csv) and every appraisal row as read
(appraisals.csv, with the checklist of the config), the publications (countries) and
the review version that first found each (results/versions/publications.csv).
Writes results/confidence/: evidence_profile and soqf as CSV, Markdown, LaTeX and .docx;
contributions.csv, sensitivity.csv and missing_judgements.csv (metasynth.confidence).
"""

import logging

import pandas as pd

from metasynth.appraise import AppraisalSettings
from metasynth.confidence import ConfidenceSettings, assess_confidence
from metasynth.confidence.findings import load_findings
from metasynth.confidence.judgements import load_judgements
from metasynth.confidence.render import (
    Heading,
    profile_docx,
    profile_latex,
    profile_markdown,
    soqf_docx,
    soqf_latex,
    soqf_markdown,
)
from metasynth.files import write_bytes, write_text
from metasynth.synthesise import load_codebook
from metasynth.tables import read_table, write_table
from metasynth.versions import first_version_of_publications
from metasynth.workflow import run_rule

log = logging.getLogger("metasynth.confidence")


def main(smk):
    settings = ConfidenceSettings.from_config(smk.params.confidence)
    findings = load_findings(settings.findings, load_codebook(smk.input.codebook))
    judgements = load_judgements(settings.judgements, findings)
    if not findings:
        log.warning("no findings yet: write %s (see docs/cerqual.md)", settings.findings)
    tables = assess_confidence(
        findings,
        judgements,
        codings=read_table(smk.input.codings),
        studies=read_table(smk.input.studies),
        appraisal=read_table(smk.input.appraisal),
        publications=pd.read_parquet(smk.input.publications, columns=["record_id", "countries"]),
        settings=settings,
        versions=first_version_of_publications(read_table(smk.input.versions)),
        appraisals=read_table(smk.input.appraisals),
        checklist=AppraisalSettings.from_config(smk.params.appraisal).checklist,
    )
    log.info("%d finding(s), %d judgement(s) still missing", len(findings), len(tables.missing))
    heading = Heading(
        smk.params.project.get("title", ""),
        " ".join(str(smk.params.project.get("review_question", "")).split()),
        ", ".join(judgements.assessed_by),
    )
    out = smk.output
    write_table(tables.profile, out.profile)
    write_table(tables.soqf, out.soqf)
    write_table(tables.contributions, out.contributions)
    write_table(tables.sensitivity, out.sensitivity)
    write_table(tables.missing, out.missing)
    write_text(profile_markdown(tables.profile, heading), out.profile_md)
    write_text(soqf_markdown(tables.soqf, heading), out.soqf_md)
    write_text(profile_latex(tables.profile, heading), out.profile_tex)
    write_text(soqf_latex(tables.soqf, heading), out.soqf_tex)
    write_bytes(profile_docx(tables.profile, heading), out.profile_docx)
    write_bytes(soqf_docx(tables.soqf, heading), out.soqf_docx)


run_rule(snakemake, main)
