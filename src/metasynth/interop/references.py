"""Publications as reference-manager files: RIS, BibTeX and CSL-JSON, each keeping its record_id.

Input: publications (`results/dedup/publications.parquet`: one row per publication, keyed by
its primary record_id) and their status (`results/screening/status.csv`); `select` keeps those
with the statuses asked for (the included studies, or any stage's). Output: the text of one file:

- RIS (`to_ris`): one reference per publication, CRLF line ends as the RIS specification has
  them; `ID` is the record_id, and `AN` too when it is an accession number (`WOS:…`, `PMID:…`,
  `EMBASE:L…`, `SCOPUS:…`), which metasynth's RIS reader takes back as the record_id (Covidence
  keeps it as "Accession Number"); the eISSN as a second `SN` labelled `(Electronic)` and the
  document type as exported in `M3` (as PubMed-via-EndNote and Scopus write them), an `AD` per
  affiliation; RIS has no tag for Keywords Plus, which join the author keywords as `KW`;
- BibTeX (`to_bibtex`): the record_id is the entry key, and `unique-id` when it is an
  accession number (Web of Science's field, read back as the record_id); `eissn`, `type` (the
  document type as exported), `keywords` and `keywords-plus` (`; `-separated) and
  `affiliation` (one a line) as Web of Science's BibTeX names them; LaTeX's special characters
  escaped;
- CSL-JSON (`to_csl_json`): the record_id is `id`; names split into family and given; both
  ISSNs in `ISSN` (print first); the author keywords in `keyword`, separated by `; ` (a keyword
  may hold a comma). What CSL has no variable
  for goes to its `custom` object, which metasynth's reader takes back: the document type as
  exported (`doc_type`: CSL types are fewer, a letter or an editorial is `article-journal`),
  the eISSN (`eissn`: which of the two is the electronic one), Keywords Plus
  (`keywords_plus`) and the affiliations (`affiliations`, `; `-separated).

The reference type follows the document type (`reference_types.yaml`). Line breaks inside a
value become spaces (RIS and BibTeX are line-based). Publications are written in record_id
order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from metasynth.errors import InputError
from metasynth.screen import STATUSES
from metasynth.text import as_text, split_multi

FORMATS = {".ris": "ris", ".bib": "bibtex", ".json": "csl-json"}
"""File extension → export format."""

_SPACES = re.compile(r"\s+")
_ACCESSION = re.compile(r"^(?!h:)[A-Za-z][A-Za-z0-9_-]*:\S+$")
_PAGES = re.compile(r"^\s*([^-–—\s]+)\s*(?:-+|–|—)\s*(\S+)\s*$")
_LATEX_SPECIAL = re.compile(r"([&%$#_{}])")


@cache
def reference_types() -> dict[str, dict[str, str]]:
    """Normalised document type → {ris, bibtex, csl} reference types."""
    resource = resources.files("metasynth.interop") / "reference_types.yaml"
    loaded: dict[str, dict[str, str]] = yaml.safe_load(resource.read_text(encoding="utf-8"))
    return loaded


def _type(row: Mapping[str, Any], scheme: str) -> str:
    """The reference type of the first normalised document type the table knows
    (`article; review` → `article`), else `other`."""
    types = reference_types()
    known = [part for part in split_multi(row.get("doc_type_norm")) if part in types]
    return types[known[0] if known else "other"][scheme]


def select(
    publications: pd.DataFrame, status: pd.DataFrame, statuses: Sequence[str]
) -> pd.DataFrame:
    """The publications whose status is one of `statuses`, in record_id order."""
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise InputError(
            f"unknown status {', '.join(map(repr, unknown))}",
            element="--status",
            hint=f"use any of {', '.join(STATUSES)}",
        )
    wanted = set(status.loc[status["status"].isin(statuses), "record_id"].astype(str))
    chosen = publications[publications["record_id"].astype(str).isin(wanted)]
    return chosen.sort_values("record_id", kind="stable").reset_index(drop=True)


def _text(value: Any) -> str:
    return _SPACES.sub(" ", as_text(value))


def _pages(value: Any) -> tuple[str, str]:
    text = _text(value)
    match = _PAGES.match(text)
    return (match.group(1), match.group(2)) if match else (text, "")


def _keywords(
    row: Mapping[str, Any], columns: Sequence[str] = ("author_keywords", "keywords_plus")
) -> list[str]:
    words: list[str] = []
    for column in columns:
        for word in split_multi(row.get(column)):
            if word not in words:
                words.append(word)
    return words


def _issns(row: Mapping[str, Any]) -> tuple[str, str]:
    """(ISSN, eISSN) as the row has them ("" for one it has not)."""
    return _text(row.get("issn")), _text(row.get("eissn"))


def _affiliations(row: Mapping[str, Any]) -> list[str]:
    return [_text(a) for a in split_multi(row.get("affiliations")) if _text(a)]


def _authors(row: Mapping[str, Any]) -> list[str]:
    return [_text(a) for a in split_multi(row.get("authors")) if _text(a)]


def is_accession(record_id: str) -> bool:
    """True for a record_id that is a database's accession number (not metasynth's own `h:`)."""
    return bool(_ACCESSION.match(record_id))


def _ris_lines(row: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    record_id = as_text(row["record_id"])
    first, last = _pages(row.get("pages"))
    yield "TY", _type(row, "ris")
    yield "ID", record_id
    if is_accession(record_id):
        yield "AN", record_id
    yield "TI", _text(row.get("title"))
    for author in _authors(row):
        yield "AU", author
    yield "PY", _text(row.get("year"))
    yield "T2", _text(row.get("source_title"))
    yield "VL", _text(row.get("volume"))
    yield "IS", _text(row.get("issue"))
    yield "SP", first
    yield "EP", last
    yield "DO", _text(row.get("doi"))
    issn, eissn = _issns(row)
    yield "SN", issn
    yield "SN", f"{eissn} (Electronic)" if eissn else ""
    yield "M3", _text(row.get("doc_type"))
    yield "PB", _text(row.get("publisher"))
    yield "LA", _text(row.get("language"))
    for affiliation in _affiliations(row):
        yield "AD", affiliation
    yield "AB", _text(row.get("abstract"))
    for word in _keywords(row):
        yield "KW", word
    if _text(row.get("pmid")):
        yield "C2", f"PMID:{_text(row.get('pmid'))}"


def to_ris(publications: pd.DataFrame) -> str:
    """The publications as one RIS file (CRLF line ends; empty fields left out)."""
    references = []
    for row in publications.to_dict("records"):
        lines = [f"{tag}  - {value}" for tag, value in _ris_lines(row) if value]
        references.append("\r\n".join([*lines, "ER  - ", ""]))
    return "\r\n".join(references)


def _bib_value(value: str) -> str:
    # the backslash first: a title ending in one would escape the closing brace of its field
    text = value.replace("\\", "\ue000")  # a stand-in, while the braces get their backslash
    text = _LATEX_SPECIAL.sub(r"\\\1", text).replace("~", r"\textasciitilde{}")
    return text.replace("\ue000", r"\textbackslash{}")


def _bib_fields(row: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    record_id = as_text(row["record_id"])
    first, last = _pages(row.get("pages"))
    container = (
        "booktitle" if _type(row, "bibtex") in {"inproceedings", "incollection"} else ("journal")
    )
    yield "title", _text(row.get("title"))
    yield "author", " and ".join(_authors(row))
    yield "year", _text(row.get("year"))
    yield container, _text(row.get("source_title"))
    yield "volume", _text(row.get("volume"))
    yield "number", _text(row.get("issue"))
    yield "pages", f"{first}--{last}" if last else first
    yield "doi", _text(row.get("doi"))
    yield "pmid", _text(row.get("pmid"))
    yield "issn", _text(row.get("issn"))
    yield "eissn", _text(row.get("eissn"))
    yield "type", _text(row.get("doc_type"))
    yield "publisher", _text(row.get("publisher"))
    yield "language", _text(row.get("language"))
    yield "affiliation", "\n".join(_affiliations(row))  # one a line, as Web of Science writes it
    yield "abstract", _text(row.get("abstract"))
    yield "keywords", "; ".join(_keywords(row, ("author_keywords",)))
    yield "keywords-plus", "; ".join(_keywords(row, ("keywords_plus",)))
    if is_accession(record_id):
        yield "unique-id", record_id


def to_bibtex(publications: pd.DataFrame) -> str:
    """The publications as one BibTeX file, each entry keyed by its record_id."""
    entries = []
    for row in publications.to_dict("records"):
        fields = [
            f"  {name} = {{{_bib_value(value)}}}" for name, value in _bib_fields(row) if value
        ]
        key = as_text(row["record_id"])
        entries.append(f"@{_type(row, 'bibtex')}{{{key},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(entries)


def _csl_name(author: str) -> dict[str, str]:
    family, comma, given = author.partition(",")
    if not comma:
        return {"literal": author}
    return (
        {"family": family.strip(), "given": given.strip()}
        if given.strip()
        else {"family": family.strip()}
    )


def _csl_item(row: Mapping[str, Any]) -> dict[str, Any]:
    first, last = _pages(row.get("pages"))
    item: dict[str, Any] = {
        "id": as_text(row["record_id"]),
        "type": _type(row, "csl"),
        "title": _text(row.get("title")),
        "author": [_csl_name(a) for a in _authors(row)],
        "container-title": _text(row.get("source_title")),
        "volume": _text(row.get("volume")),
        "issue": _text(row.get("issue")),
        "page": f"{first}-{last}" if last else first,
        "DOI": _text(row.get("doi")),
        "PMID": _text(row.get("pmid")),
        "ISSN": ", ".join(issn for issn in _issns(row) if issn),
        "publisher": _text(row.get("publisher")),
        "language": _text(row.get("language")),
        "abstract": _text(row.get("abstract")),
        "keyword": "; ".join(_keywords(row, ("author_keywords",))),
    }
    year = _text(row.get("year"))
    if year.isdigit():
        item["issued"] = {"date-parts": [[int(year)]]}
    custom = {
        "doc_type": _text(row.get("doc_type")),
        "eissn": _text(row.get("eissn")),
        "keywords_plus": "; ".join(_keywords(row, ("keywords_plus",))),
        "affiliations": "; ".join(_affiliations(row)),
    }
    item["custom"] = {k: v for k, v in custom.items() if v}
    return {k: v for k, v in item.items() if v}


def to_csl_json(publications: pd.DataFrame) -> str:
    """The publications as a CSL-JSON array (one item per publication, `id` = record_id)."""
    items = [_csl_item(row) for row in publications.to_dict("records")]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


WRITERS = {"ris": to_ris, "bibtex": to_bibtex, "csl-json": to_csl_json}
