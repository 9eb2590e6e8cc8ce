"""The Evidence Profile and the SoQF table as a person reads them: Markdown, LaTeX and Word.

Input: the tables of `profile` (evidence_profile.csv, soqf.csv as read back) and the review's
title and question. Output: text (Markdown, LaTeX longtable) and `.docx` bytes (python-docx,
landscape A4 for the Evidence Profile), byte-identical from run to run (fixed document dates,
fixed zip timestamps). Headings and wording are GRADE-CERQual's (Lewin et al. 2018, paper 2)
and iSoQ's; a judgement not yet made reads "Not yet judged", facts computed from the data are
given in brackets after the reviewers' words, and text from findings and judgements is escaped
with the shared Markdown and LaTeX helpers of `metasynth.markup`; in Word, invisible and
reordering controls are shown as `<U+202E>` (`errors.visible`), as everywhere else (Word's XML
cannot hold control characters at all).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from metasynth.confidence.judgements import COMPONENTS, CONCERNS, NOT_JUDGED
from metasynth.confidence.profile import SOQF_HEADINGS
from metasynth.errors import visible
from metasynth.markup import latex_escape, markdown_escape
from metasynth.text import as_text, is_right_to_left

PROFILE_HEADINGS = (
    "Summarised review finding",
    "Studies contributing to the review finding",
    "Methodological limitations",
    "Coherence",
    "Adequacy",
    "Relevance",
    "GRADE-CERQual assessment of confidence",
    "Explanation of GRADE-CERQual assessment",
)
"""The Evidence Profile's columns (Lewin et al. 2018, paper 2, Table 3; iSoQ's words)."""

FACTS = {
    "methodological_limitations": "methodological_limitations_facts",
    "adequacy": "adequacy_facts",
    "relevance": "countries",
}
"""The computed facts shown beside each component's judgement (coherence has none)."""


@dataclass(frozen=True)
class Heading:
    """What the documents say above the tables: the review, its question, who judged."""

    title: str
    question: str = ""
    assessed_by: str = ""


def component_cell(row: dict[str, object], key: str) -> str:
    """A component's judgement in iSoQ's words, then the computed facts in brackets."""
    concern, explanation = as_text(row[f"{key}_concern"]), as_text(row[f"{key}_explanation"])
    if concern:
        name = COMPONENTS[key].lower()
        # iSoQ writes the level in lower case inside the sentence ("No/very minor concerns")
        level = concern.replace("/Very", "/very")
        text = judged_sentence(level, name, explanation)
    else:
        text = NOT_JUDGED
    facts = as_text(row.get(FACTS.get(key, ""), ""))
    if key == "relevance" and facts:
        facts = f"countries: {facts}"
    return f"{text} ({facts})" if facts else text


def judged_sentence(level: str, name: str, explanation: str) -> str:
    """ "Minor concerns regarding coherence because …". Reviewers often write the sentence's
    start themselves ("Moderate concerns because …", "because …"): an explanation that opens
    with the judged level is shown as written, a leading "because" is not said twice. One that
    opens with another level keeps the judged level in front, so the two are seen to differ."""
    stated = _STATED_LEVEL.match(explanation)
    if stated and _level_key(stated.group(1)) == _level_key(level.split(" concerns")[0]):
        return explanation[0].upper() + explanation[1:]
    explanation = re.sub(r"^because\s+", "", explanation, flags=re.IGNORECASE)
    return f"{level} regarding {name}" + (f" because {explanation}" if explanation else "")


_STATED_LEVEL = re.compile(
    r"(no\s*(?:/|or)\s*very\s+minor|minor|moderate|serious)\s+concerns?\b", re.IGNORECASE
)


def _level_key(level: str) -> str:
    return "no_or_very_minor" if "very" in level.lower() else level.strip().lower()


def profile_cells(profile: pd.DataFrame) -> list[list[str]]:
    """The Evidence Profile's rows as text cells, in `PROFILE_HEADINGS` order."""
    rows = []
    for row in profile.to_dict("records"):
        rows.append(
            [
                f"{row['number']}. {as_text(row['summary'])}",
                as_text(row["studies"]).replace("; ", ", "),
                *[component_cell(row, key) for key in COMPONENTS],
                as_text(row["confidence"]) or NOT_JUDGED,
                as_text(row["confidence_explanation"]) or NOT_JUDGED,
            ]
        )
    return rows


def soqf_cells(table: pd.DataFrame) -> list[list[str]]:
    """The SoQF rows as text cells, in `SOQF_HEADINGS` order."""
    return [
        [
            as_text(row["number"]),
            as_text(row["title"]) or as_text(row["finding"]),
            as_text(row["summary"]),
            as_text(row["confidence"]) or NOT_JUDGED,
            as_text(row["explanation"]) or NOT_JUDGED,
            as_text(row["studies"]),
        ]
        for row in table.to_dict("records")
    ]


def sensitivity_cells(profile: pd.DataFrame) -> list[list[str]]:
    return [
        [f"{row['number']}. {as_text(row['finding'])}", as_text(row["leave_one_study_out"]),
         as_text(row["lower_quality_excluded"]), as_text(row["missing"]) or "nothing"]
        for row in profile.to_dict("records")
    ]  # fmt: skip


SENSITIVITY_HEADINGS = (
    "Finding",
    "Leave one study out",
    "Lower-quality studies excluded",
    "Judgements still missing",
)

LEGEND = (
    "Levels of concern: " + ", ".join(CONCERNS.values()) + ". Confidence (Lewin et al. 2018): "
    "high — it is highly likely, moderate — likely, low — possible, very low — not clear whether "
    "the review finding is a reasonable representation of the phenomenon of interest. Facts in "
    "brackets are computed by metasynth from the codings and the appraisal; the judgements are "
    "the reviewers' (data/coded/cerqual.yaml)."
)


# --------------------------------------------------------------------------- Markdown


def _md_table(headings: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(markdown_escape(cell) for cell in row) + " |" for row in rows]
    return lines


def _md_heading(heading: Heading, what: str) -> list[str]:
    lines = [f"# {what}", "", f"**Review:** {markdown_escape(heading.title)}", ""]
    if heading.question:
        lines += [f"**Review question:** {markdown_escape(heading.question)}", ""]
    if heading.assessed_by:
        lines += [f"**Assessed by:** {markdown_escape(heading.assessed_by)}", ""]
    return lines


def soqf_markdown(table: pd.DataFrame, heading: Heading) -> str:
    lines = _md_heading(heading, "Summary of Qualitative Findings")
    lines += [*_md_table(SOQF_HEADINGS, soqf_cells(table)), "", LEGEND, ""]
    return "\n".join(lines)


def profile_markdown(profile: pd.DataFrame, heading: Heading) -> str:
    lines = _md_heading(heading, "GRADE-CERQual Evidence Profile")
    lines += [*_md_table(PROFILE_HEADINGS, profile_cells(profile)), "", LEGEND, ""]
    lines += ["## Sensitivity of each finding", ""]
    lines += [*_md_table(SENSITIVITY_HEADINGS, sensitivity_cells(profile)), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- LaTeX


def _latex_table(
    headings: tuple[str, ...], widths: tuple[float, ...], rows: list[list[str]]
) -> list[str]:
    spec = "".join(f"p{{{w:.2f}\\linewidth}}" for w in widths)
    lines = [
        rf"\begin{{longtable}}{{{spec}}}",
        r"\toprule",
        " & ".join(rf"\textbf{{{latex_escape(h)}}}" for h in headings) + r" \\",
        r"\midrule",
        r"\endhead",
    ]
    lines += [" & ".join(latex_escape(cell) for cell in row) + r" \\" for row in rows]
    lines += [r"\bottomrule", r"\end{longtable}"]
    return lines


def _latex_document(what: str, heading: Heading, body: list[str], landscape: bool) -> str:
    lines = [
        f"% {what}, written by metasynth (results/confidence/). Needs",
        "% \\usepackage{booktabs,longtable}"
        + (" and pdflscape (the landscape environment)." if landscape else "."),
        f"% Review: {latex_escape(heading.title)}",
    ]
    if _OTHER_SCRIPT.search("".join(body) + heading.title):
        lines += [
            "% It holds letters of scripts other than Latin (Persian, Chinese, ...), which",
            "% pdfLaTeX cannot set: compile with XeLaTeX or LuaLaTeX, \\usepackage{fontspec} and",
            "% a font that has them; right-to-left text also needs polyglossia (or bidi).",
        ]
    if landscape:
        lines.append(r"\begin{landscape}")
    lines += [r"\footnotesize", *body, r"\normalsize"]
    if landscape:
        lines.append(r"\end{landscape}")
    return "\n".join(lines) + "\n"


_OTHER_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\ufb1d-\ufdff\ufe70-\ufefc]"
)
"""Letters of Greek, Cyrillic, Hebrew, Arabic, the Indic scripts, Thai, Hangul, kana and CJK."""


def soqf_latex(table: pd.DataFrame, heading: Heading) -> str:
    body = _latex_table(SOQF_HEADINGS, (0.03, 0.10, 0.33, 0.12, 0.22, 0.12), soqf_cells(table))
    return _latex_document("Summary of Qualitative Findings", heading, body, landscape=False)


def profile_latex(profile: pd.DataFrame, heading: Heading) -> str:
    widths = (0.16, 0.09, 0.14, 0.10, 0.12, 0.12, 0.08, 0.12)
    body = _latex_table(PROFILE_HEADINGS, widths, profile_cells(profile))
    body += ["", latex_escape(LEGEND), ""]
    body += _latex_table(SENSITIVITY_HEADINGS, (0.2, 0.3, 0.3, 0.15), sensitivity_cells(profile))
    return _latex_document("GRADE-CERQual Evidence Profile", heading, body, landscape=True)


# --------------------------------------------------------------------------- Word


FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""The creation and modification date written into every .docx (no run date: same bytes)."""


def _docx(
    what: str,
    heading: Heading,
    tables: list[tuple[str, tuple[str, ...], list[list[str]]]],
    landscape: bool,
) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(15))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(what, level=1)
    for label, value in (("Review", heading.title), ("Review question", heading.question),
                         ("Assessed by", heading.assessed_by)):  # fmt: skip
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(visible(value))
    for caption, headings, rows in tables:
        if caption:
            document.add_heading(caption, level=2)
        table = document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = visible(text)  # XML holds no control character; bidi shown
                if is_right_to_left(text):
                    _right_to_left(cell.paragraphs[0])
        document.add_paragraph(LEGEND)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = (
        what,
        "metasynth",
        "metasynth",
    )
    properties.created = properties.modified = FIXED_DATE
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _right_to_left(paragraph: Any) -> None:
    """Mark a Word paragraph and its runs right to left (`w:bidi`, `w:rtl`): a Persian or Arabic
    cell is then aligned and ordered as its reader expects, its closing punctuation at its end
    (on the left), not where a left-to-right paragraph puts it."""
    from docx.oxml import OxmlElement

    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01 (zipfile stamps the time of writing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def soqf_docx(table: pd.DataFrame, heading: Heading) -> bytes:
    return _docx(
        "Summary of Qualitative Findings",
        heading,
        [("", SOQF_HEADINGS, soqf_cells(table))],
        landscape=False,
    )


def profile_docx(profile: pd.DataFrame, heading: Heading) -> bytes:
    return _docx(
        "GRADE-CERQual Evidence Profile",
        heading,
        [
            ("", PROFILE_HEADINGS, profile_cells(profile)),
            ("Sensitivity of each finding", SENSITIVITY_HEADINGS, sensitivity_cells(profile)),
        ],
        landscape=True,
    )
