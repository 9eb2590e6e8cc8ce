"""Synthesis: qualitative codes → concepts → sub-categories → categories, with checks.

The stage reads the coding (a CSV long table, REFI-QDA projects, Taguette exports; `codes`,
`qda`, `taguette`, all through `sources`), the codebook (`codebook`), and the screening result
(which documents are included), and writes under `results/synthesis/`:

- `imported_codes.csv`, `import_notices.csv` — every coding as read, and warnings (import_codes);
- `codings.csv`, `unmapped_codes.csv`, `coding_todo.csv` — each coding with its concept, codes
  matching no concept with the closest ones, included documents still to code (check_codes);
- `framework.csv/.md/.tex`, `doc_concept_matrix.csv` — the framework and the document × concept
  matrix (aggregate_codes); `entropy.csv` (weigh_entropy); `reliability.csv`
  (assess_reliability); `clustering_check.csv` (check_clustering).

The functions here are the ones the rule scripts and the `metasynth codebook` command call:
DataFrames in, DataFrames out; reading and writing stay in `scripts/` and `metasynth.cli`.
Settings come from the `synthesis` config section through `SynthesisSettings.from_config`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from metasynth.lazy import lazy_names
from metasynth.synthesise.codebook import Codebook, load_codebook
from metasynth.synthesise.codes import notices_frame
from metasynth.synthesise.settings import SynthesisSettings

if TYPE_CHECKING:
    from metasynth.synthesise.sources import import_codes

# the readers of every coding format, imported by the one job that imports codes, not by each
# job that reads the codebook (metasynth.lazy)
__getattr__ = lazy_names(__name__, {"import_codes": "metasynth.synthesise.sources"})

__all__ = [
    "FLOAT_FORMAT",
    "Codebook",
    "SynthesisSettings",
    "import_codes",
    "load_codebook",
    "notices_frame",
    "stable_floats",
]

FLOAT_FORMAT = "%.6f"
"""How every float in the stage's CSV outputs is written (with `stable_floats` first)."""


def stable_floats(frame: pd.DataFrame, digits: int = 6) -> pd.DataFrame:
    """Floats rounded to `digits`, with −0.0 written as 0: identical text on every machine."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(digits) + 0.0
    return frame
