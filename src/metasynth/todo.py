"""What to do next, stage by stage: `results/todo/<stage>.csv`, most useful first.

After every run (and after an update brought new records) a reviewer wants one list per stage of
what is still open, what exactly to do about each item and where to write the answer. This
module builds those lists from the outputs of the stages (nothing is decided here):

- `title_abstract.csv` — open title/abstract conflicts first (one resolver row settles each),
  then the publications awaiting decisions in the ranked screening queue's order
  (`results/screening/queue.csv`: most likely relevant first);
- `retrieval.csv` — reports to obtain, those with a DOI (one click away) first, newest first;
- `full_text.csv` — open full-text conflicts, then publications missing only one screener's
  decision (one row closes them), then the others;
- `appraisal.csv` — full texts included and awaiting their appraisal with the review's checklist;
- `coding.csv` — included studies without codes, then codes that match no codebook entry
  (a decision in the codebook; the most used first).

Every file has the same leading columns: `priority` (1 = first), `record_id`, `task` (what to
do), `needs` (what is missing, who has decided), `review_version` (the version of the review
whose searches first found the publication: in an update, the new ones are the latest),
`write_to` (the file under data/ to add the row to), `add_row` (the row to add, in that file's
column order, with what to fill in as `<placeholders>`) and `columns` (that file's header, for a
new file), then what a reviewer reads to decide:
`title, year, authors, source_title, doi` (and `score, keywords, abstract` at title/abstract).

Inputs: the queue, conflicts, awaiting and status tables of screening, the publications table
of dedup, the versions table (`metasynth.versions`), the synthesis `coding_todo` and
`unmapped_codes` tables, and what the lists name of the screening, appraisal and synthesis
settings (`TodoSettings`). Output: `TodoLists` (one DataFrame per stage).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from metasynth.appraise import AppraisalSettings
from metasynth.checklist import Checklist
from metasynth.screen.settings import ScreeningSettings
from metasynth.screen.settle import no_resolver
from metasynth.synthesise.checks import HELD_REASON, UNMAPPED_REASON
from metasynth.synthesise.settings import SynthesisSettings
from metasynth.text import as_text, fold
from metasynth.validation import load_schema

STAGES: tuple[str, ...] = ("title_abstract", "retrieval", "full_text", "appraisal", "coding")
"""The to-do lists, in workflow order (one file each under results/todo/)."""

CODE_STUDY_TASK = "code the study's findings"
"""The task of a coding to-do row that is a study to code (the others are codes to map)."""

COLUMNS = [
    "priority",
    "record_id",
    "task",
    "needs",
    "review_version",
    "write_to",
    "add_row",
    "columns",
    "title",
    "year",
    "authors",
    "source_title",
    "doi",
]
SCREENING_EXTRA = ["score", "keywords", "abstract"]


@dataclass(frozen=True)
class TodoSettings:
    """Where each kind of answer is written, and who may write it (from the config)."""

    screening: ScreeningSettings
    appraisal_dir: str
    appraisal_values: str  # e.g. "1-5" or "Yes|Can't tell|No"
    checklist: Checklist | None
    appraisers_per_publication: int
    codes_file: str
    codebook_file: str
    coders: tuple[str, ...]

    @classmethod
    def from_config(
        cls,
        *,
        screening: Mapping[str, Any],
        appraisal: Mapping[str, Any],
        synthesis: Mapping[str, Any],
    ) -> TodoSettings:
        """From the parts of the screening, appraisal and synthesis sections the lists name:
        reviewers and their folder, the appraisal folder and scheme, the coding sources."""
        appraisal_settings = AppraisalSettings.from_config(appraisal)
        scheme, checklist = appraisal_settings.scheme, appraisal_settings.checklist
        if appraisal_settings.decide_by != "total" and checklist is not None:
            values = "|".join(checklist.answers)
        elif scheme.kind == "answers":
            values = "|".join(str(answer) for answer in scheme.points or {})
        else:
            values = f"{scheme.min_score}-{scheme.max_score}"
        coding = SynthesisSettings.from_config(synthesis)
        return cls(
            screening=ScreeningSettings.from_config(screening),
            appraisal_dir=appraisal_settings.appraisal_dir,
            appraisal_values=values,
            checklist=checklist,
            appraisers_per_publication=appraisal_settings.appraisers_per_publication,
            codes_file=coding.csv_codes_file(),
            codebook_file=coding.codebook,
            coders=coding.coders,
        )

    def screeners(self) -> list[str]:
        return sorted(r for r in self.screening.reviewers if not self.screening.is_resolver(r))

    def resolvers(self) -> list[str]:
        return sorted(r for r in self.screening.reviewers if self.screening.is_resolver(r))


def _choice(options: Sequence[str], fallback: str) -> str:
    """`<a|b>` for a value to pick, the value itself when there is one."""
    if len(options) == 1:
        return options[0]
    return f"<{'|'.join(options)}>" if options else f"<{fallback}>"


def csv_row(values: Sequence[str]) -> str:
    """One CSV line (no line end), quoted where a value needs it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def _row_for(schema: str | Sequence[str], values: Mapping[str, str]) -> dict[str, str]:
    """The row to add to a hand-edited file, in its schema's (or the given) column order
    (`add_row`), and the file's header (`columns`, for a new file)."""
    columns = list(load_schema(schema)["properties"]) if isinstance(schema, str) else list(schema)
    return {"add_row": csv_row([values.get(c, "") for c in columns]), "columns": ",".join(columns)}


def _who_decided(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass
class _Context:
    """Bibliographic context and review version of each publication."""

    publications: Mapping[str, Mapping[str, Any]]
    versions: Mapping[str, str]

    def fields(self, record_id: str) -> dict[str, str]:
        publication = self.publications.get(record_id, {})
        return {
            "review_version": self.versions.get(record_id, ""),
            **{c: as_text(publication.get(c)) for c in ("title", "year", "authors")},
            "source_title": as_text(publication.get("source_title")),
            "doi": as_text(publication.get("doi")),
        }


def _frame(rows: list[dict[str, str]], extra: Sequence[str] = ()) -> pd.DataFrame:
    columns = [*COLUMNS, *extra]
    for priority, row in enumerate(rows, start=1):
        row["priority"] = str(priority)
    return pd.DataFrame(rows, columns=columns).fillna("").astype("string")


def _conflict_rows(
    conflicts: pd.DataFrame, stage: str, settings: TodoSettings, context: _Context
) -> list[dict[str, str]]:
    folder = settings.screening.decisions_dir
    rows = []
    open_here = conflicts[conflicts["stage"].astype(str) == stage].sort_values("record_id")
    for conflict in open_here.to_dict("records"):
        record_id = str(conflict["record_id"])
        decision = "<include|exclude>"
        reason = "<reason if exclude>"  # a reason on an include row is refused (schema)
        reasons = f"; reasons {conflict['reasons']}" if as_text(conflict.get("reasons")) else ""
        resolver = _choice(settings.resolvers(), "resolver")
        needs = f"one row by {resolver}: {conflict['decisions']}{reasons}"
        # the file the screening app writes the resolver's decision to (docs/screening-app.md)
        write_to = f"{folder}/{stage}_{resolver.strip('<>').replace('|', '_')}.csv"
        if not settings.resolvers():  # the reviewer who decided changes their own row
            resolver = _choice(_who_decided(as_text(conflict.get("reviewers"))), "reviewer")
            needs = f"{conflict['decisions']}{reasons}; " + no_resolver(
                settings.screening, resolver, record_id
            )
            write_to = f"{folder} (the file of {resolver}'s row: edit it there)"
        rows.append(
            {
                "record_id": record_id,
                "task": f"settle the {stage} conflict ({conflict['kind']})",
                "needs": needs,
                "write_to": write_to,
                **_row_for(
                    "screening_decisions",
                    {
                        "record_id": record_id,
                        "stage": stage,
                        "reviewer": resolver,
                        "decision": decision,
                        "reason": reason,
                        "note": "<why>",
                        "date": "<YYYY-MM-DD>",
                    },
                ),
                **context.fields(record_id),
            }
        )
    return rows


def _decision_row(
    record_id: str,
    stage: str,
    needs: str,
    decided_by: str,
    settings: TodoSettings,
    context: _Context,
    *,
    task: str,
    decisions: str,
    reason: str,
) -> dict[str, str]:
    missing = [r for r in settings.screeners() if r not in _who_decided(decided_by)]
    reviewer = _choice(missing, "reviewer")
    file_reviewer = reviewer if len(missing) == 1 else "<reviewer>"
    return {
        "record_id": record_id,
        "task": task,
        "needs": needs,
        "write_to": f"{settings.screening.decisions_dir}/{stage}_{file_reviewer}.csv",
        **_row_for(
            "screening_decisions",
            {
                "record_id": record_id,
                "stage": stage,
                "reviewer": reviewer,
                "decision": decisions,
                "reason": reason,
                "note": "",
                "date": "<YYYY-MM-DD>",
            },
        ),
        **context.fields(record_id),
    }


def title_abstract_todo(
    queue: pd.DataFrame, conflicts: pd.DataFrame, settings: TodoSettings, context: _Context
) -> pd.DataFrame:
    """Open title/abstract conflicts, then the queue in its ranked order."""
    rows = _conflict_rows(conflicts, "title_abstract", settings, context)
    for row in rows:  # what the resolver reads (conflicts are not in the ranked queue)
        publication = context.publications.get(row["record_id"], {})
        row["keywords"] = as_text(publication.get("author_keywords"))
        row["abstract"] = as_text(publication.get("abstract"))
    per = settings.screening.reviewers_per_stage.get("title_abstract", 1)
    for entry in queue.to_dict("records"):
        record_id = str(entry["record_id"])
        decided = as_text(entry.get("decided_by"))
        have = f" (has {decided})" if decided else ""
        missing = per - len(_who_decided(decided))
        row = _decision_row(
            record_id,
            "title_abstract",
            f"{missing} more decision(s){have}; queue rank {entry['rank']}",
            decided,
            settings,
            context,
            task="screen the title and abstract",
            decisions="<include|exclude|maybe>",
            reason="<reason if exclude>",
        )
        row.update({c: as_text(entry.get(c)) for c in SCREENING_EXTRA})
        rows.append(row)
    return _frame(rows, SCREENING_EXTRA)


def retrieval_todo(
    awaiting: pd.DataFrame, settings: TodoSettings, context: _Context
) -> pd.DataFrame:
    """Reports to obtain: with a DOI first, then newest first, then by record_id."""
    waiting = awaiting[awaiting["stage"].astype(str) == "retrieval"]
    reasons = "|".join(settings.screening.reason_codes("retrieval")) or "reason"
    rows = []
    for entry in waiting.to_dict("records"):
        record_id = str(entry["record_id"])
        row = _decision_row(
            record_id,
            "retrieval",
            as_text(entry.get("needs")),
            "",
            settings,
            context,
            task="obtain the full text (or record that it cannot be obtained)",
            decisions="<retrieved|not_retrieved>",
            reason=f"<if not_retrieved: {reasons}>",
        )
        row["write_to"] = f"{settings.screening.decisions_dir}/retrieval.csv"
        rows.append(row)

    def order(row: dict[str, str]) -> tuple[bool, int, str]:
        year = row["year"]
        return (not row["doi"], -int(year) if year.isdigit() else 0, row["record_id"])

    return _frame(sorted(rows, key=order))


def full_text_todo(
    awaiting: pd.DataFrame, conflicts: pd.DataFrame, settings: TodoSettings, context: _Context
) -> pd.DataFrame:
    """Open full-text conflicts, then publications one decision from settled, then the rest."""
    rows = _conflict_rows(conflicts, "full_text", settings, context)
    waiting = awaiting[awaiting["stage"].astype(str) == "full_text"]
    reasons = "|".join(settings.screening.reason_codes("full_text")) or "reason"
    pending = []
    for entry in waiting.to_dict("records"):
        record_id = str(entry["record_id"])
        decided = as_text(entry.get("decided_by"))
        pending.append(
            (
                -len(_who_decided(decided)),
                record_id,
                _decision_row(
                    record_id,
                    "full_text",
                    as_text(entry.get("needs")),
                    decided,
                    settings,
                    context,
                    task="assess the full text against the eligibility criteria",
                    decisions="<include|exclude|maybe>",
                    reason=f"<if exclude: {reasons}>",
                ),
            )
        )
    rows += [row for _, _, row in sorted(pending, key=lambda item: item[:2])]
    return _frame(rows)


def appraisal_todo(
    awaiting: pd.DataFrame, settings: TodoSettings, context: _Context
) -> pd.DataFrame:
    """Full texts awaiting their appraisal (partly appraised first, then by record_id)."""
    checklist = settings.checklist
    waiting = awaiting[awaiting["stage"].astype(str) == "appraisal"]
    if checklist is None:  # appraisal.checklist: none — nothing is ever awaiting appraisal
        return _frame([])
    appraisers = sorted(settings.screening.reviewers)
    answers = {q: f"<{settings.appraisal_values}>" for q in checklist.answer_columns}
    extra = {
        "category": f"<{'|'.join(c.id for c in checklist.categories)}>",
        "overall": f"<{'|'.join(checklist.overall)}>",
    }
    prefix = fold(checklist.short_name).replace(" ", "_")
    pending = []
    for entry in waiting.to_dict("records"):
        record_id = str(entry["record_id"])
        decided = _who_decided(as_text(entry.get("decided_by")))
        remaining = [a for a in appraisers if a not in decided]
        appraiser = _choice(remaining, "appraiser")
        file_appraiser = appraiser if not appraiser.startswith("<") else "<appraiser>"
        needs = as_text(entry.get("needs"))
        write_to = f"{settings.appraisal_dir}/{prefix}_{file_appraiser}.csv"
        if decided and (not remaining or len(decided) >= settings.appraisers_per_publication):
            # Enough appraisals, but "Seek further info" or appraisers who differ: only an
            # edited row settles it, another appraiser's row would be one more opinion.
            appraiser = _choice(decided, "appraiser")
            needs += (
                f"; it has its {len(decided)} appraisal(s): {appraiser} edits their row when it "
                f"can be decided, another appraiser's row does not settle it (`metasynth audit "
                f"{record_id}` shows where it is)"
            )
            write_to = f"{settings.appraisal_dir} (the file of {appraiser}'s row: edit it there)"
        row = {
            "record_id": record_id,
            "task": f"appraise the study with the {checklist.name}",
            "needs": needs,
            "write_to": write_to,
            **_row_for(
                checklist.columns,
                {
                    "record_id": record_id,
                    "appraiser": appraiser,
                    **extra,
                    **answers,
                    "note": "",
                    "date": "<YYYY-MM-DD>",
                },
            ),
            **context.fields(record_id),
        }
        pending.append((-len(decided), record_id, row))
    return _frame([row for _, _, row in sorted(pending, key=lambda item: item[:2])])


def coding_todo_list(
    coding_todo: pd.DataFrame, unmapped: pd.DataFrame, settings: TodoSettings, context: _Context
) -> pd.DataFrame:
    """Included studies without codes, then unmapped codes, the most used first. A study
    coded before it was included waits for its decision (in that stage's list), not for codes;
    one coded only with codes outside the codebook is coded: its codes' rows say what to do."""
    coder = _choice(list(settings.coders), "coder")
    rows = []
    reasons = coding_todo.get("reason", pd.Series("", index=coding_todo.index)).astype(str)
    to_code = coding_todo[~reasons.str.startswith(HELD_REASON) & (reasons != UNMAPPED_REASON)]
    for entry in to_code.sort_values("record_id").to_dict("records"):
        record_id = str(entry["record_id"])
        rows.append(
            {
                "record_id": record_id,
                "task": CODE_STUDY_TASK,
                "needs": as_text(entry.get("reason")),
                "write_to": f"{settings.codes_file} (or the QDA project listed in "
                "synthesis.sources)",
                **_row_for(
                    "codes",
                    {
                        "record_id": record_id,
                        "coder": coder,
                        "code": "<code>",
                        "quote": "<passage>",
                        "location": "<p. N>",
                        "memo": "",
                    },
                ),
                **context.fields(record_id),
            }
        )
    ordered = unmapped.assign(
        _n=pd.to_numeric(unmapped["n_codings"], errors="coerce").fillna(0)
    ).sort_values(["_n", "code"], ascending=[False, True], kind="stable")
    for entry in ordered.to_dict("records"):
        code = str(entry["code"])
        closest = as_text(entry.get("suggestions")) or "none"
        record_ids = as_text(entry.get("record_ids"))
        first = record_ids.split(";")[0].strip()
        rows.append(
            {
                "record_id": record_ids,
                "task": f"decide which concept the code {code!r} belongs to",
                "needs": f"{entry['n_codings']} coding(s) in {entry['n_documents']} document(s) "
                f"match no codebook entry; closest: {closest}",
                "write_to": settings.codebook_file,
                "add_row": f"add {code!r} to the codes: of a concept (or correct it where it "
                f"was coded: {as_text(entry.get('where'))})",
                **context.fields(first),
            }
        )
    return _frame(rows)


@dataclass(frozen=True)
class TodoLists:
    """The to-do list of every stage (STAGES order)."""

    title_abstract: pd.DataFrame
    retrieval: pd.DataFrame
    full_text: pd.DataFrame
    appraisal: pd.DataFrame
    coding: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        return [(stage, getattr(self, stage)) for stage in STAGES]

    def describe(self) -> str:
        """One line: how many items each list holds."""
        return "; ".join(f"{stage} {len(frame):,}" for stage, frame in self.items())


def build_todo(
    *,
    queue: pd.DataFrame,
    conflicts: pd.DataFrame,
    awaiting: pd.DataFrame,
    publications: pd.DataFrame,
    versions: pd.DataFrame | None,
    coding_todo: pd.DataFrame,
    unmapped: pd.DataFrame,
    settings: TodoSettings,
) -> TodoLists:
    """Every stage's to-do list (see the module docstring)."""
    context = _Context(
        {str(r["record_id"]): r for r in publications.to_dict("records")},
        {}
        if versions is None
        else dict(
            zip(
                versions["record_id"].astype(str),
                versions["review_version"].astype(str),
                strict=True,
            )
        ),
    )
    return TodoLists(
        title_abstract=title_abstract_todo(queue, conflicts, settings, context),
        retrieval=retrieval_todo(awaiting, settings, context),
        full_text=full_text_todo(awaiting, conflicts, settings, context),
        appraisal=appraisal_todo(awaiting, settings, context),
        coding=coding_todo_list(coding_todo, unmapped, settings, context),
    )


__all__ = [
    "CODE_STUDY_TASK",
    "COLUMNS",
    "STAGES",
    "TodoLists",
    "TodoSettings",
    "build_todo",
    "csv_row",
]
