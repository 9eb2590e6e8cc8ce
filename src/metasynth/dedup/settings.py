"""The dedup stage's settings: the `dedup` section of the configuration as a typed object.

Input: the `dedup` section of the configuration (the match_duplicates rule's `params:`); the
defaults live in `workflow/schemas/config.schema.yaml`. Output: `DedupSettings`, read by every
pass. No threshold or word list is written anywhere else in the dedup package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from metasynth.config import section_with_defaults


@dataclass(frozen=True)
class DedupSettings:
    """Thresholds, word lists and limits of deduplication (config.schema.yaml documents each)."""

    verdicts: str
    title_duplicate: float
    title_strong_support: float
    title_review: float
    title_contained: float
    title_floor: float
    min_support: int
    strong_support: int
    full_support: int
    subtitle_support: int
    citation_match: bool
    citation_english_words: tuple[str, ...]
    abstract_words: int
    author_share: float
    max_authors: int
    issue_unique_share: float
    issue_min_records: int
    min_support_generic: int
    review_support_no_title: int
    year_tolerance: int
    short_title_words: int
    generic_titles: tuple[str, ...]
    generic_prefixes: tuple[str, ...]
    notice_prefixes: tuple[str, ...]
    notice_endings: tuple[str, ...]
    notice_doc_types: tuple[str, ...]
    report_prefixes: tuple[str, ...]
    word_prefixes: tuple[str, ...]
    preprint_doi_prefixes: tuple[str, ...]
    preprint_sources: tuple[str, ...]
    report_title: float
    report_max_years: int
    id_title_min: float
    max_id_group: int
    max_block_size: int
    rare_words_per_record: int
    window: int
    times_cited: str
    progress_threshold: int

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None = None) -> DedupSettings:
        """Settings from the `dedup` section; schema defaults fill the keys it leaves out.

        Raises InputError for an unknown key or a value of the wrong type or range.
        """
        values = section_with_defaults("dedup", dict(section or {}))
        known = {f.name for f in fields(cls)}
        kwargs = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in values.items()
            if name in known
        }
        return cls(**kwargs)  # type: ignore[arg-type]
