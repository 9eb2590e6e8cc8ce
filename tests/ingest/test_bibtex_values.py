"""BibTeX values as BibTeX and LaTeX mean them: `#` joins, macros, math and text symbols.

Entries are written as Zotero's and JabRef's BibTeX/BibLaTeX exports write them (Zotero escapes
`>` as `{$>$}`; JabRef writes `@string` macros and `#`) and read through `metasynth ingest`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from metasynth.cli import main

ZOTERO = r"""@article{smith_effects_2020,
	title = {Effects of {$>$}65 years on $\alpha$-synuclein {\textgreater} {\"u}ber},
	journaltitle = {J {\&} K},
	author = {M{\"u}ller, Hans and {\O}stergaard, J{\o}rn},
	date = {2020},
	volume = {3},
	pages = {1--10},
}
@article{doe_plain_2021,
	title = {{{DNA}} {\textendash} {\"u}mlaut \& {CO}\textsubscript{2}},
	journaltitle = {Plain Journal},
	author = {Doe, Jane},
	date = {2021},
}
"""


def _ingest(path: Path, folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    out, fields, warned = folder / "r.csv", folder / "f.csv", folder / "w.csv"
    command = ["ingest", str(path), "--out", str(out), "--fields", str(fields)]
    assert main([*command, "--warnings", str(warned), "--quiet"]) == 0
    read = [pd.read_csv(name, dtype=str, keep_default_na=False) for name in (out, fields, warned)]
    return read[0], read[1], read[2]


def _refused(path: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ingest", str(path), "--out", str(folder / "r.csv")]) == 2
    return capsys.readouterr().err


def test_latex_math_and_symbols_are_decoded_and_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "zotero.bib"
    path.write_text(ZOTERO, encoding="utf-8")
    records, fields, _ = _ingest(path, tmp_path)
    assert records["title"].tolist() == [
        "Effects of >65 years on α-synuclein > über",
        "DNA – ümlaut & CO2",
    ]
    assert records["source_title"].tolist() == ["J & K", "Plain Journal"]
    assert records["authors"].tolist() == ["Müller, H; Østergaard, J", "Doe, J"]
    titles = fields.loc[fields["tag"] == "title", "value"].tolist()
    assert titles[0].startswith(r"Effects of {$>$}65 years on $\alpha$-synuclein")


def test_an_id_that_decoding_changed_is_named_with_its_new_id(tmp_path: Path) -> None:
    # the first entry's id was h:adc0df213837a303 while its math was kept as `$\alpha$`; the
    # second decodes as before and keeps its id
    path = tmp_path / "zotero.bib"
    path.write_text(ZOTERO, encoding="utf-8")
    records, _, warnings = _ingest(path, tmp_path)
    new_id, plain_id = records["record_id"].tolist()
    assert new_id != "h:adc0df213837a303"
    assert warnings[["line", "message"]].values.tolist() == [
        [
            "1",
            f"record_id {new_id} was h:adc0df213837a303 before BibTeX values had their LaTeX "
            r"math and symbols decoded ({$>$}65, $\alpha$, {\textgreater}) and their parts "
            "joined where `#` joins them: in decision, appraisal, code and verdict files written "
            f"before, replace h:adc0df213837a303 with {new_id}",
        ]
    ]
    assert plain_id == "h:a0edeb0bdfbef4d3"


JABREF_HEAD = """@string{jn = {Journal of Things}}
@String{Pre = "Proc. "}
@string{full = pre # jn}

"""
JABREF_ENTRY = """@article{key{n},
  title = "Part one" # " and " # {part {two}},
  journal = full,
  month = 10 # "~" # jan,
  year = 2020,
  author = {Doe, J.},
}
"""


def test_concatenation_joins_strings_and_macros_in_every_batch(tmp_path: Path) -> None:
    # entries are parsed in batches of 200: the macros of the first are known to the others
    entries = "".join(JABREF_ENTRY.replace("{n}", str(n)) for n in range(250))
    path = tmp_path / "jabref.bib"
    path.write_text(JABREF_HEAD + entries, encoding="utf-8")
    records, fields, warnings = _ingest(path, tmp_path)
    assert len(records) == 250
    assert set(records["title"]) == {"Part one and part two"}
    assert set(records["source_title"]) == {"Proc. Journal of Things"}
    assert set(fields.loc[fields["tag"] == "month", "value"]) == {"10~January"}
    # their ids were made from '"Part one" # …' and 'pre # jn' (read so until now): each entry
    # is named with the id it had, as the earlier version numbered them
    assert records["record_id"].iloc[[0, 249]].tolist() == [
        "h:4195cb860e418a92",
        "h:4195cb860e418a92-250",
    ]
    assert len(warnings) == 250
    assert (
        warnings["message"]
        .iloc[249]
        .startswith("record_id h:4195cb860e418a92-250 was h:7313ca04f25f60fe-250 before")
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"A" # nosuchmacro', "jabref.bib:6: BibTeX macro 'nosuchmacro' is not defined"),
        ("nosuchmacro", "jabref.bib:6: BibTeX macro 'nosuchmacro' is not defined"),
        ('"A" #', "jabref.bib:6: a BibTeX value that is not well formed ('\"A\" #'): a '#' with"),
        ('"A" "B"', 'jabref.bib:6: a BibTeX value that is not well formed (\'"A" "B"\')'),
        ('"A" # (B)', "jabref.bib:6: a BibTeX value that is not well formed ('\"A\" # (B)')"),
    ],
)
def test_an_undefined_macro_or_a_malformed_value_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    entry = JABREF_ENTRY.replace("{n}", "1").replace('"Part one" # " and " # {part {two}}', value)
    path = tmp_path / "jabref.bib"
    path.write_text(JABREF_HEAD + entry, encoding="utf-8")
    assert message in _refused(path, tmp_path, capsys)


def test_a_percent_or_ampersand_without_backslash_is_text(tmp_path: Path) -> None:
    # LaTeX would read `%` as a comment hiding the rest of the title, and drop `&`
    path = tmp_path / "mendeley.bib"
    path.write_text(
        "@article{a,\ntitle = {{Pain} in 50% of cases & controls},\nauthor = {Roe, R},\n}\n",
        encoding="utf-8",
    )
    records, _, warnings = _ingest(path, tmp_path)
    assert records["title"].tolist() == ["Pain in 50% of cases & controls"]
    assert warnings["message"].str.contains("before BibTeX values had").tolist() == [True]


def test_a_bib_file_opening_with_plain_text_is_read_as_bibtex(tmp_path: Path) -> None:
    """BibTeX ignores text outside entries, and Mendeley Desktop's library.bib opens with some
    (not a `%` comment): the entries are read, the text before them named in a warning."""
    path = tmp_path / "library.bib"
    path.write_text(
        "Automatically generated by Mendeley Desktop 1.19.8\n"
        "Any changes to this file will be lost if it is regenerated by Mendeley.\n\n"
        "BibTeX export options can be customized via Options -> BibTeX in Mendeley Desktop\n\n"
        + ZOTERO,
        encoding="utf-8",
    )
    records, _, warned = _ingest(path, tmp_path)
    assert records["title"].tolist()[1] == "DNA – ümlaut & CO2"
    assert records["source_line"].tolist() == ["6", "14"]
    outside = warned[warned["message"].str.contains("outside any entry")]
    assert outside["line"].tolist() == ["1"]
    assert outside["message"].iloc[0].startswith("3 line(s) of text outside any entry, from ")
