"""Loading the report's inputs from files, as the render_report rule does."""

from __future__ import annotations

from pathlib import Path

import pytest

from figures.data import write_synthesis
from metasynth.errors import InputError
from metasynth.report import load_report_inputs
from metasynth.report.inputs import REQUIRED_TABLES, FigureImage, run_input_files
from metasynth.tables import write_table


def test_missing_table_is_an_input_error_naming_the_file(tmp_path, root):
    paths = write_synthesis(tmp_path)
    with pytest.raises(InputError, match=r"prisma\.csv: file not found"):
        load_report_inputs(
            {
                "prisma": tmp_path / "prisma.csv",
                "status": tmp_path / "status.csv",
                "included": paths["included"],
                "framework": paths["framework"],
                "codings": paths["codings"],
            },
            config={"project": {"title": "t", "review_question": "q"}, "ingest": {}},
            images={},
            captions={},
        )


def test_figures_and_captions_are_read_with_their_display_width(tmp_path):
    svg = tmp_path / "corpus_years.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="493.228346pt" height="10pt"></svg>'
    )
    caption = tmp_path / "corpus_years.rst"
    caption.write_text("Publications per year.\n")
    from metasynth.report.inputs import load_figures

    figures = load_figures({"corpus_years": svg}, {"corpus_years": caption})
    image = figures["corpus_years"]
    assert (image.mime, image.caption) == ("image/svg+xml", "Publications per year.")
    assert image.display_width == round(493.228346 * 96 / 72 * 1.4)  # 174 mm at 1.4 x
    header = b"\x89PNG\r\n\x1a\n" + b"\0" * 8 + (2055).to_bytes(4, "big") + (900).to_bytes(4, "big")
    png = FigureImage("x", header, "image/png", "")
    assert png.display_width == round(2055 / 300 * 96 * 1.4)


def test_run_input_files_lists_every_data_file_and_the_config(tmp_path, monkeypatch):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "savedrecs.txt").write_text("x")
    (tmp_path / "data" / "codes.csv").write_text("y")
    monkeypatch.chdir(tmp_path)
    listed = run_input_files("data", ["config/config.yaml"])
    assert listed == ["config/config.yaml", "data/codes.csv", "data/raw/savedrecs.txt"]


def test_tables_are_read_as_written(tmp_path, report_inputs):
    paths = {}
    for name in (*REQUIRED_TABLES, "kappa", "casp"):
        paths[name] = tmp_path / f"{name}.csv"
        write_table(getattr(report_inputs, name), paths[name])
    inputs = load_report_inputs(
        paths, config=report_inputs.config, images={}, captions={}, input_files=[paths["prisma"]]
    )
    assert inputs.included["record_id"].tolist() == report_inputs.included["record_id"].tolist()
    assert inputs.entropy.empty  # optional tables may be absent
    assert inputs.input_files["path"].tolist() == [Path(paths["prisma"]).as_posix()]
    assert len(inputs.input_files["sha256"].iloc[0]) == 64
