"""The worked example of an updated review: a 2024 Scopus search added to the default corpus.

A student extends the review (README, "Extending the corpus"): a Scopus search run in November
2024 becomes review version 2. This module writes what they would have, under
`examples/update-2024/` (outside `data/raw/`, so the default run does not read it):

- `scopus_2024.ris` — the Scopus export (RIS as Scopus writes it: BOM, `AU  - Surname, G.`,
  `DB  - Scopus`, the record URL with its EID, "Export Date; Cited By" notes, no accession
  number: each record is known by the EID in its URL, `SCOPUS:2-s2.0-…`). Its records are
  - duplicates of version-1 publications (`DUPLICATE_PLAN`): found by DOI, or without a DOI and
    matched on title, author, year, volume, pages and source; one is the final, paginated
    version of an included study that Web of Science had only as Early Access (a more complete
    record than the one the study is keyed by);
  - new publications (`NEW_PLAN`): e-mentoring studies from 2021-2023 that the review will
    include, studies it will exclude at each stage, and two records the automatic rules remove
    (an article of 2024, an editorial).
- `searches.yaml` — the run's entry, to append to `data/raw/searches.yaml` (review_version 2);
- `screening/*.csv`, `appraisal/casp_2024_R1.csv`, `coded/codes_2024.csv` — the decisions,
  CASP appraisals and codes the reviewers add after the first run, for the new publications
  only (nothing already decided is decided again): double title/abstract and full-text
  screening with one conflict settled by R3, retrieval, appraisal, the first coder's codes;
- `README.md` and `.gitattributes`.

`build_update(corpus, seed)` plans it all from the seed (the truth: `Update.truth()`, one row per
Scopus record with its record_id, whether it is new, which publication it duplicates and the
planned fate); `write_update(corpus, root, seed)` writes the files and returns their paths.
`synthetic.generate` calls it, so the byte-identity test covers these files too.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metasynth import text
from metasynth.files import write_text
from metasynth.ingest.ris import ris_record_id
from synthetic import texts
from synthetic.coding import Document, codes_csv, first_coding
from synthetic.data_files import load_yaml
from synthetic.publications import Corpus, Publication
from synthetic.records import Address, Author, make_doi, pick, random_team
from synthetic.screening import CASP_HEADER, DECISION_HEADER
from synthetic.themes import CONCEPTS
from synthetic.vocabulary import DEPARTMENTS, JOURNALS, JOURNALS_BY_KEY, Journal

_DATA = load_yaml("update.yaml")
_SEARCH = _DATA["search"]

UPDATE_DIR = Path("examples") / "update-2024"
RUN_ID: str = _SEARCH["run_id"]
EXPORT_NAME = f"{RUN_ID}.ris"
RAW_PATH = f"{RUN_ID}/{EXPORT_NAME}"
"""Where the student puts the export, relative to data/raw/ (the manifest entry names it)."""
DATE_SEARCHED: str = _SEARCH["date_searched"]
EXPORT_DATE: str = _SEARCH["export_date"]
REVIEW_VERSION: int = _SEARCH["review_version"]
QUERY: str = _SEARCH["query"]
FIRST_DOI_NUMBER = 90_001  # far beyond the default corpus's DOIs (< 2,000)

DUPLICATE_PLAN: tuple[tuple[str, str, str], ...] = tuple(
    (row["fate"], row["match"], row.get("note", "")) for row in _DATA["duplicates"]
)
"""The version-1 publications Scopus finds again: (fate, how Scopus's record is matched, note)."""
NEW_PLAN: tuple[tuple[str, str], ...] = tuple(
    (row["fate"], row.get("reason", "")) for row in _DATA["new"]
)
"""The publications only the 2024 Scopus search finds: (planned fate, reason)."""
SCOPUS_TYPES: dict[str, str] = _DATA["scopus_types"]
"""Web of Science document types that Scopus names otherwise."""
SMALL_WORDS = frozenset({"and", "of", "in", "for", "the", "on", "to", "a", "an", "at", "with"})


@dataclass
class ScopusRecord:
    """One record of the Scopus export, its tags in Scopus's order, and its truth."""

    tags: list[tuple[str, str]]
    record_id: str
    is_new: bool
    duplicates: str = ""  # primary record_id of the version-1 publication it duplicates
    match: str = ""  # how dedup should find it: "doi" or "title"
    fate: str = ""  # planned fate of a new publication
    reason: str = ""
    context: str = ""
    concepts: tuple[str, ...] = ()
    year: int = 0
    doc_type: str = ""
    note: str = ""

    @property
    def title(self) -> str:
        return next((v for t, v in self.tags if t == "TI"), "")


@dataclass
class Update:
    """The planned update: the Scopus records (export order) and the dates of each stage."""

    seed: int
    records: list[ScopusRecord] = field(default_factory=list)

    def truth(self) -> pd.DataFrame:
        """One row per Scopus record, sorted by record_id: record_id, is_new, duplicates
        (the version-1 publication), match, fate, reason, context, concepts, year, doc_type,
        title, note."""
        rows = [
            {
                "record_id": r.record_id,
                "is_new": r.is_new,
                "duplicates": r.duplicates,
                "match": r.match,
                "fate": r.fate,
                "reason": r.reason,
                "context": r.context,
                "concepts": text.MULTI_SEP.join(r.concepts),
                "year": r.year,
                "doc_type": r.doc_type,
                "title": r.title,
                "note": r.note,
            }
            for r in self.records
        ]
        frame = pd.DataFrame(rows).sort_values("record_id", ignore_index=True)
        frame["is_new"] = frame["is_new"].astype("bool")
        frame["year"] = frame["year"].astype("int64")
        return frame

    def new(self, fate: str | None = None) -> list[ScopusRecord]:
        """The new publications (of one planned fate), by record_id."""
        return sorted(
            (r for r in self.records if r.is_new and (fate is None or r.fate == fate)),
            key=lambda r: r.record_id,
        )


# --------------------------------------------------------------------------- Scopus records


def _scopus_source(name: str) -> str:
    """A WOS source title (upper case) as Scopus writes it: "Computers and Education"."""
    head, _, rest = name.partition("-")
    if rest and "&" in head and len(head) <= 6:
        name = rest  # "ETR&D-EDUCATIONAL TECHNOLOGY ..." is "Educational Technology ..."
    words = name.replace(" & ", " and ").lower().split(" ")
    return " ".join(
        w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _scopus_issn(issn: str) -> str:
    return f"{issn.replace('-', '')} (ISSN)" if issn else ""


def _scopus_author(surname: str, given: str) -> str:
    initials = "".join(f"{part[0]}." for part in given.replace("-", " ").split() if part)
    return f"{surname}, {initials}"


def _eid(rng: random.Random) -> str:
    return f"2-s2.0-85{rng.randrange(10**8, 10**9)}"


def _url(rng: random.Random, doi: str) -> str:
    doi_part = f"&doi={doi.replace('/', '%2f')}" if doi else ""
    md5 = f"{rng.getrandbits(128):032x}"
    return (
        f"https://www.scopus.com/inward/record.uri?eid={_eid(rng)}{doi_part}&partnerID=40&md5={md5}"
    )


def _copyright(year: int, publisher: str) -> str:
    owner = publisher.split(",")[0].title() if publisher else "The Author(s)"
    return f"© {year} {owner}"


def _record_id(tags: Sequence[tuple[str, str]]) -> str:
    """The record_id ingestion gives this record (its Scopus EID, from the record's URL)."""
    return ris_record_id(tags)


def _tags(
    rng: random.Random,
    *,
    doc_type: str,
    authors: Sequence[tuple[str, str]],
    title: str,
    year: int,
    source: str,
    volume: str,
    issue: str,
    first_page: str,
    last_page: str,
    doi: str,
    addresses: Sequence[str],
    abstract: str,
    keywords: Sequence[str],
    publisher: str,
    issn: str,
    abbreviation: str,
    cited_by: int,
) -> list[tuple[str, str]]:
    """A record's RIS tags in the order Scopus exports them."""
    tags: list[tuple[str, str]] = [("TY", "JOUR")]
    tags += [("AU", _scopus_author(surname, given)) for surname, given in authors]
    tags += [("TI", title), ("PY", str(year)), ("T2", source)]
    for tag, value in (("VL", volume), ("IS", issue), ("SP", first_page), ("EP", last_page)):
        if value:
            tags.append((tag, value))
    if doi:
        tags.append(("DO", doi))
    tags.append(("UR", _url(rng, doi)))
    tags += [("AD", address) for address in addresses]
    if abstract:
        tags.append(("AB", f"{abstract} {_copyright(year, publisher)}"))
    tags += [("KW", keyword) for keyword in keywords]
    for tag, value in (("PB", publisher.title()), ("SN", _scopus_issn(issn))):
        if value:
            tags.append((tag, value))
    tags += [("LA", "English"), ("J2", abbreviation), ("M3", doc_type), ("DB", "Scopus")]
    tags.append(("N1", f"Export Date: {EXPORT_DATE}; Cited By: {cited_by}"))
    return tags


def _wos_list(value: object) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else ([str(value)] if value else [])


def _duplicate(rng: random.Random, publication: Publication, match: str, note: str) -> ScopusRecord:
    """Scopus's record of a version-1 publication (its primary WOS record's content)."""
    fields = publication.primary.fields
    authors = [tuple(a.split(", ", 1)) for a in _wos_list(fields.get("AF"))]
    year = int(str(fields.get("PY") or fields.get("EY")))
    volume, issue = str(fields.get("VL", "")), str(fields.get("IS", ""))
    first_page, last_page = str(fields.get("BP", "")), str(fields.get("EP", ""))
    doc_type = SCOPUS_TYPES.get(*[str(fields.get("DT", "Article")).split(";")[0]] * 2)
    if "PY" not in fields:
        # Early Access in WOS; Scopus has the final version, a year later, in an issue.
        year += 1
        journal = JOURNALS_BY_KEY[str(fields["DI"]).split("/")[1].split(".")[0]]
        volume = str(year - journal.first_year + 1)
        issue = str(rng.randint(1, journal.issues_per_year))
        start = rng.randint(1, 1200)
        first_page, last_page = str(start), str(start + int(str(fields.get("PG", "10"))) - 1)
    tags = _tags(
        rng,
        doc_type=doc_type,
        authors=[(a[0], a[1] if len(a) > 1 else "") for a in authors],
        title=str(fields["TI"]),
        year=year,
        source=_scopus_source(str(fields["SO"])),
        volume=volume,
        issue=issue,
        first_page=first_page,
        last_page=last_page,
        doi=str(fields.get("DI", "")) if match == "doi" else "",
        addresses=[c.split("] ", 1)[-1] for c in _wos_list(fields.get("C1"))],
        abstract=str(fields.get("AB", "")),
        keywords=_wos_list(fields.get("DE")),
        publisher=str(fields.get("PU", "")),
        issn=str(fields.get("SN", "")),
        abbreviation=str(fields.get("JI", "")),
        cited_by=int(str(fields.get("TC", "0"))) + rng.randint(0, 4),
    )
    return ScopusRecord(
        tags,
        _record_id(tags),
        is_new=False,
        duplicates=publication.primary.record_id,
        match=match,
        year=year,
        doc_type=doc_type,
        note=note,
    )


def _address_text(address: Address) -> str:
    institution = address.institution
    name = institution.enhanced.split("; ")[-1]
    return f"{address.department}, {name}, {institution.place}, {institution.country}"


def _new_text(
    rng: random.Random, fate: str, reason: str, context: str, year: int
) -> tuple[texts.StudyText, str, tuple[str, ...]]:
    """(title, abstract, keywords), study design and supported concepts of a new publication."""
    if fate == "excluded_title_abstract" and reason == "not_e_mentoring":
        return texts.face_to_face_text(rng, context), "", ()
    if fate == "excluded_title_abstract":
        return texts.not_mentoring_text(rng), "", ()
    if reason == "document_type":
        return texts.editorial_text(rng, context, year), "", ()
    design = "survey" if fate == "excluded_full_text" else pick(rng, texts.QUALITATIVE_DESIGNS)
    concepts = tuple(sorted(rng.sample(sorted(CONCEPTS), rng.randint(4, 6))))
    study = texts.study_text(
        rng,
        context=context,
        design=design,
        year=year,
        concepts=concepts,
        weak=fate == "excluded_appraisal",
    )
    return study, design, concepts if fate == "included" else ()


def _journal(rng: random.Random, context: str, year: int) -> Journal:
    pool = [
        j
        for j in JOURNALS
        if j.language == "English"
        and context in j.contexts
        and j.first_year <= year
        and not j.article_numbers
    ]
    return pick(rng, pool)


def _new(
    rng: random.Random, index: int, fate: str, reason: str, known_titles: set[str]
) -> ScopusRecord:
    """A publication only Scopus finds, with its planned fate."""
    context = pick(rng, texts.CONTEXTS)
    year = 2024 if reason == "year_range" else rng.randint(2021, 2023)
    for _ in range(200):
        study, _design, concepts = _new_text(rng, fate, reason, context, year)
        key = text.title_key(study.title)
        if key and key not in known_titles:
            known_titles.add(key)
            break
    else:  # pragma: no cover - the text generators have thousands of titles
        raise RuntimeError("no new title after 200 attempts")
    journal = _journal(rng, context, year)
    medical = context in ("medicine", "nursing")
    team: tuple[list[Author], list[Address]] = random_team(
        rng, DEPARTMENTS[context], medical=medical
    )
    authors, addresses = team
    doc_type = "Editorial" if reason == "document_type" else "Article"
    pages = rng.randint(2, 4) if doc_type == "Editorial" else rng.randint(8, 20)
    start = rng.randint(1, 1400)
    # One new record has no DOI (Scopus has none for it): its record_id is a hash.
    doi = "" if reason == "not_mentoring" else make_doi(journal.key, year, FIRST_DOI_NUMBER + index)
    tags = _tags(
        rng,
        doc_type=doc_type,
        authors=[(a.surname, a.given) for a in authors],
        title=study.title,
        year=year,
        source=_scopus_source(journal.name),
        volume=str(year - journal.first_year + 1),
        issue=str(rng.randint(1, journal.issues_per_year)),
        first_page=str(start),
        last_page=str(start + pages - 1),
        doi=doi,
        addresses=[_address_text(a) for a in addresses],
        abstract=study.abstract,
        keywords=study.keywords,
        publisher=journal.publisher,
        issn=journal.issn,
        abbreviation=journal.ji,
        cited_by=rng.randint(0, 6) if year < 2024 else 0,
    )
    return ScopusRecord(
        tags,
        _record_id(tags),
        is_new=True,
        fate=fate,
        reason=reason,
        context=context,
        concepts=concepts,
        year=year,
        doc_type=doc_type,
    )


def _pick_duplicates(rng: random.Random, corpus: Corpus) -> list[ScopusRecord]:
    """Version-1 publications for DUPLICATE_PLAN: journal articles with pages (title matches
    need them), single-record, distinctive titles; the early-access one first."""
    near = {n.record_id_a for n in corpus.near_miss_pairs} | {
        n.record_id_b for n in corpus.near_miss_pairs
    }

    def usable(publication: Publication, match: str) -> bool:
        fields = publication.primary.fields
        return (
            len(publication.records) == 1
            and publication.primary.record_id not in near
            and "SO" in fields
            and "DI" in fields
            and ("AB" in fields or publication.fate == "excluded_automatic")
            and "AR" not in fields
            and str(fields.get("DT", "")).startswith(("Article", "Review", "Editorial"))
            and len(text.title_key(fields.get("TI", "")).split()) >= 5
            and (match == "doi" or ("PY" in fields and "BP" in fields))
        )

    by_id = sorted(corpus.publications, key=lambda p: p.primary.record_id)
    chosen: list[ScopusRecord] = []
    taken: set[str] = set()
    for fate, match, note in DUPLICATE_PLAN:
        early = "Early Access" in note
        candidates = [
            p
            for p in by_id
            if p.fate == fate
            and p.primary.record_id not in taken
            and usable(p, match)
            and (("PY" not in p.primary.fields) == early)
            and (fate != "excluded_automatic" or p.reason == "document_type")
        ]
        publication = pick(rng, candidates)
        taken.add(publication.primary.record_id)
        chosen.append(_duplicate(rng, publication, match, note))
    return chosen


def build_update(corpus: Corpus, seed: int) -> Update:
    """Plan the 2024 Scopus update of `corpus` (see the module docstring)."""
    rng = random.Random(f"metasynth-update-{seed}")
    update = Update(seed)
    update.records += _pick_duplicates(rng, corpus)
    known_titles = {
        text.title_key(r.fields.get("TI", "")) for p in corpus.publications for r in p.records
    }
    for index, (fate, reason) in enumerate(NEW_PLAN):
        update.records.append(_new(rng, index, fate, reason, known_titles))
    # Scopus's default order, "Date (newest)"; within a year as the database lists them.
    rng.shuffle(update.records)
    update.records.sort(key=lambda r: -r.year)
    return update


# --------------------------------------------------------------------------- files


def ris_text(records: Sequence[ScopusRecord]) -> str:
    """The export as Scopus writes RIS: a byte-order mark, `XX  - value` lines, `ER  - `."""
    lines: list[str] = []
    for record in records:
        lines += [f"{tag}  - {value}" for tag, value in record.tags]
        lines += ["ER  - ", ""]
    return "\ufeff" + "\n".join(lines) + "\n"


def manifest_entry(seed: int) -> str:
    """The run's entry, to append to data/raw/searches.yaml (a list item at column 0)."""
    return (
        "# Review version 2: the 2024 update (the worked example in README.md, 'Extending the\n"
        "# corpus'). SYNTHETIC, like the rest of the default corpus.\n"
        f"- id: {RUN_ID}\n"
        "  database: Scopus\n"
        f"  query: '{QUERY}'\n"
        f"  date_searched: '{DATE_SEARCHED}'\n"
        f"  searched_by: synthetic update generator (seed {seed})\n"
        "  date_limits: {from: 2000, to: 2024}\n"
        "  filters: All document types and languages; exported as RIS with citation information,\n"
        "    bibliographical information, abstract and keywords\n"
        f"  review_version: {REVIEW_VERSION}\n"
        "  note: 'SYNTHETIC: written by tools/synthetic/update.py, not a real search'\n"
        "  files:\n"
        f"  - {RAW_PATH}\n"
    )


def _csv(header: Sequence[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return buffer.getvalue()


def _decisions(update: Update) -> dict[str, str]:
    """The reviewers' rows for the new publications, file name → CSV text."""
    rng = random.Random(f"metasynth-update-decisions-{update.seed}")
    passes_title_abstract = ("included", "excluded_full_text", "excluded_appraisal")
    screened = [r for r in update.new() if r.fate != "excluded_automatic"]
    ta: dict[str, list[list[str]]] = {"R1": [], "R2": [], "R3": []}
    # One conflict, as in any double screening: R2 hesitates on an included study; R3 settles.
    hesitant = update.new("included")[0].record_id
    for record in screened:
        planned = "include" if record.fate in passes_title_abstract else "exclude"
        reason = record.reason if planned == "exclude" else ""
        for reviewer, day in (("R1", 11), ("R2", 13)):
            decision, why, note = planned, reason, ""
            if reviewer == "R2" and record.record_id == hesitant:
                decision, why, note = "maybe", "", "unclear whether the mentoring is online"
            ta[reviewer].append(
                [
                    record.record_id,
                    "title_abstract",
                    reviewer,
                    decision,
                    why,
                    note,
                    f"2024-11-{day + rng.randrange(3):02d}",
                ]
            )
    ta["R3"].append(
        [
            hesitant,
            "title_abstract",
            "R3",
            "include",
            "",
            "online sessions described in the methods",
            "2024-11-20",
        ]
    )
    sought = [r for r in screened if r.fate in passes_title_abstract]
    retrieval = [
        [r.record_id, "retrieval", "R1", "retrieved", "", "", f"2024-11-{25 + rng.randrange(3)}"]
        for r in sought
    ]
    full_text: dict[str, list[list[str]]] = {"R1": [], "R2": []}
    for record in sought:
        excluded = record.fate == "excluded_full_text"
        for reviewer in ("R1", "R2"):
            full_text[reviewer].append(
                [
                    record.record_id,
                    "full_text",
                    reviewer,
                    "exclude" if excluded else "include",
                    record.reason if excluded else "",
                    "",
                    f"2024-12-{2 + rng.randrange(6):02d}",
                ]
            )
    return {
        "screening/title_abstract_2024_R1.csv": _csv(DECISION_HEADER, ta["R1"]),
        "screening/title_abstract_2024_R2.csv": _csv(DECISION_HEADER, ta["R2"]),
        "screening/title_abstract_2024_R3_resolutions.csv": _csv(DECISION_HEADER, ta["R3"]),
        "screening/retrieval_2024.csv": _csv(DECISION_HEADER, retrieval),
        "screening/full_text_2024_R1.csv": _csv(DECISION_HEADER, full_text["R1"]),
        "screening/full_text_2024_R2.csv": _csv(DECISION_HEADER, full_text["R2"]),
    }


def _appraisals(update: Update) -> str:
    """R1's CASP appraisal (1-5 per question) of each full-text inclusion."""
    rng = random.Random(f"metasynth-update-appraisal-{update.seed}")
    rows = []
    for record in update.new():
        if record.fate not in ("included", "excluded_appraisal"):
            continue
        keep = record.fate == "included"
        while True:
            scores = [
                rng.choice((3, 4, 4, 5)) if keep else rng.choice((1, 2, 2, 3)) for _ in range(10)
            ]
            if (sum(scores) >= 30) == keep:
                break
        note = "" if keep else "thin description of the analysis"
        rows.append([record.record_id, "R1", *map(str, scores), note, "2024-12-16"])
    return _csv(CASP_HEADER, rows)


def _codes(update: Update) -> str:
    """The first coder's codes for the new included studies (the codebook's concepts only)."""
    rng = random.Random(f"metasynth-update-coding-{update.seed}")
    documents = [Document(r.record_id, r.context, r.concepts) for r in update.new("included")]
    codings = [c for c in first_coding(rng, documents) if c.concept]
    return codes_csv(codings)


def readme_text() -> str:
    return f"""# Worked example: updating the review with a 2024 Scopus search (SYNTHETIC)

Written by `tools/synthetic/update.py` (`make corpus`); the README section "Extending the
corpus" walks through it with commands to paste. Nothing here is read by the default run:

- `{EXPORT_NAME}`: the Scopus export (RIS) of {DATE_SEARCHED}; it goes to `data/raw/{RAW_PATH}`;
- `searches.yaml`: its search run (review version {REVIEW_VERSION}), appended to
  `data/raw/searches.yaml`;
- `screening/*.csv`: title/abstract, retrieval and full-text decisions on the new records, for
  `data/screening/`;
- `appraisal/casp_2024_R1.csv`: CASP appraisals of the new full texts, for `data/appraisal/`;
- `coded/codes_2024.csv`: codes of the new included studies, rows to append to
  `data/coded/codes.csv`.
"""


def write_update(corpus: Corpus, root: str | Path, seed: int) -> list[Path]:
    """Write examples/update-2024/ under `root`; the paths written, relative to `root`."""
    root = Path(root)
    update = build_update(corpus, seed)
    files = {
        ".gitattributes": "# Generated: compared byte for byte with a regenerated copy.\n* -text\n",
        "README.md": readme_text(),
        EXPORT_NAME: ris_text(update.records),
        "searches.yaml": manifest_entry(seed),
        **_decisions(update),
        "appraisal/casp_2024_R1.csv": _appraisals(update),
        "coded/codes_2024.csv": _codes(update),
    }
    written = []
    for name, content in sorted(files.items()):
        write_text(content, root / UPDATE_DIR / name)
        written.append(UPDATE_DIR / name)
    return written


__all__ = [
    "DUPLICATE_PLAN",
    "NEW_PLAN",
    "RAW_PATH",
    "RUN_ID",
    "UPDATE_DIR",
    "ScopusRecord",
    "Update",
    "build_update",
    "manifest_entry",
    "ris_text",
    "write_update",
]
