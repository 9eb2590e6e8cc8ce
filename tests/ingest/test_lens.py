"""The Lens.org scholarly works CSV reader, read as a user reads it (`metasynth ingest`).

The real export in the public code searched is bibliometrix's test fixture (massimoaria/
bibliometrix @ 4d97a0bf : tests/testthat/fixtures/lens_sample.csv, 8 records, GPL-3): not copied
here; the first test reads it from a copy of that repository ($LENS_SAMPLES, a checkout or a git
directory, or the local mirror) and skips saying so without one. The second writes the header
of that export (Lens's 32 columns, in its order) above two rows of its own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

MIRROR = Path("/work/.mirror/massimoaria+bibliometrix/repo")
SAMPLE = "tests/testthat/fixtures/lens_sample.csv"

HEADER = (
    '"Lens ID","Title","Date Published","Publication Year","Publication Type","Source Title",'
    '"ISSNs","Publisher","Source Country","Author/s","Abstract","Volume","Issue Number",'
    '"Start Page","End Page","Fields of Study","Keywords","MeSH Terms","Chemicals","Funding",'
    '"Source URLs","External URL","PMID","DOI","Microsoft Academic ID","PMCID",'
    '"Citing Patents Count","References","Citing Works Count","Is Open Access",'
    '"Open Access License","Open Access Colour"'
)


def ingest(tmp_path: Path, path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    out, fields, warnings = tmp_path / "r.csv", tmp_path / "f.csv", tmp_path / "w.csv"
    argv = ["ingest", str(path), "--out", str(out), "--fields", str(fields)]
    assert main([*argv, "--warnings", str(warnings), "--quiet"]) == 0
    return tuple(  # type: ignore[return-value]
        pd.read_csv(name, dtype=str, keep_default_na=False) for name in (out, fields, warnings)
    )


def _sample(folder: Path) -> Path:
    given = os.environ.get("LENS_SAMPLES")
    source = Path(given) if given else MIRROR
    target = folder / "lens_sample.csv"
    if (source / SAMPLE).is_file():
        target.write_bytes((source / SAMPLE).read_bytes())
        return target
    shown = subprocess.run(
        ["git", "-C", str(source), "show", f"HEAD:{SAMPLE}"], capture_output=True, check=False
    )
    if not source.is_dir() or shown.returncode != 0:
        pytest.skip("no copy of massimoaria/bibliometrix: set LENS_SAMPLES")
    target.write_bytes(shown.stdout)
    return target


def test_every_record_of_a_lens_export_is_read_with_its_lens_id(tmp_path: Path) -> None:
    records, fields, warnings = ingest(tmp_path, _sample(tmp_path))
    assert warnings.empty
    assert set(records["source_format"]) == {"lens_csv"}
    assert len(records) == records["record_id"].nunique() == 8
    assert records["record_id"].str.match(r"^LENS:\d{3}(-\d{3}){3}-\d{2}[0-9X]$").all()
    assert records.loc[6, "record_id"] == "LENS:001-152-766-697-42X"
    first = records.iloc[0]
    assert first[["doi", "pmid", "year", "volume", "issue", "pages"]].tolist() == [
        "10.1007/s10669-020-09792-x",
        "33251087",
        "2020",
        "41",
        "2",
        "1-12",
    ]
    assert first["authors"].startswith("Radanliev, P; ")
    assert set(records["doc_type_norm"]) == {"article"}
    assert set(fields["tag"]) >= {"Lens ID", "References", "Open Access Colour"}


def test_lens_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "lens-export.csv"
    rows = [
        HEADER,
        '"001-152-766-697-42X","Virtual mentoring of novice teachers","2021-03-01",2021,'
        '"journal article","Journal of Mentoring","15480992; 1548100X","Example Press",'
        '"United States","Maria Okafor; Jan Dijkstra","An abstract.","12","3","101","117",'
        '"Education","mentoring; online","Humans; Mentors","","","https://example.org/a",'
        '"http://dx.doi.org/10.5555/jm.2021.3","33333333","10.5555/jm.2021.3","","","0",'
        '"000-111-222-333-444",4,"true","cc-by","gold"',
        '"002-000-000-000-001","A preprint on mentoring","2022-01-01",2022,"preprint","",'
        '"","","","Ann Lee","","","","","","","","","","","","","","","","","0","",0,"false",'
        '"",""',
    ]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    records, _, warnings = ingest(tmp_path, path)
    assert warnings.empty
    first, second = records.iloc[0], records.iloc[1]
    assert first[["record_id", "database", "authors", "source_title", "pages"]].tolist() == [
        "LENS:001-152-766-697-42X",
        "Lens",
        "Okafor, M; Dijkstra, J",
        "Journal of Mentoring",
        "101-117",
    ]
    assert (first["issn"], first["eissn"], first["pmid"]) == ("1548-0992", "1548-100X", "33333333")
    assert (first["author_keywords"], first["keywords_plus"]) == (
        "mentoring; online",
        "Humans; Mentors",
    )
    assert (first["times_cited"], first["year"]) == ("4", "2021")
    assert (second["doc_type"], second["doc_type_norm"]) == ("preprint", "preprint")
