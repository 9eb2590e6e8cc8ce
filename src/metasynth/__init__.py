"""metasynth: reproducible systematic reviews that end in a qualitative meta-synthesis.

Stages, one module (or sub-package) each, in data-flow order: `ingest` (search exports to a
records table), `dedup` (records to publications), `screen` and `appraise` (decisions to
record states and PRISMA counts), `synthesise` (codes to a framework), `figures` and `report`.
"""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "metasynth-review"
"""The name on the package index (`metasynth` there is an unrelated project); the import and the
command are `metasynth`."""

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
