"""The default corpus's screening decisions and CASP appraisals, generated from its ground truth.

Input: the `Corpus` of `synthetic.corpus.build_corpus` (each publication's planned fate,
reason and borderline flag) and the seed. Output, under `<root>/`:

- `data/screening/title_abstract_R1.csv`, `title_abstract_R2.csv`: two reviewers' independent
  title/abstract decisions on every publication that passes the automatic rules. Each reviewer
  follows the planned fate except for realistic slips: borderline publications are often judged
  the other way or marked `maybe`, clear ones rarely (κ ends up about 0.8);
- `data/screening/title_abstract_R3_resolutions.csv`: the third reviewer (role arbiter) settles
  every conflict (any disagreement or any `maybe`) with the planned decision;
- `data/screening/retrieval.csv`: R1 records whether each report was obtained (the planned
  `not_retrieved` ones were not, with a reason);
- `data/screening/full_text_R1.csv`, `full_text_R2.csv`, `full_text_R3_resolutions.csv`: the same
  for the full texts, where two exclusions for different reasons are also a conflict;
- `data/appraisal/casp_R1.csv`, `casp_R2.csv`: one CASP appraisal (10 questions scored 1-5) per
  full-text inclusion, totals at or above 30/50 for the planned inclusions and below for the
  planned `excluded_appraisal`, so the default run includes exactly the planned 80.

Decisions name each publication's primary record_id. Every file is sorted by record_id and
written with "\\n" line ends, so the same seed gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from metasynth.files import write_text
from synthetic.publications import Corpus, Publication

SCREENERS = ("R1", "R2")
ARBITER = "R3"
DECISION_HEADER = ["record_id", "stage", "reviewer", "decision", "reason", "note", "date"]
CASP_HEADER = ["record_id", "appraiser", *(f"q{i}" for i in range(1, 11)), "note", "date"]

TITLE_ABSTRACT_REASONS = ("not_mentoring", "not_e_mentoring", "not_empirical", "wrong_population")
FULL_TEXT_REASONS = (
    "not_e_mentoring",
    "no_qualitative_findings",
    "insufficient_detail",
    "duplicate_study",
)
RETRIEVAL_REASONS = ("no_access", "not_found")
PASSES_TITLE_ABSTRACT = ("not_retrieved", "excluded_full_text", "excluded_appraisal", "included")
PASSES_FULL_TEXT = ("excluded_appraisal", "included")
CASP_THRESHOLD = 30  # appraisal.schemes.likert.include_min_total in config/config.yaml


@dataclass(frozen=True)
class SlipRates:
    """How often a reviewer departs from the planned decision (borderline vs clear cases)."""

    wrong_borderline: float = 0.22
    maybe_borderline: float = 0.20
    wrong_clear: float = 0.012
    maybe_clear: float = 0.008
    other_reason: float = 0.12


TITLE_ABSTRACT_SLIPS = SlipRates()
FULL_TEXT_SLIPS = SlipRates(
    wrong_borderline=0.25,
    maybe_borderline=0.15,
    wrong_clear=0.03,
    maybe_clear=0.02,
    other_reason=0.10,
)

MAYBE_NOTES = (
    "unclear whether the mentoring is online",
    "abstract too short to judge",
    "mentoring component not described",
    "check the setting in the full text",
)


def _day(rng: random.Random, start: str, days: int) -> str:
    return (
        datetime.date.fromisoformat(start) + datetime.timedelta(days=rng.randrange(days))
    ).isoformat()


def _judge(
    rng: random.Random,
    planned: str,
    reason: str,
    reasons: Sequence[str],
    borderline: bool,
    slips: SlipRates,
) -> tuple[str, str, str]:
    """One reviewer's (decision, reason, note) on a publication whose planned decision is known."""
    wrong = slips.wrong_borderline if borderline else slips.wrong_clear
    maybe = slips.maybe_borderline if borderline else slips.maybe_clear
    draw = rng.random()
    if draw < maybe:
        return "maybe", "", rng.choice(MAYBE_NOTES)
    decision = planned
    if draw < maybe + wrong:
        decision = "exclude" if planned == "include" else "include"
    if decision == "include":
        return "include", "", ""
    if planned == "exclude" and reason and rng.random() >= slips.other_reason:
        return "exclude", reason, ""
    return "exclude", rng.choice([r for r in reasons if r != reason] or list(reasons)), ""


def _rows(rows: list[list[str]], header: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    ordered: list[list[str]] = sorted(rows, key=lambda row: (row[0], row[1], row[2]))
    writer.writerows(ordered)
    return buffer.getvalue()


def _double_screen(
    rng: random.Random,
    publications: Sequence[Publication],
    stage: str,
    planned_include: Sequence[str],
    reasons: Sequence[str],
    slips: SlipRates,
    start: str,
) -> dict[str, list[list[str]]]:
    """Rows per reviewer for one double-screened stage, with the arbiter's resolutions."""
    files: dict[str, list[list[str]]] = {SCREENERS[0]: [], SCREENERS[1]: [], ARBITER: []}
    for publication in publications:
        record_id = publication.primary.record_id
        planned = "include" if publication.fate in planned_include else "exclude"
        planned_reason = publication.reason if planned == "exclude" else ""
        if planned == "exclude" and planned_reason not in reasons:
            planned_reason = reasons[0]
        judged = [
            _judge(rng, planned, planned_reason, reasons, publication.borderline, slips)
            for _ in SCREENERS
        ]
        if judged[0][0] == judged[1][0] != planned and "maybe" not in (judged[0][0],):
            # Both slipped the same way: the second reviewer hesitates instead, so the arbiter
            # sees it and the outcome stays the planned fate (the truth tables stay exact).
            judged[1] = ("maybe", "", rng.choice(MAYBE_NOTES))
        for reviewer, (decision, reason, note) in zip(SCREENERS, judged, strict=True):
            files[reviewer].append(
                [record_id, stage, reviewer, decision, reason, note, _day(rng, start, 50)]
            )
        decisions = {d for d, _, _ in judged}
        reasons_given = {r for d, r, _ in judged if d == "exclude"}
        conflict = "maybe" in decisions or len(decisions) > 1
        if stage == "full_text" and decisions == {"exclude"} and len(reasons_given) > 1:
            conflict = True
        if conflict:
            note = "settled at the consensus meeting"
            resolved = _day(
                rng, (datetime.date.fromisoformat(start) + datetime.timedelta(55)).isoformat(), 7
            )
            files[ARBITER].append(
                [record_id, stage, ARBITER, planned, planned_reason, note, resolved]
            )
    return files


def _casp_scores(rng: random.Random, keep: bool) -> list[int]:
    """Ten 1-5 scores whose total is at least (keep) or below (not keep) the threshold."""
    while True:
        if keep:
            scores = [rng.choices((3, 4, 5), weights=(2, 5, 3))[0] for _ in range(10)]
        else:
            scores = [rng.choices((1, 2, 3, 4), weights=(1, 4, 4, 1))[0] for _ in range(10)]
        total = sum(scores)
        if (total >= CASP_THRESHOLD) == keep and (keep or total >= 15):
            return scores


def _stage_files(stage: str, files: dict[str, list[list[str]]]) -> dict[str, str]:
    """The two reviewers' decision files of a double-screened stage and the arbiter's."""
    names = {reviewer: f"{stage}_{reviewer}" for reviewer in SCREENERS}
    names[ARBITER] = f"{stage}_{ARBITER}_resolutions"
    return {
        f"data/screening/{names[reviewer]}.csv": _rows(rows, DECISION_HEADER)
        for reviewer, rows in files.items()
    }


def _retrieval(rng: random.Random, sought: Sequence[Publication]) -> list[list[str]]:
    """R1's record of whether each report was obtained (the planned not_retrieved were not)."""
    rows = []
    for publication in sought:
        got = publication.fate != "not_retrieved"
        rows.append(
            [
                publication.primary.record_id,
                "retrieval",
                "R1",
                "retrieved" if got else "not_retrieved",
                "" if got else rng.choice(RETRIEVAL_REASONS),
                "" if got else "interlibrary loan request unanswered",
                _day(rng, "2024-04-01", 21),
            ]
        )
    return rows


def _appraisals(rng: random.Random, assessed: Sequence[Publication]) -> dict[str, str]:
    """One CASP appraisal per full-text inclusion, the two screeners taking turns."""
    appraisals: dict[str, list[list[str]]] = {"R1": [], "R2": []}
    for index, publication in enumerate(p for p in assessed if p.fate in PASSES_FULL_TEXT):
        appraiser = SCREENERS[index % 2]
        scores = _casp_scores(rng, keep=publication.fate == "included")
        appraisals[appraiser].append(
            [
                publication.primary.record_id,
                appraiser,
                *map(str, scores),
                "",
                _day(rng, "2024-06-23", 30),
            ]
        )
    return {
        f"data/appraisal/casp_{appraiser}.csv": _rows(rows, CASP_HEADER)
        for appraiser, rows in appraisals.items()
    }


def _after_the_searches(corpus: Corpus) -> str:
    """The day after the last search was run: screening cannot start before its records exist.
    Each stage starts after the previous one's resolutions (title/abstract: 50 days, then the
    arbiter 55-61 days after the start; retrieval from 1 April; full text from 22 April, its
    arbiter in mid-June; appraisal from 23 June)."""
    last = max(datetime.date.fromisoformat(day) for day in corpus.export_dates.values())
    return (last + datetime.timedelta(days=1)).isoformat()


def write_screening(corpus: Corpus, root: str | Path, seed: int) -> list[Path]:
    """Write the decision and appraisal files for `corpus`; return their paths relative to root."""
    root = Path(root)
    rng = random.Random(f"metasynth-screening-{seed}")
    screened = sorted(
        (p for p in corpus.publications if p.fate != "excluded_automatic"),
        key=lambda p: p.primary.record_id,
    )
    outputs = _stage_files(
        "title_abstract",
        _double_screen(
            rng,
            screened,
            "title_abstract",
            PASSES_TITLE_ABSTRACT,
            TITLE_ABSTRACT_REASONS,
            TITLE_ABSTRACT_SLIPS,
            _after_the_searches(corpus),
        ),
    )
    sought = [p for p in screened if p.fate in PASSES_TITLE_ABSTRACT]
    outputs["data/screening/retrieval.csv"] = _rows(_retrieval(rng, sought), DECISION_HEADER)
    assessed = [p for p in sought if p.fate != "not_retrieved"]
    outputs |= _stage_files(
        "full_text",
        _double_screen(
            rng,
            assessed,
            "full_text",
            PASSES_FULL_TEXT,
            FULL_TEXT_REASONS,
            FULL_TEXT_SLIPS,
            "2024-04-22",
        ),
    )
    outputs |= _appraisals(rng, assessed)
    written = []
    for relative, text in sorted(outputs.items()):
        write_text(text, root / relative)
        written.append(Path(relative))
    return written
