"""The parts of a GRADE-CERQual assessment that the data can give: who contributes, with what.

Inputs: the findings (`findings.Finding`), the codings (results/synthesis/codings.csv; only those
that build the framework: `in_synthesis` and mapped), the study numbers (results/screening/
studies.csv: record_id, label S1…Sn), the appraisal summary (results/appraisal/casp.csv:
record_id, total, band, reason) and the publications' countries (results/dedup/publications).

Outputs (DataFrames, docs/data-contracts.md, results/confidence):

- `contributions`: one row per finding and contributing study — a study contributes when it has a
  coding under any codebook entry the finding rests on — with its codings, distinct quotes and
  words of quoted data, the entries it codes, its quality band (or "not appraised") and countries;
- `sensitivity`: per finding, the check with all studies, without each contributing study in
  turn (leave-one-study-out) and without the studies of the lower-quality bands: how many studies
  and codings remain, which entries lose every coding, and whether the finding keeps its support
  (at least `min_studies` studies, and every entry it rests on still coded);
- `quality_summary` / `adequacy_summary`: the methodological-limitations and adequacy facts of one
  finding in words, for the Evidence Profile (Munthe-Kaas et al. 2018; Glenton et al. 2018).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from metasynth.confidence.findings import Finding
from metasynth.synthesise.aggregate import synthesis_codings
from metasynth.text import MULTI_SEP, as_text, split_multi

NOT_APPRAISED = "not appraised"
"""The quality of a study the review did not appraise (no appraisal row, or appraisal: none)."""

NO_BAND = "appraised, no band"
"""The quality of a study appraised with a checklist that gives no band (MMAT, JBI)."""

CONTRIBUTION_COLUMNS = (
    "finding",
    "record_id",
    "study",
    "n_codings",
    "n_quotes",
    "n_quote_words",
    "entries",
    "quality",
    "total",
    "countries",
)

SENSITIVITY_COLUMNS = (
    "finding",
    "scenario",
    "removed",
    "n_studies",
    "n_codings",
    "unsupported",
    "keeps_support",
)


def _study_quality(appraisal: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """record_id → (quality, total): the band, or NO_BAND / NOT_APPRAISED."""
    quality: dict[str, tuple[str, str]] = {}
    for row in appraisal.to_dict("records"):
        band, reason = as_text(row.get("band")), as_text(row.get("reason"))
        label = band or (NOT_APPRAISED if reason == NOT_APPRAISED else NO_BAND)
        quality[str(row["record_id"])] = (label, as_text(row.get("total")))
    return quality


def _entries_coded(rows: pd.DataFrame, entries: Sequence[str]) -> list[str]:
    """The entries (any level) that at least one of `rows` is coded under, in `entries` order."""
    coded = set(rows["concept"]) | set(rows["subcategory"]) | set(rows["category"])
    return [e for e in entries if e in coded]


def finding_codings(codings: pd.DataFrame, finding: Finding) -> pd.DataFrame:
    """The framework's codings under the entries a finding rests on."""
    used = synthesis_codings(codings)
    return used[used["concept"].astype(str).isin(set(finding.concepts))]


def contributions(
    findings: Iterable[Finding],
    codings: pd.DataFrame,
    studies: pd.DataFrame,
    appraisal: pd.DataFrame,
    countries: dict[str, str],
) -> pd.DataFrame:
    """One row per finding and contributing study, in finding then study order (see module)."""
    label = dict(zip(studies["record_id"].astype(str), studies["label"].astype(str), strict=True))
    order = {record_id: i for i, record_id in enumerate(label)}
    quality = _study_quality(appraisal)
    rows = []
    for finding in findings:
        mine = finding_codings(codings, finding)
        for record_id in sorted(
            set(mine["record_id"].astype(str)), key=lambda r: (order.get(r, len(order)), r)
        ):
            theirs = mine[mine["record_id"].astype(str) == record_id]
            quotes = {" ".join(q.split()) for q in theirs["quote"].astype(str) if q.strip()}
            band, total = quality.get(record_id, (NOT_APPRAISED, ""))
            rows.append(
                {
                    "finding": finding.id,
                    "record_id": record_id,
                    "study": label.get(record_id, record_id),
                    "n_codings": len(theirs),
                    "n_quotes": len(quotes),
                    "n_quote_words": sum(len(q.split()) for q in quotes),
                    "entries": MULTI_SEP.join(_entries_coded(theirs, finding.rests_on)),
                    "quality": band,
                    "total": total,
                    "countries": countries.get(record_id, ""),
                }
            )
    frame = pd.DataFrame(rows, columns=list(CONTRIBUTION_COLUMNS))
    for column in ("n_codings", "n_quotes", "n_quote_words"):
        frame[column] = frame[column].astype("int64")
    return frame


def _check(
    finding: Finding, codings: pd.DataFrame, kept: set[str], min_studies: int
) -> tuple[int, int, list[str], bool]:
    rows = codings[codings["record_id"].astype(str).isin(kept)]
    n_studies = rows["record_id"].nunique()
    unsupported = [e for e in finding.rests_on if e not in _entries_coded(rows, finding.rests_on)]
    return n_studies, len(rows), unsupported, n_studies >= min_studies and not unsupported


def sensitivity(
    findings: Iterable[Finding],
    codings: pd.DataFrame,
    contributed: pd.DataFrame,
    *,
    lower_quality_bands: Sequence[str],
    min_studies: int,
) -> pd.DataFrame:
    """All studies, leave-one-study-out, and lower-quality-excluded checks (see module)."""
    lower = set(lower_quality_bands)
    rows = []
    for finding in findings:
        mine = finding_codings(codings, finding)
        theirs = contributed[contributed["finding"] == finding.id]
        every = set(theirs["record_id"])
        label = dict(zip(theirs["record_id"], theirs["study"], strict=True))
        scenarios: list[tuple[str, list[str]]] = [("all studies", [])]
        scenarios += [("leave one study out", [r]) for r in theirs["record_id"]]
        if (theirs["quality"] == NOT_APPRAISED).all() and len(theirs):
            scenarios.append(("lower quality excluded: not appraised", []))
        elif theirs["quality"].isin((NO_BAND, NOT_APPRAISED)).all() and len(theirs):
            # JBI and MMAT decide without a score: no band to leave out, so no check to make
            scenarios.append(("lower quality excluded: no bands", []))
        else:
            low = [
                r for r, q in zip(theirs["record_id"], theirs["quality"], strict=True) if q in lower
            ]
            scenarios.append(("lower quality excluded", low))
        for scenario, removed in scenarios:
            n_studies, n_codings, unsupported, keeps = _check(
                finding, mine, every - set(removed), min_studies
            )
            rows.append(
                {
                    "finding": finding.id,
                    "scenario": scenario,
                    "removed": MULTI_SEP.join(label[r] for r in removed),
                    "n_studies": n_studies,
                    "n_codings": n_codings,
                    "unsupported": MULTI_SEP.join(unsupported),
                    "keeps_support": "yes" if keeps else "no",
                }
            )
    frame = pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))
    return frame.astype({"n_studies": "int64", "n_codings": "int64"})


# --------------------------------------------------------------------------- in words


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "–"


def _quality_order(theirs: pd.DataFrame) -> list[str]:
    """Quality labels, best first: bands by their studies' mean total, then the unbanded."""
    totals: dict[str, list[float]] = {}
    for quality, total in zip(theirs["quality"], theirs["total"], strict=True):
        value = pd.to_numeric(pd.Series([total]), errors="coerce").iloc[0]
        totals.setdefault(str(quality), []).append(
            float(value) if pd.notna(value) else float("nan")
        )
    unbanded = (NO_BAND, NOT_APPRAISED)

    def key(quality: str) -> tuple[int, float, str]:
        numbers = [t for t in totals[quality] if t == t]
        mean = sum(numbers) / len(numbers) if numbers else 0.0
        return (unbanded.index(quality) + 1 if quality in unbanded else 0, -mean, quality)

    return sorted(totals, key=key)


def quality_summary(theirs: pd.DataFrame) -> str:
    """ "12 studies: very good 8 (67%: S1, S4, …); good 4 (33%: …)" — the contributing studies by
    quality band, best first; "not appraised" when none was appraised, and "all appraised" when
    the checklist gives no bands (JBI, MMAT)."""
    n = len(theirs)
    if not n:
        return "no contributing studies"
    if (theirs["quality"] == NOT_APPRAISED).all():
        return f"{n} studies, not appraised"
    if (theirs["quality"] == NO_BAND).all():
        return f"{n} studies, all appraised (the checklist gives no quality bands)"
    parts = []
    for quality in _quality_order(theirs):
        members = theirs.loc[theirs["quality"] == quality, "study"].tolist()
        parts.append(f"{quality} {len(members)} ({_share(len(members), n)}: {', '.join(members)})")
    return f"{n} studies: " + "; ".join(parts)


def country_counts(theirs: pd.DataFrame) -> list[tuple[str, int]]:
    """(country, contributing studies from it), most studies first, then by name."""
    counts: Counter[str] = Counter()
    for cell in theirs["countries"]:
        counts.update(set(split_multi(cell)))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def adequacy_summary(theirs: pd.DataFrame) -> str:
    """ "12 studies, 30 codings, 28 quotes (1,204 words of quoted data), 9 countries"."""
    countries = country_counts(theirs)
    return (
        f"{len(theirs)} studies, {int(theirs['n_codings'].sum()):,} codings, "
        f"{int(theirs['n_quotes'].sum()):,} quotes ({int(theirs['n_quote_words'].sum()):,} words "
        f"of quoted data), {len(countries)} countries"
    )


def sensitivity_summary(rows: pd.DataFrame, scenario: str) -> str:
    """One check of one finding in words: "keeps its support", or what it loses and why."""
    if scenario == "leave one study out":
        mine = rows[rows["scenario"] == scenario]
        if not len(mine):
            return "no contributing studies"
        lost = mine[mine["keeps_support"] == "no"]
        if not len(lost):
            total = int(rows.loc[rows["scenario"] == "all studies", "n_codings"].sum())
            heaviest = mine.sort_values("n_codings", kind="stable").iloc[0]
            share = _share(total - int(heaviest["n_codings"]), total)
            return (
                f"keeps its support without any one of its {len(mine)} studies (the most any "
                f"one contributes: {share} of its codings, {heaviest['removed']})"
            )
        return "loses its support without " + ", ".join(
            f"{r['removed']}"
            + (f" ({r['unsupported']} no longer coded)" if r["unsupported"] else "")
            for r in lost.to_dict("records")
        )
    mine = rows[rows["scenario"].str.startswith("lower quality excluded")]
    if not len(mine):
        return ""
    row = mine.iloc[0]
    if row["scenario"].endswith("not appraised"):
        return "not appraised"
    if row["scenario"].endswith("no bands"):
        return "not applicable: the appraisal checklist gives no quality bands"
    if not row["removed"]:
        return "no contributing study is in a lower-quality band"
    n_removed = len(row["removed"].split(MULTI_SEP))
    verdict = "keeps its support" if row["keeps_support"] == "yes" else "loses its support"
    detail = f"; {row['unsupported']} no longer coded" if row["unsupported"] else ""
    remain = f"{row['n_studies']} remain{detail}"
    return f"{verdict} without its {n_removed} lower-quality studies ({remain})"
