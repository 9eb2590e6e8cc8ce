"""The synthetic default corpus: a seeded generator of realistic Web of Science exports.

The authors' own export is not public, so the default run works on a stand-in written by this
package: `build_corpus(seed)` makes the publications with their ground truth (duplicates, planned
screening fate, study context, supported concepts) and `write_corpus(corpus, root)` writes the
exports under `data/raw/`. `write_benchmark_export` writes large exports with known duplicates
for the ingestion and deduplication benchmarks; `split_export` cuts one into WOS-style batches.
"""

from metasynth.synthetic.benchmark import split_export, write_benchmark_export

__all__ = ["split_export", "write_benchmark_export"]
