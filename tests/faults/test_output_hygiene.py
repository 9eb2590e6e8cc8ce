"""Text from inputs is escaped in every Markdown, LaTeX and HTML output, and invisible or
reordering characters (U+202E …) are shown, in outputs and messages (issue 15, item 5).
Codebook labels can come from someone else's `.qdc`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from metasynth.errors import InputError, Notice
from metasynth.figures import style
from metasynth.report.html import element
from metasynth.synthesise.aggregate import framework_latex, framework_markdown, framework_table
from metasynth.synthesise.checks import map_codes
from metasynth.synthesise.codebook import codebook_from_qdc
from metasynth.synthesise.qda.export import export_qdc

HOSTILE = {
    "category": "<script>alert(1)</script>",
    "subcategory": "Costs | benefits \u202eevil",
    "concept": "*bold* _i_ [x](javascript:y) &lt; $\\frac{$ #5",
}


@pytest.fixture
def framework(tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A codebook with hostile labels, as read from a `.qdc` someone sent, and one coding."""
    from metasynth.synthesise.codebook import codebook_from_document

    document = {
        "categories": [{"id": "c", "label": HOSTILE["category"]}],
        "subcategories": [{"id": "s", "category": "c", "label": HOSTILE["subcategory"]}],
        "concepts": [{"id": "k", "subcategory": "s", "label": HOSTILE["concept"],
                      "codes": ["trust"]}],
    }  # fmt: skip
    qdc = tmp_path / "theirs.qdc"
    qdc.write_bytes(export_qdc(codebook_from_document(document, file="theirs.yaml")).data)
    codebook = codebook_from_qdc(qdc)
    codes = pd.DataFrame(
        [{"record_id": "WOS:1", "coder": "c1", "code": "trust", "quote": "<b>Trust</b>\u202e",
          "location": "p. 1", "memo": "", "code_path": "trust", "source_file": "codes.csv",
          "source_ref": "line 2"}]
    ).astype("string")  # fmt: skip
    codings, _ = map_codes(codes, codebook, coders=["c1"], aggregate_coders="first")
    return framework_table(codings, codebook), codings


def test_framework_markdown_keeps_labels_as_text(
    framework: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    table, codings = framework
    markdown = framework_markdown(table, n_documents=1, codings=codings)
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "\u202e" not in markdown
    assert r"## \<script\>alert(1)\</script\> (1 document, 1 coding)" in markdown
    assert r"| **Costs \| benefits \<U+202E\>evil** | | **1** | **1** |" in markdown
    concept_row = next(line for line in markdown.splitlines() if "javascript" in line)
    assert concept_row == (
        r"| | \*bold\* \_i\_ \[x\](javascript:y) &amp;lt; $\\frac{$ \#5 | 1 | 1 |"
    )
    assert len(re.findall(r"(?<!\\)\|", concept_row)) == 5  # four cells, no more


def test_framework_latex_keeps_labels_as_text(
    framework: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    latex = framework_latex(framework[0])
    assert "\u202e" not in latex
    assert (
        r"\textbf{\textless{}script\textgreater{}alert(1)\textless{}/script\textgreater{}}" in latex
    )
    assert r"\textit{Costs | benefits \textless{}U+202E\textgreater{}evil}" in latex
    assert r"\$\textbackslash{}frac\{\$ \#5" in latex


def test_report_html_shows_a_right_to_left_override() -> None:
    html = element("td", "WOS:1 \u202etxt.exe", title="a\u202eb")
    assert html == '<td title="a&lt;U+202E&gt;b">WOS:1 &lt;U+202E&gt;txt.exe</td>'


def test_report_html_keeps_the_joiners_words_are_spelled_with() -> None:
    """Persian writes many words with a zero-width non-joiner, emoji sequences join with a
    zero-width joiner: the report shows them as written; between Latin letters, where a joiner
    only makes two names look alike, it is marked."""
    persian = "حسین\u200cزاده، داده\u200cهای سلامت"
    assert element("td", persian) == f"<td>{persian}</td>"
    assert element("td", "🧑\u200d🏫") == "<td>🧑\u200d🏫</td>"
    assert element("td", "tele\u200dmetry") == "<td>tele&lt;U+200D&gt;metry</td>"
    assert element("td", "\u200cحسین") == "<td>&lt;U+200C&gt;حسین</td>"


def test_messages_show_invisible_characters() -> None:
    error = InputError("unknown reviewer 'R\u202e1'", file="data/screening/x\u200b.csv", line=2)
    assert str(error) == "data/screening/x<U+200B>.csv:2: unknown reviewer 'R<U+202E>1'"
    notice = Notice("warning", "code 'a\u2066b' is not in the codebook", file="codes.csv")
    assert notice.message == "code 'a<U+2066>b' is not in the codebook"


def test_a_dollar_in_a_figure_label_is_a_dollar(tmp_path: Path) -> None:
    """matplotlib reads `$…$` as TeX math unless told not to; `$\\frac{$` would not parse."""
    with style.style_context():
        figure = style.new_figure()
        axes = figure.add_subplot()
        axes.set_title(HOSTILE["concept"])
        written = style.savefig(figure, tmp_path / "label", formats=("svg",))
    assert written == [tmp_path / "label.svg"]
