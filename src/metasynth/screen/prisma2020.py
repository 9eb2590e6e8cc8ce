"""The PRISMA 2020 counts as the PRISMA2020 R package and Shiny app read them.

Input: the counts table `metasynth.screen.prisma_table.to_frame` writes (`data, n`: every
template key and the `metasynth_*` keys, breakdowns as "label, n; label, n"). Output: the
package's data template (`prisma2020_template.yaml`, copied from prisma-flowdiagram/PRISMA2020's
inst/extdata/PRISMA.csv) with every row and column it has — title boxes, tooltips, links,
`total_studies_ma` — and `n` filled from the counts, so that `PRISMA_data(read.csv(file))` and
the Shiny app's upload take it as is. Three things of that reader shape the file:

- every row is found with a substring `grep()` on `data`, so the file holds the template's keys
  only (`metasynth_pending_screening` would be read as `screening`; metasynth's own rows stay
  in the counts table);
- a breakdown is cut at the first comma of each "label, n" part and split at every ";", so
  commas and semicolons inside a label become " / ";
- rows metasynth has no count for keep the template's value where the app reads it as "not
  used" (`register_specific_results` of a review that searched no register), and a breakdown
  with no part is "0".
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from metasynth.errors import InputError
from metasynth.screen.prisma_table import parse_breakdown

TEMPLATE_FILE = "prisma2020_template.yaml"
BREAKDOWN_KEYS = frozenset(
    {"database_specific_results", "register_specific_results", "dbr_excluded", "other_excluded"}
)
"""Keys whose value is a breakdown ("label, n; label, n") rather than a number."""

KEEP_TEMPLATE_VALUE = frozenset({"register_specific_results"})
"""Keys whose template placeholder stays when metasynth has nothing for them (no register
searched: no run with `source_type: register`)."""

_SEPARATORS = re.compile(r"\s*[,;]\s*")


@cache
def template() -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """(columns, rows) of the PRISMA2020 package's data template, shipped as data."""
    resource = resources.files("metasynth.screen") / TEMPLATE_FILE
    document: dict[str, Any] = yaml.safe_load(resource.read_text(encoding="utf-8"))
    columns = tuple(str(c) for c in document["columns"])
    rows = tuple({str(k): str(v) for k, v in row.items()} for row in document["rows"])
    return columns, rows


def safe_label(label: str) -> str:
    """A breakdown label PRISMA2020 reads whole: its commas and semicolons become " / "."""
    return _SEPARATORS.sub(" / ", label.strip())


def _breakdown(value: str) -> str:
    """A "label, n; label, n" breakdown with labels PRISMA2020 can parse; "0" when empty."""
    parts = parse_breakdown(value)
    return "; ".join(f"{safe_label(label)}, {number}" for label, number in parts) or "0"


def to_prisma2020(counts: pd.DataFrame, *, file: str = "the PRISMA counts") -> pd.DataFrame:
    """The PRISMA2020 data file (all template rows and columns) filled from a counts table."""
    values = dict(zip(counts["data"].astype(str), counts["n"].astype(str), strict=True))
    columns, rows = template()
    filled = []
    for row in rows:
        key = row["data"]
        unused = key in KEEP_TEMPLATE_VALUE and not values.get(key)
        if unused or key not in values:
            n = row["template_n"] if unused or key == "NA" else "0"
        elif key in BREAKDOWN_KEYS:
            n = _breakdown(values[key])
        else:
            n = values[key] or "0"
            if not n.isdigit():
                raise InputError(
                    f"PRISMA key {key} holds {n!r}, not a count",
                    file=file,
                    hint="re-run the count_prisma rule",
                )
        filled.append({**{c: row[c] for c in columns if c != "n"}, "n": n})
    return pd.DataFrame(filled, columns=list(columns), dtype="string")


__all__ = ["safe_label", "template", "to_prisma2020"]
