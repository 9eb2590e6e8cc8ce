"""The `confidence` config section as a typed object (defaults in config.schema.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from metasynth.config import section_with_defaults


@dataclass(frozen=True)
class ConfidenceSettings:
    """Where the findings and judgements are, and what the sensitivity checks count."""

    findings: str
    judgements: str
    lower_quality_bands: tuple[str, ...]
    min_studies: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> ConfidenceSettings:
        """From the `confidence` section, or the part of it a rule reads."""
        values = section_with_defaults("confidence", dict(section or {}))
        return cls(
            findings=str(values["findings"]),
            judgements=str(values["judgements"]),
            lower_quality_bands=tuple(str(b) for b in values["lower_quality_bands"]),
            min_studies=int(values["min_studies"]),
        )
