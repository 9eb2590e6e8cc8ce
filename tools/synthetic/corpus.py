"""The synthetic default corpus: `build_corpus(seed)` and `write_corpus(corpus, root)`.

`build_corpus` plans every publication of a Web of Science search on electronic mentoring with
its fate in the default run (see `PLAN`: the counts per fate and reason, exactly 80 included),
writes its bibliographic record (`texts.py`, `records.py`), adds the duplicates a real search
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

import html
import random
import re
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from metasynth.tables import write_text
from synthetic import texts
from synthetic.plan import PLAN, Planner, Spec
from synthetic.publications import (
    FATES,
    PRIMARY_SEARCH,
    SUPPLEMENTARY_SEARCH,
    Corpus,
    NearMiss,
    Publication,
    Record,
)
from synthetic.records import (
    Address,
    Author,
    Paper,
    apply_variations,
    ascii_fold,
    citation_counts,
    delivery_number,
    make_doi,
    month_for_issue,
    paper_fields,
    pick,
    random_team,
    reference_pool,
    sort_references,
    synthetic_orcid,
    synthetic_pmid,
    synthetic_researcher_id,
    volume_issue,
)
from synthetic.themes import CONCEPTS
from synthetic.vocabulary import (
    CONFERENCES,
    DEPARTMENTS,
    FUNDERS,
    JOURNALS,
    JOURNALS_BY_KEY,
    KEYWORDS_PLUS,
    LANGUAGE_COUNTRIES,
    MONTHS,
    OPEN_ACCESS,
    Conference,
    Journal,
    make_ut,
)
from synthetic.wos_writer import Value, write_plaintext, write_tab_delimited

DEFAULT_SEED = 20240115
"""Seed of the committed corpus (the date the reference search was run, as a number)."""

EXPORT_DATES: dict[str, str] = {
    PRIMARY_SEARCH: "2024-01-15",
    SUPPLEMENTARY_SEARCH: "2024-01-29",
}
BATCH_SIZE = 500
"""Records per file of the primary search, as the WOS web interface exports them."""

RAW_DIR = Path("data") / "raw"
GITATTRIBUTES = (
    "# Generated: keep the synthetic exports byte for byte (no line-end conversion).\n* -text\n"
)

SEARCHES: dict[str, dict[str, str]] = {
    PRIMARY_SEARCH: {
        "query": 'TS=("e-mentor*" OR "electronic mentor*" OR "online mentor*" OR "virtual '
        'mentor*" OR "telementor*" OR "tele-mentor*" OR "cybermentor*")',
        "filters": "Web of Science Core Collection, all indexes, all years, all document types "
        "and languages; exported as Full Record and Cited References, plain text",
    },
    SUPPLEMENTARY_SEARCH: {
        "query": "TS=(mentor* NEAR/3 (online OR virtual OR internet OR web-based OR "
        '"computer-mediated" OR email OR remote OR digital))',
        "filters": "Web of Science Core Collection, all indexes, all years; exported as Full "
        "Record and Cited References, tab-delimited (Win, UTF-16)",
    },
}


class _Builder:
    """Builds the corpus in steps: plan, concepts, texts and records, searches, files."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.specs: list[Spec] = []
        self.near: list[tuple[int, int, str, str]] = []  # spec a, spec b, kind, note
        self.teams: list[tuple[list[Author], list[Address]]] = []
        self.title_keys: list[str] = []
        self.used_uts: set[int] = set()
        self.doi_number = 0
        self.pmid_number = 0
        self.references = reference_pool(random.Random(seed + 1), 2500, 2024)
        self.papers: list[Paper] = []
        self.on_topic: list[bool] = []  # per paper: an e-mentoring study others may cite
        self.publications: list[Publication] = []

    # ------------------------------------------------------------------ planning

    def plan(self) -> None:
        """Every publication with its fate (`plan.Planner`), drawn from this builder's generator."""
        planner = Planner(self.rng)
        planner.plan()
        self.specs, self.near, self.teams = planner.specs, planner.near, planner.teams

    # ------------------------------------------------------------------ texts

    def _title_is_new(self, title: str) -> bool:
        key = _title_words(title)
        if not key or key in self.title_keys:
            return False
        match = process.extractOne(key, self.title_keys, scorer=fuzz.ratio, score_cutoff=88)
        return match is None

    def _remember_title(self, title: str) -> None:
        self.title_keys.append(_title_words(title))

    def _unique(self, make: Callable[[], texts.StudyText]) -> texts.StudyText:
        for _ in range(400):
            text = make()
            if self._title_is_new(text.title):
                self._remember_title(text.title)
                return text
        raise RuntimeError(f"no new title after 400 attempts (last: {text.title!r})")

    def _text(self, index: int, spec: Spec) -> texts.StudyText:
        rng = self.rng
        kind = spec.kind
        if kind in ("study", "quote_study", "same_title", "part"):
            design = spec.design or "interviews"
            concepts = spec.concepts
            if not concepts and spec.fate in (
                "excluded_appraisal",
                "excluded_full_text",
                "not_retrieved",
                "excluded_automatic",
            ):
                # Studies that are not included still report a few themes in their abstracts.
                concepts = tuple(rng.sample(list(CONCEPTS), rng.randint(2, 4)))

            mentees = "newly graduated nurses" if kind == "part" else None

            def make() -> texts.StudyText:
                return texts.study_text(
                    rng,
                    context=spec.context,
                    design=design,
                    year=spec.year,
                    concepts=concepts,
                    weak=spec.weak,
                    blended=spec.blended,
                    brief=spec.brief,
                    mentees=mentees,
                )

            if kind == "quote_study":

                def make_quote() -> texts.StudyText:
                    text = make()
                    while "'" not in text.title:
                        text = make()
                    return text

                return self._unique(make_quote)
            if kind == "same_title":
                first = next(s for s in self.specs if s.kind == "same_title")
                if spec is not first:
                    text = make()
                    text.title = first.title
                    return text
                text = self._unique(make)
                spec.title = text.title
                return text
            if kind == "part" and spec.part_of is not None:
                part_index, number = spec.part_of
                if number == 1:
                    text = self._unique(
                        lambda: texts.not_empirical_text(rng, spec.context, spec.year)
                    )
                    stem = f"{texts._cap(texts.e_term(rng, spec.year))} for newly graduated nurses"
                    text.title = f"{stem}. Part 1: programme design and implementation"
                    spec.title = stem
                    self._remember_title(text.title)
                    return text
                text = make()
                text.title = (
                    f"{self.specs[part_index].title}. Part 2: a qualitative evaluation "
                    "of mentors' and mentees' experiences"
                )
                return text
            return self._unique(make)
        if kind == "face_to_face":
            return self._unique(lambda: texts.face_to_face_text(rng, spec.context))
        if kind == "not_mentoring":
            if spec.special is not None:
                text = texts.not_mentoring_text(rng, spec.special)
                self._remember_title(text.title)
                return text
            return self._unique(lambda: texts.not_mentoring_text(rng))
        if kind == "not_empirical":
            return self._unique(lambda: texts.not_empirical_text(rng, spec.context, spec.year))
        if kind == "wrong_population":
            return self._unique(lambda: texts.wrong_population_text(rng))
        if kind == "editorial":
            return self._unique(lambda: texts.editorial_text(rng, spec.context, spec.year))
        if kind == "editorial_titled":
            return texts.StudyText("Editorial", "", [])
        if kind == "letter":
            return self._unique(lambda: texts.letter_text(rng, spec.context, spec.year))
        if kind == "letter_fixed":
            text = texts.StudyText(texts.LETTER_TITLES[0], "", [])
            self._remember_title(text.title)
            return text
        if kind == "reply":
            letter = self.specs[spec.correction_of or 0]
            return texts.StudyText(f"Reply to: {letter.title}", "", [])
        if kind == "news":
            return self._unique(lambda: texts.news_text(rng))
        if kind == "book_review":
            return self._unique(lambda: texts.book_review_text(rng))
        if kind == "meeting_abstract":

            def make_abstract() -> texts.StudyText:
                text = texts.study_text(
                    rng,
                    context=spec.context,
                    design=spec.design,
                    year=spec.year,
                    concepts=(),
                    brief=True,
                )
                text.abstract = " ".join(text.abstract.split(". ")[:3]).rstrip(".") + "."
                return text

            return self._unique(make_abstract)
        if kind == "foreign":
            return self._unique(
                lambda: texts.foreign_text(rng, spec.language, spec.context, spec.year)
            )
        if kind == "correction":
            original = self.papers[spec.correction_of or 0]
            volume = original.volume or str(rng.randint(10, 60))
            page = original.begin_page or original.article_number or str(rng.randint(1, 900))
            year = original.year or original.early_access_year or spec.year
            title = f"{original.title} (vol {volume}, pg {page}, {year})"
            return texts.StudyText(title, "", [])
        raise ValueError(f"unknown kind {kind!r}")

    # ------------------------------------------------------------------ records

    def _new_ut(self) -> str:
        while True:
            number = self.rng.randrange(10**11, 10**12)
            if number not in self.used_uts:
                self.used_uts.add(number)
                return make_ut(number)

    def _journal(self, spec: Spec) -> Journal:
        if spec.journal_key:
            return JOURNALS_BY_KEY[spec.journal_key]
        if spec.kind == "meeting_abstract":
            return JOURNALS_BY_KEY[
                pick(self.rng, ("jgim", "acadmed", "medu", "medteach", "jsurged", "nedt"))
            ]
        if spec.kind == "wrong_population":
            pool = [
                j
                for j in JOURNALS
                if j.language == "English" and {"offtopic", "medicine", "nursing"} & set(j.contexts)
            ]
        elif spec.kind == "not_mentoring":
            pool = [
                j
                for j in JOURNALS
                if j.language == "English"
                and ("offtopic" in j.contexts or "higher_education" in j.contexts)
            ]
        elif spec.language != "English":
            pool = [j for j in JOURNALS if j.language == spec.language]
        else:
            pool = [j for j in JOURNALS if j.language == "English" and spec.context in j.contexts]
        # A journal cannot publish before its first volume.
        pool = [j for j in pool if j.first_year <= spec.year]
        return pick(
            self.rng,
            pool or [j for j in JOURNALS if j.language == "English" and j.first_year <= spec.year],
        )

    def _conference(self, spec: Spec) -> Conference:
        pool = [c for c in CONFERENCES if c.first_year <= spec.year]
        return pick(self.rng, pool)

    def _corpus_citations(self, spec: Spec) -> list[str]:
        """References to earlier on-topic publications of the corpus (a citation network)."""
        if spec.kind not in ("study", "quote_study", "same_title", "part"):
            return []
        earlier = [
            p
            for p, on_topic in zip(self.papers, self.on_topic, strict=True)
            if on_topic
            and p.year is not None
            and p.year < spec.year
            and p.doi
            and p.journal is not None
        ]
        chosen = self.rng.sample(earlier, min(len(earlier), self.rng.randint(0, 5)))
        return [
            f"{ascii_fold(p.authors[0].surname)} {p.authors[0].initials}, {p.year}, "
            f"{p.journal.j9}, V{p.volume}, P{p.begin_page or p.article_number}, DOI {p.doi}"
            for p in chosen
            if p.journal is not None
        ]

    def _paper(self, index: int, spec: Spec, text: texts.StudyText) -> Paper:
        rng = self.rng
        if spec.team is not None:
            authors, addresses = self.teams[spec.team]
        elif spec.kind == "news" and rng.random() < 0.5:
            authors, addresses = [], []
        else:
            countries = LANGUAGE_COUNTRIES.get(spec.language, ())
            n_authors = None
            if spec.kind in (
                "editorial",
                "letter",
                "book_review",
                "news",
                "editorial_titled",
                "reply",
                "letter_fixed",
            ):
                n_authors = pick(rng, (1, 1, 2, 3))
            authors, addresses = random_team(
                rng,
                DEPARTMENTS[spec.context or "higher_education"],
                countries=countries,
                medical=spec.context in ("medicine", "nursing"),
                n_authors=n_authors,
            )
        if spec.kind == "correction":
            original = self.papers[spec.correction_of or 0]
            authors, addresses = original.authors, original.addresses
            if original.journal is not None:
                spec.journal_key = original.journal.key
        year = spec.year
        n_references = {
            "editorial": rng.randint(2, 12),
            "editorial_titled": rng.randint(0, 6),
            "letter": rng.randint(1, 6),
            "letter_fixed": rng.randint(2, 5),
            "reply": rng.randint(1, 4),
            "book_review": rng.randint(0, 1),
            "news": 0,
            "meeting_abstract": 0,
            "correction": rng.randint(0, 1),
        }.get(spec.kind, rng.randint(18, 62))
        references = rng.sample(self.references, n_references)
        references += self._corpus_citations(spec)
        references = [r for r in references if _cited_year(r) <= year]
        tc, z9, u1, u2 = citation_counts(rng, year, 2024)
        if spec.kind in (
            "editorial",
            "editorial_titled",
            "letter",
            "letter_fixed",
            "reply",
            "news",
            "book_review",
            "meeting_abstract",
            "correction",
        ):
            tc, z9 = tc // 6, z9 // 6
        paper = Paper(
            ut=self._new_ut(),
            title=text.title,
            authors=list(authors),
            addresses=list(addresses),
            doc_type=spec.doc_type,
            language=spec.language,
            abstract=text.abstract,
            author_keywords=text.keywords if (year >= 2004 or rng.random() < 0.4) else [],
            keywords_plus=[],
            references=sort_references(references),
            times_cited=tc,
            times_cited_all=z9,
            usage_180=u1,
            usage_since_2013=u2,
            delivery_number=delivery_number(rng),
            reprint_author=0 if rng.random() < 0.8 or len(authors) < 2 else len(authors) - 1,
        )
        if text.keywords and spec.kind not in ("editorial", "letter", "news", "book_review"):
            context_words = KEYWORDS_PLUS.get(spec.context, KEYWORDS_PLUS["offtopic"])
            n_plus = rng.randint(0, 8)
            if spec.duplicates:
                # Its secondary records lack Keywords Plus: the primary must have some.
                n_plus = max(n_plus, 3)
            pool = list(dict.fromkeys(KEYWORDS_PLUS["core"] + context_words))
            paper.keywords_plus = rng.sample(pool, min(n_plus, len(pool)))
        if spec.proceedings:
            conference = self._conference(spec)
            paper.conference = conference
            paper.conference_edition = year - conference.first_year + 1
            paper.year = year
            first = rng.randint(1, 9000)
            paper.page_count = rng.randint(4, 10)
            paper.begin_page, paper.end_page = str(first), str(first + paper.page_count - 1)
            self.doi_number += 1
            if conference.key in ("fie", "lncs", "procedia") or rng.random() < 0.4:
                paper.doi = make_doi(conference.key, year, self.doi_number)
            if conference.key == "procedia":
                paper.volume = str(year - 2008)
        else:
            journal = self._journal(spec)
            paper.journal = journal
            paper.year = year
            paper.volume, paper.issue = volume_issue(journal, year, rng)
            paper.month = month_for_issue(journal, paper.issue)
            if spec.kind == "meeting_abstract":
                paper.issue = ""
                paper.supplement = str(pick(rng, (1, 1, 2)))
                page = rng.randint(40, 600)
                paper.begin_page = paper.end_page = f"S{page}"
                paper.page_count = 1
            else:
                length = {
                    "editorial": rng.randint(1, 3),
                    "editorial_titled": rng.randint(1, 2),
                    "letter": 1,
                    "letter_fixed": 1,
                    "reply": 1,
                    "book_review": rng.randint(1, 3),
                    "news": 1,
                    "correction": 1,
                }.get(spec.kind, rng.randint(6, 22))
                paper.page_count = length
                if journal.article_numbers and spec.kind not in ("correction",):
                    paper.article_number = str(rng.randint(100, 99999))
                else:
                    first = rng.randint(1, 1400)
                    paper.begin_page = str(first)
                    paper.end_page = str(first + length - 1)
                self.doi_number += 1
                paper.doi = make_doi(journal.key, year, self.doi_number)
            if spec.part_of is not None and spec.part_of[1] > 1:
                # Part 2 follows Part 1 in the same issue.
                part1 = self.papers[spec.part_of[0]]
                paper.volume, paper.issue, paper.month = part1.volume, part1.issue, part1.month
                first = int(part1.end_page) + 1
                paper.begin_page, paper.end_page = str(first), str(first + paper.page_count - 1)
            if journal.medline and (rng.random() < 0.85):
                self.pmid_number += 1
                paper.pmid = synthetic_pmid(self.pmid_number)
        if spec.early_access_only:
            paper.early_access = f"{pick(rng, MONTHS)} {year}"
            paper.early_access_year = year
            paper.year = None
            paper.volume = paper.issue = paper.month = paper.supplement = ""
            paper.begin_page = paper.end_page = paper.article_number = ""
            paper.doc_type = f"{spec.doc_type}; Early Access"
        elif spec.early_access_before:
            # The final version keeps the date it first appeared online (EA), a year before.
            paper.early_access = f"{pick(rng, MONTHS[8:])} {year - 1}"
            paper.early_access_year = year - 1
        if rng.random() < 0.3 and paper.authors:
            paper.orcids[0] = synthetic_orcid(rng)
        if rng.random() < 0.1 and len(paper.authors) > 1:
            paper.researcher_ids[len(paper.authors) - 1] = synthetic_researcher_id(
                rng, pick(rng, (2009, 2012, 2016, 2019, 2021))
            )
        if rng.random() < 0.25 and spec.kind not in ("correction", "news", "book_review"):
            funder, short = pick(rng, FUNDERS)
            grant = f"{short.upper().replace('+', '')}-{rng.randint(1000, 99999)}"
            paper.funding = [f"{funder} [{grant}]"]
            paper.funding_text = (
                f"This work was supported by the {funder} (grant {grant}). The funder had no "
                "role in the design of the study or the writing of the manuscript."
            )
        if rng.random() < 0.35 and year >= 2008:
            paper.open_access = pick(rng, OPEN_ACCESS)
        return paper

    def _fields(self, paper: Paper) -> dict[str, Value]:
        return paper_fields(paper)

    def _secondary(self, spec: Spec, paper: Paper, kind: str) -> dict[str, Value]:
        """The fields of a fuzzy duplicate: another record of the same publication.

        Besides the variation that names it, a secondary record always lacks fields the primary
        has (Keywords Plus, organisation names, funding text, OA), so that whatever completeness
        rule dedup uses, the primary is strictly the most complete record.
        """
        rng = self.rng
        primary = self._fields(paper)
        fields: dict[str, Value] = {
            k: (v if isinstance(v, str) else list(v)) for k, v in primary.items()
        }
        for tag in ("ID", "C3", "FX", "FU", "OA", "RI", "OI"):
            fields.pop(tag, None)
        fields["UT"] = self._new_ut()
        fields["GA"] = delivery_number(rng)
        if kind == "meeting_abstract":
            sentences = str(primary.get("AB", "")).split(". ")
            fields["AB"] = ". ".join(sentences[:3]).rstrip(".") + "."
            fields["DT"] = "Meeting Abstract"
            for tag in ("DI", "CR", "DE", "AR", "IS", "PD", "PM", "EA", "EY"):
                fields.pop(tag, None)
            fields["NR"] = "0"
            fields["TC"] = fields["Z9"] = "0"
            fields["SU"] = "1"
            page = f"S{rng.randint(40, 600)}"
            fields["BP"] = fields["EP"] = page
            fields["PG"] = "1"
            year = int(str(primary["PY"])) - pick(rng, (0, 1))
            fields["PY"] = str(year)
            journal = paper.journal
            if journal is not None:
                fields["VL"] = str(max(1, year - journal.first_year + 1))
            fields["C1"] = list(fields["C1"])[:1]
            if rng.random() < 0.5:
                # Meeting abstracts often carry a shorter title.
                fields["TI"] = str(primary["TI"]).split(":")[0]
        elif kind == "early_access":
            for tag in ("PY", "PD", "VL", "IS", "BP", "EP", "AR", "PG"):
                fields.pop(tag, None)
            fields["DT"] = f"{primary['DT']}; Early Access"
            fields["TC"] = str(max(0, int(str(primary["TC"])) // 2))
            fields["Z9"] = fields["TC"]
        elif kind == "corrected_title":
            fields = apply_variations(fields, ["title_typo"], rng)
        elif kind == "doi_missing":
            fields = apply_variations(fields, ["doi_missing"], rng)
        elif kind == "journal_abbreviated":
            journal = paper.journal
            fields["SO"] = journal.ji.upper() if journal is not None else str(fields["SO"])
        elif kind == "html_entities":
            fields["TI"] = str(fields["TI"]).replace("'", "&apos;")
        elif kind == "accents_stripped":
            fields = apply_variations(fields, ["accents_stripped"], rng)
        else:
            raise ValueError(f"unknown duplicate kind {kind!r}")
        return fields

    def make_records(self) -> None:
        """Texts and records of every planned publication."""
        for index, spec in enumerate(self.specs):
            text = self._text(index, spec)
            if spec.kind not in ("editorial_titled", "reply", "correction") and not spec.title:
                spec.title = text.title
            paper = self._paper(index, spec, text)
            self.papers.append(paper)
            self.on_topic.append(
                spec.kind in ("study", "quote_study", "same_title", "part")
                and spec.fate not in ("excluded_automatic",)
            )
        for index, spec in enumerate(self.specs):
            paper = self.papers[index]
            publication = Publication(
                key="",
                fate=spec.fate,
                reason=spec.reason,
                borderline=spec.borderline,
                context="" if spec.context == "offtopic" else spec.context,
                design=spec.design
                if spec.kind in ("study", "quote_study", "same_title", "part")
                else "",
                concepts=spec.concepts if spec.fate == "included" else (),
                quality=spec.quality,
                note=spec.note,
            )
            primary = Record(paper.ut, "", True, "", self._fields(paper))
            publication.records.append(primary)
            for kind in spec.duplicates:
                fields = self._secondary(spec, paper, kind)
                publication.records.append(Record(str(fields["UT"]), "", False, kind, fields))
            self.publications.append(publication)

    # ------------------------------------------------------------------ searches and files

    def assign_searches(self) -> dict[str, list[str]]:
        """Which search found each record, and the order of records in each export file."""
        rng = self.rng
        placement = {
            # secondary records of fuzzy duplicates: where the other database record turned up
            "meeting_abstract": (PRIMARY_SEARCH,),
            "early_access": (PRIMARY_SEARCH,),
            "corrected_title": (SUPPLEMENTARY_SEARCH,),
            "doi_missing": (SUPPLEMENTARY_SEARCH,),
            "journal_abbreviated": (SUPPLEMENTARY_SEARCH,),
            "html_entities": (SUPPLEMENTARY_SEARCH,),
            "accents_stripped": (SUPPLEMENTARY_SEARCH,),
        }
        for publication in self.publications:
            for record in publication.records:
                if not record.is_primary:
                    record.searches = list(placement[record.duplicate_kind])
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


def _title_words(title: str) -> str:
    """Lower-case words of a title, for keeping generated titles apart.

    Deliberately local: the committed corpus must not change when the deduplication stage
    tunes `metasynth.text.title_key`.
    """
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(html.unescape(title)).lower()))


def _cited_year(reference: str) -> int:
    parts = reference.split(", ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _month_index(fields: dict[str, Value]) -> int:
    month = str(fields.get("PD", "") or fields.get("EA", ""))[:3]
    return MONTHS.index(month) + 1 if month in MONTHS else 0


def build_corpus(seed: int = DEFAULT_SEED) -> Corpus:
    """Plan and write every publication of the synthetic corpus, with its ground truth."""
    builder = _Builder(seed)
    builder.plan()
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
    from synthetic.readme import manifest_text, readme_text

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
    from synthetic.screening import write_screening

    written += write_screening(corpus, root, seed)  # data/screening, data/appraisal
    from synthetic.coding import CODED_DIR, write_coding

    root = Path(root)
    written += [p.relative_to(root) for p in write_coding(corpus, root / CODED_DIR, seed=seed)]
    from synthetic.update import write_update

    written += write_update(corpus, root, seed)  # examples/update-2024 (README, worked example)
    return written


__all__ = [
    "BATCH_SIZE",
    "DEFAULT_SEED",
    "EXPORT_DATES",
    "FATES",
    "PLAN",
    "build_corpus",
    "export_fields",
    "generate",
    "write_corpus",
]
