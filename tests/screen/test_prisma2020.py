"""The PRISMA2020 data file: the R package's template, row for row, with our counts in `n`.

The template is ../shared/fixtures/prisma/PRISMA2020_template_PRISMA.csv (the package's own
inst/extdata/PRISMA.csv). When R (with the `scales` package) and a copy of the package's source
are on this machine, the package's own `PRISMA_data()` reads the file written here; the copy is
found through $PRISMA2020_SOURCE (a checkout, or a git directory read with `git show`) or a local
mirror at /work/.mirror, and the test skips with the reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from test_prisma import _world  # the same small review (tests/screen is on sys.path)

from metasynth.screen.prisma import count_prisma
from metasynth.screen.prisma2020 import safe_label, to_prisma2020
from metasynth.screen.prisma_table import to_frame
from metasynth.tables import write_table

LABELS = {
    "off_topic": "Not about mentoring, coaching or tutoring",
    "no_framework_content": "No framework; only outcomes",
}
R_FILES = ("R/PRISMA_data.R", "R/PRISMA_default_or_csv.R", "R/PRISMA_format.R")
MIRROR = Path("/work/.mirror/prisma-flowdiagram+PRISMA2020/repo")


def _prisma2020() -> pd.DataFrame:
    """The 25 publications of test_prisma (3 exported twice) through every box."""
    entries, status = _world()
    counts = count_prisma(entries, status, full_text_labels=LABELS, appraisal_label="Low quality")
    return to_prisma2020(to_frame(counts))


def _template(shared: Path) -> pd.DataFrame:
    path = shared / "prisma" / "PRISMA2020_template_PRISMA.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_every_template_row_and_column_is_there_unchanged_but_n(shared: Path) -> None:
    template = _template(shared)
    frame = _prisma2020()
    assert list(frame.columns) == list(template.columns)
    fixed = [c for c in template.columns if c != "n"]
    assert frame[fixed].to_dict("records") == template[fixed].to_dict("records")


def test_the_counts_fill_n_and_metasynth_rows_stay_out() -> None:
    values = dict(zip(_prisma2020()["data"], _prisma2020()["n"], strict=True))
    assert (values["database_results"], values["duplicates"], values["records_screened"]) == (
        "28",
        "3",
        "21",
    )
    assert values["new_studies"] == "5" and values["total_studies_ma"] == "0"
    assert not [key for key in values if key.startswith("metasynth")]


def test_commas_and_semicolons_in_reason_labels_become_slashes() -> None:
    values = dict(zip(_prisma2020()["data"], _prisma2020()["n"], strict=True))
    assert values["dbr_excluded"] == (
        "Not about mentoring / coaching or tutoring, 2; No framework / only outcomes, 1; "
        "Low quality, 1"
    )
    assert safe_label("Editorial,letter ; note") == "Editorial / letter / note"


def test_unused_rows_keep_the_template_placeholder_or_zero() -> None:
    values = dict(zip(_prisma2020()["data"], _prisma2020()["n"], strict=True))
    assert values["register_specific_results"] == (
        "Register 1, xxx; Register 2, xxx; Register 3, xxx"
    )
    assert (values["other_excluded"], values["register_results"]) == ("0", "0")


def _package_sources(folder: Path) -> Path | None:
    """The package's R files copied into `folder`, or None when no copy is on this machine."""
    given = os.environ.get("PRISMA2020_SOURCE")
    source = Path(given) if given else MIRROR
    if (source / "R" / "PRISMA_data.R").is_file():
        for name in R_FILES:
            shutil.copy(source / name, folder / Path(name).name)
        return folder
    if source.is_dir() and shutil.which("git"):
        for name in R_FILES:
            shown = subprocess.run(
                ["git", "-C", str(source), "show", f"HEAD:{name}"],
                capture_output=True,
                check=False,
            )
            if shown.returncode != 0:
                return None
            (folder / Path(name).name).write_bytes(shown.stdout)
        return folder
    return None


R_CHECK = """
for (f in c("PRISMA_data.R", "PRISMA_default_or_csv.R", "PRISMA_format.R")) source(f)
warned <- character(0)
x <- withCallingHandlers(
  PRISMA_data(read.csv("prisma.csv")),
  warning = function(w) {
    warned <<- c(warned, conditionMessage(w))
    invokeRestart("muffleWarning")
  }
)
cat("warnings:", length(warned), "\\n")
for (key in c("database_results", "duplicates", "records_screened", "new_studies")) {
  cat(key, ":", x[[key]], "\\n", sep = "")
}
for (i in seq_len(nrow(x$dbr_excluded))) {
  cat("reason:", x$dbr_excluded$reason[i], "|", x$dbr_excluded$n[i], "\\n", sep = "")
}
"""


def _package_or_skip(folder: Path) -> None:
    """The package's R files copied into `folder`, or the test skipped saying what is missing."""
    if not shutil.which("Rscript"):
        pytest.skip("R is not installed (apt-get install r-base-core r-cran-scales)")
    has_scales = subprocess.run(
        ["Rscript", "-e", "quit(status = !requireNamespace('scales', quietly = TRUE))"],
        capture_output=True,
        check=False,
    )
    if has_scales.returncode != 0:
        pytest.skip("the R package scales is not installed (apt-get install r-cran-scales)")
    if _package_sources(folder) is None:
        pytest.skip("no copy of the PRISMA2020 package's source: set PRISMA2020_SOURCE")


def _prisma_data(folder: Path) -> list[str]:
    """What R_CHECK prints after PRISMA_data() read `folder`/prisma.csv."""
    (folder / "check.R").write_text(R_CHECK, encoding="utf-8")
    run = subprocess.run(
        ["Rscript", "check.R"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_the_prisma2020_package_reads_the_file_as_is(tmp_path: Path) -> None:
    """PRISMA2020's own PRISMA_data() on our file: no warning, every count, reasons whole."""
    _package_or_skip(tmp_path)
    write_table(_prisma2020(), tmp_path / "prisma.csv")
    assert _prisma_data(tmp_path) == [
        "warnings: 0 ",
        "database_results:28",
        "duplicates:3",
        "records_screened:21",
        "new_studies:5",
        "reason:Not about mentoring / coaching or tutoring|2",
        "reason:No framework / only outcomes|1",
        "reason:Low quality|1",
    ]


@pytest.mark.slow
def test_the_prisma2020_package_reads_the_default_runs_file(
    finished_run: Path, tmp_path: Path
) -> None:
    """PRISMA2020's own PRISMA_data() on results/screening/prisma.csv of the default workflow."""
    _package_or_skip(tmp_path)
    shutil.copy(finished_run / "results" / "screening" / "prisma.csv", tmp_path / "prisma.csv")
    assert _prisma_data(tmp_path) == [
        "warnings: 0 ",
        "database_results:1,435",
        "duplicates:237",
        "records_screened:1,034",
        "new_studies:80",
        "reason:Not about electronic mentoring|16",
        "reason:No findings on dimensions / processes or requirements|30",
        "reason:Insufficient description of the programme or method|12",
        "reason:Report of a study already included|8",
        "reason:Low quality (CASP total below 30 of 50)|22",
    ]


R_CHECK_OTHER = """
for (f in c("PRISMA_data.R", "PRISMA_default_or_csv.R", "PRISMA_format.R")) source(f)
x <- PRISMA_data(read.csv("prisma.csv"))
for (key in c("database_results", "register_results", "website_results",
              "organisation_results", "citations_results", "other_sought_reports",
              "other_notretrieved_reports", "other_assessed", "new_studies")) {
  cat(key, ":", x[[key]], "\\n", sep = "")
}
for (i in seq_len(nrow(x$register_specific_results))) {
  cat("register:", x$register_specific_results$reason[i], "|",
      x$register_specific_results$n[i], "\\n", sep = "")
}
for (i in seq_len(nrow(x$other_excluded))) {
  cat("other reason:", x$other_excluded$reason[i], "|", x$other_excluded$n[i], "\\n", sep = "")
}
"""


def test_the_prisma2020_package_reads_both_columns(tmp_path: Path) -> None:
    """A review with a register and citation searching: PRISMA_data() reads the right-hand
    column's boxes (what its PRISMA_flowdiagram(other = TRUE) draws) and the register's."""
    from test_prisma_other_methods import _counts

    _package_or_skip(tmp_path)
    write_table(to_prisma2020(to_frame(_counts())), tmp_path / "prisma.csv")
    (tmp_path / "check.R").write_text(R_CHECK_OTHER, encoding="utf-8")
    run = subprocess.run(
        ["Rscript", "check.R"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr
    assert run.stdout.splitlines() == [
        "database_results:28",
        "register_results:2",
        "website_results:1",
        "organisation_results:0",
        "citations_results:5",
        "other_sought_reports:4",
        "other_notretrieved_reports:1",
        "other_assessed:2",
        "new_studies:6",
        "register:ClinicalTrials.gov|2",
        "other reason:Not about electronic mentoring|1",
    ]
