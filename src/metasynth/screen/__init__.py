"""Screening: automatic eligibility, reviewers' decisions, record states, agreement, PRISMA counts.

Data flow (one module each):

- `settings`: the `screening` section of the config as typed objects (rules, reasons, reviewers).
- `eligibility`: declarative automatic rules (years, document types, languages, databases) applied
  to each publication; PRISMA's "records marked as ineligible by automation tools".
- `decisions`: reading and validating the hand-edited decision files under `data/screening/`.
- `state`: one derived status per publication, the append-only audit trail, open conflicts and the
  list of publications still lacking decisions.
- `agreement`: Cohen's kappa, percent agreement and PABAK per stage and reviewer pair.
- `prisma`: PRISMA 2020 counts (the PRISMA2020 CSV schema) and the invariants tying them together.
- `queue`: the ranked title/abstract screening queue and the ASReview LAB export/import.
"""

from __future__ import annotations

STAGES: tuple[str, ...] = ("title_abstract", "retrieval", "full_text")
"""Reviewer stages, in the order a publication passes through them."""

STATUSES: tuple[str, ...] = (
    "excluded_automatic",
    "awaiting_title_abstract",
    "conflict_title_abstract",
    "excluded_title_abstract",
    "awaiting_retrieval",
    "not_retrieved",
    "awaiting_full_text",
    "conflict_full_text",
    "excluded_full_text",
    "awaiting_appraisal",
    "excluded_appraisal",
    "included",
)
"""Every status a publication can have (results/screening/status.csv), in pipeline order."""

STATUS_LABELS: dict[str, str] = {
    "excluded_automatic": "excluded by the automatic rules",
    "awaiting_title_abstract": "awaiting title/abstract decisions",
    "conflict_title_abstract": "in conflict at title/abstract",
    "excluded_title_abstract": "excluded at title/abstract",
    "awaiting_retrieval": "awaiting retrieval",
    "not_retrieved": "not retrieved",
    "awaiting_full_text": "awaiting full-text decisions",
    "conflict_full_text": "in conflict at full text",
    "excluded_full_text": "excluded at full text",
    "awaiting_appraisal": "awaiting appraisal",
    "excluded_appraisal": "excluded by appraisal",
    "included": "included",
}
"""Each status in words, for people (the report, `metasynth status`)."""
