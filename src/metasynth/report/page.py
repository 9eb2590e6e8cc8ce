"""What every part of the report shares: the section type, the page being built, and the small
HTML helpers the parts use (numbers, notes, figures, links to studies and concepts).

A part of the report is a `Section`: an id (the link target), a title (the heading and the line
in the contents) and a function from the `Page` to the section's `Body` (its content and an
optional introduction). `metasynth.report.PARTS` lists the sections in page order; a new part is
one module defining a `Section` and one line in that list.

`Page` is what a section may read: the report's inputs (`ReportInputs`, tables as in
docs/data-contracts.md), the included studies' numbers (`Studies`), the concepts' labels and the
titles of every section (for cross-links). Nothing here computes a fact of the review: each
table comes from the stage that owns it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from metasynth.report.html import (
    Child,
    Markup,
    anchor_id,
    data_uri,
    element,
    escape,
    join,
    link,
    table,
)
from metasynth.report.inputs import ReportInputs
from metasynth.text import as_text, split_multi


@dataclass(frozen=True)
class Body:
    """What a section shows under its heading: an introduction (optional) and its content."""

    content: tuple[Child, ...]
    intro: Child = None


def body(*content: Child, intro: Child = None) -> Body:
    return Body(content, intro)


@dataclass(frozen=True)
class Section:
    """One part of the page: `render(page)` gives its body; the heading comes from `title`."""

    id: str
    title: str
    render: Callable[[Page], Body]

    def html(self, page: Page) -> Markup:
        """`<section id>` with its heading, a link back to the contents, then the body."""
        shown = self.render(page)
        return element(
            "section",
            element("h2", self.title, element("a", "↑", href="#contents", class_="up")),
            element("p", shown.intro, class_="intro") if shown.intro is not None else None,
            *shown.content,
            id=self.id,
        )


class Studies:
    """The included studies' numbering (S1…Sn) and the links to their rows."""

    def __init__(self, numbers: pd.DataFrame) -> None:
        self.numbers = numbers  # record_id, study, label
        ids = numbers["record_id"].astype(str).tolist()
        self.label_of = dict(zip(ids, numbers["label"].astype(str), strict=True))
        self.position = {
            record_id: int(n) for record_id, n in zip(ids, numbers["study"], strict=True)
        }

    def link(self, record_id: str) -> Markup:
        """A link to the study's row, or the record_id as text for a study not included."""
        label = self.label_of.get(record_id)
        if label is None:
            return escape(record_id)
        return link(anchor_id("study", record_id), label, title=record_id)

    def order(self, record_id: str) -> int:
        """The study's number (studies not included sort last)."""
        return self.position.get(record_id, 10**9)


@dataclass
class Page:
    """The report being built: its inputs, the study numbers and every section's title."""

    inputs: ReportInputs
    studies: Studies
    titles: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def concept_labels(self) -> dict[str, str]:
        """Concept id → label, in framework order (results/synthesis/framework.csv)."""
        framework = self.inputs.framework
        if framework.empty:
            return {}
        concepts = framework[framework["level"].astype(str) == "concept"]
        return dict(
            zip(concepts["concept"].astype(str), concepts["label"].astype(str), strict=True)
        )

    @cached_property
    def framework_labels(self) -> dict[str, str]:
        """Category, sub-category and concept id → label (results/synthesis/framework.csv)."""
        labels = {}
        for r in self.inputs.framework.to_dict("records"):
            key = {"category": r["category"], "subcategory": r["subcategory"]}.get(
                str(r["level"]), r["concept"]
            )
            labels[str(key)] = str(r["label"])
        return labels

    @cached_property
    def descriptions(self) -> dict[str, str]:
        """Concept id → its description in the codebook (none without a codebook)."""
        codebook = self.inputs.codebook
        return {c.id: c.description for c in codebook.concepts} if codebook else {}

    @cached_property
    def prisma_values(self) -> dict[str, str]:
        """PRISMA key → count (or breakdown), from results/screening/prisma_counts.csv."""
        frame = self.inputs.prisma
        if frame.empty:
            return {}
        return dict(zip(frame["data"].astype(str), frame["n"].astype(str), strict=True))

    def not_enough_data(self, step: str) -> Markup | None:
        """A note saying why a statistic is not computed yet ("not enough data (n = …)") or not
        at all ("one coder"), from results/progress.csv; None when it is computed (or the table
        is missing)."""
        progress = self.inputs.progress
        if progress.empty:
            return None
        rows = progress[progress["step"].astype(str) == step].to_dict("records")
        state = as_text(rows[0]["state"]) if rows else ""
        if state == "not_applicable":
            return note(f"Not part of this review: {as_text(rows[0]['waiting_for'])}.")
        if state != "not_enough_data":
            return None
        return note(f"Not yet: {as_text(rows[0]['waiting_for'])}.", "warning")

    def file(self, name: str) -> str:
        """The path of an input file as the render_report rule names it (captions show it)."""
        return self.inputs.files[name]

    def concept(self, concept: str) -> Markup:
        """A link to a concept's evidence, named by its label (its id when it has none)."""
        return concept_link(concept, self.concept_labels.get(concept, concept))


# --------------------------------------------------------------------------- formatting


def number(value: object) -> str:
    """An integer with thousands separators ("1,234"); other text unchanged; "" stays ""."""
    text = as_text(value)
    try:
        return f"{int(text):,}"
    except ValueError:
        return text


def counted(value: object, noun: str, nouns: str) -> str:
    """A count with its noun in the right number: "1 study", "2 studies", "1,234 codings"."""
    text = number(value)
    return f"{text} {noun if text == '1' else nouns}"


def decimal(value: object, digits: int = 3) -> str:
    """A number with `digits` decimals, "" for empty cells."""
    text = as_text(value)
    if not text:
        return ""
    try:
        return f"{float(text) + 0.0:.{digits}f}"
    except ValueError:
        return text


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else ""


def authors_short(authors: object) -> str:
    """Up to three authors, then "et al."."""
    names = split_multi(authors)
    if len(names) > 3:
        return "; ".join(names[:3]) + " et al."
    return "; ".join(names)


# --------------------------------------------------------------------------- blocks


def note(text: Child, kind: str = "note") -> Markup:
    return element("p", text, class_=kind)


def paragraphs(text: str) -> Markup:
    return join([element("p", p) for p in text.split("\n\n") if p.strip()], "")


def figure(page: Page, name: str, *, figure_id: str | None = None) -> Markup:
    """An embedded figure with its caption, or a note when the figure is not available.

    On a screen narrower than the figure (a phone shrinks a double-column figure to a third,
    its 7-pt type to about 2.5 pt) the image, and a "full size" link above the caption, open
    it at its full screen size (`FigureImage.display_width`) in a box that scrolls sideways
    (report.css, `div.zoom:target`); "fit to the page" shrinks it again. The same image: no
    second copy in the file."""
    image = page.inputs.figures.get(name)
    if image is None:
        return note(f"Figure {name} is not available in this run.", "warning")
    figure_id = figure_id or anchor_id("figure", name)
    full_id = anchor_id("full", name)
    return element(
        "figure",
        element(
            "div",
            element(
                "a",
                element(
                    "img",
                    src=data_uri(image.data, image.mime),
                    width=str(image.display_width) if image.display_width else None,
                    alt=image.caption.split("\n")[0] if image.caption else name,
                ),
                href=f"#{full_id}",
                title="Open at full size",
            ),
            class_="zoom",
            id=full_id,
        ),
        element(
            "p",
            "Small on this screen? ",
            link(full_id, "Open it at full size"),
            " (scroll sideways) · ",
            link(figure_id, "fit to the page"),
            class_="zoom",
        ),
        element(
            "figcaption",
            element("span", name, class_="figname"),
            " ",
            paragraphs(image.caption) if image.caption else None,
        ),
        id=figure_id,
    )


def concept_link(concept: str, label: str) -> Markup:
    return link(anchor_id("concept", concept), label)


def _where(notice: dict[str, Any]) -> str:
    """A notice's place: file, then `:line`, then ` element` (a QDA project's) when given."""
    where = as_text(notice["file"])
    if as_text(notice["line"]):
        where += f":{as_text(notice['line'])}"
    if as_text(notice.get("element")):
        where += f" {as_text(notice['element'])}"
    return where


def notices_table(notices: pd.DataFrame, caption: str) -> Markup | None:
    """A notices.csv (severity, file, line, [element,] message) as a table, or None when it is
    empty."""
    if notices.empty:
        return None
    rows = [
        [
            as_text(r["severity"]),
            element("code", _where(r)),
            as_text(r["message"]),
        ]
        for r in notices.to_dict("records")
    ]
    return table(["Severity", "Where", "What was noticed"], rows, caption=caption)
