"""Fixtures for the report tests: every table the report reads, built by the stages' own
functions from the small synthesis of tests/figures/data.py, and the project's real config."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from figures.data import W1, W2, W3, W4, codebook, read_synthesis
from metasynth.appraise import AppraisalSettings, outcome_table
from metasynth.config import load_config
from metasynth.figures import style
from metasynth.report import FigureImage, ReportInputs
from metasynth.report.inputs import package_versions
from metasynth.screen.prisma import count_prisma
from metasynth.screen.prisma_checks import check_invariants
from metasynth.screen.prisma_table import to_frame
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.summary import exclusion_table, reason_table, status_counts, study_numbers
from metasynth.searches import runs_table
from metasynth.synthesise.checks import coder_table
from metasynth.synthesise.clustering import clustering_check
from metasynth.synthesise.update import concept_versions, new_codes

REPORT_FIGURE_NAMES = (
    "prisma",
    "corpus_years",
    "framework_hierarchy",
    "framework_entropy",
    "agreement_coding",
)

STATUS = pd.DataFrame(
    {
        "record_id": [
            W1,
            W2,
            W3,
            W4,
            "WOS:000000000000005",
            "WOS:000000000000006",
            "WOS:000000000000007",
        ],
        "status": [
            "included",
            "included",
            "included",
            "included",
            "excluded_title_abstract",
            "excluded_full_text",
            "excluded_automatic",
        ],
        "stage": ["appraisal"] * 4 + ["title_abstract", "full_text", "eligibility"],
        "reason": ["", "", "", "", "off_topic", "insufficient_detail", "year_range"],
    },
    dtype="string",
)

KAPPA = pd.DataFrame(
    {
        "stage": ["title_abstract"],
        "reviewer_a": ["R1"],
        "reviewer_b": ["R2"],
        "n_publications": ["6"],
        "n_agree": ["5"],
        "n_maybe": ["0"],
        "percent_agreement": ["83.3"],
        "kappa": ["0.667"],
        "pabak": ["0.667"],
        "landis_koch": ["substantial"],
    },
    dtype="string",
)

CASP = pd.DataFrame(
    [
        {
            "record_id": record_id,
            "scheme": "likert",
            "n_appraisers": "1",
            "appraisers": "R1",
            **{f"q{i}": str(score) for i in range(1, 11)},
            "total": str(score * 10 + extra),
            "max_total": "50",
            "band": band,
            "decision": "include",
            "reason": "",
        }
        for record_id, score, extra, band in (
            (W1, 4, 0, "very good"),
            (W2, 3, 5, "very good"),
            (W3, 3, 1, "very good"),
            (W4, 4, 4, "excellent"),
        )
    ],
    dtype="string",
)


FILES = {
    "prisma": "results/screening/prisma_counts.csv",
    "prisma_template": "results/screening/prisma.csv",
    "prisma_checks": "results/screening/prisma_checks.csv",
    "kappa": "results/screening/kappa.csv",
    "included": "results/screening/included.csv",
    "studies": "results/screening/studies.csv",
    "reasons": "results/screening/reasons.csv",
    "exclusions": "results/screening/exclusions.csv",
    "status_counts": "results/screening/status_counts.csv",
    "casp": "results/appraisal/casp.csv",
    "appraisal_outcomes": "results/appraisal/outcomes.csv",
    "framework": "results/synthesis/framework.csv",
    "codings": "results/synthesis/codings.csv",
    "coders": "results/synthesis/coders.csv",
    "unmapped": "results/synthesis/unmapped_codes.csv",
    "coding_todo": "results/synthesis/coding_todo.csv",
    "entropy": "results/synthesis/entropy.csv",
    "reliability": "results/synthesis/reliability.csv",
    "clustering": "results/synthesis/clustering_check.csv",
    "concept_versions": "results/synthesis/concept_versions.csv",
    "new_codes": "results/synthesis/new_codes.csv",
    "searches": "results/versions/searches.csv",
    "version_runs": "results/versions/runs.csv",
    "version_notices": "results/versions/notices.csv",
    "screening_notices": "results/screening/notices.csv",
    "import_notices": "results/synthesis/import_notices.csv",
    "progress": "results/progress.csv",
    "soqf": "results/confidence/soqf.csv",
    "evidence_profile": "results/confidence/evidence_profile.csv",
    "missing_judgements": "results/confidence/missing_judgements.csv",
    "sensitivity": "results/confidence/sensitivity.csv",
    "status": "results/screening/status.csv",
    "audit": "results/screening/audit.csv",
    "manifest": "results/manifest.tsv",
    "config": "config/config.yaml",
    "statements": "config/config.yaml",
    "search_manifest": "data/raw/searches.yaml",
    "figures": "results/figures",
}
"""The paths the workflow gives the report (captions show them)."""


def tiny_svg(name: str) -> bytes:
    """A small real figure as SVG, standing in for a figure of the run."""
    with style.style_context():
        figure = Figure(figsize=style.figure_size("single", height_mm=20))
        figure.text(0.5, 0.5, name, ha="center")
    buffer = __import__("io").BytesIO()
    figure.savefig(buffer, format="svg", metadata=style.METADATA["svg"])
    return buffer.getvalue()


@pytest.fixture(scope="session")
def report_inputs(root: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    """Everything the report shows, for the synthesis of tests/figures/data.py."""
    tables = read_synthesis(tmp_path_factory.mktemp("report-synthesis"))
    config = load_config(root / "config" / "config.yaml")
    entries = STATUS[["record_id"]].assign(database="WOS", search_run="wos_primary")
    counts = count_prisma(
        entries,
        STATUS,
        full_text_labels={"insufficient_detail": "Insufficient description"},
        automatic_labels={"year_range": "Published outside 2000-2023"},
    )
    clustering = clustering_check(tables["codings"], codebook())
    appraisal = AppraisalSettings.from_config(config["appraisal"])
    reasons = reason_table(
        ScreeningSettings.from_config(config["screening"]),
        appraisal_code=appraisal.exclusion_code,
        appraisal_label=appraisal.exclusion_label,
    )
    studies = study_numbers(tables["included"])
    return ReportInputs(
        config=config,
        prisma=to_frame(counts),
        prisma_checks=check_invariants(counts, entries, STATUS),
        kappa=KAPPA,
        included=tables["included"],
        studies=studies,
        reasons=reasons,
        exclusions=exclusion_table(STATUS, reasons, appraisal_label=appraisal.exclusion_label),
        status_counts=status_counts(STATUS, pd.DataFrame()),
        casp=CASP,
        appraisal_outcomes=outcome_table(CASP),
        framework=tables["framework"],
        codings=tables["codings"],
        coders=coder_table(tables["codings"]),
        unmapped=tables["unmapped"],
        coding_todo=pd.DataFrame(
            {"record_id": [W4], "reason": ["no codes"], "n_codings": ["0"], "n_unmapped": ["0"]}
        ),
        entropy=tables["entropy"],
        reliability=tables["reliability"],
        clustering=clustering.astype("string").fillna(""),
        concept_versions=concept_versions(tables["framework"], studies),
        new_codes=new_codes(tables["codings"], studies),
        searches=runs_table([]),
        version_runs=pd.DataFrame(),
        progress=pd.DataFrame(),
        # no findings.yaml: the confidence part says "not yet" (tests/confidence shows one)
        soqf=pd.DataFrame(),
        evidence_profile=pd.DataFrame(),
        missing_judgements=pd.DataFrame(),
        codebook=codebook(),
        figures={
            name: FigureImage(name, tiny_svg(name), "image/svg+xml", f"Caption of {name}.")
            for name in REPORT_FIGURE_NAMES
        },
        input_files=pd.DataFrame(
            {"path": ["config/config.yaml"], "bytes": [10], "sha256": ["0" * 64]}
        ),
        versions=package_versions(),
        run_date="2024-05-06T07:08:09Z",
        files=FILES,
    )
