"""Quality appraisal with the checklist the review chose, or none.

Appraisal comes after screening. The checklist is data (`metasynth.checklist`): the CASP
Qualitative Studies Checklist, the JBI Critical Appraisal Checklist for Qualitative Research, the
Mixed Methods Appraisal Tool (MMAT) 2018, a checklist file of the review's own, or `none`
(`appraisal.checklist`). Inputs: hand-edited CSV files under `data/appraisal/`, sub-folders
included (one row per publication and appraiser — and, for MMAT, category — with the checklist's
columns: `Checklist.columns`; any other kind of file there is refused), the `appraisal` section
of the config, the record_id → publication map from deduplication, the known reviewer ids
(appraisers are reviewers), and the states at the end of screening (`check_screened`: only a
full text screening included may be appraised).

How a study is included (`appraisal.decide_by`, else the checklist's own):

- `total` — by a scoring scheme of `appraisal.schemes` (`appraisal.scheme`): `likert`, the
  convention common in management meta-syntheses (each question scored 1-5, a total, bands and a
  threshold), or an answers scheme (CASP's Yes / Can't tell / No worth configured points). A
  failed screening question (CASP q1, q2: "No") excludes whatever the total;
- `overall` — the appraisers' overall judgement (JBI: Include / Exclude / Seek further info);
- `screening` — only a failed screening question excludes (MMAT: "No" or "Can't tell" to S1 or
  S2); no score is computed, as MMAT advises.

Outputs: `score_appraisals` gives one row per appraisal (answers, points and total when scored,
band, failed screening questions, source file and line); `summarise_appraisals` one row per
publication (`results/appraisal/casp.csv`, named for the first checklist it held): the mean
points (or the answers) per question, total, band, and the decision `include`, `exclude` or
`awaiting` (fewer appraisers than `appraisers_per_publication`, or an overall judgement still
open); `outcome_table` the publications per band and decision (`results/appraisal/outcomes.csv`).
With `checklist: none`, `not_appraised` includes every full text screening included, with the
reason "not appraised". A score out of range, an unknown answer, appraiser or record_id, or
an appraiser appraising a publication twice is an `InputError` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.checklist import NONE, NOT_APPRAISED, SHIPPED, Checklist, load_checklist
from metasynth.config import DEFAULT_CONFIG, section_with_defaults
from metasynth.errors import CollectedInputError, InputError, raise_collected
from metasynth.hand_files import read_hand_files
from metasynth.screen.settle import stage_order_error
from metasynth.screen.state import NOT_PASSED
from metasynth.text import MULTI_SEP, fold

QUESTIONS: tuple[str, ...] = tuple(f"q{i}" for i in range(1, 11))
"""The answer columns of the CASP qualitative checklist (the default)."""


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

    def max_total(self, n_questions: int) -> float:
        if self.kind == "score":
            return float(self.max_score * n_questions)
        return float(max((self.points or {}).values(), default=0.0) * n_questions)

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
    checklist: Checklist | None  # None: the review does not appraise (`checklist: none`)
    decide_by: str
    scheme: Scheme
    schemes: Mapping[str, Scheme]
    appraisers_per_publication: int
    exclusion_code: str
    exclusion_label: str

    @property
    def appraises(self) -> bool:
        return self.checklist is not None

    @property
    def tool(self) -> str:
        """The checklist's name, or "not appraised"."""
        return self.checklist.name if self.checklist is not None else NOT_APPRAISED

    @property
    def answer_columns(self) -> tuple[str, ...]:
        return self.checklist.answer_columns if self.checklist is not None else ()

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> AppraisalSettings:
        """From the `appraisal` section, or the part of it a rule reads (schema defaults fill
        the rest)."""
        values = section_with_defaults("appraisal", dict(section or {}))
        schemes = {name: _scheme(name, spec) for name, spec in values["schemes"].items()}
        name = str(values["checklist"])
        checklist = None if name == NONE else load_checklist(name)
        decide_by = str(values["decide_by"]) or (checklist.decide_by if checklist else "")
        if checklist is not None and decide_by == "overall" and not checklist.overall:
            raise InputError(
                f"appraisal.decide_by is 'overall' but the {checklist.name} has no overall "
                "judgement",
                file=DEFAULT_CONFIG,
                element="appraisal/decide_by",
                hint="use total (with a scheme) or screening",
            )
        chosen = str(values["scheme"])
        if chosen not in schemes and decide_by == "total":
            raise InputError(
                f"appraisal.scheme {chosen!r} is not defined under appraisal.schemes",
                file=DEFAULT_CONFIG,
                element="appraisal/scheme",
                hint=f"use one of {', '.join(sorted(schemes)) or '(none defined)'}",
            )
        # A review that does not appraise excludes nobody by appraisal: no reason, no label
        # (the reasons table and PRISMA then name no appraisal tool it did not use).
        code, label = str(values["exclusion_code"]), str(values["exclusion_label"])
        if checklist is None:
            code, label = "", ""
        elif not label:
            label = f"Excluded by appraisal ({checklist.short_name})"
        return cls(
            appraisal_dir=str(values["appraisal_dir"]),
            checklist=checklist,
            decide_by=decide_by,
            scheme=schemes.get(chosen, _UNSCORED),
            schemes=schemes,
            appraisers_per_publication=int(values["appraisers_per_publication"]),
            exclusion_code=code,
            exclusion_label=label,
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


_UNSCORED = Scheme(name="", kind="answers", bands=(), include_min_total=0.0, points={})
"""The scheme of a review that does not score its appraisals (decide_by overall or screening)."""


def format_number(value: float) -> str:
    """A total or mean as people write it: "37", "36.5" (one decimal at most)."""
    rounded = round(value + 0.0, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def read_appraisal_files(
    paths: Iterable[str | Path], checklist: Checklist | None = None
) -> pd.DataFrame:
    """Every row of every appraisal file, checked against the checklist's row schema, with
    `source_file` and `source_line` (`hand_files.read_hand_files`; a file that is not CSV is
    refused). The checklist defaults to CASP's."""
    checklist = checklist or load_checklist("casp_qualitative")
    try:
        return read_hand_files(
            paths,
            checklist.row_schema(),
            contents=f"{checklist.short_name} appraisals",
            columns=list(checklist.columns),
        )
    except CollectedInputError as several:
        errors = [_of_another_checklist(e, checklist) for e in several.errors]
        raise CollectedInputError(errors) from None
    except InputError as error:
        raise _of_another_checklist(error, checklist) from None


def _of_another_checklist(error: InputError, checklist: Checklist) -> InputError:
    """A header refused as having unknown columns, said to be another shipped checklist's when
    it is one (the file of an appraisal begun before `appraisal.checklist` changed)."""
    if error.line != 1 or not error.message.startswith("unknown column") or error.file is None:
        return error
    try:
        first = Path(error.file).read_text(encoding="utf-8-sig").split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return error
    header = {name.strip().strip('"') for name in re.split("[,;]", first)} - {""}
    for other in (load_checklist(name) for name in SHIPPED if name != checklist.id):
        if set(other.answer_columns) <= header <= set(other.columns):
            return InputError(
                f"{error.message}: the columns of the {other.name} ({other.id}), but "
                f"appraisal.checklist is {checklist.id}",
                file=error.file,
                line=1,
                hint="move the file out of the appraisal folder if the review changed its "
                f"checklist (the {checklist.short_name} columns are: "
                f"{', '.join(checklist.columns)}), or set appraisal.checklist back to "
                f"{other.id} in config/config.yaml",
            )
    return error


def _extra(checklist: Checklist | None) -> tuple[list[str], list[str]]:
    """The columns a checklist adds before its answers (category) and after them (overall)."""
    if checklist is None:
        return [], []
    return (["category"] if checklist.categories else []), (
        ["overall"] if checklist.overall else []
    )


def appraisal_columns(checklist: Checklist | None) -> list[str]:
    """The columns of results/appraisal/appraisals.csv for this checklist."""
    before, after = _extra(checklist)
    answers = list(checklist.answer_columns) if checklist is not None else []
    return [
        "record_id",
        "named_record_id",
        "appraiser",
        *before,
        *answers,
        *after,
        "total",
        "band",
        "screening_failed",
        "date",
        "note",
        "source_file",
        "source_line",
    ]


APPRAISAL_COLUMNS = appraisal_columns(load_checklist("casp_qualitative"))
"""The columns of appraisals.csv with the CASP qualitative checklist (the default)."""


def score_appraisals(
    raw: pd.DataFrame,
    settings: AppraisalSettings,
    members: Mapping[str, str],
    appraisers: Iterable[str],
) -> pd.DataFrame:
    """One row per appraisal: answers as written, total and band when the review scores. Every
    bad row is reported at once (`CollectedInputError`), not only the first."""
    known = set(appraisers)
    seen: dict[tuple[str, ...], str] = {}
    rows, problems = [], []
    for record in raw.to_dict("records"):
        try:
            row = _scored_row(record, settings, members, known)
        except InputError as error:
            problems.append(error)
            continue
        key = (row["record_id"], row["appraiser"], str(row.get("category", "")))
        if key in seen:
            what = f" as {key[2]}" if key[2] else ""
            problems.append(
                InputError(
                    f"{row['appraiser']} already appraised {row['record_id']}{what} in {seen[key]}",
                    file=row["source_file"],
                    line=row["source_line"],
                    hint="keep one row per appraiser and publication; edit the earlier row instead",
                )
            )
            continue
        seen[key] = f"{row['source_file']}:{row['source_line']}"
        rows.append(row)
    raise_collected(problems)
    columns = appraisal_columns(settings.checklist)
    frame = pd.DataFrame(rows, columns=columns)
    frame["total"] = frame["total"].astype("float64")
    frame["source_line"] = frame["source_line"].astype("int64")
    for column in columns:
        if column not in ("total", "source_line"):
            frame[column] = frame[column].astype("string")
    return frame.sort_values(["record_id", "appraiser"], kind="stable").reset_index(drop=True)


def _check_known(
    record: Mapping[str, Any], members: Mapping[str, str], known: set[str]
) -> tuple[str, str, str, int]:
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
    return named, appraiser, file, line


def _answer_points(
    record: Mapping[str, Any], settings: AppraisalSettings, file: str, line: int
) -> dict[str, float]:
    """Each answer checked: against the scheme when the review scores (its points), else
    against the checklist's answers (no points)."""
    checklist = settings.checklist
    assert checklist is not None
    scheme, points = settings.scheme, {}
    allowed = {fold(a): a for a in (*checklist.answers, *checklist.overall)}
    screened_out = [q for q in checklist.screening if checklist.is_negative(str(record[q]))]
    for question in checklist.answer_columns:
        answer = str(record[question])
        if not answer and question in checklist.criteria_after_failed_screening:
            if screened_out:
                continue  # not appraised further: the screening question excluded it
            raise InputError(
                f"{question}: the cell is empty",
                file=file,
                line=line,
                element=question,
                hint=f"answer the category's criteria ({', '.join(map(repr, checklist.answers))}); "
                f"they may stay empty only when {' or '.join(checklist.screening)} is answered "
                f"{' or '.join(map(repr, checklist.negative))}",
            )
        if settings.decide_by == "total":
            value = scheme.points_of(answer)
            if value is None:
                raise InputError(
                    f"{question} = {answer!r} is out of range for the {scheme.name!r} scheme",
                    file=file,
                    line=line,
                    element=question,
                    hint=f"write {scheme.allowed()} (appraisal.scheme in config/config.yaml)",
                )
            points[question] = value
        elif fold(answer) not in allowed:
            raise InputError(
                f"{question} = {answer!r} is not an answer of the {checklist.name}",
                file=file,
                line=line,
                element=question,
                hint=f"write one of {', '.join(map(repr, checklist.answers))}",
            )
    if checklist.overall and fold(str(record["overall"])) not in {
        fold(a) for a in checklist.overall
    }:
        raise InputError(
            f"overall = {record['overall']!r} is not an overall appraisal of the {checklist.name}",
            file=file,
            line=line,
            element="overall",
            hint=f"write one of {', '.join(map(repr, checklist.overall))}",
        )
    return points


def _scored_row(
    record: Mapping[str, Any],
    settings: AppraisalSettings,
    members: Mapping[str, str],
    known: set[str],
) -> dict[str, Any]:
    """One appraisal row checked (record, appraiser, every answer) and, when scored, scored."""
    checklist = settings.checklist
    assert checklist is not None
    named, appraiser, file, line = _check_known(record, members, known)
    if checklist.categories:
        record = {**record, "category": _category_of(record, checklist, file, line)}
    points = _answer_points(record, settings, file, line)
    scored = settings.decide_by == "total"
    total = sum(points.values()) if scored else float("nan")
    # Screening questions: a negative answer means the study is not worth appraising further.
    screening = settings.scheme.screening_questions or checklist.screening
    failed = [q for q in screening if checklist.is_negative(str(record[q]))]
    before, after = _extra(checklist)
    return {
        "record_id": members[named],
        "named_record_id": named,
        "appraiser": appraiser,
        **{c: str(record[c]) for c in (*before, *checklist.answer_columns, *after)},
        "total": total,
        "band": settings.scheme.band(total) if scored else "",
        "screening_failed": MULTI_SEP.join(failed),
        "date": str(record["date"]),
        "note": str(record["note"]),
        "source_file": file,
        "source_line": line,
    }


def _category_of(record: Mapping[str, Any], checklist: Checklist, file: str, line: int) -> str:
    """The id of the category of design a row names by its id or by the checklist's name for it
    (`Checklist.category_id`)."""
    written = str(record["category"])
    found = checklist.category_id(written)
    if found is None:
        names = "; ".join(f"{c.id} ({c.label})" for c in checklist.categories)
        raise InputError(
            f"{written!r} names no single category of the {checklist.name}",
            file=file,
            line=line,
            element="category",
            hint=f"write one of: {names}",
        )
    return found


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


def summary_columns(checklist: Checklist | None) -> list[str]:
    """The columns of results/appraisal/casp.csv for this checklist."""
    before, after = _extra(checklist)
    answers = list(checklist.answer_columns) if checklist is not None else list(QUESTIONS)
    return [
        "record_id",
        "scheme",
        "n_appraisers",
        "appraisers",
        *before,
        *answers,
        *after,
        "total",
        "max_total",
        "band",
        "decision",
        "reason",
    ]


SUMMARY_COLUMNS = summary_columns(load_checklist("casp_qualitative"))
"""The columns of casp.csv with the CASP qualitative checklist (the default)."""


def _joined(values: Iterable[str]) -> str:
    return MULTI_SEP.join(sorted({str(v) for v in values if str(v)}))


def _decision(group: pd.DataFrame, settings: AppraisalSettings) -> tuple[str, str]:
    """(decision, reason) of one publication's appraisals."""
    checklist = settings.checklist
    assert checklist is not None
    n_appraisers = group["appraiser"].nunique()
    if n_appraisers < settings.appraisers_per_publication:
        return "awaiting", f"{n_appraisers} of {settings.appraisers_per_publication} appraisals"
    failed = sorted({q for cell in group["screening_failed"] for q in cell.split(MULTI_SEP) if q})
    if failed:
        answers = "/".join(checklist.negative)
        return "exclude", f"{answers} to screening question(s) {', '.join(failed)}"
    if settings.decide_by == "total":
        total = float(group["total"].mean())
        threshold = settings.scheme.include_min_total
        if total >= threshold:
            return "include", ""
        return "exclude", f"total {format_number(total)} below {format_number(threshold)}"
    if settings.decide_by == "overall":
        judgements = {fold(str(v)): str(v) for v in group["overall"]}
        if len(judgements) > 1:
            listed = ", ".join(sorted(judgements.values()))
            return "awaiting", f"the appraisers' overall appraisals differ ({listed})"
        (judgement,) = judgements.values()
        if fold(judgement) == fold(checklist.overall[0]):
            return "include", ""
        if len(checklist.overall) > 1 and fold(judgement) == fold(checklist.overall[1]):
            return "exclude", f"overall appraisal: {judgement}"
        return "awaiting", f"overall appraisal: {judgement}"
    return "include", ""


def summarise_appraisals(appraisals: pd.DataFrame, settings: AppraisalSettings) -> pd.DataFrame:
    """One row per appraised publication: mean points (or the answers given), total, band and
    the include decision."""
    scheme, checklist = settings.scheme, settings.checklist
    columns = summary_columns(checklist)
    if checklist is None:
        return pd.DataFrame(columns=columns).astype("string")
    scored = settings.decide_by == "total"
    before, after = _extra(checklist)
    rows = []
    for publication, group in appraisals.groupby("record_id", sort=True):
        if scored:
            answers = {
                q: format_number(
                    sum(float(scheme.points_of(str(v)) or 0.0) for v in group[q]) / len(group)
                )
                for q in checklist.answer_columns
            }
        else:
            answers = {q: _joined(group[q]) for q in checklist.answer_columns}
        total = float(group["total"].mean()) if scored else float("nan")
        decision, reason = _decision(group, settings)
        rows.append(
            {
                "record_id": str(publication),
                "scheme": scheme.name if scored else "",
                "n_appraisers": str(group["appraiser"].nunique()),
                "appraisers": MULTI_SEP.join(sorted(set(group["appraiser"]))),
                **{c: _joined(group[c]) for c in (*before, *after)},
                **answers,
                "total": format_number(total) if scored else "",
                "max_total": format_number(scheme.max_total(len(checklist.answer_columns)))
                if scored
                else "",
                "band": scheme.band(total) if scored else "",
                "decision": decision,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows, columns=columns).astype("string")


OUTCOME_COLUMNS = ["band", "decision", "n_publications"]


def outcome_table(summary: pd.DataFrame) -> pd.DataFrame:
    """band, decision, n_publications: the appraised publications (`summarise_appraisals`) per
    band and decision, sorted by band, then decision."""
    counts = summary.groupby(["band", "decision"]).size() if len(summary) else pd.Series()
    rows = [(str(band), str(decision), int(n)) for (band, decision), n in counts.items()]
    frame = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    return frame.astype({"band": "string", "decision": "string", "n_publications": "int64"})


def not_appraised(screened: pd.DataFrame) -> pd.DataFrame:
    """`appraisal.checklist: none`: every full text screening included is included without an
    appraisal (decision include, reason "not appraised")."""
    waiting = screened[screened["status"].astype(str) == "awaiting_appraisal"]
    rows = [
        {"record_id": str(r), "n_appraisers": "0", "decision": "include", "reason": NOT_APPRAISED}
        for r in sorted(waiting["record_id"].astype(str))
    ]
    frame = pd.DataFrame(rows, columns=summary_columns(None)).astype("string")
    return frame.fillna("")
