"""metasynth: reproducible systematic reviews that end in a qualitative meta-synthesis.

Stages, one module (or sub-package) each, in data-flow order: `ingest` (search exports to a
records table), `dedup` (records to publications), `screen` and `appraise` (decisions to
record states and PRISMA counts), `synthesise` (codes to a framework), `figures` and `report`.
"""

from functools import cache

DISTRIBUTION = "metasynth-review"
"""The name on the package index (`metasynth` there is an unrelated project); the import and the
command are `metasynth`."""


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    """`__version__`, looked up when first asked for: importlib.metadata costs ~0.1 CPU-s to
    import, and every rule's job imports this package without needing the version."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
