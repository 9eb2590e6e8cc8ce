"""Large synthetic WOS exports for the ingestion and deduplication speed benchmarks.

`write_benchmark_export(path, n_records, seed, duplicate_share)` streams a plain-text export of
realistic "Full Record and Cited References" records (about 6 KB each on average, most of it the
cited-reference list, like real exports: 20,000 records make about 125 MB) and returns the truth:
one row per record with its `record_id` (the UT), the `publication_key` it belongs to and the
`variations` that make it a fuzzy duplicate ("" for an original). With `duplicate_share > 0`
exactly round(n_records * duplicate_share) records are fuzzy duplicates of earlier originals,
with *different* UTs and one to three of the variations of `records.VARIATIONS` (case, HTML
entities, accents, a `[Chinese]`-style marker, missing DOI or pages, abbreviated journal, the
early-access version a year earlier, a title typo, author initials).

Memory stays flat: records are written as they are made; only a bounded reservoir of recent
originals (to copy duplicates from) and the truth columns are kept.

`split_export(path, out_dir, records_per_file)` splits an export into `savedrecs.txt`,
`savedrecs(1).txt`, ... the way the WOS web interface exports batches, to show that ingestion
memory does not grow with the number of files.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from metasynth.errors import InputError
from synthetic.data_files import load_yaml
from synthetic.records import (
    VARIATIONS,
    apply_variations,
    citation_counts,
    delivery_number,
    journal_fields,
    make_doi,
    month_for_issue,
    pick,
    random_team,
    reference_pool,
    sort_references,
    synthetic_orcid,
    synthetic_pmid,
    team_fields,
    volume_issue,
)
from synthetic.texts import cap
from synthetic.vocabulary import (
    DEPARTMENTS,
    JOURNALS,
    KEYWORDS_PLUS,
    MONTHS,
    make_ut,
)
from synthetic.wos_writer import (
    PLAINTEXT_FOOTER,
    PLAINTEXT_HEADER,
    Value,
    format_plaintext_record,
)

DEFAULT_BENCHMARK_SEED = 20240101
EXPORT_DATE = "2024-05-02"
_RESERVOIR = 2000  # recent originals kept to copy duplicates from
_FLUSH_EVERY = 500  # records buffered between writes
_TEAM_POOL = 20_000  # most distinct author teams in one export
_REFERENCE_POOL = 30_000  # most distinct generated cited references in one export

_WORDS = load_yaml("benchmark.yaml")
SUBJECTS: tuple[str, ...] = tuple(_WORDS["subjects"])
OUTCOMES: tuple[str, ...] = tuple(_WORDS["outcomes"])
POPULATIONS: tuple[str, ...] = tuple(_WORDS["populations"])
SETTINGS: tuple[str, ...] = tuple(_WORDS["settings"])
DESIGNS: tuple[str, ...] = tuple(_WORDS["designs"])
TITLE_TEMPLATES: tuple[str, ...] = tuple(_WORDS["titles"])
ABSTRACT_OPENINGS: tuple[str, ...] = tuple(_WORDS["abstract"]["openings"])
ABSTRACT_AIMS: tuple[str, ...] = tuple(_WORDS["abstract"]["aims"])
ABSTRACT_METHODS: tuple[str, ...] = tuple(_WORDS["abstract"]["methods"])
ABSTRACT_RESULTS: tuple[str, ...] = tuple(_WORDS["abstract"]["results"])
ABSTRACT_CLOSINGS: tuple[str, ...] = tuple(_WORDS["abstract"]["closings"])


def _two(rng: random.Random, options: tuple[str, ...]) -> tuple[str, str]:
    """Two different options (cheaper than `Random.sample` for two)."""
    first = pick(rng, options)
    second = pick(rng, options)
    while second == first:
        second = pick(rng, options)
    return first, second


class _PaperFactory:
    """Makes random benchmark papers from one seeded generator and pre-built pools."""

    def __init__(self, seed: int, export_year: int, n_records: int) -> None:
        self.rng = random.Random(seed)
        self.export_year = export_year
        # Sorted as WOS lists cited references, so that a reference list is a strided slice.
        self.references = sort_references(
            reference_pool(self.rng, min(_REFERENCE_POOL, max(2_000, 2 * n_records)), export_year)
        )
        self.journals = [j for j in JOURNALS if j.language == "English"]
        # Literature grows over time: more records in recent years (1998-2024).
        self.years = list(range(1998, export_year + 1))
        weights = [1.0 + 0.18 * (y - 1998) ** 1.35 for y in self.years]
        self.year_cum_weights = list(itertools.accumulate(weights))
        self.ut_base = (seed % 5_000) * 10**8
        self.seen_titles: set[str] = set()
        # Authors come from a pool of teams: prolific teams publish several papers, as in real
        # data (about five papers per team in a 100,000-record export).
        self.teams = [self._team() for _ in range(min(_TEAM_POOL, max(50, n_records // 5)))]

    def _fill(self, template: str, slots: dict[str, str]) -> str:
        return template.format(**slots)

    def _slots(self) -> dict[str, str]:
        rng = self.rng
        s, s2 = _two(rng, SUBJECTS)
        o, o2 = _two(rng, OUTCOMES)
        design = pick(rng, DESIGNS)
        return {
            "s": s,
            "S": cap(s),
            "s2": s2,
            "o": o,
            "o2": o2,
            "p": pick(rng, POPULATIONS),
            "w": pick(rng, SETTINGS),
            "d": design,
            "D": cap(design),
            "d2": design.split(" ", 1)[1],
            "n": str(rng.randint(12, 2400)),
            "m": str(pick(rng, (3, 6, 9, 12, 18, 24))),
            "k": str(rng.randint(2, 48)),
            "b": f"{rng.randint(12, 58)}",
        }

    def title_and_abstract(self) -> tuple[str, str, list[str]]:
        rng = self.rng
        for _ in range(50):
            slots = self._slots()
            title = self._fill(pick(rng, TITLE_TEMPLATES), slots)
            key = title.casefold()
            if key not in self.seen_titles:
                break
        self.seen_titles.add(key)
        sentences = [
            self._fill(pick(rng, ABSTRACT_OPENINGS), slots),
            self._fill(pick(rng, ABSTRACT_AIMS), slots),
            self._fill(pick(rng, ABSTRACT_METHODS), slots),
            *(self._fill(t, slots) for t in rng.sample(ABSTRACT_RESULTS, rng.randint(2, 4))),
            self._fill(pick(rng, ABSTRACT_CLOSINGS), slots),
        ]
        keywords = [slots["s"], slots["o"], slots["s2"]]
        if rng.random() < 0.5:
            keywords.append(slots["o2"])
        return title, " ".join(sentences), keywords

    def _reference_list(self, n_references: int) -> list[str]:
        """An alphabetical reference list: every step-th reference of the sorted pool from a
        random start, the step wide enough to span at least half of the alphabet."""
        pool = self.references
        widest = max(1, len(pool) // n_references)
        step = self.rng.randint(max(1, widest // 2), widest)
        start = self.rng.randrange(max(1, len(pool) - step * (n_references - 1)))
        return pool[start : start + step * n_references : step]

    def _team(self) -> dict[str, Value]:
        rng = self.rng
        context = pick(rng, tuple(DEPARTMENTS))
        authors, addresses = random_team(
            rng, DEPARTMENTS[context], medical=context in ("medicine", "nursing")
        )
        orcids = {0: synthetic_orcid(rng)} if rng.random() < 0.25 else None
        return team_fields(authors, addresses, orcids=orcids)

    def fields(self, index: int, export_date: str) -> dict[str, Value]:
        """The WOS fields of one new (original) benchmark record."""
        rng = self.rng
        journal = pick(rng, self.journals)
        year = rng.choices(self.years, cum_weights=self.year_cum_weights)[0]
        title, abstract, keywords = self.title_and_abstract()
        references = self._reference_list(max(8, int(rng.gauss(62, 18))))
        tc, z9, u1, u2 = citation_counts(rng, year, self.export_year)
        volume, issue = volume_issue(journal, year, rng)
        fields: dict[str, Value] = {
            "PT": "J",
            "TI": title,
            "LA": "English",
            "DT": "Article",
            "DE": keywords,
            "AB": abstract,
            "CR": references,
            "NR": str(len(references)),
            "TC": str(tc),
            "Z9": str(z9),
            "U1": str(u1),
            "U2": str(u2),
            "PY": str(year),
            "VL": volume,
            "DI": make_doi(journal.key, year, index),
            "GA": delivery_number(rng),
            "UT": make_ut(self.ut_base + index),
            "DA": export_date,
        }
        fields.update(pick(rng, self.teams))
        fields.update(journal_fields(journal))
        keywords_plus = rng.sample(KEYWORDS_PLUS["core"], rng.randint(0, 6))
        if keywords_plus:
            fields["ID"] = keywords_plus
        if issue:
            fields["IS"] = issue
            fields["PD"] = month_for_issue(journal, issue)
        page_count = rng.randint(4, 28)
        fields["PG"] = str(page_count)
        if journal.article_numbers:
            fields["AR"] = str(rng.randint(100_000, 999_999))
        else:
            first = rng.randint(1, 1800)
            fields["BP"], fields["EP"] = str(first), str(first + page_count - 1)
        if journal.medline and rng.random() < 0.8:
            fields["PM"] = synthetic_pmid(index)
        if year >= self.export_year - 1 and rng.random() < 0.3:
            # Early access: the final version (volume, issue, pages) is not out yet.
            for tag in ("PY", "PD", "VL", "IS", "BP", "EP", "AR"):
                fields.pop(tag, None)
            fields["DT"] = "Article; Early Access"
            fields["EA"] = f"{pick(rng, MONTHS)} {year}"
            fields["EY"] = str(year)
        return fields


def _duplicate_variations(rng: random.Random) -> list[str]:
    """One to three distinct variations, the title-changing ones no more than two."""
    names = list(VARIATIONS)
    chosen = rng.sample(names, rng.choice((1, 1, 2, 2, 3)))
    return sorted(chosen, key=names.index)


def iter_benchmark_records(
    n_records: int,
    *,
    seed: int = DEFAULT_BENCHMARK_SEED,
    duplicate_share: float = 0.0,
    export_date: str = EXPORT_DATE,
) -> Iterator[tuple[dict[str, Value], str, str]]:
    """Yield (fields, publication_key, variations) for each record of a benchmark export."""
    if n_records < 0:
        raise ValueError("n_records must be zero or more")
    if not 0.0 <= duplicate_share < 1.0:
        raise ValueError("duplicate_share must be in [0, 1)")
    factory = _PaperFactory(seed, export_year=int(export_date[:4]), n_records=n_records)
    rng = factory.rng
    # The first record is always an original, so at most n_records - 1 can be duplicates.
    n_duplicates = min(round(n_records * duplicate_share), max(0, n_records - 1))
    reservoir: list[tuple[dict[str, Value], str]] = []
    n_originals = 0
    for slot in range(n_records):
        remaining_slots = n_records - slot
        remaining_duplicates = n_duplicates - (slot - n_originals)
        must_duplicate = remaining_duplicates >= remaining_slots
        if reservoir and (must_duplicate or rng.random() < remaining_duplicates / remaining_slots):
            original, key = reservoir[rng.randrange(len(reservoir))]
            names = _duplicate_variations(rng)
            fields = apply_variations(original, names, rng)
            fields["UT"] = make_ut(factory.ut_base + slot)
            fields["PM"] = ""  # the other database's record has no (or another) PubMed link
            yield fields, key, "; ".join(names)
            continue
        fields = factory.fields(slot, export_date)
        key = f"B{slot:07d}"
        n_originals += 1
        if n_duplicates:
            if len(reservoir) < _RESERVOIR:
                reservoir.append((fields, key))
            else:
                reservoir[rng.randrange(_RESERVOIR)] = (fields, key)
        yield fields, key, ""


def write_benchmark_export(
    path: str | Path,
    n_records: int,
    seed: int = DEFAULT_BENCHMARK_SEED,
    duplicate_share: float = 0.0,
) -> pd.DataFrame:
    """Write a large WOS plain-text export and return its truth.

    Returns a DataFrame with one row per record, in file order: `record_id` (the UT,
    `WOS:999...`), `publication_key` (records sharing it are one publication) and `variations`
    (how a fuzzy duplicate differs from its original, "; "-joined; "" for originals).
    The same arguments give the same bytes on every machine.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    record_ids: list[str] = []
    keys: list[str] = []
    variations: list[str] = []
    buffer: list[str] = []
    with path.open("w", encoding="utf-8-sig", newline="\n") as handle:
        handle.write(PLAINTEXT_HEADER)
        for fields, key, names in iter_benchmark_records(
            n_records, seed=seed, duplicate_share=duplicate_share
        ):
            buffer.append(format_plaintext_record(fields))
            record_ids.append(str(fields["UT"]))
            keys.append(key)
            variations.append(names)
            if len(buffer) >= _FLUSH_EVERY:
                handle.write("".join(buffer))
                buffer.clear()
        handle.write("".join(buffer))
        handle.write(PLAINTEXT_FOOTER)
    return pd.DataFrame(
        {
            "record_id": pd.array(record_ids, dtype="string"),
            "publication_key": pd.array(keys, dtype="string"),
            "variations": pd.array(variations, dtype="string"),
        }
    )


def batch_file_name(index: int) -> str:
    """Name of the index-th batch as WOS saves it: savedrecs.txt, savedrecs(1).txt, ..."""
    return "savedrecs.txt" if index == 0 else f"savedrecs({index}).txt"


def _find_record_end(text: str, start: int, at_eof: bool) -> tuple[int, int] | None:
    """(start of the next `ER` line at or after `start`, end of that line), or None.

    `str.find` rather than a regular expression: splitting a 600 MB export is then bound by
    reading and writing, not by scanning.
    """
    position = text.find("\nER", max(0, start - 1))
    while position >= 0:
        after = position + 3
        while after < len(text) and text[after] in " \t":
            after += 1
        if after < len(text) and text[after] == "\r":
            after += 1
        if after < len(text) and text[after] == "\n":
            return position + 1, after + 1
        if after >= len(text):
            return (position + 1, len(text)) if at_eof else None
        position = text.find("\nER", position + 3)
    return None


def _find_record_start(text: str, start: int, end: int) -> int:
    """Index of the first `PT ` line in text[start:end], or -1."""
    if text.startswith("PT ", start):
        return start
    position = text.find("\nPT ", start, end)
    return position + 1 if position >= 0 else -1


def split_export(path: str | Path, out_dir: str | Path, records_per_file: int = 500) -> list[Path]:
    """Split a plain-text export into batches of `records_per_file` records, like WOS exports.

    Each batch is a complete export (BOM, FN/VR header, records, EF) named `savedrecs.txt`,
    `savedrecs(1).txt`, ... in `out_dir`. Reads the source in blocks, so memory stays flat.
    Returns the files written. Text outside records other than the FN/VR header, blank lines
    and EF is an InputError naming the line.
    """
    if records_per_file < 1:
        raise ValueError("records_per_file must be at least 1")
    path = Path(path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    batch: list[str] = []
    lines_before = 0  # lines of the source consumed before `pending`

    def flush() -> None:
        target = out_dir / batch_file_name(len(written))
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            handle.write(PLAINTEXT_HEADER)
            handle.write("".join(batch))
            handle.write(PLAINTEXT_FOOTER)
        written.append(target)
        batch.clear()

    def check_between(text: str, begin: int, end: int, first_line: int) -> None:
        """Only blank lines, the header and EF may sit between records."""
        for match in re.finditer(r"[^\r\n]+", text[begin:end]):
            line = match.group(0).strip()
            if line and line != "EF" and not line.startswith(("FN ", "VR ")):
                # Line numbers are counted only when there is something to report.
                line_number = first_line + text.count("\n", 0, begin + match.start())
                raise InputError(
                    f"unexpected text outside a record: {line[:40]!r}",
                    file=path,
                    line=line_number,
                    hint="split_export reads WOS plain-text exports (PT ... ER records)",
                )

    with path.open(encoding="utf-8-sig", newline="") as source:
        pending = ""
        while True:
            block = source.read(1 << 22)
            pending += block
            consumed = 0
            while (found := _find_record_end(pending, consumed, at_eof=not block)) is not None:
                er_line, record_end = found
                record_start = _find_record_start(pending, consumed, er_line)
                if record_start < 0:
                    raise InputError(
                        "ER without a PT line before it",
                        file=path,
                        line=lines_before + pending.count("\n", 0, er_line) + 1,
                    )
                check_between(pending, consumed, record_start, lines_before + 1)
                record = pending[record_start:record_end]
                batch.append(record if record.endswith("\n") else record + "\n")
                batch.append("\n")
                if len(batch) == 2 * records_per_file:
                    flush()
                consumed = record_end
            lines_before += pending.count("\n", 0, consumed)
            pending = pending[consumed:]
            if not block:
                break
    unfinished = _find_record_start(pending, 0, len(pending))
    if unfinished >= 0:
        raise InputError(
            "the last record has no ER line (file cut short?)",
            file=path,
            line=lines_before + 1 + pending.count("\n", 0, unfinished),
            hint="export the records again; a complete export ends with ER and EF",
        )
    check_between(pending, 0, len(pending), lines_before + 1)
    if batch:
        flush()
    return written
