"""The benchmark reads the names bib-dedupe's CSVs join without a separator back into the names
the exports held (benchmarks/bench_dedup.py `_bibtex_names`): the held-out figures of issue 13
are those of RIS files whose `AU` lines are the names a database gave, not one run-on name
whose first author no export would write."""

from __future__ import annotations

from types import ModuleType

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
