"""How the benchmark reads held-out sets (benchmarks/bench_dedup.py).

It reads the names bib-dedupe's CSVs join without a separator back into the names the exports
held (`_bibtex_names`): the held-out figures of issue 13 are those of RIS files whose `AU` lines
are the names a database gave, not one run-on name whose first author no export would write.
And it scores a set once more with the labels we believe wrong adjudicated
(benchmarks/dedup_adjudications.csv), each case named with its evidence."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest


@pytest.mark.parametrize(
    ("authors", "names"),
    [
        ("MeloniE.G.ReedyC.L.CohenB.M.", ["Meloni, E.G.", "Reedy, C.L.", "Cohen, B.M."]),
        ("McNamee P. T.Smyth J. A.", ["McNamee, P. T.", "Smyth, J. A."]),
        (
            "Givol OrKornhaber RachelVisentin Denis",
            ["Givol, Or", "Kornhaber, Rachel", "Visentin, Denis"],
        ),
        ("Steingart Karen R.Henry Megan", ["Steingart, Karen R.", "Henry, Megan"]),
        ("Chen Xi-QianQiu Ke", ["Chen, Xi-Qian", "Qiu, Ke"]),
        ("Strijker M.van Santvoort H. C.", ["Strijker, M.", "van Santvoort, H. C."]),
        (
            "van Impel AndreasSchulte-Merker Stefan",
            ["van Impel, Andreas", "Schulte-Merker, Stefan"],
        ),
        ("Ferner R. E.O'Doherty M. J.", ["Ferner, R. E.", "O'Doherty, M. J."]),
        ("Lin CYStrom AVega VB", ["Lin, CY", "Strom, A", "Vega, VB"]),
        ("Smith JohnMcNamee Paul", ["Smith, John", "McNamee, Paul"]),
        ("Zuna, R E and Wang, S S", ["Zuna, R E", "Wang, S S"]),
        ("Cottraux J.", ["Cottraux, J."]),
        ("World Health Organization", ["World Health Organization"]),
        ("WHO", ["WHO"]),
    ],
)
def test_run_on_names_are_read_as_the_export_held_them(
    bench: ModuleType, authors: str, names: list[str]
) -> None:
    assert bench._bibtex_names(authors) == names


TRUTH = [{"a", "b", "c", "d"}, {"e", "f"}]
IDS = {"a", "b", "c", "d", "e", "f", "g"}


def _adjudications(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "adjudications.csv"
    path.write_text("set,records,evidence\n" + rows, encoding="utf-8")
    return path


def test_an_adjudicated_publication_is_taken_out_of_its_labelled_group(
    bench: ModuleType, tmp_path: Path
) -> None:
    path = _adjudications(tmp_path, 'one,c;d,"two reviews, two numbers"\nother,e,"x"\n')
    truth, n = bench.adjudicated("one", TRUTH, IDS, path)
    assert n == 1
    assert sorted(map(sorted, truth)) == [["a", "b"], ["c", "d"], ["e", "f"]]
    assert bench.adjudicated("none", TRUTH, IDS, path) == (TRUTH, 0)


def test_an_adjudication_without_evidence_or_of_unknown_records_is_refused(
    bench: ModuleType, tmp_path: Path
) -> None:
    for rows in ('one,c;zz,"evidence"\n', "one,c,\n", 'one,a;b,"x"\none,b,"y"\n'):
        with pytest.raises(SystemExit, match=r"adjudications\.csv"):
            bench.adjudicated("one", TRUTH, IDS, _adjudications(tmp_path, rows))


def test_the_shipped_adjudications_name_records_and_give_evidence(bench: ModuleType) -> None:
    table = pd.read_csv(bench.ADJUDICATIONS, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["set", "records", "evidence"]
    assert (table["evidence"].str.len() > 20).all()
    assert table["records"].str.fullmatch(r"id_\d{7}(;id_\d{7})*").all()
