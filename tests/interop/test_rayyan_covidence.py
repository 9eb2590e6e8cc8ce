"""`metasynth screen import-rayyan` and `import-covidence` on their real exports (data/README.md).

The review is built the user's way: the same ten records exported from Embase (RIS, in
tests/ingest/data/real/) are ingested and deduplicated with `metasynth ingest` and `metasynth
dedup`; Rayyan's and Covidence's exports of them are then imported, found by DOI and title.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from metasynth.config import load_config
from metasynth.interop.rayyan import name_values, sections
from metasynth.screen.decisions import read_decision_files, validate_decisions
from metasynth.screen.settings import ScreeningSettings

from .conftest import DATA, Run

EMBASE = Path(__file__).parents[1] / "ingest" / "data" / "real" / "asreview_embase.ris"
RAYYAN = DATA / "rayyan"
COVIDENCE = DATA / "covidence" / "references.csv"
COVIDENCE_RIS = DATA / "covidence" / "references_endnote.ris"

# Emily's decisions in Rayyan, by the Embase record each names (Rayyan lines 2-7).
EMILY = {
    "EMBASE:L2029880245": "include",
    "EMBASE:L644585435": "include",
    "EMBASE:L644327397": "maybe",
    "EMBASE:L643801355": "maybe",
    "EMBASE:L643752320": "exclude",
    "EMBASE:L2024893804": "exclude",
}


@pytest.fixture
def results(ingest_and_dedup: Callable[..., Path]) -> Path:
    return ingest_and_dedup(EMBASE)


def _decisions(path: str) -> list[tuple[str, str, str, str]]:
    rows = read_decision_files([Path(path)])
    columns = [rows[c] for c in ("record_id", "stage", "decision", "reason")]
    return list(zip(*columns, strict=True))


@pytest.mark.parametrize("export", ["articles.csv", "articles.ris"])
def test_rayyan_decisions_are_imported_for_the_mapped_reviewer(
    cli: Callable[..., Run], results: Path, export: str
) -> None:
    argv = ["screen", "import-rayyan", str(RAYYAN / export), "--reviewer-map", "Emily=R1"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 0, run.err
    written = _decisions("data/screening/rayyan_R1.csv")
    # the errata "Author Correction: A remarkable assemblage …" and "Correction: A juvenile
    # bird …" are reports deduplication links to their articles (issue 13): Emily decided them
    # as records of their own, which is no decision on the study, so they are skipped, and
    # her "maybe" on the petroglyphs article itself stands
    errata = {"EMBASE:L644585435": "EMBASE:L643801355", "EMBASE:L643752320": "EMBASE:L643474277"}
    assert {r: d for r, _, d, _ in written} == {r: d for r, d in EMILY.items() if r not in errata}
    for erratum, study in errata.items():
        assert any(
            f" {erratum} skipped (by doi): Rayyan reviewer Emily; {erratum} is an erratum, notice "
            f"or version that deduplication linked to publication {study}" in line
            for line in run.lines
        ), run.out
    assert {s for _, s, _, _ in written} == {"title_abstract"}
    assert sum(" skipped (by doi): no decision in Rayyan" in line for line in run.lines) == 4


def test_the_reviewer_of_a_one_reviewer_export_can_be_named_directly(
    cli: Callable[..., Run], results: Path
) -> None:
    argv = ["screen", "import-rayyan", str(RAYYAN / "articles.csv"), "--reviewer", "R2"]
    assert cli([*argv, "--date", "2024-05-01"]).status == 0
    assert len(_decisions("data/screening/rayyan_R2.csv")) == 4  # the two errata skipped


def test_a_rayyan_reviewer_nobody_maps_stops_the_import(
    cli: Callable[..., Run], results: Path
) -> None:
    argv = ["screen", "import-rayyan", str(RAYYAN / "articles.csv"), "--reviewer-map", "Bob=R2"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 2
    assert "Rayyan reviewer(s) 'Emily' without a metasynth reviewer" in run.err
    assert "--reviewer-map Emily=ID" in run.err


def test_rayyan_notes_sections_and_reviewers_are_read_apart() -> None:
    """The notes layout Rayyan documents, several reviewers and sections (hand-written)."""
    notes = (
        'RAYYAN-INCLUSION: {"Kofi"=>"Included", "Ama"=>"Excluded"} | RAYYAN-LABELS: ML,Hospital'
        " | RAYYAN-EXCLUSION-REASONS: wrong population,foreign language | USER-NOTES: "
        '{"Kofi"=>["check later", "sample, small"]}'
    )
    parts = sections(notes)
    assert parts["RAYYAN-EXCLUSION-REASONS"] == "wrong population,foreign language"
    assert name_values(parts["RAYYAN-INCLUSION"]) == {"Kofi": ["Included"], "Ama": ["Excluded"]}
    assert name_values(parts["USER-NOTES"]) == {"Kofi": ["check later", "sample, small"]}


TINEA = RAYYAN / "tinea_two_reviewers.ris"


def test_a_two_reviewer_rayyan_export_with_a_space_before_its_notes_is_read(
    cli: Callable[..., Run], ingest_and_dedup: Callable[..., Path]
) -> None:
    """Rayyan's RIS of 14 records screened by "Zbys" and "m.el-gohary" (`N1  -  RAYYAN-…`).

    The file is its own search export here: ingested, deduplicated, then imported.
    """
    ingest_and_dedup(TINEA)
    argv = ["screen", "import-rayyan", str(TINEA), "--reviewer-map", "Zbys=R1,m.el-gohary=R2"]
    run = cli([*argv, "--date", "2024-04-02"])
    assert run.status == 0, run.err
    rows = read_decision_files([Path("data/screening/rayyan_R1+R2.csv")])
    by_reviewer = rows.groupby("reviewer")["decision"].value_counts().to_dict()
    # 12 records decided by Zbys (4 included), 4 of them also by m.el-gohary; 2 only labelled
    assert by_reviewer == {
        ("R1", "exclude"): 8,
        ("R1", "include"): 4,
        ("R2", "include"): 3,
        ("R2", "exclude"): 1,
    }
    assert sum(" skipped (by title): no decision in Rayyan" in line for line in run.lines) == 2
    # the one disagreement (Zbys excluded, m.el-gohary included) stays two rows
    first = rows[rows["record_id"] == rows["record_id"].iloc[0]]
    assert sorted(first["reviewer"] + ":" + first["decision"]) == ["R1:exclude", "R2:include"]
    # "wrong population" is a configured reason; "totally irrelevant to the review" is not,
    # and the import says so instead of leaving the exclusion's reason empty without a word
    assert (rows["reason"] == "wrong_population").sum() == 5
    unnamed = [line for line in run.lines if "name no configured title_abstract reason" in line]
    assert len(unnamed) == 3, run.out
    assert "'wrong drug', 'wrong intervention'" in unnamed[0]
    assert "'totally irrelevant to the review'" in unnamed[1]


def _covidence(cli: Callable[..., Run], export: Path, *extra: str) -> Run:
    argv = ["screen", "import-covidence", str(export), "--reviewer", "R3", "--date", "2024-06-01"]
    return cli([*argv, *extra])


def test_the_included_list_stands_for_every_stage_it_passed(
    cli: Callable[..., Run], results: Path, root: Path
) -> None:
    run = _covidence(cli, COVIDENCE, "--list", "included")
    assert run.status == 1, run.err  # #19 and #20 are in no export of the review
    written = _decisions("data/screening/covidence_R3.csv")
    # 6 studies: the Embase export lacks Covidence's #19 and #20, and dedup links the errata
    # "Correction: A juvenile bird …" (line 5) and "Author Correction: A remarkable
    # assemblage …" (line 3) to their articles (lines 7 and 4) as reports of one study each:
    # the errata's rows are skipped, naming the study, and the articles' rows decide
    assert len(written) == 18
    for line, erratum, study in (
        (3, "EMBASE:L644585435", "EMBASE:L643801355"),
        (5, "EMBASE:L643752320", "EMBASE:L643474277"),
    ):
        assert any(
            f"references.csv:{line} {erratum} skipped (by doi): {erratum} is an erratum, notice "
            f"or version that deduplication linked to publication {study}" in text
            for text in run.lines
        ), run.out
    assert [(s, d) for _, s, d, _ in written[:3]] == [
        ("title_abstract", "include"),
        ("retrieval", "retrieved"),
        ("full_text", "include"),
    ]
    assert len({r for r, _, _, _ in written}) == 6
    unmatched = [line for line in run.lines if " unmatched: " in line]
    assert [line.split(" unmatched")[0].split(":")[-1] for line in unmatched] == [
        "10 doi 10.7717/peerj.17180",
        "11 doi 10.1371/journal.pone.0291058",
    ]
    settings = ScreeningSettings.from_config(load_config(root / "config/config.yaml")["screening"])
    members = {r: r for r, _, _, _ in written}
    checked = validate_decisions(
        read_decision_files(["data/screening/covidence_R3.csv"]), settings, members
    )
    assert checked["is_resolution"].all()  # R3 resolves: the list is the team's decision


def test_covidences_ris_export_of_a_list_decides_as_its_csv(
    cli: Callable[..., Run], results: Path
) -> None:
    """The same list exported as RIS (for EndNote): no Covidence number, found by DOI."""
    run = _covidence(cli, COVIDENCE_RIS, "--list", "included")
    assert run.status == 1, run.err  # the two records in no export of the review, as in the CSV
    from_ris = _decisions("data/screening/covidence_R3.csv")
    Path("data/screening/covidence_R3.csv").unlink()
    assert _covidence(cli, COVIDENCE, "--list", "included").status == 1
    assert from_ris == _decisions("data/screening/covidence_R3.csv")
    assert len(from_ris) == 18
    assert "references_endnote.ris:184 doi 10.7717/peerj.17180 unmatched" in run.out


def test_the_list_is_read_from_covidences_file_name(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    named = project / "review_284512_irrelevant_csv_20240601101500.csv"
    shutil.copy(COVIDENCE, named)
    assert _covidence(cli, named).status == 1  # two papers unmatched, the rest imported
    written = _decisions("data/screening/covidence_R3.csv")
    assert {(s, d) for _, s, d, _ in written} == {("title_abstract", "exclude")}


def test_a_file_that_does_not_say_its_list_needs_one(
    cli: Callable[..., Run], results: Path
) -> None:
    run = _covidence(cli, COVIDENCE)
    assert run.status == 2
    assert "does not say which Covidence list" in run.err and "--list" in run.err


def test_the_excluded_list_needs_a_full_text_reason(cli: Callable[..., Run], results: Path) -> None:
    run = _covidence(cli, COVIDENCE, "--list", "excluded")
    assert run.status == 2
    assert "nothing imported from 10 labelled row(s): 8 skipped, 2 unmatched" in run.err
    assert "a full_text 'exclude' needs a reason" in run.out
    again = _covidence(cli, COVIDENCE, "--list", "excluded", "--reason", "not_e_mentoring")
    assert again.status == 1, again.err  # imported but for the two unmatched
    written = _decisions("data/screening/covidence_R3.csv")
    assert {(s, d, why) for _, s, d, why in written if s == "full_text"} == {
        ("full_text", "exclude", "not_e_mentoring")
    }


def _write(path: str, text: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")


def test_a_stage_the_resolver_already_settled_alike_does_not_keep_out_the_later_ones(
    cli: Callable[..., Run], results: Path
) -> None:
    """R3 settled the title/abstract conflict on "Cellular structure …" (EMBASE:L2029880245,
    Covidence #1) before the team took it to full text in Covidence: the included list's
    retrieval and full-text rows are written, its title/abstract include (R3's own, the same)
    is not written again; a list that contradicts R3's row writes nothing of that study."""
    header = "record_id,stage,reviewer,decision,reason,note,date\n"
    _write(
        "data/screening/title_abstract_R3.csv",
        header
        + "EMBASE:L2029880245,title_abstract,R3,include,,,2024-05-20\n"
        + "EMBASE:L643801355,title_abstract,R3,exclude,not_e_mentoring,,2024-05-20\n",
    )
    run = _covidence(cli, COVIDENCE, "--list", "included")
    assert run.status == 1, run.err  # #19 and #20 are in no export of the review
    written = _decisions("data/screening/covidence_R3.csv")
    assert [(s, d) for r, s, d, _ in written if r == "EMBASE:L2029880245"] == [
        ("retrieval", "retrieved"),
        ("full_text", "include"),
    ]
    assert any(
        "references.csv:2 EMBASE:L2029880245 imported retrieval retrieved, full_text include "
        "(by doi): R3 already decided it at title_abstract in "
        "data/screening/title_abstract_R3.csv:2 (include, not written again)" in line
        for line in run.lines
    ), run.out
    # R3 excluded the petroglyphs article at title/abstract: Covidence's "included" says
    # otherwise, so none of its rows is written and the line says which decision stands
    assert not [r for r, _, _, _ in written if r == "EMBASE:L643801355"]
    assert any(
        "EMBASE:L643801355 skipped (by doi): R3 already decided it at title_abstract in "
        "data/screening/title_abstract_R3.csv:3 (exclude, not include)" in line
        for line in run.lines
    ), run.out


def test_a_stage_the_screeners_settled_alike_gets_no_resolution_row(
    cli: Callable[..., Run], results: Path
) -> None:
    """The team screened title/abstract in metasynth, then took the studies to Covidence and
    imports its consensus list under the resolver: where R1 and R2 already agree, R3's
    title/abstract include would settle nothing (the s12 trial's redundant rows, each a notice
    at the next run) and is not written; where they disagree, or agree otherwise, it is."""
    header = "record_id,stage,reviewer,decision,reason,note,date\n"
    agreed, split, overturned = "EMBASE:L2029880245", "EMBASE:L643502584", "EMBASE:L643801355"
    for reviewer, third in (("R1", "include"), ("R2", "exclude")):
        _write(
            f"data/screening/title_abstract_{reviewer}.csv",
            header
            + f"{agreed},title_abstract,{reviewer},include,,,2024-05-20\n"
            + f"{split},title_abstract,{reviewer},{third},"
            + ("not_e_mentoring" if third == "exclude" else "")
            + ",,2024-05-20\n"
            + f"{overturned},title_abstract,{reviewer},exclude,not_e_mentoring,,2024-05-20\n",
        )
    run = _covidence(cli, COVIDENCE, "--list", "included")
    assert run.status == 1, run.err  # #19 and #20 are in no export of the review
    written = _decisions("data/screening/covidence_R3.csv")
    stages = {r: [s for q, s, _, _ in written if q == r] for r in (agreed, split, overturned)}
    assert stages == {
        agreed: ["retrieval", "full_text"],
        split: ["title_abstract", "retrieval", "full_text"],
        overturned: ["title_abstract", "retrieval", "full_text"],
    }
    assert any(
        f"{agreed} imported retrieval retrieved, full_text include (by doi): the screeners "
        "already settled title_abstract alike (agreement of R1, R2: include): no resolution is "
        "needed, none written" in line
        for line in run.lines
    ), run.out


def test_no_title_abstract_row_is_written_for_a_study_found_by_other_methods(
    cli: Callable[..., Run], project: Path, ingest_and_dedup: Callable[..., Path]
) -> None:
    """The Embase records as papers experts sent (`source_type: other`): PRISMA 2020 takes
    them straight to retrieval and the workflow refuses a title/abstract row on them, so
    Covidence's "included" list writes their retrieval and full text only."""
    _write(
        "data/raw/searches.yaml",
        "searches:\n  - {id: experts_2024, database: Experts, source_type: other, query: asked,"
        ' date_searched: "2024-05-01", searched_by: R1, files: [experts.ris]}\n',
    )
    shutil.copy(EMBASE, project / "data" / "raw" / "experts.ris")
    ingest_and_dedup("data/raw/experts.ris", options=["--searches", "data/raw/searches.yaml"])
    run = _covidence(cli, COVIDENCE, "--list", "included")
    assert run.status == 1, run.err  # #19 and #20 are in no export of the review
    written = _decisions("data/screening/covidence_R3.csv")
    assert {(s, d) for _, s, d, _ in written} == {
        ("retrieval", "retrieved"),
        ("full_text", "include"),
    }
    assert any(
        "EMBASE:L2029880245 imported retrieval retrieved, full_text include (by doi): "
        "EMBASE:L2029880245 was identified by other methods only" in line
        for line in run.lines
    ), run.out


def test_exclusions_written_without_their_rayyan_reason_are_listed_in_a_big_import(
    cli: Callable[..., Run], ingest_and_dedup: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `LISTED_IMPORTS` imported rows the command counts them instead of listing each; the
    rows that need the user (an exclusion whose Rayyan reasons name no configured reason, so
    it was written without one) are still listed, with the --reason-map to write."""
    from metasynth.cli import imports

    monkeypatch.setattr(imports, "LISTED_IMPORTS", 5)  # the 16 decisions of this export
    ingest_and_dedup(TINEA)
    argv = ["screen", "import-rayyan", str(TINEA), "--reviewer-map", "Zbys=R1,m.el-gohary=R2"]
    run = cli([*argv, "--date", "2024-04-02"])
    assert run.status == 0, run.err
    assert any(" row(s) imported title_abstract " in line for line in run.lines), run.out
    unnamed = [line for line in run.lines if "name no configured title_abstract reason" in line]
    assert len(unnamed) == 3, run.out
    assert all(" imported title_abstract exclude (by title): " in line for line in unnamed)
    assert '(--reason-map "wrong drug=CODE")' in unnamed[0]


def test_a_covidence_reason_no_configured_reason_names_says_how_to_map_it(
    cli: Callable[..., Run], results: Path, project: Path
) -> None:
    """Covidence's excluded list with its `Exclusion Reason` column ("Wrong study design",
    Covidence's own wording): each study is listed with the --reason-map that maps it."""
    lines = COVIDENCE.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",Exclusion Reason"] + [f"{line},Wrong study design" for line in lines[1:]]
    named = project / "review_284512_excluded_csv_20240601101500.csv"
    named.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = _covidence(cli, named)
    assert run.status == 2  # nothing could be imported: no full-text reason
    said = [line for line in run.lines if '(--reason-map "Wrong study design=CODE")' in line]
    # the six with one reason are one line with their count (the two errata are listed)
    assert len(said) == 3 and said[-1].startswith("6 row(s) skipped: Covidence reason"), run.out
    verbose = _covidence(cli, named, "--verbose", "--dry-run")
    said = [line for line in verbose.lines if '(--reason-map "Wrong study design=CODE")' in line]
    assert len(said) == 8, verbose.out  # the two unmatched studies are listed as such
    again = _covidence(cli, named, "--reason-map", "Wrong study design=insufficient_detail")
    assert again.status == 1, again.err  # imported but for the two unmatched
    written = _decisions("data/screening/covidence_R3.csv")
    assert {why for _, s, _, why in written if s == "full_text"} == {"insufficient_detail"}


def test_a_rayyan_export_joined_to_itself_with_its_bom_is_refused_at_the_second_header(
    cli: Callable[..., Run], results: Path, tmp_path: Path
) -> None:
    # found by the eleventh probe: `cat` of two exports each saved with a BOM; the second
    # header row, `\ufeffkey,…`, was read as one more article row (21 of 20, no warning)
    data = b"\xef\xbb\xbf" + (RAYYAN / "articles.csv").read_bytes()
    export = tmp_path / "articles.csv"
    export.write_bytes(data + data)
    argv = ["screen", "import-rayyan", str(export), "--reviewer-map", "Emily=R1"]
    run = cli([*argv, "--date", "2024-05-01"])
    assert run.status == 2
    line = len((RAYYAN / "articles.csv").read_text(encoding="utf-8").splitlines()) + 1
    assert f"{export}:{line}: the header row is repeated here" in run.err, run.err
    assert not (results.parent / "data" / "screening" / "rayyan_R1.csv").exists()
