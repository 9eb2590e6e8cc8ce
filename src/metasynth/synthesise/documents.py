"""Which study a coded document is, when its name does not give the record_id.

A QDA project's document (a REFI-QDA source, a Taguette document) gives its record_id through
`record_id_pattern`. A document named after the paper instead ("Yang 2024 - Cellular
structure of dinosaur scales….pdf", "10.1016_j.ejmg.2019.03.004.pdf") is found by a DOI, or a
study's title, in its name or description (REFI-QDA's `<Description>`):

- a DOI (a file name's `_` for its `/` too) matches as `interop.matching.PublicationIndex` matches
  DOIs;
- a title matches when its key (`text.title_key`: case, accents and punctuation do not count) is
  a run of whole words of the document's name or description, and is long enough to name one
  paper (`MIN_TITLE_CHARACTERS`, three words or more); of two titles found, one inside the
  other ("Erratum: <title>"), the longer is meant.

Nothing is guessed: a document whose name already is a known record_id is left alone; a document
naming two studies (two DOIs, two titles, or a DOI and another study's title) is an `InputError`
naming the document and what to do; a document naming none keeps its name, which checking the
codes reports with what to do. Each match is an `info` notice saying by what it was made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from metasynth.errors import InputError, Notice
from metasynth.interop.matching import Match, PublicationIndex
from metasynth.text import title_key

MIN_TITLE_CHARACTERS: Final = 20
"""The shortest title key found inside a document's name ("Introduction" names no paper)."""

_DOI: Final = re.compile(r"10\.\d{4,9}[/_][^\s\"<>]+", re.IGNORECASE)
_NEXT_DOI: Final = re.compile(r"[/_+,;]+(?=10\.\d{4,9}[/_])")
"""Where a second DOI starts inside what `_DOI` matched (a DOI's own suffix rarely holds one)."""
_EXTENSION: Final = re.compile(r"\.(?:txt|docx?|pdf|rtf|odt|html?)$", re.IGNORECASE)


def _dois(text: str) -> list[str]:
    """The DOIs in a document's name or description; in a file name `/` may be written `_`."""
    found = []
    for match in _DOI.finditer(text):
        # two DOIs joined by `_`, `/` or `+` (`10.1038_x_10.1038_y.pdf`, `10.1038/x/10.1038_y`)
        for part in _NEXT_DOI.split(match.group(0)):
            doi = _EXTENSION.sub("", part.rstrip(".,;)]"))
            if "/" not in doi:
                doi = doi.replace("_", "/", 1)
            found.append(doi)
    return found


class DocumentMatcher:
    """Finds the study of each coded document whose name is not a record_id (module docstring)."""

    def __init__(self, publications: PublicationIndex) -> None:
        self.publications = publications
        self.notices: list[Notice] = []
        self._titles = [
            (key, records)
            for key, records in publications.title_keys().items()
            if len(key) >= MIN_TITLE_CHARACTERS and key.count(" ") >= 2
        ]

    def record_id(self, given: str, texts: Sequence[str], *, file: str, element: str) -> str:
        """The record_id of a document: `given` (from its name) when a record has it, else the
        record its DOI or title names; `texts`: its name and description."""
        if isinstance(self.publications.find({"record_id": given}), Match):
            return given
        found: dict[str, tuple[str, str]] = {}  # publication → (record_id, by what)
        for text in texts:
            for doi in _dois(text):
                self._add(found, self.publications.records_with_doi(doi), f"DOI {doi}")
            words = f" {title_key(_EXTENSION.sub('', text))} "
            hits = [(key, records) for key, records in self._titles if f" {key} " in words]
            for key, records in hits:
                # a title inside a longer one found too ("Erratum: … <title>") is that one's
                if not any(key != other and key in other for other, _ in hits):
                    self._add(found, records, f"title {key!r}")
        if not found:
            return given
        if len(found) > 1:
            named = "; ".join(f"{pub} by its {how}" for pub, (_, how) in sorted(found.items()))
            raise InputError(
                f"document {given!r} names {len(found)} studies: {named}",
                file=file,
                element=element,
                hint="rename the document to its record_id in the QDA tool (or, in a REFI-QDA "
                "project, give it a `record_id` variable), so that it names one study",
            )
        ((publication, (record_id, how)),) = found.items()
        # the study by the id every table gives it; the record found only when it is another
        record = "" if record_id == publication else f" (record {record_id})"
        self.notices.append(
            Notice(
                "info",
                f"document {given!r} is coded as {publication}{record}: its {how} names that "
                "study (its name is not a record_id)",
                file,
                element=element,
            )
        )
        return record_id

    def _add(self, found: dict[str, tuple[str, str]], records: set[str], how: str) -> None:
        for record_id in sorted(records):
            publication = self.publications.publication(record_id)
            if publication is not None:
                found.setdefault(publication, (record_id, how))
