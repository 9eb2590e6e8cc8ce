"""The synthetic corpus, built once per test session (about two seconds)."""

from __future__ import annotations

import pytest

from synthetic.corpus import DEFAULT_SEED, build_corpus
from synthetic.publications import Corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return build_corpus(DEFAULT_SEED)


@pytest.fixture(scope="session")
def corpus_root(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A project root with the corpus written under data/raw (a fresh copy, not the committed)."""
    from synthetic.corpus import write_corpus

    root = tmp_path_factory.mktemp("corpus")
    write_corpus(corpus, root)
    return root
