"""Reading every code source config lists (`synthesis.sources`) into one imported-codes table.

A source is a hand-made CSV (`codes.read_codes_csv`), a REFI-QDA project (`.qdpx`/`.qde`,
`qda.projects.read_project_codes`) or a Taguette highlights export (`taguette.read_highlights`,
optionally checked against its codebook export); `format:` says which, else the file name does.
`import_codes` reads them in config order and checks that every coder is one of
`synthesis.coders`: an unknown coder is an `InputError` naming the file and line or element.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from metasynth.errors import InputError, Notice
from metasynth.interop.matching import PublicationIndex
from metasynth.synthesise.codes import (
    check_duplicate_codings,
    empty_codes,
    read_codes_csv,
    shared_code_names,
    source_place,
)
from metasynth.synthesise.documents import DocumentMatcher
from metasynth.synthesise.qda.projects import read_project_codes
from metasynth.synthesise.settings import SynthesisSettings
from metasynth.synthesise.taguette import (
    check_codebook_counts,
    read_codebook_csv,
    read_highlights,
)

SOURCE_FORMATS = ("csv", "refiqda", "taguette")


def check_coders(codes: pd.DataFrame, coders: Sequence[str]) -> None:
    """Every coder must be a configured one; the first stranger is an InputError."""
    if not coders:
        return
    allowed = set(coders)
    unknown = codes[~codes["coder"].isin(allowed)]
    if len(unknown):
        first = unknown.iloc[0]
        line, element = source_place(str(first["source_ref"]))
        raise InputError(
            f"unknown coder {first['coder']!r}"
            + (f" ({len(unknown)} codings by unknown coders)" if len(unknown) > 1 else ""),
            file=str(first["source_file"]),
            line=line,
            element=element,
            hint=f"coders are {', '.join(sorted(allowed))}; add the coder to synthesis.coders "
            "in config/config.yaml or fix the name (a QDA source may map user names: coder_names)",
        )


def _read_taguette(
    path: Path,
    spec: Mapping[str, Any],
    settings: SynthesisSettings,
    documents: DocumentMatcher | None,
) -> tuple[pd.DataFrame, list[Notice]]:
    coder = spec.get("coder")
    if not coder:
        raise InputError(
            "a Taguette source needs `coder:` (Taguette exports do not name the coder)",
            file=path,
            hint="add `coder: <name>` to this source in synthesis.sources",
        )
    codes, notices = read_highlights(
        path,
        coder=str(coder),
        record_id_pattern=str(spec.get("record_id_pattern", settings.record_id_pattern)),
        documents=documents,
    )
    if spec.get("codebook"):
        tags = read_codebook_csv(str(spec["codebook"]))
        notices += check_codebook_counts(tags, codes, file=str(spec["codebook"]))
    return codes, notices


def read_source(
    spec: Mapping[str, Any],
    settings: SynthesisSettings,
    documents: DocumentMatcher | None = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """Read one configured code source (`synthesis.sources[i]`) into the imported-codes layout;
    `documents` finds the study of a QDA document named by its DOI or title."""
    path = Path(str(spec["path"]))
    kind = str(spec.get("format", "")) or guess_format(path)
    if kind == "csv":
        return read_codes_csv(path), []
    if kind == "refiqda":
        return read_project_codes(
            path,
            coder=spec.get("coder"),
            coder_names=spec.get("coder_names", {}),
            record_id_pattern=str(spec.get("record_id_pattern", settings.record_id_pattern)),
            offset_unit=str(spec.get("offset_unit", "auto")),
            limits=settings.archive_limits,
            xsd_dir=settings.xsd_dir or None,
            documents=documents,
        )
    if kind == "taguette":
        return _read_taguette(path, spec, settings, documents)
    raise InputError(
        f"unknown code source format {kind!r}",
        file=path,
        hint=f"use one of {', '.join(SOURCE_FORMATS)}",
    )


def guess_format(path: Path) -> str:
    """The source format implied by a file name: .qdpx/.qde → refiqda, else csv."""
    return "refiqda" if path.suffix.lower() in {".qdpx", ".qde"} else "csv"


def import_codes(
    sources: Sequence[Mapping[str, Any]],
    settings: SynthesisSettings,
    publications: PublicationIndex | None = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """All configured sources as one imported-codes table, in source order, and their notices.

    `settings`: the synthesis settings (coders, record_id_pattern, archive_limits, xsd_dir);
    `publications`: the review's records, for QDA documents named by their DOI or title rather
    than their record_id (`documents`). Unknown coders are an InputError.
    """
    frames = []
    notices: list[Notice] = []
    documents = DocumentMatcher(publications) if publications is not None else None
    for spec in sources:
        frame, found = read_source(spec, settings, documents)
        frames.append(frame)
        notices.extend(found)
        if documents is not None:
            notices.extend(documents.notices)
            documents.notices.clear()
    codes = pd.concat(frames, ignore_index=True) if frames else empty_codes()
    codes = codes.astype("string")
    check_coders(codes, list(settings.coders))
    check_duplicate_codings(codes)  # across sources too: one coding exported twice
    return codes, [*notices, *shared_code_names(codes)]
