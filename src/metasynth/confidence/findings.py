"""The review findings: summary statements and the codebook entries each rests on.

Input: `data/coded/findings.yaml` (schema `findings`), a list of findings, each with an `id`, an
optional short `title`, the `summary` (GRADE-CERQual's "summarised review finding") and
`rests_on`, the ids of codebook concepts, sub-categories or categories it draws on; and the
checked `Codebook`. Output: a tuple of `Finding`s, each knowing the concepts its entries cover.

Checks, each an `InputError` naming the file and line: the schema; an id used twice; an entry of
`rests_on` that the codebook does not have, or named twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metasynth.errors import InputError
from metasynth.synthesise.codebook import Codebook
from metasynth.validation import load_yaml, validate_document, yaml_line

SCHEMA = "findings"


@dataclass(frozen=True)
class Finding:
    """One review finding: what it says and which codebook entries (and so concepts) carry it."""

    id: str
    title: str
    summary: str
    rests_on: tuple[str, ...]
    concepts: tuple[str, ...]  # every concept under the entries of rests_on, codebook order

    @property
    def name(self) -> str:
        """The title, or the id when there is none."""
        return self.title or self.id


def entry_levels(codebook: Codebook) -> dict[str, str]:
    """Every codebook id → its level (category, subcategory, concept)."""
    levels = {c.id: "category" for c in codebook.categories}
    levels.update({s.id: "subcategory" for s in codebook.subcategories})
    levels.update({c.id: "concept" for c in codebook.concepts})
    return levels


def concepts_under(codebook: Codebook, entry: str) -> tuple[str, ...]:
    """The concepts an entry covers: itself, or those of a sub-category or category."""
    subcategories = {s.id: s.category for s in codebook.subcategories}
    return tuple(
        c.id
        for c in codebook.ordered_concepts()
        if entry in (c.id, c.subcategory, subcategories.get(c.subcategory))
    )


def findings_from_document(
    document: Any, codebook: Codebook, *, file: str | Path
) -> tuple[Finding, ...]:
    """Validate a loaded findings document against the schema and the codebook."""
    if document is None:
        raise InputError(
            "the findings file is empty",
            file=file,
            hint="list the findings with id, summary and rests_on (`metasynth schema findings`)",
        )
    validate_document(document, SCHEMA, file=file)
    levels = entry_levels(codebook)
    seen: dict[str, int] = {}
    findings = []
    for position, entry in enumerate(document["findings"]):
        finding_id = str(entry["id"])
        if finding_id in seen:
            raise InputError(
                f"finding id {finding_id!r} is used twice (first as finding "
                f"{seen[finding_id] + 1})",
                file=file,
                line=_line(file, position),
                hint="give every finding its own id",
            )
        seen[finding_id] = position
        rests_on = tuple(str(e) for e in entry["rests_on"])
        for index, name in enumerate(rests_on):
            if name in rests_on[:index]:
                raise InputError(
                    f"finding {finding_id!r} names {name!r} twice in rests_on",
                    file=file,
                    line=_line(file, position, index),
                    hint="name each codebook entry once",
                )
            if name not in levels:
                raise InputError(
                    f"finding {finding_id!r} rests on {name!r}, which the codebook does not have",
                    file=file,
                    line=_line(file, position, index),
                    hint="use the id of a concept, sub-category or category of the codebook "
                    "(metasynth codebook list shows them)",
                )
        concepts = tuple(
            dict.fromkeys(c for name in rests_on for c in concepts_under(codebook, name))
        )
        findings.append(
            Finding(
                id=finding_id,
                title=str(entry.get("title", "")).strip(),
                summary=" ".join(str(entry["summary"]).split()),
                rests_on=rests_on,
                concepts=concepts,
            )
        )
    return tuple(findings)


def _line(file: str | Path, position: int, index: int | None = None) -> int | None:
    """The line of a finding (or of one of its rests_on), found only for a message: each call
    reads the file again."""
    keys: list[str | int] = ["findings", position]
    if index is not None:
        keys += ["rests_on", index]
    return yaml_line(file, keys) if Path(file).exists() else None


def load_findings(path: str | Path, codebook: Codebook) -> tuple[Finding, ...]:
    """Read and check `data/coded/findings.yaml`; a missing file means no findings yet."""
    if not Path(path).exists():
        return ()
    return findings_from_document(load_yaml(path), codebook, file=path)
