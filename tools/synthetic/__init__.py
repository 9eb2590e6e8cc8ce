"""The synthetic default corpus: a seeded generator of realistic Web of Science exports.

A development tool beside the workflow, not part of the installed `metasynth` (it is not in the
wheel): `scripts/generate_corpus.py` and the benchmarks put `tools/` on `sys.path`, the tests get
it through pytest's `pythonpath`. It uses metasynth; metasynth never imports it.

The authors' own export is not public, so the default run works on a stand-in written by this
package: `build_corpus(seed)` makes the publications with their ground truth (duplicates, planned
screening fate, study context, supported concepts of the reference framework in `themes`) and
`write_corpus(corpus, root)` writes the exports under `data/raw/`; `generate(root, seed)` does
both (the entry point of `scripts/generate_corpus.py`). `write_benchmark_export` writes large
exports with known duplicates for the ingestion and deduplication benchmarks; `split_export`
cuts one into WOS-style batches.

What the generator draws from is data, in `tools/synthetic/data/`: the plan of the corpus
(`plan.yaml`), the reference framework (`framework.yaml`), journals, institutions and people
(`sources.yaml`, `institutions.csv`, `people.yaml`, `vocabulary.yaml`), the patterns of titles
and abstracts (`texts.yaml`, `benchmark.yaml`), and the README's text.
"""

from synthetic.benchmark import split_export, write_benchmark_export
from synthetic.corpus import DEFAULT_SEED, build_corpus, generate, write_corpus
from synthetic.publications import Corpus, NearMiss, Publication, Record

__all__ = [
    "DEFAULT_SEED",
    "Corpus",
    "NearMiss",
    "Publication",
    "Record",
    "build_corpus",
    "generate",
    "split_export",
    "write_benchmark_export",
    "write_corpus",
]
