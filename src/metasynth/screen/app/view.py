"""One reviewer's view of one stage, derived from the decision files: the ranked queue and more.

Input: a `Project`, the reviewer and stage, and every decision file under the decisions folder
(read under a shared lock, validated and settled exactly as the workflow does:
`decisions.load_decisions`, `state.derive_states`).

Output: a `Snapshot` (`metasynth.screen.app.snapshot`, which the server reads without loading
the model's libraries), computed in the app's background process after each decision:

- `order`: the publications awaiting a decision at this stage (for a reviewer with the
  resolver role: the open conflicts), most likely relevant first by the project's queue model
  (`queue.rank_features`, the model of results/screening/queue.csv, on the same features). It
  is trained on the settled title/abstract outcomes, as the queue is, plus this reviewer's own
  title/abstract decisions on publications still awaiting the other screeners (include and maybe
  count as relevant) — never on another screener's unsettled decision, so double screening stays
  blind. A reviewer without such decisions of their own is served the order of queue.csv.
  Publications found by other methods only (no title/abstract screening, so no features) come
  last at retrieval and full text, in record_id order and without a score.
- `mine`: this reviewer's rows at this stage, in the order they were made (date, file, line);
- `conflicts`: for a resolver, each open conflict's screeners' rows (what a screener never sees);
- `fulltext`: where each publication's full text is (`full text: …` in retrieval notes and in
  this reviewer's own full-text notes, see `fulltext_location`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from metasynth.hand_files import hand_edited_files
from metasynth.screen.app.project import Project, project_signature
from metasynth.screen.app.snapshot import (
    RELEVANT,
    UNRANKED,
    OwnDecision,
    Snapshot,
    decision_signature,
    fulltext_location,
)
from metasynth.screen.decisions import load_decisions
from metasynth.screen.features import QueueFeatures
from metasynth.screen.queue import (
    document_text,
    queue_features,
    rank_features,
    screened_publications,
    training_labels,
)
from metasynth.screen.state import derive_states


@dataclass
class Features:
    """The queue model's features of the screened publications (fitted once per session)."""

    ids: list[str]
    position: dict[str, int]
    tfidf: QueueFeatures
    query: sparse.csr_matrix | None


def features_for(project: Project, status: pd.DataFrame, cached: Features | None) -> Features:
    """The features of the publications that entered screening, reused while that set holds."""
    pubs = screened_publications(project.publications, status, project.other_methods)
    ids = pubs["record_id"].tolist()
    if cached is not None and cached.ids == ids:
        return cached
    tfidf, query = queue_features(
        document_text(pubs), project.settings.queue, project.review_question
    )
    return Features(ids, {r: i for i, r in enumerate(ids)}, tfidf, query)


def compute_snapshot(
    project: Project,
    reviewer: str,
    stage: str,
    generation: int,
    cached: Features | None = None,
) -> tuple[Snapshot, Features]:
    """The reviewer's view of the stage from the files as they are now (InputError if invalid)."""
    started = time.perf_counter()
    settings = project.settings
    signature = decision_signature(settings.decisions_dir) + project_signature(
        project.config_file, project.results
    )
    decisions = load_decisions(hand_edited_files(settings.decisions_dir), settings, project.members)
    # the states at the end of screening: appraisal comes after, and cannot change a queue here
    result = derive_states(
        project.eligibility,
        project.clusters,
        decisions,
        settings,
        other_methods=project.other_methods,
    )
    status = dict(zip(result.status["record_id"], result.status["status"], strict=True))
    rows = decisions.to_dict("records")
    at_stage = [r for r in rows if r["stage"] == stage]
    mine = [_own(r) for r in at_stage if r["reviewer"] == reviewer]
    mine.sort(key=lambda d: (d.date, d.source_file, d.source_line))

    conflicts: dict[str, list[dict[str, Any]]] = {}
    if settings.is_resolver(reviewer) and stage != "retrieval":
        open_here = set(result.conflicts[result.conflicts["stage"] == stage]["record_id"])
        for row in at_stage:
            if row["publication_id"] in open_here and not row["is_resolution"]:
                conflicts.setdefault(str(row["publication_id"]), []).append(_shown(row))
        waiting = sorted(open_here)
    else:
        waiting = sorted(p for p, s in status.items() if s == f"awaiting_{stage}")

    features = features_for(project, result.status, cached)
    labels = training_labels(result.status, project.other_methods)
    for row in rows:
        own_open = status.get(str(row["publication_id"])) == "awaiting_title_abstract"
        if row["reviewer"] == reviewer and row["stage"] == "title_abstract" and own_open:
            labels[str(row["publication_id"])] = 1 if row["decision"] in RELEVANT else 0
    order, scores, method = _ranked(features, labels, waiting, project)
    return (
        Snapshot(
            generation=generation,
            signature=signature,
            order=order,
            scores=scores,
            method=method,
            mine=mine,
            conflicts=conflicts,
            fulltext=_locations(rows, reviewer),
            seconds=time.perf_counter() - started,
        ),
        features,
    )


def _ranked(
    features: Features, labels: Mapping[str, int], waiting: Sequence[str], project: Project
) -> tuple[list[str], dict[str, float], str]:
    candidates = [features.position[p] for p in waiting if p in features.position]
    # found by other methods only: never screened at title/abstract, so the model has no
    # features for them; they are served after the ranked ones, in record_id order, unscored
    unranked = [p for p in waiting if p not in features.position]
    if not candidates:
        return unranked, {}, UNRANKED if unranked else "nothing awaits a decision"
    positions = {features.position[p]: v for p, v in labels.items() if p in features.position}
    ranking = rank_features(
        features.tfidf,
        features.query,
        positions,
        candidates,
        project.settings.queue,
        ids=features.ids,
    )
    order = [features.ids[candidates[k]] for k in ranking.order] + unranked
    scores = {
        features.ids[c]: float(s)
        for c, s in zip(candidates, np.asarray(ranking.scores), strict=True)
    }
    return order, scores, ranking.method


def _own(row: Mapping[str, Any]) -> OwnDecision:
    return OwnDecision(
        publication=str(row["publication_id"]),
        named_record_id=str(row["named_record_id"]),
        decision=str(row["decision"]),
        reason=str(row["reason"]),
        note=str(row["note"]),
        date=str(row["date"]),
        source_file=str(row["source_file"]),
        source_line=int(row["source_line"]),
    )


def _shown(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "reviewer": str(row["reviewer"]),
        "decision": str(row["decision"]),
        "reason": str(row["reason"]),
        "note": str(row["note"]),
        "date": str(row["date"]),
        "source": f"{row['source_file']}:{row['source_line']}",
    }


def _locations(rows: Sequence[Mapping[str, Any]], reviewer: str) -> dict[str, tuple[str, str]]:
    """Full-text locations from retrieval notes (a fact, not blind) and the reviewer's own
    full-text notes, each with the row that gives it (`file:line`); a later row replaces an
    earlier one."""
    found: dict[str, tuple[str, str]] = {}
    ordered = sorted(rows, key=lambda r: (str(r["date"]), str(r["source_file"]), r["source_line"]))
    for row in ordered:
        visible = row["stage"] == "retrieval" or (
            row["stage"] == "full_text" and row["reviewer"] == reviewer
        )
        location, _ = fulltext_location(str(row["note"]))
        if visible and location:
            found[str(row["publication_id"])] = (
                location,
                f"{row['source_file']}:{row['source_line']}",
            )
    return found
