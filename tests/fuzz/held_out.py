"""A sixth held-out probe (6 December 2026): kinds of damage the other probes do not make, read
through the commands a user runs (`python tests/fuzz/held_out.py [--only a,b] [--seed N]`).

Each case is one kind of damage to one real file, read as a user's run reads it:

- **export kinds** — a real export changed and handed to `metasynth ingest FOLDER` beside an
  untouched copy, judged by `hostile.judge` and the field oracle of `edges.run_export_case`:
  empty and blank files per format, national encodings (GB18030, Shift-JIS, Windows-1252 smart
  quotes, UTF-32), one bad byte in the last record, a 50 MB line, RIS tags with one space and
  `ER` without its dash, BibTeX `@comment`/`@preamble`/`@string` chains and cycles, braces 500
  deep, keys with spaces or accents, a field twice, MEDLINE continuation lines at other indents,
  database CSVs with a header cell lost (the columns shifted), columns reordered, a summary row,
  a newline inside a quoted cell; compressed exports (gzip, bzip2, xz, zip, 7z);
- **folder kinds** — what lies beside the exports in the folder `metasynth ingest` reads: links
  in a loop, to nothing, to a folder above; a file name with a newline; upper-case suffixes;
- **sheet kinds** — decision sheets through `metasynth import-sheet --kind decisions` on a new
  review (`metasynth init` + `metasynth ingest`): dates as people and Excel write them, record
  ids with trailing spaces, non-breaking or zero-width spaces and look-alike letters, a header
  repeated, CRLF with a BOM; and workbooks: cut short, encrypted (an OLE2 file), several
  sheets, hidden rows, merged cells, formulas, serial dates;
- **QDA kinds** — `metasynth codebook import` of `.qdc`/`.qdpx` with GUIDs given twice, a
  `.qdpx` with a member twice, a symbolic-link member, backslashes in member names;
- **config kinds** — `snakemake -n --configfile extra.yaml` with unknown keys, wrong types;
- **output kinds** — every writing command with its output on a full 64 KB tmpfs or a
  read-only folder; and SIGTERM to `metasynth ingest`/`dedup` mid-write.

A case passes when the command exits 0 having read every record (or warned about it), or
refuses with a message naming the file in at most three lines; it fails as a traceback, a hang
(TIMEOUT seconds), a silent loss or inflation, or a message that does not name the file. Prints
one line per case and the counts per kind; exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import bz2
import codecs
import gzip
import io
import lzma
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from edges import ExportCase, run_export_case
from hostile import EXPORTS, REAL, ROOT, Source, Verdict, original

BIN = ROOT / ".venv" / "bin"
TIMEOUT = 60


@dataclass(frozen=True)
class Case:
    """A case of one kind: `run(work)` gives its verdict."""

    kind: str
    label: str
    run: Callable[[Path], Verdict]


def _export(kind: str, case: ExportCase) -> Case:
    return Case(kind, case.label, lambda work: run_export_case(case, work))


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _n(source: Source) -> int:
    return original(source).n_records


def _fmt(source: Source) -> str:
    return original(source).outcome.source_format


def _per_format() -> list[Source]:
    """One real export of each format (the first in `EXPORTS`)."""
    seen: dict[str, Source] = {}
    for source in EXPORTS:
        seen.setdefault(_fmt(source), source)
    return list(seen.values())


def _by_format(*formats: str) -> list[Source]:
    return [source for source in EXPORTS if _fmt(source) in formats]


# --------------------------------------------------------------------------- export kinds

EMPTY: dict[str, bytes] = {
    "empty": b"",
    "spaces_and_tabs": b"  \t \n\t\n   \n",
    "only_newlines": b"\n\n\n\r\n",
    "bom_and_newlines": codecs.BOM_UTF8 + b"\r\n\r\n",
    "utf16_bom_only": codecs.BOM_UTF16_LE,
    "utf16_bom_newline": codecs.BOM_UTF16_LE + "\r\n".encode("utf-16-le"),
    "nul_only": bytes(16),
}


def empty_cases() -> Iterator[Case]:
    """An empty or blank file per format (a failed download, a file saved before it was
    written): nothing to read — zero records or a refusal, never an invented record."""
    for source in _per_format():
        for label, data in EMPTY.items():
            yield _export(
                "empty",
                ExportCase(f"{label}:{source.path.name}", source, lambda t, d=data: (d, {0})),
            )


def _with_text_in_first_value(text: str, insert: str) -> str:
    """`insert` put into the first title-like value of the export."""
    for marker in ("TI  - ", "T1  - ", "TI - ", "TI  -", "title = {", "title={", "Title\n", "TI "):
        at = text.find(marker)
        if at >= 0:
            at += len(marker)
            return text[:at] + insert + text[at:]
    middle = text.find("\n", len(text) // 2)
    return text[: middle + 1] + insert + text[middle + 1 :] if middle >= 0 else text + insert


def _bad_byte(data: bytes) -> bytes:
    """A 0xFF byte (never in UTF-8) put nine tenths into the file: in its last records."""
    at = len(data) * 9 // 10
    return data[:at] + b"\xff" + data[at:]


def _national(encoding: str, insert: str) -> Callable[[str], tuple[bytes, set[int]]]:
    def make(text: str) -> tuple[bytes, set[int]]:
        changed = _with_text_in_first_value(text, insert)
        return changed.encode(encoding, errors="replace"), set()

    return make


def encoding_cases() -> Iterator[Case]:
    """Exports saved in a national encoding by an old tool or a Windows "Save as": text with
    letters outside ASCII cannot be read as UTF-8 without loss — refused or warned, never read
    as other letters without a word."""
    for source in _per_format():
        if _fmt(source) not in {"csl_json", "pop_json"}:
            yield from _encodings_of(source)


def _encodings_of(source: Source) -> Iterator[Case]:
    n = _n(source)
    for label, make in (
        ("gb18030", _national("gb18030", "中文标题 ")),
        ("shift_jis", _national("shift_jis", "日本語の題名 ")),
        ("cp1252_smart_quotes", _national("cp1252", "\u201cquoted\u201d \u2013 ")),
        ("latin1_accents", _national("latin-1", "Müller’s ".replace("’", "'"))),
        ("utf32_bom", lambda t: (codecs.BOM_UTF32_LE + t.encode("utf-32-le"), {n})),
        ("utf16be_bom_crlf", lambda t: (
            codecs.BOM_UTF16_BE + _lf(t).replace("\n", "\r\n").encode("utf-16-be"), {n})),
        ("bad_byte_in_last_record", lambda t: (
            _bad_byte(t.encode()),
            set(),
        )),
        ("bom_before_every_record_file", lambda t: (
            codecs.BOM_UTF8 + t.encode() + codecs.BOM_UTF8 + t.encode(), {2 * n})),
    ):  # fmt: skip
        yield _export("encoding", ExportCase(f"{label}:{source.path.name}", source, make))


def long_line_cases() -> Iterator[Case]:
    """A 50 MB line (a log or a binary blob pasted in, a file with no line ends) before, inside
    and after the records: read or refused within the time limit, never a hang."""
    for source in _per_format()[:6]:
        yield from _long_lines_of(source)


def _long_lines_of(source: Source) -> Iterator[Case]:
    n = _n(source)
    yield _export("long_line", ExportCase(
        f"50mb_line_at_end:{source.path.name}", source,
        lambda t: ((t + "\n" + "x" * 50_000_000 + "\n").encode(), {n}),
    ))  # fmt: skip
    yield _export("long_line", ExportCase(
        f"no_line_ends:{source.path.name}", source,
        # BibTeX and JSON need no line ends: the same records
        lambda t: (_lf(t).replace("\n", " ").encode(), {n} if _fmt(source) in _NO_LINES else set()),
    ))  # fmt: skip


_NO_LINES = frozenset({"bibtex", "wos_bibtex", "csl_json", "pop_json"})
"""Formats that need no line ends: joined into one line, the same records."""


def _ris_sub(pattern: str, replacement: str, count: int = 0) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, _lf(text), count=count, flags=re.M)


RIS_CHANGES: dict[str, tuple[Callable[[str], str], int]] = {
    # (change, records added: -1 = unknown, the file must be refused or warned about)
    "one_space_tags": (_ris_sub(r"^([A-Z][A-Z0-9])  - ", r"\1 - "), 0),
    "no_space_before_dash": (_ris_sub(r"^([A-Z][A-Z0-9])  - ", r"\1- "), 0),
    "er_without_dash": (_ris_sub(r"^ER  - ?$", "ER"), 0),
    "blank_line_between_lines": (lambda t: _lf(t).replace("\n", "\n\n"), 0),
    "email_text_before_first": (lambda t: "From: library@uni.edu\nSubject: export\n\n" + _lf(t), 0),
    "ty_line_inside_abstract": (_ris_sub(r"^((?:AB|N2)  - .*)$", "\\1\nTY  - JOUR", 1), -1),
    "tag_line_empty_value": (_ris_sub(r"^(TY  - .*)$", "\\1\nKW  -", 0), 0),
    "kw_wrapped_no_tag": (_ris_sub(r"^(KW  - .*)$", "\\1\n    continued keyword", 1), 0),
}  # fmt: skip


def ris_cases() -> Iterator[Case]:
    for source in _by_format("ris"):
        n = _n(source)
        for label, (change, added) in RIS_CHANGES.items():
            if change(original(source).text) == _lf(original(source).text):
                continue  # the export has nothing this change applies to
            counts = set() if added < 0 else {n + added}
            yield _export("ris", ExportCase(
                f"{label}:{source.path.name}", source,
                lambda t, c=change, k=counts: (c(t).encode(), k), keeps_fields=added == 0,
            ))  # fmt: skip


_ENTRY = re.compile(r"@([A-Za-z]+)\s*\{\s*([^,\s]*)\s*,", re.M)


def _first_entry(text: str) -> re.Match[str]:
    match = _ENTRY.search(text)
    assert match, "no BibTeX entry"
    return match


def _bib_key(new_key: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        match = _first_entry(text)
        return text[: match.start(2)] + new_key + text[match.end(2) :]

    return change


def _bib_field_in_first(field: str) -> Callable[[str], str]:
    """Add `field` as the last field of the first entry: an export whose first entry already
    has that field keeps its own value first (the reader uses the first of repeated fields and
    says so), so the change tests the field's value, not which of two values wins."""

    def change(text: str) -> str:
        match = _first_entry(text)
        depth, end = 0, match.start()
        for end in range(text.index("{", match.start()), len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        body = text[:end].rstrip()
        joint = "\n  " if body.endswith(",") else ",\n  "
        return body + joint + field + "\n" + text[end:]

    return change


def _note_aa(text: str) -> str:
    return _bib_field_in_first("note = aa")(text)


BIB_CHANGES: dict[str, tuple[Callable[[str], str], int]] = {
    "comment_block_with_entry": (
        lambda t: "@comment{jabref-meta: @article{hidden, title={Not a record}}}\n\n" + t, 0),
    "comment_unbraced_text": (lambda t: "@Comment this file was exported by hand\n" + t, 0),
    "preamble": (lambda t: '@preamble{"\\newcommand{\\noop}[1]{}"}\n' + t, 0),
    "string_chain": (lambda t: "@string{aa = bb}\n@string{bb = {Journal X}}\n" + t, 0),
    "string_cycle": (lambda t: "@string{aa = bb}\n@string{bb = aa}\n" + _note_aa(t), 0),
    "string_self_concat": (lambda t: '@string{aa = aa # "x"}\n' + _note_aa(t), 0),
    "undefined_macro": (_bib_field_in_first("note = undefinedmacro"), 0),
    "braces_500_deep": (_bib_field_in_first("note = " + "{" * 500 + "deep" + "}" * 500), 0),
    "braces_5000_deep": (_bib_field_in_first("note = " + "{" * 5000 + "deep" + "}" * 5000), 0),
    "key_with_space": (_bib_key("Smith 2020"), 0),
    "key_with_accent": (_bib_key("Müller2020ü"), 0),
    "key_empty": (_bib_key(""), 0),
    "field_twice": (_bib_field_in_first("title = {A second title}"), 0),
    "parentheses_entry": (
        lambda t: re.sub(r"@(\w+)\{([^,\n]*),", r"@\1(\2,", t).replace("\n}", "\n)"), 0),
    "uppercase_entry_type": (lambda t: re.sub(r"@(\w+)\{", lambda m: f"@{m[1].upper()}{{", t), 0),
    "no_comma_after_last_field": (lambda t: re.sub(r",(\s*\n\})", r"\1", t), 0),
    "text_between_entries": (lambda t: t.replace("\n@", "\nSee also below.\n@", 1), 0),
}  # fmt: skip


def bibtex_cases() -> Iterator[Case]:
    for source in _by_format("bibtex", "wos_bibtex"):
        n = _n(source)
        for label, (change, added) in BIB_CHANGES.items():
            yield _export("bibtex", ExportCase(
                f"{label}:{source.path.name}", source,
                lambda t, c=change, k={n + added}: (c(t).encode(), k),
                # Europe PMC's keys are `PMID:…`: a key changed takes the PMID with it
                keeps_fields=label != "field_twice" and not label.startswith("key_"),
            ))  # fmt: skip


def _indent(new: str) -> Callable[[str], str]:
    return lambda text: re.sub(r"(?m)^      (?=\S)", new, _lf(text))


TAGGED_CHANGES: dict[str, Callable[[str], str]] = {
    "continuation_4_spaces": _indent("    "),
    "continuation_5_spaces": _indent("     "),
    "continuation_8_spaces": _indent("        "),
    "continuation_1_space": _indent(" "),
    "continuation_tab": _indent("\t"),
    "no_blank_between_records": lambda t: re.sub(r"\n\n+(?=PMID-|[A-Z]{2,4} *- )", "\n", _lf(t)),
    "tag_padding_collapsed": lambda t: re.sub(r"(?m)^([A-Z]{2,4}) +- ", r"\1- ", _lf(t)),
}


def tagged_cases() -> Iterator[Case]:
    """MEDLINE (.nbib) and Ovid exports with continuation lines at other indents (a mail
    client or editor re-indenting), records run together, tags without their padding."""
    for source in _by_format("medline", "ovid"):
        n = _n(source)
        for label, change in TAGGED_CHANGES.items():
            yield _export("medline", ExportCase(
                f"{label}:{source.path.name}", source,
                lambda t, c=change, k={n}: (c(t).encode(), k), keeps_fields=True,
            ))  # fmt: skip


def _wos_ops() -> dict[str, tuple[Callable[[str], str], set[int], bool]]:
    def drop_er(text: str) -> str:
        return _lf(text).replace("\nER\n", "\n", 1)

    def drop_pt(text: str) -> str:
        return re.sub(r"(?m)^PT J\n", "", _lf(text), count=1)

    return {
        "er_missing_between": (drop_er, set(), False),
        "pt_missing_in_first": (drop_pt, {50}, True),
        "tag_twice": (
            lambda t: re.sub(r"(?m)^(TI .*)$", r"\1\nTI Again", _lf(t), count=1), {50}, False),
        "indent_2_spaces": (lambda t: re.sub(r"(?m)^   (?=\S)", "  ", _lf(t)), {50}, True),
        "indent_4_spaces": (lambda t: re.sub(r"(?m)^   (?=\S)", "    ", _lf(t)), {50}, True),
        "blank_lines_after_er": (lambda t: _lf(t).replace("\nER\n", "\nER\n\n\n"), {50}, True),
        "crlf_bom_twice": (lambda t: "\ufeff" + _lf(t).replace("\n", "\r\n") * 2, {100}, False),
    }  # fmt: skip


def wos_cases() -> Iterator[Case]:
    for source in _by_format("wos_plaintext"):
        for label, (change, counts, keep) in _wos_ops().items():
            yield _export("wos", ExportCase(
                f"{label}:{source.path.name}", source,
                lambda t, c=change, k=counts: (c(t).encode(), k), keeps_fields=keep,
            ))  # fmt: skip


def _csv_rows(text: str) -> tuple[str, list[str]]:
    lines = _lf(text).split("\n")
    return lines[0], lines[1:]


def _csv_split(line: str, delimiter: str) -> list[str]:
    import csv

    return next(csv.reader([line], delimiter=delimiter))


def _csv_join(cells: list[str], delimiter: str) -> str:
    out = io.StringIO()
    import csv

    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(cells)
    return out.getvalue()


def _csv_frame(text: str, delimiter: str) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(_lf(text)), delimiter=delimiter))


def _csv_write(rows: list[list[str]], delimiter: str) -> str:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def csv_cases(rng: random.Random) -> Iterator[Case]:
    """Database CSV exports (Scopus, Embase, OpenAlex, IEEE, Springer) and WOS tab-delimited:
    a header cell lost (every cell right of it under the wrong name), columns in another order
    (a newer export), a summary row at the end, a newline inside a quoted title."""
    formats = ("scopus_csv", "embase_csv", "openalex_csv", "ieee_csv", "springer_csv", "wos_tab")
    for source in _by_format(*formats):
        yield from _csv_cases_of(source, rng)


def _csv_cases_of(source: Source, rng: random.Random) -> Iterator[Case]:
    n = _n(source)
    delimiter = "\t" if _fmt(source) == "wos_tab" else ","
    rows = _csv_frame(original(source).text, delimiter)
    top = next(i for i, row in enumerate(rows) if len(row) > 3)  # Embase: a query above
    width = len([cell for cell in rows[top] if cell])
    for column in sorted(rng.sample(range(width), k=min(6, width))):

        def lose(t: str, c: int = column) -> tuple[bytes, set[int]]:
            frame = _csv_frame(t, delimiter)
            frame[top] = frame[top][:c] + frame[top][c + 1 :]
            return _csv_write(frame, delimiter).encode(), set()

        yield _export(
            "csv", ExportCase(f"header_cell_{column}_lost:{source.path.name}", source, lose)
        )

    def reorder(t: str) -> tuple[bytes, set[int]]:
        frame = _csv_frame(t, delimiter)
        order = list(range(width))[::-1] + list(range(width, len(frame[top])))
        rows = [
            row if i < top else [row[j] if j < len(row) else "" for j in order]
            for i, row in enumerate(frame)
        ]
        return _csv_write(rows, delimiter).encode(), {n}

    yield _export(
        "csv",
        ExportCase(f"columns_reversed:{source.path.name}", source, reorder, same_values=True),
    )

    def summary(t: str) -> tuple[bytes, set[int]]:
        return (_lf(t).rstrip("\n") + f"\nTotal records: {n}\n").encode(), {n}

    yield _export("csv", ExportCase(f"summary_row:{source.path.name}", source, summary))

    def quoted_newline(t: str) -> tuple[bytes, set[int]]:
        frame = _csv_frame(t, delimiter)
        for row in frame[top + 1 :]:
            for i, cell in enumerate(row):
                if len(cell) > 20:
                    row[i] = cell[:10] + "\n" + cell[10:]
                    return _csv_write(frame, delimiter).encode(), {n}
        return _csv_write(frame, delimiter).encode(), {n}

    yield _export("csv", ExportCase(f"quoted_newline:{source.path.name}", source, quoted_newline))

    def header_spaces(t: str) -> tuple[bytes, set[int]]:
        frame = _csv_frame(t, delimiter)
        frame[top] = [f" {cell} " if cell else cell for cell in frame[top]]
        return _csv_write(frame, delimiter).encode(), {n}

    yield _export(
        "csv",
        ExportCase(f"header_padded:{source.path.name}", source, header_spaces, keeps_fields=True),
    )

    def extra_column(t: str) -> tuple[bytes, set[int]]:
        frame = _csv_frame(t, delimiter)
        for index, row in enumerate(frame[top:]):
            if row:
                row.insert(1, "My notes" if index == 0 else f"note {index}")
        return _csv_write(frame, delimiter).encode(), {n}

    yield _export(
        "csv",
        ExportCase(f"extra_column:{source.path.name}", source, extra_column, same_values=True),
    )


def _compressed(
    label: str, pack: Callable[[bytes], bytes]
) -> Callable[[str], tuple[bytes, set[int]]]:
    return lambda t: (pack(t.encode()), set())


def _zipped(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("savedrecs.txt", data)
    return out.getvalue()


COMPRESSIONS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda d: gzip.compress(d, mtime=0),
    "bzip2": bz2.compress,
    "xz": lzma.compress,
    "zip": _zipped,
    "7z_header": lambda d: b"7z\xbc\xaf\x27\x1c" + bytes(26) + d[:64],
    "ole2_xls": lambda d: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
    "pdf": lambda d: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
}


def compressed_cases() -> Iterator[Case]:
    """An export compressed or in another container, dropped in with its export's name."""
    for source in _per_format()[:6]:
        for label, pack in COMPRESSIONS.items():
            yield _export(
                "compressed",
                ExportCase(f"{label}:{source.path.name}", source, _compressed(label, pack)),
            )


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    hang: bool = False


def metasynth(args: list[str], cwd: Path, timeout: int = TIMEOUT) -> Run:
    try:
        done = subprocess.run(
            [str(BIN / "metasynth"), *args], cwd=cwd, capture_output=True, text=True,
            timeout=timeout, errors="replace",
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Run(-9, "", hang=True)
    return Run(done.returncode, done.stdout + done.stderr)


def refused_or_read(label: str, run: Run, names: tuple[str, ...], read_ok: bool) -> Verdict:
    """A command's outcome: a traceback, a hang, a refusal naming one of `names` in at most
    three lines, or (when `read_ok`) a success."""
    if run.hang:
        return Verdict("hang", label, f"more than {TIMEOUT} s")
    if "Traceback (most recent call last)" in run.out:
        return Verdict("traceback", label, run.out.strip().splitlines()[-1][:300])
    if run.status == 0:
        return Verdict("ok" if read_ok else "silent loss", label, run.out.strip()[-300:])
    lines = [line for line in run.out.strip().splitlines() if line.strip()]
    errors = [line for line in lines if "rror" in line]
    if any(name in run.out for name in names) and len(errors) <= 3:
        return Verdict("refused", label, run.out.strip()[-300:])
    return Verdict("message", label, run.out.strip()[-300:])


def ingested_count(out: str) -> int | None:
    match = re.search(r"(\d[\d,]*) records?", out)
    return int(match.group(1).replace(",", "")) if match else None


# --------------------------------------------------------------------------- folder kinds

ZOTERO = Source(REAL / "asreview_zotero.ris")


def _folder_case(label: str, build: Callable[[Path], None], expect: int | None) -> Case:
    """`metasynth ingest FOLDER` where `build` made the folder beside one good export
    (10 records): `expect` records read (None: must be refused naming the odd file)."""

    def run(work: Path) -> Verdict:
        folder = work / "raw"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        shutil.copyfile(ZOTERO.path, folder / "good.ris")
        build(folder)
        result = metasynth(["ingest", str(folder), "--out", str(work / "r.csv")], work)
        verdict = refused_or_read(label, result, ("raw/",), read_ok=True)
        if verdict.kind != "ok":
            return verdict
        count = ingested_count(result.out)
        if expect is None:
            return Verdict(
                "silent loss", label, f"read without a word: {result.out.strip()[-200:]}"
            )
        if count != expect and "warning" not in result.out.lower():
            kind = "silent loss" if (count or 0) < expect else "silent inflation"
            return Verdict(
                kind, label, f"{count} read, {expect} in the folder: {result.out[-200:]}"
            )
        return Verdict("ok", label, result.out.strip()[-200:])

    return Case("folder", label, run)


def folder_cases() -> Iterator[Case]:
    ris = ZOTERO.path.read_bytes()

    def put(name: str, data: bytes = ris) -> Callable[[Path], None]:
        return lambda folder: (folder / name).write_bytes(data)

    def link(name: str, target: str) -> Callable[[Path], None]:
        return lambda folder: (folder / name).symlink_to(target)

    def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
        def run(folder: Path) -> None:
            for step in steps:
                step(folder)

        return run

    def loop_below(folder: Path) -> None:
        (folder / "sub").mkdir()
        (folder / "sub" / "loop").symlink_to("../sub")

    def nested(folder: Path) -> None:
        deep = folder.joinpath(*["d"] * 10)
        deep.mkdir(parents=True)
        (deep / "x.ris").write_bytes(ris)

    yield _folder_case(
        "symlink_loop_two", both(link("a.ris", "b.ris"), link("b.ris", "a.ris")), None
    )
    yield _folder_case("dangling_symlink", link("moved.ris", "/nonexistent/moved.ris"), None)
    yield _folder_case("folder_link_to_parent", link("up", ".."), None)
    yield _folder_case("folder_link_loop_deep", loop_below, None)
    yield _folder_case("newline_in_name", put("saved\nrecs.ris"), 20)
    yield _folder_case("tab_in_name", put("saved\trecs.ris"), 20)
    yield _folder_case("leading_dash_name", put("-export.ris"), 20)
    for suffix in (".RIS", ".Ris", ".TXT", ".NBIB", ".ris.txt", "", ".ris "):
        yield _folder_case(
            f"suffix_{suffix.strip() or 'none'}{'_space' if suffix.endswith(' ') else ''}",
            put(f"export{suffix}"),
            20,
        )
    yield _folder_case("name_255_bytes", put("e" * 251 + ".ris"), 20)
    yield _folder_case("nested_10_deep", nested, 20)
    yield _folder_case("empty_subfolder", lambda f: (f / "empty").mkdir(), 10)
    yield _folder_case("hardlink_twice", lambda f: os.link(f / "good.ris", f / "same.ris"), 20)
    yield _folder_case("dot_only_name", put(".ris"), 10)


# --------------------------------------------------------------------------- sheet kinds

_PROJECT: dict[str, Path] = {}


def project(work: Path) -> Path:
    """A finished new review (`projects.base_project`), made once per run of the probe."""
    if "base" not in _PROJECT:
        import projects

        _PROJECT["base"] = projects.base_project(work / "projects")
    return _PROJECT["base"]


SHEET_HEADER = ["record_id", "title", "decision", "reason", "date"]


def sheet_rows(base: Path) -> list[list[str]]:
    """Ten decisions on the review's first ten records, as a reviewer's sheet holds them."""
    import csv

    with (base / "results/screening/asreview.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))[:10]
    return [
        [r["record_id"], r["title"], "include" if i % 2 == 0 else "exclude",
         "" if i % 2 == 0 else "off_topic", "2024-04-02"]
        for i, r in enumerate(records)
    ]  # fmt: skip


def _judge_import(
    label: str,
    base: Path,
    run: Run,
    output: Path,
    report: Path,
    intended: set[tuple[str, ...]],
    n_rows: int,
) -> Verdict:
    """An import's outcome: every written row one the sheet meant (record, decision, reason,
    date), and every sheet row written or reported as skipped."""
    import csv

    verdict = refused_or_read(label, run, ("sheet",), read_ok=True)
    if verdict.kind != "ok":
        return verdict
    written = []
    if output.exists():
        with output.open(encoding="utf-8", newline="") as handle:
            written = [
                (r["record_id"], r["decision"], r["reason"], r["date"])
                for r in csv.DictReader(handle)
            ]
    wrong = [row for row in written if row not in intended]
    if wrong:
        return Verdict("silent change", label, f"written but not meant: {wrong[:2]}")
    skipped = 0
    if report.exists():
        with report.open(encoding="utf-8", newline="") as handle:
            skipped = sum(1 for r in csv.DictReader(handle) if r["outcome"] != "imported")
    if len(written) + skipped < n_rows:
        return Verdict(
            "silent loss",
            label,
            f"{len(written)} written + {skipped} reported of {n_rows}: {run.out.strip()[-200:]}",
        )
    if len(written) > n_rows:
        return Verdict("silent inflation", label, f"{len(written)} written of {n_rows}")
    return Verdict("ok", label, f"{len(written)} written, {skipped} reported")


def _sheet_case(
    kind: str,
    label: str,
    build: Callable[[list[list[str]], Path], tuple[Path, int]],
    extra: tuple[str, ...] = (),
) -> Case:
    """`metasynth import-sheet SHEET --kind decisions --reviewer R1` on the new review, the
    sheet made by `build(rows, folder)` → (path, data rows it holds)."""

    def run(work: Path) -> Verdict:
        base = project(work)
        rows = sheet_rows(base)
        intended = {(r[0], r[2], r[3], r[4]) for r in rows}
        folder = work / "sheets"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        path, n_rows = build(rows, folder)
        output = base / "data/screening/probe_R1.csv"
        report = folder / "report.csv"
        output.unlink(missing_ok=True)
        result = metasynth(
            ["import-sheet", str(path), "--kind", "decisions", "--reviewer", "R1",
             "--output", str(output), "--report", str(report), *extra], base,
        )  # fmt: skip
        try:
            return _judge_import(label, base, result, output, report, intended, n_rows)
        finally:
            output.unlink(missing_ok=True)

    return Case(kind, label, run)


def _csv_sheet(
    change: Callable[[list[list[str]]], list[list[str]]],
    *,
    encoding: str = "utf-8",
    end: str = "\n",
    bom: bool = False,
    rows_held: int | None = None,
) -> Callable[[list[list[str]], Path], tuple[Path, int]]:
    def build(rows: list[list[str]], folder: Path) -> tuple[Path, int]:
        import csv

        body = change([list(SHEET_HEADER)] + [list(r) for r in rows])
        out = io.StringIO()
        csv.writer(out, lineterminator=end).writerows(body)
        data = out.getvalue().encode(encoding)
        path = folder / "sheet.csv"
        path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
        return path, rows_held if rows_held is not None else len(rows)

    return build


def _cell(row: int, column: int, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def change(body: list[list[str]]) -> list[list[str]]:
        body[row][column] = value
        return body

    return change


DATES = (
    "02/04/2024",
    "04/02/2024",
    "2024-4-2",
    "45384",
    "45384.0",
    "2024-02-30",
    "2023-02-29",
    " 2024-04-02 ",
    "2024-04-02 00:00:00",
    "2024.04.02",
    "April 2, 2024",
    "2 Apr 2024",
    "2024-04-02T10:00:00Z",
    "20240402",
    "2024/04/02",
    "'2024-04-02",
    "2024-04-02\u00a0",
)
DECISIONS = (
    "Include ",
    "INCLUDE",
    "yes",
    "1",
    "included",
    "exclude (off topic)",
    "in",
    "✓",
    "include\u200b",
    "Ｉnclude",
)


def _id_variant(
    change: Callable[[str], str], blank_title: bool
) -> Callable[[list[list[str]]], list[list[str]]]:
    def apply(body: list[list[str]]) -> list[list[str]]:
        body[3][0] = change(body[3][0])
        if blank_title:
            body[3][1] = ""
        return body

    return apply


ID_CHANGES: dict[str, Callable[[str], str]] = {
    "trailing_space": lambda i: i + " ",
    "leading_nbsp": lambda i: "\u00a0" + i,
    "zero_width_space": lambda i: i + "\u200b",
    "cyrillic_o": lambda i: i.replace("O", "\u041e"),
    "lower_case": str.lower,
    "fullwidth_colon": lambda i: i.replace(":", "\uff1a"),
    "excel_text_prefix": lambda i: "'" + i,
    "two_ids_in_cell": lambda i: i + "; WOS:000087268000005",
    "tab_inside": lambda i: i.replace(":", ":\t"),
}


def sheet_cases() -> Iterator[Case]:
    """Decision sheets as people and Excel write them: every date, decision and id form."""
    for date in DATES:
        yield _sheet_case("sheet", f"date:{date!r}", _csv_sheet(_cell(2, 4, date)))
    for decision in DECISIONS:
        yield _sheet_case("sheet", f"decision:{decision!r}", _csv_sheet(_cell(3, 2, decision)))
    for label, change in ID_CHANGES.items():
        for blank in (False, True):
            name = f"id:{label}{':no_title' if blank else ''}"
            yield _sheet_case("sheet", name, _csv_sheet(_id_variant(change, blank)))
    yield _sheet_case(
        "sheet", "header_repeated_mid", _csv_sheet(lambda b: [*b[:6], list(SHEET_HEADER), *b[6:]])
    )
    yield _sheet_case("sheet", "crlf_bom", _csv_sheet(lambda b: b, end="\r\n", bom=True))
    yield _sheet_case(
        "sheet", "blank_rows_between", _csv_sheet(lambda b: [x for r in b for x in (r, [""] * 5)])
    )
    yield _sheet_case(
        "sheet", "summary_row", _csv_sheet(lambda b: [*b, ["Total", "", "5 included", "", ""]])
    )
    yield _sheet_case("sheet", "row_twice", _csv_sheet(lambda b: [*b, list(b[4])]))
    yield _sheet_case(
        "sheet",
        "same_id_two_decisions",
        _csv_sheet(lambda b: [*b, [b[3][0], b[3][1], "include", "", "2024-04-02"]]),
    )
    yield _sheet_case(
        "sheet",
        "cp1252_title",
        _csv_sheet(lambda b: _cell(5, 1, b[5][1] + " – ‘x’")(b), encoding="cp1252"),
    )
    yield _sheet_case("sheet", "utf16_tab", _csv_sheet(lambda b: b, encoding="utf-16"))
    yield _sheet_case("sheet", "semicolons", lambda rows, folder: _semicolons(rows, folder))
    yield _sheet_case(
        "sheet",
        "columns_other_names",
        _csv_sheet(lambda b: [["ID", "Title", "Decision", "Exclusion reason", "Date"], *b[1:]]),
    )
    yield _sheet_case(
        "sheet", "header_in_row_3", _csv_sheet(lambda b: [["My screening"], [""], *b])
    )


def _semicolons(rows: list[list[str]], folder: Path) -> tuple[Path, int]:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([SHEET_HEADER, *rows])
    path = folder / "sheet.csv"
    path.write_bytes(codecs.BOM_UTF8 + out.getvalue().encode())
    return path, len(rows)


def _workbook(
    change: Callable[[object, list[list[str]]], None],
) -> Callable[[list[list[str]], Path], tuple[Path, int]]:
    def build(rows: list[list[str]], folder: Path) -> tuple[Path, int]:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Screening"
        sheet.append(SHEET_HEADER)
        for row in rows:
            sheet.append(row)
        change(book, rows)
        path = folder / "sheet.xlsx"
        book.save(path)
        return path, len(rows)

    return build


def _serial_dates(book: object, rows: list[list[str]]) -> None:
    import datetime

    sheet = book.active  # type: ignore[attr-defined]
    for index in range(2, 12):
        cell = sheet.cell(index, 5)
        cell.value = datetime.datetime(2024, 4, 2)
        cell.number_format = "dd/mm/yyyy"


def _serial_numbers(book: object, rows: list[list[str]]) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    for index in range(2, 12):
        sheet.cell(index, 5).value = 45384


def _instructions_first(book: object, rows: list[list[str]]) -> None:
    first = book.create_sheet("Instructions", 0)  # type: ignore[attr-defined]
    first.append(["Fill in the Screening sheet"])


def _hidden_rows(book: object, rows: list[list[str]]) -> None:
    book.active.row_dimensions[4].hidden = True  # type: ignore[attr-defined]


def _merged(book: object, rows: list[list[str]]) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    sheet.cell(3, 5).value = "2024-04-02"
    sheet.merge_cells("E2:E3")


def _formulas(book: object, rows: list[list[str]]) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    for index in range(3, 12):
        sheet.cell(index, 5).value = "=E2"


def _numbers_as_ids(book: object, rows: list[list[str]]) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    sheet.cell(2, 3).value = True


def _filter_and_freeze(book: object, rows: list[list[str]]) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    sheet.auto_filter.ref = "A1:E11"
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].hidden = True


def _broken_workbook(cut: str) -> Callable[[list[list[str]], Path], tuple[Path, int]]:
    def build(rows: list[list[str]], folder: Path) -> tuple[Path, int]:
        path, n = _workbook(lambda b, r: None)(rows, folder)
        data = path.read_bytes()
        if cut == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif cut == "encrypted":  # an Excel file with a password: an OLE2 container
            path.write_bytes(
                bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
                + "EncryptionInfo".encode("utf-16-le") + bytes(50)
                + "EncryptedPackage".encode("utf-16-le") + bytes(200)
            )  # fmt: skip
        elif cut == "no_sheets":
            with zipfile.ZipFile(path) as src:
                members = {name: src.read(name) for name in src.namelist()}
            with zipfile.ZipFile(path, "w") as out:
                for name, body in members.items():
                    if "worksheets/" not in name:
                        out.writestr(name, body)
        elif cut == "ods_named_xlsx":
            with zipfile.ZipFile(path, "w") as out:
                out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
                out.writestr("content.xml", "<office:document-content/>")
        elif cut == "csv_named_xlsx":
            path.write_text(
                ",".join(SHEET_HEADER) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
            )
        return path, n

    return build


def workbook_cases() -> Iterator[Case]:
    """Excel workbooks for import-sheet: cut, encrypted, several sheets, hidden rows, merged
    cells, formulas without values, dates as dates and as serial numbers."""
    for label, change in (
        ("real_dates", _serial_dates), ("serial_numbers", _serial_numbers),
        ("instructions_sheet_first", _instructions_first), ("hidden_row", _hidden_rows),
        ("merged_dates", _merged), ("formulas_no_values", _formulas),
        ("boolean_decision", _numbers_as_ids), ("filter_freeze_hidden_column", _filter_and_freeze),
    ):  # fmt: skip
        yield _sheet_case("workbook", label, _workbook(change))
    for cut in ("truncated", "encrypted", "no_sheets", "ods_named_xlsx", "csv_named_xlsx"):
        yield _sheet_case("workbook", cut, _broken_workbook(cut))


# --------------------------------------------------------------------------- QDA kinds


def _qdc_from_default(work: Path) -> bytes:
    """The default corpus's codebook as `metasynth codebook export --qdc` writes it."""
    out = work / "exported.qdc"
    if not out.exists():
        result = metasynth(["codebook", "export", "--qdc", str(out)], ROOT)
        assert result.status == 0, result.out
    return out.read_bytes()


_GUID = re.compile(rb'guid="([^"]+)"')


_UNTOUCHED_SUMMARY = "3 categories, 9 sub-categories, 50 concepts, 208 codes"
"""What `codebook import` says of the default codebook exported as .qdc."""


def _qdc_change(
    label: str, change: Callable[[bytes], bytes], suffix: str = ".qdc", keeps: bool = False
) -> Case:
    """`metasynth codebook import` of the default codebook's .qdc, changed: refused naming the
    file, or read — and when the change is one a reader cannot see past (`keeps` False: two
    members of one name), read only with a word."""

    def run(work: Path) -> Verdict:
        data = change(_qdc_from_default(work))
        path = work / f"damaged{suffix}"
        path.write_bytes(data)
        out = work / "imported.yaml"
        out.unlink(missing_ok=True)
        result = metasynth(["codebook", "import", str(path), "-o", str(out)], work)
        verdict = refused_or_read(label, result, ("damaged",), read_ok=True)
        if verdict.kind != "ok":
            return verdict
        warned = "warning" in result.out.lower() or "notice" in result.out.lower()
        same = _UNTOUCHED_SUMMARY in result.out
        # a change that keeps every code must read the untouched codebook's codes; else a word
        return Verdict("ok" if warned or (same and keeps) else "silent loss", label,
                       result.out.strip()[-200:])  # fmt: skip

    return Case("qda", label, run)


def _dup_guid(data: bytes) -> bytes:
    guids = _GUID.findall(data)
    return data.replace(b'guid="' + guids[-1] + b'"', b'guid="' + guids[-2] + b'"')


def _as_qdpx(members: list[tuple[str, bytes, int]]) -> Callable[[bytes], bytes]:
    def make(qdc: bytes) -> bytes:
        project = (
            b'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
            b'name="p" origin="probe">'
            + qdc.split(b"?>", 1)[1].replace(b"CodeBook", b"CodeBook")
            + b"</Project>"
        )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, body, mode in members:
                info = zipfile.ZipInfo(name)
                info.external_attr = mode << 16
                archive.writestr(info, body if body else project)
        return out.getvalue()

    return make


_FILE, _LINK = 0o100644, 0o120777
QDPX_MEMBERS: tuple[tuple[str, list[tuple[str, bytes, int]], bool], ...] = (
    # (label, members: name, bytes (b"": the project), mode; whether the codes must read as is)
    ("member_twice", [("project.qde", b"", _FILE), ("project.qde", b"<Project/>", _FILE)], False),
    ("symlink_member", [("project.qde", b"", _FILE), ("sources/l.txt", b"/etc/x", _LINK)], True),
    ("backslash_member", [("project.qde", b"", _FILE), ("s\\..\\..\\x.txt", b"x", _FILE)], False),
    ("project_in_folder", [("export/project.qde", b"", _FILE)], True),
    ("two_projects", [("a.qde", b"", _FILE), ("b.qde", b"", _FILE)], False),
)  # fmt: skip
"""`.qdpx` archives holding the default codebook's project with members a zip tool makes."""


def qda_cases() -> Iterator[Case]:
    import warnings

    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
    yield _qdc_change("duplicate_guid", _dup_guid)
    yield _qdc_change(
        "duplicate_guid_other_case",
        lambda d: d.replace(_GUID.findall(d)[-1], _GUID.findall(d)[-2].upper()),
    )
    yield _qdc_change("empty_name", lambda d: re.sub(rb'name="[^"]*"', b'name=""', d, count=3))
    yield _qdc_change(
        "whitespace_name", lambda d: re.sub(rb'name="[^"]*"', b'name="  "', d, count=3)
    )
    yield _qdc_change(
        "same_name_siblings", lambda d: re.sub(rb'(<Code [^>]*name=")[^"]*(")', rb"\1same\2", d)
    )
    yield _qdc_change("no_guid", lambda d: re.sub(rb' guid="[^"]*"', b"", d, count=1))
    yield _qdc_change("untouched", lambda d: d, keeps=True)
    yield _qdc_change(
        "set_member_unknown",
        lambda d: d.replace(
            b"</CodeBook>",
            b'<Sets><Set guid="aaaaaaaa-0000-0000-0000-000000000000" name="s">'
            b'<MemberCode targetGUID="bbbbbbbb-0000-0000-0000-000000000000"/></Set></Sets>'
            b"</CodeBook>",
        ),
    )
    yield _qdc_change(
        "latin1_declared_utf8",
        lambda d: d.replace(b"</CodeBook>", "<!-- café -->".encode("latin-1") + b"</CodeBook>"),
    )
    yield _qdc_change(
        "utf16_with_bom",
        lambda d: (
            codecs.BOM_UTF16_LE
            + d.decode()
            .replace('encoding="UTF-8"', 'encoding="UTF-16"')
            .replace('encoding="utf-8"', 'encoding="UTF-16"')
            .encode("utf-16-le")
        ),
        keeps=True,
    )
    for label, members, keeps in QDPX_MEMBERS:
        yield _qdc_change(label, _as_qdpx(members), ".qdpx", keeps=keeps)


# --------------------------------------------------------------------------- config kinds


def _config_case(
    label: str, text: str, names: tuple[str, ...] = ("extra.yaml",), extra: tuple[str, ...] = ()
) -> Case:
    def run(work: Path) -> Verdict:
        base = project(work)
        path = work / "extra.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run(
                [str(BIN / "snakemake"), "-n", "--configfile", str(path), *extra], cwd=base,
                capture_output=True, text=True, timeout=TIMEOUT,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return Verdict("hang", label, f"more than {TIMEOUT} s")
        said = done.stdout + done.stderr
        if "Traceback" in said or re.search(r'^\s+File ".*", line \d+', said, re.M):
            return Verdict("traceback", label, said.strip()[-300:])
        if done.returncode == 0:
            return Verdict("silent loss", label, "accepted: " + said.strip()[-200:])
        if any(name in said for name in names):
            return Verdict("refused", label, said.strip()[-300:])
        return Verdict("message", label, said.strip()[-300:])

    return Case("config", label, run)


def config_cases() -> Iterator[Case]:
    yield _config_case("unknown_top_key", "dedupp: {}\n")
    yield _config_case("unknown_nested_key", "screening:\n  reviewrs: []\n")
    yield _config_case("wrong_type", "screening:\n  reviewers: R1\n")
    yield _config_case("list_for_mapping", "- screening\n- dedup\n")
    yield _config_case("scalar_file", "just text\n")
    yield _config_case(
        "duplicate_key",
        "screening:\n  require_reason: {title_abstract: true}\n"
        "  require_reason: {title_abstract: false}\n",
    )
    yield _config_case("tab_indent", "screening:\n\treviewers: []\n")
    yield _config_case(
        "alias_bomb",
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
            for i in range(8)
        ),
    )
    yield _config_case("null_section", "screening:\n")
    yield _config_case("empty_file", "")
    yield _config_case(
        "config_override_unknown", "{}\n", ("scren", "unknown"), ("--config", "scren=1")
    )


# --------------------------------------------------------------------------- output kinds


def _tmpfs(work: Path, name: str, size: str) -> Path | None:
    mount = work / name
    mount.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    return mount if done.returncode == 0 else None


def _fill(path: Path) -> None:
    """Write `path` until the disk is full (unbuffered: nothing left to fail at close)."""
    with path.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 4096)
        except OSError:
            pass


def _output_case(
    label: str, args: Callable[[Path, Path], list[str]], cwd: Callable[[Path], Path], how: str
) -> Case:
    """A writing command whose output lands on a full (64 KB tmpfs, pre-filled) or read-only
    folder: a one-line message naming the file, no traceback, nothing half-written."""

    def run(work: Path) -> Verdict:
        mount = _tmpfs(work, f"mnt_{label}_{how}", "64k")
        if mount is None:
            return Verdict("ok", label, "no tmpfs (not root): not tried")
        try:
            if how == "full":
                _fill(mount / "filler")
            else:
                subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
            result = metasynth(args(mount, work), cwd(work))
            verdict = refused_or_read(f"{label}:{how}", result, (str(mount),), read_ok=False)
            left = [p.name for p in mount.iterdir() if p.name.endswith(".partial")]
            if verdict.kind == "refused" and left:
                return Verdict("litter", f"{label}:{how}", f"left {left}")
            return verdict
        finally:
            subprocess.run(["umount", str(mount)], capture_output=True)

    return Case("output", f"{label}:{how}", run)


def output_cases() -> Iterator[Case]:
    big = REAL / "asreview_pubmed.nbib"
    for how in ("full", "readonly"):
        yield _output_case(
            "ingest_out",
            lambda m, w: ["ingest", str(big), "--out", str(m / "records.csv")],
            lambda w: w,
            how,
        )
        yield _output_case(
            "ingest_parquet",
            lambda m, w: ["ingest", str(big), "--out", str(m / "records.parquet")],
            lambda w: w,
            how,
        )
        yield _output_case(
            "ingest_warnings",
            lambda m, w: [
                "ingest",
                str(big),
                "--out",
                str(w / "r.csv"),
                "--warnings",
                str(m / "w.csv"),
                "--fields",
                str(m / "f.csv"),
            ],
            lambda w: w,
            how,
        )
        yield _output_case(
            "dedup_out_dir",
            lambda m, w: [
                "dedup",
                str(project(w) / "results/ingest/records.parquet"),
                "--out-dir",
                str(m / "dedup"),
            ],
            lambda w: project(w),
            how,
        )
        yield _output_case(
            "export_ris",
            lambda m, w: ["export", str(m / "all.ris"), "--status", "all"],
            lambda w: project(w),
            how,
        )
        yield _output_case(
            "export_bib",
            lambda m, w: ["export", str(m / "all.bib"), "--status", "all"],
            lambda w: project(w),
            how,
        )
        yield _output_case(
            "codebook_import",
            lambda m, w: (
                _qdc_from_default(w),
                ["codebook", "import", str(w / "exported.qdc"), "-o", str(m / "c.yaml")],
            )[1],
            lambda w: ROOT,
            how,
        )
        yield _output_case(
            "codebook_export_qdc",
            lambda m, w: ["codebook", "export", "--qdc", str(m / "c.qdc")],
            lambda w: ROOT,
            how,
        )
        yield _output_case(
            "codebook_export_qdpx",
            lambda m, w: [
                "codebook",
                "export",
                "--qdpx",
                str(m / "c.qdpx"),
                "--codes",
                str(ROOT / "data/coded/codes.csv"),
            ],
            lambda w: ROOT,
            how,
        )
        yield _output_case(
            "import_sheet_report",
            lambda m, w: [
                "import-sheet",
                str(_plain_sheet(w)),
                "--kind",
                "decisions",
                "--reviewer",
                "R1",
                "--dry-run",
                "--report",
                str(m / "rep.csv"),
            ],
            lambda w: project(w),
            how,
        )


def _plain_sheet(work: Path) -> Path:
    path = work / "plain_sheet.csv"
    rows = sheet_rows(project(work))
    path.write_text(
        "\n".join(",".join(f'"{c}"' for c in r) for r in [SHEET_HEADER, *rows]) + "\n",
        encoding="utf-8",
    )
    return path


def _sigterm_case(
    label: str,
    args: Callable[[Path], list[str]],
    out: Callable[[Path], Path],
    cwd: Callable[[Path], Path],
    after: float,
) -> Case:
    """SIGTERM (a closed terminal, a scheduler's time limit) to a writing command after
    `after` s: the output whole or absent, no temporary file left."""

    def run(work: Path) -> Verdict:
        target = out(work)
        folder = target if target.suffix == "" else target.parent
        shutil.rmtree(folder, ignore_errors=True) if target.suffix == "" else target.unlink(
            missing_ok=True
        )
        folder.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(
            [str(BIN / "metasynth"), *args(work)],
            cwd=cwd(work),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(after)
        process.send_signal(signal.SIGTERM)
        said = process.communicate(timeout=TIMEOUT)[0]
        if "Traceback" in said:
            return Verdict("traceback", label, said.strip().splitlines()[-1][:300])
        left = [p.name for p in folder.rglob("*.partial")]
        if left:
            return Verdict("litter", label, f"status {process.returncode}; left {left[:3]}")
        return Verdict("ok", label, f"status {process.returncode}: {said.strip()[-150:]}")

    return Case("sigterm", label, run)


def _big_export(work: Path) -> Path:
    path = work / "big" / "pubmed.nbib"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (REAL / "asreview_pubmed.nbib").read_text(encoding="utf-8")
        with path.open("w", encoding="utf-8") as handle:
            for copy in range(400):
                handle.write(
                    re.sub(
                        r"(?m)^PMID- (\d+)",
                        lambda m, c=copy: f"PMID- {int(m.group(1)) + 10_000_000 * (c + 1)}",
                        text,
                    )
                )
                handle.write("\n")
    return path


def sigterm_cases() -> Iterator[Case]:
    for after in (1.5, 3.0, 6.0):
        yield _sigterm_case(
            f"ingest_after_{after:g}s",
            lambda w: [
                "ingest",
                str(_big_export(w)),
                "--out",
                str(w / "killed" / "records.csv"),
                "--fields",
                str(w / "killed" / "fields.csv"),
            ],
            lambda w: w / "killed" / "records.csv",
            lambda w: w,
            after,
        )
        yield _sigterm_case(
            f"dedup_after_{after:g}s",
            lambda w: [
                "dedup",
                str(project(w) / "results/ingest/records.parquet"),
                "--out-dir",
                str(w / "killed_dedup"),
            ],
            lambda w: w / "killed_dedup",
            lambda w: project(w),
            after,
        )


# --------------------------------------------------------------------------- workflow kinds


def _workflow_case(
    label: str, change: Callable[[Path], None], target: str, rows: int | None, names: str
) -> Case:
    """A finished new review with one change, run again by `snakemake --cores 2 TARGET`
    (`projects.run_case`): refused naming `names`, or `rows` rows in the target."""

    def run(work: Path) -> Verdict:
        import projects

        project(work)
        result = projects.run_case(
            projects.Case(label, change, target, rows, names), work / "projects"
        )
        shutil.rmtree(work / "projects" / label, ignore_errors=True)
        kind = {"read": "ok", "warned": "ok", "refused": "refused", "silent": "silent loss",
                "unclear": "message"}.get(result.kind, result.kind)  # fmt: skip
        return Verdict(kind, label, result.detail)

    return Case("workflow", label, run)


def _replace_config(make: Callable[[str], str]) -> Callable[[Path], None]:
    def change(project_dir: Path) -> None:
        path = project_dir / "config/config.yaml"
        path.write_bytes(make(path.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape"))

    return change


def workflow_cases() -> Iterator[Case]:
    import projects

    wos = projects._wos()
    records = "results/ingest/records.csv"
    config = "config/config.yaml"
    yield _workflow_case(
        "export_newline_in_name",
        projects._write("data/raw/wos/saved\nrecs.txt", wos),
        records,
        None,
        "saved",
    )
    yield _workflow_case(
        "config_tab_indent",
        _replace_config(lambda t: t.replace("\n  reviewers:", "\n\treviewers:", 1)),
        records,
        None,
        config,
    )
    yield _workflow_case(
        "config_a_list", _replace_config(lambda t: "- screening\n- dedup\n"), records, None, config
    )
    yield _workflow_case("config_empty", _replace_config(lambda t: ""), records, None, config)
    yield _workflow_case(
        "config_only_comments", _replace_config(lambda t: "# emptied\n"), records, None, config
    )
    yield _workflow_case(
        "config_cut_in_half", _replace_config(lambda t: t[: len(t) // 2]), records, None, config
    )
    yield _workflow_case(
        "config_crlf_bom",
        _replace_config(lambda t: "\ufeff" + t.replace("\n", "\r\n")),
        records,
        projects.N_WOS,
        config,
    )
    yield _workflow_case(
        "config_latin1",
        lambda p: (p / config).write_bytes(
            (p / config).read_bytes().replace(b"Bibliometric", b"Bibliom\xe9tric")
        ),
        records,
        None,
        config,
    )
    yield _workflow_case(
        "searches_empty",
        projects._write("data/raw/searches.yaml", ""),
        records,
        None,
        "searches.yaml",
    )
    yield _workflow_case(
        "searches_a_string",
        projects._write("data/raw/searches.yaml", "searches\n"),
        records,
        None,
        "searches.yaml",
    )


# --------------------------------------------------------------------------- main


def export_cases(seed: int) -> Iterator[Case]:
    """The cases read by `metasynth ingest` alone (about 3 minutes; `make fuzz`)."""
    rng = random.Random(seed)
    for kind in (empty_cases, encoding_cases, ris_cases, bibtex_cases, tagged_cases, wos_cases):
        yield from kind()
    yield from csv_cases(rng)
    for kind in (compressed_cases, folder_cases, long_line_cases):
        yield from kind()


def all_cases(seed: int) -> Iterator[Case]:
    """Every case: the export cases, then those that need a finished new review, root (a
    tmpfs) or a command killed (about 10 minutes; `make fuzz-projects`)."""
    yield from export_cases(seed)
    for kind in (sheet_cases, workbook_cases, qda_cases, config_cases, output_cases):
        yield from kind()
    yield from sigterm_cases()
    yield from workflow_cases()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="the cases whose kind:label hold one of a,b,…")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exports", action="store_true", help="only the export cases (fast)")
    args = parser.parse_args(argv)
    wanted = [w for w in args.only.split(",") if w]
    tally: Counter[tuple[str, str]] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "projects").mkdir()
        for case in (export_cases if args.exports else all_cases)(args.seed):
            name = f"{case.kind}:{case.label}"
            if wanted and not any(w in name for w in wanted):
                continue
            try:
                verdict = case.run(Path(work))
            except Exception as exc:  # a bug of the probe, shown as such
                verdict = Verdict("probe error", case.label, f"{type(exc).__name__}: {exc}")
            tally[(case.kind, verdict.kind)] += 1
            print(f"{verdict.kind:16} {name}: {visible_line(verdict.detail)}", flush=True)
    kinds = sorted({kind for kind, _ in tally})
    print(
        f"held_out: {sum(tally.values())} cases of {len(kinds)} kinds "
        f"in {time.monotonic() - started:.0f} s"
    )
    for kind in kinds:
        counts = {v: c for (k, v), c in tally.items() if k == kind}
        print(f"  {kind:12} " + ", ".join(f"{v} {c}" for v, c in sorted(counts.items())))
    failed = sum(c for (_, v), c in tally.items() if v not in {"ok", "refused"})
    print(f"failed: {failed}")
    return 1 if failed else 0


def visible_line(text: str) -> str:
    return text.replace("\n", " | ")[:300]


if __name__ == "__main__":
    sys.exit(main())
