"""The PRISMA 2020 flow diagram (databases and registers), drawn with matplotlib.

Input: `PrismaCounts` (read back from `results/screening/prisma_counts.csv` by
`metasynth.screen.prisma_table.from_frame`). Output: a `Figure` at double-column width (174 mm)
in the PRISMA 2020 layout — phase bars (Identification, Screening, Included) on the left, the main
column of boxes joined by arrows, the "removed/excluded" boxes to the right — saved by the rule as
PNG, SVG and PDF through `metasynth.figures.style.savefig` (byte-identical from run to run).

Publications still awaiting a decision are shown in the right-hand boxes ("Awaiting a decision"),
so a diagram of a review in progress still adds up. For an updated review (counts of a review
version above 1, or with previous studies), a "Previous studies" column and a "Total studies
included" box are drawn, as in the PRISMA 2020 template for updated reviews; the new search is
shown per database and per search run, and its duplicates of previous versions' studies are
counted under the duplicates removed. When records were identified by other methods (citation
searching, websites, organisations, ...), the template's "Identification of studies via
other methods" column is drawn to the right: records identified per kind of source and the
duplicates of records already identified, reports sought, not retrieved, assessed and excluded,
joining the databases' column at "Studies included in review". Without such records the
diagram is the databases-and-registers one, unchanged. The words are those of PRISMA 2020's
template for new reviews ("Identification of studies", "Studies included in review", "Reports of
included studies"); an updated review's diagram has its template's "new studies" in each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from metasynth.checklist import NOT_APPRAISED
from metasynth.figures import style
from metasynth.screen.prisma import PrismaCounts

FONT_PT = 7.0
LINE_MM = FONT_PT * style.MM_PER_POINT * 1.32  # line height at linespacing 1.32
PAD_MM = 2.2
GAP_MM = 7.0


@dataclass
class Box:
    """A box of the diagram in millimetres from the top-left corner of the figure."""

    x: float
    y: float
    width: float
    lines: list[str]
    fill: str = "white"
    align: str = "center"

    @property
    def height(self) -> float:
        return 2 * PAD_MM + LINE_MM * len(self.lines)

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def mid_y(self) -> float:
        return self.y + self.height / 2


def _n(value: int) -> str:
    # No-break spaces keep "(n = 12)" on one line when a label wraps.
    return f"(n\u00a0=\u00a0{value:,})"


@cache
def _width_mm(text: str) -> float:
    """Rendered width of `text` at the diagram's font size, measured on the glyph outlines."""
    return style.text_width_pt(text, FONT_PT) * style.MM_PER_POINT


def _wrap(text: str, width_mm: float, indent: str = "") -> list[str]:
    """Greedy word wrap to the box's inner width; continuation lines indented two more spaces."""
    room = width_mm - 2 * PAD_MM
    lines: list[str] = []
    current = indent
    for word in text.split(" "):
        candidate = f"{current} {word}" if current.strip() else current + word
        if current.strip() and _width_mm(candidate) > room:
            lines.append(current)
            current = indent + "  " + word
        else:
            current = candidate
    lines.append(current)
    return lines


def _lines(items: list[tuple[str, str]], width_mm: float) -> list[str]:
    """Wrap (text, indent) items to the box width."""
    out: list[str] = []
    for text, indent in items:
        out += _wrap(text, width_mm, indent)
    return out


Items = list[tuple[str, str]]
"""Lines of a box before wrapping: (text, indent)."""


@dataclass(frozen=True)
class _Columns:
    """Where the diagram's columns are (mm): previous studies (updates), main, right-hand."""

    width: float
    previous: bool  # an updated review: a "Previous studies" column on the left
    prev_w: float
    left_x: float
    main_w: float
    right_x: float
    right_w: float
    other: bool = False  # records identified by other methods: the template's right column
    other_x: float = 0.0
    other_right_x: float = 0.0


OTHER_GAP_MM = 5.0
"""Between the databases' boxes and the other-methods column."""
MIN_BOX_MM = 34.0
"""The narrowest box of a four-column diagram (other methods): wider figures rather than less."""


def _columns(c: PrismaCounts) -> _Columns:
    width = style.COLUMN_WIDTHS_MM["double"]
    bar_w = 7.0
    previous = c.previous_studies > 0 or c.is_update
    prev_w = 36.0 if previous else 0.0
    left_x = 2.0 + bar_w + 3.0 + (prev_w + 4.0 if previous else 0.0)
    if c.has_other_methods:
        gaps = 8.0 + OTHER_GAP_MM + 8.0
        box_w = max(MIN_BOX_MM, (width - left_x - 2.0 - gaps) / 4)
        width = left_x + gaps + 4 * box_w + 2.0
        right_x = left_x + box_w + 8.0
        other_x = right_x + box_w + OTHER_GAP_MM
        return _Columns(
            width,
            previous,
            prev_w,
            left_x,
            box_w,
            right_x,
            box_w,
            True,
            other_x,
            other_x + box_w + 8.0,
        )
    main_w = (width - left_x - 2.0 - 8.0) * 0.5
    right_x = left_x + main_w + 8.0
    return _Columns(width, previous, prev_w, left_x, main_w, right_x, width - right_x - 2.0)


OTHER_SOURCE_LABELS = {
    "website": "Websites",
    "organisation": "Organisations",
    "citation_searching": "Citation searching",
    "other": "Other sources",
}
"""The other-methods source types as PRISMA 2020's box names them."""


def _other_rows(c: PrismaCounts) -> list[tuple[Items, Items] | None]:
    """The other-methods column beside each main row (None: no box in that row)."""
    identified = [("Records identified from:", "")] + [
        (f"{OTHER_SOURCE_LABELS.get(kind, kind)} {_n(n)}", "  ") for kind, n in c.other_identified
    ]
    if len(c.other_identified_by_search_run) > 1:
        identified += [("by search run:", "")]
        identified += [(f"{name} {_n(n)}", "  ") for name, n in c.other_identified_by_search_run]
    removed = [(f"Duplicates of records already identified {_n(c.other_duplicates)}", "")]
    not_retrieved = [(f"Reports not retrieved {_n(c.other_not_retrieved)}", "")]
    if c.other_pending_retrieval:
        not_retrieved += [(f"Awaiting retrieval {_n(c.other_pending_retrieval)}", "")]
    excluded = [("Reports excluded:", "")] + [
        (f"{label} {_n(n)}", "  ") for label, n in c.other_excluded_reports
    ]
    if not c.other_excluded_reports:
        excluded = [(f"Reports excluded {_n(0)}", "")]
    if c.other_pending_assessment:
        excluded += [(f"Awaiting assessment or appraisal {_n(c.other_pending_assessment)}", "")]
    return [
        (identified, removed),
        None,
        ([(f"Reports sought for retrieval {_n(c.other_sought)}", "")], not_retrieved),
        ([(f"Reports assessed for eligibility {_n(c.other_assessed)}", "")], excluded),
    ]


def _identification(c: PrismaCounts) -> tuple[Items, Items]:
    """The records identified (per database and search run) and removed before screening."""
    if c.identified_by_register:
        n_registers = sum(n for _, n in c.identified_by_register)
        identified = [(f"Records identified from databases {_n(c.identified - n_registers)}:", "")]
        identified += [(f"{name} {_n(n)}", "  ") for name, n in c.identified_by_database]
        identified += [(f"Records identified from registers {_n(n_registers)}:", "")]
        identified += [(f"{name} {_n(n)}", "  ") for name, n in c.identified_by_register]
    else:
        identified = [(f"Records identified from databases {_n(c.identified)}:", "")]
        identified += [(f"{name} {_n(n)}", "  ") for name, n in c.identified_by_database]
    # An update names its search runs even when there is one: they are what is new.
    if len(c.identified_by_search_run) > 1 or (c.is_update and c.identified_by_search_run):
        identified += [("by search run:", "")]
        identified += [(f"{name} {_n(n)}", "  ") for name, n in c.identified_by_search_run]
    removed = [
        ("Records removed before screening:", ""),
        (f"Duplicate records {_n(c.duplicates)}", "  "),
    ]
    if c.is_update:
        removed += [(f"of records from previous versions {_n(c.duplicates_of_previous)}", "      ")]
    removed += [
        (f"Records marked as ineligible by automation tools {_n(c.excluded_automatic)}", "  "),
    ]
    removed += [(f"{label} {_n(n)}", "      ") for label, n in c.excluded_automatic_by_reason]
    removed += [(f"Records removed for other reasons {_n(c.linked_reports)}", "  ")]
    if c.linked_reports:
        removed += [("(errata, notices, versions linked to their study)", "      ")]
    return identified, removed


def _rows(c: PrismaCounts) -> list[tuple[Items, Items, str]]:
    """The main column's boxes top to bottom, each with its right-hand box and phase."""
    identified, removed = _identification(c)
    rows: list[tuple[Items, Items, str]] = [
        (identified, removed, "identification"),
        (
            [(f"Records screened {_n(c.screened)}", "")],
            [(f"Records excluded {_n(c.excluded_screening)}", "")]
            + (
                [(f"Awaiting a decision or in conflict {_n(c.pending_screening)}", "")]
                if c.pending_screening
                else []
            ),
            "screening",
        ),
        (
            [(f"Reports sought for retrieval {_n(c.sought)}", "")],
            [(f"Reports not retrieved {_n(c.not_retrieved)}", "")]
            + (
                [(f"Awaiting retrieval {_n(c.pending_retrieval)}", "")]
                if c.pending_retrieval
                else []
            ),
            "screening",
        ),
    ]
    excluded = [("Reports excluded:", "")] + [
        (f"{label} {_n(n)}", "  ") for label, n in c.excluded_reports
    ]
    if not c.excluded_reports:
        excluded = [(f"Reports excluded {_n(0)}", "")]
    if c.pending_assessment:
        excluded += [(f"Awaiting assessment or appraisal {_n(c.pending_assessment)}", "")]
    if c.appraisal_tool == NOT_APPRAISED:
        excluded += [("Quality of the studies not appraised", "")]
    rows.append(
        ([(f"Reports assessed for eligibility {_n(c.assessed)}", "")], excluded, "screening")
    )
    return rows


def _previous_boxes(
    c: PrismaCounts, columns: _Columns, top: float, bottom: float
) -> tuple[Box, Box, Box]:
    """An update's "Previous studies" header and box (from `top`), and the "Total studies
    included" box below the main column (which ends at `bottom`)."""
    prev_x = columns.left_x - columns.prev_w - 4.0
    prev_header = Box(prev_x, 2.0, columns.prev_w, ["Previous studies"], style.LIGHT["grey"])
    previous_items = [
        (f"Studies included in previous version of review {_n(c.previous_studies)}", ""),
        (f"Reports of studies included in previous version {_n(c.previous_reports)}", ""),
    ]
    if c.previous_pending:
        # A previous version left unfinished: say so rather than lose them.
        previous_items += [(f"Still awaiting a decision {_n(c.previous_pending)}", "")]
    prev = Box(prev_x, top, columns.prev_w, _lines(previous_items, columns.prev_w))
    total_items = [
        (f"Total studies included in review {_n(c.total_studies)}", ""),
        (f"Reports of total included studies {_n(c.total_reports)}", ""),
    ]
    total = Box(
        columns.left_x, bottom + GAP_MM, columns.main_w, _lines(total_items, columns.main_w)
    )
    return prev_header, prev, total


def _main_rows(
    c: PrismaCounts, columns: _Columns, y: float
) -> tuple[list[Box], list[tuple[Box, Box, str]], dict[str, tuple[float, float]], Box, float]:
    """The rows from "Records identified" to "Reports assessed" from height `y` down: boxes,
    arrows, phase extents, the last box of the main column, and the height below the rows."""
    boxes: list[Box] = []
    arrows: list[tuple[Box, Box, str]] = []
    phases: dict[str, tuple[float, float]] = {}
    above: Box | None = None
    others = _other_rows(c) if columns.other else [None] * 4
    other_above: Box | None = None
    for (left_items, right_items, phase), other in zip(_rows(c), others, strict=True):
        left = Box(
            columns.left_x,
            y,
            columns.main_w,
            _lines(left_items, columns.main_w),
            align="center" if len(left_items) == 1 else "left",
        )
        right = Box(
            columns.right_x, y, columns.right_w, _lines(right_items, columns.right_w), align="left"
        )
        row = [left, right]
        if other is not None:
            other_left = Box(
                columns.other_x,
                y,
                columns.main_w,
                _lines(other[0], columns.main_w),
                align="center" if len(other[0]) == 1 else "left",
            )
            other_right = Box(
                columns.other_right_x,
                y,
                columns.right_w,
                _lines(other[1], columns.right_w),
                align="left",
            )
            row += [other_left, other_right]
            arrows.append((other_left, other_right, "right"))
            if other_above is not None:
                arrows.append((other_above, other_left, "down"))
            other_above = other_left
        height = max(box.height for box in row)
        # The boxes of a row share a height, so the horizontal arrows meet them level.
        for box in row:
            box.lines += [""] * round((height - box.height) / LINE_MM)
        boxes += row
        arrows.append((left, right, "right"))
        if above is not None:
            arrows.append((above, left, "down"))
        start, _ = phases.get(phase, (y, y))
        phases[phase] = (start, left.bottom)
        above = left
        y = max(box.bottom for box in row) + GAP_MM
    assert above is not None
    if other_above is not None:
        # the other-methods column joins the new studies included, below the main column
        arrows.append((other_above, Box(columns.left_x, y, columns.main_w, ["", ""]), "join"))
    return boxes, arrows, phases, above, y


def _layout(
    c: PrismaCounts,
) -> tuple[list[Box], list[tuple[Box, Box, str]], dict[str, tuple[float, float]], float, float]:
    """Boxes, arrows (from, to, side) and phase extents of the diagram; total width and height."""
    columns = _columns(c)
    # PRISMA 2020 has two templates: a new review's "studies", an updated review's "new studies".
    studies, reported = (
        ("new studies", "new included studies")
        if columns.previous
        else ("studies", "included studies")
    )
    header = Box(
        columns.left_x,
        2.0,
        columns.right_x + columns.right_w - columns.left_x,
        [f"Identification of {studies} via databases and registers"],
        style.LIGHT["yellow"],
    )
    if columns.other:
        header.width = columns.right_x + columns.right_w - columns.left_x
    boxes, arrows, phases, last, y = _main_rows(c, columns, header.bottom + 4.0)
    boxes.insert(0, header)
    if columns.other:
        boxes.insert(
            1,
            Box(
                columns.other_x,
                2.0,
                columns.other_right_x + columns.right_w - columns.other_x,
                _lines(
                    [(f"Identification of {studies} via other methods", "")],
                    columns.other_right_x + columns.right_w - columns.other_x,
                ),
                style.LIGHT["grey"],
            ),
        )
    included_items = [
        (f"{studies.capitalize()} included in review {_n(c.new_studies)}", ""),
        (f"Reports of {reported} {_n(c.new_reports)}", ""),
    ]
    included = Box(columns.left_x, y, columns.main_w, _lines(included_items, columns.main_w))
    # Tall enough for the rotated "Included" label of its phase bar.
    while included.height < 16.0:
        included.lines = (
            ["", *included.lines, ""] if included.height < 14.0 else [*included.lines, ""]
        )
    boxes.append(included)
    arrows.append((last, included, "down"))
    # the other-methods arrow (drawn to a placeholder at the included box's height) ends at it
    arrows = [
        (start, included, "join") if side == "join" else (start, end, side)
        for start, end, side in arrows
    ]
    phases["included"] = (y, included.bottom)
    bottom = included.bottom

    if columns.previous:
        prev_header, prev, total = _previous_boxes(c, columns, header.bottom + 4.0, bottom)
        boxes += [prev_header, prev, total]
        arrows.append((included, total, "down"))
        arrows.append((prev, total, "elbow"))
        phases["included"] = (phases["included"][0], total.bottom)
        bottom = total.bottom
    return boxes, arrows, phases, columns.width, bottom + 2.0


def draw_prisma(counts: PrismaCounts) -> Figure:
    """The PRISMA 2020 flow diagram for `counts`, as a matplotlib Figure."""
    boxes, arrows, phases, width, height = _layout(counts)
    with style.style_context():
        figure = Figure(figsize=(style.mm(width), style.mm(height)))
        axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.set_axis_off()
        for name, (top, bottom) in phases.items():
            axes.add_patch(
                FancyBboxPatch(
                    (2.0, top),
                    7.0,
                    bottom - top,
                    boxstyle="round,pad=0,rounding_size=1.2",
                    facecolor=style.LIGHT["blue"],
                    edgecolor=style.PALETTE["blue"],
                    linewidth=0.6,
                )
            )
            axes.text(
                5.5,
                (top + bottom) / 2,
                name.capitalize(),
                rotation=90,
                ha="center",
                va="center",
                fontsize=FONT_PT + 0.5,
                fontweight="bold",
            )
        for box in boxes:
            axes.add_patch(
                FancyBboxPatch(
                    (box.x, box.y),
                    box.width,
                    box.height,
                    boxstyle="square,pad=0",
                    facecolor=box.fill,
                    edgecolor=style.INK,
                    linewidth=0.6,
                )
            )
            text = "\n".join(box.lines).rstrip("\n")
            n_lines = text.count("\n") + 1
            if box.align == "center":
                top = box.mid_y - n_lines * LINE_MM / 2
                axes.text(
                    box.x + box.width / 2,
                    top,
                    text,
                    ha="center",
                    va="top",
                    fontsize=FONT_PT,
                    linespacing=1.32,
                    multialignment="center",
                )
            else:
                top = box.mid_y - n_lines * LINE_MM / 2
                axes.text(
                    box.x + PAD_MM,
                    top,
                    text,
                    ha="left",
                    va="top",
                    fontsize=FONT_PT,
                    linespacing=1.32,
                )
        for start, end, side in arrows:
            if side == "right":
                tail, head = (start.x + start.width, start.mid_y), (end.x, end.mid_y)
            elif side == "down":
                tail, head = (
                    (start.x + start.width / 2, start.bottom),
                    (end.x + end.width / 2, end.y),
                )
            elif side == "join":  # other methods → new studies: down, then left into the box
                tail, head = (
                    (start.x + start.width / 2, start.bottom),
                    (end.x + end.width, end.mid_y),
                )
            else:  # previous studies → total: down, then right into the total box
                tail, head = (start.x + start.width / 2, start.bottom), (end.x, end.mid_y)
            style_name = {
                "elbow": "angle,angleA=-90,angleB=180,rad=0",
                "join": "angle,angleA=-90,angleB=0,rad=0",
            }.get(side, "arc3")
            axes.add_patch(
                FancyArrowPatch(
                    tail,
                    head,
                    arrowstyle="-|>",
                    mutation_scale=7,
                    linewidth=0.7,
                    color=style.INK,
                    connectionstyle=style_name,
                    shrinkA=0,
                    shrinkB=0,
                )
            )
    return figure
