"""The synthesis stage's settings: the `synthesis` section of the configuration as typed objects.

Input: the `synthesis` section, or the part of it a rule reads (its `params:`, see
workflow/rules/common.smk); the defaults live in `workflow/schemas/config.schema.yaml` and fill
the keys left out. Output: `SynthesisSettings` — the codebook and coding sources, who coded, how
codes are mapped, the entropy level, and the reliability (`ReliabilitySettings`) and clustering
(`ClusteringSettings`) options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from metasynth.config import section_with_defaults


@dataclass(frozen=True)
class ReliabilitySettings:
    """Inter-coder reliability: which concepts are units, and how many double-coded documents
    are too few (a warning)."""

    concepts: str
    min_documents: int


@dataclass(frozen=True)
class ClusteringSettings:
    """The data-driven check of the categories (`metasynth.synthesise.clustering`)."""

    enabled: bool
    text: str
    features: str
    char_ngrams: tuple[int, int]
    word_ngrams: tuple[int, int]
    far_threshold: float

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> ClusteringSettings:
        """From the `synthesis.clustering` section (schema defaults for what it leaves out)."""
        values = _defaults({"clustering": dict(section or {})})["clustering"]
        return cls(
            enabled=bool(values["enabled"]),
            text=str(values["text"]),
            features=str(values["features"]),
            char_ngrams=(int(values["char_ngrams"][0]), int(values["char_ngrams"][1])),
            word_ngrams=(int(values["word_ngrams"][0]), int(values["word_ngrams"][1])),
            far_threshold=float(values["far_threshold"]),
        )


@dataclass(frozen=True)
class SynthesisSettings:
    """Everything the synthesis stage reads from the config (config.schema.yaml: synthesis)."""

    codebook: str
    coders: tuple[str, ...]
    sources: tuple[Mapping[str, Any], ...]
    record_id_pattern: str
    strict: bool
    aggregate_coders: str
    suggestions: int
    entropy_level: str
    reliability: ReliabilitySettings
    clustering: ClusteringSettings
    archive_limits: Mapping[str, int]  # max_ratio may be a float; refiqda casts each
    xsd_dir: str

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> SynthesisSettings:
        """From the `synthesis` section, or the part of it a rule reads (schema defaults fill
        the rest). Raises InputError for an unknown key or a value of the wrong type."""
        values = _defaults(dict(section or {}))
        reliability = values["reliability"]
        return cls(
            codebook=str(values["codebook"]),
            coders=tuple(str(coder) for coder in values["coders"]),
            sources=tuple(dict(source) for source in values["sources"]),
            record_id_pattern=str(values["record_id_pattern"]),
            strict=bool(values["strict"]),
            aggregate_coders=str(values["aggregate_coders"]),
            suggestions=int(values["suggestions"]),
            entropy_level=str(values["entropy_level"]),
            reliability=ReliabilitySettings(
                concepts=str(reliability["concepts"]),
                min_documents=int(reliability["min_documents"]),
            ),
            clustering=ClusteringSettings.from_config(values["clustering"]),
            archive_limits=dict(values["archive_limits"]),
            xsd_dir=str(values["xsd_dir"]),
        )

    def csv_codes_file(self) -> str:
        """The first CSV coding source (where new coding rows go), or the schema's default."""
        csv_sources = [str(s["path"]) for s in self.sources if s.get("format") == "csv"]
        return csv_sources[0] if csv_sources else str(_defaults({})["sources"][0]["path"])


def _defaults(section: dict[str, Any]) -> dict[str, Any]:
    return section_with_defaults("synthesis", section)
