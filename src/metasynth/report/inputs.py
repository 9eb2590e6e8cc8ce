"""Everything the report shows, gathered in one object: tables, figures, captions, provenance.

`ReportInputs` holds DataFrames in the layouts of docs/data-contracts.md, the validated config,
the figures as PNG (or SVG) bytes with their captions, and the provenance of the run (input file
checksums, package versions, run date). `load_report_inputs` reads them from the paths a rule (or
a test) passes; `render_report` (metasynth.report) turns them into one HTML page.

The run date is the one field allowed to differ between two runs of the same inputs. It is the
time of the run in UTC, or the time given by the `SOURCE_DATE_EPOCH` environment variable (the
reproducible-builds convention), which makes the whole report byte-identical.
"""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth import DISTRIBUTION
from metasynth.config import validate_config
from metasynth.manifest import file_checksums
from metasynth.synthesise.codebook import Codebook, load_codebook
from metasynth.tables import read_table

PACKAGES: tuple[str, ...] = (
    "metasynth",
    "snakemake",
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "scikit-learn",
    "scipy",
    "rapidfuzz",
    "bibtexparser",
    "jsonschema",
    "pyyaml",
    "defusedxml",
    "xmlschema",
)
"""Packages whose versions the reproducibility block lists (Python itself comes first)."""


SCREEN_SCALE = 1.4
"""Figures are drawn at print size (7-pt type at 85-174 mm); on screen they show 1.4 × larger,
so the smallest type reads like 10-pt text (never wider than the page, see the stylesheet)."""


@dataclass(frozen=True)
class FigureImage:
    """One figure as embedded in the report."""

    name: str
    data: bytes
    mime: str  # "image/png" or "image/svg+xml"
    caption: str

    @property
    def display_width(self) -> int | None:
        """Width in CSS pixels to show the figure at (None when the file does not say)."""
        if self.mime == "image/svg+xml":
            match = re.search(rb'<svg[^>]*\swidth="([0-9.]+)pt"', self.data[:2000])
            return round(float(match.group(1)) * 96 / 72 * SCREEN_SCALE) if match else None
        if self.data[:8] == b"\x89PNG\r\n\x1a\n" and len(self.data) >= 24:
            from metasynth.figures import style  # matplotlib: not for the Snakefile's imports

            pixels = int.from_bytes(self.data[16:20], "big")
            dpi = float(style.RC["savefig.dpi"])
            return round(pixels / dpi * 96 * SCREEN_SCALE)
        return None


@dataclass
class ReportInputs:
    """What the report shows. Tables follow docs/data-contracts.md, each written by the stage that
    owns the fact; an optional table that is missing is an empty DataFrame (the report then says
    what is missing)."""

    config: dict[str, Any]
    # screening (results/screening/, metasynth.screen): PRISMA counts and checks, agreement, the
    # included studies and their numbers S1…Sn, the reasons with their labels, the exclusions per
    # stage and reason, the publications per status
    prisma: pd.DataFrame
    prisma_checks: pd.DataFrame
    kappa: pd.DataFrame
    included: pd.DataFrame
    studies: pd.DataFrame
    reasons: pd.DataFrame
    exclusions: pd.DataFrame
    status_counts: pd.DataFrame
    # appraisal (results/appraisal/): scores per study, publications per band and decision
    casp: pd.DataFrame
    appraisal_outcomes: pd.DataFrame
    # synthesis (results/synthesis/, metasynth.synthesise)
    framework: pd.DataFrame
    codings: pd.DataFrame
    coders: pd.DataFrame
    unmapped: pd.DataFrame
    coding_todo: pd.DataFrame
    entropy: pd.DataFrame
    reliability: pd.DataFrame
    clustering: pd.DataFrame
    concept_versions: pd.DataFrame
    new_codes: pd.DataFrame
    # review versions (results/versions/, metasynth.versions): the search runs as declared, and
    # what each run found
    searches: pd.DataFrame
    version_runs: pd.DataFrame
    # where the review stands, step by step (results/progress.csv, metasynth.progress)
    progress: pd.DataFrame
    # confidence in the findings (results/confidence/, metasynth.confidence): the GRADE-CERQual
    # Summary of Qualitative Findings, Evidence Profile and the judgements still missing
    soqf: pd.DataFrame
    evidence_profile: pd.DataFrame
    missing_judgements: pd.DataFrame
    codebook: Codebook | None = None
    # screening (results/screening/): every stage the screeners left in conflict or a resolver
    # decided; what the checks of the decision files noticed
    resolutions: pd.DataFrame = field(default_factory=pd.DataFrame)
    screening_notices: pd.DataFrame = field(default_factory=pd.DataFrame)
    # review versions (results/versions/): what an update's exports say of known records
    version_notices: pd.DataFrame = field(default_factory=pd.DataFrame)
    # synthesis (results/synthesis/): what reading the coding sources noticed (parts of a QDA
    # project not read, XSD violations, missing source texts)
    import_notices: pd.DataFrame = field(default_factory=pd.DataFrame)
    # appraisal (results/appraisal/appraisals.csv): every appraisal row as read, one per study,
    # appraiser and (MMAT) category, for checklists whose answers are listed rather than scored
    appraisals: pd.DataFrame = field(default_factory=pd.DataFrame)
    figures: dict[str, FigureImage] = field(default_factory=dict)
    input_files: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["path", "bytes", "sha256"])
    )
    versions: list[tuple[str, str]] = field(default_factory=list)
    run_date: str = ""
    # The files the captions name, as the rule names them: every table by its name, and
    # the others of `FILES`.
    files: dict[str, str] = field(default_factory=dict)


REQUIRED_TABLES: tuple[str, ...] = (
    "prisma",
    "included",
    "studies",
    "reasons",
    "exclusions",
    "status_counts",
    "framework",
    "codings",
    "coders",
    "concept_versions",
    "new_codes",
    "searches",
)
OPTIONAL_TABLES: tuple[str, ...] = (
    "prisma_checks",
    "kappa",
    "casp",
    "appraisal_outcomes",
    "unmapped",
    "coding_todo",
    "entropy",
    "reliability",
    "clustering",
    "version_runs",
    "progress",
    "soqf",
    "evidence_profile",
    "missing_judgements",
    "resolutions",
    "screening_notices",
    "version_notices",
    "import_notices",
    "appraisals",
)
TABLES: tuple[str, ...] = REQUIRED_TABLES + OPTIONAL_TABLES
"""Every table of `ReportInputs`, by field name: the render_report rule's named inputs."""

FILES: dict[str, str] = {
    "status": "the record states the exclusions are counted from",
    "audit": "the audit trail of the screening decisions",
    "prisma_template": "the PRISMA counts in the PRISMA2020 R package's template",
    "manifest": "the output manifest (written after the report)",
    "config": "the config file(s) of the run",
    "statements": "the config file to write report.statements in",
    "search_manifest": "the search manifest (its path even when there is none)",
    "figures": "the folder of the figures and their CSV files",
    "sensitivity": "every sensitivity scenario of every review finding",
}
"""The other files the report names, besides its tables, and what each is."""


def run_input_files(data_dir: str | Path, config_files: Iterable[str | Path]) -> list[str]:
    """Every file under `data_dir` and the config files, sorted: the inputs whose checksums the
    report lists (the render_report rule depends on all of them)."""
    files = {Path(p).as_posix() for p in Path(data_dir).rglob("*") if p.is_file()}
    return sorted(files | {Path(p).as_posix() for p in config_files})


def run_date() -> str:
    """The run date (ISO 8601, UTC, seconds): SOURCE_DATE_EPOCH when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def package_versions(packages: Iterable[str] = PACKAGES) -> list[tuple[str, str]]:
    """(name, version) for Python, the platform and each installed package ("not installed");
    metasynth under its import name, looked up as its distribution."""
    versions = [
        ("python", platform.python_version()),
        ("platform", f"{platform.system()} {platform.machine()}"),
    ]
    for name in packages:
        try:
            distribution = DISTRIBUTION if name == "metasynth" else name
            versions.append((name, metadata.version(distribution)))
        except metadata.PackageNotFoundError:
            versions.append((name, "not installed"))
    return versions


_RST_ROLES = re.compile(r":[a-z]+:`([^`]*)`")


def caption_text(rst: str) -> str:
    """A figure caption from its reStructuredText file as plain text (paragraphs kept, inline
    literals and roles unwrapped)."""
    text = _RST_ROLES.sub(r"\1", rst)
    text = text.replace("``", "").replace("**", "")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs)


def load_figures(
    images: Mapping[str, str | Path], captions: Mapping[str, str | Path]
) -> dict[str, FigureImage]:
    """Figure name → image bytes and caption, from image paths and caption (.rst) paths."""
    figures = {}
    for name, path in sorted(images.items()):
        path = Path(path)
        mime = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
        caption_path = captions.get(name)
        caption = (
            caption_text(Path(caption_path).read_text(encoding="utf-8")) if caption_path else ""
        )
        figures[name] = FigureImage(name, path.read_bytes(), mime, caption)
    return figures


def _optional(path: str | Path | None) -> pd.DataFrame:
    return read_table(path) if path else pd.DataFrame()


def load_report_inputs(
    tables: Mapping[str, str | Path],
    *,
    config: Mapping[str, Any],
    images: Mapping[str, str | Path],
    captions: Mapping[str, str | Path],
    input_files: Iterable[str | Path] = (),
    codebook: str | Path | None = None,
    files: Mapping[str, str | Path] | None = None,
) -> ReportInputs:
    """Read every table and figure the report needs (paths by table name: `TABLES`); `files`
    names the other files the captions cite (`FILES`)."""
    read = {name: read_table(tables[name]) for name in REQUIRED_TABLES}
    read |= {name: _optional(tables.get(name)) for name in OPTIONAL_TABLES}
    return ReportInputs(
        config=validate_config(dict(config)),
        **read,
        codebook=load_codebook(codebook) if codebook else None,
        figures=load_figures(images, captions),
        input_files=file_checksums(input_files),
        versions=package_versions(),
        run_date=run_date(),
        files={name: Path(path).as_posix() for name, path in {**tables, **(files or {})}.items()},
    )
