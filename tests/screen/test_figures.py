"""The shared figure style and the PRISMA diagram: byte-identical files, bundled font."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager

from metasynth.figures import style
from metasynth.figures.prisma import draw_prisma
from metasynth.screen.prisma import PrismaCounts

COUNTS = PrismaCounts(
    identified=412,
    identified_by_database=(("WOS", 412),),
    identified_by_search_run=(("wos-2024", 412),),
    duplicates=37,
    excluded_automatic=25,
    screened=350,
    excluded_screening=210,
    pending_screening=0,
    sought=140,
    not_retrieved=6,
    pending_retrieval=0,
    assessed=134,
    excluded_full_text=(("Not about electronic mentoring", 41),),
    excluded_appraisal=13,
    appraisal_label="Low quality",
    pending_assessment=0,
    included=80,
)


def test_saving_twice_writes_identical_bytes(tmp_path: Path) -> None:
    first = style.savefig(draw_prisma(COUNTS), tmp_path / "a" / "prisma")
    second = style.savefig(draw_prisma(COUNTS), tmp_path / "b" / "prisma")
    assert [p.suffix for p in first] == [".png", ".svg", ".pdf"]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_files_carry_no_date_and_the_fixed_software_name(tmp_path: Path) -> None:
    png, svg, pdf = style.savefig(draw_prisma(COUNTS), tmp_path / "prisma")
    assert b"metasynth" in png.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes()
    assert b"CreationDate" not in pdf.read_bytes()


def test_the_diagram_is_drawn_at_double_column_width() -> None:
    width, height = draw_prisma(COUNTS).get_size_inches()
    assert round(width * style.MM_PER_INCH) == 174
    assert 90 < height * style.MM_PER_INCH < 240  # fits a page with its caption


def test_the_diagram_shows_every_count() -> None:
    texts = " ".join(t.get_text() for t in draw_prisma(COUNTS).axes[0].texts).replace("\u00a0", " ")
    for phrase in (
        "Records screened (n = 350)",
        "Reports not retrieved (n = 6)",
        "Not about electronic mentoring (n = 41)",
        "Low quality (n = 13)",
        "Studies included in review (n = 80)",
        "WOS (n = 412)",
        "Identification of studies via databases and registers",
    ):
        assert phrase in texts
    # a new review's template: its studies are not "new" (an update's are, test_prisma_update)
    assert "new " not in texts.lower().replace("\n", " ")


def test_the_style_font_is_matplotlibs_bundled_file() -> None:
    with style.style_context():
        path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert Path(path).parent == Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def test_figure_size_uses_journal_widths() -> None:
    assert style.figure_size("single", height_mm=50.8) == (85 / 25.4, 2.0)
    assert style.figure_size(100.0, aspect=0.5) == (100 / 25.4, 50 / 25.4)


def test_the_other_methods_column_is_drawn_when_there_are_such_records() -> None:
    """PRISMA 2020's right-hand column, with the counts of test_prisma_other_methods."""
    from test_prisma_other_methods import _counts  # tests/screen is on sys.path

    figure = draw_prisma(_counts())
    texts = " ".join(t.get_text() for t in figure.axes[0].texts).replace("\u00a0", " ")
    joined = " ".join(texts.split())
    for phrase in (
        "Identification of studies via other methods",
        "Records identified from databases (n = 28)",
        "Records identified from registers (n = 2)",
        "ClinicalTrials.gov (n = 2)",
        "Citation searching (n = 5)",
        "Websites (n = 1)",
        "Duplicates of records already identified (n = 2)",
        "Reports sought for retrieval (n = 4)",
        "Awaiting retrieval (n = 1)",
        "Reports assessed for eligibility (n = 2)",
        "Studies included in review (n = 6)",
    ):
        assert phrase in joined, phrase
    width, _ = figure.get_size_inches()
    assert round(width * style.MM_PER_INCH) == 174  # four columns of 34.75 mm fit
    plain = " ".join(t.get_text() for t in draw_prisma(COUNTS).axes[0].texts)
    assert "other methods" not in plain
