"""The Evidence Profile and SoQF as Markdown, LaTeX and Word (iSoQ's headings and words)."""

from __future__ import annotations

import io

import docx

from metasynth.confidence.render import (
    Heading,
    profile_docx,
    profile_markdown,
    soqf_docx,
    soqf_latex,
    soqf_markdown,
)

from .conftest import assess_review

HEADING = Heading("A review with <b>tags</b> & 50% more", "Why?", "R1")


def test_a_component_reads_as_isoq_writes_it_with_the_facts_in_brackets(tables):
    text = profile_markdown(tables.profile, HEADING)
    assert (
        "Minor concerns regarding methodological limitations because one study was not appraised "
        "(3 studies: excellent 1 (33%: S1); very good 1 (33%: S2); not appraised 1 (33%: S4))"
    ) in text
    assert "No/very minor concerns regarding coherence |" in text
    assert "| Not yet judged |" in text


def test_soqf_markdown_has_isoq_headings_and_escapes_text(tables):
    text = soqf_markdown(tables.soqf, HEADING)
    assert (
        "| # | Finding | Summarised review finding | GRADE-CERQual assessment of confidence | "
        "Explanation of GRADE-CERQual assessment | References |"
    ) in text
    piped = tables.soqf.assign(summary="usable | secure")
    assert "| usable \\| secure |" in soqf_markdown(piped, HEADING)


def test_soqf_latex_escapes_text(tables):
    assert r"50\% more" in soqf_latex(tables.soqf, HEADING)


def test_word_tables_hold_every_finding_and_are_the_same_bytes_twice(tables):
    first = soqf_docx(tables.soqf, HEADING)
    assert first == soqf_docx(tables.soqf, HEADING)
    table = docx.Document(io.BytesIO(first)).tables[0]
    assert [c.text for c in table.rows[0].cells][3] == "GRADE-CERQual assessment of confidence"
    assert [c.text for c in table.rows[2].cells][3:5] == ["Not yet judged", "Not yet judged"]


def test_the_word_evidence_profile_is_landscape_with_a_sensitivity_table(tables):
    document = docx.Document(io.BytesIO(profile_docx(tables.profile, HEADING)))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert [len(t.rows) for t in document.tables] == [3, 3]


def test_controls_in_a_finding_are_shown_in_word_not_a_traceback(review, codebook):
    # a vertical tab in the review's title (config) made python-docx raise ValueError (XML holds
    # no control character); a right-to-left override went into the document as it was (shown
    # as <U+…> everywhere else)
    from metasynth.confidence.findings import load_findings

    findings_file = review / "findings.yaml"
    text = findings_file.read_text(encoding="utf-8")
    findings_file.write_text(
        text.replace(
            "summary: The platform must be usable and secure.",
            'summary: "The platform\\vmust be \\u202eusable."',
        ),
        encoding="utf-8",
    )
    findings = load_findings(findings_file, codebook)
    tables = assess_review(review, findings, codebook)
    heading = Heading("A review\v\u202e title", "Why?", "R1")
    for made in (soqf_docx(tables.soqf, heading), profile_docx(tables.profile, heading)):
        document = docx.Document(io.BytesIO(made))
        texts = [cell.text for row in document.tables[0].rows for cell in row.cells]
        assert any("The platform must be <U+202E>usable." in t for t in texts), texts
        assert "A review<U+000B><U+202E> title" in document.paragraphs[1].text


def test_an_explanation_that_says_its_level_is_not_said_twice(review, findings, codebook):
    """Reviewers write "Moderate concerns because …" or "because …" themselves."""
    (review / "cerqual.yaml").write_text(
        "assessed_by: [R1]\njudgements:\n- finding: tech\n"
        "  adequacy: {concern: moderate, explanation: Moderate concerns because quotes are short}\n"
        "  coherence: {concern: minor, explanation: because one study differs}\n"
        "  relevance: {concern: minor, explanation: serious concerns as all are from one city}\n",
        encoding="utf-8",
    )
    tables = assess_review(review, findings, codebook)
    text = profile_markdown(tables.profile, HEADING)
    assert "| Moderate concerns because quotes are short (" in text
    assert "Minor concerns regarding coherence because one study differs |" in text
    # a level that differs from the judged one stays visible beside it
    assert "Minor concerns regarding relevance because serious concerns as all are" in text


PERSIAN_FINDING = "دانشجویان به مربی‌گری الکترونیکی اعتماد دارند (trust, feedback)."


def test_a_finding_in_persian_is_a_right_to_left_paragraph_in_word(tables):
    # Word set it as a left-to-right paragraph: aligned left, and its closing "(trust,
    # feedback)." on the wrong side of the sentence
    soqf = tables.soqf.assign(summary=[PERSIAN_FINDING, *tables.soqf["summary"].iloc[1:]])
    table = docx.Document(io.BytesIO(soqf_docx(soqf, HEADING))).tables[0]
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def right_to_left(cell):  # type: ignore[no-untyped-def]
        paragraph = cell.paragraphs[0]._p
        runs = paragraph.findall(f"{qn}r")
        return (
            paragraph.find(f"{qn}pPr/{qn}bidi") is not None,
            [run.find(f"{qn}rPr/{qn}rtl") is not None for run in runs],
        )

    assert table.rows[1].cells[2].text == PERSIAN_FINDING
    assert right_to_left(table.rows[1].cells[2]) == (True, [True])
    assert right_to_left(table.rows[2].cells[2]) == (False, [False])  # English stays as it was


def test_latex_with_persian_says_which_engine_sets_it(tables):
    # pdfLaTeX stops at the first Persian letter ("Unicode character not set up for use")
    soqf = tables.soqf.assign(summary=[PERSIAN_FINDING, *tables.soqf["summary"].iloc[1:]])
    assert "compile with XeLaTeX or LuaLaTeX" in soqf_latex(soqf, HEADING)
    assert "XeLaTeX" not in soqf_latex(tables.soqf, HEADING)
