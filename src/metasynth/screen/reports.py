"""Small tables around the record states: included publications, notices, PRISMA labels.

Inputs: the status table, publications, CASP summary, notices and settings. Outputs:
`included_table` (results/screening/included.csv: the included publications with their key
bibliographic fields and CASP total/band, sorted by record_id), `notices_table` (notices.csv),
`prisma_labels` (reason code → label maps for the PRISMA counts) and `rule_lines` (the config
line of each eligibility rule, for the audit trail).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from metasynth.errors import Notice
from metasynth.screen.settings import ScreeningSettings
from metasynth.text import as_text
from metasynth.validation import yaml_line

INCLUDED_COLUMNS = [
    "record_id",
    "title",
    "authors",
    "year",
    "source_title",
    "doi",
    "casp_total",
    "casp_band",
]


def included_table(
    status: pd.DataFrame, publications: pd.DataFrame, casp: pd.DataFrame
) -> pd.DataFrame:
    """The included publications, one row each, sorted by record_id."""
    included = sorted(status[status["status"] == "included"]["record_id"].astype(str))
    # the included rows alone as Python objects: every publication's would take gigabytes
    chosen = publications[publications["record_id"].astype(str).isin(set(included))]
    pubs = {str(r["record_id"]): r for r in chosen.to_dict("records")}
    scores = {str(r["record_id"]): r for r in casp.to_dict("records")}
    rows = []
    for record_id in included:
        pub, score = pubs.get(record_id, {}), scores.get(record_id, {})
        rows.append(
            {
                "record_id": record_id,
                **{c: as_text(pub.get(c)) for c in INCLUDED_COLUMNS[1:6]},
                "casp_total": as_text(score.get("total")),
                "casp_band": as_text(score.get("band")),
            }
        )
    return pd.DataFrame(rows, columns=INCLUDED_COLUMNS).astype("string")


def notices_table(notices: list[Notice]) -> pd.DataFrame:
    """Notices as a table (severity, file, line, message), in the order they were raised."""
    rows = [
        {
            "severity": n.severity,
            "file": n.file or "",
            "line": "" if n.line is None else str(n.line),
            "message": n.message,
        }
        for n in notices
    ]
    return pd.DataFrame(rows, columns=["severity", "file", "line", "message"]).astype("string")


def prisma_labels(settings: ScreeningSettings) -> tuple[dict[str, str], dict[str, str]]:
    """(full-text reason code → label, automatic rule code → label), in config order."""
    full_text = {r.code: r.label for r in settings.reasons.get("full_text", ())}
    automatic = {r.code: r.label for r in settings.rules}
    return full_text, automatic


def rule_lines(config_file: str | Path, codes: Sequence[str]) -> dict[str, int]:
    """The line of each eligibility rule (by code, in config order) in the config file that
    sets them, for the audit trail."""
    lines = {}
    for index, code in enumerate(codes):
        line = yaml_line(config_file, ["screening", "eligibility", index])
        if line is not None:
            lines[code] = line
    return lines
