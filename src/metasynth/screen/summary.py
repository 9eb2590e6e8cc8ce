"""The screening outcome as the tables people read: the reasons a publication can be excluded
for, the exclusions per stage and reason, the publications per status, the study numbers.

Inputs: the screening settings (rules and reasons), the appraisal's exclusion reason, the record
states (results/screening/status.csv), the included studies (included.csv) and the review
versions (results/versions/publications.csv). Outputs (docs/data-contracts.md):

- `reason_table` (reasons.csv): every reason code with its label, by stage — the automatic rules,
  the reviewers' reasons per stage, the appraisal's — in config order;
- `exclusion_table` (exclusions.csv): the excluded publications per stage and reason, with the
  reason's label, in pipeline order, then most publications first;
- `status_counts` (status_counts.csv): publications per status, all of them, those first found
  by the latest review version, and those of earlier versions still open there, in pipeline
  order; `earlier_versions_open` is the warning `metasynth status` and the report show from it
  when an update's search arrived while an earlier version is not finished;
- `study_numbers` (studies.csv): the included studies numbered S1…Sn, the one numbering every
  figure and table uses;
- `resolution_counts`: the conflicts of resolutions.csv counted per stage and what the screeners
  left, by how they stand (resolved include, resolved exclude, open), for the report.
"""

from __future__ import annotations

import pandas as pd

from metasynth.screen import STATUS_LABELS, STATUSES
from metasynth.screen.settings import ScreeningSettings
from metasynth.text import MULTI_SEP, as_text, first_author_surname, fold, split_multi
from metasynth.versions import first_version_of_publications

EXCLUDED_STATUSES: tuple[tuple[str, str], ...] = (
    ("excluded_automatic", "automatic"),
    ("excluded_title_abstract", "title_abstract"),
    ("not_retrieved", "retrieval"),
    ("excluded_full_text", "full_text"),
    ("excluded_appraisal", "appraisal"),
)
"""Each status that excludes a publication, with the stage whose reasons explain it."""

REASON_COLUMNS = ["stage", "reason", "label"]
EXCLUSION_COLUMNS = ["stage", "reason", "label", "n_publications"]
STATUS_COUNT_COLUMNS = [
    "status",
    "label",
    "n_publications",
    "n_new_publications",
    "n_earlier_open",
]
OPEN_STATUSES = frozenset(s for s in STATUSES if s.startswith(("awaiting_", "conflict_")))
"""The statuses of a publication still awaiting a decision, or in conflict."""
STUDY_COLUMNS = ["record_id", "study", "label", "review_version", "is_new"]
RESOLUTION_COUNT_COLUMNS = [
    "stage",
    "screeners_outcome",
    "n_publications",
    "n_include",
    "n_exclude",
    "n_open",
]
SCREENERS_OUTCOMES = ("disagreement", "maybe", "reasons differ", "agreement", "awaiting")
"""What the screeners left a resolved or conflicting stage at (resolutions.csv), in the order
the report lists them: their conflicts, then resolutions without one."""


def reason_table(
    settings: ScreeningSettings, *, appraisal_code: str, appraisal_label: str
) -> pd.DataFrame:
    """stage, reason, label: the automatic rules (stage `automatic`), each reviewer stage's
    reasons, then the appraisal's exclusion reason (when it has a code), in config order."""
    rows = [("automatic", rule.code, rule.label) for rule in settings.rules]
    rows += [
        (stage, reason.code, reason.label)
        for stage, reasons in settings.reasons.items()
        for reason in reasons
    ]
    if appraisal_code:
        rows.append(("appraisal", appraisal_code, appraisal_label))
    return pd.DataFrame(rows, columns=REASON_COLUMNS).astype("string")


def exclusion_table(
    status: pd.DataFrame, reasons: pd.DataFrame, *, appraisal_label: str
) -> pd.DataFrame:
    """stage, reason, label, n_publications for every excluded publication: stages in pipeline
    order, then most publications first, then reason code. The label is the reason's (`reasons`:
    `reason_table`); the reasons of reviewers who excluded for different ones ("a; b") are each
    labelled; an appraisal exclusion without one takes `appraisal_label`; a code nobody
    configured shows as itself, a missing one as "(no reason)"."""
    labels = {
        (str(stage), str(code)): str(label)
        for stage, code, label in reasons[REASON_COLUMNS].itertuples(index=False)
    }
    rows = []
    for status_name, stage in EXCLUDED_STATUSES:
        mine = status[status["status"].astype(str) == status_name]
        counts = mine["reason"].astype(str).value_counts()
        for code, n in sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0]))):
            label = labels.get((stage, str(code)), "")
            if not label and MULTI_SEP in str(code):  # two reviewers who excluded for different
                label = MULTI_SEP.join(  # reasons: each reason by its label
                    labels.get((stage, part), part) for part in split_multi(str(code))
                )
            if stage == "appraisal" and not label:
                label = appraisal_label
            rows.append((stage, str(code), label or str(code) or "(no reason)", int(n)))
    frame = pd.DataFrame(rows, columns=EXCLUSION_COLUMNS)
    return frame.astype({c: "string" for c in REASON_COLUMNS} | {"n_publications": "int64"})


def _is_new(versions: pd.DataFrame) -> set[str]:
    """The publications first found by the latest review version (`is_new` of the versions
    table, results/versions/publications.csv)."""
    flags = versions["is_new"].astype(str).str.lower() == "true"
    return set(versions.loc[flags, "record_id"].astype(str))


def status_counts(status: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """status, label, n_publications, n_new_publications, n_earlier_open: every status in
    pipeline order (zeros too), the new ones being those the latest review version found first
    (all of them in a review with one version), and the publications of earlier versions still
    open at it (awaiting a decision or in conflict; 0 at every status of a review with one
    version, and at a decided status)."""
    new = _is_new(versions) if len(versions) else set(status["record_id"].astype(str))
    names = status["status"].astype(str)
    is_new = status["record_id"].astype(str).isin(new)
    unknown = sorted(set(names) - set(STATUSES))
    rows = []
    for name in (*STATUSES, *unknown):
        mine = names == name
        earlier_open = int((mine & ~is_new).sum()) if name in OPEN_STATUSES else 0
        rows.append(
            (
                name,
                STATUS_LABELS.get(name, name),
                int(mine.sum()),
                int((mine & is_new).sum()),
                earlier_open,
            )
        )
    frame = pd.DataFrame(rows, columns=STATUS_COUNT_COLUMNS)
    return frame.astype(
        {"status": "string", "label": "string", "n_publications": "int64"}
        | {"n_new_publications": "int64", "n_earlier_open": "int64"}
    )


def earlier_versions_open(counts: pd.DataFrame, version: int) -> list[str]:
    """The warning when publications of earlier review versions are still open (the
    `n_earlier_open` of `status_counts`), as lines of up to about 100 characters (`metasynth
    status` indents them, the report joins them into a paragraph); none when there are none.

    A search added while the review is under way belongs to its version, not to an update:
    the updated review's PRISMA flow shows only the latest version's searches, so the open
    publications of earlier versions would be in no box of it."""
    if "n_earlier_open" not in counts.columns:  # a table of an older run: its rerun writes it
        return []
    earlier = pd.to_numeric(counts["n_earlier_open"], errors="coerce").fillna(0).astype(int)
    if not earlier.sum():
        return []
    where = ", ".join(
        f"{n:,} {label}" for n, label in zip(earlier, counts["label"], strict=True) if n
    )
    return [
        f"Earlier review versions are not finished: {int(earlier.sum()):,} of their publications"
        f" are still open ({where}).",
        f"Version {version} is counted as an update of a finished review: its PRISMA flow shows"
        f" only version {version}'s",
        "searches, and what earlier versions include are its previous studies. A search added"
        " while",
        f"the review is under way is part of the same version: remove `review_version: {version}`"
        " from its",
        "entry in data/raw/searches.yaml. An update of the review decides them first.",
    ]


def study_numbers(included: pd.DataFrame, versions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The included studies numbered S1…Sn by year, first author, title, then record_id.

    Input: the included studies (results/screening/included.csv: record_id, title, authors, year,
    …) and, for an updated review, the review versions (results/versions/publications.csv): the
    studies of earlier versions keep their numbers and the new ones follow them (S81, S82, …
    after 80). Output: record_id, study (1-based int), label ("S12"), review_version (the first
    version that found it; 1 without versions), is_new (first found by the latest version; every
    study without versions), sorted by study. A study with no year sorts last (within its
    version).
    """
    versions = versions if versions is not None else pd.DataFrame()
    first = first_version_of_publications(versions)
    new = _is_new(versions) if len(versions) else None
    rows = []
    for record in included.to_dict("records"):
        record_id = str(record["record_id"])
        year = as_text(record.get("year"))
        rows.append(
            (
                first.get(record_id, 1),
                int(year) if year.isdigit() else 10_000,
                first_author_surname(record.get("authors")),
                fold(record.get("title")),
                record_id,
            )
        )
    rows.sort()
    frame = pd.DataFrame(
        {
            "record_id": [r[4] for r in rows],
            "study": list(range(1, len(rows) + 1)),
            "label": [f"S{n}" for n in range(1, len(rows) + 1)],
            "review_version": [r[0] for r in rows],
            "is_new": [new is None or r[4] in new for r in rows],
        },
        columns=STUDY_COLUMNS,
    )
    return frame.astype(
        {"record_id": "string", "study": "int64", "label": "string"}
        | {"review_version": "int64", "is_new": "bool"}
    )


def resolution_counts(resolutions: pd.DataFrame) -> pd.DataFrame:
    """stage, screeners_outcome, n_publications, n_include, n_exclude, n_open from resolutions.csv
    (one row per publication and stage the screeners left in conflict or a resolver decided):
    title/abstract before full text, then `SCREENERS_OUTCOMES` order; only what occurs."""
    rows = []
    for stage in ("title_abstract", "full_text"):
        mine = resolutions[resolutions["stage"].astype(str) == stage]
        outcomes = mine["screeners_outcome"].astype(str)
        known = [o for o in SCREENERS_OUTCOMES if o in set(outcomes)]
        for outcome in known + sorted(set(outcomes) - set(SCREENERS_OUTCOMES)):
            these = mine[outcomes == outcome]
            settled = these["state"].astype(str) == "settled"
            decision = these["decision"].astype(str)
            rows.append(
                (
                    stage,
                    outcome,
                    len(these),
                    int((settled & (decision == "include")).sum()),
                    int((settled & (decision == "exclude")).sum()),
                    int((~settled).sum()),
                )
            )
    frame = pd.DataFrame(rows, columns=RESOLUTION_COUNT_COLUMNS)
    return frame.astype({"stage": "string", "screeners_outcome": "string"})
