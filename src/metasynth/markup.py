"""Text written into Markdown and LaTeX files as literal text, whatever characters it holds.

The framework (`synthesise.aggregate`) and the Summary of Qualitative Findings and Evidence
Profile (`confidence.render`) are written as Markdown and LaTeX tables for the paper; labels,
quotes and findings come from the reviewers' files, so each cell goes through `markdown_escape` or
`latex_escape`. (HTML is escaped by the report's own builder, `report.html`.) XML 1.0 cannot
carry most control characters at all, escaped or not: `xml_text` leaves them out of the REFI-QDA
files and the SVG figures.
"""

from __future__ import annotations

import re

from metasynth.errors import visible

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_MARKDOWN_ENTITY = re.compile(r"&(?=[A-Za-z#])")


def markdown_escape(text: str) -> str:
    """Text from the inputs (codebook, codings, findings) as literal Markdown: every character
    Markdown (or the HTML it allows) would read as syntax is backslash-escaped, `&name;` entities
    are kept from expanding, line breaks become spaces (a table cell is one line), and invisible
    or reordering controls are shown (`errors.visible`)."""
    flat = " ".join(visible(str(text)).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _MARKDOWN_ENTITY.sub("&amp;", flat))


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}


def latex_escape(text: str) -> str:
    """Text safe inside a LaTeX table cell; invisible or reordering controls are shown
    (`errors.visible`), line breaks become spaces."""
    flat = " ".join(visible(str(text)).split())
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in flat)


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters outside XML 1.0's `Char` production (tab, LF and CR are allowed): a file holding
one is not XML, and every reader refuses it."""


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (`NOT_XML`); a vertical tab or form
    feed (a PDF's line or page break, copied) becomes a space."""
    return NOT_XML.sub(lambda match: " " if match.group() in "\x0b\x0c" else "", text)
