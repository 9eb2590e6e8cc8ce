"""Quality appraisal with the CASP qualitative checklist (10 questions), scored by a set scheme.

Appraisal comes after screening. Inputs: hand-edited CSV files under `data/appraisal/`,
sub-folders included (schema `casp`: record_id, appraiser, q1..q10, note, date; any other kind of
file there is refused), the `appraisal` section of the config, the record_id → publication map
from deduplication, the known reviewer ids (appraisers are reviewers), and the states at the end
of screening (`check_screened`: only a full text screening included may be appraised).

Two scoring schemes live in the config, and `appraisal.scheme` names the one that decides:

- `likert` — the convention common in management meta-syntheses: each question scored 1-5, total
  out of 50, bands (e.g. excellent 41-50 ... poor 0-10) and an inclusion threshold on the total;
- `casp` — CASP's own answers Yes / Can't tell / No, each worth configured points, with CASP's two
  screening questions (q1, q2): a "No" to either excludes whatever the total.

Outputs: `score_appraisals` gives one row per appraisal (points per question, total, band, source
file and line); `summarise_appraisals` one row per publication (`results/appraisal/casp.csv`): the
mean points per question and total over its appraisers, the band, and the decision `include`,
`exclude` or `awaiting` (fewer appraisers than `appraisers_per_publication`); `outcome_table`
the publications per band and decision (`results/appraisal/outcomes.csv`). A score out of range,
an unknown answer, appraiser or record_id, or an appraiser appraising a publication twice is an
`InputError` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.config import DEFAULT_CONFIG, section_with_defaults
from metasynth.errors import InputError
from metasynth.hand_files import read_hand_files
from metasynth.screen.state import NOT_PASSED, stage_order_error
from metasynth.text import MULTI_SEP, fold

SCHEMA = "casp"
QUESTIONS: tuple[str, ...] = tuple(f"q{i}" for i in range(1, 11))


@dataclass(frozen=True)
class Band:
    """A quality band: totals at or above `min` (and below the next band up) get `label`."""

    label: str
    min: float


@dataclass(frozen=True)
class Scheme:
    """One scoring convention: integer scores in a range, or named answers worth points."""

    name: str
    kind: str  # "score" or "answers"
    bands: tuple[Band, ...]
    include_min_total: float
    min_score: int = 1
    max_score: int = 5
    points: Mapping[str, float] | None = None
    screening_questions: tuple[str, ...] = ()

    @property
    def max_total(self) -> float:
        if self.kind == "score":
            return float(self.max_score * len(QUESTIONS))
        return float(max((self.points or {}).values(), default=0.0) * len(QUESTIONS))

    def band(self, total: float) -> str:
        for band in sorted(self.bands, key=lambda b: -b.min):
            if total >= band.min:
                return band.label
        return ""

    def allowed(self) -> str:
        if self.kind == "score":
            return f"a whole number from {self.min_score} to {self.max_score}"
        return ", ".join(repr(a) for a in (self.points or {}))

    def points_of(self, answer: str) -> float | None:
        """Points for one cell, or None when the answer is not valid in this scheme."""
        text = answer.strip()
        if self.kind == "score":
            if not text.lstrip("+").isdigit():
                return None
            value = int(text)
            return float(value) if self.min_score <= value <= self.max_score else None
        folded = {fold(name): float(p) for name, p in (self.points or {}).items()}
        return folded.get(fold(text))


@dataclass(frozen=True)
class AppraisalSettings:
    """Everything the appraisal stage reads from the config."""

    appraisal_dir: str
    scheme: Scheme
    schemes: Mapping[str, Scheme]
    appraisers_per_publication: int
    exclusion_code: str
    exclusion_label: str

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> AppraisalSettings:
        """From the `appraisal` section, or the part of it a rule reads (schema defaults fill
        the rest)."""
        values = section_with_defaults("appraisal", dict(section or {}))
        schemes = {name: _scheme(name, spec) for name, spec in values["schemes"].items()}
        chosen = str(values["scheme"])
        if chosen not in schemes:
            raise InputError(
                f"appraisal.scheme {chosen!r} is not defined under appraisal.schemes",
                file=DEFAULT_CONFIG,
                element="appraisal/scheme",
                hint=f"use one of {', '.join(sorted(schemes)) or '(none defined)'}",
            )
        return cls(
            appraisal_dir=str(values["appraisal_dir"]),
            scheme=schemes[chosen],
            schemes=schemes,
            appraisers_per_publication=int(values["appraisers_per_publication"]),
            exclusion_code=str(values["exclusion_code"]),
            exclusion_label=str(values["exclusion_label"]),
        )


def _scheme(name: str, spec: Mapping[str, Any]) -> Scheme:
    bands = tuple(Band(str(b["label"]), float(b["min"])) for b in spec.get("bands", []))
    kind = "answers" if "points" in spec else "score"
    screening = tuple(f"q{int(q)}" for q in spec.get("screening_questions", []))
    return Scheme(
        name=name,
        kind=kind,
        bands=bands,
        include_min_total=float(spec["include_min_total"]),
        min_score=int(spec.get("min", 1)),
        max_score=int(spec.get("max", 5)),
        points={str(k): float(v) for k, v in spec["points"].items()} if kind == "answers" else None,
        screening_questions=screening,
    )


def format_number(value: float) -> str:
    """A total or mean as people write it: "37", "36.5" (one decimal at most)."""
    rounded = round(value + 0.0, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def read_appraisal_files(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Every row of every CASP file, schema-checked, with `source_file` and `source_line`
    (`hand_files.read_hand_files`; a file that is not CSV is refused)."""
    columns = ["record_id", "appraiser", *QUESTIONS, "note", "date"]
    return read_hand_files(paths, SCHEMA, contents="CASP appraisals", columns=columns)


APPRAISAL_COLUMNS = [
    "record_id",
    "named_record_id",
    "appraiser",
    *QUESTIONS,
    "total",
    "band",
    "screening_failed",
    "date",
    "note",
    "source_file",
    "source_line",
]


def score_appraisals(
    raw: pd.DataFrame,
    settings: AppraisalSettings,
    members: Mapping[str, str],
    appraisers: Iterable[str],
) -> pd.DataFrame:
    """One row per appraisal: answers as written, total and band in the chosen scheme."""
    known = set(appraisers)
    seen: dict[tuple[str, str], str] = {}
    rows = []
    for record in raw.to_dict("records"):
        row = _scored_row(record, settings.scheme, members, known)
        key = (row["record_id"], row["appraiser"])
        if key in seen:
            raise InputError(
                f"{row['appraiser']} already appraised {row['record_id']} in {seen[key]}",
                file=row["source_file"],
                line=row["source_line"],
                hint="keep one row per appraiser and publication; edit the earlier row instead",
            )
        seen[key] = f"{row['source_file']}:{row['source_line']}"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=APPRAISAL_COLUMNS)
    frame["total"] = frame["total"].astype("float64")
    frame["source_line"] = frame["source_line"].astype("int64")
    for column in APPRAISAL_COLUMNS:
        if column not in ("total", "source_line"):
            frame[column] = frame[column].astype("string")
    return frame.sort_values(["record_id", "appraiser"], kind="stable").reset_index(drop=True)


def _scored_row(
    record: Mapping[str, Any], scheme: Scheme, members: Mapping[str, str], known: set[str]
) -> dict[str, Any]:
    """One appraisal row checked (record, appraiser, every answer) and scored."""
    file, line = str(record["source_file"]), int(record["source_line"])
    named, appraiser = str(record["record_id"]), str(record["appraiser"])
    if named not in members:
        raise InputError(
            f"unknown record_id {named!r}",
            file=file,
            line=line,
            hint="use a record_id from results/dedup/clusters.csv",
        )
    if appraiser not in known:
        raise InputError(
            f"unknown appraiser {appraiser!r}",
            file=file,
            line=line,
            hint=f"use one of {', '.join(sorted(known))} (screening.reviewers in "
            "config/config.yaml)",
        )
    points = {}
    for question in QUESTIONS:
        value = scheme.points_of(str(record[question]))
        if value is None:
            raise InputError(
                f"{question} = {record[question]!r} is out of range for the {scheme.name!r} scheme",
                file=file,
                line=line,
                element=question,
                hint=f"write {scheme.allowed()} (appraisal.scheme in config/config.yaml)",
            )
        points[question] = value
    total = sum(points.values())
    # CASP's screening questions: "No" to either means the study is not worth appraising.
    failed = [q for q in scheme.screening_questions if fold(str(record[q])) == "no"]
    return {
        "record_id": members[named],
        "named_record_id": named,
        "appraiser": appraiser,
        **{q: str(record[q]) for q in QUESTIONS},
        "total": total,
        "band": scheme.band(total),
        "screening_failed": MULTI_SEP.join(failed),
        "date": str(record["date"]),
        "note": str(record["note"]),
        "source_file": file,
        "source_line": line,
    }


def check_screened(appraisals: pd.DataFrame, screened: pd.DataFrame) -> None:
    """Appraisal comes after screening: an appraisal (a row of `score_appraisals`) of a
    publication that screening has not included at full text (`screened`: the states at the end
    of screening) is an InputError naming its file and line. One that the automatic rules
    exclude is not refused: the record states keep it as ignored, with a notice, so that a
    changed rule does not make earlier appraisals an error."""
    states = {
        str(row["record_id"]): (str(row["status"]), str(row["stage"]))
        for row in screened.to_dict("records")
    }
    for publication, group in appraisals.groupby("record_id", sort=True):
        status, stage = states.get(str(publication), ("", ""))
        if stage in NOT_PASSED:
            rows = group.to_dict("records")
            raise stage_order_error(str(publication), rows, NOT_PASSED[stage], status)


SUMMARY_COLUMNS = [
    "record_id",
    "scheme",
    "n_appraisers",
    "appraisers",
    *QUESTIONS,
    "total",
    "max_total",
    "band",
    "decision",
    "reason",
]


def summarise_appraisals(appraisals: pd.DataFrame, settings: AppraisalSettings) -> pd.DataFrame:
    """One row per appraised publication: mean points, total, band and the include decision."""
    scheme = settings.scheme
    rows = []
    for publication, group in appraisals.groupby("record_id", sort=True):
        means = {
            q: sum(float(scheme.points_of(str(v)) or 0.0) for v in group[q]) / len(group)
            for q in QUESTIONS
        }
        total = float(group["total"].mean())
        failed = sorted(
            {q for cell in group["screening_failed"] for q in cell.split(MULTI_SEP) if q}
        )
        if len(group) < settings.appraisers_per_publication:
            decision, reason = (
                "awaiting",
                (f"{len(group)} of {settings.appraisers_per_publication} appraisals"),
            )
        elif failed:
            decision, reason = "exclude", f"No to screening question(s) {', '.join(failed)}"
        elif total >= scheme.include_min_total:
            decision, reason = "include", ""
        else:
            decision = "exclude"
            reason = f"total {format_number(total)} below {format_number(scheme.include_min_total)}"
        rows.append(
            {
                "record_id": str(publication),
                "scheme": scheme.name,
                "n_appraisers": str(len(group)),
                "appraisers": MULTI_SEP.join(sorted(group["appraiser"])),
                **{q: format_number(means[q]) for q in QUESTIONS},
                "total": format_number(total),
                "max_total": format_number(scheme.max_total),
                "band": scheme.band(total),
                "decision": decision,
                "reason": reason,
            }
        )
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return frame.astype("string")


OUTCOME_COLUMNS = ["band", "decision", "n_publications"]


def outcome_table(summary: pd.DataFrame) -> pd.DataFrame:
    """band, decision, n_publications: the appraised publications (`summarise_appraisals`) per
    band and decision, sorted by band, then decision."""
    counts = summary.groupby(["band", "decision"]).size() if len(summary) else pd.Series()
    rows = [(str(band), str(decision), int(n)) for (band, decision), n in counts.items()]
    frame = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    return frame.astype({"band": "string", "decision": "string", "n_publications": "int64"})
