"""`metasynth screen import-rayyan` on Rayyan's BibTeX export, the user's way.

Rayyan exports a review as CSV, RIS or BibTeX; in BibTeX its decisions are at the end of each
entry's `note` (`… | RAYYAN-INCLUSION: {"Alison"=>"Included", "Felipe"=>"Excluded"} |
RAYYAN-EXCLUSION-REASONS: project`). The real export read here is
felipe-bonato/review-result-concurrency_embedded_systems @ 3b3a12a2 : articles.bib: 293 Scopus
records (entry keys `rayyan-…`, Scopus's notes before Rayyan's) screened by "Felipe" (all 293:
270 excluded, 23 included) and "Alison" (97: 86 excluded, 11 included; 5 disagreements). The
repository has no licence, so the file is not copied here: the test reads it from a copy of that
repository ($RAYYAN_BIBTEX_SAMPLE, a checkout or a git directory, or the local mirror) and skips
saying so without one.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.screen.decisions import read_decision_files

from .conftest import Run

MIRROR = Path("/work/.mirror/felipe-bonato+review-result-concurrency_embedded_systems/repo")


def _export(folder: Path) -> Path:
    """articles.bib copied into `folder` from the repository's checkout or git directory."""
    given = os.environ.get("RAYYAN_BIBTEX_SAMPLE")
    source = Path(given) if given else MIRROR
    target = folder / "articles.bib"
    if (source / "articles.bib").is_file():
        target.write_bytes((source / "articles.bib").read_bytes())
        return target
    shown = subprocess.run(
        ["git", "-C", str(source), "show", "HEAD:articles.bib"], capture_output=True, check=False
    )
    if not source.is_dir() or shown.returncode != 0:
        pytest.skip(
            "no copy of felipe-bonato/review-result-concurrency_embedded_systems: "
            "set RAYYAN_BIBTEX_SAMPLE"
        )
    target.write_bytes(shown.stdout)
    return target


def test_every_decision_of_a_rayyan_bibtex_export_is_imported(
    project: Path, cli: Callable[..., Run], ingest_and_dedup: Callable[..., Path]
) -> None:
    export = _export(project)
    ingest_and_dedup(export)
    argv = ["screen", "import-rayyan", str(export), "--reviewer-map", "Felipe=R1,Alison=R2"]
    run = cli([*argv, "--date", "2022-12-15"])
    assert run.status == 0, run.err
    assert "390 imported" in run.out
    rows = read_decision_files([Path("data/screening/rayyan_R1+R2.csv")])
    counts = rows.groupby(["reviewer", "decision"]).size().to_dict()
    assert counts == {
        ("R1", "exclude"): 270,
        ("R1", "include"): 23,
        ("R2", "exclude"): 86,
        ("R2", "include"): 11,
    }
    # the first entry (rayyan-913079810, DOI 10.1007/978-3-030-94285-4_5): Felipe excluded it
    first = rows[rows["record_id"] == "SCOPUS:2-s2.0-85133020980"]
    assert first[["reviewer", "stage", "decision"]].values.tolist() == [
        ["R1", "title_abstract", "exclude"]
    ]
    # one of the five records the two screened differently
    split = rows[rows["record_id"] == "SCOPUS:2-s2.0-0942279098"].sort_values("reviewer")
    assert split[["reviewer", "decision"]].values.tolist() == [["R1", "exclude"], ["R2", "include"]]
