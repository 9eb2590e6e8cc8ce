"""Reviewers' files written when record ids came from DOIs stay valid, with a migration message.

The worked example's Scopus export (examples/update-2024/scopus_2024.ris, synthetic) goes
through `metasynth ingest` and `metasynth dedup`: its records are now known by their EIDs, and
rows naming the ids the earlier rule gave them (`doi:…`) still apply.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metasynth.cli import main
from metasynth.config import section_with_defaults
from metasynth.dedup.former import publication_map
from metasynth.errors import InputError
from metasynth.screen.decisions import cluster_map, read_decision_files, validate_decisions
from metasynth.screen.eligibility import apply_eligibility
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.state import derive_states
from metasynth.tables import read_table

EID = "SCOPUS:2-s2.0-85589778595"
FORMER = "doi:10.5555/ijmce.2022.090002"


@pytest.fixture
def dedup_out(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the schema's defaults, no verdicts file
    records = tmp_path / "records.parquet"
    export = root / "examples" / "update-2024" / "scopus_2024.ris"
    assert main(["ingest", str(export), "--out", str(records)]) == 0
    assert main(["dedup", str(records), "--out-dir", str(tmp_path / "dedup")]) == 0
    return tmp_path / "dedup"


def test_clusters_name_each_records_former_id(dedup_out: Path) -> None:
    clusters = read_table(dedup_out / "clusters.csv").set_index("record_id")
    assert clusters.at[EID, "former_id"] == FORMER
    assert clusters.index.str.startswith("SCOPUS:2-s2.0-").all()
    # the three records without a DOI were known by their content hash
    assert clusters["former_id"].str.startswith("doi:").sum() == 15
    assert clusters["former_id"].str.startswith("h:").sum() == 3
    assert publication_map(clusters.reset_index())[FORMER] == EID


def test_a_decision_naming_a_former_id_applies_with_a_warning(
    dedup_out: Path, tmp_path: Path
) -> None:
    clusters = read_table(dedup_out / "clusters.csv")
    publications = read_table(dedup_out / "publications.csv")
    section = section_with_defaults(
        "screening",
        {
            "reviewers": [{"id": "R1", "role": "screener"}],
            "reviewers_per_stage": {"title_abstract": 1, "full_text": 1},
        },
    )
    settings = ScreeningSettings.from_config(section)
    decisions_dir = tmp_path / "screening"
    decisions_dir.mkdir()
    (decisions_dir / "title_abstract_R1.csv").write_text(
        "record_id,stage,reviewer,decision,reason,note,date\n"
        f"{FORMER},title_abstract,R1,include,,,2024-11-11\n"
    )
    decisions = validate_decisions(
        read_decision_files([decisions_dir / "title_abstract_R1.csv"]),
        settings,
        cluster_map(clusters),
    )
    assert decisions["publication_id"].tolist() == [EID]
    eligibility = apply_eligibility(publications, settings.rules)
    result = derive_states(eligibility, clusters, decisions, settings)
    warnings = [n.message for n in result.notices if n.severity == "warning"]
    assert warnings == [
        f"1 row(s) name {FORMER}, the id of record {EID} under the earlier rule (ids from DOIs "
        "and PubMed IDs, before record ids came from accession numbers only): they apply to "
        f"publication {EID}; write {EID} instead"
    ]


def test_a_verdict_naming_a_former_id_is_read_as_its_record(
    dedup_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "doi:10.5555/jan.2021.090001"
    verdicts = tmp_path / "verdicts.csv"
    verdicts.write_text(
        f"record_id_a,record_id_b,verdict,reviewer,date\n{FORMER},{other},distinct,AK,2024-12-01\n"
    )
    records = tmp_path / "records.parquet"
    argv = ["dedup", str(records), "--out-dir", str(dedup_out), "--verdicts", str(verdicts)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert f"{verdicts}:2: {FORMER} is the id of {EID} under the earlier rule" in err


def test_an_unknown_id_is_still_an_error(dedup_out: Path, tmp_path: Path) -> None:
    verdicts = tmp_path / "verdicts.csv"
    verdicts.write_text(
        "record_id_a,record_id_b,verdict,reviewer,date\n"
        f"{FORMER},doi:10.5555/none,distinct,AK,2024-12-01\n"
    )
    with pytest.raises(InputError, match=r"unknown record_id 'doi:10\.5555/none'"):
        from metasynth.dedup import deduplicate, read_verdicts

        deduplicate(
            read_table(tmp_path / "records.parquet"),
            read_verdicts(verdicts),
            verdicts_file=verdicts,
        )
