"""Hostile inputs for the readers: real files, damaged the way files get damaged.

A case is one real file (`SOURCES`) and one or two mutations: a change that keeps every record
(line ends mixed line by line, the file joined to itself, a bare CR inside a value, another
encoding, a BOM, no final line end) and/or damage (a line deleted, repeated or swapped, random
bytes, a cut-short file). `run_case` reads the mutated file as a user's run does — exports
through `metasynth ingest FILE --out records.csv --report … --warnings …` (in process; every
export reader: WOS plain text, tab-delimited and BibTeX, RIS from nine tools, MEDLINE, Ovid,
BibLaTeX, EndNote tagged and XML, Scopus/Embase/OpenAlex/IEEE/Springer CSV, CSL and Publish or
Perish JSON), reviewers' files through the functions the rules call
(decision, appraisal and verdict tables, codes.csv, Taguette, REFI-QDA, the YAML codebook) and
other tools' decision files through the readers of their imports (ASReview LAB 1.x/2.x/3.x CSV
and TSV, Rayyan CSV and RIS, Covidence CSV, and an annotated sheet for `import-sheet`) — and
returns a `Verdict` under two oracles:

- **no traceback**: the reader returns, or refuses with an InputError naming the file (status
  2 for the command);
- **no silent loss or inflation**: the records the command wrote (report) are the records the
  mutation left in the file, or there is a warning (or the file is refused). The records a
  mutation leaves are known from the untouched file: its record count, and the line each record
  starts on (for cut-short files and for line-per-record formats, where one deleted or repeated
  line is one record fewer or more).

And the records CSV must read back (pandas, as a user reads it) to as many rows as were written.
Used by `test_ingest_fuzz.py` (a short, repeatable campaign in `make test`) and by
`python tests/fuzz/campaign.py` (`make fuzz`: thousands of cases, counts printed).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import random
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from metasynth.appraise import read_appraisal_files
from metasynth.cli import main
from metasynth.config import load_config
from metasynth.errors import InputError
from metasynth.interop.asreview import read_asreview
from metasynth.interop.covidence import read_covidence
from metasynth.interop.keyed import Incoming
from metasynth.interop.rayyan import rayyan_names, read_rayyan, reviewer_map
from metasynth.interop.sheet import DECISION_NAMES, read_decision_sheet, sheet_columns
from metasynth.interop.sheets import read_sheet
from metasynth.screen.settings import ScreeningSettings
from metasynth.synthesise import SynthesisSettings
from metasynth.synthesise.codebook import load_codebook
from metasynth.synthesise.codes import source_place
from metasynth.synthesise.sources import import_codes
from metasynth.tables import LINE_COLUMN, read_hand_table

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "fixtures"
REAL = ROOT / "tests" / "ingest" / "data" / "real"


@dataclass(frozen=True)
class Source:
    """A real input file and the reader a user's run hands it to."""

    path: Path
    reader: str = "ingest"  # "ingest", "hand:<schema>", "appraisal", "codes:<format>", "codebook"

    def __str__(self) -> str:
        return f"{self.path.name} ({self.reader})"


EXPORTS: tuple[Source, ...] = tuple(
    Source(path)
    for path in (
        *(SHARED / "wos" / name for name in (
            "wosfile_plaintext.txt", "wosfile_tab_win_utf8.txt", "wosfile_tab_win_utf16.txt",
            "egouldo_tab_utf16_mac_cr.txt", "egouldo_isi_keys.bib",
        )),
        *sorted(REAL.iterdir()),
    )
)  # fmt: skip
"""Every real export of the project: ../shared/fixtures/wos and tests/ingest/data/real."""

_SCREENING = ROOT / "data" / "screening"
HAND_FILES: tuple[Source, ...] = (
    Source(_SCREENING / "full_text_R1.csv", "hand:screening_decisions"),
    Source(_SCREENING / "full_text_R3_resolutions.csv", "hand:screening_decisions"),
    Source(ROOT / "data" / "appraisal" / "casp_R1.csv", "appraisal"),
    Source(ROOT / "data" / "dedup" / "verdicts.csv", "hand:dedup_verdicts"),
    Source(ROOT / "data" / "coded" / "codes.csv", "codes:csv"),
    Source(SHARED / "qda" / "taguette" / "highlights.csv", "codes:taguette"),
    Source(SHARED / "qda" / "atlas_spec_example.qde", "codes:refiqda"),
    Source(ROOT / "data" / "coded" / "second_coder.qdpx", "codes:refiqda"),
    Source(ROOT / "data" / "coded" / "codebook.yaml", "codebook"),
)
"""The other readers: reviewers' decision, appraisal and verdict files, codes CSV, a Taguette
export, REFI-QDA projects (.qde, .qdpx) and the YAML codebook, as the workflow's rules read
them."""

_INTEROP = ROOT / "tests" / "interop" / "data"
IMPORT_FILES: tuple[Source, ...] = (
    *(
        Source(_INTEROP / "asreview" / version / f"asreview_dataset_all_metasynth.{suffix}",
               "import:asreview")
        for version in ("v1.6.6", "v2.2", "v3.0.8")
        for suffix in ("csv", "tsv")
    ),
    Source(_INTEROP / "rayyan" / "articles.csv", "import:rayyan"),
    Source(_INTEROP / "rayyan" / "articles.ris", "import:rayyan"),
    Source(_INTEROP / "covidence" / "references.csv", "import:covidence"),
    Source(_INTEROP / "asreview" / "metasynth_asreview.csv", "import:sheet"),
    *(
        Source(_INTEROP / "asreview" / version / "asreview_dataset_all_metasynth.xlsx",
               "import:asreview")
        for version in ("v1.6.6", "v2.2", "v3.0.8")
    ),
)  # fmt: skip
"""Other tools' decision files, read as `screen import-asreview`, `import-rayyan`,
`import-covidence` and `import-sheet --kind decisions` read them (tests/interop/data: files
written by ASReview LAB itself, a public Rayyan and Covidence export, metasynth's own sheet)."""

SOURCES: tuple[Source, ...] = EXPORTS + HAND_FILES + IMPORT_FILES

ROW_FORMATS = frozenset(
    {
        "wos_tab",
        "scopus_csv",
        "embase_csv",
        "openalex_csv",
        "ieee_csv",
        "springer_csv",
        "csl_json",
        "pop_json",
        "hand_csv",
        "import_csv",
    }
)
"""Formats with one record per line, where a deleted or repeated record line is a legitimately
shorter or longer file (no reader can tell), not a loss. The JSON exports count too: a whole
item on one line (Better CSL JSON) deleted or repeated leaves a valid, shorter or longer array;
deleting the line an indented item starts on leaves JSON that is refused."""

CODE_SETTINGS = SynthesisSettings.from_config({"coders": ["coder_1", "coder_2"]})
"""The coders of the default corpus (data/coded), as config/config.yaml names them."""

NESTED_FORMATS = frozenset({"refiqda", "yaml", "endnote_xml"})
"""Formats whose damage is judged by the first oracle only: a deleted `<Coding>` or `- code`
line is a legitimately smaller project or codebook, a deleted line of EndNote XML (one line
holds every record: the second copy of a file joined to itself) a legitimately shorter export,
and other damage mostly a parse error."""

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_NUMBERS = re.compile(r"\d[\d,]*")
_LF_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_ENDS = ("\n", "\r\n", "\r")


# --------------------------------------------------------------------------- the user's path


@dataclass(frozen=True)
class Outcome:
    """What `metasynth ingest` did with one file."""

    status: int
    written: int = 0
    csv_rows: int = 0
    n_warnings: int = 0
    record_lines: tuple[int, ...] = ()
    warning_kinds: frozenset[str] = frozenset()  # the messages, numbers left out
    source_format: str = ""
    message: str = ""
    traceback: str = ""


def ingest_file(path: Path, work: Path) -> Outcome:
    """`metasynth ingest PATH --out records.csv --report … --warnings …`, in process."""
    out, report, warnings = work / "records.csv", work / "report.csv", work / "warnings.csv"
    for stale in (out, report, warnings):
        stale.unlink(missing_ok=True)
    stderr, stdout = io.StringIO(), io.StringIO()
    argv = ["ingest", str(path), "--out", str(out), "--report", str(report)]
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            status = main([*argv, "--warnings", str(warnings), "--quiet"])
    except Exception as exc:  # the oracle: anything but a message is a bug
        return Outcome(status=-1, traceback=f"{type(exc).__name__}: {exc}"[:300])
    if status != 0:
        return Outcome(status=status, message=stderr.getvalue().strip())
    written = pd.read_csv(report)
    records = pd.read_csv(out, dtype=str, keep_default_na=False)
    messages = pd.read_csv(warnings, dtype=str, keep_default_na=False)["message"]
    return Outcome(
        status=0,
        written=int(written["records_written"].sum()),
        csv_rows=len(records),
        n_warnings=len(messages),
        record_lines=tuple(int(line) for line in records["source_line"]),
        source_format=str(written["source_format"].iloc[0]),
        message=stderr.getvalue().strip(),
        warning_kinds=frozenset(_NUMBERS.sub("N", message) for message in messages),
    )


# --------------------------------------------------------------------------- the untouched file


@dataclass(frozen=True)
class Original:
    """An untouched export: its text, how it was stored, and what `metasynth ingest` reads."""

    source: Source
    text: str
    encoding: str
    bom: bool
    outcome: Outcome

    @property
    def lines(self) -> list[str]:
        return _LINE.findall(self.text)

    @property
    def n_records(self) -> int:
        return self.outcome.written

    @property
    def starts(self) -> frozenset[int]:
        """0-based indexes of the lines records start on."""
        return frozenset(line - 1 for line in self.outcome.record_lines)

    def encode(self, text: str) -> bytes:
        body = text.encode(self.encoding, errors="replace")  # a garbage line in Latin-1
        if not self.bom:
            return body
        return (codecs.BOM_UTF16_LE if self.encoding == "utf-16-le" else codecs.BOM_UTF8) + body


def read_with(source: Source, path: Path, work: Path) -> Outcome:
    """Read `path` with `source`'s reader: `metasynth ingest`, or the function a rule calls."""
    if source.reader == "ingest":
        return ingest_file(path, work)
    kind, _, name = source.reader.partition(":")
    if kind == "import":
        return import_file(name, path)
    try:
        if kind == "codebook":
            codebook = load_codebook(path)
            parts = (codebook.categories, codebook.subcategories, codebook.concepts)
            n_entries = sum(map(len, parts)) + sum(len(c.codes) for c in codebook.concepts)
            return Outcome(0, n_entries, n_entries, len(codebook.notices), source_format="yaml")
        if kind in {"hand", "appraisal"}:
            frame = (
                read_appraisal_files([path]) if kind == "appraisal" else read_hand_table(path, name)
            )
            lines = tuple(int(line) for line in frame[LINE_COLUMN])
            return Outcome(0, len(frame), len(frame), 0, lines, source_format="hand_csv")
        spec = {"path": str(path), "format": name, "coder": "coder_1"}
        codes, notices = import_codes([spec], CODE_SETTINGS)
    except InputError as exc:
        return Outcome(status=2, message=str(exc))
    except Exception as exc:  # the oracle: anything but an InputError is a bug
        return Outcome(status=-1, traceback=f"{type(exc).__name__}: {exc}"[:300])
    places = [source_place(str(ref))[0] for ref in codes["source_ref"]]
    lines = tuple(sorted({line for line in places if line is not None}))
    row_format = "refiqda" if name == "refiqda" else "hand_csv"
    return Outcome(0, len(codes), len(codes), len(notices), lines, source_format=row_format)


@cache
def _screening() -> ScreeningSettings:
    """The screening settings of the default corpus (config/config.yaml): reviewers, reasons."""
    return ScreeningSettings.from_config(load_config(ROOT / "config" / "config.yaml")["screening"])


def _incoming(tool: str, path: Path) -> tuple[list[Incoming], list[str]]:
    """The rows the import command of `tool` reads from `path`, and its notices."""
    settings = _screening()
    if tool == "asreview":
        return read_asreview(path, reviewer="R1", date="2024-05-01")
    if tool == "rayyan":
        given = dict(zip(sorted(rayyan_names(path)), ("R1", "R2"), strict=False))
        reviewers = reviewer_map(path, given, "R1")
        return read_rayyan(
            path, reviewers=reviewers, date="2024-05-01", stage="title_abstract",
            reasons=settings.reasons["title_abstract"],
        )  # fmt: skip
    if tool == "covidence":
        return read_covidence(
            path, reviewer="R1", date="2024-05-01", covidence_list="included",
            reasons=settings.reasons["full_text"],
        )  # fmt: skip
    sheet = read_sheet(path, what="an annotated spreadsheet")
    columns = sheet_columns(sheet, DECISION_NAMES, {})
    incoming = read_decision_sheet(
        sheet, columns, reviewer="R1", stage="title_abstract", date="2024-05-01",
        reasons=settings.reasons,
    )  # fmt: skip
    return incoming, sheet.notices


def import_file(tool: str, path: Path) -> Outcome:
    """What an import command reads from `path`: its rows (one per record, by line) and
    notices; an InputError is a refusal, anything else a traceback."""
    try:
        incoming, notices = _incoming(tool, path)
    except InputError as exc:
        return Outcome(status=2, message=str(exc))
    except Exception as exc:  # the oracle: anything but an InputError is a bug
        return Outcome(status=-1, traceback=f"{type(exc).__name__}: {exc}"[:300])
    lines = tuple(sorted({item.line for item in incoming}))
    row_format = "ris" if path.suffix == ".ris" else "import_csv"
    kinds = frozenset(_NUMBERS.sub("N", notice.replace(str(path), "FILE")) for notice in notices)
    return Outcome(0, len(lines), len(lines), len(notices), lines, kinds, source_format=row_format)


@cache
def original(source: Source) -> Original:
    path = source.path
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF16_LE):
        encoding, bom, body = "utf-16-le", True, data[2:]
    elif data.startswith(codecs.BOM_UTF8):
        encoding, bom, body = "utf-8", True, data[3:]
    else:
        encoding, bom, body = "utf-8", False, data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:  # a Latin-1 export (none today): keep its bytes
        encoding, text = "latin-1", body.decode("latin-1")
    with tempfile.TemporaryDirectory() as work:
        outcome = read_with(source, path, Path(work))
    if outcome.status != 0 or outcome.written == 0:
        raise AssertionError(f"{path}: the untouched file does not read ({outcome})")
    return Original(source, text, encoding, bom, outcome)


# --------------------------------------------------------------------------- mutations


@dataclass
class Mutated:
    """A mutated export and the record counts that need no warning."""

    data: bytes
    expected: set[int]
    name: str
    baseline_warnings: int = 0
    baseline_kinds: frozenset[str] = frozenset()
    loose: bool = False  # any count may be right (damaged XML or YAML)


Keep = Callable[[Original, random.Random], tuple[str, int, str]]
"""text → (new text, how many copies of the records it holds, description)."""


def _line_ends(source: Original, rng: random.Random) -> tuple[str, int, str]:
    """Runs of lines with their own line end (CR, LF, CRLF), as joined exports have them."""
    lines = source.lines
    cuts = sorted(rng.sample(range(len(lines) + 1), k=min(3, len(lines) + 1)))
    out, end = [], "\n"
    for index, line in enumerate(lines):
        if index in cuts:
            end = rng.choice(_ENDS)
        body = line.rstrip("\r\n")
        chosen = end
        # "A\r" + "\n" is one CRLF: an empty LF line after a CR one would vanish in any reader
        if out and out[-1].endswith("\r") and not body and chosen == "\n":
            chosen = "\r"
        out.append(body + chosen)
    return "".join(out), 1, f"line ends changed at lines {cuts}"


def _joined(source: Original, rng: random.Random) -> tuple[str, int, str]:
    """The export joined to itself (`cat a a`), the second copy with other line ends."""
    second = source.text.replace("\r\n", "\n").replace("\r", "\n")
    second = second.replace("\n", rng.choice(_ENDS))
    first = source.text if source.text.endswith(("\n", "\r")) else source.text + "\n"
    return first + second, 2, "joined to itself"


def _joined_with_bom(source: Original, rng: random.Random) -> tuple[str, int, str]:
    """Two files written with a byte-order mark, joined (`cat a b`): the second one's BOM is
    inside the text, before its first line."""
    text, copies, _ = _joined(source, rng)
    first = source.text if source.text.endswith(("\n", "\r")) else source.text + "\n"
    return first + "\ufeff" + text[len(first) :], copies, "joined to itself, BOM kept"


def _bare_cr(source: Original, rng: random.Random) -> tuple[str, int, str]:
    """A bare CR inside a value (`KW  - a\\rb`), in a file whose lines end in LF or CRLF."""
    lines = source.lines
    if any(line.endswith("\r") for line in lines):
        return source.text, 1, "no bare CR (CR-only file)"
    inner = [i for i, line in enumerate(lines) if len(line.rstrip("\r\n")) > 8]
    index = rng.choice(inner)
    body = lines[index].rstrip("\r\n")
    at = rng.randrange(7, len(body))
    lines[index] = body[:at] + "\r" + body[at:] + lines[index][len(body) :]
    return "".join(lines), 1, f"bare CR in line {index + 1}"


def _trailing(source: Original, rng: random.Random) -> tuple[str, int, str]:
    """No line end after the last line, or extra blank lines after it."""
    if rng.random() < 0.5:
        return source.text.rstrip("\r\n"), 1, "no final line end"
    end = "\r\n" if "\r\n" in source.text else "\n"
    return source.text + end * rng.randint(1, 3), 1, "blank lines at the end"


KEEPS: dict[str, Keep] = {
    "line_ends": _line_ends,
    "joined": _joined,
    "joined_bom": _joined_with_bom,
    "bare_cr": _bare_cr,
    "trailing": _trailing,
}

STORAGE = ("as_is", "utf16", "bom_toggled")
"""How the mutated text is stored: as the original, UTF-16LE with BOM (the WOS "Win" export),
or with the UTF-8 BOM added or taken away."""

DAMAGE = ("none", "delete_line", "repeat_line", "swap_lines", "garbage_line", "bytes", "cut")


def _encode(source: Original, text: str, storage: str) -> bytes:
    if storage == "utf16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", errors="surrogatepass")
    if storage == "bom_toggled" and source.encoding == "utf-8":
        body = text.encode("utf-8", errors="surrogateescape")
        return body if source.bom else codecs.BOM_UTF8 + body
    return source.encode(text)


def _garbage(rng: random.Random) -> str:
    alphabet = 'ab,;"{}\t=@%\\ TYERPMID-\u00e9\u202e\u0000\ufeff\x1a'
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))


def _split_lines(text: str, keep: str | None) -> list[str]:
    """The lines of a mutated text; after `bare_cr` the CR it put inside a line is data."""
    return _LF_LINE.findall(text) if keep == "bare_cr" else _LINE.findall(text)


def _damage_lines(
    source: Original, text: str, copies: int, keep: str | None, damage: str, rng: random.Random
) -> tuple[str, set[int], str]:
    """One line deleted, repeated, swapped with the next, or a garbage line inserted."""
    lines = _split_lines(text, keep)
    count = source.n_records * copies
    index = rng.randrange(len(lines))
    # a whole record line of a line-per-record format: one record fewer or more, legitimately
    per_line = source.outcome.source_format in ROW_FORMATS
    n_lines = len(source.lines)
    whole = per_line and index < n_lines * copies and (index % n_lines) in source.starts
    if damage == "delete_line":
        del lines[index]
        return "".join(lines), {count - 1} if whole else {count}, f"deleted line {index + 1}"
    if damage == "repeat_line":
        lines.insert(index, lines[index])
        return "".join(lines), {count + 1} if whole else {count}, f"repeated line {index + 1}"
    if damage == "swap_lines" and index + 1 < len(lines):
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
        return "".join(lines), {count}, f"swapped lines {index + 1} and {index + 2}"
    end = re.search(r"\r\n|\r|\n", text)
    lines.insert(index, _garbage(rng) + (end.group() if end else "\n"))
    # in a line-per-record format a garbage line may be a valid row: one record more
    expected = {count, count + 1} if per_line else {count}
    return "".join(lines), expected, f"garbage line before line {index + 1}"


def _cut(
    source: Original, text: str, copies: int, keep: str | None, rng: random.Random
) -> tuple[str, set[int]]:
    """The text cut at a random character: the records whose first line is wholly before the
    cut, or also the one whose first line is cut, need no warning."""
    at = rng.randrange(1, len(text))
    lines, whole, started, position = _split_lines(text, keep), 0, 0, 0
    starts = source.starts
    n_lines = len(source.lines)
    for index, line in enumerate(lines):
        if position >= at:
            break
        if index % n_lines in starts and index < n_lines * copies:
            started += 1
            whole += position + len(line.rstrip("\r\n")) <= at
        position += len(line)
    return text[:at], {whole, started}


def mutate(
    source: Original, keep: str | None, storage: str, damage: str, rng: random.Random
) -> Mutated:
    text, copies, described = KEEPS[keep](source, rng) if keep else (source.text, 1, "records kept")
    expected = {source.n_records * copies}
    name = f"{source.source}: {described}"
    if damage in {"delete_line", "repeat_line", "swap_lines", "garbage_line"}:
        text, expected, what = _damage_lines(source, text, copies, keep, damage, rng)
        name += f"; {what}"
    elif damage == "cut":
        text, expected = _cut(source, text, copies, keep, rng)
        name += "; cut short"
    data = _encode(source, text, storage)
    if damage == "bytes":
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(buffer))
            top = rng.choice((128, 256))  # ASCII damage reads; other bytes may not decode
            if rng.random() < 0.5:
                buffer[at] = rng.randrange(top)
            else:
                buffer[at:at] = bytes(rng.randrange(top) for _ in range(rng.randint(1, 6)))
        data = bytes(buffer)
        name += "; random bytes"
    name += f"; stored {storage}"
    loose = damage != "none" and source.outcome.source_format in NESTED_FORMATS
    baseline = source.outcome
    return Mutated(
        data, expected, name, baseline.n_warnings * copies, baseline.warning_kinds, loose
    )


# --------------------------------------------------------------------------- the oracle


@dataclass(frozen=True)
class Verdict:
    """`kind` is "ok", "refused" (an InputError naming the file), "traceback", "silent loss",
    "silent inflation", "csv rows" (the records CSV reads back to another number of rows) or
    "message" (status 2 without the file named)."""

    kind: str
    case: str
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.kind not in {"ok", "refused"}


def _names_the_file(message: str, name: str) -> bool:
    """A refusal names the file: one problem in at most three lines (where and what, what to
    do), or several listed (`CollectedInputError`), each on a line of its own naming it."""
    lines = message.splitlines()
    if len(lines) > 1 and lines[0].endswith("fix them all, then run again:"):
        skip = ("what to do:", "and ")
        listed = [line for line in lines[1:] if not line.lstrip().startswith(skip)]
        return bool(listed) and all(name in line for line in listed)
    return name in message and len(lines) <= 3


def judge(mutated: Mutated, path: Path, outcome: Outcome) -> Verdict:
    if outcome.status == -1:
        return Verdict("traceback", mutated.name, outcome.traceback)
    if outcome.status != 0:
        named = _names_the_file(outcome.message, path.name)
        return Verdict("refused" if named else "message", mutated.name, outcome.message[:300])
    if outcome.csv_rows != outcome.written:
        return Verdict("csv rows", mutated.name, f"{outcome.written} written, CSV reads back "
                       f"{outcome.csv_rows}")  # fmt: skip
    warned = (
        outcome.n_warnings > mutated.baseline_warnings
        or not outcome.warning_kinds <= mutated.baseline_kinds
    )
    if outcome.written in mutated.expected or warned or mutated.loose:
        return Verdict("ok", mutated.name)
    kind = "silent loss" if outcome.written < min(mutated.expected) else "silent inflation"
    detail = f"{outcome.written} records written, {sorted(mutated.expected)} expected, no warning"
    return Verdict(kind, mutated.name, detail)


_ROW = re.compile(r"<row [^>]*>.*?</row>", re.DOTALL)
_SHEET = "xl/worksheets/sheet1.xml"


def _damaged_sheet_xml(
    xml: str, damage: str, n_records: int, rng: random.Random
) -> tuple[str, set[int]]:
    """The worksheet XML of a workbook damaged as `damage` says (the text damages, done to
    `<row>` elements), and the record counts that need no warning."""
    rows = _ROW.findall(xml)
    index = rng.randrange(1, len(rows))  # a data row, not the header
    if damage == "delete_line":  # a row deleted: a shorter sheet, one record fewer
        return xml.replace(rows[index], "", 1), {n_records - 1}
    if damage == "repeat_line":
        return xml.replace(rows[index], rows[index] * 2, 1), {n_records}
    if damage == "swap_lines" and index + 1 < len(rows):
        pair = rows[index] + rows[index + 1]
        return xml.replace(pair, rows[index + 1] + rows[index], 1), {n_records}
    if damage == "garbage_line":  # a cell's text replaced (escaped, so the XML stays well-formed)
        garbage = _garbage(rng).replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
        cells = re.findall(r"<t>[^<]*</t>", rows[index])
        if cells:
            changed = rows[index].replace(rng.choice(cells), f"<t>{garbage}</t>", 1)
            return xml.replace(rows[index], changed, 1), {n_records}
    if damage == "cut":
        return xml[: rng.randrange(1, len(xml))], set(range(n_records + 1))
    # "none", and a stale <dimension> for the changes that keep every record
    return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', xml), {n_records}


def run_workbook_case(source: Source, damage: str, seed: int, work: Path) -> Verdict:
    """A real workbook with its worksheet's XML damaged (rows deleted, repeated, swapped, a
    cell's text replaced, the XML cut, a stale dimension) or random bytes in the archive, read
    as its import reads it and judged like a text file (`judge`)."""
    untouched = original(source)
    rng = random.Random(seed)
    data = source.path.read_bytes()
    expected = {untouched.n_records}
    if damage == "bytes":
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        data = bytes(buffer)
        expected = set(range(untouched.n_records + 1))  # judged by the first oracle
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as book, zipfile.ZipFile(out, "w") as damaged:
            for info in book.infolist():
                content = book.read(info.filename)
                if info.filename == _SHEET:
                    xml, expected = _damaged_sheet_xml(
                        content.decode("utf-8"), damage, untouched.n_records, rng
                    )
                    content = xml.encode("utf-8")
                damaged.writestr(info, content)
        data = out.getvalue()
    mutated = Mutated(data, expected, f"{source}: worksheet {damage}", 0, frozenset())
    path = work / "input.xlsx"
    path.write_bytes(data)
    return judge(mutated, path, read_with(source, path, work))


def run_case(
    source: Source, keep: str | None, storage: str, damage: str, seed: int, work: Path
) -> Verdict:
    """Mutate one real file, read it as a user's run does, judge the result (a workbook:
    `run_workbook_case`, where `keep` and `storage` do not apply)."""
    if source.path.suffix == ".xlsx":
        return run_workbook_case(source, damage, seed, work)
    untouched = original(source)
    mutated = mutate(untouched, keep, storage, damage, random.Random(seed))
    path = work / f"input{source.path.suffix}"
    path.write_bytes(mutated.data)
    return judge(mutated, path, read_with(source, path, work))
