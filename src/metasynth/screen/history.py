"""One publication's whole history, for `metasynth audit RECORD_ID`.

Inputs: the audit trail (`results/screening/audit.csv`), the status table, the dedup clusters and,
when present, the publications table (for the title). Output: plain text, one block per stage,
one line per event — date, actor, event and decision, source file:line, detail — readable in a
terminal and stable (the order is the audit trail's).
"""

from __future__ import annotations

import pandas as pd

from metasynth.errors import InputError
from metasynth.screen.state import AUDIT_STAGES
from metasynth.text import as_text


def resolve_publication(record_id: str, clusters: pd.DataFrame) -> tuple[str, str]:
    """(publication id, a note when `record_id` is a duplicate) for any record_id of a cluster."""
    match = clusters[clusters["record_id"].astype(str) == record_id]
    if match.empty:
        raise InputError(
            f"unknown record_id {record_id!r}",
            element="RECORD_ID",
            hint="use a record_id from results/dedup/clusters.csv (e.g. WOS:000123456700001)",
        )
    row = match.iloc[0]
    publication = str(row["cluster_id"])
    if publication == record_id:
        return publication, ""
    if str(row["rule"]) == "report":  # an erratum, a retraction notice, an earlier version
        return publication, (
            f"{record_id} is a report linked to publication {publication} ({row['evidence']}); "
            f"showing publication {publication}"
        )
    return publication, (
        f"{record_id} is a duplicate of {publication} (merged by {row['rule']}); "
        f"showing publication {publication}"
    )


def reason_labels(reasons: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """(stage, reason code) → its label, from `results/screening/reasons.csv`; a code is also
    found under stage "" (the label of its first stage), for an event whose stage has none."""
    labels: dict[tuple[str, str], str] = {}
    if reasons is None:
        return labels
    for row in reasons.to_dict("records"):
        stage, code, label = (as_text(row.get(k)) for k in ("stage", "reason", "label"))
        if code and label:
            labels[(stage, code)] = label
            labels.setdefault(("", code), label)
    return labels


def _reason_text(stage: str, code: str, labels: dict[tuple[str, str], str]) -> str:
    """A reason code with its label, as a reviewer reads it ("off_topic: Not about ...")."""
    label = labels.get((stage, code)) or labels.get(("", code))
    return f"reason {code}: {label}" if label else f"reason {code}"


def format_history(
    record_id: str,
    audit: pd.DataFrame,
    status: pd.DataFrame,
    clusters: pd.DataFrame,
    publications: pd.DataFrame | None = None,
    reasons: pd.DataFrame | None = None,
) -> str:
    """The readable history of the publication that `record_id` belongs to; each reason code
    with its label when `reasons` (`results/screening/reasons.csv`) is given."""
    labels = reason_labels(reasons)
    publication, note = resolve_publication(record_id, clusters)
    lines = [note] if note else []
    title = ""
    if publications is not None:
        found = publications[publications["record_id"].astype(str) == publication]
        if not found.empty:
            pub = found.iloc[0]
            title = f' "{as_text(pub.get("title"))}" ({as_text(pub.get("year"))})'
    lines.append(f"{publication}{title}")
    state = status[status["record_id"].astype(str) == publication]
    if not state.empty:
        row = state.iloc[0]
        code = as_text(row["reason"])
        reason = f", {_reason_text(as_text(row['stage']), code, labels)}" if code else ""
        lines.append(f"status: {row['status']} (set at {row['stage']}{reason})")
    members = clusters[clusters["cluster_id"].astype(str) == publication]
    how = {"primary": "primary", "report": "a report linked to it"}
    described = [
        f"{r['record_id']} ({how.get(str(r['rule']), 'merged by ' + str(r['rule']))})"
        for r in members.to_dict("records")
    ]
    lines.append("records: " + ", ".join(described))
    events = audit[audit["record_id"].astype(str) == publication]
    for stage in AUDIT_STAGES:
        at_stage = events[events["stage"] == stage]
        if at_stage.empty:
            continue
        lines.append("")
        lines.append(stage.replace("_", " "))
        for event in at_stage.to_dict("records"):
            where = as_text(event["source_file"])
            if as_text(event["source_line"]):
                where += f":{event['source_line']}"
            what = " ".join(
                as_text(v)
                for v in (event["event"], event["decision"], event["reason"])
                if as_text(v)
            )
            detail = as_text(event["detail"])
            code = as_text(event["reason"])
            if code and ((stage, code) in labels or ("", code) in labels):
                named = _reason_text(stage, code, labels)
                detail = f"{named} — {detail}" if detail else named
            if as_text(event["note"]):
                detail = f"{detail} — note: {event['note']}" if detail else f"note: {event['note']}"
            lines.append(
                f"  {as_text(event['date']) or '':10}  {as_text(event['actor']):14} {what:28} "
                f"{where}".rstrip()
            )
            if detail:
                lines.append(f"  {'':10}  {'':14} {detail}")
    return "\n".join(lines) + "\n"
