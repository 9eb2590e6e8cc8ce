"""Fuzz every reader with damaged real files (issue 15): no traceback, no silent loss.

Hypothesis draws a real file (`hostile.SOURCES`: every export reader through `metasynth ingest`;
decision, appraisal, verdict and codes tables, Taguette, REFI-QDA and the YAML codebook through
the functions the rules call), a change that keeps its records, a storage (UTF-8 with or without
BOM, UTF-16) and damage; `hostile.run_case` reads the result and judges it (see hostile.py). A
short, repeatable campaign runs here (METASYNTH_FUZZ_CASES cases, 300 by default; marked slow,
so in `make test`, not in `make test-fast`); `make fuzz` runs thousands of cases and prints the
counts. A second test draws export headers (`Provider:`/`Database:`/`Content:` lines of any
text) above, between and after real JSTOR records; others read the cases of the held-out
structural probe (`structural.py`), the export cases of the fifth probe (`edges.py`) and of
the sixth (`held_out.py`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import DAMAGE, KEEPS, REAL, SHARED, SOURCES, STORAGE, ingest_file, run_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CASES = int(os.environ.get("METASYNTH_FUZZ_CASES", "300"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared fixtures not found at {SHARED}"),
]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    source=st.sampled_from(SOURCES),
    keep=st.sampled_from([None, *KEEPS]),
    storage=st.sampled_from(STORAGE),
    damage=st.sampled_from(DAMAGE),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_a_damaged_file_is_read_warned_about_or_refused(
    work: Path, source: Path, keep: str | None, storage: str, damage: str, seed: int
) -> None:
    verdict = run_case(source, keep, storage, damage, seed, work)
    assert not verdict.failed, f"{verdict.kind}: {verdict.case}: {verdict.detail}"


_JSTOR_RECORD = "".join(
    (REAL / "colrev_jstor.ris").read_bytes().decode("utf-8").splitlines(keepends=True)[5:22]
)
"""One record of CoLRev's JSTOR RIS export, `TY` to `ER` (CRLF line ends, as exported)."""
_HEADER_LINE = st.tuples(
    st.sampled_from(["Provider", "Database", "Content", "database"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=300),
)


@settings(
    max_examples=max(CASES // 3, 1),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    blocks=st.lists(
        st.tuples(st.lists(_HEADER_LINE, max_size=3), st.integers(min_value=0, max_value=2)),
        min_size=1,
        max_size=5,
    )
)
def test_export_headers_anywhere_between_records_lose_no_record(
    work: Path, blocks: list[tuple[list[tuple[str, str]], int]]
) -> None:
    """Export headers (`Provider:`/`Database:`/`Content:` lines of any text) above, between
    and after RIS records, as joined, cut and hand-edited JSTOR/APA PsycInfo exports have them:
    `metasynth ingest` reads every record or refuses the file by name, and a header no record
    follows is warned about (hostile probe of the export headers)."""
    text = "".join(
        "".join(f"{key}: {value}\r\n" for key, value in header) + "\r\n" + _JSTOR_RECORD * n
        for header, n in blocks
    )
    path = work / "headers.ris"
    path.write_bytes(text.encode("utf-8"))
    outcome = ingest_file(path, work)
    assert outcome.status in {0, 2}, outcome.traceback
    n_records = sum(n for _, n in blocks)
    if outcome.status == 2:
        assert str(path) in outcome.message
        return
    assert outcome.written == outcome.csv_rows == n_records
    trailing_header, n_last = blocks[-1]
    if trailing_header and n_last == 0 and n_records:
        assert outcome.n_warnings >= 1


def test_every_structural_change_is_read_warned_about_or_refused(work: Path) -> None:
    """The held-out structural probe (`structural.py`, also in `make fuzz`): each real file with
    the changes its format's structure allows — separators that are no line end inside a value,
    NUL bytes, other encodings, only the first record, only the header, a 2,000,000-character
    value, JSON numbers Python cannot hold, wrong JSON types, a key twice, items wrapped in an
    object, a stray export header line after an RIS `ER` — every METASYNTH_FUZZ_CASES-th case
    of the whole list (all of them at 1,000 or more)."""
    import structural

    every = list(structural.cases(SOURCES))
    step = max(1, len(every) // max(CASES, 1))
    failed = [
        f"{verdict.kind}: {verdict.case}: {verdict.detail}"
        for verdict in (structural.run(case, work) for case in every[::step])
        if verdict.failed
    ]
    assert not failed, "\n".join(failed)


def test_the_fifth_probe_s_exports_are_read_warned_about_or_refused(work: Path) -> None:
    """The held-out probe of names, line ends and fields (`edges.py`, also in `make fuzz`):
    a Latin-1 file name, UTF-16 without BOM, lone surrogate escapes in JSON, `%` lines inside
    BibTeX entries, RIS and WOS syntax near-misses, 100,000 authors, and every real export
    with CR, CRLF and LF line ends read value for value as the untouched file."""
    import edges

    failed = [
        f"{verdict.kind}: {verdict.case}: {verdict.detail}"
        for verdict in (
            edges.run_export_case(case, work) for case in edges.EXPORT_CASES + edges.LINE_END_CASES
        )
        if verdict.failed
    ]
    assert not failed, "\n".join(failed)


def test_the_sixth_probe_s_exports_are_read_warned_about_or_refused(work: Path) -> None:
    """The held-out probe of damage kinds (`held_out.py --exports`, also in `make fuzz`), every
    case when METASYNTH_FUZZ_CASES is at least their number: empty and blank files, national
    encodings, 50 MB lines, RIS/BibTeX/MEDLINE/WOS syntax variants, database CSVs with a header
    cell lost or columns reordered, compressed exports, odd names and links in the folder."""
    import held_out

    every = list(held_out.export_cases(seed=1))
    step = max(1, len(every) // max(CASES, 1))
    failed = [
        f"{verdict.kind}: {case.kind}:{case.label}: {verdict.detail}"
        for case in every[::step]
        if (verdict := case.run(work)).failed
    ]
    assert not failed, "\n".join(failed)


def test_hostile_yaml_is_read_or_refused_by_name(tmp_path: Path) -> None:
    """The held-out YAML probe (`yaml_probe.py`, also in `make fuzz`), every fourth case: tags
    that would build Python objects, values their tag cannot make, aliases, merge keys, a key
    twice, numbers too long, a 5 MB value, in the config, `searches.yaml`, the codebook, the
    findings, the CERQual judgements and a checklist of the review's own."""
    import yaml_probe

    failed = [
        f"{kind}: {name}: {case}: {detail}"
        for kind, name, case, detail in yaml_probe.verdicts(tmp_path, step=4)
        if kind not in {"read", "refused"}
    ]
    assert not failed, "\n".join(failed)
