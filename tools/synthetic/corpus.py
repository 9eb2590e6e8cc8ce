"""The synthetic default corpus: `build_corpus(seed)` and `write_corpus(corpus, root)`.

`build_corpus` plans every publication of a Web of Science search on electronic mentoring with
its fate in the default run (`plan.py`, data/plan.yaml: the counts per fate and reason, exactly
80 included), writes its title and abstract (`corpus_text.py`) and its bibliographic record
(`corpus_records.py`), adds the duplicates a real search
brings (the same record found by both searches; fuzzy duplicates with other accession numbers:
meeting abstract and article, early-access and final version, corrected title, missing DOI,
abbreviated journal, HTML entities, lost accents) and the near-misses that are *not* duplicates
(Part 1 / Part 2, one title in two years, editorials titled "Editorial", a letter and its reply,
conference papers and their extended journal versions, correction notices), and decides which
search found each record. Everything follows from the seed.

`write_corpus` writes, under `<root>/data/raw/`:
- `wos_primary/savedrecs.txt`, `savedrecs(1).txt`, ...: the primary search, plain text, UTF-8
  with BOM, batches of 500 records, newest first;
- `wos_supplementary/savedrecs.txt`: the overlapping supplementary search, tab-delimited
  UTF-16LE with BOM, CRLF, trailing tab;
- `searches.yaml`: the search-run manifest; `README.md`: what the corpus is and how it was made.

`generate(root, seed)` does both and is the one entry point of `scripts/generate_corpus.py`;
later stages add the inputs they generate from the same truth (screening decisions, CASP
scores, codes, and the worked example of an update under `examples/update-2024/`) there, so
that one test checks that all of it regenerates byte for byte.
"""

from __future__ import annotations

import random
from pathlib import Path

from metasynth.files import write_text
from synthetic.coding import CODED_DIR, write_coding
from synthetic.corpus_records import RecordMaker
from synthetic.corpus_text import STUDY_KINDS, TextMaker
from synthetic.plan import PLAN, Planner
from synthetic.publications import (
    BATCH_SIZE,
    EXPORT_DATES,
    FATES,
    PRIMARY_SEARCH,
    SEARCHES,
    SUPPLEMENTARY_SEARCH,
    Corpus,
    NearMiss,
    Publication,
    Record,
)
from synthetic.readme import manifest_text, readme_text
from synthetic.records import paper_fields, reference_pool
from synthetic.screening import write_screening
from synthetic.update import write_update
from synthetic.vocabulary import MONTHS
from synthetic.wos_writer import Value, write_plaintext, write_tab_delimited

DEFAULT_SEED = 20240115
"""Seed of the committed corpus (the date the reference search was run, as a number)."""

RAW_DIR = Path("data") / "raw"
GITATTRIBUTES = (
    "# Generated: keep the synthetic exports byte for byte (no line-end conversion).\n* -text\n"
)
SECONDARY_SEARCH: dict[str, str] = {
    # secondary records of fuzzy duplicates: where the other database record turned up
    "meeting_abstract": PRIMARY_SEARCH,
    "early_access": PRIMARY_SEARCH,
    "corrected_title": SUPPLEMENTARY_SEARCH,
    "doi_missing": SUPPLEMENTARY_SEARCH,
    "journal_abbreviated": SUPPLEMENTARY_SEARCH,
    "html_entities": SUPPLEMENTARY_SEARCH,
    "accents_stripped": SUPPLEMENTARY_SEARCH,
}


class _Builder:
    """Builds the corpus in steps: plan, texts and records, searches and files."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        planner = Planner(self.rng)
        planner.plan()
        self.specs, self.near = planner.specs, planner.near
        references = reference_pool(random.Random(seed + 1), 2500, 2024)
        self.records = RecordMaker(self.rng, planner.teams, references)
        self.texts = TextMaker(self.rng, self.specs, self.records.papers)
        self.publications: list[Publication] = []

    def make_records(self) -> None:
        """Texts and records of every planned publication."""
        for spec in self.specs:
            text = self.texts.text(spec)
            if spec.kind not in ("editorial_titled", "reply", "correction") and not spec.title:
                spec.title = text.title
            self.records.paper(spec, text)
        for spec, paper in zip(self.specs, self.records.papers, strict=True):
            publication = Publication(
                key="",
                fate=spec.fate,
                reason=spec.reason,
                borderline=spec.borderline,
                context="" if spec.context == "offtopic" else spec.context,
                design=spec.design if spec.kind in STUDY_KINDS else "",
                concepts=spec.concepts if spec.fate == "included" else (),
                quality=spec.quality,
                note=spec.note,
            )
            publication.records.append(Record(paper.ut, "", True, "", paper_fields(paper)))
            for kind in spec.duplicates:
                fields = self.records.secondary(paper, kind)
                publication.records.append(Record(str(fields["UT"]), "", False, kind, fields))
            self.publications.append(publication)

    # ------------------------------------------------------------------ searches and files

    def assign_searches(self) -> dict[str, list[str]]:
        """Which search found each record, and the order of records in each export file."""
        rng = self.rng
        for publication in self.publications:
            for record in publication.records:
                if not record.is_primary:
                    record.searches = [SECONDARY_SEARCH[record.duplicate_kind]]
                    continue
                draw = rng.random()
                if draw < 0.765:
                    record.searches = [PRIMARY_SEARCH]
                elif draw < 0.95:
                    record.searches = [PRIMARY_SEARCH, SUPPLEMENTARY_SEARCH]
                else:
                    record.searches = [SUPPLEMENTARY_SEARCH]
        # Exports sorted as the user chose: primary "Date: newest first", supplementary by
        # relevance (an order that looks random).
        records = [r for p in self.publications for r in p.records]
        primary = [r for r in records if PRIMARY_SEARCH in r.searches]
        primary.sort(key=lambda r: (-(r.year or 0), -_month_index(r.fields), r.record_id))
        supplementary = [r for r in records if SUPPLEMENTARY_SEARCH in r.searches]
        supplementary.sort(key=lambda r: r.record_id)
        rng.shuffle(supplementary)
        files: dict[str, list[str]] = {}
        for batch in range(0, len(primary), BATCH_SIZE):
            name = "savedrecs.txt" if batch == 0 else f"savedrecs({batch // BATCH_SIZE}).txt"
            files[f"{PRIMARY_SEARCH}/{name}"] = [
                r.record_id for r in primary[batch : batch + BATCH_SIZE]
            ]
        files[f"{SUPPLEMENTARY_SEARCH}/savedrecs.txt"] = [r.record_id for r in supplementary]
        return files

    def finish(self) -> Corpus:
        # Keys do not reveal the plan: publications are numbered in a shuffled order.
        order = list(range(len(self.publications)))
        self.rng.shuffle(order)
        publications = [self.publications[i] for i in order]
        for number, publication in enumerate(publications, start=1):
            publication.key = f"P{number:04d}"
            for record in publication.records:
                record.publication_key = publication.key
        files = self.assign_searches()
        near = [
            NearMiss(
                self.publications[a].primary.record_id,
                self.publications[b].primary.record_id,
                kind,
                note,
            )
            for a, b, kind, note in self.near
        ]
        return Corpus(self.seed, publications, near, files, dict(EXPORT_DATES))


def _month_index(fields: dict[str, Value]) -> int:
    month = str(fields.get("PD", "") or fields.get("EA", ""))[:3]
    return MONTHS.index(month) + 1 if month in MONTHS else 0


def build_corpus(seed: int = DEFAULT_SEED) -> Corpus:
    """Plan and write every publication of the synthetic corpus, with its ground truth."""
    builder = _Builder(seed)
    builder.make_records()
    return builder.finish()


# --------------------------------------------------------------------------- writing


def export_fields(corpus: Corpus, record: Record, search: str) -> dict[str, Value]:
    """A record's fields as one search's export holds them (its export date; later exports
    show slightly higher citation and usage counts)."""
    fields = dict(record.fields)
    fields["DA"] = corpus.export_dates[search]
    if search == SUPPLEMENTARY_SEARCH and PRIMARY_SEARCH in record.searches:
        bump = int(record.record_id[-2:]) % 5 == 0  # two weeks later, some were cited again
        if bump:
            fields["TC"] = str(int(str(fields.get("TC", "0"))) + 1)
            fields["Z9"] = str(int(str(fields.get("Z9", "0"))) + 1)
            fields["U1"] = str(int(str(fields.get("U1", "0"))) + 1)
            fields["U2"] = str(int(str(fields.get("U2", "0"))) + 1)
    return fields


def write_corpus(corpus: Corpus, root: str | Path) -> list[Path]:
    """Write the exports, the search manifest and the README under `<root>/data/raw/`.

    Returns the files written, relative to `root`, in a stable order.
    """
    root = Path(root)
    raw = root / RAW_DIR
    by_id = {r.record_id: r for r in corpus.records()}
    written: list[Path] = []
    for relative, record_ids in corpus.files.items():
        search = relative.split("/", 1)[0]
        rows = [export_fields(corpus, by_id[i], search) for i in record_ids]
        path = raw / relative
        if search == PRIMARY_SEARCH:
            write_plaintext(path, rows)
        else:
            write_tab_delimited(path, rows)
        written.append(path.relative_to(root))
    write_text(manifest_text(corpus), raw / "searches.yaml")
    written.append((raw / "searches.yaml").relative_to(root))
    write_text(readme_text(corpus), raw / "README.md")
    written.append((raw / "README.md").relative_to(root))
    # Git must never convert line ends or encodings here: the exports are compared byte for byte.
    write_text(GITATTRIBUTES, raw / ".gitattributes")
    written.append((raw / ".gitattributes").relative_to(root))
    return written


def generate(root: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Build the corpus and write every generated input of the default run under `root`.

    This is what `scripts/generate_corpus.py` (`make corpus`) runs. Later stages append the
    files they generate from the same corpus (screening decisions, CASP scores, codes) to the
    returned list, which the byte-identity test compares with the committed files.
    """
    corpus = build_corpus(seed)
    written = write_corpus(corpus, root)
    written += write_screening(corpus, root, seed)  # data/screening, data/appraisal
    root = Path(root)
    written += [p.relative_to(root) for p in write_coding(corpus, root / CODED_DIR, seed=seed)]
    written += write_update(corpus, root, seed)  # examples/update-2024 (README, worked example)
    return written


__all__ = [
    "BATCH_SIZE",
    "DEFAULT_SEED",
    "EXPORT_DATES",
    "FATES",
    "PLAN",
    "SEARCHES",
    "build_corpus",
    "export_fields",
    "generate",
    "write_corpus",
]
