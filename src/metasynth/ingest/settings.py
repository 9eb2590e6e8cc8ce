"""The ingest stage's settings: the `ingest` section of the configuration as a typed object.

Input: the `ingest` section (the ingest_exports rule's `params:`); the defaults live in
`workflow/schemas/config.schema.yaml`. Output: `IngestSettings` — the folder scanned for
exports, the file-name patterns that are not exports, and when to show a progress bar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from metasynth.config import section_with_defaults


@dataclass(frozen=True)
class IngestSettings:
    """Where the exports are and what else may sit beside them (config.schema.yaml: ingest)."""

    raw_dir: str
    ignore: tuple[str, ...]
    progress_threshold: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> IngestSettings:
        """From the `ingest` section; schema defaults fill the keys it leaves out."""
        values = section_with_defaults("ingest", dict(section or {}))
        return cls(
            raw_dir=str(values["raw_dir"]),
            ignore=tuple(str(pattern) for pattern in values["ignore"]),
            progress_threshold=int(values["progress_threshold"]),
        )
