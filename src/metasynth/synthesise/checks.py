"""Checking imported codes against the screening result and the codebook.

Inputs: the imported codes table (`codes.import_codes`), the screening status table
(`results/screening/status.csv`: record_id, status, …), optionally the dedup clusters
(`results/dedup/clusters.csv`: cluster_id, record_id) and the `Codebook`.
Outputs: `codings` (every coding with its concept, sub-category and category, and whether it
enters the synthesis), `unmapped` (codes matching no codebook entry, with the concepts suggested
for each and their evidence, `metasynth.synthesise.suggestions`), `todo` (included documents
still to code) and `coder_table` (what each coder coded, mapped and contributed to the
framework).

Codes on a document that screening or appraisal has not decided yet (awaiting or in conflict)
are held back: they enter no output but `todo`, and count once the document is included, so a
review coded before its appraisal is finished still runs. Errors (`InputError`, naming the
codes' files and lines): codes on documents that are excluded, or whose record_id is unknown;
with `strict`, any unmapped code.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from metasynth.dedup.former import publication_map
from metasynth.errors import InputError
from metasynth.screen import STATUS_LABELS, STATUSES
from metasynth.synthesise.codebook import Codebook, match_key
from metasynth.synthesise.settings import SynthesisSettings
from metasynth.synthesise.suggestions import suggest_concepts
from metasynth.synthesise.taguette import LOCATION_PREFIX as TAGUETTE_LOCATION
from metasynth.tables import sorted_unique
from metasynth.text import MULTI_SEP, plural

CODING_COLUMNS = (
    "record_id",
    "coder",
    "code",
    "concept",
    "subcategory",
    "category",
    "quote",
    "location",
    "memo",
    "in_synthesis",
    "coded_record_id",
    "code_path",
    "source_file",
    "source_ref",
)
"""Columns of results/synthesis/codings.csv."""

UNMAPPED_COLUMNS = (
    "code",
    "n_codings",
    "n_documents",
    "record_ids",
    "closest_concept",
    "closest_score",
    "suggestions",
    "where",
)
TODO_COLUMNS = ("record_id", "reason", "n_codings", "n_unmapped")
PENDING_STATUSES = frozenset(s for s in STATUSES if s.startswith(("awaiting_", "conflict_")))
"""Statuses of a document screening or appraisal has not decided yet."""
HELD_REASON = "coded before inclusion"
"""How `coding_todo` begins the reason of a document whose codes are held back."""
UNMAPPED_REASON = "only codes that are not in the codebook"
"""The reason of an included document coded only outside the codebook."""
CODER_COLUMNS = ("coder", "n_documents", "n_codings", "n_mapped", "n_in_synthesis")


def _where(frame: pd.DataFrame, limit: int = 3) -> str:
    refs = [
        f"{f}:{r.removeprefix('line ')}" if r.startswith("line ") else f"{f} {r}"
        for f, r in zip(frame["source_file"], frame["source_ref"], strict=True)
    ]
    more = f" and {len(refs) - limit} more" if len(refs) > limit else ""
    return ", ".join(refs[:limit]) + more


def resolve_publications(codes: pd.DataFrame, clusters: pd.DataFrame | None) -> pd.DataFrame:
    """Codes keyed by publication: a code naming a duplicate record applies to its cluster.

    `coded_record_id` keeps the record_id the coder wrote when it differs from the publication's.
    """
    codes = codes.copy()
    codes["coded_record_id"] = ""
    if clusters is None or not len(clusters):
        return codes
    to_cluster = publication_map(clusters)  # former record ids (an earlier rule's) included
    publication = codes["record_id"].map(lambda r: to_cluster.get(r, r))
    moved = publication != codes["record_id"]
    codes.loc[moved, "coded_record_id"] = codes.loc[moved, "record_id"]
    codes["record_id"] = publication.astype("string")
    return codes


def held_codes(codes: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """The codes on documents not decided yet (`PENDING_STATUSES`), with their `status`."""
    status_of = dict(zip(status["record_id"], status["status"], strict=True))
    held = codes[codes["record_id"].isin(_pending(status_of))]
    return held.assign(status=held["record_id"].map(status_of).astype("string"))


def _pending(status_of: dict[str, str]) -> set[str]:
    return {r for r, s in status_of.items() if s in PENDING_STATUSES}


def check_included(codes: pd.DataFrame, status: pd.DataFrame) -> list[str]:
    """The included record_ids (sorted); InputError if any code is on a document that is
    neither included nor still to be decided (`held_codes`)."""
    status_of = dict(zip(status["record_id"], status["status"], strict=True))
    included = sorted(r for r, s in status_of.items() if s == "included")
    problems = codes[~codes["record_id"].isin(set(included) | _pending(status_of))]
    if len(problems):
        lines = []
        for record_id, group in problems.groupby("record_id", sort=True):
            state = status_of.get(str(record_id), "not a publication of this review")
            codings = plural(len(group), "coding")
            lines.append(f"{record_id} ({state}; {codings} at {_where(group)})")
        shown = "".join(f"\n    {line}" for line in lines[:10])
        if len(lines) > 10:
            shown += f"\n    and {len(lines) - 10} more"
        first = problems.iloc[0]
        hint = (
            "code only included documents (results/screening/included.csv), or fix the "
            "record_id; if a document should be included, record the screening decision"
        )
        # a document of a QDA project or a Taguette export (whose rows have lines, as a
        # spreadsheet's do) is named in the tool: say how a name finds its study
        unknown = ~problems["record_id"].isin(set(status_of))
        from_tool = ~problems["source_ref"].astype(str).str.startswith("line ") | problems[
            "location"
        ].astype(str).str.startswith(TAGUETTE_LOCATION)
        if (unknown & from_tool).any():
            hint += (
                "; a document of a QDA project or Taguette export is the record_id its name "
                "gives: rename it to its record_id in the tool, or set record_id_pattern "
                "(synthesis, or the source's own) to a pattern that finds the record_id in the "
                "name; a name or description holding the study's DOI or full title (not a "
                "shortened one) is matched too"
            )
        raise InputError(
            f"codes on {len(lines)} document(s) that are not included:{shown}",
            file=str(first["source_file"]),
            hint=hint,
        )
    return included


def map_codes(
    codes: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str],
    aggregate_coders: str,
    n_suggestions: int = 3,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(codings, unmapped): each coding with its concept; codes that match no entry.

    `aggregate_coders` decides which codings build the framework (`in_synthesis`): `first` —
    for each document, only the codings of the first coder (in `coders` order) who coded it,
    so double coding does not count twice; the others serve the reliability check; `all` —
    every coder's codings.
    """
    index = codebook.code_index()
    hierarchy = codebook.hierarchy().set_index("concept")
    codings = codes.copy()
    if "coded_record_id" not in codings:
        codings["coded_record_id"] = ""
    concept = codings["code"].map(lambda c: index.get(match_key(c), ""))
    codings["concept"] = concept.astype("string")
    codings["subcategory"] = concept.map(
        lambda c: hierarchy.at[c, "subcategory"] if c else ""
    ).astype("string")
    codings["category"] = concept.map(lambda c: hierarchy.at[c, "category"] if c else "").astype(
        "string"
    )

    rank = {name: position for position, name in enumerate(coders)}
    if aggregate_coders == "all":
        lead = None
    elif aggregate_coders == "first":
        lead = codings.groupby("record_id")["coder"].agg(
            lambda s: min(s, key=lambda name: (rank.get(name, len(rank)), name))
        )
    else:
        raise InputError(f"aggregate_coders must be 'first' or 'all', not {aggregate_coders!r}")
    if lead is None:
        codings["in_synthesis"] = codings["concept"] != ""
    else:
        codings["in_synthesis"] = (codings["concept"] != "") & (
            codings["coder"] == codings["record_id"].map(lead)
        )
    codings = codings.sort_values(["record_id", "coder"], kind="stable").reset_index(drop=True)
    codings = codings[list(CODING_COLUMNS)]

    unmapped_rows = []
    missing = codings[codings["concept"] == ""]
    for code, group in missing.groupby("code", sort=True):
        suggestions = suggest_concepts(str(code), codebook, limit=n_suggestions)
        closest = next((s for s in suggestions if not s.weak), None)
        unmapped_rows.append(
            {
                "code": code,
                "n_codings": len(group),
                "n_documents": group["record_id"].nunique(),
                "record_ids": MULTI_SEP.join(sorted_unique(group["record_id"])),
                "closest_concept": closest.concept if closest else "",
                "closest_score": f"{closest.score:.1f}" if closest else "",
                "suggestions": MULTI_SEP.join(map(str, suggestions)),
                "where": _where(group),
            }
        )
    unmapped = pd.DataFrame(unmapped_rows, columns=list(UNMAPPED_COLUMNS))
    return codings, unmapped


def map_codes_with(
    codes: pd.DataFrame, codebook: Codebook, settings: SynthesisSettings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`map_codes` with the coders, aggregation and suggestion count of the synthesis settings."""
    return map_codes(
        codes,
        codebook,
        coders=settings.coders,
        aggregate_coders=settings.aggregate_coders,
        n_suggestions=settings.suggestions,
    )


def coding_todo(
    included: Sequence[str], codings: pd.DataFrame, held: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Included documents that still need coding: no codes at all, or only unmapped ones; then
    the documents whose codes are held back until they are included (`held_codes`)."""
    rows = []
    for record_id in sorted(included):
        mine = codings[codings["record_id"] == record_id]
        n_mapped = int((mine["concept"] != "").sum())
        n_unmapped = len(mine) - n_mapped
        if len(mine) == 0:
            rows.append(
                {"record_id": record_id, "reason": "no codes", "n_codings": 0, "n_unmapped": 0}
            )
        elif n_mapped == 0:
            rows.append(
                {
                    "record_id": record_id,
                    "reason": UNMAPPED_REASON,
                    "n_codings": len(mine),
                    "n_unmapped": n_unmapped,
                }
            )
    for record_id, group in (held if held is not None else codings.iloc[:0]).groupby(
        "record_id", sort=True
    ):
        state = STATUS_LABELS.get(str(group["status"].iloc[0]), str(group["status"].iloc[0]))
        rows.append(
            {
                "record_id": record_id,
                "reason": f"{HELD_REASON} ({state}): its codes count once it is included",
                "n_codings": len(group),
                "n_unmapped": 0,
            }
        )
    return pd.DataFrame(rows, columns=list(TODO_COLUMNS))


def coder_table(codings: pd.DataFrame) -> pd.DataFrame:
    """Per coder (sorted): documents coded, codings, codings mapped to a concept, codings that
    count in the framework (`in_synthesis`)."""
    rows = []
    for coder, mine in codings.groupby("coder", sort=True):
        in_synthesis = mine["in_synthesis"].astype(str).str.lower() == "true"
        rows.append(
            (
                str(coder),
                mine["record_id"].nunique(),
                len(mine),
                int((mine["concept"].astype(str) != "").sum()),
                int(in_synthesis.sum()),
            )
        )
    frame = pd.DataFrame(rows, columns=list(CODER_COLUMNS))
    return frame.astype({"coder": "string"} | {c: "int64" for c in CODER_COLUMNS[1:]})


def enforce_strict(unmapped: pd.DataFrame, *, codebook_file: str) -> None:
    """In strict mode, any unmapped code fails the run, listing the codes and suggestions."""
    if not len(unmapped):
        return
    listed = "; ".join(
        f"{row.code!r} (closest: {row.suggestions or 'none'})"
        for row in unmapped.head(10).itertuples(index=False)
    )
    more = f"; and {len(unmapped) - 10} more" if len(unmapped) > 10 else ""
    raise InputError(
        f"{len(unmapped)} code(s) match no codebook entry: {listed}{more}",
        file=codebook_file,
        hint="add each code to a concept's `codes:` in the codebook (or correct it at its "
        "source), or set synthesis.strict: false to report them without failing",
    )
