"""JSON exports → raw and canonical records: CSL JSON and Publish or Perish (Google Scholar).

- **CSL JSON** (Zotero's and Mendeley's "CSL JSON" export, citeproc's input, and what
  `metasynth export --format csl-json` writes): an array of items with `type`, `title`,
  `author` (`family`/`given` or `literal`), `container-title`, `issued` (`date-parts`), `page`,
  `DOI`, `PMID`, `ISSN`, `language`, `abstract`, `keyword` (CSL 1.0.2 variables), and the
  keys of `custom` metasynth's export writes for what CSL has no variable for: `doc_type`
  (the document type as first exported: a letter stays a letter, not CSL's
  `article-journal`), `eissn` (which ISSN is the electronic one), `keywords_plus` and
  `affiliations`.
- **Publish or Perish** ("Save as JSON" of Harzing's Publish or Perish, the usual way to save a
  Google Scholar search): an array of results with `uid` (`GS:` + Google Scholar's cluster id),
  `title`, `authors` ("W Guo"), `source`, `year`, `volume`/`issue`/`startpage`/`endpage` (0 when
  Google Scholar does not know them), `cites`, `abstract` (a snippet), `article_url`.

Titles lose CSL's rich-text markup (`<i>`, `<span class="nocase">`; the fields table keeps it).
The file is read whole (JSON has no record boundary a reader can find without parsing; these
exports are small) and each item of the top-level array is one record, starting at the line of
its `{`. Every key is kept in the fields table: strings as they are, numbers as written, lists
and objects as compact JSON. The record_id is an accession number only when the item has one:
a CSL item's `id` written by metasynth (`WOS:…`, `PMID:…`, … — a reference manager's own ids,
such as Zotero's item URIs or citation keys, identify nothing elsewhere), a Publish or Perish
result's `uid` (`GS:…`); otherwise a content id (`h:…`).
Refused with the line: JSON that does not parse (nothing can be read past a syntax error) or
holds a number too long for Python (over 4,300 digits), a top level that is neither an array
nor an item, an object wrapping the items in a list under a key (a web API's response).
Reported: an array element that is not an object (skipped, with its line).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, Final

from metasynth import text
from metasynth.errors import InputError
from metasynth.ingest.base import FileLog, RawRecord
from metasynth.ingest.detect import CSL_JSON, POP_JSON, TextSource
from metasynth.ingest.identity import normalise_ut
from metasynth.ingest.records import UNNAMED_DATABASE, Record
from metasynth.ingest.tags import UT_DATABASES
from metasynth.ingest.values import clean, issns, short_name, summarise_addresses, to_int, year_in

_SPACE: Final = re.compile(r"[\s,]*")
_PREFIXED: Final = re.compile(r"^([A-Za-z]+):\S+$")
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# CSL's rich-text markup in titles (CSL 1.0.2 "HTML-like formatting tags"): formatting only
_CSL_MARKUP: Final = re.compile(r'</?(?:i|b|sup|sub|span(?: (?:class|style)="[^"]*")?)>')
_DECODER: Final = json.JSONDecoder()
_KNOWN_PREFIXES: Final = frozenset({*UT_DATABASES, "ERIC", "CINAHL"})
"""The accession prefixes of the record_ids metasynth writes (a CSL item's `id` with one is
the record's identity; `h:` content ids are not: they are made again from the content)."""


def parse_json(source: TextSource, log: FileLog) -> Iterator[RawRecord]:
    """The items of a JSON export's top-level array (or its one item), in file order."""
    document = "".join(source.chunks())
    start = len(document) - len(document.lstrip())
    if document.startswith("[", start):
        position = start + 1
        line = 1 + document.count("\n", 0, position)
        while True:
            gap = _SPACE.match(document, position)
            end = gap.end() if gap else position
            line += document.count("\n", position, end)
            position = end
            if position >= len(document) or document[position] == "]":
                break
            item, after = _decode(document, position, line, log)
            if isinstance(item, dict):
                log.records_found += 1
                yield RawRecord(line, _fields(item, line, log))
            else:
                log.warn(line, f"an element that is not an item ({type(item).__name__}): skipped")
            line += document.count("\n", position, after)
            position = after
        if document[position:].strip() != "]":
            trailing = document[position:].lstrip()[:1] or "the end of the file"
            raise _error(log, line, f"the array is not closed (found {trailing!r} there)")
    elif document.startswith("{", start):
        line = 1 + document.count("\n", 0, start)
        item, after = _decode(document, start, line, log)
        if document[after:].strip():
            raise _error(log, line, "text after the item (two JSON files joined?)")
        _refuse_wrapped(item, line, log)
        log.records_found += 1
        yield RawRecord(line, _fields(item, line, log))
    else:
        raise _error(log, 1, "not a JSON array of items")


def _decode(document: str, position: int, line: int, log: FileLog) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(document, position)
    except json.JSONDecodeError as exc:
        raise _error(log, exc.lineno, f"the JSON cannot be read past here ({exc.msg})") from None
    except RecursionError:
        raise _error(log, line, "the item is nested too deep to be a reference") from None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        raise _error(log, line, "the item holds a number too long to read") from None


def _refuse_wrapped(item: dict[str, Any], line: int, log: FileLog) -> None:
    """An object with no title or type whose value is a list of objects is a web API's response
    wrapping the items (`{"meta": …, "results": [...]}`), not one item: read as one, its items
    would be lost."""
    if "title" in item or "type" in item:
        return
    for key, value in item.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            raise InputError(
                f"an object holding a list of {len(value)} items under {key!r} (a web API's "
                "response?), not an export's array of items",
                file=log.source_file,
                line=line,
                hint="export the records from the reference manager or Publish or Perish, or "
                f"save the list under {key!r} alone as the file's content",
            )


def _error(log: FileLog, line: int, message: str) -> InputError:
    return InputError(
        message,
        file=log.source_file,
        line=line,
        hint="export the records again (a damaged or cut-short file); nothing was read past it",
    )


def _fields(item: dict[str, Any], line: int, log: FileLog) -> list[tuple[str, str]]:
    """The item's keys and values as text; a lone surrogate escape (`"\\ud800"`, half of a
    UTF-16 pair, which JSON lets through) becomes U+FFFD with a warning: no UTF-8 table can hold
    it, and the record is kept."""
    fields = [(str(key), _as_text(value)) for key, value in item.items()]
    lone = [key for key, value in fields if _LONE_SURROGATE.search(key + value)]
    if not lone:
        return fields
    log.warn(
        line,
        f"a lone surrogate escape (half of a UTF-16 pair, such as \\ud800) in {', '.join(lone)}: "
        "replaced by U+FFFD (the exporting tool cut a character in two)",
    )
    mend = functools.partial(_LONE_SURROGATE.sub, "\ufffd")
    return [(mend(key), mend(value)) for key, value in fields]


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, RecursionError):  # not JSON, or a number too long to read
        return value


# --------------------------------------------------------------------------- canonical records


def _csl_name(name: Any) -> str:
    """A CSL name object as `Surname, Initials` (a `literal` name as written)."""
    if not isinstance(name, dict):
        return clean(str(name))
    family = clean(" ".join(str(name.get(key, "")) for key in ("non-dropping-particle", "family")))
    given = clean(str(name.get("given", "")))
    if family:
        return short_name(f"{family}, {given}" if given else family, given_first=False)
    return clean(str(name.get("literal", "")))


def _csl_authors(value: str, line: int, log: FileLog) -> str:
    """CSL's list of name objects as `Surname, Initials; …`; names that are text, not a list
    (a hand-written file), read as written, with a warning; names without any part, reported."""
    names = _loads(value)
    if not isinstance(names, list):
        log.warn(line, "author is text, not CSL's list of names: read as written (check it)")
        return text.join_multi([clean(part) for part in str(value).split(";") if clean(part)])
    read = [name for name in map(_csl_name, names) if name]
    if len(read) < len(names):
        log.warn(line, f"{len(names) - len(read)} of {len(names)} author name(s) have no name")
    return text.join_multi(read)


def _csl_year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return year_in(str(parts[0][0]))
        return year_in(str(issued.get("raw") or issued.get("literal") or ""))
    return year_in(str(issued or ""))


def csl_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one CSL JSON item."""
    values = dict(raw.fields)
    custom = _loads(values.get("custom", ""))
    own = {str(k): clean(str(v)) for k, v in custom.items()} if isinstance(custom, dict) else {}
    record: Record = {
        "title": clean(_CSL_MARKUP.sub("", values.get("title", ""))),
        "source_title": clean(values.get("container-title", "")),
        "volume": clean(values.get("volume", "")),
        "issue": clean(values.get("issue", "")),
        "pages": clean(values.get("page", "")).replace("–", "-"),
        "doc_type": own.get("doc_type") or clean(values.get("type", "")),
        "language": clean(values.get("language", "")),
        "abstract": clean(values.get("abstract", "")),
        "publisher": clean(values.get("publisher", "")),
        "doi": values.get("DOI", ""),
        "pmid": values.get("PMID", ""),
    }
    record["authors"] = _csl_authors(values.get("author", "[]"), raw.line, log)
    listed_keywords = values.get("keyword", "")  # `a; b` (metasynth, keeps `Mya, million…`)
    separator = ";" if ";" in listed_keywords else ","  # or Zotero's `a, b`
    keywords = [clean(part) for part in listed_keywords.split(separator)]
    record["author_keywords"] = text.join_multi([k for k in keywords if k])
    listed = re.split(r"[,;\s]+", values.get("ISSN", ""))
    eissn = text.normalise_issn(own.get("eissn", ""))
    if eissn:  # metasynth's export says which one is electronic (it may equal the print one)
        rest = [p for p in listed if text.normalise_issn(p)]
        if eissn in map(text.normalise_issn, rest):
            del rest[[text.normalise_issn(p) for p in rest].index(eissn)]
        record["issn"], record["eissn"] = issns(rest)[0], eissn
    else:
        record["issn"], record["eissn"] = issns(listed)
    affiliations = [a for a in (clean(p) for p in own.get("affiliations", "").split(";")) if a]
    record["affiliations"], record["countries"] = summarise_addresses(affiliations)
    record["keywords_plus"] = text.join_multi(
        [k for k in (clean(p) for p in own.get("keywords_plus", "").split(";")) if k]
    )
    year = _csl_year(_loads(values.get("issued", "")))
    if year is not None:
        record["year"], record["year_source"] = year, "PY"
    elif clean(values.get("issued", "")):
        log.warn(raw.line, f"issued holds no year: {values['issued'][:60]!r}: year left empty")
    for key in ("title", "container-title"):
        if isinstance(_loads(values.get(key, "")), dict | list):
            log.warn(raw.line, f"{key} is not text but a JSON object or list: read as written")
    item_id = clean(values.get("id", ""))
    match = _PREFIXED.match(item_id)
    if match and match.group(1).upper() in _KNOWN_PREFIXES:
        record["ut"] = normalise_ut(item_id)
    else:
        record["ut"], record["database"] = "", UNNAMED_DATABASE
    if not record["title"]:
        log.warn(raw.line, "a CSL JSON item without a title: check the item")
    return record


def pop_record(raw: RawRecord, log: FileLog) -> Record:
    """The canonical columns of one Publish or Perish (Google Scholar) result."""
    values = dict(raw.fields)

    def known(key: str) -> str:  # Publish or Perish writes 0 for what Google Scholar lacks
        value = clean(values.get(key, ""))
        return "" if value in ("0", "null") else value

    record: Record = {
        "title": clean(values.get("title", "")),
        "source_title": clean(values.get("source", "")),
        "volume": known("volume"),
        "issue": known("issue"),
        "doc_type": clean(values.get("type", "")),
        "abstract": clean(values.get("abstract", "")),
        "publisher": clean(values.get("publisher", "")),
        "doi": values.get("doi", ""),
        "database": "Google Scholar",
    }
    begin, end = known("startpage"), known("endpage")
    record["pages"] = f"{begin}-{end}" if begin and end and begin != end else begin or end
    names = _loads(values.get("authors", "[]"))
    names = names if isinstance(names, list) else str(names).split(",")
    names = [str(name) for name in names if str(name).strip(" .…")]  # "..." cuts the list
    record["authors"] = text.join_multi([short_name(name) for name in names])
    record["times_cited"] = to_int(known("cites"), "times_cited", log, raw.line)
    record["issn"], record["eissn"] = issns([values.get("issn", "")])
    year = year_in(known("year"))
    if year is not None:
        record["year"], record["year_source"] = year, "PY"
    uid = clean(values.get("uid", ""))
    record["ut"] = uid if uid.upper().startswith("GS:") else ""
    if not record["ut"]:
        log.warn(raw.line, "no uid (Google Scholar cluster id): record_id made from its fields")
    return record


CANONICAL: Final[dict[str, Callable[[RawRecord, FileLog], Record]]] = {
    CSL_JSON: csl_record,
    POP_JSON: pop_record,
}
