"""What an eighth held-out probe found (`tests/fuzz/command_inputs.py --kinds xml`): characters
XML 1.0 cannot carry — a vertical tab or form feed copied from a PDF into a quote, an escape in a
coder's name, a control character in a codebook label — were written raw by `codebook export`,
so the `.qdc`/`.qdpx` was not XML: every QDA tool, and `metasynth codebook list/import`, refused
it ("export the file again"). Each test failed before its fix."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from metasynth.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _codes_with(tmp_path: Path, column: str, value: str) -> Path:
    """The default corpus's codes.csv with `column` of its first row set to `value`."""
    with (ROOT / "data/coded/codes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0][column] = value
    path = tmp_path / "codes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("quote", "Copied from a PDF\x0bwith a vertical tab", "PlainTextSelection name"),
        ("memo", "page break\x0chere", "Description text"),
        ("coder", "coder\x1b_9", "User name"),
    ],
)
def test_qdpx_export_stays_xml_and_says_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str, shown: str
) -> None:
    codes = _codes_with(tmp_path, column, value)
    qdpx = tmp_path / "coding.qdpx"
    codebook = ROOT / "data/coded/codebook.yaml"
    args = ["codebook", "export", "--codebook", str(codebook), "--codes", str(codes)]
    assert main([*args, "--qdpx", str(qdpx)]) == 0
    with zipfile.ZipFile(qdpx) as archive:
        project = ElementTree.fromstring(archive.read("project.qde"))
    assert len(project.findall(".//{urn:QDA-XML:project:1.0}Coding")) == 703
    err = capsys.readouterr().err
    assert f"warning: {qdpx}: 1 value held control characters that XML cannot carry" in err
    assert f"(first: {shown}:" in err and f"they stay in {codes}" in err
    assert main(["codebook", "list", str(qdpx)]) == 0


def test_qdpx_source_text_keeps_the_quote_as_coded(tmp_path: Path) -> None:
    # the selection's offsets point into the source text, which holds the quote unchanged
    quote = "Copied from a PDF\x0bwith a vertical tab"
    codes = _codes_with(tmp_path, "quote", quote)
    qdpx = tmp_path / "coding.qdpx"
    codebook = ROOT / "data/coded/codebook.yaml"
    args = ["codebook", "export", "--codebook", str(codebook), "--codes", str(codes)]
    assert main([*args, "--qdpx", str(qdpx)]) == 0
    with zipfile.ZipFile(qdpx) as archive:
        texts = [archive.read(n).decode("utf-8") for n in archive.namelist() if ".txt" in n]
    assert sum(quote in text for text in texts) == 1


def test_qdc_export_of_a_control_character_in_a_label_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(
        'categories:\n- {id: a, label: "Costs\\x0bbenefits", description: "d\\x01"}\n'
        "subcategories: []\nconcepts: []\n",
        encoding="utf-8",
    )
    qdc = tmp_path / "codebook.qdc"
    assert main(["codebook", "export", "--codebook", str(codebook), "--qdc", str(qdc)]) == 0
    err = capsys.readouterr().err
    assert "2 values held control characters that XML cannot carry" in err
    assert "(first: Code name: 'Costs<U+000B>benefits')" in err
    assert main(["codebook", "list", str(qdc)]) == 0
    assert "Costs benefits,False," in capsys.readouterr().out


def test_corpus_figures_stay_svg_with_a_control_character_in_a_journal_name(
    shared: Path, tmp_path: Path
) -> None:
    # a journal name and a keyword from an export holding a control character (ingest keeps
    # them in the text, as it keeps every character it read): matplotlib wrote them raw into
    # the SVG's comments, and the SVG was then not XML (a browser shows an error instead)
    from metasynth.figures.common import save_figures
    from metasynth.figures.corpus import CorpusFigureSettings, corpus_figures
    from metasynth.ingest import read_exports

    export = (shared / "wos/wosfile_plaintext.txt").read_bytes()
    export = re.sub(rb"\nSO ([A-Z]+) ", lambda m: b"\nSO " + m.group(1) + b"\x01", export)
    export = re.sub(rb"\nDE ([A-Za-z]+) ", lambda m: b"\nDE " + m.group(1) + b"\x1b", export)
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(export)
    publications = read_exports([path]).records
    assert publications["source_title"].str.contains("\x01").sum() == 43
    status = pd.DataFrame(
        {"record_id": publications["record_id"], "status": "included", "stage": "", "reason": ""}
    ).astype("string")
    figures = corpus_figures(publications, status, CorpusFigureSettings.from_config({}))
    written = save_figures(figures, tmp_path / "figures", formats=("svg",))
    svgs = [p for p in written if p.suffix == ".svg"]
    assert len(svgs) == len(figures)
    for svg in svgs:
        ElementTree.parse(svg)  # raises on a character XML cannot carry
    sources = (tmp_path / "figures/corpus_sources.csv").read_text(encoding="utf-8")
    assert "\x01" in sources  # the figure's data keeps the text as read
